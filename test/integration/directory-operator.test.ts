// The operator console's tenant list (search, state filter, cursor pagination) and tenant detail (domains, counts,
// takeovers); only operators may see them; bad input is refused with the field named.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type TestApp } from '../helpers/app.js';
import { createAccount, createTenant, TEST_PASSWORD } from '../helpers/builders.js';
import { startDnsServer, type TestDnsServer } from '../helpers/dns-server.js';

type Session = Awaited<ReturnType<typeof signIn>>;
type Item = { id: string; displayName: string; state: string; domainCount: number; accountCount: number };

let t: TestApp;
let dns: TestDnsServer;
let operator: Session;
const ids: Record<string, string> = {};

beforeAll(async () => {
  dns = await startDnsServer();
  t = await createTestApp({ env: { DNS_SERVERS: dns.server } });
  const db = t.db.db;
  const publisher = await createTenant(db, { displayName: 'Publisher', domain: 'publisher.example' });
  const contoso = await createTenant(db, { displayName: 'Contoso', domain: 'contoso.example' });
  const fourthCoffee = await createTenant(db, {
    displayName: 'Fourth Coffee',
    state: 'unmanaged',
    domain: 'fourthcoffee.example',
  });
  ids.contoso = contoso.id;
  ids.fourthCoffee = fourthCoffee.id;
  for (const name of ['Alpine Ski House', 'Bellows College', 'Coho Winery', 'Datum 100% Corp', 'Adventure Works']) {
    ids[name] = (await createTenant(db, { displayName: name })).id;
  }
  await createAccount(db, {
    tenantId: publisher.id,
    signInName: 'operator@publisher.example',
    isGlobalAdmin: true,
    isOperator: true,
  });
  await createAccount(db, { tenantId: contoso.id, signInName: 'admin@contoso.example', isGlobalAdmin: true });
  await createAccount(db, { tenantId: contoso.id, signInName: 'li@contoso.example' });
  await createAccount(db, { tenantId: fourthCoffee.id, signInName: 'ana@fourthcoffee.example' });
  await createAccount(db, { tenantId: fourthCoffee.id, signInName: 'ben@fourthcoffee.example' });
  operator = await signIn(t.app, 'operator@publisher.example', TEST_PASSWORD);
});
afterAll(async () => {
  await t.close();
  await dns.stop();
});

/** GET as the operator, as `s`, or signed out (null). */
const get = (url: string, s: Session | null = operator) =>
  t.app.inject({ url, headers: s ? { cookie: s.cookie } : {} });

describe('tenant list', () => {
  it('pages through every tenant by name with a cursor, without gaps or repeats', async () => {
    const seen: Item[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const response = await get(`/api/v1/operator/tenants?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(response.statusCode, response.body).toBe(200);
      const page = response.json<{ items: Item[]; nextCursor: string | null }>();
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items);
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    const names = seen.map((i) => i.displayName);
    expect(names).toHaveLength(8);
    expect(new Set(names).size).toBe(8);
    expect(names).toEqual([...names].sort());
    expect(pages).toBe(3);
    expect(seen.find((i) => i.id === ids.contoso)).toMatchObject({
      state: 'managed',
      cloud: 'public',
      initialDomain: 'contoso.onvlcenter.example',
      domainCount: 1,
      accountCount: 2,
    });
  });

  it('filters by state, and by part of a name, a domain or an initial domain', async () => {
    const names = async (query: string) =>
      (await get(`/api/v1/operator/tenants?${query}`)).json<{ items: Item[] }>().items.map((i) => i.displayName);
    expect(await names('state=unmanaged')).toEqual(['Fourth Coffee']);
    expect(await names('query=COFFEE')).toEqual(['Fourth Coffee']);
    expect(await names('query=fourthcoffee.example')).toEqual(['Fourth Coffee']);
    expect(await names('query=contoso.onvlcenter')).toEqual(['Contoso']);
    expect(await names('query=co&state=managed')).toEqual([
      'Bellows College',
      'Coho Winery',
      'Contoso',
      'Datum 100% Corp',
    ]);
    // LIKE's wildcards are taken literally
    expect(await names('query=%25')).toEqual(['Datum 100% Corp']);
    expect(await names('query=_')).toEqual([]);
    expect(await names('query=nothing-like-this')).toEqual([]);
  });
});

describe('tenant detail', () => {
  it("shows the tenant's domains, counts and takeovers", async () => {
    // An internal takeover through the API, so the detail has one to show.
    const ana = await signIn(t.app, 'ana@fourthcoffee.example', TEST_PASSWORD);
    const challenge = await t.app.inject({
      method: 'POST',
      url: '/api/v1/takeover/challenge',
      headers: ana.headers,
      payload: { domain: 'fourthcoffee.example', mode: 'internal' },
    });
    dns.setTxt('fourthcoffee.example', [challenge.json().txtRecord.value]);
    const done = await t.app.inject({
      method: 'POST',
      url: '/api/v1/takeover',
      headers: ana.headers,
      payload: { domain: 'fourthcoffee.example', mode: 'internal' },
    });
    expect(done.statusCode, done.body).toBe(200);

    const response = await get(`/api/v1/operator/tenants/${ids.fourthCoffee}`);
    expect(response.statusCode, response.body).toBe(200);
    const detail = response.json();
    expect(detail).toMatchObject({
      id: ids.fourthCoffee,
      displayName: 'Fourth Coffee',
      state: 'managed',
      accountCount: 2,
      globalAdminCount: 1,
      domainCount: 1,
      domains: [{ name: 'fourthcoffee.example', state: 'verified', verifiedAt: t.clock.now().toISOString() }],
    });
    expect(detail.takeovers).toEqual([
      {
        id: done.json().takeoverId,
        mode: 'internal',
        domain: 'fourthcoffee.example',
        sourceTenant: { id: ids.fourthCoffee, displayName: 'Fourth Coffee' },
        targetTenant: { id: ids.fourthCoffee, displayName: 'Fourth Coffee' },
        actor: { id: ana.accountId, signInName: 'ana@fourthcoffee.example' },
        movedAccountCount: 0,
        createdAt: t.clock.now().toISOString(),
        undoneAt: null,
        undoableUntil: new Date(t.clock.now().getTime() + 10 * 24 * 60 * 60 * 1000).toISOString(),
        canUndo: true,
      },
    ]);
  });

  it('answers 404 for an unknown or malformed id', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      const response = await get(`/api/v1/operator/tenants/${id}`);
      expect(response.statusCode, id).toBe(404);
      expect(response.json().code).toBe('tenant.not_found');
    }
  });
});

describe('access and bad input', () => {
  it('signed out 401; a global admin, a member, an unmanaged member 404; the operator 200', async () => {
    const urls = ['/api/v1/operator/tenants', `/api/v1/operator/tenants/${ids.contoso}`];
    for (const url of urls) expect((await get(url, null)).statusCode, url).toBe(401);
    for (const login of ['admin@contoso.example', 'li@contoso.example', 'ben@fourthcoffee.example']) {
      const s = await signIn(t.app, login, TEST_PASSWORD);
      for (const url of urls) {
        const response = await get(url, s);
        expect(response.statusCode, `${login} ${url}`).toBe(404);
        expect(response.json().code).toBe('not_found');
      }
    }
    for (const url of urls) expect((await get(url)).statusCode, url).toBe(200);
  });

  it('refuses bad query parameters with the field named', async () => {
    const cases: { query: string; code: string; field: string }[] = [
      { query: 'state=deleted', code: 'request.invalid', field: 'querystring.state' },
      { query: 'limit=0', code: 'request.invalid', field: 'querystring.limit' },
      { query: 'limit=101', code: 'request.invalid', field: 'querystring.limit' },
      { query: 'limit=ten', code: 'request.invalid', field: 'querystring.limit' },
      { query: `query=${'x'.repeat(101)}`, code: 'request.invalid', field: 'querystring.query' },
      { query: `cursor=${'x'.repeat(513)}`, code: 'request.invalid', field: 'querystring.cursor' },
      { query: 'cursor=not-a-cursor', code: 'cursor.invalid', field: 'querystring.cursor' },
      {
        query: `cursor=${Buffer.from(JSON.stringify(['x', "1' or 1=1"])).toString('base64url')}`,
        code: 'cursor.invalid',
        field: 'querystring.cursor',
      },
    ];
    for (const { query, code, field } of cases) {
      const response = await get(`/api/v1/operator/tenants?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.json().code, query).toBe(code);
      expect(response.json().fields[0].name, query).toBe(field);
    }
    const oversizedId = await get(`/api/v1/operator/tenants/${'a'.repeat(65)}`);
    expect(oversizedId.statusCode).toBe(400);
    expect(oversizedId.json().fields[0].name).toBe('params.id');
  });
});
