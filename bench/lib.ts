// Shared by the dataset generator (generate.ts) and the benchmark runner (run.ts): where the datasets live, how a
// database is opened for them, the dataset's shape at a given scale, and the accounts the benchmarks sign in as.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, type Config } from '../src/config.js';
import { startPostgres, type PostgresServer } from '../test/helpers/postgres.js';

export type BenchDb = 'postgres' | 'pglite';
export const BENCH_DBS: readonly BenchDb[] = ['postgres', 'pglite'];

/** bench/.data/<db>: generated once, reused by every run (git-ignored). */
export const benchDir = path.dirname(fileURLToPath(import.meta.url));
export const dataRoot = (root = path.join(benchDir, '.data')) => root;
export const datasetDir = (db: BenchDb, root?: string) => path.join(dataRoot(root), db);
const manifestFile = (db: BenchDb, root?: string) => path.join(datasetDir(db, root), 'manifest.json');

// Product keys are sealed with the server key, so the generator and the server under test must share one. A fixed
// key is fine for a throwaway benchmark dataset; never for a deployment.
const BENCH_SECRET_KEY = 'b'.repeat(64);
export const BENCH_PASSWORD = 'Bench-Password-2026';

/** What a generated dataset holds: written by generate.ts when it finishes, read by run.ts. */
export type Manifest = {
  db: BenchDb;
  scale: number;
  seed: number;
  /** how the rows got there: through the import, or copied from the postgres dataset (PGlite) */
  source: 'import' | 'copy of the postgres dataset';
  /** null: every License ID went through the import; older datasets: how many did (the retired --import-license-ids) */
  importedLicenseIds: number | null;
  counts: Record<string, number>;
  accounts: { admin50: BenchAccount; summary: BenchAccount; exportAll: BenchAccount };
  /** License ID numbers the summary account may summarize (the request body of the summary benchmark) */
  summaryLicenseIds: string[];
  seconds: number;
};
export type BenchAccount = { signInName: string; licenseIds: number };

export function readManifest(db: BenchDb, root?: string): Manifest | null {
  const file = manifestFile(db, root);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Manifest) : null;
}
export function writeManifest(manifest: Manifest, root?: string): void {
  fs.writeFileSync(manifestFile(manifest.db, root), `${JSON.stringify(manifest, null, 2)}\n`);
}

/**
 * The database of a dataset, opened the way `vlcenter serve` would see it: for PostgreSQL a private server on
 * 127.0.0.1 whose data directory is kept under the dataset dir (started here, stopped by `stop`); for PGlite a
 * file-backed DATA_DIR. The returned environment is the server's configuration (the real loadConfig reads it).
 */
export async function openDataset(
  db: BenchDb,
  root?: string,
): Promise<{ env: Record<string, string>; config: Config; stop(): Promise<void> }> {
  const dir = datasetDir(db, root);
  fs.mkdirSync(dir, { recursive: true });
  let server: PostgresServer | undefined;
  const env: Record<string, string> = { VLCENTER_SECRET_KEY: BENCH_SECRET_KEY, SEED_DEMO: 'off', LOG_LEVEL: 'warn' };
  if (db === 'postgres') {
    server = await startPostgres({ dir: path.join(dir, 'server') });
    env.DATABASE_URL = server.url;
  } else {
    env.DATA_DIR = path.join(dir, 'data');
  }
  return { env, config: loadConfig(env), stop: async () => server?.stop() };
}

/** `--name value` and `--flag` command-line options. */
export function parseArgs(argv: readonly string[]): Map<string, string> {
  const options = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new Error(`unexpected argument ${arg}`);
    const next = argv[i + 1];
    if (next === undefined || next.startsWith('--')) options.set(arg.slice(2), 'true');
    else options.set(arg.slice(2), argv[++i]!);
  }
  return options;
}

export function dbsOf(option: string | undefined): BenchDb[] {
  if (option === undefined || option === 'both') return [...BENCH_DBS];
  if (!BENCH_DBS.includes(option as BenchDb)) throw new Error(`--db must be postgres, pglite or both`);
  return [option as BenchDb];
}
