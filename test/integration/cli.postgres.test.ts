// The CLI's refusal to serve PostgreSQL without a shared secret key (see cli.test.ts for the other refusals): only
// meaningful against a reachable PostgreSQL server.
import { it } from 'vitest';
import { expectOneLineRefusal, runCli } from '../helpers/cli.js';
import { createTestDatabaseUrl } from '../helpers/test-db.js';

it('PostgreSQL without a shared secret key: one line, exit code 1', async () => {
  const run = await runCli(['serve'], { DATABASE_URL: await createTestDatabaseUrl() });
  expectOneLineRefusal(run, /VLCENTER_SECRET_KEY is required with DATABASE_URL/);
});
