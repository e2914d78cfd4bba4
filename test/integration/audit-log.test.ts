// Reading the audit log (SPEC §11): an administrator sees the entries of the License IDs they administer and nothing
// else; operators see everything, client addresses included; filters, paging and the CSV export.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type TestApp } from '../helpers/app.js';
import { createAccount, createTenant, TEST_PASSWORD } from '../helpers/builders.js';
import { createLicenseId, createOrganization, createPartner, licenseIdBody } from '../helpers/partner.js';
import { createVlUser, grantRoles } from '../helpers/vl-world.js';

type Entry = { id: number; action: string; licenseIdNumber: string | null; ip: string | null };

describe('audit log', () => {
  let t: TestApp;
  let a: { id: string; number: string };
  let b: { id: string; number: string };
  let admin: Awaited<ReturnType<typeof signIn>>;
  let operator: Awaited<ReturnType<typeof signIn>>;
  let nobody: Awaited<ReturnType<typeof signIn>>;

  const get = (s: { headers: Record<string, string> }, url: string) =>
    t.app.inject({ method: 'GET', url, headers: s.headers });

  beforeAll(async () => {
    t = await createTestApp();
    const partner = await createPartner(t.db.db);
    const org = await createOrganization(t.app, t.db.db, partner);
    a = (await createLicenseId(t.app, partner, licenseIdBody(org))).licenseId;
    b = (await createLicenseId(t.app, partner, licenseIdBody(org))).licenseId;
    const tenant = await createTenant(t.db.db, { displayName: 'Contoso', domain: 'contoso.example' });
    const { profiles } = await createVlUser(t.db.db, { tenantId: tenant.id, signInName: 'admin@contoso.example' });
    await grantRoles(t.db.db, { vlProfileId: profiles[0]!.id, licenseIdId: a.id, roles: ['administrator'] });
    await createAccount(t.db.db, { tenantId: tenant.id, signInName: 'op@contoso.example', isOperator: true });
    await createAccount(t.db.db, { tenantId: tenant.id, signInName: 'nobody@contoso.example', isGlobalAdmin: true });
    admin = await signIn(t.app, 'admin@contoso.example', TEST_PASSWORD);
    operator = await signIn(t.app, 'op@contoso.example', TEST_PASSWORD);
    nobody = await signIn(t.app, 'nobody@contoso.example', TEST_PASSWORD);
    // A change on A by the administrator, with a client address.
    const helper = await createAccount(t.db.db, { tenantId: tenant.id, signInName: 'helper@contoso.example' });
    expect(helper.id).toBeTruthy();
    const assigned = await t.app.inject({
      method: 'POST',
      url: '/api/v1/vl/role-assignments',
      headers: admin.headers,
      remoteAddress: '203.0.113.7',
      payload: {
        email: 'helper@contoso.example',
        assignments: [{ licenseIdNumber: a.number, roles: ['benefits-reader'] }],
      },
    });
    expect(assigned.statusCode, assigned.body).toBe(200);
  });
  afterAll(() => t.close());

  it('an administrator sees only the entries of their License IDs, without client addresses', async () => {
    const page = (await get(admin, '/api/v1/audit-log')).json<{ items: Entry[] }>();
    expect(page.items.length).toBeGreaterThan(0);
    expect(new Set(page.items.map((e) => e.licenseIdNumber))).toEqual(new Set([a.number]));
    expect(page.items.every((e) => e.ip === null)).toBe(true);
    expect(page.items.map((e) => e.action)).toContain('vl_role.changed');
    const other = await get(admin, `/api/v1/audit-log?licenseIdNumber=${b.number}`);
    expect(other.json().items).toEqual([]);
  });

  it('operators see everything, newest first, with addresses; filters and paging', async () => {
    const all = (await get(operator, '/api/v1/audit-log?limit=200')).json<{ items: Entry[] }>().items;
    expect(new Set(all.map((e) => e.licenseIdNumber))).toEqual(new Set([a.number, b.number, null]));
    expect(all.map((e) => e.id)).toEqual([...all.map((e) => e.id)].sort((x, y) => y - x));
    const changes = (await get(operator, '/api/v1/audit-log?action=vl_role.')).json<{ items: Entry[] }>().items;
    expect(changes.length).toBeGreaterThan(0);
    expect(changes.every((e) => e.action.startsWith('vl_role.'))).toBe(true);
    expect(changes[0]!.ip).toBe('203.0.113.7');
    const first = (await get(operator, '/api/v1/audit-log?limit=2')).json();
    const second = (await get(operator, `/api/v1/audit-log?limit=2&cursor=${first.nextCursor}`)).json();
    expect([...first.items, ...second.items].map((e: Entry) => e.id)).toEqual(all.slice(0, 4).map((e) => e.id));
    const tomorrow = (await get(operator, '/api/v1/audit-log?from=2026-11-24')).json();
    expect(tomorrow.items).toEqual([]);
  });

  it('exports CSV with the same scope; refuses someone who administers nothing', async () => {
    const csv = await get(admin, '/api/v1/audit-log/export');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = csv.body.slice(1).split('\r\n').filter(Boolean);
    expect(lines[0]).toBe('Id,When,Actor kind,Actor,Action,License ID,Target,Details,IP address,Hash');
    expect(lines.slice(1).every((l) => l.includes(a.number) && !l.includes(b.number))).toBe(true);
    for (const url of ['/api/v1/audit-log', '/api/v1/audit-log/export']) {
      const refused = await get(nobody, url);
      expect(refused.statusCode).toBe(403);
      expect(refused.json().code).toBe('audit.not_allowed');
    }
    for (const query of ['action=DROP%20TABLE', 'from=yesterday', 'licenseIdNumber=x', 'cursor=zz', 'limit=0']) {
      const bad = await get(operator, `/api/v1/audit-log?${query}`);
      expect(bad.statusCode, query).toBe(400);
    }
  });
});
