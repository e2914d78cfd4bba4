// The demo world: enough to try vlcenter on a fresh clone. Seeded on first start of an empty embedded database
// and by `vlcenter seed-demo`. Never seeded into a database that already has tenants.
import { Readable } from 'node:stream';
import { count, eq } from 'drizzle-orm';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import {
  accounts,
  agreementContacts,
  domains,
  licenseIds,
  orderLines,
  orders,
  organizations,
  partners,
  productFamilies,
  products,
  tenants,
  vlProfiles,
  vlRoleAssignments,
} from '../db/schema.js';
import { randomToken } from '../clock.js';
import { hashPassword } from '../modules/session/passwords.js';
import { recordAudit } from '../modules/audit/service.js';
import type { CatalogActor } from '../modules/catalog/service.js';
import { createStandaloneCatalog } from '../modules/catalog/standalone.js';

/** Demo accounts only: printed at start and used by the end-to-end tests. */
export const DEMO_PASSWORD = 'Demo-Password-2026';

export const DEMO_SIGN_INS = [
  { role: 'operator (publisher staff)', signInName: 'operator@publisher.example' },
  { role: 'Contoso global administrator', signInName: 'admin@contoso.example' },
  { role: 'Fourth Coffee member (unmanaged tenant)', signInName: 'ana@fourthcoffee.example' },
  { role: 'Northwind Licensing partner console', signInName: 'partner@northwind.example' },
  { role: 'Litware VL administrator (3 License IDs)', signInName: 'lee@litware.example' },
] as const;

export async function isDatabaseEmpty(db: Database): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(tenants);
  return (row?.n ?? 0) === 0;
}

export async function hasDemoWorld(db: Database): Promise<boolean> {
  const [row] = await db
    .select({ n: count() })
    .from(accounts)
    .where(eq(accounts.signInName, DEMO_SIGN_INS[0].signInName));
  return (row?.n ?? 0) > 0;
}

/** Seeds the demo world; returns false (and changes nothing) when the database already has tenants. */
export async function seedDemo(db: Database, clock: Clock, config: Config, secretKey: Buffer): Promise<boolean> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const seeded = await db.transaction(async (tx) => {
    const [existing] = await tx.select({ n: count() }).from(tenants);
    if ((existing?.n ?? 0) > 0) return false;
    const now = clock.now();

    const [publisher] = await tx
      .insert(tenants)
      .values({
        displayName: 'vlcenter Publisher',
        cloud: 'public',
        initialDomain: 'publisher.onvlcenter.example',
        state: 'managed',
      })
      .returning();
    const [contoso] = await tx
      .insert(tenants)
      .values({
        displayName: 'Contoso',
        cloud: 'public',
        initialDomain: 'contoso.onvlcenter.example',
        state: 'managed',
      })
      .returning();
    const [northwind] = await tx
      .insert(tenants)
      .values({
        displayName: 'Northwind Licensing',
        cloud: 'public',
        initialDomain: 'northwind.onvlcenter.example',
        state: 'managed',
      })
      .returning();
    const [fourthCoffee] = await tx
      .insert(tenants)
      .values({
        displayName: 'Fourth Coffee',
        cloud: 'public',
        initialDomain: 'fourthcoffee.onvlcenter.example',
        state: 'unmanaged',
      })
      .returning();

    await tx.insert(domains).values([
      {
        tenantId: publisher!.id,
        name: 'publisher.example',
        state: 'verified',
        verificationToken: randomToken(16),
        verifiedAt: now,
      },
      {
        tenantId: contoso!.id,
        name: 'contoso.example',
        state: 'verified',
        verificationToken: randomToken(16),
        verifiedAt: now,
      },
      {
        tenantId: northwind!.id,
        name: 'northwind.example',
        state: 'verified',
        verificationToken: randomToken(16),
        verifiedAt: now,
      },
      // An unmanaged tenant's domain was proved by e-mail at sign-up, not by DNS: takeover proves it by DNS.
      {
        tenantId: fourthCoffee!.id,
        name: 'fourthcoffee.example',
        state: 'unverified',
        verificationToken: randomToken(16),
      },
    ]);

    await tx.insert(accounts).values([
      {
        tenantId: publisher!.id,
        kind: 'work',
        cloud: 'public',
        signInName: 'operator@publisher.example',
        displayName: 'Olivia Operator',
        passwordHash,
        isGlobalAdmin: true,
        isOperator: true,
      },
      {
        tenantId: contoso!.id,
        kind: 'work',
        cloud: 'public',
        signInName: 'admin@contoso.example',
        displayName: 'Alex Admin',
        passwordHash,
        isGlobalAdmin: true,
      },
      {
        tenantId: fourthCoffee!.id,
        kind: 'work',
        cloud: 'public',
        signInName: 'ana@fourthcoffee.example',
        displayName: 'Ana Bowman',
        passwordHash,
      },
    ]);

    const [partner] = await tx
      .insert(partners)
      .values({ name: 'Northwind Licensing', pcn: 'PCN-NW-0001', notificationEmail: 'licensing@northwind.example' })
      .returning();
    // Partner staff use the partner console (the partner API with their session); API tokens are issued by an
    // operator and shown once, so the demo has none.
    await tx.insert(accounts).values({
      tenantId: northwind!.id,
      kind: 'work',
      cloud: 'public',
      signInName: 'partner@northwind.example',
      displayName: 'Nadia Partner',
      passwordHash,
      isGlobalAdmin: true,
      partnerId: partner!.id,
    });
    await tx.insert(organizations).values([
      {
        name: 'Contoso Ltd',
        city: 'Redmond',
        country: 'US',
        pcns: ['PCN-CO-1001'],
        approvalState: 'approved',
        tenantId: contoso!.id,
        partnerId: partner!.id,
      },
      {
        name: 'Fourth Coffee',
        city: 'Amsterdam',
        country: 'NL',
        pcns: ['PCN-FC-2001'],
        approvalState: 'pending',
        tenantId: fourthCoffee!.id,
        partnerId: partner!.id,
      },
    ]);

    const families = await tx
      .insert(productFamilies)
      .values([{ name: 'Office' }, { name: 'Windows' }, { name: 'Windows Server' }, { name: 'SQL Server' }])
      .returning();
    const family = (name: string) => families.find((f) => f.name === name)!.id;
    await tx.insert(products).values([
      {
        familyId: family('Office'),
        name: 'Office LTSC Professional Plus',
        version: '2024',
        pool: 'applications',
        keyTypes: ['mak'],
      },
      {
        familyId: family('Windows'),
        name: 'Windows 11 Enterprise',
        version: '24H2',
        pool: 'systems',
        keyTypes: ['mak'],
      },
      {
        familyId: family('Windows Server'),
        name: 'Windows Server Datacenter',
        version: '2025',
        pool: 'servers',
        keyTypes: ['kms-host'],
      },
      // Its key is in the installation media: the keys page says it needs none.
      {
        familyId: family('SQL Server'),
        name: 'SQL Server Standard',
        version: '2022',
        pool: 'servers',
        needsKey: false,
      },
    ]);

    // Litware: a customer of its own (so the other demo organizations stay as the tests expect them) whose licensing
    // lead administers three License IDs with orders — Volume licensing has something to show on a fresh clone.
    const [litware] = await tx
      .insert(tenants)
      .values({
        displayName: 'Litware',
        cloud: 'public',
        initialDomain: 'litware.onvlcenter.example',
        state: 'managed',
      })
      .returning();
    await tx.insert(domains).values({
      tenantId: litware!.id,
      name: 'litware.example',
      state: 'verified',
      verificationToken: randomToken(16),
      verifiedAt: now,
    });
    const [lee] = await tx
      .insert(accounts)
      .values({
        tenantId: litware!.id,
        kind: 'work',
        cloud: 'public',
        signInName: 'lee@litware.example',
        displayName: 'Lee Licensing',
        passwordHash,
        isGlobalAdmin: true,
      })
      .returning();
    const [litwareOrg] = await tx
      .insert(organizations)
      .values({
        name: 'Litware Inc',
        city: 'Rotterdam',
        country: 'NL',
        pcns: ['PCN-LW-3001'],
        approvalState: 'approved',
        tenantId: litware!.id,
        partnerId: partner!.id,
      })
      .returning();
    const agreements = await tx
      .insert(licenseIds)
      .values(
        [
          { number: 'LW-1001', programId: 'select-plus', startDate: '2025-07-01', endDate: '2028-06-30' },
          { number: 'LW-1002', programId: 'open-value', startDate: '2024-01-01', endDate: '2026-12-31' },
          { number: 'LW-1003', programId: 'enterprise', startDate: '2026-03-01', endDate: '2029-02-28' },
        ].map((a) => ({ ...a, organizationId: litwareOrg!.id, partnerId: partner!.id, cloud: 'public' })),
      )
      .returning();
    await tx.insert(agreementContacts).values(
      agreements.map((a) => ({
        licenseIdId: a.id,
        kind: 'primary',
        name: 'Lee Licensing',
        email: 'lee@litware.example',
      })),
    );
    const [profile] = await tx
      .insert(vlProfiles)
      .values({ businessEmail: 'lee@litware.example', accountId: lee!.id, displayName: 'Lee Licensing' })
      .returning();
    await tx
      .insert(vlRoleAssignments)
      .values(
        agreements.map((a) => ({ vlProfileId: profile!.id, licenseIdId: a.id, role: 'administrator', grantedAt: now })),
      );
    const demoOrders = await tx
      .insert(orders)
      .values(
        agreements.map((a, i) => ({
          partnerId: partner!.id,
          licenseIdId: a.id,
          partnerOrderNumber: `PO-LW-${i + 1}`,
          orderedOn: a.startDate,
        })),
      )
      .returning();
    const line = (
      orderIndex: number,
      lineNumber: number,
      productName: string,
      licenseType: string,
      quantity: number,
    ) => {
      // [family, catalog product, version, pool]: the lines name the catalog's products, so they can be downloaded.
      const product = {
        Office: ['Office', 'Office LTSC Professional Plus', '2024', 'applications'],
        Windows: ['Windows', 'Windows 11 Enterprise', '24H2', 'systems'],
        Server: ['Windows Server', 'Windows Server Datacenter', '2025', 'servers'],
        SQL: ['SQL Server', 'SQL Server Standard', '2022', 'servers'],
      }[productName]!;
      return {
        orderId: demoOrders[orderIndex]!.id,
        lineNumber,
        partNumber: `DEMO-${orderIndex + 1}${lineNumber}`,
        product: product[1]!,
        productFamily: product[0]!,
        version: product[2]!,
        pool: product[3]!,
        licenseType,
        quantity,
        country: 'NL',
      };
    };
    await tx
      .insert(orderLines)
      .values([
        line(0, 1, 'Office', 'license+sa', 120),
        line(0, 2, 'Server', 'license', 8),
        line(0, 3, 'SQL', 'license+sa', 4),
        line(1, 1, 'Windows', 'license+sa', 60),
        line(2, 1, 'Office', 'sa-step-up', 40),
        line(2, 2, 'Windows', 'license+sa', 250),
      ]);

    await recordAudit(tx, clock, { action: 'demo.seeded', actorKind: 'system' });
    return true;
  });
  if (seeded) await seedDemoDownloadsAndKeys(db, clock, config, secretKey);
  return seeded;
}

/** Stands in for an installation image: the bytes of a demo download. */
const demoImage = (product: string, language: string) =>
  Buffer.from(
    `vlcenter demo download: ${product}, ${language}. Not software; it only shows how downloads work.\n`.repeat(512),
  );

/**
 * Lee's products can be downloaded and their keys read: the operator's paths (the catalog service, as `vlcenter
 * catalog` uses it) upload the files (SHA-256 computed) and load as many keys as Lee's License IDs are owed, which
 * hands them out (each load and assignment audited) and leaves the pools empty, as before.
 */
async function seedDemoDownloadsAndKeys(db: Database, clock: Clock, config: Config, secretKey: Buffer) {
  const { catalog, keys } = createStandaloneCatalog(db, clock, config, secretKey);
  const actor: CatalogActor = { kind: 'system', accountId: null, ip: null };
  const idOf = async (name: string) =>
    (await db.select({ id: products.id }).from(products).where(eq(products.name, name)))[0]!.id;
  const office = await idOf('Office LTSC Professional Plus');
  const windows = await idOf('Windows 11 Enterprise');
  const server = await idOf('Windows Server Datacenter');
  const files: [string, string, string, string][] = [
    [office, 'Office LTSC Professional Plus 2024', 'en-US', 'Office_LTSC_ProPlus_2024_x64_en-US.iso'],
    [office, 'Office LTSC Professional Plus 2024', 'nl-NL', 'Office_LTSC_ProPlus_2024_x64_nl-NL.iso'],
    [windows, 'Windows 11 Enterprise 24H2', 'en-US', 'Win11_Enterprise_24H2_x64_en-US.iso'],
  ];
  for (const [productId, product, language, fileName] of files) {
    await catalog.addFile(
      actor,
      productId,
      { fileName, language, os: 'windows', architecture: 'x64', format: 'iso' },
      Readable.from([demoImage(product, language)]),
    );
  }
  // Demo keys, in the shape of real ones: LW-1001 and LW-1003 ordered Office, LW-1002 and LW-1003 Windows, LW-1001
  // Windows Server.
  await keys.loadKeys(actor, office, {
    type: 'mak',
    keys: [
      { key: 'DEMO1-OFF24-MAK7Q-H3KDW-2KF7Q', activationsAllowed: 500 },
      { key: 'DEMO1-OFF24-MAK9X-P8RTV-4HJ2M', activationsAllowed: 250 },
    ],
  });
  await keys.loadKeys(actor, windows, {
    type: 'mak',
    keys: [
      { key: 'DEMO2-WIN11-MAK3P-C6YBN-8TG6W', activationsAllowed: 100 },
      { key: 'DEMO2-WIN11-MAK5R-Q2JXF-6VB3N', activationsAllowed: 500 },
    ],
  });
  await keys.loadKeys(actor, server, { type: 'kms-host', keys: [{ key: 'DEMO3-WS25D-KMS4T-M7GHK-9PX4C', seats: 6 }] });
}
