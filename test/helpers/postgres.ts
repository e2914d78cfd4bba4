// A throwaway PostgreSQL server for tests: Debian's packaged binaries, a temp directory, 127.0.0.1 on a free port,
// no durability (fsync off). About 1.5 s from nothing to accepting connections. One server per test run
// (see global-setup-postgres.ts); one database per test file (createDatabase).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from './ports.js';

export type PostgresServer = {
  /** Admin URL of the `postgres` database, superuser `postgres`, no password (trust on loopback). */
  url: string;
  /** Binaries directory used, e.g. /usr/lib/postgresql/15/bin. */
  binDir: string;
  /** Major version of the binaries (e.g. 15). */
  major: number;
  /** The directory of its Unix socket (`.s.PGSQL.<port>`), for connecting without TCP. */
  socketDir: string;
  stop(): Promise<void>;
};

const PG_ROOT = '/usr/lib/postgresql';

/** The newest /usr/lib/postgresql/<major>/bin that has initdb and pg_ctl (or $VLC_PG_BIN). */
export function findPostgresBinaries(): { binDir: string; major: number } {
  const override = process.env.VLC_PG_BIN;
  const candidates: { binDir: string; major: number }[] = [];
  if (override) {
    candidates.push({ binDir: override, major: Number(/(\d+)\/bin\/?$/.exec(override)?.[1] ?? 0) });
  } else {
    let majors: string[] = [];
    try {
      majors = fs.readdirSync(PG_ROOT);
    } catch {
      // no PostgreSQL installed at all
    }
    for (const m of majors.filter((d) => /^\d+$/.test(d)).sort((a, b) => Number(b) - Number(a))) {
      candidates.push({ binDir: path.join(PG_ROOT, m, 'bin'), major: Number(m) });
    }
  }
  const found = candidates.find(
    (c) => fs.existsSync(path.join(c.binDir, 'initdb')) && fs.existsSync(path.join(c.binDir, 'pg_ctl')),
  );
  if (!found) {
    throw new Error(
      `PostgreSQL server binaries not found (looked for initdb and pg_ctl in ${override ?? `${PG_ROOT}/*/bin`}). ` +
        'The integration-postgres suite needs them: install the Debian package `postgresql` ' +
        '(as root: apt-get update && apt-get install -y postgresql), or set VLC_PG_BIN to a bin directory.',
    );
  }
  return found;
}

type RunAs = { uid: number; gid: number } | undefined;

/** initdb refuses to run as root: as root, run the server as the `postgres` system user. */
function runAsUser(): RunAs {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    throw new Error(
      'running as root, but there is no `postgres` system user to run initdb/pg_ctl as: ' +
        'install the Debian package `postgresql` (apt-get install -y postgresql), which creates it',
    );
  }
}

function run(binary: string, args: string[], runAs: RunAs, cwd: string): void {
  const result = spawnSync(binary, args, {
    cwd,
    encoding: 'utf8',
    ...(runAs ?? {}),
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8', HOME: cwd },
    timeout: 60_000,
  });
  if (result.error) throw new Error(`${path.basename(binary)} failed to run: ${result.error.message}`);
  if (result.status !== 0) {
    throw new Error(
      `${path.basename(binary)} ${args[0] ?? ''} exited with ${result.status}:\n${result.stdout}\n${result.stderr}`,
    );
  }
}

/**
 * Starts a server in a new temp directory, removed on stop — or, with `options.dir` (the benchmarks' dataset), in
 * that directory, initialized only the first time and kept on stop so its data is reused.
 */
export async function startPostgres(options: { dir?: string } = {}): Promise<PostgresServer> {
  const { binDir, major } = findPostgresBinaries();
  const runAs = runAsUser();
  const keep = options.dir !== undefined;
  const dir = options.dir ?? (await fsp.mkdtemp(path.join(os.tmpdir(), 'vlc-pgtest-')));
  await fsp.mkdir(dir, { recursive: true });
  if (runAs) await fsp.chown(dir, runAs.uid, runAs.gid);
  const dataDir = path.join(dir, 'data');
  const logFile = path.join(dir, 'server.log');
  const pgCtl = path.join(binDir, 'pg_ctl');
  const removeDir = () => (keep ? undefined : fs.rmSync(dir, { recursive: true, force: true }));

  let started = false;
  const stopSync = () => {
    if (!started) return;
    started = false;
    spawnSync(pgCtl, ['-D', dataDir, '-m', 'immediate', '-w', 'stop'], { cwd: dir, ...(runAs ?? {}), stdio: 'ignore' });
    removeDir();
  };
  // Last resort when the test runner exits without calling stop(): never leave a server behind.
  const onExit = () => stopSync();

  try {
    if (!fs.existsSync(path.join(dataDir, 'PG_VERSION')))
      run(
        path.join(binDir, 'initdb'),
        ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync'],
        runAs,
        dir,
      );
    // A free port can be taken between probing and binding: retry a few times.
    let port = 0;
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      const options = [
        '-c listen_addresses=127.0.0.1',
        `-p ${port}`,
        `-k ${dir}`,
        '-c fsync=off',
        '-c synchronous_commit=off',
        '-c full_page_writes=off',
        '-c max_connections=200',
      ].join(' ');
      try {
        run(pgCtl, ['-D', dataDir, '-l', logFile, '-w', '-t', '30', '-o', options, 'start'], runAs, dir);
        break;
      } catch (error) {
        const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
        if (attempt >= 3 || !/could not bind|Address already in use/i.test(log)) {
          throw new Error(`${(error as Error).message}\nserver log:\n${log}`, { cause: error });
        }
      }
    }
    started = true;
    process.once('exit', onExit);
    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    return {
      url,
      binDir,
      major,
      socketDir: dir,
      stop: async () => {
        process.removeListener('exit', onExit);
        if (!started) return;
        started = false;
        run(pgCtl, ['-D', dataDir, '-m', 'fast', '-w', 'stop'], runAs, dir);
        removeDir();
      },
    };
  } catch (error) {
    stopSync();
    removeDir();
    throw error;
  }
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Same server and credentials as `url`, another database. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

/**
 * Creates database `name` on the server of `adminUrl` (optionally as a copy of `template`, which must have no open
 * connections) and returns its URL.
 */
export async function createDatabase(adminUrl: string, name: string, options: { template?: string } = {}) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const template = options.template ? ` TEMPLATE ${quoteIdent(options.template)}` : '';
    await client.query(`CREATE DATABASE ${quoteIdent(name)}${template}`);
  } finally {
    await client.end();
  }
  return withDatabase(adminUrl, name);
}
