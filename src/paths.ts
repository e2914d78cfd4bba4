import { fileURLToPath } from 'node:url';

// This file sits one level below the project root both as src/paths.ts and as dist/paths.js,
// so paths computed from it hold in development (tsx) and in the built server alike.
export const projectRoot = fileURLToPath(new URL('../', import.meta.url));
export const migrationsDir = fileURLToPath(new URL('../src/db/migrations', import.meta.url));
export const webDistDir = fileURLToPath(new URL('../dist/web', import.meta.url));
