// globalSetup of the integration-pglite project: prepares (or reuses from the cache) the PGlite template tarballs
// that every test file starts its own in-memory database from.
import type { TestProject } from 'vitest/node';
import { preparePgliteTemplates } from './pglite.js';
import './provided.js';

export default async function setup(project: TestProject): Promise<void> {
  const templates = await preparePgliteTemplates();
  if (process.env.VLC_TEST_TIMINGS) {
    console.log(`[pglite] templates ${templates.built ? 'built' : 'cached'} in ${Math.round(templates.ms)} ms`);
  }
  project.provide('pgliteMigratedTemplate', templates.migrated);
  project.provide('pgliteEmptyTemplate', templates.empty);
}
