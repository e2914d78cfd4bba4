// The CLI's refusal to serve PostgreSQL without a shared secret key (see cli.test.ts for the other refusals), and a
// DATABASE_URL naming a Unix socket: only meaningful against a reachable PostgreSQL server.
import { expect, inject, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { expectOneLineRefusal, runCli } from '../helpers/cli.js';
import { createTestDatabaseUrl } from '../helpers/test-db.js';

it('PostgreSQL without a shared secret key: one line, exit code 1', async () => {
  const run = await runCli(['serve'], { DATABASE_URL: await createTestDatabaseUrl() });
  expectOneLineRefusal(run, /VLCENTER_SECRET_KEY is required with DATABASE_URL/);
});

it("a DATABASE_URL in libpq's socket form (no host, `?host=/dir`) connects through the Unix socket", async () => {
  const tcp = new URL(await createTestDatabaseUrl());
  const database = tcp.pathname.slice(1);
  const socketUrl = `postgres://postgres@/${database}?host=${encodeURIComponent(inject('pgSocketDir'))}&port=${tcp.port}`;
  const handle = await openDatabase({ databaseUrl: socketUrl, dataDir: '' });
  try {
    await handle.ping();
    expect(handle.description).toBe(
      `PostgreSQL at the socket ${inject('pgSocketDir')}/.s.PGSQL.${tcp.port}, database ${database}`,
    );
  } finally {
    await handle.close();
  }
});
