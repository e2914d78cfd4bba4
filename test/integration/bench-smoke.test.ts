// The benchmark dataset generator (bench/generate.ts) at its smallest: it must keep working as the services it
// drives change, and the accounts it creates must see what the benchmarks measure. The load runs themselves
// (bench/run.ts) are not part of the test suite.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { generate, BENCH_ACCOUNTS } from '../../bench/generate.js';
import { BENCH_PASSWORD } from '../../bench/lib.js';
import { createTestApp, signIn, type TestApp } from '../helpers/app.js';

let t: TestApp;
let dataDir: string;
beforeAll(async () => {
  t = await createTestApp();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vlc-bench-smoke-'));
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('a small dataset through the import, and each benchmarked request answers for its account', async () => {
  const result = await generate(t.db, t.config, { scale: 0.0001, seed: 7, log: () => {}, dataDir });
  expect(result.counts).toMatchObject({ license_ids: 60, orders: 60, order_lines: 300, vl_role_assignments: 180 });

  const admin = await signIn(t.app, BENCH_ACCOUNTS.admin50, BENCH_PASSWORD);
  const list = await t.app.inject({ url: '/api/v1/contracts?limit=200', headers: admin.headers });
  expect(list.json<{ items: unknown[] }>().items).toHaveLength(50);
  expect((await t.app.inject({ url: '/api/v1/keys/export', headers: admin.headers })).statusCode).toBe(200);

  const summary = await signIn(t.app, BENCH_ACCOUNTS.summary, BENCH_PASSWORD);
  const report = await t.app.inject({
    method: 'POST',
    url: '/api/v1/license-summary',
    headers: summary.headers,
    payload: { licenseIdNumbers: result.summaryLicenseIds },
  });
  expect(report.statusCode).toBe(200);
  expect(result.summaryLicenseIds).toHaveLength(10);

  const desk = await signIn(t.app, BENCH_ACCOUNTS.exportAll, BENCH_PASSWORD);
  const csv = await t.app.inject({ url: '/api/v1/contracts/export', headers: desk.headers });
  expect(csv.body.trim().split('\n')).toHaveLength(61);
}, 120_000);
