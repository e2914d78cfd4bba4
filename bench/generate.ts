// The benchmark dataset: at --scale 1, 100,000 License IDs (10,000 organizations), 200,000 orders of 5 lines
// (1,000,000 order lines), 200,000 VL users, product keys — into PostgreSQL and/or PGlite under bench/.data/<db>,
// generated once and reused by bench/run.ts. Deterministic for a --seed (ids and timestamps aside).
//
//   npx tsx bench/generate.ts [--db postgres|pglite|both] [--scale 1] [--seed 1] [--force] [--data <root>]
//
// Everything a partner or operator creates goes through the product's own services: organizations, License IDs
// (with contacts) and orders through the bulk import (`importRecords` → createLicenseIds / createOrders batches, the
// path of `vlcenter import` — every License ID of the dataset, at about 1,000 a second on PostgreSQL here), approvals,
// products and key pools through the operator services. Role assignments are what the import's welcome step gives
// registered contacts (onboarding.welcomeContacts: roles at once, an audit entry and a "Permission changes" e-mail).
// The people themselves — tenants, accounts and the VL profiles that bind a business e-mail to an account — have no
// bulk path (each registers alone, by invitation): they are inserted in multi-row statements with one shared
// Argon2id hash, as the end state registration leaves.
import fs from 'node:fs';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { randomToken, systemClock } from '../src/clock.js';
import type { Config } from '../src/config.js';
import { migrateDatabase, openDatabase, queryRows, type Database, type DbHandle } from '../src/db/client.js';
import { accounts, organizations, products, productFamilies, tenants } from '../src/db/schema.js';
import type { CreateLicenseIdInput, CreateOrderInput } from '../src/modules/agreements/schemas.js';
import { createAgreementsService, type PartnerActor } from '../src/modules/agreements/service.js';
import { createCatalogService, type CatalogActor } from '../src/modules/catalog/service.js';
import { createDownloadLinkSigner } from '../src/modules/catalog/download-links.js';
import { createLocalFileStore } from '../src/modules/catalog/file-store.js';
import { createKeysService } from '../src/modules/catalog/keys.js';
import { createImportService, type ImportKind } from '../src/modules/import/service.js';
import { createOnboardingService } from '../src/modules/onboarding/service.js';
import { hashPassword } from '../src/modules/session/passwords.js';
import { createVlAccessService } from '../src/modules/vl-access/service.js';
import { copyToPglite } from './copy-to-pglite.js';
import {
  BENCH_PASSWORD,
  datasetDir,
  dbsOf,
  openDataset,
  parseArgs,
  readManifest,
  writeManifest,
  type Manifest,
} from './lib.js';

/** The dataset's size at `scale` (1 = the issue's figures). */
export function shapeOf(scale: number) {
  const licenseIds = Math.max(60, Math.round(100_000 * scale));
  return {
    licenseIds,
    organizations: Math.ceil(licenseIds / LICENSE_IDS_PER_ORGANIZATION),
    orders: Math.max(licenseIds, Math.round(200_000 * scale)),
    linesPerOrder: 5,
    users: Math.max(2 * licenseIds, Math.round(200_000 * scale)),
  };
}
const LICENSE_IDS_PER_ORGANIZATION = 10;
const USERS_PER_TENANT = 2000;
/** The License IDs the contracts-list account administers, and how many the summary account may summarize. */
const ADMIN_LICENSE_IDS = 50;
const SUMMARY_LICENSE_IDS = 1000;
const ROWS_PER_INSERT = 2000;
/** Orders handed to importRecords at once (it commits every 500): bounds the generator's memory. */
const ORDERS_PER_CHUNK = 20_000;

const NON_ENTERPRISE_PROGRAMS = [
  'select',
  'select-plus',
  'open-value',
  'open-value-subscription',
  'government-partner',
];
const COUNTRIES = ['US', 'NL', 'DE', 'GB', 'FR', 'JP', 'BR', 'IN'];
const LICENSE_TYPES = ['license', 'license+sa', 'license+sa', 'sa', 'sa-step-up', 'subscription'] as const;
const CATALOG = [
  { family: 'Office', name: 'Office LTSC Professional Plus', version: '2024', pool: 'applications', key: true },
  { family: 'Office', name: 'Office LTSC Standard', version: '2024', pool: 'applications', key: false },
  { family: 'Visio', name: 'Visio LTSC Professional', version: '2024', pool: 'applications', key: false },
  { family: 'Project', name: 'Project Professional', version: '2024', pool: 'applications', key: false },
  { family: 'Windows', name: 'Windows 11 Enterprise', version: '24H2', pool: 'systems', key: true },
  { family: 'Windows', name: 'Windows 11 Pro Upgrade', version: '24H2', pool: 'systems', key: false },
  { family: 'Windows Server', name: 'Windows Server Datacenter', version: '2025', pool: 'servers', key: false },
  { family: 'Windows Server', name: 'Windows Server Standard', version: '2025', pool: 'servers', key: false },
  { family: 'SQL Server', name: 'SQL Server Standard', version: '2022', pool: 'servers', key: false },
  { family: 'SQL Server', name: 'SQL Server Enterprise', version: '2022', pool: 'servers', key: false },
  { family: 'Exchange Server', name: 'Exchange Server Standard', version: '2019', pool: 'servers', key: false },
  { family: 'SharePoint Server', name: 'SharePoint Server Subscription', version: 'SE', pool: 'servers', key: false },
] as const;

/** mulberry32: a small deterministic PRNG, so one seed always gives the same dataset. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!,
  };
}

const pad = (n: number, width = 7) => String(n).padStart(width, '0');
const licenseIdNumber = (i: number) => `V${pad(i)}`;
const userEmail = (u: number) => `user${pad(u)}@t${pad(Math.floor(u / USERS_PER_TENANT), 4)}.bench.example`;
const isoDate = (day: number) => new Date(Date.UTC(2020, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
export const BENCH_ACCOUNTS = {
  admin50: 'admin50@bench.example',
  summary: 'summary@bench.example',
  exportAll: 'licensing-desk@bench.example',
} as const;

type Log = (line: string) => void;

function progress(log: Log, label: string, started: number) {
  let shown = -1;
  return (done: number, total: number) => {
    const tenth = Math.floor((done / total) * 10);
    if (tenth === shown && done !== total) return;
    shown = tenth;
    const seconds = (performance.now() - started) / 1000;
    log(`  ${label}: ${done.toLocaleString('en')} / ${total.toLocaleString('en')} (${Math.round(done / seconds)}/s)`);
  };
}

/** Multi-row INSERT … ON CONFLICT DO NOTHING in slices (re-runs after a crash skip what is there). */
async function insertMany<T extends Record<string, unknown>>(
  db: Database,
  table: Parameters<Database['insert']>[0],
  rows: readonly T[],
): Promise<void> {
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT)
    await db
      .insert(table)
      .values(rows.slice(start, start + ROWS_PER_INSERT))
      .onConflictDoNothing();
}

export async function generate(
  handle: DbHandle,
  config: Config,
  options: { scale: number; seed: number; log: Log; dataDir: string },
) {
  const { scale, seed, log } = options;
  const shape = shapeOf(scale);
  const db = handle.db;
  const clock = systemClock;
  const random = prng(seed);
  const started = performance.now();
  const phase = (name: string) => {
    log(`${name} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    return performance.now();
  };

  await migrateDatabase(handle);
  const onboarding = createOnboardingService({ db, clock, config, newToken: randomToken });
  const agreements = createAgreementsService({ db, clock, newToken: randomToken, onboarding });
  const importer = createImportService({ db, agreements });
  const vlAccess = createVlAccessService({ db, clock, config });
  const catalog = createCatalogService({
    db,
    clock,
    config,
    files: createLocalFileStore(path.join(options.dataDir, 'files')),
    links: createDownloadLinkSigner(config.secretKey!),
    vlAccess,
  });
  const keys = createKeysService({ db, clock, secretKey: config.secretKey!, vlAccess });

  // ---------------------------------------------------------------- people (bulk: see the header)
  let t = phase(`people: ${shape.users.toLocaleString('en')} VL users and the benchmark accounts`);
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const tenantCount = Math.ceil(shape.users / USERS_PER_TENANT);
  await insertMany(db, tenants, [
    { displayName: 'Bench publisher', cloud: 'public', initialDomain: 'publisher.bench.example', state: 'managed' },
    { displayName: 'Bench customers', cloud: 'public', initialDomain: 'customers.bench.example', state: 'managed' },
    ...Array.from({ length: tenantCount }, (_, k) => ({
      displayName: `Bench tenant ${k}`,
      cloud: 'public',
      initialDomain: `t${pad(k, 4)}.bench.example`,
      state: 'managed',
    })),
  ]);
  const tenantIds = new Map(
    (await db.select({ id: tenants.id, domain: tenants.initialDomain }).from(tenants)).map((r) => [r.domain, r.id]),
  );
  const account = (signInName: string, tenantDomain: string, extra: Partial<typeof accounts.$inferInsert> = {}) => ({
    tenantId: tenantIds.get(tenantDomain)!,
    kind: 'work',
    cloud: 'public',
    signInName,
    displayName: signInName.split('@')[0]!,
    passwordHash,
    ...extra,
  });
  await insertMany(db, accounts, [
    account('operator@bench.example', 'publisher.bench.example', { isOperator: true, isGlobalAdmin: true }),
    ...Object.values(BENCH_ACCOUNTS).map((name) => account(name, 'customers.bench.example')),
  ]);
  for (let start = 0; start < shape.users; start += 20_000) {
    const users = Array.from({ length: Math.min(20_000, shape.users - start) }, (_, k) => start + k);
    await insertMany(
      db,
      accounts,
      users.map((u) => account(userEmail(u), `t${pad(Math.floor(u / USERS_PER_TENANT), 4)}.bench.example`)),
    );
  }
  // A VL profile binds a registered business e-mail to an account (here the account's own address).
  await db.execute(sql`
    insert into vl_profiles (business_email, account_id, display_name)
    select sign_in_name, id, display_name from accounts
    where sign_in_name like '%.bench.example' or sign_in_name in (${sql.join(
      Object.values(BENCH_ACCOUNTS).map((n) => sql`${n}`),
      sql`, `,
    )})
    on conflict (business_email) do nothing`);
  const [operator] = await db
    .select({ id: accounts.id })
    .from(accounts)
    .where(eq(accounts.signInName, 'operator@bench.example'));
  const operatorActor = { accountId: operator!.id, ip: '127.0.0.1' };
  const catalogActor: CatalogActor = { kind: 'operator', ...operatorActor };
  log(`  ${(await count(db, 'vl_profiles')).toLocaleString('en')} VL profiles (${secondsSince(t)} s)`);

  // ---------------------------------------------------------------- partner, catalog, key pools
  t = phase('partner, catalog and key pools');
  const partner =
    (await agreements.listPartners({ limit: 200 })).items.find((p) => p.pcn === 'PCN-BENCH') ??
    (await agreements.createPartner(operatorActor, {
      name: 'Bench Partner',
      pcn: 'PCN-BENCH',
      notificationEmail: 'partner@bench.example',
    }));
  const actor: PartnerActor = { id: partner.id, tokenId: null, accountId: null, ip: '127.0.0.1' };
  const existing = await db
    .select({ id: products.id, family: productFamilies.name, name: products.name, version: products.version })
    .from(products)
    .innerJoin(productFamilies, eq(productFamilies.id, products.familyId));
  for (const p of CATALOG) {
    const found = existing.find((e) => e.family === p.family && e.name === p.name && e.version === p.version);
    const product =
      found ??
      (await catalog.createProduct(catalogActor, {
        family: p.family,
        name: p.name,
        version: p.version,
        pool: p.pool,
        needsKey: p.key,
        ...(p.key ? { keyTypes: ['mak' as const] } : {}),
      }));
    if (!p.key) continue;
    // Enough MAKs for every License ID that orders the product (key assignment takes them as orders arrive).
    for (let start = 0; start < shape.licenseIds; start += 10_000) {
      const batch = Array.from({ length: Math.min(10_000, shape.licenseIds - start) }, (_, k) => ({
        key: productKey(`${p.family}${p.name}`, start + k, random),
      }));
      await keys.loadKeys(catalogActor, product.id, { type: 'mak', keys: batch });
    }
  }
  log(
    `  ${CATALOG.length} products, ${(await count(db, 'product_keys')).toLocaleString('en')} keys (${secondsSince(t)} s)`,
  );

  // ---------------------------------------------------------------- organizations (import), approved (operator)
  phase(`organizations: ${shape.organizations.toLocaleString('en')} through the import, then approved`);
  const organizationRecords = Array.from({ length: shape.organizations }, (_, k) => ({
    name: `Bench Organization ${pad(k, 5)}`,
    city: random.pick(['Redmond', 'Amsterdam', 'Berlin', 'London', 'Paris', 'Tokyo', 'São Paulo', 'Pune']),
    country: random.pick(COUNTRIES),
    pcns: [`PCN-B${pad(k, 6)}`],
  }));
  await runImport(importer, actor, 'organizations', organizationRecords, log, started);
  const orgRows = await db
    .select({ id: organizations.id, pcns: organizations.pcns, state: organizations.approvalState })
    .from(organizations)
    .where(eq(organizations.partnerId, partner.id));
  const pending = orgRows.filter((o) => o.state !== 'approved');
  const approveProgress = progress(log, 'approved', performance.now());
  for (const [k, o] of pending.entries()) {
    await agreements.decideOrganization(operatorActor, o.id, 'approve', undefined);
    if ((k + 1) % 1000 === 0 || k + 1 === pending.length) approveProgress(k + 1, pending.length);
  }
  const organizationOf = new Map(orgRows.map((o) => [o.pcns[0]!, o.id]));

  // ---------------------------------------------------------------- License IDs with contacts (import)
  const summaryEnd = Math.min(shape.licenseIds, ADMIN_LICENSE_IDS + SUMMARY_LICENSE_IDS);
  const programOf = organizationRecords.map(() => random.pick(NON_ENTERPRISE_PROGRAMS));
  const terms: { start: number; end: number }[] = [];
  const licenseIdRecords: CreateLicenseIdInput[] = Array.from({ length: shape.licenseIds }, (_, i) => {
    const k = Math.floor(i / LICENSE_IDS_PER_ORGANIZATION);
    const start = random.int(6 * 365);
    const end = start + 3 * 365;
    terms.push({ start, end });
    // Primary and Notices contacts become administrators, Bill To an invoice reader (SPEC §4 defaults).
    const primary =
      i < ADMIN_LICENSE_IDS
        ? BENCH_ACCOUNTS.admin50
        : i < summaryEnd
          ? BENCH_ACCOUNTS.summary
          : userEmail(shape.licenseIds + i);
    return {
      number: licenseIdNumber(i),
      organizationId: organizationOf.get(`PCN-B${pad(k, 6)}`)!,
      programId: programOf[k]!,
      ...(k % 2 === 0 ? { parentAgreementNumber: `E-${pad(k, 6)}` } : {}),
      cloud: 'public',
      startDate: isoDate(start),
      endDate: isoDate(end),
      ...(random.next() < 0.5 ? { saEndDate: isoDate(end - random.int(365)) } : {}),
      contacts: [
        { kind: 'primary', name: primary.split('@')[0]!, email: primary },
        { kind: 'notices', name: `User ${i}`, email: userEmail(i) },
        { kind: 'bill-to', name: 'Licensing desk', email: BENCH_ACCOUNTS.exportAll },
      ],
    };
  });
  phase(`License IDs: ${shape.licenseIds.toLocaleString('en')} through the import (contacts get their roles)`);
  await runImport(importer, actor, 'license-ids', licenseIdRecords, log, started);

  // ---------------------------------------------------------------- orders (import → createOrders batches)
  phase(
    `orders: ${shape.orders.toLocaleString('en')} with ${(shape.orders * shape.linesPerOrder).toLocaleString('en')} lines through the import`,
  );
  const orderProgress = progress(log, 'orders', performance.now());
  for (let start = 0; start < shape.orders; start += ORDERS_PER_CHUNK) {
    const chunk: CreateOrderInput[] = Array.from(
      { length: Math.min(ORDERS_PER_CHUNK, shape.orders - start) },
      (_, k) => {
        const j = start + k;
        const i = j % shape.licenseIds;
        const term = terms[i]!;
        return {
          licenseIdNumber: licenseIdNumber(i),
          partnerOrderNumber: `PO-${pad(j, 8)}`,
          orderedOn: isoDate(term.start + random.int(term.end - term.start)),
          lines: Array.from({ length: shape.linesPerOrder }, () => {
            const p = random.pick(CATALOG);
            return {
              partNumber: `${p.family.slice(0, 3).toUpperCase()}-${random.int(10_000)}`,
              product: p.name,
              productFamily: p.family,
              version: p.version,
              pool: p.pool,
              licenseType: random.pick(LICENSE_TYPES),
              quantity: 1 + random.int(500),
              country: random.pick(COUNTRIES),
            };
          }),
        };
      },
    );
    await runImport(importer, actor, 'orders', chunk, () => {}, started);
    orderProgress(start + chunk.length, shape.orders);
  }

  // As autovacuum leaves tables that have settled: statistics, and the visibility map set, so that index-only scans
  // (the license summary's positions) read no heap pages. Straight after a bulk load they would visit the heap for
  // every row, which measures the load, not the steady state.
  phase('vacuum analyze');
  await db.execute(sql`vacuum analyze`);
  const counts: Record<string, number> = {};
  for (const table of [
    'organizations',
    'license_ids',
    'orders',
    'order_lines',
    'accounts',
    'vl_profiles',
    'vl_role_assignments',
    'product_keys',
    'audit_log',
    'mail_messages',
  ])
    counts[table] = await count(db, table);
  log(`done in ${secondsSince(started)} s: ${JSON.stringify(counts)}`);
  return {
    counts,
    accounts: {
      admin50: { signInName: BENCH_ACCOUNTS.admin50, licenseIds: Math.min(ADMIN_LICENSE_IDS, shape.licenseIds) },
      summary: { signInName: BENCH_ACCOUNTS.summary, licenseIds: summaryEnd - ADMIN_LICENSE_IDS },
      exportAll: { signInName: BENCH_ACCOUNTS.exportAll, licenseIds: shape.licenseIds },
    },
    summaryLicenseIds: Array.from({ length: summaryEnd - ADMIN_LICENSE_IDS }, (_, k) =>
      licenseIdNumber(ADMIN_LICENSE_IDS + k),
    ),
    seconds: Number(secondsSince(started)),
  };
}

async function runImport(
  importer: ReturnType<typeof createImportService>,
  actor: PartnerActor,
  kind: ImportKind,
  records: readonly unknown[],
  log: Log,
  started: number,
) {
  const result = await importer.importRecords(actor, kind, records, {
    onProgress: progress(log, kind, performance.now()),
  });
  // The dataset is built to be valid: a rejection is a bug in this generator (or a rule it does not know).
  if (result.rejected.length > 0)
    throw new Error(`${kind}: ${result.rejected.length} rejected, e.g. ${JSON.stringify(result.rejected[0])}`);
  void started;
  return result;
}

const KEY_ALPHABET = 'BCDFGHJKMPQRTVWXY2346789';
/** A 5×5 product key, unique per (product, index): the index is spelled in the last two groups. */
function productKey(product: string, index: number, random: ReturnType<typeof prng>): string {
  const chars = (n: number) => Array.from({ length: n }, () => random.pick([...KEY_ALPHABET])).join('');
  let rest = index;
  let spelled = '';
  for (let k = 0; k < 10; k++) {
    spelled = KEY_ALPHABET[rest % KEY_ALPHABET.length]! + spelled;
    rest = Math.floor(rest / KEY_ALPHABET.length);
  }
  const tag = KEY_ALPHABET[product.length % KEY_ALPHABET.length]!;
  return `${tag}${chars(4)}-${chars(5)}-${chars(5)}-${spelled.slice(0, 5)}-${spelled.slice(5)}`;
}

async function count(db: Database, table: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(db, sql.raw(`select count(*)::int as n from ${table}`));
  return row!.n;
}

const secondsSince = (start: number) => ((performance.now() - start) / 1000).toFixed(1);

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const scale = Number(args.get('scale') ?? '1');
  const seed = Number(args.get('seed') ?? '1');
  if (!(scale > 0) || !Number.isInteger(seed)) throw new Error('--scale must be > 0 and --seed an integer');
  const root = args.get('data');
  if (args.has('import-license-ids'))
    throw new Error(
      '--import-license-ids is gone: every License ID goes through the import (createLicenseIds batches)',
    );
  for (const db of dbsOf(args.get('db'))) {
    const present = readManifest(db, root);
    if (present && present.scale === scale && present.seed === seed && !args.has('force')) {
      console.log(`${db}: dataset of scale ${scale}, seed ${seed} already there (--force to build it again)`);
      continue;
    }
    // A new dataset starts from an empty database: remove what an older one left. --resume carries on with one a
    // crash (or Ctrl-C) interrupted: every step skips what is already there.
    if (!args.has('resume')) fs.rmSync(datasetDir(db, root), { recursive: true, force: true });
    const log = (line: string) => console.log(`[${db}] ${line}`);
    if (db === 'pglite' && !args.has('through-import')) {
      const source = readManifest('postgres', root);
      if (!source || source.scale !== scale || source.seed !== seed)
        throw new Error(
          `pglite: copies the postgres dataset of scale ${scale}, seed ${seed}: generate that first (or pass --through-import)`,
        );
      log('copying the postgres dataset (generated through the import) into PGlite');
      const started = performance.now();
      const from = await openDataset('postgres', root);
      try {
        const to = await openDataset('pglite', root);
        await copyToPglite({
          postgresUrl: from.env.DATABASE_URL!,
          exchangeDir: path.join(datasetDir('postgres', root), 'server'),
          pgliteDir: path.join(to.config.dataDir, 'pgdata'),
          log,
        });
      } finally {
        await from.stop();
      }
      const seconds = Math.round((performance.now() - started) / 1000);
      writeManifest({ ...source, db: 'pglite', source: 'copy of the postgres dataset', seconds }, root);
      log(`done in ${seconds} s`);
      continue;
    }
    log(`generating scale ${scale}, seed ${seed}: ${JSON.stringify(shapeOf(scale))}`);
    const dataset = await openDataset(db, root);
    const handle = await openDatabase(dataset.config);
    try {
      const result = await generate(handle, dataset.config, {
        scale,
        seed,
        log,
        dataDir: dataset.config.dataDir,
      });
      const manifest: Manifest = {
        db,
        scale,
        seed,
        source: 'import',
        importedLicenseIds: null,
        ...result,
      };
      writeManifest(manifest, root);
    } finally {
      await handle.close();
      await dataset.stop();
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
