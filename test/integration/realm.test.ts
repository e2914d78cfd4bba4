// The public realm lookup (managed / unmanaged / personal / none), that it never tells whether a mailbox has an
// account, its rate limit and bad input; and that /me identifies personal and unmanaged accounts as such.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { domains } from '../../src/db/schema.js';
import { createTestApp, signIn, type TestApp } from '../helpers/app.js';
import { createAccount, createTenant, TEST_PASSWORD } from '../helpers/builders.js';

let t: TestApp;
let contosoId: string;
let fourthCoffeeId: string;

beforeAll(async () => {
  t = await createTestApp();
  const db = t.db.db;
  const contoso = await createTenant(db, { displayName: 'Contoso', domain: 'contoso.example' });
  const fourthCoffee = await createTenant(db, {
    displayName: 'Fourth Coffee',
    state: 'unmanaged',
    domain: 'fourthcoffee.example',
  });
  const govCo = await createTenant(db, { displayName: 'Gov Co', cloud: 'gov-high', domain: 'govco.example' });
  contosoId = contoso.id;
  fourthCoffeeId = fourthCoffee.id;
  // A managed tenant that has added a domain without proving it yet: no claim.
  const pending = await createTenant(db, { displayName: 'Pending' });
  await db.insert(domains).values({
    tenantId: pending.id,
    name: 'pending.example',
    state: 'unverified',
    verificationToken: 'pending-token-0000000000',
  });
  await createAccount(db, { tenantId: contoso.id, signInName: 'li@contoso.example', isGlobalAdmin: true });
  await createAccount(db, { tenantId: contoso.id, signInName: 'kim@contoso.example' });
  await createAccount(db, { tenantId: fourthCoffee.id, signInName: 'ana@fourthcoffee.example' });
  await createAccount(db, { tenantId: govCo.id, signInName: 'gus@govco.example', cloud: 'gov-high' });
  await createAccount(db, { signInName: 'pat@gmail.com' });
  // Personal accounts may use any address, also one of a domain no tenant holds.
  await createAccount(db, { signInName: 'sam@unclaimed.example' });
});
afterAll(() => t.close());

const realm = (email: string, options: { remoteAddress?: string; headers?: Record<string, string> } = {}) =>
  t.app.inject({ url: `/api/v1/realm?email=${encodeURIComponent(email)}`, ...options });

describe('realm lookup', () => {
  it('answers managed for a domain a managed tenant verified, with the tenant and its cloud', async () => {
    const response = await realm('Li@Contoso.Example');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      kind: 'managed',
      domain: 'contoso.example',
      tenantId: contosoId,
      tenantName: 'Contoso',
      cloud: 'public',
    });
    expect((await realm('gus@govco.example')).json()).toMatchObject({ kind: 'managed', cloud: 'gov-high' });
  });

  it("answers managed for a managed tenant's initial domain", async () => {
    expect((await realm('li@contoso.onvlcenter.example')).json()).toMatchObject({
      kind: 'managed',
      tenantId: contosoId,
    });
  });

  it('answers unmanaged for a domain an unmanaged tenant holds', async () => {
    expect((await realm('ana@fourthcoffee.example')).json()).toEqual({
      kind: 'unmanaged',
      domain: 'fourthcoffee.example',
      tenantId: fourthCoffeeId,
      tenantName: 'Fourth Coffee',
      cloud: 'public',
    });
  });

  it('prefers the unmanaged tenant of the cloud asked when each cloud has one for the domain', async () => {
    await createTenant(t.db.db, {
      displayName: 'Two Gov',
      cloud: 'gov-high',
      state: 'unmanaged',
      domain: 'two.example',
    });
    const pub = await createTenant(t.db.db, { displayName: 'Two Public', state: 'unmanaged', domain: 'two.example' });
    // This app serves every cloud at one base URL, so requests belong to the public cloud.
    expect((await realm('x@two.example')).json()).toMatchObject({
      kind: 'unmanaged',
      tenantId: pub.id,
      cloud: 'public',
    });
  });

  it('answers personal for consumer mail domains (and their subdomains), whoever asks', async () => {
    for (const email of ['pat@gmail.com', 'nobody-here@gmail.com', 'x@eu.outlook.com']) {
      const response = await realm(email);
      expect(response.json(), email).toEqual({ kind: 'personal', domain: email.split('@')[1] });
    }
  });

  it('answers none for a domain nobody holds, or a managed tenant has added but not proved', async () => {
    expect((await realm('someone@nowhere.example')).json()).toEqual({ kind: 'none', domain: 'nowhere.example' });
    expect((await realm('someone@pending.example')).json()).toEqual({ kind: 'none', domain: 'pending.example' });
  });

  it('never tells whether a mailbox has an account: the answer depends on the domain only', async () => {
    const pairs = [
      ['li@contoso.example', 'not-a-user@contoso.example'],
      ['ana@fourthcoffee.example', 'not-a-user@fourthcoffee.example'],
      // a personal account with a work-looking address is not revealed either
      ['sam@unclaimed.example', 'not-a-user@unclaimed.example'],
    ];
    for (const [existing, unknown] of pairs) {
      const [a, b] = await Promise.all([realm(existing!), realm(unknown!)]);
      expect(a.body, existing).toBe(b.body);
      expect(a.statusCode).toBe(b.statusCode);
    }
  });

  it('answers every caller alike: signed out, signed in to any tenant, operator', async () => {
    const operatorTenant = await createTenant(t.db.db, { displayName: 'Publisher' });
    await createAccount(t.db.db, {
      tenantId: operatorTenant.id,
      signInName: 'operator@publisher.example',
      isOperator: true,
      isGlobalAdmin: true,
    });
    const sessions = await Promise.all(
      ['li@contoso.example', 'kim@contoso.example', 'ana@fourthcoffee.example', 'operator@publisher.example'].map(
        (login) => signIn(t.app, login, TEST_PASSWORD),
      ),
    );
    const expected = (await realm('li@contoso.example')).body;
    for (const s of sessions) {
      const response = await realm('li@contoso.example', { headers: { cookie: s.cookie } });
      expect(response.statusCode).toBe(200);
      expect(response.body).toBe(expected);
    }
  });

  it('refuses a missing, oversized, repeated or malformed e-mail, naming querystring.email', async () => {
    const cases: { url: string; code: string }[] = [
      { url: '/api/v1/realm', code: 'request.invalid' },
      { url: '/api/v1/realm?email=', code: 'request.invalid' },
      { url: `/api/v1/realm?email=${'a'.repeat(310)}@contoso.example`, code: 'request.invalid' },
      { url: '/api/v1/realm?email=a@contoso.example&email=b@contoso.example', code: 'request.invalid' },
      { url: '/api/v1/realm?email=not-an-email', code: 'email.invalid' },
      { url: '/api/v1/realm?email=li@contoso', code: 'email.invalid' },
      { url: '/api/v1/realm?email=%40contoso.example', code: 'email.invalid' },
      { url: '/api/v1/realm?email=li%40contoso.example%3Cscript%3E', code: 'email.invalid' },
    ];
    for (const { url, code } of cases) {
      const response = await t.app.inject({ url });
      expect(response.statusCode, url).toBe(400);
      expect(response.json(), url).toMatchObject({ code, fields: [{ name: 'querystring.email' }] });
    }
  });

  it('RATE_LIMIT_FACTOR multiplies the per-client allowance', async () => {
    const scaled = await createTestApp({ db: t.db, env: { RATE_LIMIT_FACTOR: '2' } });
    try {
      const client = { remoteAddress: '203.0.113.77' };
      const ask = (i: number) => scaled.app.inject({ url: `/api/v1/realm?email=f${i}@contoso.example`, ...client });
      for (let i = 0; i < 120; i++) expect((await ask(i)).statusCode).toBe(200);
      expect((await ask(121)).statusCode).toBe(429);
    } finally {
      await scaled.close();
    }
  });

  it('is rate-limited per client: 60 a minute, then 429 with Retry-After', async () => {
    const client = { remoteAddress: '203.0.113.9' };
    for (let i = 0; i < 60; i++) expect((await realm(`u${i}@contoso.example`, client)).statusCode).toBe(200);
    const limited = await realm('u61@contoso.example', client);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().code).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another client is not affected; the same client is served again in the next window.
    expect((await realm('u@contoso.example', { remoteAddress: '203.0.113.10' })).statusCode).toBe(200);
    t.clock.advance(61_000);
    expect((await realm('u62@contoso.example', client)).statusCode).toBe(200);
  });
});

describe('/me identifies the kind of account', () => {
  it('a personal account: kind personal, no tenant', async () => {
    const s = await signIn(t.app, 'pat@gmail.com', TEST_PASSWORD);
    const me = (await t.app.inject({ url: '/api/v1/me', headers: { cookie: s.cookie } })).json();
    expect(me.account).toMatchObject({ kind: 'personal', tenant: null, isGlobalAdmin: false });
  });

  it('a member of an unmanaged tenant: kind work, tenant state unmanaged', async () => {
    const s = await signIn(t.app, 'ana@fourthcoffee.example', TEST_PASSWORD);
    const me = (await t.app.inject({ url: '/api/v1/me', headers: { cookie: s.cookie } })).json();
    expect(me.account).toMatchObject({
      kind: 'work',
      tenant: { id: fourthCoffeeId, displayName: 'Fourth Coffee', state: 'unmanaged' },
    });
  });

  it('a member of a managed tenant: kind work, tenant state managed', async () => {
    const s = await signIn(t.app, 'kim@contoso.example', TEST_PASSWORD);
    const me = (await t.app.inject({ url: '/api/v1/me', headers: { cookie: s.cookie } })).json();
    expect(me.account).toMatchObject({ kind: 'work', tenant: { id: contosoId, state: 'managed' } });
  });
});
