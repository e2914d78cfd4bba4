// A new managed tenant (SPEC §2 "New tenant"): anyone may create one with only its initial domain and becomes its
// global administrator, signed in, with the new sign-in ID to write down. Public and rate-limited.
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { accounts, auditLog, domains, sessions, tenants } from '../../src/db/schema.js';
import { NEW_TENANT_RATE_LIMIT } from '../../src/modules/sign-up/routes.js';
import { createTestApp, sessionCookieOf, signIn, type TestApp } from '../helpers/app.js';
import { createTenant } from '../helpers/builders.js';

let t: TestApp;
const PASSWORD = 'brew the best coffee 2026';

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

let ipCounter = 0;
const freshIp = () => `10.9.${Math.floor(ipCounter / 250)}.${(ipCounter++ % 250) + 1}`;

const valid = {
  organizationName: 'Fourth Coffee',
  initialName: 'fourthcoffee',
  adminUserName: 'admin',
  adminDisplayName: 'Ana Bowman',
  password: PASSWORD,
};
const createTenantRequest = (payload: unknown, options: { ip?: string; headers?: Record<string, string> } = {}) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/tenants',
    payload: payload as object,
    headers: options.headers ?? {},
    remoteAddress: options.ip ?? freshIp(),
  });

async function counts() {
  const n = async (table: typeof accounts | typeof tenants | typeof domains | typeof sessions | typeof auditLog) =>
    (await t.db.db.select({ n: count() }).from(table))[0]!.n;
  return {
    accounts: await n(accounts),
    tenants: await n(tenants),
    domains: await n(domains),
    sessions: await n(sessions),
    audit: await n(auditLog),
  };
}

describe('POST /tenants', () => {
  it('creates a managed tenant with its initial domain; the creator is its global admin, signed in', async () => {
    const response = await createTenantRequest(valid);
    expect(response.statusCode, response.body).toBe(201);
    const body = response.json();
    expect(body.signInName).toBe('admin@fourthcoffee.onvlcenter.example');
    expect(body.tenant).toMatchObject({
      displayName: 'Fourth Coffee',
      initialDomain: 'fourthcoffee.onvlcenter.example',
      state: 'managed',
    });
    expect(body.me.account).toMatchObject({
      signInName: 'admin@fourthcoffee.onvlcenter.example',
      displayName: 'Ana Bowman',
      kind: 'work',
      cloud: 'public',
      isGlobalAdmin: true,
      isOperator: false,
      tenant: { id: body.tenant.id, displayName: 'Fourth Coffee', state: 'managed' },
    });
    const me = await t.app.inject({ url: '/api/v1/me', headers: { cookie: sessionCookieOf(response) } });
    expect(me.json().account).toEqual(body.me.account);

    const [tenant] = await t.db.db.select().from(tenants).where(eq(tenants.id, body.tenant.id));
    expect(tenant).toMatchObject({ state: 'managed', cloud: 'public' });
    // Only the initial domain: no domain was proved, none is held.
    expect(await t.db.db.select().from(domains).where(eq(domains.tenantId, body.tenant.id))).toEqual([]);
    const audit = await t.db.db.select().from(auditLog).where(eq(auditLog.tenantId, body.tenant.id));
    expect(audit.map((a) => a.action)).toEqual(['tenant.created']);
    expect(audit[0]!.details).toMatchObject({ state: 'managed', initialDomain: 'fourthcoffee.onvlcenter.example' });
    const all = await t.db.db.select().from(auditLog);
    expect(JSON.stringify(all)).not.toContain(PASSWORD);
    const [admin] = await t.db.db.select().from(accounts).where(eq(accounts.id, body.me.account.id));
    expect(admin!.passwordHash).toMatch(/^\$argon2id\$/);

    await signIn(t.app, 'admin@fourthcoffee.onvlcenter.example', PASSWORD);
    // The admin administers the new tenant at once.
    const users = await t.app.inject({
      url: `/api/v1/tenants/${body.tenant.id}/users`,
      headers: { cookie: sessionCookieOf(response) },
    });
    expect(users.statusCode).toBe(200);
    expect(users.json().items).toHaveLength(1);
  });

  it('refuses an initial name that is taken (409 tenant.initial_name_taken), also by an unmanaged tenant', async () => {
    await createTenant(t.db.db, {
      displayName: 'wingtip.example',
      initialDomain: 'wingtip.onvlcenter.example',
      state: 'unmanaged',
    });
    for (const initialName of ['fourthcoffee', 'wingtip']) {
      const before = await counts();
      const response = await createTenantRequest({ ...valid, initialName });
      expect(response.statusCode, initialName).toBe(409);
      expect(response.json().code).toBe('tenant.initial_name_taken');
      expect(response.json().detail).toContain(`${initialName}.onvlcenter.example`);
      expect(response.cookies).toHaveLength(0);
      expect(await counts()).toEqual(before);
    }
  });

  it('two people taking the same initial name at the same moment: exactly one gets it', async () => {
    const answers = await Promise.all(
      [1, 2, 3].map((i) => createTenantRequest({ ...valid, initialName: 'contested', adminUserName: `a${i}` })),
    );
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409, 409]);
  });

  it.each([
    ['shorter than 12 characters', 'short pass'],
    ['the sign-in ID itself', 'Admin@Weakpass.onvlcenter.example'],
  ])('refuses a password %s (400 password.too_weak)', async (_why, password) => {
    const before = await counts();
    const response = await createTenantRequest({ ...valid, initialName: 'weakpass', password });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'password.too_weak', fields: [{ name: 'body.password' }] });
    expect(await counts()).toEqual(before);
  });

  it('belongs to the cloud whose base URL it was made at, and uses the configured suffix', async () => {
    const other = await createTestApp({
      env: {
        BASE_URL: 'https://vl.example.com',
        BASE_URL_GOV_HIGH: 'https://gov.vl.example.com',
        INITIAL_DOMAIN_SUFFIX: 'OnGov.Example.',
      },
    });
    try {
      const response = await other.app.inject({
        method: 'POST',
        url: '/api/v1/tenants',
        headers: { host: 'gov.vl.example.com' },
        payload: { ...valid, initialName: 'agency' },
      });
      expect(response.statusCode, response.body).toBe(201);
      expect(response.json().signInName).toBe('admin@agency.ongov.example');
      expect(response.json().me.account.cloud).toBe('gov-high');
    } finally {
      await other.close();
    }
  });

  it('refuses a cross-site request', async () => {
    const before = await counts();
    const response = await createTenantRequest(
      { ...valid, initialName: 'crosssite' },
      { headers: { origin: 'https://evil.example' } },
    );
    expect(response.statusCode).toBe(403);
    expect(await counts()).toEqual(before);
  });

  it('answers 429 after 5 tenants an hour from one client address', async () => {
    const ip = freshIp();
    for (let i = 0; i < NEW_TENANT_RATE_LIMIT.max; i++) {
      expect((await createTenantRequest(valid, { ip })).statusCode).toBe(409);
    }
    const limited = await createTenantRequest({ ...valid, initialName: 'ratelimited' }, { ip });
    expect(limited.statusCode).toBe(429);
    expect(limited.json().code).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    t.clock.advance(NEW_TENANT_RATE_LIMIT.windowSeconds * 1000 + 1000);
    expect((await createTenantRequest({ ...valid, initialName: 'ratelimited' }, { ip })).statusCode).toBe(201);
  });
});

describe('bad input to POST /tenants', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['missing organization name', { organizationName: undefined }, 'body.organizationName'],
    ['blank organization name', { organizationName: '  ' }, 'body.organizationName'],
    ['oversized organization name', { organizationName: 'o'.repeat(257) }, 'body.organizationName'],
    ['organization name of the wrong type', { organizationName: 7 }, 'body.organizationName'],
    ['missing initial name', { initialName: undefined }, 'body.initialName'],
    ['initial name too short', { initialName: 'ab' }, 'body.initialName'],
    ['initial name too long', { initialName: 'a'.repeat(28) }, 'body.initialName'],
    ['initial name in upper case', { initialName: 'FourthCoffee' }, 'body.initialName'],
    ['initial name with a hyphen', { initialName: 'fourth-coffee' }, 'body.initialName'],
    ['initial name with a dot', { initialName: 'fourth.coffee' }, 'body.initialName'],
    ['initial name of the wrong type', { initialName: ['x'] }, 'body.initialName'],
    ['missing admin user name', { adminUserName: undefined }, 'body.adminUserName'],
    ['admin user name that is an address', { adminUserName: 'ana@fourthcoffee.example' }, 'body.adminUserName'],
    ['admin user name with a space', { adminUserName: 'ana bowman' }, 'body.adminUserName'],
    ['oversized admin user name', { adminUserName: 'a'.repeat(65) }, 'body.adminUserName'],
    ['missing admin display name', { adminDisplayName: undefined }, 'body.adminDisplayName'],
    ['admin display name with a control character', { adminDisplayName: 'A\u0007B' }, 'body.adminDisplayName'],
    ['missing password', { password: undefined }, 'body.password'],
    ['oversized password', { password: 'p'.repeat(1025) }, 'body.password'],
    ['password of the wrong type', { password: true }, 'body.password'],
    ['unknown property', { cloud: 'defense' }, 'body'],
  ])('%s → 400 naming the field, nothing changes', async (_name, change, fieldName) => {
    const before = await counts();
    const response = await createTenantRequest({ ...valid, initialName: 'badinput', ...change });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().fields[0].name.startsWith(fieldName)).toBe(true);
    expect(await counts()).toEqual(before);
  });
});

describe('INITIAL_DOMAIN_SUFFIX', () => {
  it('defaults to onvlcenter.example and must be a domain name', () => {
    expect(loadConfig({}).initialDomainSuffix).toBe('onvlcenter.example');
    for (const bad of ['not a domain', 'localhost', '-bad.example', 'x'.repeat(64) + '.example']) {
      expect(() => loadConfig({ INITIAL_DOMAIN_SUFFIX: bad }), bad).toThrow(ConfigError);
      try {
        loadConfig({ INITIAL_DOMAIN_SUFFIX: bad });
      } catch (error) {
        expect((error as ConfigError).problems.join(' ')).toContain('INITIAL_DOMAIN_SUFFIX');
      }
    }
  });
});
