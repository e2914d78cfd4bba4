import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` writes a new SQL migration from changes to src/db/schema.ts. Migrations are forward-only.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema.ts',
  out: './src/db/migrations',
});
