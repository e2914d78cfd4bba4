// `vlcenter import` end to end, in a child process as an operator runs it: CSV and JSON files, the per-row error
// report, exit codes, safe re-runs, and a crash (SIGKILL) mid-import that a re-run completes with whole orders only.
//
// Size: 100,000 order lines (10,000 orders × 10 lines) on both databases. Orders go through the agreements service's
// batch path (createOrders: the same rules as the partner API's POST /orders, multi-row INSERTs per batch).
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, queryRows, type DbHandle } from '../../src/db/client.js';
import { organizations, partners } from '../../src/db/schema.js';
import { runCli, startCli } from '../helpers/cli.js';
import { createTestDatabaseEnv, testDbKind } from '../helpers/test-db.js';

/** 100,000 order lines on a loaded machine: minutes, not seconds. */
const IMPORT_TIMEOUT_MS = 240_000;

let tmp: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'vlc-import-'));
});
afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

type World = { env: Record<string, string>; organizationId: string; open: () => Promise<DbHandle> };
let worldCounter = 0;

/** A migrated database the CLI can reach (a DATA_DIR or a DATABASE_URL) with a partner PCN-IMPORT and one organization. */
async function world(): Promise<World> {
  const env = await createTestDatabaseEnv(path.join(tmp, `data-${++worldCounter}`));
  const open = () => openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR! });
  const handle = await open();
  try {
    const [partner] = await handle.db
      .insert(partners)
      .values({ name: 'Importer', pcn: 'PCN-IMPORT', notificationEmail: 'licensing@importer.example' })
      .returning();
    const [organization] = await handle.db
      .insert(organizations)
      .values({
        name: 'Contoso Ltd',
        city: 'Redmond',
        country: 'US',
        pcns: ['PCN-CO-IMP'],
        approvalState: 'approved',
        partnerId: partner!.id,
      })
      .returning();
    return { env, organizationId: organization!.id, open };
  } finally {
    await handle.close();
  }
}

async function countsOf(w: World) {
  const handle = await w.open();
  try {
    const [row] = await queryRows<{ orders: number; lines: number; partial: number; license_ids: number }>(
      handle.db,
      sql`select
        (select count(*)::int from orders) as orders,
        (select count(*)::int from order_lines) as lines,
        (select count(*)::int from license_ids) as license_ids,
        (select count(*)::int from orders o where (select count(*) from order_lines l where l.order_id = o.id) <> 10)
          as partial`,
    );
    return row!;
  } finally {
    await handle.close();
  }
}

const LICENSE_IDS = ['V7100001', 'V7100002', 'V7100003', 'V7100004'];

async function writeLicenseIds(file: string, organizationId: string) {
  const header =
    'number,organizationId,programId,cloud,startDate,endDate,contact.primary.name,contact.primary.email,contact.bill-to.name,contact.bill-to.email';
  const rows = LICENSE_IDS.map(
    (n, i) =>
      `${n},${organizationId},select-plus,public,2026-01-01,2028-12-31,"Primary, ${i}",primary${i}@contoso-import.example,,`,
  );
  await fs.writeFile(file, [header, ...rows].join('\r\n') + '\r\n');
}

const ORDER_HEADER =
  'licenseIdNumber,partnerOrderNumber,customerOrderNumber,orderedOn,partNumber,product,productFamily,version,pool,licenseType,quantity,country';

/** `orders` orders of 10 lines, one CSV row per line; `bad` (0-based) gets quantity "many" on its 4th line. */
async function writeOrders(file: string, orders: number, bad?: number) {
  const handle = await fs.open(file, 'w');
  try {
    await handle.write(ORDER_HEADER + '\n');
    let chunk: string[] = [];
    for (let o = 0; o < orders; o++) {
      for (let l = 0; l < 10; l++) {
        const quantity = o === bad && l === 3 ? 'many' : String(l + 1);
        chunk.push(
          `${LICENSE_IDS[o % LICENSE_IDS.length]},PO-${String(o).padStart(6, '0')},CO-${o},2026-02-01,79P-0${l},"Office LTSC Professional Plus",Office,2024,applications,license+sa,${quantity},US`,
        );
      }
      if (chunk.length >= 5000) {
        await handle.write(chunk.join('\n') + '\n');
        chunk = [];
      }
    }
    await handle.write(chunk.join('\n') + (chunk.length ? '\n' : ''));
  } finally {
    await handle.close();
  }
}

const ORDERS = 10_000;

describe('vlcenter import', () => {
  it(`${ORDERS * 10} order lines with one bad row in the middle: that row is reported, the rest imported; a re-run adds nothing`, async () => {
    const w = await world();
    const licenseFile = path.join(tmp, `license-ids-${worldCounter}-${testDbKind()}.csv`);
    await writeLicenseIds(licenseFile, w.organizationId);
    const licenses = await runCli(['import', '--partner', 'PCN-IMPORT', licenseFile], w.env, IMPORT_TIMEOUT_MS);
    expect(licenses.code, licenses.stderr + licenses.stdout).toBe(0);
    expect(licenses.stdout).toContain('4 imported, 0 already present, 0 rejected');

    const file = path.join(tmp, `orders-${testDbKind()}.csv`);
    const bad = ORDERS / 2;
    await writeOrders(file, ORDERS, bad);
    const started = Date.now();
    const first = await runCli(['import', '--partner', 'PCN-IMPORT', file], w.env, IMPORT_TIMEOUT_MS);
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `imported ${ORDERS * 10} order lines on ${testDbKind()} in ${seconds.toFixed(1)} s (${Math.round((ORDERS * 10) / seconds)} lines/s, CLI start included)`,
    );
    expect(first.code, first.stderr + first.stdout).toBe(2);
    expect(first.stdout).toContain(`${ORDERS - 1} imported, 0 already present, 1 rejected (10 rows)`);
    // Not a terminal: one progress line per 10 %.
    expect(first.stderr).toContain('100%');
    const badRow = 2 + bad * 10 + 3;
    const report = await fs.readFile(`${file}.errors.csv`, 'utf8');
    expect(report.trim().split(/\r?\n/)).toEqual(['row,field,message', `${badRow},quantity,must be integer`]);
    expect(first.stdout).toContain(`${badRow},quantity,must be integer`);
    const counts = await countsOf(w);
    expect(counts).toEqual({ orders: ORDERS - 1, lines: (ORDERS - 1) * 10, partial: 0, license_ids: 4 });

    const again = await runCli(['import', '--partner', 'PCN-IMPORT', file], w.env, IMPORT_TIMEOUT_MS);
    expect(again.code).toBe(2); // the bad row is still bad
    expect(again.stdout).toContain(`0 imported, ${ORDERS - 1} already present, 1 rejected`);
    expect(await countsOf(w)).toEqual(counts);
  }, 600_000);

  it('a crash (SIGKILL) mid-import leaves whole orders only; a re-run completes it', async () => {
    const w = await world();
    const licenseFile = path.join(tmp, `license-ids-crash-${testDbKind()}.csv`);
    await writeLicenseIds(licenseFile, w.organizationId);
    expect((await runCli(['import', '--partner', 'PCN-IMPORT', licenseFile], w.env, IMPORT_TIMEOUT_MS)).code).toBe(0);
    const file = path.join(tmp, `orders-crash-${testDbKind()}.csv`);
    const orders = 1000;
    await writeOrders(file, orders);

    const { child, run, exited } = startCli(['import', '--partner', 'PCN-IMPORT', '--batch-size', '50', file], w.env);
    const deadline = Date.now() + 120_000;
    while (!/\b(2|3|4|5|6)0% /.test(run.stderr) && child.exitCode === null && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    const killed = await exited;
    expect(killed.signal, killed.stderr + killed.stdout).toBe('SIGKILL');

    const afterCrash = await countsOf(w);
    expect(afterCrash.orders).toBeGreaterThan(0);
    expect(afterCrash.orders).toBeLessThan(orders);
    expect(afterCrash.partial).toBe(0);
    expect(afterCrash.lines).toBe(afterCrash.orders * 10);

    const rerun = await runCli(['import', '--partner', 'PCN-IMPORT', file], w.env, IMPORT_TIMEOUT_MS);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stdout).toContain(
      `${orders - afterCrash.orders} imported, ${afterCrash.orders} already present, 0 rejected`,
    );
    expect(await countsOf(w)).toEqual({ orders, lines: orders * 10, partial: 0, license_ids: 4 });
  }, 300_000);

  it('JSON files, organizations by PCN, --dry-run, --kind, and a file it cannot read', async () => {
    const w = await world();
    const orgs = path.join(tmp, `orgs-${testDbKind()}.csv`);
    await fs.writeFile(
      orgs,
      'name,city,country,pcns\nContoso Ltd,Redmond,US,PCN-CO-IMP\nFabrikam Inc,"Seattle, WA",US,PCN-FA-1;PCN-FA-2\nBad Country,Nowhere,XX,PCN-BAD-1\n',
    );
    const dry = await runCli(['import', '--partner', 'PCN-IMPORT', '--dry-run', orgs], w.env, IMPORT_TIMEOUT_MS);
    expect(dry.code, dry.stderr).toBe(2);
    expect(dry.stdout).toContain('1 would be imported, 1 already present, 1 rejected');
    expect(await fs.readFile(`${orgs}.errors.csv`, 'utf8')).toContain('4,country,is not an ISO 3166-1 code');
    const real = await runCli(['import', '--partner', 'PCN-IMPORT', orgs], w.env, IMPORT_TIMEOUT_MS);
    expect(real.stdout).toContain('1 imported, 1 already present, 1 rejected');

    const json = path.join(tmp, `orders-${testDbKind()}.json`);
    const licenseFile = path.join(tmp, `license-ids-json-${testDbKind()}.csv`);
    await writeLicenseIds(licenseFile, w.organizationId);
    expect((await runCli(['import', '--partner', 'PCN-IMPORT', licenseFile], w.env, IMPORT_TIMEOUT_MS)).code).toBe(0);
    const line = {
      partNumber: '79P-01234',
      product: 'Office LTSC Professional Plus',
      productFamily: 'Office',
      version: '2024',
      pool: 'applications',
      licenseType: 'license+sa',
      quantity: 5,
      country: 'US',
    };
    await fs.writeFile(
      json,
      JSON.stringify([
        { licenseIdNumber: LICENSE_IDS[0], partnerOrderNumber: 'PO-J-1', orderedOn: '2026-02-01', lines: [line] },
        { licenseIdNumber: LICENSE_IDS[1], partnerOrderNumber: 'PO-J-2', orderedOn: '2026-02-01', lines: [line] },
      ]),
    );
    const imported = await runCli(
      ['import', '--partner', 'PCN-IMPORT', '--kind', 'orders', json],
      w.env,
      IMPORT_TIMEOUT_MS,
    );
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('2 imported, 0 already present, 0 rejected');
    await expect(fs.access(`${json}.errors.csv`)).rejects.toThrow();

    const missing = await runCli(
      ['import', '--partner', 'PCN-IMPORT', path.join(tmp, 'nope.csv')],
      w.env,
      IMPORT_TIMEOUT_MS,
    );
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^vlcenter: cannot read .*nope\.csv \(ENOENT\)\n$/);
    const unknownPartner = await runCli(['import', '--partner', 'PCN-NOBODY', json], w.env, IMPORT_TIMEOUT_MS);
    expect(unknownPartner.code).toBe(1);
    expect(unknownPartner.stderr).toContain('no partner with PCN PCN-NOBODY');
  }, 300_000);
});
