// Parent agreements in the partner API: read one (organization, program, contacts, child License IDs) and replace its
// contacts — stored as agreement_contacts rows with parent_agreement_id, audited, Idempotency-Key honoured. A partner
// reaches only its own parent agreements; bad input names the field and changes nothing.
import { and, eq, isNotNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.js';
import { agreementContacts, auditLog } from '../../src/db/schema.js';
import { createTestApp, signIn, type TestApp } from '../helpers/app.js';
import { createAccount, createTenant, TEST_PASSWORD } from '../helpers/builders.js';
import {
  contact,
  createLicenseId,
  createOrganization,
  createPartner,
  licenseIdBody,
  nextLicenseIdNumber,
  type PartnerFixture,
} from '../helpers/partner.js';

let t: TestApp;
let northwind: PartnerFixture;
let fabrikam: PartnerFixture;
let organizationId: string;
let parentNumber: string;
let children: string[];

beforeAll(async () => {
  t = await createTestApp();
  [northwind, fabrikam] = await Promise.all([createPartner(t.db.db, 'Northwind'), createPartner(t.db.db, 'Fabrikam')]);
  organizationId = await createOrganization(t.app, t.db.db, northwind, {
    body: { name: 'Parent Holdings', pcns: ['PCN-PA-0001'] },
  });
  parentNumber = nextLicenseIdNumber('E');
  children = [];
  for (let i = 0; i < 2; i++) {
    const created = await createLicenseId(
      t.app,
      northwind,
      licenseIdBody(organizationId, { parentAgreementNumber: parentNumber, programId: 'enterprise' }),
    );
    children.push(created.licenseId.number);
  }
});
afterAll(() => t.close());

const url = (number = parentNumber) => `/api/v1/partner/parent-agreements/${number}`;
const get = (number = parentNumber, headers: Record<string, string> = northwind.headers) =>
  t.app.inject({ method: 'GET', url: url(number), headers });
const put = (payload: unknown, headers: Record<string, string> = northwind.headers, number = parentNumber) =>
  t.app.inject({ method: 'PUT', url: `${url(number)}/contacts`, headers, payload: payload as object });

async function counts() {
  const [row] = await queryRows<{ contacts: number; keys: number; audit: number; mail: number }>(
    t.db.db,
    sql`select (select count(*)::int from agreement_contacts) as contacts,
               (select count(*)::int from idempotency_keys) as keys,
               (select count(*)::int from audit_log) as audit,
               (select count(*)::int from mail_messages) as mail`,
  );
  return row!;
}

describe('reading a parent agreement', () => {
  it('answers its organization, program, contacts and child License IDs', async () => {
    const response = await get();
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({
      id: expect.any(String),
      number: parentNumber,
      organizationId,
      organizationName: 'Parent Holdings',
      programId: 'enterprise',
      programName: 'Enterprise',
      contacts: [],
      licenseIdNumbers: [...children].sort(),
      createdAt: expect.any(String),
    });
  });

  it('another partner, or a number nobody has: 404 parent_agreement.not_found', async () => {
    for (const response of [await get(parentNumber, fabrikam.headers), await get('E0000000')]) {
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toMatch(/problem\+json/);
      expect(response.json().code).toBe('parent_agreement.not_found');
    }
  });
});

describe('replacing its contacts', () => {
  it('replaces the list (e-mails normalized), stores parent-agreement rows, audits, sends no e-mail', async () => {
    const before = await counts();
    const first = await put({
      contacts: [
        contact('primary', 'Pat.Primary@Parent.example', 'Pat Primary'),
        contact('notices', 'notices@parent.example'),
        contact('online-administrator', 'admin@parent.example'),
        contact('signatory', 'sign@parent.example'),
      ],
    });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().contacts).toEqual([
      { kind: 'notices', name: 'notices', email: 'notices@parent.example' },
      { kind: 'online-administrator', name: 'admin', email: 'admin@parent.example' },
      { kind: 'primary', name: 'Pat Primary', email: 'pat.primary@parent.example' },
      { kind: 'signatory', name: 'sign', email: 'sign@parent.example' },
    ]);
    expect((await get()).json().contacts).toEqual(first.json().contacts);
    const rows = await t.db.db
      .select()
      .from(agreementContacts)
      .where(eq(agreementContacts.parentAgreementId, first.json().id));
    expect(rows).toHaveLength(4);
    expect(rows.every((r) => r.licenseIdId === null)).toBe(true);

    // A second PUT replaces, it does not add.
    const second = await put({ contacts: [contact('primary', 'new.primary@parent.example', 'New Primary')] });
    expect(second.statusCode).toBe(200);
    expect(second.json().contacts).toEqual([
      { kind: 'primary', name: 'New Primary', email: 'new.primary@parent.example' },
    ]);
    const after = await counts();
    expect(after.contacts - before.contacts).toBe(1);
    expect(after.mail).toBe(before.mail);
    // The License IDs' own contacts are untouched.
    const childContacts = await t.db.db
      .select()
      .from(agreementContacts)
      .where(isNotNull(agreementContacts.licenseIdId));
    expect(childContacts.every((c) => !c.email.endsWith('@parent.example'))).toBe(true);

    const audits = await t.db.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'parent_agreement.contacts_replaced'), eq(auditLog.target, first.json().id)));
    expect(audits).toHaveLength(2);
    expect(audits[1]).toMatchObject({ actorKind: 'partner' });
    expect(audits[1]!.details).toMatchObject({
      partnerId: northwind.id,
      number: parentNumber,
      after: ['primary:new.primary@parent.example'],
    });

    // An empty list removes them all.
    expect((await put({ contacts: [] })).json().contacts).toEqual([]);
  });

  it('honours an Idempotency-Key: a retry replays, another body with the key is refused', async () => {
    const headers = { ...northwind.headers, 'idempotency-key': 'parent-contacts-1' };
    const body = { contacts: [contact('notices', 'idem@parent.example')] };
    const first = await put(body, headers);
    expect(first.statusCode).toBe(200);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    // Someone changes the list in between: the retry still answers what the first request did, and changes nothing.
    await put({ contacts: [] });
    const before = await counts();
    const retry = await put(body, headers);
    expect(retry.statusCode).toBe(200);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json()).toEqual(first.json());
    expect(await counts()).toEqual(before);
    const other = await put({ contacts: [contact('notices', 'other@parent.example')] }, headers);
    expect(other.statusCode).toBe(422);
    expect(other.json().code).toBe('idempotency.key_reused');
  });

  it('the same key and body for another parent agreement is another request', async () => {
    const otherParent = nextLicenseIdNumber('E');
    await createLicenseId(
      t.app,
      northwind,
      licenseIdBody(organizationId, { parentAgreementNumber: otherParent, programId: 'enterprise' }),
    );
    const headers = { ...northwind.headers, 'idempotency-key': 'parent-contacts-2' };
    const body = { contacts: [contact('primary', 'shared@parent.example')] };
    expect((await put(body, headers)).statusCode).toBe(200);
    const response = await put(body, headers, otherParent);
    expect(response.statusCode).toBe(422);
    expect(response.json().code).toBe('idempotency.key_reused');
  });

  it('another partner gets 404 and changes nothing', async () => {
    const before = await counts();
    const response = await put({ contacts: [contact('primary', 'intruder@fabrikam.example')] }, fabrikam.headers);
    expect(response.statusCode).toBe(404);
    expect(response.json().code).toBe('parent_agreement.not_found');
    expect(await counts()).toEqual(before);
  });
});

describe('bad input names the field and changes nothing', () => {
  it('PUT and GET', async () => {
    const before = await counts();
    const good = contact('primary', 'ok@parent.example');
    const cases: [string, unknown, string][] = [
      [`${url()}/contacts`, undefined, 'body'],
      [`${url()}/contacts`, {}, 'body.contacts'],
      [`${url()}/contacts`, { contacts: 'x' }, 'body.contacts'],
      [`${url()}/contacts`, { contacts: [{ ...good, kind: 'boss' }] }, 'body.contacts.0.kind'],
      [`${url()}/contacts`, { contacts: [{ ...good, email: 'not-an-email' }] }, 'body.contacts.0.email'],
      [`${url()}/contacts`, { contacts: [{ ...good, email: 'a@localhost' }] }, 'body.contacts.0.email'],
      [`${url()}/contacts`, { contacts: [{ ...good, name: '' }] }, 'body.contacts.0.name'],
      [`${url()}/contacts`, { contacts: [{ ...good, phone: '1' }] }, 'body.contacts.0'],
      [`${url()}/contacts`, { contacts: [good, { ...good, email: 'two@parent.example' }] }, 'body.contacts.1.kind'],
      [`${url()}/contacts`, { contacts: Array.from({ length: 41 }, () => good) }, 'body.contacts'],
      [`${url()}/contacts`, { contacts: [], extra: 1 }, 'body'],
      ['/api/v1/partner/parent-agreements/lower-case/contacts', { contacts: [] }, 'params.number'],
    ];
    for (const [path, payload, field] of cases) {
      const response = await t.app.inject({
        method: 'PUT',
        url: path,
        headers: northwind.headers,
        ...(payload === undefined ? {} : { payload: payload as object }),
      });
      expect(response.statusCode, `${path} ${JSON.stringify(payload)}`).toBe(400);
      expect(response.headers['content-type']).toMatch(/problem\+json/);
      expect(response.json().code).toBe('request.invalid');
      expect(response.json().fields[0].name, JSON.stringify(payload)).toContain(field);
    }
    const badGet = await t.app.inject({
      method: 'GET',
      url: '/api/v1/partner/parent-agreements/x',
      headers: northwind.headers,
    });
    expect(badGet.statusCode).toBe(400);
    expect(badGet.json().fields[0].name).toBe('params.number');
    expect(await counts()).toEqual(before);
  });
});

describe('who may call', () => {
  it('signed out: 401; customers and operators signed in: 404', async () => {
    expect((await get(parentNumber, {})).statusCode).toBe(401);
    expect((await put({ contacts: [] }, {})).statusCode).toBe(401);
    const tenant = await createTenant(t.db.db, { displayName: 'Parent probes' });
    await createAccount(t.db.db, { tenantId: tenant.id, signInName: 'customer@parent-probe.example' });
    await createAccount(t.db.db, {
      tenantId: tenant.id,
      signInName: 'operator@parent-probe.example',
      isOperator: true,
    });
    for (const login of ['customer@parent-probe.example', 'operator@parent-probe.example']) {
      const s = await signIn(t.app, login, TEST_PASSWORD);
      expect((await get(parentNumber, s.headers)).statusCode, login).toBe(404);
      expect((await put({ contacts: [] }, s.headers)).statusCode, login).toBe(404);
    }
  });
});
