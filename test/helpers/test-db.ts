// The one way integration tests get a database: `openTestDatabase()` returns a fresh, migrated database of the kind
// the current vitest project runs on (VLC_TEST_DB=pglite | postgres). Every call is a new, isolated database;
// close it in afterAll.
//
//   let handle: DbHandle;
//   beforeAll(async () => { handle = await openTestDatabase(); });
//   afterAll(() => handle.close());
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { openDatabase, type DbHandle } from '../../src/db/client.js';
import { openPgliteFromTemplate, writePgliteDataDir } from './pglite.js';
import { createDatabase } from './postgres.js';
import type { TestDbKind } from './provided.js';

export type { DbHandle };

export function testDbKind(): TestDbKind {
  const kind = process.env.VLC_TEST_DB;
  if (kind === 'pglite' || kind === 'postgres') return kind;
  throw new Error(
    `VLC_TEST_DB is ${kind === undefined ? 'unset' : `"${kind}"`}: database helpers only work in the ` +
      'integration-pglite and integration-postgres vitest projects (run `npm run test:integration`)',
  );
}

function uniqueName(): string {
  return `vlc_test_${process.pid}_${randomBytes(4).toString('hex')}`;
}

/**
 * integration-postgres only: the URL of a new database on the run's server (migrated unless `migrated: false`), for
 * tests that start the server or the CLI in another process with DATABASE_URL.
 */
export async function createTestDatabaseUrl(options: { migrated?: boolean } = {}): Promise<string> {
  if (testDbKind() !== 'postgres') {
    throw new Error('createTestDatabaseUrl() needs the integration-postgres project (PGlite has no URL)');
  }
  const template = options.migrated === false ? undefined : inject('pgTemplateDatabase');
  return createDatabase(inject('pgAdminUrl'), uniqueName(), template ? { template } : {});
}

/**
 * The environment a child process (the CLI, the server) needs to find a fresh, migrated database of the current
 * project, with `dataDir` as its DATA_DIR: on PostgreSQL a DATABASE_URL to a new database and a secret key; on PGlite
 * a copy of the migrated template in `dataDir` (tests of a first start in an empty DATA_DIR set DATA_DIR themselves).
 */
export async function createTestDatabaseEnv(dataDir: string): Promise<Record<string, string>> {
  if (testDbKind() === 'postgres') {
    return { DATA_DIR: dataDir, DATABASE_URL: await createTestDatabaseUrl(), VLCENTER_SECRET_KEY: 'ab'.repeat(32) };
  }
  await writePgliteDataDir(inject('pgliteMigratedTemplate'), dataDir);
  return { DATA_DIR: dataDir };
}

/**
 * A fresh database for the current project: PGlite in memory or a new database on the run's PostgreSQL server.
 * Migrated unless `migrated: false` (then it is an empty database, for tests of migrateDatabase itself).
 */
export async function openTestDatabase(options: { migrated?: boolean } = {}): Promise<DbHandle> {
  const migrated = options.migrated !== false;
  if (testDbKind() === 'pglite') {
    const tarball = inject(migrated ? 'pgliteMigratedTemplate' : 'pgliteEmptyTemplate');
    return openPgliteFromTemplate(tarball, `PGlite test database${migrated ? '' : ' (unmigrated)'}`);
  }
  const url = await createTestDatabaseUrl({ migrated });
  return openDatabase({ databaseUrl: url, dataDir: '' });
}
