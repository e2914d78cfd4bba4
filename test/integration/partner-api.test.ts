// The partner API on the project's database: creating organizations, License IDs with contacts and orders; reading
// them back; a partner only ever reaches its own records; Idempotency-Key; every route's bad input changes nothing;
// who may call it (token, console session, nobody else).
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type Database } from '../../src/db/client.js';
import { accounts, auditLog, organizations, parentAgreements, productFamilies, products } from '../../src/db/schema.js';
import { createTestApp, signIn, type TestApp } from '../helpers/app.js';
import { createAccount, createTenant, TEST_PASSWORD } from '../helpers/builders.js';
import {
  createLicenseId,
  createOrganization,
  createPartner,
  licenseIdBody,
  orderBody,
  organizationBody,
  type PartnerFixture,
} from '../helpers/partner.js';

let t: TestApp;
let northwind: PartnerFixture;
let fabrikam: PartnerFixture;
let officeProductId: string;

beforeAll(async () => {
  t = await createTestApp();
  [northwind, fabrikam] = await Promise.all([createPartner(t.db.db, 'Northwind'), createPartner(t.db.db, 'Fabrikam')]);
  const [family] = await t.db.db.insert(productFamilies).values({ name: 'Office' }).returning();
  const [product] = await t.db.db
    .insert(products)
    .values({ familyId: family!.id, name: 'Office LTSC Professional Plus', version: '2024', pool: 'applications' })
    .returning();
  officeProductId = product!.id;
});
afterAll(() => t.close());

const post = (url: string, payload: unknown, headers: Record<string, string> = northwind.headers) =>
  t.app.inject({ method: 'POST', url, payload: payload as object, headers });
const get = (url: string, headers: Record<string, string> = northwind.headers) =>
  t.app.inject({ method: 'GET', url, headers });

/** Row counts of every table the partner API writes: bad input must leave them all as they were. */
async function counts(db: Database) {
  const [row] = await queryRows<Record<string, number>>(
    db,
    sql`select
      (select count(*)::int from organizations) as organizations,
      (select count(*)::int from license_ids) as license_ids,
      (select count(*)::int from parent_agreements) as parent_agreements,
      (select count(*)::int from agreement_contacts) as contacts,
      (select count(*)::int from orders) as orders,
      (select count(*)::int from order_lines) as order_lines,
      (select count(*)::int from idempotency_keys) as idempotency_keys,
      (select count(*)::int from invitations) as invitations,
      (select count(*)::int from mail_messages) as mail`,
  );
  return row!;
}

describe('organizations', () => {
  it('creates an organization pending approval, audited, and reads it back', async () => {
    const created = await post('/api/v1/partner/organizations', organizationBody({ name: '  Contoso Ltd ' }));
    expect(created.statusCode, created.body).toBe(201);
    const organization = created.json();
    expect(organization).toMatchObject({
      name: 'Contoso Ltd',
      city: 'Redmond',
      country: 'US',
      pcns: ['PCN-CO-1001'],
      approvalState: 'pending',
    });
    expect((await get(`/api/v1/partner/organizations/${organization.id}`)).json()).toEqual(organization);
    const list = (await get('/api/v1/partner/organizations')).json();
    expect(list.items.map((o: { id: string }) => o.id)).toContain(organization.id);
    const [audit] = await t.db.db.select().from(auditLog).where(eq(auditLog.target, organization.id));
    expect(audit).toMatchObject({ action: 'organization.created', actorKind: 'partner' });
    expect(audit!.details).toMatchObject({ partnerId: northwind.id });
  });

  it('pages through the list with a cursor, newest first, without gaps or repeats', async () => {
    const partner = await createPartner(t.db.db);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push(await createOrganization(t.app, t.db.db, partner, { body: { name: `Org ${i}` } }));
      t.clock.advance(1000);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = (
        await get(`/api/v1/partner/organizations?limit=2${cursor ? `&cursor=${cursor}` : ''}`, partner.headers)
      ).json();
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((o) => o.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
    const bad = await get('/api/v1/partner/organizations?cursor=not-a-cursor', partner.headers);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().fields[0].name).toBe('querystring.cursor');
  });
});

describe('scoping: a partner reaches only its own records', () => {
  let organizationId: string;
  let number: string;
  let orderId: string;
  beforeAll(async () => {
    organizationId = await createOrganization(t.app, t.db.db, northwind);
    number = (await createLicenseId(t.app, northwind, licenseIdBody(organizationId))).licenseId.number;
    const order = await post('/api/v1/partner/orders', orderBody(number));
    expect(order.statusCode, order.body).toBe(201);
    orderId = order.json().id;
  });

  it('another partner gets 404 for the organization, the License ID and the order', async () => {
    expect((await get(`/api/v1/partner/organizations/${organizationId}`, fabrikam.headers)).json().code).toBe(
      'organization.not_found',
    );
    expect((await get(`/api/v1/partner/license-ids/${number}`, fabrikam.headers)).json().code).toBe(
      'license_id.not_found',
    );
    expect((await get(`/api/v1/partner/orders/${orderId}`, fabrikam.headers)).statusCode).toBe(404);
    for (const list of ['organizations', 'license-ids', 'orders']) {
      const items = (await get(`/api/v1/partner/${list}`, fabrikam.headers)).json().items as { id: string }[];
      expect(items.map((i) => i.id)).not.toContain(organizationId);
      expect(JSON.stringify(items)).not.toContain(number);
    }
  });

  it('another partner cannot add a License ID to the organization or an order to the License ID', async () => {
    const before = await counts(t.db.db);
    const license = await post('/api/v1/partner/license-ids', licenseIdBody(organizationId), fabrikam.headers);
    expect(license.statusCode).toBe(404);
    expect(license.json().code).toBe('organization.not_found');
    const order = await post('/api/v1/partner/orders', orderBody(number), fabrikam.headers);
    expect(order.statusCode).toBe(404);
    expect(order.json().code).toBe('license_id.not_found');
    expect(await counts(t.db.db)).toEqual(before);
  });
});

describe('License IDs', () => {
  let organizationId: string;
  beforeAll(async () => {
    organizationId = await createOrganization(t.app, t.db.db, northwind, { body: { name: 'Litware' } });
  });

  it('creates a License ID with contacts (e-mails normalized) and a parent agreement, reused by its siblings', async () => {
    const body = licenseIdBody(organizationId, {
      parentAgreementNumber: 'MA-7001',
      saEndDate: '2028-12-31',
      contacts: [
        { kind: 'signatory', name: 'Sam Signer', email: 'Sam@Litware.example' },
        { kind: 'subscriptions-manager', name: 'Sue Subs', email: 'sue@litware.example' },
      ],
    });
    const first = await createLicenseId(t.app, northwind, body);
    expect(first.licenseId).toMatchObject({
      number: body.number,
      organizationName: 'Litware',
      programId: 'select-plus',
      programName: 'Select Plus',
      parentAgreementNumber: 'MA-7001',
      cloud: 'public',
      status: 'active',
      startDate: '2026-01-01',
      endDate: '2028-12-31',
      saEndDate: '2028-12-31',
    });
    expect(first.licenseId).toHaveProperty('contacts', [
      { kind: 'signatory', name: 'Sam Signer', email: 'sam@litware.example' },
      { kind: 'subscriptions-manager', name: 'Sue Subs', email: 'sue@litware.example' },
    ]);
    // Neither kind gets a role by default: nobody is welcomed.
    expect(first.welcome).toEqual([]);
    const second = await createLicenseId(
      t.app,
      northwind,
      licenseIdBody(organizationId, { parentAgreementNumber: 'MA-7001' }),
    );
    expect(second.licenseId).toHaveProperty('parentAgreementNumber', 'MA-7001');
    const parents = await t.db.db.select().from(parentAgreements).where(eq(parentAgreements.number, 'MA-7001'));
    expect(parents).toHaveLength(1);
    const read = await get(`/api/v1/partner/license-ids/${body.number}`);
    expect(read.json()).toEqual(first.licenseId);
    const [audit] = await t.db.db.select().from(auditLog).where(eq(auditLog.licenseIdNumber, body.number));
    expect(audit).toMatchObject({ action: 'license_id.created', actorKind: 'partner' });
  });

  it('marks a License ID whose end date has passed as expired', async () => {
    const created = await createLicenseId(
      t.app,
      northwind,
      licenseIdBody(organizationId, { startDate: '2020-01-01', endDate: '2023-01-01' }),
    );
    expect(created.licenseId).toHaveProperty('status', 'expired');
  });

  it('refuses, naming the field or the conflict, and changes nothing', async () => {
    const other = await createOrganization(t.app, t.db.db, northwind, { body: { name: 'Other' } });
    const taken = (
      await createLicenseId(t.app, northwind, licenseIdBody(organizationId, { parentAgreementNumber: 'MA-7002' }))
    ).licenseId.number;
    const rejected = await createOrganization(t.app, t.db.db, northwind, {
      approved: false,
      body: { name: 'Rejected' },
    });
    await t.db.db.update(organizations).set({ approvalState: 'rejected' }).where(eq(organizations.id, rejected));
    const fabrikamOrg = await createOrganization(t.app, t.db.db, fabrikam);
    const before = await counts(t.db.db);
    const cases: [Record<string, unknown>, number, string, string?][] = [
      [licenseIdBody(organizationId, { programId: 'no-such-program' }), 400, 'request.invalid', 'body.programId'],
      [licenseIdBody(organizationId, { endDate: '2025-12-31' }), 400, 'request.invalid', 'body.endDate'],
      [licenseIdBody(organizationId, { saEndDate: '2025-01-01' }), 400, 'request.invalid', 'body.saEndDate'],
      [
        licenseIdBody(organizationId, {
          contacts: [
            { kind: 'primary', name: 'A', email: 'a@litware.example' },
            { kind: 'primary', name: 'B', email: 'b@litware.example' },
          ],
        }),
        400,
        'request.invalid',
        'body.contacts.1.kind',
      ],
      [
        licenseIdBody(organizationId, { contacts: [{ kind: 'primary', name: 'A', email: 'a@localhost' }] }),
        400,
        'request.invalid',
        'body.contacts.0.email',
      ],
      [licenseIdBody(organizationId, { number: taken }), 409, 'license_id.number_taken'],
      [
        licenseIdBody(other, { parentAgreementNumber: 'MA-7002' }),
        400,
        'request.invalid',
        'body.parentAgreementNumber',
      ],
      [licenseIdBody(rejected), 409, 'organization.rejected'],
      [licenseIdBody('00000000-0000-4000-8000-000000000000'), 404, 'organization.not_found'],
    ];
    for (const [body, status, code, field] of cases) {
      const response = await post('/api/v1/partner/license-ids', body);
      expect(response.statusCode, response.body).toBe(status);
      expect(response.json().code).toBe(code);
      if (field) expect(response.json().fields.map((f: { name: string }) => f.name)).toContain(field);
    }
    // Another partner's parent agreement number is taken, whoever asks.
    const stolen = await post(
      '/api/v1/partner/license-ids',
      licenseIdBody(fabrikamOrg, { parentAgreementNumber: 'MA-7002' }),
      fabrikam.headers,
    );
    expect(stolen.json().code).toBe('parent_agreement.number_taken');
    expect(await counts(t.db.db)).toEqual(before);
  });
});

describe('orders', () => {
  let number: string;
  beforeAll(async () => {
    const organizationId = await createOrganization(t.app, t.db.db, northwind, { body: { name: 'Orders Inc' } });
    number = (await createLicenseId(t.app, northwind, licenseIdBody(organizationId))).licenseId.number;
  });

  it('records an order with its lines, matched to the catalog where possible, and reads it back', async () => {
    const body = orderBody(number, {
      customerOrderNumber: 'CUST-9',
      usageStart: '2026-02-15',
      lines: [
        ...orderBody(number).lines,
        {
          partNumber: '9EM-00562',
          product: 'Windows Server Datacenter',
          productFamily: 'Windows Server',
          version: '2025',
          pool: 'servers',
          licenseType: 'sa',
          quantity: 4,
          country: 'NL',
        },
      ],
    });
    const created = await post('/api/v1/partner/orders', body);
    expect(created.statusCode, created.body).toBe(201);
    const order = created.json();
    expect(order).toMatchObject({
      licenseIdNumber: number,
      partnerOrderNumber: body.partnerOrderNumber,
      customerOrderNumber: 'CUST-9',
      orderedOn: '2026-02-01',
      usageStart: '2026-02-15',
    });
    expect(order.lines).toEqual([
      { lineNumber: 1, ...body.lines[0], productId: officeProductId },
      { lineNumber: 2, ...body.lines[1], productId: null },
    ]);
    expect((await get(`/api/v1/partner/orders/${order.id}`)).json()).toEqual(order);
    const list = (await get(`/api/v1/partner/orders?licenseIdNumber=${number}`)).json();
    const { lines: _lines, ...summary } = order;
    expect(list.items).toEqual([{ ...summary, lineCount: 2 }]);
    const duplicate = await post('/api/v1/partner/orders', { ...body, lines: body.lines.slice(0, 1) });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().code).toBe('order.number_taken');
    const unknown = await post('/api/v1/partner/orders', orderBody('V0000000000'));
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('license_id.not_found');
  });
});

describe('large orders', () => {
  it('takes 1,000 lines in one order even when the body is larger than the default JSON limit', async () => {
    const organizationId = await createOrganization(t.app, t.db.db, northwind, { body: { name: 'Bulk Ltd' } });
    const number = (await createLicenseId(t.app, northwind, licenseIdBody(organizationId))).licenseId.number;
    const line = { ...orderBody(number).lines[0]!, product: `Office ${'x'.repeat(190)}` };
    const payload = orderBody(number, { lines: Array.from({ length: 1000 }, () => line) });
    expect(JSON.stringify(payload).length).toBeGreaterThan(256 * 1024);
    const created = await post('/api/v1/partner/orders', payload);
    expect(created.statusCode, created.body.slice(0, 300)).toBe(201);
    expect(created.json().lines).toHaveLength(1000);
  });
});

describe('Idempotency-Key', () => {
  it('replays the stored response for the same key and request, and refuses the key for another request', async () => {
    const headers = { ...northwind.headers, 'idempotency-key': 'org-create-0001' };
    const body = organizationBody({ name: 'Idempotent Ltd' });
    const first = await post('/api/v1/partner/organizations', body, headers);
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    t.clock.advance(5000);
    // Same request, fields in another order.
    const again = await post(
      '/api/v1/partner/organizations',
      Object.fromEntries(Object.entries(body).reverse()),
      headers,
    );
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    const rows = await t.db.db.select().from(organizations).where(eq(organizations.name, 'Idempotent Ltd'));
    expect(rows).toHaveLength(1);

    const before = await counts(t.db.db);
    const reused = await post('/api/v1/partner/organizations', { ...body, city: 'Seattle' }, headers);
    expect(reused.statusCode).toBe(422);
    expect(reused.json().code).toBe('idempotency.key_reused');
    const otherRoute = await post('/api/v1/partner/license-ids', licenseIdBody(first.json().id), headers);
    expect(otherRoute.json().code).toBe('idempotency.key_reused');
    expect(await counts(t.db.db)).toEqual(before);

    // Keys are per partner: another partner's identical key is its own.
    const theirs = await post('/api/v1/partner/organizations', body, {
      ...fabrikam.headers,
      'idempotency-key': 'org-create-0001',
    });
    expect(theirs.statusCode).toBe(201);
    expect(theirs.json().id).not.toBe(first.json().id);
  });

  it('does not store a refused request: the same key may be retried once the request is fixed', async () => {
    const headers = { ...northwind.headers, 'idempotency-key': 'license-retry-1' };
    const organizationId = await createOrganization(t.app, t.db.db, northwind, { body: { name: 'Retry Ltd' } });
    const body = licenseIdBody(organizationId);
    const refused = await post('/api/v1/partner/license-ids', { ...body, programId: 'nope' }, headers);
    expect(refused.statusCode).toBe(400);
    const fixed = await post('/api/v1/partner/license-ids', body, headers);
    expect(fixed.statusCode).toBe(201);
    const replay = await post('/api/v1/partner/license-ids', body, headers);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json()).toEqual(fixed.json());
  });

  it('runs one of many simultaneous requests with one key; the others get its response', async () => {
    const headers = { ...northwind.headers, 'idempotency-key': 'parallel-key-1' };
    const body = organizationBody({ name: 'Parallel Ltd' });
    const responses = await Promise.all(
      Array.from({ length: 12 }, () => post('/api/v1/partner/organizations', body, headers)),
    );
    expect(responses.map((r) => r.statusCode)).toEqual(Array(12).fill(201));
    expect(new Set(responses.map((r) => r.json().id)).size).toBe(1);
    expect(responses.filter((r) => r.headers['idempotent-replayed'] !== 'true')).toHaveLength(1);
    const rows = await t.db.db.select().from(organizations).where(eq(organizations.name, 'Parallel Ltd'));
    expect(rows).toHaveLength(1);
  });

  it('answers a License ID number taken by a simultaneous request with 409, not 500', async () => {
    const organizationId = await createOrganization(t.app, t.db.db, northwind, { body: { name: 'Race Ltd' } });
    const body = licenseIdBody(organizationId);
    const responses = await Promise.all(Array.from({ length: 8 }, () => post('/api/v1/partner/license-ids', body)));
    const statuses = responses.map((r) => r.statusCode).sort();
    expect(statuses).toEqual([201, ...Array(7).fill(409)]);
    for (const r of responses.filter((r) => r.statusCode === 409))
      expect(r.json().code).toBe('license_id.number_taken');
  });

  it('refuses a malformed key', async () => {
    for (const key of ['', 'x'.repeat(256), 'has space']) {
      const response = await post('/api/v1/partner/organizations', organizationBody(), {
        ...northwind.headers,
        'idempotency-key': key,
      });
      expect(response.statusCode, JSON.stringify(key)).toBe(400);
      expect(response.json().fields[0].name).toMatch(/^headers/);
    }
  });
});

describe('bad input: every partner route answers 400 naming the field, and changes nothing', () => {
  let organizationId: string;
  let number: string;
  beforeAll(async () => {
    organizationId = await createOrganization(t.app, t.db.db, northwind, { body: { name: 'Strict Ltd' } });
    number = (await createLicenseId(t.app, northwind, licenseIdBody(organizationId))).licenseId.number;
  });

  it('POST /partner/organizations', async () => {
    const before = await counts(t.db.db);
    const { name: _n, ...noName } = organizationBody();
    const cases: [unknown, string][] = [
      [noName, 'body.name'],
      [organizationBody({ name: 'x'.repeat(201) }), 'body.name'],
      [organizationBody({ name: '   ' }), 'body.name'],
      [organizationBody({ city: 42 }), 'body.city'],
      [organizationBody({ country: 'nl' }), 'body.country'],
      [organizationBody({ country: 'XX' }), 'body.country'],
      [organizationBody({ country: 'UK' }), 'body.country'],
      [organizationBody({ pcns: [] }), 'body.pcns'],
      [organizationBody({ pcns: ['has space'] }), 'body.pcns.0'],
      [organizationBody({ pcns: 'PCN-1' }), 'body.pcns'],
      [organizationBody({ extra: true }), 'body'],
    ];
    for (const [payload, field] of cases) {
      const response = await post('/api/v1/partner/organizations', payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json().code).toBe('request.invalid');
      expect(response.json().fields[0].name, JSON.stringify(payload)).toContain(field);
    }
    const notJson = await t.app.inject({
      method: 'POST',
      url: '/api/v1/partner/organizations',
      headers: { ...northwind.headers, 'content-type': 'application/json' },
      payload: '{"name":',
    });
    expect(notJson.statusCode).toBe(400);
    const tooLarge = await post('/api/v1/partner/organizations', organizationBody({ name: 'x'.repeat(300_000) }));
    expect(tooLarge.statusCode).toBe(413);
    expect(await counts(t.db.db)).toEqual(before);
  });

  it('POST /partner/license-ids', async () => {
    const before = await counts(t.db.db);
    const { number: _n, ...noNumber } = licenseIdBody(organizationId);
    const cases: [unknown, string][] = [
      [noNumber, 'body.number'],
      [licenseIdBody(organizationId, { number: 'v-lower' }), 'body.number'],
      [licenseIdBody(organizationId, { number: 'V'.repeat(33) }), 'body.number'],
      [licenseIdBody('not-a-uuid'), 'body.organizationId'],
      [licenseIdBody(organizationId, { programId: 7 }), 'body.programId'],
      [licenseIdBody(organizationId, { cloud: 'mars' }), 'body.cloud'],
      [licenseIdBody(organizationId, { startDate: '2026-02-30' }), 'body.startDate'],
      [licenseIdBody(organizationId, { endDate: '31/12/2028' }), 'body.endDate'],
      [licenseIdBody(organizationId, { saEndDate: null }), 'body.saEndDate'],
      [
        licenseIdBody(organizationId, { contacts: [{ kind: 'cfo', name: 'A', email: 'a@b.example' }] }),
        'body.contacts.0.kind',
      ],
      [
        licenseIdBody(organizationId, { contacts: [{ kind: 'primary', name: 'A', email: 'not-an-email' }] }),
        'body.contacts.0.email',
      ],
      [
        licenseIdBody(organizationId, { contacts: [{ kind: 'primary', name: '', email: 'a@b.example' }] }),
        'body.contacts.0.name',
      ],
      [licenseIdBody(organizationId, { contacts: [{ kind: 'primary', email: 'a@b.example' }] }), 'body.contacts.0'],
      [
        licenseIdBody(organizationId, {
          contacts: Array(41).fill({ kind: 'primary', name: 'A', email: 'a@b.example' }),
        }),
        'body.contacts',
      ],
      [licenseIdBody(organizationId, { tenantId: organizationId }), 'body'],
    ];
    for (const [payload, field] of cases) {
      const response = await post('/api/v1/partner/license-ids', payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json().fields[0].name, JSON.stringify(payload)).toContain(field);
    }
    expect(await counts(t.db.db)).toEqual(before);
  });

  it('POST /partner/orders', async () => {
    const before = await counts(t.db.db);
    const line = orderBody(number).lines[0]!;
    const withLine = (change: Record<string, unknown>) => orderBody(number, { lines: [{ ...line, ...change }] });
    const cases: [unknown, string][] = [
      [orderBody(number, { lines: [] }), 'body.lines'],
      [orderBody(number, { lines: Array(1001).fill(line) }), 'body.lines'],
      [orderBody(number, { orderedOn: '2026-13-01' }), 'body.orderedOn'],
      [orderBody(number, { partnerOrderNumber: '' }), 'body.partnerOrderNumber'],
      [orderBody(number, { customerOrderNumber: 'x'.repeat(65) }), 'body.customerOrderNumber'],
      [withLine({ quantity: 0 }), 'body.lines.0.quantity'],
      [withLine({ quantity: 1.5 }), 'body.lines.0.quantity'],
      [withLine({ quantity: '3' }), 'body.lines.0.quantity'],
      [withLine({ pool: 'desktops' }), 'body.lines.0.pool'],
      [withLine({ licenseType: 'oem' }), 'body.lines.0.licenseType'],
      [withLine({ country: 'ZZ' }), 'body.lines.0.country'],
      [withLine({ product: 'x'.repeat(201) }), 'body.lines.0.product'],
      [withLine({ unknown: 1 }), 'body.lines.0'],
    ];
    for (const [payload, field] of cases) {
      const response = await post('/api/v1/partner/orders', payload);
      expect(response.statusCode, JSON.stringify(payload).slice(0, 200)).toBe(400);
      expect(response.json().fields[0].name, JSON.stringify(payload).slice(0, 200)).toContain(field);
    }
    expect(await counts(t.db.db)).toEqual(before);
  });

  it('GET routes: malformed ids, numbers and list parameters', async () => {
    const cases: [string, string][] = [
      ['/api/v1/partner/organizations/not-a-uuid', 'params.id'],
      ['/api/v1/partner/license-ids/lower-case', 'params.number'],
      ['/api/v1/partner/orders/123', 'params.id'],
      ['/api/v1/partner/organizations?limit=0', 'querystring.limit'],
      ['/api/v1/partner/license-ids?limit=1000', 'querystring.limit'],
      ['/api/v1/partner/orders?licenseIdNumber=x', 'querystring.licenseIdNumber'],
      ['/api/v1/partner/orders?sort=asc', 'querystring'],
    ];
    for (const [url, field] of cases) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(400);
      expect(response.json().fields[0].name, url).toContain(field);
    }
  });
});

describe('who may call the partner API', () => {
  const routes = [
    ['POST', '/api/v1/partner/organizations'],
    ['GET', '/api/v1/partner/organizations'],
    ['GET', '/api/v1/partner/organizations/00000000-0000-4000-8000-000000000000'],
    ['POST', '/api/v1/partner/license-ids'],
    ['GET', '/api/v1/partner/license-ids'],
    ['GET', '/api/v1/partner/license-ids/V0000001'],
    ['POST', '/api/v1/partner/orders'],
    ['GET', '/api/v1/partner/orders'],
    ['GET', '/api/v1/partner/orders/00000000-0000-4000-8000-000000000000'],
  ] as const;
  const call = (method: string, url: string, headers: Record<string, string>) =>
    t.app.inject({ method: method as 'GET', url, headers, ...(method === 'POST' ? { payload: {} } : {}) });

  it('nobody: 401 auth.required; an unknown, malformed or revoked token: 401 auth.token_invalid', async () => {
    const revoked = await createPartner(t.db.db);
    await t.db.db.execute(sql`update partner_tokens set revoked_at = now() where partner_id = ${revoked.id}`);
    for (const [method, url] of routes) {
      expect((await call(method, url, {})).json().code, url).toBe('auth.required');
      for (const authorization of [`Bearer vlp_${'A'.repeat(43)}`, 'Bearer not-ours', revoked.headers.authorization]) {
        const response = await call(method, url, { authorization });
        expect(response.statusCode, `${method} ${url} ${authorization}`).toBe(401);
        expect(response.json().code).toBe('auth.token_invalid');
      }
    }
  });

  it('a customer, a tenant admin or an operator signed in: 404, as if the API did not exist', async () => {
    const tenant = await createTenant(t.db.db, { displayName: 'Customers' });
    await createAccount(t.db.db, { tenantId: tenant.id, signInName: 'customer@partner-api.example' });
    await createAccount(t.db.db, { tenantId: tenant.id, signInName: 'admin@partner-api.example', isGlobalAdmin: true });
    await createAccount(t.db.db, { tenantId: tenant.id, signInName: 'operator@partner-api.example', isOperator: true });
    for (const login of ['customer@partner-api.example', 'admin@partner-api.example', 'operator@partner-api.example']) {
      const s = await signIn(t.app, login, TEST_PASSWORD);
      for (const [method, url] of routes) {
        const response = await call(method, url, s.headers);
        expect(response.statusCode, `${login} ${method} ${url}`).toBe(404);
      }
    }
  });

  it('a partner-console account uses the API with its session (and the CSRF token for changes)', async () => {
    const tenant = await createTenant(t.db.db, { displayName: 'Northwind staff' });
    const [console_] = await Promise.all([
      createAccount(t.db.db, { tenantId: tenant.id, signInName: 'staff@northwind-console.example' }),
    ]);
    await t.db.db.update(accounts).set({ partnerId: northwind.id }).where(eq(accounts.id, console_.id));
    const s = await signIn(t.app, 'staff@northwind-console.example', TEST_PASSWORD);
    const list = await get('/api/v1/partner/organizations', { cookie: s.cookie });
    expect(list.statusCode).toBe(200);
    const noCsrf = await post('/api/v1/partner/organizations', organizationBody({ name: 'Console Ltd' }), {
      cookie: s.cookie,
    });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().code).toBe('csrf.token_invalid');
    const created = await post('/api/v1/partner/organizations', organizationBody({ name: 'Console Ltd' }), s.headers);
    expect(created.statusCode).toBe(201);
    expect((await get(`/api/v1/partner/organizations/${created.json().id}`)).statusCode).toBe(200);
    const [audit] = await t.db.db.select().from(auditLog).where(eq(auditLog.target, created.json().id));
    expect(audit).toMatchObject({ actorKind: 'partner', actorAccountId: console_.id });
  });

  it('records when a token was last used', async () => {
    const partner = await createPartner(t.db.db);
    await get('/api/v1/partner/organizations', partner.headers);
    const rows = await queryRows<{ last_used_at: unknown }>(
      t.db.db,
      sql`select last_used_at from partner_tokens where partner_id = ${partner.id}`,
    );
    expect(rows[0]!.last_used_at).not.toBeNull();
  });
});
