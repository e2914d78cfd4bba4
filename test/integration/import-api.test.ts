// POST /api/v1/partner/imports: the bulk import service over the partner API — the same schemas and rules as the
// create routes, records already present skipped, rejected records named by index and field, bad input changes
// nothing, and only a partner may call it (for its own records).
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type Database } from '../../src/db/client.js';
import { verifyAuditLog } from '../../src/modules/audit/verify.js';
import { createTestApp, signIn, type TestApp } from '../helpers/app.js';
import { createAccount, createTenant, TEST_PASSWORD } from '../helpers/builders.js';
import {
  contact,
  createLicenseId,
  createOrganization,
  createPartner,
  licenseIdBody,
  nextLicenseIdNumber,
  orderBody,
  organizationBody,
  type PartnerFixture,
} from '../helpers/partner.js';

let t: TestApp;
let northwind: PartnerFixture;
let fabrikam: PartnerFixture;
let organizationId: string;
let licenseIdNumber: string;

beforeAll(async () => {
  t = await createTestApp();
  [northwind, fabrikam] = await Promise.all([createPartner(t.db.db, 'Northwind'), createPartner(t.db.db, 'Fabrikam')]);
  organizationId = await createOrganization(t.app, t.db.db, northwind, {
    body: { name: 'Import Base Ltd', pcns: ['PCN-IMP-0001'] },
  });
  licenseIdNumber = (await createLicenseId(t.app, northwind, licenseIdBody(organizationId))).licenseId.number;
});
afterAll(() => t.close());

const importCall = (payload: unknown, headers: Record<string, string> = northwind.headers) =>
  t.app.inject({ method: 'POST', url: '/api/v1/partner/imports', payload: payload as object, headers });

async function counts(db: Database) {
  const [row] = await queryRows<{
    organizations: number;
    license_ids: number;
    contacts: number;
    orders: number;
    order_lines: number;
    mail: number;
  }>(
    db,
    sql`select
      (select count(*)::int from organizations) as organizations,
      (select count(*)::int from license_ids) as license_ids,
      (select count(*)::int from agreement_contacts) as contacts,
      (select count(*)::int from orders) as orders,
      (select count(*)::int from order_lines) as order_lines,
      (select count(*)::int from mail_messages) as mail`,
  );
  return row!;
}

describe('importing', () => {
  it('organizations: imports, then a repeat finds them all present', async () => {
    const records = [
      organizationBody({ name: 'Alpha Ltd', pcns: ['PCN-IMP-A1'] }),
      organizationBody({ name: 'Beta Ltd', pcns: ['PCN-IMP-B1', 'PCN-IMP-B2'] }),
    ];
    const first = await importCall({ kind: 'organizations', records });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({ imported: 2, alreadyPresent: 0, rejected: [] });
    const again = await importCall({ kind: 'organizations', records });
    expect(again.json()).toEqual({ imported: 0, alreadyPresent: 2, rejected: [] });
  });

  it('License IDs with contacts send the welcome e-mails as the create route does', async () => {
    const before = await counts(t.db.db);
    const records = [
      licenseIdBody(organizationId, { contacts: [contact('primary', 'primary@import-api.example')] }),
      licenseIdBody(organizationId),
    ];
    const response = await importCall({ kind: 'license-ids', records });
    expect(response.json()).toEqual({ imported: 2, alreadyPresent: 0, rejected: [] });
    const after = await counts(t.db.db);
    expect(after.license_ids - before.license_ids).toBe(2);
    expect(after.contacts - before.contacts).toBe(1);
    expect(after.mail - before.mail).toBe(1);
    expect((await importCall({ kind: 'license-ids', records })).json()).toMatchObject({ alreadyPresent: 2 });
  });

  it('orders: a bad record is rejected by index and field, the others are imported; a repeat adds nothing', async () => {
    const good = (n: number) => orderBody(licenseIdNumber, { partnerOrderNumber: `PO-IMP-API-${n}` });
    const bad = orderBody(licenseIdNumber, { partnerOrderNumber: 'PO-IMP-API-BAD' });
    (bad.lines[0] as Record<string, unknown>).quantity = 0;
    const unknownLicense = orderBody('V9999999', { partnerOrderNumber: 'PO-IMP-API-NOLIC' });
    const records = [good(1), bad, good(2), unknownLicense, good(3)];
    const before = await counts(t.db.db);
    const first = await importCall({ kind: 'orders', records });
    expect(first.statusCode, first.body).toBe(200);
    const body = first.json();
    expect(body.imported).toBe(3);
    expect(body.alreadyPresent).toBe(0);
    expect(body.rejected).toEqual([
      { index: 1, fields: [{ name: 'lines.0.quantity', message: expect.any(String), rule: 'too_small', limit: 1 }] },
      {
        index: 3,
        fields: [{ name: '(record)', message: expect.stringContaining('license_id.not_found'), rule: 'invalid' }],
      },
    ]);
    expect((await counts(t.db.db)).order_lines - before.order_lines).toBe(3);
    const again = (await importCall({ kind: 'orders', records })).json();
    expect(again).toMatchObject({ imported: 0, alreadyPresent: 3 });
    expect(again.rejected.map((r: { index: number }) => r.index)).toEqual([1, 3]);
    expect((await counts(t.db.db)).order_lines - before.order_lines).toBe(3);
  });

  it('an order refused in a batch does not hide a later order with its number; the audit chain stays whole', async () => {
    const number = 'PO-IMP-API-SECOND-CHANCE';
    const records = [
      orderBody('V9999998', { partnerOrderNumber: number }),
      orderBody(licenseIdNumber, { partnerOrderNumber: number }),
      ...Array.from({ length: 30 }, (_, i) => orderBody(licenseIdNumber, { partnerOrderNumber: `PO-IMP-CHAIN-${i}` })),
    ];
    const body = (await importCall({ kind: 'orders', records })).json();
    expect(body).toMatchObject({ imported: 31, alreadyPresent: 0 });
    expect(body.rejected.map((r: { index: number }) => r.index)).toEqual([0]);
    // The batch's audit entries went in with multi-row INSERTs: the hash chain must still verify, one entry an order.
    expect(await verifyAuditLog(t.db.db)).toMatchObject({ ok: true });
    const [audits] = await queryRows<{ n: number }>(
      t.db.db,
      sql`select count(*)::int as n from audit_log where action = 'order.created' and details->>'partnerOrderNumber' like 'PO-IMP-CHAIN-%'`,
    );
    expect(audits!.n).toBe(30);
  });

  it('a record repeated within one call is imported once', async () => {
    const record = orderBody(licenseIdNumber, { partnerOrderNumber: 'PO-IMP-API-TWICE' });
    expect((await importCall({ kind: 'orders', records: [record, record] })).json()).toEqual({
      imported: 1,
      alreadyPresent: 1,
      rejected: [],
    });
  });
});

describe('bad input changes nothing', () => {
  const cases: [string, unknown][] = [
    ['no body', undefined],
    ['no kind', { records: [organizationBody()] }],
    ['an unknown kind', { kind: 'invoices', records: [organizationBody()] }],
    ['records not an array', { kind: 'orders', records: {} }],
    ['no records', { kind: 'orders', records: [] }],
    ['too many records', { kind: 'orders', records: Array.from({ length: 5001 }, () => ({})) }],
    ['an unknown property', { kind: 'orders', records: [{}], dryRun: true }],
  ];
  for (const [name, payload] of cases) {
    it(name, async () => {
      const before = await counts(t.db.db);
      const response = await importCall(payload);
      expect(response.statusCode, response.body).toBe(400);
      expect(response.headers['content-type']).toMatch(/problem\+json/);
      expect(await counts(t.db.db)).toEqual(before);
    });
  }

  it('every record invalid: all rejected, nothing written', async () => {
    const before = await counts(t.db.db);
    const response = await importCall({
      kind: 'license-ids',
      records: [{ number: 'lower-case' }, 42, licenseIdBody(organizationId, { cloud: 'mars' })],
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.imported).toBe(0);
    expect(body.rejected.map((r: { index: number }) => r.index)).toEqual([0, 1, 2]);
    expect(body.rejected[0].fields.map((f: { name: string }) => f.name)).toEqual(
      expect.arrayContaining(['number', 'organizationId']),
    );
    expect(body.rejected[2].fields).toEqual([{ name: 'cloud', message: expect.any(String), rule: 'not_allowed' }]);
    expect(await counts(t.db.db)).toEqual(before);
  });
});

describe('who may import', () => {
  it('signed out: 401', async () => {
    const response = await importCall({ kind: 'organizations', records: [organizationBody()] }, {});
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe('auth.required');
  });

  it('another partner cannot add orders to my License IDs, nor see my orders as present', async () => {
    const before = await counts(t.db.db);
    const response = await importCall(
      { kind: 'orders', records: [orderBody(licenseIdNumber, { partnerOrderNumber: 'PO-IMP-API-1' })] },
      fabrikam.headers,
    );
    expect(response.json()).toMatchObject({ imported: 0, alreadyPresent: 0, rejected: [{ index: 0 }] });
    expect(response.json().rejected[0].fields[0].message).toContain('license_id.not_found');
    const licenseIds = await importCall(
      { kind: 'license-ids', records: [licenseIdBody(organizationId, { number: nextLicenseIdNumber() })] },
      fabrikam.headers,
    );
    expect(licenseIds.json().rejected[0].fields[0].message).toContain('organization.not_found');
    expect(await counts(t.db.db)).toEqual(before);
  });

  it('a customer, a tenant admin or an operator signed in: 404', async () => {
    const tenant = await createTenant(t.db.db, { displayName: 'Import customers' });
    await createAccount(t.db.db, { tenantId: tenant.id, signInName: 'customer@import-api.example' });
    await createAccount(t.db.db, { tenantId: tenant.id, signInName: 'admin@import-api.example', isGlobalAdmin: true });
    await createAccount(t.db.db, { tenantId: tenant.id, signInName: 'operator@import-api.example', isOperator: true });
    for (const login of ['customer@import-api.example', 'admin@import-api.example', 'operator@import-api.example']) {
      const s = await signIn(t.app, login, TEST_PASSWORD);
      const response = await importCall({ kind: 'organizations', records: [organizationBody()] }, s.headers);
      expect(response.statusCode, login).toBe(404);
    }
  });
});
