// Two imports of the same records at once (PostgreSQL only: PGlite has one connection, so nothing runs at once).
// Each test holds open, with a lock, the window in which the other import commits, so that what a race only sometimes
// produces happens every time: the later import counts the records as present — never a refusal, never an error.
import { inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type Transaction } from '../../src/db/client.js';
import { licenseIds, orders } from '../../src/db/schema.js';
import type { CreateLicenseIdInput, CreateOrderInput } from '../../src/modules/agreements/schemas.js';
import type { PartnerActor } from '../../src/modules/agreements/service.js';
import { lockAuditChain } from '../../src/modules/audit/service.js';
import { verifyAuditLog } from '../../src/modules/audit/verify.js';
import type { ImportService } from '../../src/modules/import/service.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import {
  contact,
  createLicenseId,
  createOrganization,
  createPartner,
  licenseIdBody,
  nextLicenseIdNumber,
  importServices,
  orderBody,
  partnerActor,
} from '../helpers/partner.js';

let t: TestApp;
let actor: PartnerActor;
let importer: ImportService;
let organizationId: string;
let licenseIdNumber: string;

beforeAll(async () => {
  t = await createTestApp();
  const partner = await createPartner(t.db.db, 'Northwind');
  actor = partnerActor(partner.id);
  ({ importer } = importServices(t));
  organizationId = await createOrganization(t.app, t.db.db, partner, { body: { name: 'Race Ltd' } });
  licenseIdNumber = (await createLicenseId(t.app, partner, licenseIdBody(organizationId))).licenseId.number;
});
afterAll(() => t?.close());

/** Runs `lock` in a transaction of its own and holds it until `release` is called. */
async function holdLock(lock: (tx: Transaction) => Promise<unknown>) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let taken!: () => void;
  const lockTaken = new Promise<void>((resolve) => (taken = resolve));
  const holder = t.db.db.transaction(async (tx) => {
    await lock(tx);
    taken();
    await released;
  });
  await lockTaken;
  return async () => {
    release();
    await holder;
  };
}

/** Until `n` sessions of this database wait for a lock (a row, a unique index entry or an advisory lock). */
async function untilWaiting(n: number): Promise<void> {
  for (let i = 0; i < 400; i++) {
    const [row] = await queryRows<{ n: number }>(
      t.db.db,
      sql`select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()`,
    );
    if (row!.n === n) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting for ${n} sessions to wait for a lock`);
}

describe('two imports of the same records at once', () => {
  it('License IDs another import commits after this one looked for them are counted as present', async () => {
    const numbers = Array.from({ length: 4 }, () => nextLicenseIdNumber('RACE'));
    // The same numbers under two programs: a lock on Select Plus stops only the first import, after its presence
    // check and before it checks the numbers, while the second imports them all.
    const selectPlus = numbers.map(
      (number) =>
        licenseIdBody(organizationId, {
          number,
          contacts: [contact('primary', 'race@race.example')],
        }) as CreateLicenseIdInput,
    );
    const enterprise = numbers.map(
      (number) =>
        licenseIdBody(organizationId, {
          number,
          programId: 'enterprise',
          contacts: [contact('notices', 'race@race.example')],
        }) as CreateLicenseIdInput,
    );
    const unlock = await holdLock((tx) => tx.execute(sql`select id from programs where id = 'select-plus' for update`));
    const waiting = importer.importRecords(actor, 'license-ids', selectPlus);
    await untilWaiting(1);
    expect(await importer.importRecords(actor, 'license-ids', enterprise)).toEqual({
      imported: 4,
      alreadyPresent: 0,
      rejected: [],
    });
    await unlock();
    expect(await waiting).toEqual({ imported: 0, alreadyPresent: 4, rejected: [] });
    const rows = await t.db.db.select().from(licenseIds).where(inArray(licenseIds.number, numbers));
    expect(rows.map((r) => r.programId)).toEqual(['enterprise', 'enterprise', 'enterprise', 'enterprise']);
    expect(await verifyAuditLog(t.db.db)).toMatchObject({ ok: true });
  });

  it('orders another import inserted first are counted as present once it commits', async () => {
    const records = Array.from(
      { length: 3 },
      (_, i) => orderBody(licenseIdNumber, { partnerOrderNumber: `PO-RACE-${i}-${Date.now()}` }) as CreateOrderInput,
    );
    // Both imports pass their checks; the first inserts its orders and waits for the audit chain's lock (held
    // here), the second waits for the first's order numbers in the unique index. When the first commits, the
    // second's insert fails on them: its batch runs again and finds them present.
    const unlock = await holdLock(lockAuditChain);
    const first = importer.importRecords(actor, 'orders', records);
    await untilWaiting(1);
    const second = importer.importRecords(actor, 'orders', records);
    await untilWaiting(2);
    await unlock();
    expect(await Promise.all([first, second])).toEqual([
      { imported: 3, alreadyPresent: 0, rejected: [] },
      { imported: 0, alreadyPresent: 3, rejected: [] },
    ]);
    const numbers = records.map((r) => r.partnerOrderNumber);
    expect(await t.db.db.select().from(orders).where(inArray(orders.partnerOrderNumber, numbers))).toHaveLength(3);
    expect(await verifyAuditLog(t.db.db)).toMatchObject({ ok: true });
  });
});
