// globalSetup of the integration-postgres project: ONE throwaway PostgreSQL server for the whole run, plus a
// migrated template database that every test file copies. Fails the run (never skips) without PostgreSQL.
import type { TestProject } from 'vitest/node';
import { migrateDatabase, openDatabase } from '../../src/db/client.js';
import { createDatabase, startPostgres } from './postgres.js';
import './provided.js';

const TEMPLATE = 'vlc_template';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = performance.now();
  const server = await startPostgres();
  try {
    const templateUrl = await createDatabase(server.url, TEMPLATE);
    const handle = await openDatabase({ databaseUrl: templateUrl, dataDir: '' });
    try {
      await migrateDatabase(handle);
    } finally {
      // CREATE DATABASE … TEMPLATE needs the template to have no open connections.
      await handle.close();
    }
  } catch (error) {
    await server.stop();
    throw error;
  }
  if (process.env.VLC_TEST_TIMINGS) {
    console.log(
      `[postgres] ${server.binDir} ready with migrated template in ${Math.round(performance.now() - started)} ms`,
    );
  }
  project.provide('pgAdminUrl', server.url);
  project.provide('pgTemplateDatabase', TEMPLATE);
  project.provide('pgMajor', server.major);
  project.provide('pgSocketDir', server.socketDir);
  return () => server.stop();
}
