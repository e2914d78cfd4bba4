// Test projects:
//   unit                  test/unit/**        pure logic, no I/O
//   integration-pglite    test/integration/** on PGlite (the embedded default)
//   integration-postgres  test/integration/** on a throwaway PostgreSQL 15 server (what production runs)
// Integration tests get their database from test/helpers/test-db.ts (openTestDatabase): a fresh one per call.
// Run one: `npx vitest run --project integration-postgres [file]`.
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Two cores here: one worker per core. Each integration worker runs its own PGlite (WASM, single-threaded) or
// talks to the shared PostgreSQL server, so more workers than cores only adds contention.
const workers = Math.max(1, Math.min(availableParallelism(), 4));

const integration = {
  include: ['test/integration/**/*.test.ts'],
  // The files of a worker share one module graph instead of importing the app again each (isolation): every file
  // already opens its own database and servers, and no test mocks modules or changes process.env. Importing the app
  // per file was most of these projects' time: 462 s → 260 s on PGlite, 260 s → 164 s on PostgreSQL (25 Nov).
  isolate: false,
  testTimeout: 30_000,
  hookTimeout: 60_000,
};

export default defineConfig({
  test: {
    maxWorkers: workers,
    // A test must never pass by not running: `.only` fails the run, and so does a project with no tests.
    allowOnly: false,
    passWithNoTests: false,
    teardownTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          testTimeout: 10_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration-pglite',
          ...integration,
          // Files named *.postgres.test.ts need what only a server gives (several connections, processes sharing one
          // database): they belong to the PostgreSQL project alone, rather than being skipped here.
          exclude: ['test/integration/**/*.postgres.test.ts'],
          env: { VLC_TEST_DB: 'pglite' },
          globalSetup: ['test/helpers/global-setup-pglite.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration-postgres',
          ...integration,
          env: { VLC_TEST_DB: 'postgres' },
          globalSetup: ['test/helpers/global-setup-postgres.ts'],
        },
      },
    ],
  },
});
