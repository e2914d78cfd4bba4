// The operator's side of agreements: approving and rejecting organizations, partners and their API tokens (shown
// once, only a hash stored, revocable at once). All audited; bad input changes nothing; nobody else may call it.
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/crypto.js';
import { queryRows } from '../../src/db/client.js';
import { auditLog, organizations, partnerTokens } from '../../src/db/schema.js';
import { createTestApp, signIn, type TestApp } from '../helpers/app.js';
import { createAccount, createTenant, TEST_PASSWORD } from '../helpers/builders.js';
import { createOrganization, createPartner, licenseIdBody, organizationBody } from '../helpers/partner.js';

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

const as = (session: { headers: Record<string, string> }) => ({
  get: (url: string) => t.app.inject({ method: 'GET', url, headers: session.headers }),
  post: (url: string, payload: unknown) =>
    t.app.inject({ method: 'POST', url, headers: session.headers, payload: payload as object }),
  delete: (url: string) => t.app.inject({ method: 'DELETE', url, headers: session.headers }),
});

async function tableCounts() {
  const [row] = await queryRows<Record<string, number>>(
    t.db.db,
    sql`select (select count(*)::int from partners) as partners,
               (select count(*)::int from partner_tokens) as tokens,
               (select count(*)::int from partner_tokens where revoked_at is not null) as revoked,
               (select count(*)::int from organizations where approval_state = 'pending') as pending,
               (select count(*)::int from audit_log) as audit`,
  );
  return row!;
}

describe('partners and tokens', () => {
  it('creates a partner, issues a token shown once, which works until revoked', async () => {
    const created = await as(operator).post('/api/v1/operator/partners', {
      name: 'Tailspin Licensing',
      pcn: 'PCN-TS-0001',
      notificationEmail: 'Licensing@Tailspin.example',
    });
    expect(created.statusCode, created.body).toBe(201);
    const partner = created.json();
    expect(partner).toMatchObject({
      name: 'Tailspin Licensing',
      pcn: 'PCN-TS-0001',
      notificationEmail: 'licensing@tailspin.example',
      activeTokenCount: 0,
    });
    const duplicate = await as(operator).post('/api/v1/operator/partners', {
      name: 'Copy',
      pcn: 'PCN-TS-0001',
      notificationEmail: 'x@tailspin.example',
    });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().code).toBe('partner.pcn_taken');

    const issued = await as(operator).post(`/api/v1/operator/partners/${partner.id}/tokens`, { name: 'ERP sync' });
    expect(issued.statusCode).toBe(201);
    const { token, prefix, id: tokenId } = issued.json();
    // vlp_ + 32 random bytes in base64url: 256 bits.
    expect(token).toMatch(/^vlp_[A-Za-z0-9_-]{43}$/);
    expect(token.startsWith(prefix)).toBe(true);
    expect(prefix.length).toBeLessThan(16);
    // Only the hash is stored; the list never shows the token again.
    const [row] = await t.db.db.select().from(partnerTokens).where(eq(partnerTokens.id, tokenId));
    expect(row!.tokenHash).toBe(sha256Hex(token));
    expect(JSON.stringify(row)).not.toContain(token.slice(12));
    const list = await as(operator).get(`/api/v1/operator/partners/${partner.id}/tokens`);
    expect(list.json()).toEqual([
      { id: tokenId, name: 'ERP sync', prefix, createdAt: expect.any(String), lastUsedAt: null, revokedAt: null },
    ]);
    expect(list.body).not.toContain(token.slice(12));

    const bearer = { authorization: `Bearer ${token}` };
    const use = () => t.app.inject({ method: 'GET', url: '/api/v1/partner/organizations', headers: bearer });
    expect((await use()).statusCode).toBe(200);
    const partners = await as(operator).get('/api/v1/operator/partners');
    expect(partners.json().items.find((p: { id: string }) => p.id === partner.id).activeTokenCount).toBe(1);

    const revoked = await as(operator).delete(`/api/v1/operator/partners/${partner.id}/tokens/${tokenId}`);
    expect(revoked.statusCode).toBe(204);
    expect((await use()).json().code).toBe('auth.token_invalid');
    // Revoking again changes nothing; another partner's token id is not found.
    expect((await as(operator).delete(`/api/v1/operator/partners/${partner.id}/tokens/${tokenId}`)).statusCode).toBe(
      204,
    );
    const other = await createPartner(t.db.db);
    expect((await as(operator).delete(`/api/v1/operator/partners/${other.id}/tokens/${tokenId}`)).json().code).toBe(
      'partner_token.not_found',
    );

    const actions = (await t.db.db.select().from(auditLog).where(eq(auditLog.actorKind, 'operator'))).map(
      (a) => a.action,
    );
    expect(actions).toEqual(
      expect.arrayContaining(['partner.created', 'partner.token_issued', 'partner.token_revoked']),
    );
    const auditText = JSON.stringify(await t.db.db.select().from(auditLog));
    expect(auditText).not.toContain(token.slice(12));
  });

  it('answers 404 for tokens of an unknown partner', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await as(operator).get(`/api/v1/operator/partners/${unknown}/tokens`)).json().code).toBe(
      'partner.not_found',
    );
    expect((await as(operator).post(`/api/v1/operator/partners/${unknown}/tokens`, { name: 'x' })).statusCode).toBe(
      404,
    );
  });
});

describe('organization approval', () => {
  it('lists organizations by state, approves and rejects them with a reason, audited', async () => {
    const partner = await createPartner(t.db.db, 'Approval Partner');
    const first = await createOrganization(t.app, t.db.db, partner, { approved: false, body: { name: 'Pending A' } });
    const second = await createOrganization(t.app, t.db.db, partner, { approved: false, body: { name: 'Pending B' } });
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/partner/license-ids',
      headers: partner.headers,
      payload: licenseIdBody(first),
    });

    const pending = (await as(operator).get('/api/v1/operator/organizations?state=pending')).json();
    const a = pending.items.find((o: { id: string }) => o.id === first);
    expect(a).toMatchObject({
      name: 'Pending A',
      approvalState: 'pending',
      partner: { id: partner.id, name: 'Approval Partner' },
      licenseIdCount: 1,
    });
    expect(pending.items.every((o: { approvalState: string }) => o.approvalState === 'pending')).toBe(true);

    const approved = await as(operator).post(`/api/v1/operator/organizations/${first}/approval`, {
      decision: 'approve',
    });
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({ id: first, approvalState: 'approved', licenseIdCount: 1 });
    const rejected = await as(operator).post(`/api/v1/operator/organizations/${second}/approval`, {
      decision: 'reject',
      reason: 'Duplicate of an existing customer',
    });
    expect(rejected.json()).toMatchObject({ approvalState: 'rejected' });
    const stillPending = (await as(operator).get('/api/v1/operator/organizations?state=pending')).json();
    expect(stillPending.items.map((o: { id: string }) => o.id)).not.toEqual(expect.arrayContaining([first]));
    const [audit] = await t.db.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.target, second), eq(auditLog.action, 'organization.rejected')));
    expect(audit).toMatchObject({ action: 'organization.rejected', actorKind: 'operator' });
    expect(audit!.details).toMatchObject({ reason: 'Duplicate of an existing customer' });
    const [row] = await t.db.db.select().from(organizations).where(eq(organizations.id, second));
    expect(row!.approvalState).toBe('rejected');
    // The partner sees the decision.
    const seen = await t.app.inject({
      method: 'GET',
      url: `/api/v1/partner/organizations/${second}`,
      headers: partner.headers,
    });
    expect(seen.json().approvalState).toBe('rejected');
  });

  it('answers 404 for an unknown organization', async () => {
    const response = await as(operator).post(
      '/api/v1/operator/organizations/00000000-0000-4000-8000-000000000000/approval',
      { decision: 'approve' },
    );
    expect(response.statusCode).toBe(404);
    expect(response.json().code).toBe('organization.not_found');
  });
});

describe('bad input changes nothing', () => {
  it('every operator route names the field', async () => {
    const partner = await createPartner(t.db.db);
    const organizationId = await createOrganization(t.app, t.db.db, partner, { approved: false });
    const before = await tableCounts();
    const cases: [string, string, unknown, string][] = [
      ['POST', '/api/v1/operator/partners', { name: 'X', pcn: 'PCN 1', notificationEmail: 'a@b.example' }, 'body.pcn'],
      [
        'POST',
        '/api/v1/operator/partners',
        { name: 'X', pcn: 'PCN-1', notificationEmail: 'nope' },
        'body.notificationEmail',
      ],
      [
        'POST',
        '/api/v1/operator/partners',
        { name: 'X', pcn: 'PCN-1', notificationEmail: 'a@localhost' },
        'body.notificationEmail',
      ],
      [
        'POST',
        '/api/v1/operator/partners',
        { name: 'x'.repeat(201), pcn: 'PCN-1', notificationEmail: 'a@b.example' },
        'body.name',
      ],
      ['POST', '/api/v1/operator/partners', { pcn: 'PCN-1', notificationEmail: 'a@b.example' }, 'body.name'],
      ['POST', `/api/v1/operator/partners/${partner.id}/tokens`, { name: '' }, 'body.name'],
      ['POST', `/api/v1/operator/partners/${partner.id}/tokens`, { name: 'x'.repeat(101) }, 'body.name'],
      ['POST', `/api/v1/operator/partners/${partner.id}/tokens`, { name: 5 }, 'body.name'],
      ['POST', '/api/v1/operator/partners/not-a-uuid/tokens', { name: 'x' }, 'params.id'],
      ['DELETE', `/api/v1/operator/partners/${partner.id}/tokens/123`, undefined, 'params.tokenId'],
      ['GET', '/api/v1/operator/partners/nope/tokens', undefined, 'params.id'],
      ['POST', `/api/v1/operator/organizations/${organizationId}/approval`, { decision: 'maybe' }, 'body.decision'],
      ['POST', `/api/v1/operator/organizations/${organizationId}/approval`, {}, 'body.decision'],
      [
        'POST',
        `/api/v1/operator/organizations/${organizationId}/approval`,
        { decision: 'approve', reason: 'x'.repeat(1001) },
        'body.reason',
      ],
      ['POST', `/api/v1/operator/organizations/${organizationId}/approval`, { decision: 'approve', note: 1 }, 'body'],
      ['POST', '/api/v1/operator/organizations/xyz/approval', { decision: 'approve' }, 'params.id'],
      ['GET', '/api/v1/operator/organizations?state=archived', undefined, 'querystring.state'],
      ['GET', '/api/v1/operator/organizations?limit=-1', undefined, 'querystring.limit'],
      ['GET', '/api/v1/operator/partners?cursor=%%%', undefined, 'querystring.cursor'],
    ];
    for (const [method, url, payload, field] of cases) {
      const response = await t.app.inject({
        method: method as 'GET',
        url,
        headers: operator.headers,
        ...(payload === undefined ? {} : { payload: payload as object }),
      });
      expect(response.statusCode, `${method} ${url} ${JSON.stringify(payload)}`).toBe(400);
      expect(response.json().fields[0].name, `${method} ${url}`).toContain(field);
    }
    expect(await tableCounts()).toEqual(before);
  });
});

describe('who may call the operator routes', () => {
  const routes = [
    ['GET', '/api/v1/operator/organizations'],
    ['POST', '/api/v1/operator/organizations/00000000-0000-4000-8000-000000000000/approval'],
    ['GET', '/api/v1/operator/partners'],
    ['POST', '/api/v1/operator/partners'],
    ['GET', '/api/v1/operator/partners/00000000-0000-4000-8000-000000000000/tokens'],
    ['POST', '/api/v1/operator/partners/00000000-0000-4000-8000-000000000000/tokens'],
    [
      'DELETE',
      '/api/v1/operator/partners/00000000-0000-4000-8000-000000000000/tokens/00000000-0000-4000-8000-000000000000',
    ],
  ] as const;

  it('signed out: 401; a customer or a partner token: 404; an operator without the CSRF token: 403 on changes', async () => {
    const partner = await createPartner(t.db.db);
    for (const [method, url] of routes) {
      const payload = method === 'GET' ? {} : { payload: organizationBody() };
      expect((await t.app.inject({ method, url, ...payload })).statusCode, url).toBe(401);
      expect((await t.app.inject({ method, url, headers: customer.headers, ...payload })).statusCode, url).toBe(404);
      // A partner token is not a session: the operator console does not know it.
      expect((await t.app.inject({ method, url, headers: partner.headers, ...payload })).statusCode, url).toBe(401);
      if (method !== 'GET') {
        const noCsrf = await t.app.inject({ method, url, headers: { cookie: operator.cookie }, ...payload });
        expect(noCsrf.statusCode, url).toBe(403);
      }
    }
  });
});
