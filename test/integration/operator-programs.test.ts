// The operator's programs (SPEC §3: programs are data) and one partner's page: list, add and change programs — the
// enterprise style only while a program has no License IDs — all audited; one partner with its token count; bad
// input names the field and changes nothing; nobody but an operator may call them.
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.js';
import { auditLog, programs } from '../../src/db/schema.js';
import { createTestApp, signIn, type TestApp } from '../helpers/app.js';
import { createAccount, createTenant, TEST_PASSWORD } from '../helpers/builders.js';
import { contact, createLicenseId, createOrganization, createPartner, licenseIdBody } from '../helpers/partner.js';

let t: TestApp;
let operator: Awaited<ReturnType<typeof signIn>>;
let customer: Awaited<ReturnType<typeof signIn>>;

beforeAll(async () => {
  t = await createTestApp();
  const publisher = await createTenant(t.db.db, { displayName: 'Publisher' });
  await createAccount(t.db.db, { tenantId: publisher.id, signInName: 'olivia@publisher.example', isOperator: true });
  const contoso = await createTenant(t.db.db, { displayName: 'Contoso' });
  await createAccount(t.db.db, { tenantId: contoso.id, signInName: 'admin@contoso.example', isGlobalAdmin: true });
  operator = await signIn(t.app, 'olivia@publisher.example', TEST_PASSWORD);
  customer = await signIn(t.app, 'admin@contoso.example', TEST_PASSWORD);
});
afterAll(() => t.close());

const call = (
  method: 'GET' | 'POST' | 'PATCH',
  url: string,
  payload?: unknown,
  headers: Record<string, string> = operator.headers,
) => t.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });

async function counts() {
  const [row] = await queryRows<Record<string, number>>(
    t.db.db,
    sql`select (select count(*)::int from programs) as programs,
               (select count(*)::int from audit_log) as audit,
               (select string_agg(id || name || enterprise_style || catalog_visibility, ',' order by id) from programs)
                 as fingerprint`,
  );
  return row!;
}

describe('programs', () => {
  it('lists the seeded programs by name with their flags and License ID counts, in pages', async () => {
    const all = await call('GET', '/api/v1/operator/programs?limit=200');
    expect(all.statusCode, all.body).toBe(200);
    const items = all.json().items as { id: string; name: string }[];
    expect(items.length).toBeGreaterThanOrEqual(10);
    expect(items.map((p) => p.name)).toEqual([...items.map((p) => p.name)].sort((a, b) => (a < b ? -1 : 1)));
    expect(items.find((p) => p.id === 'enterprise')).toEqual({
      id: 'enterprise',
      name: 'Enterprise',
      enterpriseStyle: true,
      catalogVisibility: 'all',
      licenseIdCount: 0,
    });
    expect(items.find((p) => p.id === 'select-plus')).toMatchObject({ enterpriseStyle: false });

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await call(
        'GET',
        `/api/v1/operator/programs?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      const body = page.json();
      expect(body.items.length).toBeLessThanOrEqual(3);
      seen.push(...body.items.map((p: { id: string }) => p.id));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(items.map((p) => p.id));
  });

  it('adds a program (audited); its id is unique', async () => {
    const created = await call('POST', '/api/v1/operator/programs', {
      id: 'academic-select',
      name: '  Academic Select ',
      enterpriseStyle: false,
      catalogVisibility: 'purchased',
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toEqual({
      id: 'academic-select',
      name: 'Academic Select',
      enterpriseStyle: false,
      catalogVisibility: 'purchased',
      licenseIdCount: 0,
    });
    const before = await counts();
    const duplicate = await call('POST', '/api/v1/operator/programs', {
      id: 'academic-select',
      name: 'Other',
      enterpriseStyle: true,
      catalogVisibility: 'all',
    });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.headers['content-type']).toMatch(/problem\+json/);
    expect(duplicate.json().code).toBe('program.id_taken');
    expect(await counts()).toEqual(before);
    const [audit] = await t.db.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'program.created'), eq(auditLog.target, 'academic-select')));
    expect(audit).toMatchObject({ actorKind: 'operator', actorAccountId: operator.accountId });
    expect(audit!.details).toMatchObject({ name: 'Academic Select', enterpriseStyle: false });

    // Partners can use it at once.
    const partner = await createPartner(t.db.db);
    const organizationId = await createOrganization(t.app, t.db.db, partner);
    await createLicenseId(t.app, partner, licenseIdBody(organizationId, { programId: 'academic-select' }));
    const listed = (await call('GET', '/api/v1/operator/programs?limit=200')).json();
    expect(listed.items.find((p: { id: string }) => p.id === 'academic-select').licenseIdCount).toBe(1);
  });

  it('renames and changes catalog visibility; the enterprise style only while there are no License IDs', async () => {
    await call('POST', '/api/v1/operator/programs', {
      id: 'charity',
      name: 'Charity',
      enterpriseStyle: false,
      catalogVisibility: 'purchased',
    });
    const changed = await call('PATCH', '/api/v1/operator/programs/charity', {
      name: 'Charity Select',
      catalogVisibility: 'all',
      enterpriseStyle: true,
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toEqual({
      id: 'charity',
      name: 'Charity Select',
      enterpriseStyle: true,
      catalogVisibility: 'all',
      licenseIdCount: 0,
    });
    const [audit] = await t.db.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'program.updated'), eq(auditLog.target, 'charity')));
    expect(audit!.details).toEqual({
      changes: {
        name: { from: 'Charity', to: 'Charity Select' },
        catalogVisibility: { from: 'purchased', to: 'all' },
        enterpriseStyle: { from: false, to: true },
      },
    });

    const partner = await createPartner(t.db.db);
    const organizationId = await createOrganization(t.app, t.db.db, partner);
    await createLicenseId(t.app, partner, licenseIdBody(organizationId, { programId: 'charity' }));
    const before = await counts();
    const refused = await call('PATCH', '/api/v1/operator/programs/charity', {
      name: 'Renamed too',
      enterpriseStyle: false,
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.headers['content-type']).toMatch(/problem\+json/);
    expect(refused.json().code).toBe('program.in_use');
    expect(refused.json().detail).toMatch(/already has 1 License ID: its enterprise style/);
    expect(await counts()).toEqual(before);

    // The same style again is no change; the other fields still change.
    const same = await call('PATCH', '/api/v1/operator/programs/charity', {
      enterpriseStyle: true,
      catalogVisibility: 'purchased',
    });
    expect(same.statusCode).toBe(200);
    expect(same.json()).toMatchObject({ enterpriseStyle: true, catalogVisibility: 'purchased', licenseIdCount: 1 });
    const [row] = await t.db.db.select().from(programs).where(eq(programs.id, 'charity'));
    expect(row).toMatchObject({ name: 'Charity Select', enterpriseStyle: true, catalogVisibility: 'purchased' });

    // Nothing to change: no audit entry.
    const audits = await counts();
    expect((await call('PATCH', '/api/v1/operator/programs/charity', { name: 'Charity Select' })).statusCode).toBe(200);
    expect((await counts()).audit).toBe(audits.audit);
  });

  it('a style change racing a new License ID: either the change is refused, or the License ID follows the new style', async () => {
    const partner = await createPartner(t.db.db);
    const organizationId = await createOrganization(t.app, t.db.db, partner);
    for (let round = 0; round < 4; round++) {
      const id = `race-${round}`;
      await call('POST', '/api/v1/operator/programs', {
        id,
        name: `Race ${round}`,
        enterpriseStyle: false,
        catalogVisibility: 'purchased',
      });
      const [patched, created] = await Promise.all([
        call('PATCH', `/api/v1/operator/programs/${id}`, { enterpriseStyle: true }),
        t.app.inject({
          method: 'POST',
          url: '/api/v1/partner/license-ids',
          headers: partner.headers,
          payload: licenseIdBody(organizationId, {
            programId: id,
            contacts: [contact('primary', `primary-${round}@race.example`)],
          }),
        }),
      ]);
      expect(created.statusCode, created.body).toBe(201);
      // The style the License ID was onboarded with: invitations (non-enterprise) or none (enterprise style).
      const invited = (created.json().welcome as { action: string }[]).some((w) => w.action === 'invitation-sent');
      if (patched.statusCode === 200) expect(invited, `round ${round}`).toBe(false);
      else {
        expect(patched.json().code).toBe('program.in_use');
        expect(invited, `round ${round}`).toBe(true);
      }
    }
  });

  it('answers 404 program.not_found for an unknown program', async () => {
    const response = await call('PATCH', '/api/v1/operator/programs/no-such-program', { name: 'X' });
    expect(response.statusCode).toBe(404);
    expect(response.json().code).toBe('program.not_found');
  });
});

describe('one partner', () => {
  it('answers its facts and active token count; 404 partner.not_found for an unknown id', async () => {
    const created = (
      await call('POST', '/api/v1/operator/partners', {
        name: 'Single Partner',
        pcn: 'PCN-SINGLE-1',
        notificationEmail: 'licensing@single.example',
      })
    ).json();
    await call('POST', `/api/v1/operator/partners/${created.id}/tokens`, { name: 'one' });
    const second = (await call('POST', `/api/v1/operator/partners/${created.id}/tokens`, { name: 'two' })).json();
    await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/operator/partners/${created.id}/tokens/${second.id}`,
      headers: operator.headers,
    });
    const response = await call('GET', `/api/v1/operator/partners/${created.id}`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({
      id: created.id,
      name: 'Single Partner',
      pcn: 'PCN-SINGLE-1',
      notificationEmail: 'licensing@single.example',
      activeTokenCount: 1,
      createdAt: created.createdAt,
    });
    const unknown = await call('GET', '/api/v1/operator/partners/00000000-0000-4000-8000-000000000000');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toMatch(/problem\+json/);
    expect(unknown.json().code).toBe('partner.not_found');
  });
});

describe('bad input names the field and changes nothing', () => {
  it('programs and partners', async () => {
    const before = await counts();
    const good = { id: 'valid-id', name: 'Valid', enterpriseStyle: false, catalogVisibility: 'all' };
    const cases: ['GET' | 'POST' | 'PATCH', string, unknown, string][] = [
      ['POST', '/api/v1/operator/programs', { ...good, id: 'Upper' }, 'body.id'],
      ['POST', '/api/v1/operator/programs', { ...good, id: '-dash' }, 'body.id'],
      ['POST', '/api/v1/operator/programs', { ...good, id: 'x'.repeat(65) }, 'body.id'],
      ['POST', '/api/v1/operator/programs', { ...good, name: '' }, 'body.name'],
      ['POST', '/api/v1/operator/programs', { ...good, name: ' ' }, 'body.name'],
      ['POST', '/api/v1/operator/programs', { ...good, name: 'x'.repeat(201) }, 'body.name'],
      ['POST', '/api/v1/operator/programs', { ...good, enterpriseStyle: 'yes' }, 'body.enterpriseStyle'],
      ['POST', '/api/v1/operator/programs', { ...good, catalogVisibility: 'some' }, 'body.catalogVisibility'],
      ['POST', '/api/v1/operator/programs', { id: 'x', name: 'X', enterpriseStyle: false }, 'body.catalogVisibility'],
      ['POST', '/api/v1/operator/programs', { ...good, extra: 1 }, 'body'],
      ['PATCH', '/api/v1/operator/programs/enterprise', {}, 'body'],
      ['PATCH', '/api/v1/operator/programs/enterprise', { catalogVisibility: 'none' }, 'body.catalogVisibility'],
      ['PATCH', '/api/v1/operator/programs/enterprise', { name: 'x'.repeat(201) }, 'body.name'],
      ['PATCH', '/api/v1/operator/programs/enterprise', { enterpriseStyle: 1 }, 'body.enterpriseStyle'],
      ['PATCH', '/api/v1/operator/programs/enterprise', { id: 'other' }, 'body'],
      ['PATCH', '/api/v1/operator/programs/Not_A_Slug', { name: 'X' }, 'params.id'],
      ['GET', '/api/v1/operator/programs?limit=0', undefined, 'querystring.limit'],
      ['GET', '/api/v1/operator/programs?cursor=%%%', undefined, 'querystring.cursor'],
      ['GET', '/api/v1/operator/programs?sort=name', undefined, 'querystring'],
      ['GET', '/api/v1/operator/partners/not-a-uuid', undefined, 'params.id'],
    ];
    for (const [method, url, payload, field] of cases) {
      const response = await call(method, url, payload);
      expect(response.statusCode, `${method} ${url} ${JSON.stringify(payload)}`).toBe(400);
      expect(response.headers['content-type']).toMatch(/problem\+json/);
      expect(response.json().code).toBe('request.invalid');
      expect(response.json().fields[0].name, `${method} ${url} ${JSON.stringify(payload)}`).toContain(field);
    }
    expect(await counts()).toEqual(before);
  });
});

describe('who may call', () => {
  const routes = [
    ['GET', '/api/v1/operator/programs'],
    ['POST', '/api/v1/operator/programs'],
    ['PATCH', '/api/v1/operator/programs/enterprise'],
    ['GET', '/api/v1/operator/partners/00000000-0000-4000-8000-000000000000'],
  ] as const;

  it('signed out: 401; a customer or a partner token: 404 or 401; an operator without the CSRF token: 403', async () => {
    const partner = await createPartner(t.db.db);
    const before = await counts();
    const payload = { payload: { name: 'Hacked', enterpriseStyle: false } };
    for (const [method, url] of routes) {
      const body = method === 'GET' ? {} : payload;
      expect((await t.app.inject({ method, url, ...body })).statusCode, url).toBe(401);
      expect((await t.app.inject({ method, url, headers: customer.headers, ...body })).statusCode, url).toBe(404);
      expect((await t.app.inject({ method, url, headers: partner.headers, ...body })).statusCode, url).toBe(401);
      if (method !== 'GET') {
        const noCsrf = await t.app.inject({ method, url, headers: { cookie: operator.cookie }, ...body });
        expect(noCsrf.statusCode, url).toBe(403);
      }
    }
    expect(await counts()).toEqual(before);
  });
});
