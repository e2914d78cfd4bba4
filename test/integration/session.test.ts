import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, auditLog, sessions } from '../../src/db/schema.js';
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from '../../src/modules/session/service.js';
import { createTestApp, sessionCookieOf, signIn, type TestApp } from '../helpers/app.js';
import { createAccount, createTenant, TEST_PASSWORD } from '../helpers/builders.js';

let t: TestApp;
const HOUR = 60 * 60 * 1000;

beforeAll(async () => {
  t = await createTestApp();
  const tenant = await createTenant(t.db.db, { displayName: 'Contoso', domain: 'contoso.example' });
  await createAccount(t.db.db, { tenantId: tenant.id, signInName: 'li@contoso.example', displayName: 'Li Wei' });
  await createAccount(t.db.db, { tenantId: tenant.id, signInName: 'gone@contoso.example', disabledAt: new Date() });
});
afterAll(() => t.close());

const signInRequest = (login: string, password: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { login, password }, headers });

describe('sign-in', () => {
  it('signs in with the right password and sets a hardened session cookie', async () => {
    const response = await signInRequest('  LI@contoso.example ', TEST_PASSWORD);
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'vlc_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const body = response.json();
    expect(body.account).toMatchObject({ signInName: 'li@contoso.example', displayName: 'Li Wei', kind: 'work' });
    expect(body.account.tenant).toMatchObject({ displayName: 'Contoso', state: 'managed' });
    // Only a hash of the session id is stored.
    const stored = await t.db.db.select().from(sessions);
    expect(stored.map((s) => s.idHash)).not.toContain(cookie.value);
  });

  it('answers a wrong password, an unknown account and a disabled account identically', async () => {
    const answers = await Promise.all([
      signInRequest('li@contoso.example', 'wrong password'),
      signInRequest('nobody@contoso.example', TEST_PASSWORD),
      signInRequest('gone@contoso.example', TEST_PASSWORD),
    ]);
    for (const response of answers) {
      expect(response.statusCode).toBe(401);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json()).toEqual({ ...answers[0].json(), instance: '/api/v1/auth/sign-in' });
      expect(response.json().code).toBe('auth.invalid_credentials');
      expect(response.cookies).toHaveLength(0);
    }
  });

  it('rotates the session at sign-in: the session presented before is ended', async () => {
    const first = await signIn(t.app, 'li@contoso.example', TEST_PASSWORD);
    const second = await signInRequest('li@contoso.example', TEST_PASSWORD, { cookie: first.cookie });
    expect(sessionCookieOf(second)).not.toBe(first.cookie);
    expect((await t.app.inject({ url: '/api/v1/me', headers: { cookie: first.cookie } })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/v1/me', headers: { cookie: sessionCookieOf(second) } })).statusCode).toBe(
      200,
    );
  });

  it('audits successful and failed sign-ins without the password', async () => {
    await signInRequest('li@contoso.example', 'a secret guess');
    const rows = await t.db.db.select().from(auditLog);
    expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(['auth.signed_in', 'auth.sign_in_failed']));
    expect(JSON.stringify(rows)).not.toContain('a secret guess');
  });
});

describe('session', () => {
  it('GET /me without a session is a 401 problem', async () => {
    const response = await t.app.inject({ url: '/api/v1/me' });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ code: 'auth.required', status: 401 });
  });

  it('sign-out ends the session on the server, not only in the browser', async () => {
    const s = await signIn(t.app, 'li@contoso.example', TEST_PASSWORD);
    const out = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-out', headers: s.headers });
    expect(out.statusCode).toBe(204);
    expect((await t.app.inject({ url: '/api/v1/me', headers: { cookie: s.cookie } })).statusCode).toBe(401);
  });

  it('ends after the idle timeout', async () => {
    const s = await signIn(t.app, 'li@contoso.example', TEST_PASSWORD);
    t.clock.advance(SESSION_IDLE_MS - 60_000 - 1);
    expect((await t.app.inject({ url: '/api/v1/me', headers: { cookie: s.cookie } })).statusCode).toBe(200);
    t.clock.advance(SESSION_IDLE_MS + 1);
    expect((await t.app.inject({ url: '/api/v1/me', headers: { cookie: s.cookie } })).statusCode).toBe(401);
  });

  it('ends after the absolute timeout even when used all along', async () => {
    const s = await signIn(t.app, 'li@contoso.example', TEST_PASSWORD);
    for (let elapsed = 0; elapsed + 4 * HOUR < SESSION_ABSOLUTE_MS; elapsed += 4 * HOUR) {
      t.clock.advance(4 * HOUR);
      expect((await t.app.inject({ url: '/api/v1/me', headers: { cookie: s.cookie } })).statusCode).toBe(200);
    }
    t.clock.advance(4 * HOUR);
    expect((await t.app.inject({ url: '/api/v1/me', headers: { cookie: s.cookie } })).statusCode).toBe(401);
  });

  it('ends when the account is disabled', async () => {
    const tenant = await createTenant(t.db.db);
    const account = await createAccount(t.db.db, { tenantId: tenant.id, signInName: 'soon-gone@contoso.example' });
    const s = await signIn(t.app, 'soon-gone@contoso.example', TEST_PASSWORD);
    await t.db.db.update(accounts).set({ disabledAt: t.clock.now() }).where(eq(accounts.id, account.id));
    expect((await t.app.inject({ url: '/api/v1/me', headers: { cookie: s.cookie } })).statusCode).toBe(401);
  });
});

describe('CSRF', () => {
  it('refuses a change without the CSRF token, and accepts it with the token', async () => {
    const s = await signIn(t.app, 'li@contoso.example', TEST_PASSWORD);
    const payload = { navShowAll: true };
    const without = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/me/preferences',
      payload,
      headers: { cookie: s.cookie },
    });
    expect(without.statusCode).toBe(403);
    expect(without.json().code).toBe('csrf.token_invalid');
    const wrong = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/me/preferences',
      payload,
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken.slice(1) + 'x' },
    });
    expect(wrong.statusCode).toBe(403);
    const ok = await t.app.inject({ method: 'PUT', url: '/api/v1/me/preferences', payload, headers: s.headers });
    expect(ok.statusCode).toBe(200);
  });

  it('refuses a request whose Origin is another site', async () => {
    const response = await signInRequest('li@contoso.example', TEST_PASSWORD, { origin: 'https://evil.example' });
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('csrf.origin_mismatch');
    const same = await signInRequest('li@contoso.example', TEST_PASSWORD, { origin: 'http://127.0.0.1:3000' });
    expect(same.statusCode).toBe(200);
  });
});

describe('preferences', () => {
  it('keeps navigation pins, the Show all toggle and the language per user', async () => {
    const s = await signIn(t.app, 'li@contoso.example', TEST_PASSWORD);
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/me/preferences',
      payload: { navPins: ['volume-licensing', 'home', 'home'], navShowAll: true, locale: 'nl' },
      headers: s.headers,
    });
    expect(put.json()).toEqual({ navPins: ['volume-licensing', 'home'], navShowAll: true, locale: 'nl' });
    const later = await signIn(t.app, 'li@contoso.example', TEST_PASSWORD);
    const me = await t.app.inject({ url: '/api/v1/me', headers: { cookie: later.cookie } });
    expect(me.json().preferences).toEqual({ navPins: ['volume-licensing', 'home'], navShowAll: true, locale: 'nl' });
  });

  it('names the field of bad input and changes nothing', async () => {
    const s = await signIn(t.app, 'li@contoso.example', TEST_PASSWORD);
    const before = (await t.app.inject({ url: '/api/v1/me', headers: { cookie: s.cookie } })).json().preferences;
    for (const payload of [{ navPins: ['Not An Id!'] }, { locale: 'fr' }, { navShowAll: 'yes' }, { unknown: 1 }]) {
      const response = await t.app.inject({
        method: 'PUT',
        url: '/api/v1/me/preferences',
        payload,
        headers: s.headers,
      });
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json().code).toBe('request.invalid');
      expect(response.json().fields[0].name).toMatch(/^body/);
    }
    const after = (await t.app.inject({ url: '/api/v1/me', headers: { cookie: s.cookie } })).json().preferences;
    expect(after).toEqual(before);
  });
});

describe('rate limit', () => {
  it('answers 429 with Retry-After once one address tries too often, and lets it try again later', async () => {
    const fresh = await createTestApp();
    try {
      let n = 0;
      // A different name each time: this is the per-address limit, not the per-name lockout.
      const attempt = () =>
        fresh.app.inject({
          method: 'POST',
          url: '/api/v1/auth/sign-in',
          payload: { login: `x${n++}@y.example`, password: 'nope' },
        });
      for (let i = 0; i < 30; i++) expect((await attempt()).statusCode).toBe(401);
      const limited = await attempt();
      expect(limited.statusCode).toBe(429);
      expect(limited.json().code).toBe('rate_limited');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      fresh.clock.advance(301_000);
      expect((await attempt()).statusCode).toBe(401);
    } finally {
      await fresh.close();
    }
  });
});

describe('lockout', () => {
  it('locks a sign-in name after repeated failures with a growing delay, the same for unknown names', async () => {
    const fresh = await createTestApp();
    try {
      const tenant = await createTenant(fresh.db.db);
      await createAccount(fresh.db.db, { tenantId: tenant.id, signInName: 'target@lock.example' });
      const attempt = (login: string, password: string) =>
        fresh.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { login, password } });
      for (const login of ['target@lock.example', 'nobody@lock.example']) {
        for (let i = 0; i < 5; i++) expect((await attempt(login, 'wrong')).statusCode).toBe(401);
        // Locked now: even the right password is not tried.
        const locked = await attempt(login, TEST_PASSWORD);
        expect(locked.statusCode).toBe(429);
        expect(locked.json().code).toBe('auth.locked');
        expect(locked.headers['retry-after']).toBe('30');
      }
      fresh.clock.advance(31_000);
      expect((await attempt('target@lock.example', 'wrong')).statusCode).toBe(401);
      // The sixth failure doubles the lock.
      expect((await attempt('target@lock.example', TEST_PASSWORD)).headers['retry-after']).toBe('60');
      fresh.clock.advance(61_000);
      // A success clears the count.
      expect((await attempt('target@lock.example', TEST_PASSWORD)).statusCode).toBe(200);
      expect((await attempt('target@lock.example', 'wrong')).statusCode).toBe(401);
      expect((await attempt('target@lock.example', TEST_PASSWORD)).statusCode).toBe(200);
    } finally {
      await fresh.close();
    }
  });
});

describe('clouds', () => {
  it('an account signs in only at its own cloud’s base URL', async () => {
    const clouds = await createTestApp({
      env: { BASE_URL: 'https://vl.example.com', BASE_URL_GOV_HIGH: 'https://gov.vl.example.com' },
    });
    try {
      const gov = await createTenant(clouds.db.db, { displayName: 'Gov Agency', cloud: 'gov-high' });
      await createAccount(clouds.db.db, { tenantId: gov.id, cloud: 'gov-high', signInName: 'ada@agency.example' });
      const at = (host: string) =>
        clouds.app.inject({
          method: 'POST',
          url: '/api/v1/auth/sign-in',
          headers: { host },
          payload: { login: 'ada@agency.example', password: TEST_PASSWORD },
        });
      expect((await at('vl.example.com')).statusCode).toBe(401);
      const signedIn = await at('gov.vl.example.com');
      expect(signedIn.statusCode).toBe(200);
      expect(signedIn.json().account.cloud).toBe('gov-high');
    } finally {
      await clouds.close();
    }
  });
});
