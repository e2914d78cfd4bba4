// Runs the benchmarks against the datasets of bench/generate.ts, on PostgreSQL and PGlite:
//
//   npm run bench -- [--db postgres|pglite|both] [--duration 10] [--warmup 3] [--write] [--profile]
//
// For each database: starts bench/server.ts in a child process (the real server plus the two baselines), signs in
// through POST /api/v1/auth/sign-in as the dataset's accounts, then runs each scenario with autocannon — a warm-up,
// then a time-bounded measured run — while sampling the server's resident memory (/proc/<pid>/status VmRSS).
// Prints one table; with --write, puts it into docs/benchmarks.md between the results markers.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { serverNodeOptions } from '../scripts/server-node-options.js';
import { freePort } from '../test/helpers/ports.js';
import {
  BENCH_PASSWORD,
  benchDir,
  dbsOf,
  openDataset,
  parseArgs,
  readManifest,
  type BenchDb,
  type Manifest,
} from './lib.js';

type Scenario = {
  id:
    | 'bare'
    | 'bare-large'
    | 'pk'
    | 'contracts'
    | 'contracts-uncached'
    | 'contracts-identity'
    | 'contracts-desk'
    | 'summary-uncached'
    | 'summary'
    | 'summary-1'
    | 'contracts-export'
    | 'keys-export';
  label: string;
  /** false: a baseline, served by the bench-only Fastify instance */
  app: boolean;
  method: 'GET' | 'POST';
  path: string;
  account?: keyof Manifest['accounts'];
  body?: string;
  connections: number;
  /** for requests that take seconds (the 100,000-row export): measured alone first, then run long enough */
  slow?: boolean;
  /**
   * The n-th request of a run, changed so that no two ask the same (and none is answered from the page cache): the
   * same work, never a cached answer.
   */
  uncached?: (n: number) => { path?: string; body?: string };
  /** asks without `Accept-Encoding` (a script, not a browser): the answer is sent uncompressed */
  identity?: boolean;
};

export type Measured = {
  db: BenchDb;
  id: Scenario['id'];
  label: string;
  connections: number;
  seconds: number;
  requests: number;
  reqPerSec: number;
  p50: number;
  p99: number;
  /** non-2xx answers, socket errors and timeouts */
  errors: number;
  peakRssMb: number;
  /** bytes of one answer, as sent */
  bytes: number;
};

type Session = { cookie: string; csrfToken: string };

const REPO = path.resolve(benchDir, '..');
const RESULTS_START = '<!-- bench:results:start -->';
const RESULTS_END = '<!-- bench:results:end -->';

function scenarios(manifest: Manifest): Scenario[] {
  const summaryBody = JSON.stringify({ licenseIdNumbers: manifest.summaryLicenseIds });
  const summaryIds = manifest.summaryLicenseIds.length.toLocaleString('en');
  const exportRows = manifest.accounts.exportAll.licenseIds.toLocaleString('en');
  // Every request a selection of its own: all the account's License IDs but two, a different pair left out each time
  // (the order the numbers are named in does not change the cache key). Some 500,000 pairs before one repeats.
  const summaryMiss = (n: number) => {
    const ids = manifest.summaryLicenseIds;
    const first = n % ids.length;
    const second = (first + 1 + Math.floor(n / ids.length)) % ids.length;
    return { body: JSON.stringify({ licenseIdNumbers: ids.filter((_, i) => i !== first && i !== second) }) };
  };
  const missIds = `${(manifest.summaryLicenseIds.length - 2).toLocaleString('en')} of the ${summaryIds}`;
  // An end-date filter of its own, a day after 2100, that every row passes.
  const contractsMiss = (n: number) => ({
    path: `/api/v1/contracts?endTo=${new Date(Date.UTC(2100, 0, 1) + n * 86_400_000).toISOString().slice(0, 10)}`,
  });
  return [
    { id: 'bare', label: 'baseline: bare Fastify JSON', app: false, method: 'GET', path: '/bare', connections: 50 },
    { id: 'pk', label: 'baseline: one primary-key query', app: false, method: 'GET', path: '/pk', connections: 50 },
    {
      id: 'bare-large',
      label: 'diagnostic: bare Fastify, a 28 kB JSON answer',
      app: false,
      method: 'GET',
      path: '/bare-large',
      connections: 50,
    },
    {
      id: 'contracts',
      label: `GET /api/v1/contracts (administrator of ${manifest.accounts.admin50.licenseIds} License IDs)`,
      app: true,
      method: 'GET',
      path: '/api/v1/contracts',
      account: 'admin50',
      connections: 50,
    },
    {
      id: 'contracts-uncached',
      label: `GET /api/v1/contracts (administrator of ${manifest.accounts.admin50.licenseIds} License IDs), every request a cache miss`,
      app: true,
      method: 'GET',
      path: '/api/v1/contracts',
      account: 'admin50',
      connections: 50,
      uncached: contractsMiss,
    },
    {
      id: 'contracts-identity',
      label: `GET /api/v1/contracts (administrator of ${manifest.accounts.admin50.licenseIds} License IDs), not gzipped`,
      app: true,
      method: 'GET',
      path: '/api/v1/contracts',
      account: 'admin50',
      connections: 50,
      identity: true,
    },
    {
      id: 'contracts-desk',
      label: `GET /api/v1/contracts (the licensing desk: a role on all ${exportRows}), every request a cache miss`,
      app: true,
      method: 'GET',
      path: '/api/v1/contracts',
      account: 'exportAll',
      connections: 50,
      uncached: contractsMiss,
    },
    {
      id: 'summary',
      label: `POST /api/v1/license-summary (${summaryIds} License IDs)`,
      app: true,
      method: 'POST',
      path: '/api/v1/license-summary',
      account: 'summary',
      body: summaryBody,
      connections: 50,
    },
    {
      id: 'summary-uncached',
      label: `POST /api/v1/license-summary (${missIds} License IDs), every request a cache miss`,
      app: true,
      method: 'POST',
      path: '/api/v1/license-summary',
      account: 'summary',
      body: summaryBody,
      connections: 50,
      uncached: summaryMiss,
    },
    {
      id: 'summary-1',
      label: `POST /api/v1/license-summary (${missIds} License IDs), one client, every request a cache miss`,
      app: true,
      method: 'POST',
      path: '/api/v1/license-summary',
      account: 'summary',
      body: summaryBody,
      connections: 1,
      uncached: summaryMiss,
    },
    {
      id: 'contracts-export',
      label: `GET /api/v1/contracts/export (${exportRows} rows), one client`,
      app: true,
      method: 'GET',
      path: '/api/v1/contracts/export',
      account: 'exportAll',
      connections: 1,
      slow: true,
    },
    {
      id: 'keys-export',
      label: `GET /api/v1/keys/export (administrator of ${manifest.accounts.admin50.licenseIds} License IDs)`,
      app: true,
      method: 'GET',
      path: '/api/v1/keys/export',
      account: 'admin50',
      connections: 50,
    },
  ];
}

/**
 * Compiles src/ and bench/server.ts to JavaScript under <data>/build, as `npm run build` does for a deployment:
 * the server under test runs plain JavaScript (under tsx, its loader thread alone adds about 70 MB of memory).
 * Returns the compiled server's path.
 */
function buildServer(dataDir: string): string {
  const out = path.join(dataDir, 'build');
  fs.rmSync(out, { recursive: true, force: true });
  const tsconfig = path.join(dataDir, 'tsconfig.bench-build.json');
  fs.writeFileSync(
    tsconfig,
    JSON.stringify({
      extends: path.join(REPO, 'tsconfig.base.json'),
      compilerOptions: { rootDir: REPO, outDir: out, noEmit: false, sourceMap: false, types: ['node'] },
      include: [path.join(REPO, 'src'), path.join(benchDir, 'server.ts')],
    }),
  );
  execFileSync(process.execPath, [path.join(REPO, 'node_modules/typescript/bin/tsc'), '-p', tsconfig], {
    stdio: 'inherit',
  });
  // src/paths.ts finds the migrations next to the compiled code, as in dist/.
  fs.cpSync(path.join(REPO, 'src/db/migrations'), path.join(out, 'src/db/migrations'), { recursive: true });
  return path.join(out, 'bench/server.js');
}

/** The Node options of the server under test: BENCH_SERVER_NODE_ARGS when set, else those of `npm start`. */
const serverUnderTestOptions = (): string[] =>
  process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? serverNodeOptions(REPO);

/** Starts the compiled bench/server.ts; resolves once both the app and the baselines listen. */
async function startServerChild(serverJs: string, env: Record<string, string>, profileDir: string | undefined) {
  const appPort = await freePort();
  const baselinePort = await freePort();
  // --profile: a V8 CPU profile of the server under test, written when it stops (open it in Chrome's DevTools).
  const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const extra = serverUnderTestOptions();
  const child = spawn(process.execPath, [...profile, ...extra, serverJs], {
    cwd: REPO,
    env: {
      ...process.env,
      ...env,
      HOST: '127.0.0.1',
      PORT: String(appPort),
      BENCH_BASELINE_PORT: String(baselinePort),
      // The mail worker is another role of the same program; the dataset's queued e-mails must not compete here.
      VLCENTER_ROLE: 'api',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (/^ready \d+/m.test(output)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`bench/server.ts exited with ${code} before it was ready`)));
  });
  return { child, app: `http://127.0.0.1:${appPort}`, baseline: `http://127.0.0.1:${baselinePort}` };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** The highest VmRSS of `pid` since the last `take()`, sampled every 100 ms. */
function rssSampler(pid: number) {
  let peakKb = 0;
  const sample = () => {
    try {
      const kb = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
      peakKb = Math.max(peakKb, kb);
    } catch {
      // the process has ended
    }
  };
  const timer = setInterval(sample, 100);
  return {
    take: () => {
      sample();
      const mb = peakKb / 1024;
      peakKb = 0;
      return mb;
    },
    stop: () => clearInterval(timer),
  };
}

async function signIn(base: string, login: string): Promise<Session> {
  const response = await fetch(`${base}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login, password: BENCH_PASSWORD }),
  });
  if (!response.ok) throw new Error(`sign-in as ${login}: ${response.status} ${await response.text()}`);
  const cookie = response.headers.getSetCookie().map((c) => c.split(';')[0]!)[0]!;
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { cookie, csrfToken };
}

function requestOf(scenario: Scenario, session: Session | undefined) {
  // What Chromium sends; the server gzips what it can (the contracts list's cached pages).
  const headers: Record<string, string> = scenario.identity ? {} : { 'accept-encoding': 'gzip, deflate, br, zstd' };
  if (session) headers.cookie = session.cookie;
  if (scenario.method === 'POST') {
    headers['content-type'] = 'application/json';
    if (session) headers['x-csrf-token'] = session.csrfToken;
  }
  return { method: scenario.method, headers, ...(scenario.body ? { body: scenario.body } : {}) };
}

/** One request on its own: checks the answer and tells its size and duration. */
async function probe(url: string, request: ReturnType<typeof requestOf>) {
  const started = performance.now();
  const response = await fetch(url, request);
  const body = Buffer.from(await response.arrayBuffer());
  if (!response.ok) throw new Error(`${request.method} ${url}: ${response.status} ${body.toString().slice(0, 300)}`);
  // On the wire: fetch hands over the body decompressed.
  return { bytes: Number(response.headers.get('content-length') ?? body.length), ms: performance.now() - started };
}

/** Counts the requests of `uncached` scenarios across warm-up and measured runs, so that no two ask the same. */
let uncachedRequests = 0;

async function load(
  url: string,
  request: ReturnType<typeof requestOf>,
  connections: number,
  seconds: number,
  uncached?: Scenario['uncached'],
) {
  return autocannon({
    url,
    ...request,
    ...(uncached
      ? {
          requests: [{ setupRequest: (req: autocannon.Request) => ({ ...req, ...uncached(uncachedRequests++) }) }],
        }
      : {}),
    connections,
    duration: seconds,
    // A request still unanswered after this many seconds counts as an error.
    timeout: Math.max(30, seconds),
  });
}

async function runDb(
  db: BenchDb,
  options: {
    duration: number;
    warmup: number;
    root?: string | undefined;
    only?: string[] | undefined;
    serverJs: string;
    profileDir?: string | undefined;
  },
) {
  const manifest = readManifest(db, options.root);
  if (!manifest) throw new Error(`${db}: no dataset: run bench/generate.ts first`);
  const log = (line: string) => console.log(`[${db}] ${line}`);
  const dataset = await openDataset(db, options.root);
  const results: Measured[] = [];
  try {
    const server = await startServerChild(options.serverJs, dataset.env, options.profileDir);
    const rss = rssSampler(server.child.pid!);
    try {
      log(`server up (pid ${server.child.pid}), ${Math.round(rss.take())} MB`);
      const sessions = new Map<string, Session>();
      for (const [key, account] of Object.entries(manifest.accounts))
        sessions.set(key, await signIn(server.app, account.signInName));
      // --only keeps the baselines: every ratio needs them from the same run.
      const chosen = scenarios(manifest).filter((s) => !options.only || !s.app || options.only.includes(s.id));
      for (const scenario of chosen) {
        const url = `${scenario.app ? server.app : server.baseline}${scenario.path}`;
        const request = requestOf(scenario, scenario.account ? sessions.get(scenario.account) : undefined);
        const one = await probe(url, request);
        // A slow request runs alone, several times over: long enough for at least three answers.
        const seconds = scenario.slow
          ? Math.min(90, Math.max(options.duration, Math.ceil((3.5 * one.ms) / 1000)))
          : options.duration;
        if (!scenario.slow) await load(url, request, scenario.connections, options.warmup, scenario.uncached);
        rss.take();
        const result = await load(url, request, scenario.connections, seconds, scenario.uncached);
        const measured: Measured = {
          db,
          id: scenario.id,
          label: scenario.label,
          connections: scenario.connections,
          seconds,
          requests: result.requests.total,
          reqPerSec: result.requests.total / result.duration,
          p50: result.latency.p50,
          p99: result.latency.p99,
          errors: result.non2xx + result.errors + result.timeouts,
          peakRssMb: rss.take(),
          bytes: one.bytes,
        };
        results.push(measured);
        log(
          `${scenario.label}: ${measured.reqPerSec.toFixed(1)} req/s, p50 ${measured.p50} ms, p99 ${measured.p99} ms, ` +
            `${measured.errors} errors, ${Math.round(measured.peakRssMb)} MB ` +
            `(seconds: ${result.requests.min}–${result.requests.max} req/s)`,
        );
      }
    } finally {
      rss.stop();
      await stopChild(server.child);
    }
  } finally {
    await dataset.stop();
  }
  return { manifest, results };
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** The results as markdown: one table per database, ratios to that database's baselines of the same run. */
export function resultsMarkdown(runs: { manifest: Manifest; results: Measured[] }[], command: string): string {
  const lines: string[] = [];
  const cpus = os.cpus();
  lines.push(
    `Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${cpus.length} × ${cpus[0]?.model.trim() ?? 'CPU'}, ` +
      `${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}; the load generator (autocannon) runs on the same cores; ` +
      `the server's Node options: \`${serverUnderTestOptions().join(' ') || '(none)'}\`.`,
    '',
    `Command: \`${command}\``,
    '',
  );
  for (const { manifest, results } of runs) {
    const bare = results.find((r) => r.id === 'bare')!.reqPerSec;
    const pk = results.find((r) => r.id === 'pk')!.reqPerSec;
    lines.push(
      `**${manifest.db === 'postgres' ? 'PostgreSQL 15' : 'PGlite'}** — dataset scale ${manifest.scale} (${manifest.source}): ` +
        `${fmt(manifest.counts.license_ids ?? 0)} License IDs, ${fmt(manifest.counts.order_lines ?? 0)} order lines, ` +
        `${fmt(manifest.counts.vl_profiles ?? 0)} VL profiles, ${fmt(manifest.counts.vl_role_assignments ?? 0)} role assignments, ` +
        `${fmt(manifest.counts.product_keys ?? 0)} product keys`,
      '',
      '| endpoint | conns | req/s | p50 ms | p99 ms | × bare | × one-query | errors | peak RSS MB |',
      '|---|--:|--:|--:|--:|--:|--:|--:|--:|',
    );
    for (const r of results)
      lines.push(
        `| ${r.label} | ${r.connections} | ${fmt(r.reqPerSec, r.reqPerSec < 100 ? 1 : 0)} | ${fmt(r.p50)} | ${fmt(r.p99)} | ` +
          `${fmt(r.reqPerSec / bare, 3)} | ${fmt(r.reqPerSec / pk, 3)} | ${r.errors} | ${fmt(r.peakRssMb)} |`,
      );
    lines.push('');
  }
  return lines.join('\n');
}

/** The issue's targets, judged on PostgreSQL. */
export function targets(runs: { manifest: Manifest; results: Measured[] }[]): string[] {
  const out: string[] = [];
  const of = (db: BenchDb, id: Scenario['id']) =>
    runs.find((r) => r.manifest.db === db)?.results.find((r) => r.id === id);
  const pk = of('postgres', 'pk');
  const contracts = of('postgres', 'contracts');
  if (pk && contracts) {
    const ratio = contracts.reqPerSec / pk.reqPerSec;
    out.push(
      `contracts list ≥ 60 % of the one-query baseline: ${fmt(ratio * 100)} % — ${ratio >= 0.6 ? 'met' : 'NOT met'}`,
      `contracts list p99 ≤ 20 ms: ${contracts.p99} ms — ${contracts.p99 <= 20 ? 'met' : 'NOT met'}`,
    );
  }
  for (const [id, how] of [
    ['summary-1', '1 connection, computed'],
    ['summary', '50 connections, repeated'],
    ['summary-uncached', '50 connections, computed'],
  ] as const) {
    const summary = of('postgres', id);
    if (summary)
      out.push(`license summary p50 ≤ 200 ms (${how}): ${summary.p50} ms — ${summary.p50 <= 200 ? 'met' : 'NOT met'}`);
  }
  // PGlite runs the database inside the server process, so only the PostgreSQL runs are held to the target.
  const postgres = runs.find((r) => r.manifest.db === 'postgres');
  if (postgres) {
    const peak = Math.max(...postgres.results.map((m) => m.peakRssMb));
    out.push(`server memory ≤ 256 MB: peak ${fmt(peak)} MB — ${peak <= 256 ? 'met' : 'NOT met'}`);
  }
  return out;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const duration = Number(args.get('duration') ?? '10');
  const warmup = Number(args.get('warmup') ?? '3');
  const root = args.get('data');
  const only = args.get('only')?.split(',');
  const dataDir = root ?? path.join(benchDir, '.data');
  fs.mkdirSync(dataDir, { recursive: true });
  const serverJs = buildServer(dataDir);
  const profileDir = args.has('profile') ? path.join(dataDir, 'profiles') : undefined;
  const runs = [];
  for (const db of dbsOf(args.get('db')))
    runs.push(await runDb(db, { duration, warmup, root, only, serverJs, profileDir }));
  if (profileDir) console.log(`CPU profiles of the server: ${profileDir}`);
  const command = `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim();
  const markdown = `${resultsMarkdown(runs, command)}\nTargets:\n\n${targets(runs)
    .map((t) => `- ${t}`)
    .join('\n')}\n`;
  console.log(`\n${markdown}`);
  fs.writeFileSync(path.join(dataDir, 'last-run.json'), JSON.stringify(runs, null, 2));
  if (args.has('write')) {
    const file = path.join(REPO, 'docs', 'benchmarks.md');
    const doc = fs.readFileSync(file, 'utf8');
    const start = doc.indexOf(RESULTS_START);
    const end = doc.indexOf(RESULTS_END);
    if (start < 0 || end < start) throw new Error(`docs/benchmarks.md has no ${RESULTS_START} … ${RESULTS_END}`);
    fs.writeFileSync(file, `${doc.slice(0, start + RESULTS_START.length)}\n${markdown}\n${doc.slice(end)}`);
    console.log('written to docs/benchmarks.md');
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
