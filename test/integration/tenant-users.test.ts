// Tenant administration (issue 3 item 7): a global administrator lists and creates work accounts, resets passwords
// and grants or removes the global administrator role — only in their own tenant, audited, never storing or logging
// a password; a managed tenant keeps at least one global administrator.
import { randomBytes } from 'node:crypto';
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, auditLog, domains, sessions, tenants, vlProfiles, vlRoleAssignments } from '../../src/db/schema.js';
import { randomToken } from '../../src/clock.js';
import { createSessionService } from '../../src/modules/session/service.js';
import { createTenantUsersService } from '../../src/modules/tenant-users/service.js';
import { createTestApp, signIn, type TestApp } from '../helpers/app.js';
import { createAccount, createTenant, TEST_PASSWORD } from '../helpers/builders.js';

let t: TestApp;
let contoso: typeof tenants.$inferSelect;
let fabrikam: typeof tenants.$inferSelect;
let target: typeof accounts.$inferSelect;
type Session = Awaited<ReturnType<typeof signIn>>;
const as: Record<'admin' | 'member' | 'otherAdmin' | 'operator' | 'personal', Session> = {} as never;

beforeAll(async () => {
  t = await createTestApp();
  const db = t.db.db;
  contoso = await createTenant(db, {
    displayName: 'Contoso',
    initialDomain: 'contoso.onvlcenter.example',
    domain: 'contoso.example',
  });
  // Added but not proved: no accounts may be made there.
  await db
    .insert(domains)
    .values({ tenantId: contoso.id, name: 'litware.example', state: 'unverified', verificationToken: 'x'.repeat(22) });
  fabrikam = await createTenant(db, { displayName: 'Fabrikam', domain: 'fabrikam.example' });
  const publisher = await createTenant(db, { displayName: 'Publisher', domain: 'publisher.example' });
  await createAccount(db, {
    tenantId: contoso.id,
    signInName: 'li@contoso.example',
    displayName: 'Li Wei',
    isGlobalAdmin: true,
  });
  await createAccount(db, { tenantId: contoso.id, signInName: 'bo@contoso.example', displayName: 'Bo Ek' });
  target = await createAccount(db, { tenantId: contoso.id, signInName: 'target@contoso.example' });
  await createAccount(db, { tenantId: fabrikam.id, signInName: 'kim@fabrikam.example', isGlobalAdmin: true });
  await createAccount(db, {
    tenantId: publisher.id,
    signInName: 'operator@publisher.example',
    isGlobalAdmin: true,
    isOperator: true,
  });
  await createAccount(db, { signInName: 'pat@gmail.com' });
  as.admin = await signIn(t.app, 'li@contoso.example', TEST_PASSWORD);
  as.member = await signIn(t.app, 'bo@contoso.example', TEST_PASSWORD);
  as.otherAdmin = await signIn(t.app, 'kim@fabrikam.example', TEST_PASSWORD);
  as.operator = await signIn(t.app, 'operator@publisher.example', TEST_PASSWORD);
  as.personal = await signIn(t.app, 'pat@gmail.com', TEST_PASSWORD);
});
afterAll(() => t.close());

const usersUrl = (tenantId = contoso.id) => `/api/v1/tenants/${tenantId}/users`;
const userUrl = (userId: string, action: 'password-reset' | 'global-admin', tenantId = contoso.id) =>
  `/api/v1/tenants/${tenantId}/users/${userId}/${action}`;

const call = (
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  session: Session | undefined,
  payload?: Record<string, unknown>,
) => t.app.inject({ method, url, headers: session?.headers ?? {}, ...(payload ? { payload } : {}) });

let unique = 0;
const newUser = (extra: Record<string, unknown> = {}) => ({
  userName: `user${unique++}`,
  domain: 'contoso.example',
  displayName: 'New User',
  ...extra,
});

async function counts() {
  const n = async (table: typeof accounts | typeof sessions | typeof auditLog) =>
    (await t.db.db.select({ n: count() }).from(table))[0]!.n;
  const [admins] = await t.db.db.select({ n: count() }).from(accounts).where(eq(accounts.isGlobalAdmin, true));
  const hashes = (await t.db.db.select({ h: accounts.passwordHash }).from(accounts)).map((r) => r.h).sort();
  return { accounts: await n(accounts), audit: await n(auditLog), admins: admins!.n, hashes };
}

describe('authorization', () => {
  const routes = () => [
    { key: 'GET users', method: 'GET' as const, url: usersUrl(), payload: undefined, ok: 200 },
    { key: 'POST users', method: 'POST' as const, url: usersUrl(), payload: newUser(), ok: 201 },
    { key: 'POST password-reset', method: 'POST' as const, url: userUrl(target.id, 'password-reset'), ok: 200 },
    {
      key: 'PUT global-admin',
      method: 'PUT' as const,
      url: userUrl(target.id, 'global-admin'),
      payload: { isGlobalAdmin: false },
      ok: 200,
    },
  ];

  it('signed out → 401 on every route', async () => {
    for (const route of routes()) {
      const response = await call(route.method, route.url, undefined, route.payload);
      expect(response.statusCode, route.key).toBe(401);
      expect(response.json().code).toBe('auth.required');
    }
  });

  it.each(['otherAdmin', 'member', 'operator', 'personal'] as const)(
    '%s → 404 on every route, and nothing changes',
    async (who) => {
      const before = await counts();
      for (const route of routes()) {
        const response = await call(route.method, route.url, as[who], route.payload);
        expect(response.statusCode, `${who} ${route.key}`).toBe(404);
        expect(response.json().code).toBe('not_found');
      }
      expect(await counts()).toEqual(before);
    },
  );

  it('the tenant’s own global admin → allowed on every route', async () => {
    for (const route of routes()) {
      const response = await call(route.method, route.url, as.admin, route.payload);
      expect(response.statusCode, `${route.key}: ${response.body}`).toBe(route.ok);
    }
  });

  it('a user id of another tenant is not found, even through one’s own tenant', async () => {
    const [kim] = await t.db.db.select().from(accounts).where(eq(accounts.signInName, 'kim@fabrikam.example'));
    const before = await counts();
    for (const [method, url, payload] of [
      ['POST', userUrl(kim!.id, 'password-reset'), undefined],
      ['PUT', userUrl(kim!.id, 'global-admin'), { isGlobalAdmin: false }],
      ['POST', userUrl('00000000-0000-4000-8000-000000000000', 'password-reset'), undefined],
    ] as const) {
      const response = await call(method, url, as.admin, payload);
      expect(response.statusCode, url).toBe(404);
      expect(response.json().code).toBe('tenant_user.not_found');
    }
    expect(await counts()).toEqual(before);
  });

  it('changes need the CSRF token', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: usersUrl(),
      headers: { cookie: as.admin.cookie },
      payload: newUser(),
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('csrf.token_invalid');
  });
});

describe('GET /tenants/:tenantId/users', () => {
  it('lists only the tenant’s accounts, by sign-in name, a page at a time', async () => {
    const seen: { signInName: string }[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `?limit=2&cursor=${cursor}` : '?limit=2';
      const response = await call('GET', `${usersUrl()}${query}`, as.admin);
      expect(response.statusCode).toBe(200);
      const body = response.json<{ items: { signInName: string }[]; nextCursor: string | null }>();
      expect(body.items.length).toBeLessThanOrEqual(2);
      seen.push(...body.items);
      cursor = body.nextCursor;
      pages += 1;
    } while (cursor && pages < 100);
    const names = seen.map((u) => u.signInName);
    const [inTenant] = await t.db.db.select({ n: count() }).from(accounts).where(eq(accounts.tenantId, contoso.id));
    expect(names).toHaveLength(inTenant!.n);
    expect(names).toEqual([...names].sort());
    expect(new Set(names).size).toBe(names.length);
    expect(names.every((n) => n.endsWith('@contoso.example') || n.endsWith('@contoso.onvlcenter.example'))).toBe(true);
  });

  it('answers the documented fields', async () => {
    const response = await call('GET', `${usersUrl()}?query=li@`, as.admin);
    expect(response.json().items).toEqual([
      {
        id: expect.any(String),
        signInName: 'li@contoso.example',
        displayName: 'Li Wei',
        isGlobalAdmin: true,
        disabled: false,
        createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      },
    ]);
    expect(response.json().nextCursor).toBeNull();
  });

  it('filters by part of the sign-in name or display name, wildcards taken literally', async () => {
    const byName = await call('GET', `${usersUrl()}?query=${encodeURIComponent('bo ek')}`, as.admin);
    expect(byName.json().items.map((u: { signInName: string }) => u.signInName)).toEqual(['bo@contoso.example']);
    const wildcard = await call('GET', `${usersUrl()}?query=${encodeURIComponent('%')}`, as.admin);
    expect(wildcard.json().items).toEqual([]);
  });

  it.each([
    ['limit 0', '?limit=0', 'querystring.limit'],
    ['limit too large', '?limit=201', 'querystring.limit'],
    ['limit of the wrong type', '?limit=many', 'querystring.limit'],
    ['malformed cursor', '?cursor=not%20a%20cursor', 'querystring.cursor'],
    ['oversized query', `?query=${'q'.repeat(101)}`, 'querystring.query'],
    ['unknown parameter', '?tenant=x', 'querystring'],
  ])('%s → 400 naming the parameter', async (_name, query, fieldName) => {
    const response = await call('GET', `${usersUrl()}${query}`, as.admin);
    expect(response.statusCode).toBe(400);
    expect(response.json().fields[0].name.startsWith(fieldName)).toBe(true);
  });
});

describe('POST /tenants/:tenantId/users', () => {
  it('creates a work account with a temporary password shown once, which signs the user in', async () => {
    const response = await call('POST', usersUrl(), as.admin, {
      userName: 'nora',
      domain: 'Contoso.Example',
      displayName: ' Nora Lind ',
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.headers['cache-control']).toBe('no-store');
    const { user, temporaryPassword } = response.json();
    expect(user).toMatchObject({
      signInName: 'nora@contoso.example',
      displayName: 'Nora Lind',
      isGlobalAdmin: false,
      disabled: false,
    });
    expect(temporaryPassword.length).toBeGreaterThanOrEqual(16);
    const s = await signIn(t.app, 'nora@contoso.example', temporaryPassword);
    const me = await t.app.inject({ url: '/api/v1/me', headers: { cookie: s.cookie } });
    expect(me.json().account).toMatchObject({ kind: 'work', tenant: { id: contoso.id, state: 'managed' } });
    // Never stored or audited in plain text.
    const [row] = await t.db.db.select().from(accounts).where(eq(accounts.id, user.id));
    expect(row!.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row!.passwordHash).not.toContain(temporaryPassword);
    const audit = await t.db.db.select().from(auditLog);
    expect(JSON.stringify(audit)).not.toContain(temporaryPassword);
    const [entry] = audit.filter((a) => a.action === 'tenant_user.created' && a.target === user.id);
    expect(entry).toMatchObject({ tenantId: contoso.id, actorAccountId: as.admin.accountId });
  });

  it('gives different temporary passwords to different users', async () => {
    const a = (await call('POST', usersUrl(), as.admin, newUser())).json().temporaryPassword;
    const b = (await call('POST', usersUrl(), as.admin, newUser())).json().temporaryPassword;
    expect(a).not.toBe(b);
  });

  it('accepts the initial domain', async () => {
    const response = await call('POST', usersUrl(), as.admin, newUser({ domain: 'contoso.onvlcenter.example' }));
    expect(response.statusCode).toBe(201);
    expect(response.json().user.signInName).toMatch(/@contoso\.onvlcenter\.example$/);
  });

  it('can make the new user a global administrator', async () => {
    const response = await call('POST', usersUrl(), as.admin, newUser({ userName: 'sam', isGlobalAdmin: true }));
    expect(response.json().user.isGlobalAdmin).toBe(true);
    const s = await signIn(t.app, 'sam@contoso.example', response.json().temporaryPassword);
    expect((await call('GET', usersUrl(), s)).statusCode).toBe(200);
  });

  it.each([
    ['an unverified domain of the tenant', 'litware.example'],
    ['another tenant’s verified domain', 'fabrikam.example'],
    ['a domain nobody holds', 'unknown.example'],
    ['another tenant’s initial domain', 'fabrikam.onvlcenter.example'],
    ['not a domain', 'not a domain'],
  ])('refuses %s (400 tenant_user.domain_not_verified), creating nothing', async (_why, domain) => {
    const before = await counts();
    const response = await call('POST', usersUrl(), as.admin, newUser({ domain }));
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      code: 'tenant_user.domain_not_verified',
      fields: [{ name: 'body.domain' }],
    });
    expect(await counts()).toEqual(before);
  });

  it('refuses a sign-in name that is taken (409 tenant_user.exists)', async () => {
    const before = await counts();
    const response = await call('POST', usersUrl(), as.admin, newUser({ userName: 'bo' }));
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('tenant_user.exists');
    expect(await counts()).toEqual(before);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['missing user name', { userName: undefined }, 'body.userName'],
    ['user name that is an address', { userName: 'x@contoso.example' }, 'body.userName'],
    ['user name in upper case', { userName: 'Nora' }, 'body.userName'],
    ['oversized user name', { userName: 'u'.repeat(65) }, 'body.userName'],
    ['user name of the wrong type', { userName: 5 }, 'body.userName'],
    ['missing domain', { domain: undefined }, 'body.domain'],
    ['oversized domain', { domain: `${'d'.repeat(250)}.example` }, 'body.domain'],
    ['domain of the wrong type', { domain: {} }, 'body.domain'],
    ['missing display name', { displayName: undefined }, 'body.displayName'],
    ['blank display name', { displayName: '  ' }, 'body.displayName'],
    ['oversized display name', { displayName: 'n'.repeat(257) }, 'body.displayName'],
    ['global admin of the wrong type', { isGlobalAdmin: 'yes' }, 'body.isGlobalAdmin'],
    ['unknown property', { tenantId: '00000000-0000-4000-8000-000000000001' }, 'body'],
  ])('%s → 400 naming the field, nothing changes', async (_name, change, fieldName) => {
    const before = await counts();
    const response = await call('POST', usersUrl(), as.admin, newUser(change));
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().fields[0].name.startsWith(fieldName)).toBe(true);
    expect(await counts()).toEqual(before);
  });

  it('a tenant id that is not a uuid → 404: it is nobody’s tenant', async () => {
    const response = await call('POST', '/api/v1/tenants/not-a-uuid/users', as.admin, newUser());
    expect(response.statusCode).toBe(404);
  });
});

describe('POST /tenants/:tenantId/users/:userId/password-reset', () => {
  it('sets a new temporary password shown once, ends the user’s sessions, audits without the password', async () => {
    const created = (await call('POST', usersUrl(), as.admin, newUser({ userName: 'reset-me' }))).json();
    const userSession = await signIn(t.app, 'reset-me@contoso.example', created.temporaryPassword);
    const response = await call('POST', userUrl(created.user.id, 'password-reset'), as.admin);
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const { temporaryPassword } = response.json();
    expect(temporaryPassword.length).toBeGreaterThanOrEqual(16);
    expect(temporaryPassword).not.toBe(created.temporaryPassword);
    expect((await t.app.inject({ url: '/api/v1/me', headers: { cookie: userSession.cookie } })).statusCode).toBe(401);
    const old = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { login: 'reset-me@contoso.example', password: created.temporaryPassword },
    });
    expect(old.statusCode).toBe(401);
    await signIn(t.app, 'reset-me@contoso.example', temporaryPassword);
    const audit = await t.db.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'tenant_user.password_reset'), eq(auditLog.target, created.user.id)));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ tenantId: contoso.id, actorAccountId: as.admin.accountId });
    expect(JSON.stringify(await t.db.db.select().from(auditLog))).not.toContain(temporaryPassword);
  });

  it('a user id that is not a uuid → 400 naming params.userId', async () => {
    const response = await call('POST', userUrl('42', 'password-reset'), as.admin);
    expect(response.statusCode).toBe(400);
    expect(response.json().fields[0].name).toBe('params.userId');
  });
});

describe('PUT /tenants/:tenantId/users/:userId/global-admin', () => {
  it('grants and removes the role; the change takes effect at once; both audited', async () => {
    const created = (await call('POST', usersUrl(), as.admin, newUser({ userName: 'promote' }))).json();
    const s = await signIn(t.app, 'promote@contoso.example', created.temporaryPassword);
    expect((await call('GET', usersUrl(), s)).statusCode).toBe(404);
    const grant = await call('PUT', userUrl(created.user.id, 'global-admin'), as.admin, { isGlobalAdmin: true });
    expect(grant.statusCode).toBe(200);
    expect(grant.json()).toMatchObject({ id: created.user.id, isGlobalAdmin: true });
    expect((await call('GET', usersUrl(), s)).statusCode).toBe(200);
    const remove = await call('PUT', userUrl(created.user.id, 'global-admin'), as.admin, { isGlobalAdmin: false });
    expect(remove.json().isGlobalAdmin).toBe(false);
    expect((await call('GET', usersUrl(), s)).statusCode).toBe(404);
    const actions = (await t.db.db.select().from(auditLog).where(eq(auditLog.target, created.user.id))).map(
      (a) => a.action,
    );
    expect(actions).toEqual(
      expect.arrayContaining(['tenant_user.global_admin_granted', 'tenant_user.global_admin_removed']),
    );
  });

  it('setting the role a user already has changes nothing', async () => {
    const before = await counts();
    const response = await call('PUT', userUrl(as.admin.accountId, 'global-admin'), as.admin, { isGlobalAdmin: true });
    expect(response.statusCode).toBe(200);
    expect(await counts()).toEqual(before);
  });

  it('refuses to remove the last global administrator (409), counting disabled admins out', async () => {
    const tenant = await createTenant(t.db.db, { displayName: 'Solo' });
    const solo = await createAccount(t.db.db, {
      tenantId: tenant.id,
      signInName: 'solo@solo.example',
      isGlobalAdmin: true,
    });
    await createAccount(t.db.db, {
      tenantId: tenant.id,
      signInName: 'gone@solo.example',
      isGlobalAdmin: true,
      disabledAt: new Date(),
    });
    const s = await signIn(t.app, 'solo@solo.example', TEST_PASSWORD);
    const before = await counts();
    const response = await call('PUT', userUrl(solo.id, 'global-admin', tenant.id), s, { isGlobalAdmin: false });
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('tenant_user.last_global_admin');
    expect(await counts()).toEqual(before);
  });

  it('two admins removing each other at the same moment: one stays', async () => {
    // Straight to the service, so that both changes surely pass the route's access check before either commits.
    const service = createTenantUsersService({
      db: t.db.db,
      clock: t.clock,
      newToken: randomToken,
      sessions: createSessionService({
        db: t.db.db,
        clock: t.clock,
        secretKey: randomBytes(32),
        newToken: randomToken,
      }),
    });
    // Several pairs at once, so that some transactions surely overlap.
    const pairs = await Promise.all(
      Array.from({ length: 8 }, async (_, i) => {
        const tenant = await createTenant(t.db.db, { displayName: `Pair ${i}` });
        const one = await createAccount(t.db.db, {
          tenantId: tenant.id,
          signInName: `one@pair${i}.example`,
          isGlobalAdmin: true,
        });
        const two = await createAccount(t.db.db, {
          tenantId: tenant.id,
          signInName: `two@pair${i}.example`,
          isGlobalAdmin: true,
        });
        return { tenant, one, two };
      }),
    );
    const answers = await Promise.all(
      pairs.map(({ tenant, one, two }) =>
        Promise.allSettled([
          service.setGlobalAdmin({ accountId: one.id, ip: '10.0.0.1' }, tenant.id, two.id, false),
          service.setGlobalAdmin({ accountId: two.id, ip: '10.0.0.2' }, tenant.id, one.id, false),
        ]),
      ),
    );
    for (const [i, pair] of answers.entries()) {
      expect(
        pair.filter((a) => a.status === 'fulfilled'),
        `pair ${i}`,
      ).toHaveLength(1);
      const refused = pair.find((a) => a.status === 'rejected') as PromiseRejectedResult;
      expect(refused.reason).toMatchObject({ code: 'tenant_user.last_global_admin' });
      const [admins] = await t.db.db
        .select({ n: count() })
        .from(accounts)
        .where(and(eq(accounts.tenantId, pairs[i]!.tenant.id), eq(accounts.isGlobalAdmin, true)));
      expect(admins!.n).toBe(1);
    }
  });

  it.each<[string, unknown, string]>([
    ['missing value', {}, 'body.isGlobalAdmin'],
    ['value of the wrong type', { isGlobalAdmin: 'false' }, 'body.isGlobalAdmin'],
    ['unknown property', { isGlobalAdmin: true, isOperator: true }, 'body'],
  ])('%s → 400 naming the field, nothing changes', async (_name, payload, fieldName) => {
    const before = await counts();
    const response = await call(
      'PUT',
      userUrl(target.id, 'global-admin'),
      as.admin,
      payload as Record<string, unknown>,
    );
    expect(response.statusCode).toBe(400);
    expect(response.json().fields[0].name.startsWith(fieldName)).toBe(true);
    expect(await counts()).toEqual(before);
  });
});

describe('volume licensing', () => {
  // SPEC §4: global administrators get no VL access from that role. VL access comes only from VL role assignments
  // (held through a VL profile); becoming a global administrator — by creating a tenant, being created as one or
  // being granted the role — must create none.
  it('becoming a global administrator creates no VL profile and no VL role', async () => {
    const created = await call('POST', usersUrl(), as.admin, newUser({ isGlobalAdmin: true }));
    await call('PUT', userUrl(created.json().user.id, 'global-admin'), as.admin, { isGlobalAdmin: false });
    await call('PUT', userUrl(created.json().user.id, 'global-admin'), as.admin, { isGlobalAdmin: true });
    const newTenant = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tenants',
      payload: {
        organizationName: 'VL Check',
        initialName: 'vlcheck',
        adminUserName: 'admin',
        adminDisplayName: 'Admin',
        password: 'a long enough passphrase',
      },
    });
    expect(newTenant.statusCode).toBe(201);
    expect(await t.db.db.select().from(vlProfiles)).toEqual([]);
    expect(await t.db.db.select().from(vlRoleAssignments)).toEqual([]);
  });
});
