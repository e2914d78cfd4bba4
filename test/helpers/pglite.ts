// Fast, fresh PGlite databases for tests.
//
// Creating a PGlite data directory runs initdb in WASM (4–5 s); starting PGlite from a dumped data directory
// (`loadDataDir`) takes about 1 s. So the run builds two templates once — an empty cluster and a migrated one —
// dumps them to gzip tarballs, and every test file starts its own in-memory PGlite from a tarball. The tarballs are
// cached across runs under node_modules/.cache, keyed by the PGlite version and the content of every migration file,
// so a changed migration always rebuilds them.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { migrateDatabase, wrapPglite, type DbHandle } from '../../src/db/client.js';
import { migrationsDir, projectRoot } from '../../src/paths.js';

export type PgliteTemplates = {
  /** Tarball of a cluster with every migration applied. */
  migrated: string;
  /** Tarball of a freshly initialized cluster (no migrations), for tests of migrating itself. */
  empty: string;
};

const defaultCacheDir = path.join(projectRoot, 'node_modules', '.cache', 'vlcenter-test');

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

async function pgliteVersion(): Promise<string> {
  // The package does not export ./package.json: find it above the resolved entry point.
  let dir = path.dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  for (;;) {
    const file = path.join(dir, 'package.json');
    const pkg = (await exists(file))
      ? (JSON.parse(await fs.readFile(file, 'utf8')) as { name?: string; version?: string })
      : {};
    if (pkg.name === '@electric-sql/pglite' && pkg.version) return pkg.version;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the version of @electric-sql/pglite');
    dir = parent;
  }
}

/** Changes whenever PGlite or any migration file changes. */
async function templateKey(): Promise<string> {
  const hash = createHash('sha256').update(`pglite ${await pgliteVersion()}\n`);
  for (const file of await filesUnder(migrationsDir)) {
    hash.update(`${path.relative(migrationsDir, file)}\n`);
    hash.update(await fs.readFile(file));
  }
  return hash.digest('hex').slice(0, 16);
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}

async function writeAtomically(file: string, data: Blob): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(tmp, Buffer.from(await data.arrayBuffer()));
  await fs.rename(tmp, file);
}

/**
 * Returns the template tarballs, building them if the cache has none for the current migrations
 * (set VLC_TEST_PGLITE_REBUILD=1 to force a rebuild).
 */
export async function preparePgliteTemplates(
  cacheDir = defaultCacheDir,
): Promise<PgliteTemplates & { built: boolean; ms: number }> {
  const started = performance.now();
  await fs.mkdir(cacheDir, { recursive: true });
  const key = await templateKey();
  const templates = {
    migrated: path.join(cacheDir, `pglite-${key}-migrated.tar.gz`),
    empty: path.join(cacheDir, `pglite-${key}-empty.tar.gz`),
  };
  const cached = (await exists(templates.migrated)) && (await exists(templates.empty));
  if (cached && process.env.VLC_TEST_PGLITE_REBUILD !== '1') {
    return { ...templates, built: false, ms: performance.now() - started };
  }
  const client = await PGlite.create();
  try {
    await writeAtomically(templates.empty, await client.dumpDataDir('gzip'));
    await migrateDatabase(wrapPglite(client, 'PGlite test template'));
    await writeAtomically(templates.migrated, await client.dumpDataDir('gzip'));
  } finally {
    await client.close();
  }
  // Drop tarballs of older keys so the cache does not grow without bound.
  for (const name of await fs.readdir(cacheDir)) {
    if (name.startsWith('pglite-') && !name.startsWith(`pglite-${key}-`)) {
      await fs.rm(path.join(cacheDir, name), { force: true });
    }
  }
  return { ...templates, built: true, ms: performance.now() - started };
}

/** An in-memory PGlite started from a template tarball: its own database, gone when closed. */
export async function openPgliteFromTemplate(tarball: string, description = 'PGlite test database'): Promise<DbHandle> {
  const data = await fs.readFile(tarball);
  const client = await PGlite.create({ loadDataDir: new Blob([data]) });
  return wrapPglite(client, description);
}

/**
 * Writes the cluster of a template tarball to `<dataDir>/pgdata`, where the server and the CLI open their embedded
 * database: about 3 s, where a first start in an empty DATA_DIR (initdb and every migration) takes about 9.
 */
export async function writePgliteDataDir(tarball: string, dataDir: string): Promise<void> {
  const dir = path.join(dataDir, 'pgdata');
  await fs.mkdir(dir, { recursive: true });
  const client = await PGlite.create({ dataDir: dir, loadDataDir: new Blob([await fs.readFile(tarball)]) });
  await client.close();
}
