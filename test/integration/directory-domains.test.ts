// A tenant's domains: add, list with the TXT record, verify through a real DNS server (present, absent, wrong value,
// timeout, SERVFAIL), the two-tenant race, remove; who may call each route; bad input changes nothing.
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, domains } from '../../src/db/schema.js';
import { createDnsResolver } from '../../src/dns.js';
import { createTestApp, signIn, type TestApp } from '../helpers/app.js';
import { createAccount, createTenant } from '../helpers/builders.js';
import { startDnsServer, type TestDnsServer } from '../helpers/dns-server.js';

type Session = Awaited<ReturnType<typeof signIn>>;
type Method = 'GET' | 'POST' | 'DELETE';

let t: TestApp;
let dns: TestDnsServer;
let contosoId: string;
let fabrikamId: string;
let as: { admin: Session; member: Session; otherAdmin: Session; operator: Session };

beforeAll(async () => {
  dns = await startDnsServer();
  t = await createTestApp({ env: { DNS_SERVERS: dns.server } });
  const db = t.db.db;
  const contoso = await createTenant(db, { displayName: 'Contoso', domain: 'contoso.example' });
  const fabrikam = await createTenant(db, { displayName: 'Fabrikam', domain: 'fabrikam.example' });
  const publisher = await createTenant(db, { displayName: 'Publisher', domain: 'publisher.example' });
  const fourthCoffee = await createTenant(db, {
    displayName: 'Fourth Coffee',
    state: 'unmanaged',
    domain: 'fourthcoffee.example',
  });
  contosoId = contoso.id;
  fabrikamId = fabrikam.id;
  await createAccount(db, { tenantId: contoso.id, signInName: 'admin@contoso.example', isGlobalAdmin: true });
  await createAccount(db, { tenantId: contoso.id, signInName: 'li@contoso.example' });
  await createAccount(db, { tenantId: fabrikam.id, signInName: 'admin@fabrikam.example', isGlobalAdmin: true });
  await createAccount(db, {
    tenantId: publisher.id,
    signInName: 'operator@publisher.example',
    isGlobalAdmin: true,
    isOperator: true,
  });
  await createAccount(db, { tenantId: fourthCoffee.id, signInName: 'ana@fourthcoffee.example' });
  const [admin, member, otherAdmin, operator] = await Promise.all(
    ['admin@contoso.example', 'li@contoso.example', 'admin@fabrikam.example', 'operator@publisher.example'].map(
      (login) => signIn(t.app, login, 'correct horse battery staple'),
    ),
  );
  as = { admin: admin!, member: member!, otherAdmin: otherAdmin!, operator: operator! };
});
afterAll(async () => {
  await t.close();
  await dns.stop();
});
// Verify is rate-limited per client; each test starts in a fresh window.
beforeEach(() => t.clock.advance(61_000));

const call = (session: Session | undefined, method: Method, url: string, payload?: object) =>
  t.app.inject({ method, url, headers: session?.headers ?? {}, ...(payload === undefined ? {} : { payload }) });
const domainsUrl = (tenantId = contosoId) => `/api/v1/tenants/${tenantId}/domains`;
const verifyUrl = (name: string, tenantId = contosoId) => `${domainsUrl(tenantId)}/${name}/verify`;

async function addDomain(name: string, session = as.admin, tenantId = contosoId) {
  const response = await call(session, 'POST', domainsUrl(tenantId), { name });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ name: string; txtRecord: { name: string; value: string } }>();
}

/** Every row of the domains table and the audit log's length: what "nothing changed" compares. */
async function snapshot() {
  const rows = await t.db.db.select().from(domains).orderBy(domains.id);
  const [audit] = await t.db.db.select({ n: count() }).from(auditLog);
  return { rows, audit: audit!.n };
}

describe('who may call the domain routes', () => {
  it('signed out 401, another tenant or a non-admin or the operator 404, the own global admin allowed', async () => {
    await addDomain('authz-verify.example');
    const toDelete = await addDomain('authz-delete.example');
    const verifyRecord = (await call(as.admin, 'GET', domainsUrl()))
      .json<{ items: { name: string; txtRecord: { value: string } | null }[] }>()
      .items.find((d) => d.name === 'authz-verify.example')!.txtRecord!;
    dns.setTxt('authz-verify.example', [verifyRecord.value]);
    expect(toDelete.name).toBe('authz-delete.example');

    const routes: { method: Method; url: string; payload?: object; allowed: number }[] = [
      { method: 'GET', url: domainsUrl(), allowed: 200 },
      { method: 'POST', url: domainsUrl(), payload: { name: 'authz-add.example' }, allowed: 201 },
      { method: 'POST', url: verifyUrl('authz-verify.example'), allowed: 200 },
      { method: 'DELETE', url: `${domainsUrl()}/authz-delete.example`, allowed: 204 },
    ];
    const before = await snapshot();
    for (const route of routes) {
      const key = `${route.method} ${route.url}`;
      const signedOut = await call(undefined, route.method, route.url, route.payload);
      expect(signedOut.statusCode, key).toBe(401);
      for (const [who, session] of Object.entries({
        otherAdmin: as.otherAdmin,
        member: as.member,
        operator: as.operator,
      })) {
        const response = await call(session, route.method, route.url, route.payload);
        expect(response.statusCode, `${key} as ${who}`).toBe(404);
      }
    }
    // A refused call changes nothing.
    expect(await snapshot()).toEqual(before);
    // Even with a body the route would refuse, a caller without access learns nothing from validation.
    const invalid = await call(as.otherAdmin, 'POST', domainsUrl(), { name: 42 });
    expect(invalid.statusCode).toBe(404);
    for (const route of routes) {
      const response = await call(as.admin, route.method, route.url, route.payload);
      expect(response.statusCode, `${route.method} ${route.url} as admin: ${response.body}`).toBe(route.allowed);
    }
  });
});

describe('adding and listing domains', () => {
  it('adds a domain, normalized, with a TXT record of at least 128 random bits, and audits it', async () => {
    const added = await addDomain('  Shop.Contoso-Store.Example. ');
    expect(added).toMatchObject({
      name: 'shop.contoso-store.example',
      state: 'unverified',
      verifiedAt: null,
      accountCount: 0,
      takeoverRequired: false,
      txtRecord: { name: 'shop.contoso-store.example' },
    });
    // base64url of 16 bytes = 22 characters
    expect(added.txtRecord.value).toMatch(/^vlcenter-verify=[A-Za-z0-9_-]{22,}$/);
    const audit = await t.db.db.select().from(auditLog).where(eq(auditLog.action, 'domain.added'));
    expect(audit.map((a) => a.target)).toContain('shop.contoso-store.example');
  });

  it('lists the initial domain apart, and each domain with its state, record and account count', async () => {
    const response = await call(as.admin, 'GET', domainsUrl());
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.initialDomain).toBe('contoso.onvlcenter.example');
    expect(body.items.find((d: { name: string }) => d.name === 'contoso.example')).toMatchObject({
      state: 'verified',
      txtRecord: null,
      accountCount: 2,
    });
    expect(body.items.map((d: { name: string }) => d.name)).toEqual(
      [...body.items.map((d: { name: string }) => d.name)].sort(),
    );
  });

  it('gives each tenant its own token for the same domain', async () => {
    const mine = await addDomain('shared-claim.example');
    const theirs = await addDomain('shared-claim.example', as.otherAdmin, fabrikamId);
    expect(mine.txtRecord.value).not.toBe(theirs.txtRecord.value);
  });

  it('refuses a domain already in the tenant, one verified elsewhere, and the initial domains', async () => {
    const before = await snapshot();
    const again = await call(as.admin, 'POST', domainsUrl(), { name: 'CONTOSO.example' });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('domain.exists');
    const elsewhere = await call(as.admin, 'POST', domainsUrl(), { name: 'fabrikam.example' });
    expect(elsewhere.statusCode).toBe(409);
    expect(elsewhere.json()).toMatchObject({ code: 'domain.verified_elsewhere' });
    expect(elsewhere.json().detail).toMatch(/ask that directory's administrator/);
    const initial = await call(as.admin, 'POST', domainsUrl(), { name: 'fabrikam.onvlcenter.example' });
    expect(initial.statusCode).toBe(400);
    expect(initial.json()).toMatchObject({ code: 'domain.reserved', fields: [{ name: 'body.name' }] });
    expect(await snapshot()).toEqual(before);
  });

  it('refuses bad input with the field named, and changes nothing', async () => {
    const before = await snapshot();
    const cases: { payload: object; code: string; field: string }[] = [
      { payload: {}, code: 'request.invalid', field: 'body.name' },
      { payload: { name: '' }, code: 'request.invalid', field: 'body.name' },
      { payload: { name: `${'a'.repeat(250)}.example` }, code: 'request.invalid', field: 'body.name' },
      { payload: { name: 42 }, code: 'request.invalid', field: 'body.name' },
      { payload: { name: ['contoso.example'] }, code: 'request.invalid', field: 'body.name' },
      { payload: { name: 'x.example', extra: true }, code: 'request.invalid', field: 'body.extra' },
      { payload: { name: 'not a domain' }, code: 'domain.invalid', field: 'body.name' },
      { payload: { name: 'localhost' }, code: 'domain.invalid', field: 'body.name' },
      { payload: { name: '-bad.example' }, code: 'domain.invalid', field: 'body.name' },
      { payload: { name: 'a..b.example' }, code: 'domain.invalid', field: 'body.name' },
      { payload: { name: 'admin@contoso.example' }, code: 'domain.invalid', field: 'body.name' },
      { payload: { name: 'gmail.com' }, code: 'domain.consumer', field: 'body.name' },
      { payload: { name: 'eu.Outlook.com' }, code: 'domain.consumer', field: 'body.name' },
    ];
    for (const { payload, code, field } of cases) {
      const response = await call(as.admin, 'POST', domainsUrl(), payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json(), JSON.stringify(payload)).toMatchObject({ code, fields: [{ name: field }] });
    }
    const consumer = await call(as.admin, 'POST', domainsUrl(), { name: 'gmail.com' });
    expect(consumer.json().detail).toMatch(/personal/);
    const malformedPath = await call(as.admin, 'POST', verifyUrl('not_a_domain'));
    expect(malformedPath.statusCode).toBe(400);
    expect(malformedPath.json()).toMatchObject({ code: 'domain.invalid', fields: [{ name: 'params.domain' }] });
    const longPath = await call(as.admin, 'DELETE', `${domainsUrl()}/${'a'.repeat(254)}`);
    expect(longPath.statusCode).toBe(400);
    expect(longPath.json().fields[0].name).toBe('params.domain');
    expect(await snapshot()).toEqual(before);
  });
});

describe('verifying a domain by DNS', () => {
  it('verifies when the TXT record is published among others, and audits it', async () => {
    const { txtRecord } = await addDomain('verify-ok.example');
    dns.setTxt('verify-ok.example', ['v=spf1 -all', 'vlcenter-verify=someone-else', txtRecord.value]);
    const response = await call(as.admin, 'POST', verifyUrl('verify-ok.example'));
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      name: 'verify-ok.example',
      state: 'verified',
      verifiedAt: t.clock.now().toISOString(),
      txtRecord: null,
    });
    const audit = await t.db.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'domain.verified'), eq(auditLog.target, 'verify-ok.example')));
    expect(audit).toHaveLength(1);
    // Verifying again is harmless: same answer, no DNS needed.
    dns.remove('verify-ok.example');
    const again = await call(as.admin, 'POST', verifyUrl('verify-ok.example'));
    expect(again.statusCode).toBe(200);
    expect(again.json().state).toBe('verified');
  });

  it('answers 409 txt_record_missing with the record to add when the name or the record is absent', async () => {
    const { txtRecord } = await addDomain('verify-absent.example');
    const before = await snapshot();
    // NXDOMAIN, then a name with no TXT records (NODATA), then only unrelated TXT records
    for (const records of [undefined, [], ['v=spf1 -all']]) {
      if (records) dns.setTxt('verify-absent.example', records);
      const response = await call(as.admin, 'POST', verifyUrl('verify-absent.example'));
      expect(response.statusCode, JSON.stringify(records)).toBe(409);
      expect(response.json()).toMatchObject({ code: 'domain.txt_record_missing', record: txtRecord });
      expect(response.json().detail).toContain(txtRecord.value);
    }
    expect(await snapshot()).toEqual(before);
    // Once published, the same domain verifies.
    dns.setTxt('verify-absent.example', [txtRecord.value]);
    expect((await call(as.admin, 'POST', verifyUrl('verify-absent.example'))).statusCode).toBe(200);
  });

  it('answers 409 txt_record_mismatch when a vlcenter-verify record has another value', async () => {
    const { txtRecord } = await addDomain('verify-wrong.example');
    dns.setTxt('verify-wrong.example', ['vlcenter-verify=not-the-token']);
    const before = await snapshot();
    const response = await call(as.admin, 'POST', verifyUrl('verify-wrong.example'));
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({
      code: 'domain.txt_record_mismatch',
      record: txtRecord,
      found: ['vlcenter-verify=not-the-token'],
    });
    expect(await snapshot()).toEqual(before);
  });

  it('answers 503 dns_unavailable on SERVFAIL, with Retry-After', async () => {
    const { txtRecord } = await addDomain('verify-servfail.example');
    dns.setTxt('verify-servfail.example', [txtRecord.value]);
    dns.setBehaviour('verify-servfail.example', 'servfail');
    const before = await snapshot();
    const response = await call(as.admin, 'POST', verifyUrl('verify-servfail.example'));
    expect(response.statusCode).toBe(503);
    expect(response.json().code).toBe('domain.dns_unavailable');
    expect(response.json().detail).toMatch(/try again in a few minutes/);
    expect(response.headers['retry-after']).toBe('60');
    expect(await snapshot()).toEqual(before);
  });

  it('answers 503 dns_unavailable when the DNS server never answers (timeout)', async () => {
    // The same database, served by an app whose resolver gives up after 300 ms instead of the default 2 × 2 s.
    const quick = await createTestApp({
      db: t.db,
      env: { DNS_SERVERS: dns.server },
      deps: { dns: createDnsResolver([dns.server], { timeoutMs: 300, tries: 1 }) },
    });
    try {
      const { txtRecord } = await addDomain('verify-timeout.example');
      dns.setTxt('verify-timeout.example', [txtRecord.value]);
      dns.setBehaviour('verify-timeout.example', 'timeout');
      const admin = await signIn(quick.app, 'admin@contoso.example', 'correct horse battery staple');
      const before = await snapshot();
      const started = performance.now();
      const response = await quick.app.inject({
        method: 'POST',
        url: verifyUrl('verify-timeout.example'),
        headers: admin.headers,
      });
      expect(performance.now() - started).toBeLessThan(5_000);
      expect(response.statusCode).toBe(503);
      expect(response.json().code).toBe('domain.dns_unavailable');
      expect(await snapshot()).toEqual(before);
    } finally {
      await quick.close();
    }
  });

  it('joins a TXT record split into several character-strings', async () => {
    const { txtRecord } = await addDomain('verify-split.example');
    const value = txtRecord.value;
    const split = await createTestApp({
      db: t.db,
      deps: { dns: { resolveTxt: async () => [['v=spf1 -all'], [value.slice(0, 10), value.slice(10)]] } },
    });
    try {
      const admin = await signIn(split.app, 'admin@contoso.example', 'correct horse battery staple');
      const response = await split.app.inject({
        method: 'POST',
        url: verifyUrl('verify-split.example'),
        headers: admin.headers,
      });
      expect(response.statusCode, response.body).toBe(200);
    } finally {
      await split.close();
    }
  });

  it('answers 404 for a domain the tenant does not have', async () => {
    const response = await call(as.admin, 'POST', verifyUrl('never-added.example'));
    expect(response.statusCode).toBe(404);
    expect(response.json().code).toBe('domain.not_found');
  });

  it('refuses to verify a domain an unmanaged tenant uses: that is an external takeover', async () => {
    const added = await call(as.admin, 'POST', domainsUrl(), { name: 'fourthcoffee.example' });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({ state: 'unverified', takeoverRequired: true });
    dns.setTxt('fourthcoffee.example', [added.json().txtRecord.value]);
    const before = await snapshot();
    const response = await call(as.admin, 'POST', verifyUrl('fourthcoffee.example'));
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({
      code: 'domain.takeover_required',
      takeover: {
        method: 'POST',
        path: '/api/v1/takeover',
        body: { domain: 'fourthcoffee.example', mode: 'external' },
      },
    });
    expect(await snapshot()).toEqual(before);
  });

  it('does not count an unmanaged tenant of another cloud as a claim (accounts never move between clouds)', async () => {
    await createTenant(t.db.db, {
      displayName: 'Gov Co',
      cloud: 'gov-high',
      state: 'unmanaged',
      domain: 'govco.example',
    });
    const added = await addDomain('govco.example');
    expect(added).toMatchObject({ takeoverRequired: false });
    dns.setTxt('govco.example', [added.txtRecord.value]);
    const response = await call(as.admin, 'POST', verifyUrl('govco.example'));
    expect(response.statusCode, response.body).toBe(200);
  });

  it('lets exactly one of two tenants verify the same domain at the same moment', async () => {
    for (let round = 1; round <= 3; round++) {
      const name = `race-${round}.example`;
      const mine = await addDomain(name);
      const theirs = await addDomain(name, as.otherAdmin, fabrikamId);
      dns.setTxt(name, [mine.txtRecord.value, theirs.txtRecord.value]);
      const answers = await Promise.all([
        call(as.admin, 'POST', verifyUrl(name)),
        call(as.otherAdmin, 'POST', verifyUrl(name, fabrikamId)),
      ]);
      const statuses = answers.map((a) => a.statusCode).sort();
      expect(statuses, answers.map((a) => a.body).join('\n')).toEqual([200, 409]);
      expect(answers.find((a) => a.statusCode === 409)!.json().code).toBe('domain.verified_elsewhere');
      const verified = await t.db.db
        .select()
        .from(domains)
        .where(and(eq(domains.name, name), eq(domains.state, 'verified')));
      expect(verified).toHaveLength(1);
    }
  });
});

describe('removing a domain', () => {
  it('removes an unused domain and audits it', async () => {
    await addDomain('remove-me.example');
    const response = await call(as.admin, 'DELETE', `${domainsUrl()}/Remove-Me.example`);
    expect(response.statusCode).toBe(204);
    const left = await t.db.db.select().from(domains).where(eq(domains.name, 'remove-me.example'));
    expect(left).toEqual([]);
    const audit = await t.db.db.select().from(auditLog).where(eq(auditLog.action, 'domain.removed'));
    expect(audit.map((a) => a.target)).toContain('remove-me.example');
  });

  it('refuses a domain accounts sign in with (saying how many), the initial domain and an unknown one', async () => {
    const before = await snapshot();
    const inUse = await call(as.admin, 'DELETE', `${domainsUrl()}/contoso.example`);
    expect(inUse.statusCode).toBe(409);
    expect(inUse.json()).toMatchObject({ code: 'domain.in_use', accountCount: 2 });
    expect(inUse.json().detail).toMatch(/^2 accounts sign in with an @contoso.example name/);
    const initial = await call(as.admin, 'DELETE', `${domainsUrl()}/contoso.onvlcenter.example`);
    expect(initial.statusCode).toBe(409);
    expect(initial.json().code).toBe('domain.initial');
    const unknown = await call(as.admin, 'DELETE', `${domainsUrl()}/unknown.example`);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('domain.not_found');
    expect(await snapshot()).toEqual(before);
  });
});
