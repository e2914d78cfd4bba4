// Takeover of unmanaged tenants through a real DNS server: internal (a member becomes global administrator) and
// external (a managed tenant takes the domain and its users), end to end with /me and the realm lookup; every
// refusal with its code; who may call; bad input changes nothing.
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { accounts, auditLog, domains, takeovers, tenants } from '../../src/db/schema.js';
import { createDnsResolver } from '../../src/dns.js';
import { createTestApp, signIn, type TestApp } from '../helpers/app.js';
import { createAccount, createTenant, TEST_PASSWORD } from '../helpers/builders.js';
import { startDnsServer, type TestDnsServer } from '../helpers/dns-server.js';

type Session = Awaited<ReturnType<typeof signIn>>;
type Mode = 'internal' | 'external';

let t: TestApp;
let dns: TestDnsServer;
let ids: Record<'contoso' | 'fabrikam' | 'fourthCoffee' | 'wideWorld' | 'tailspin' | 'litware', string>;
const sessions: Record<string, Session> = {};
const as = async (login: string) => (sessions[login] ??= await signIn(t.app, login, TEST_PASSWORD));

beforeAll(async () => {
  dns = await startDnsServer();
  t = await createTestApp({ env: { DNS_SERVERS: dns.server } });
  const db = t.db.db;
  const contoso = await createTenant(db, { displayName: 'Contoso', domain: 'contoso.example' });
  const fabrikam = await createTenant(db, { displayName: 'Fabrikam', domain: 'fabrikam.example' });
  const publisher = await createTenant(db, { displayName: 'Publisher', domain: 'publisher.example' });
  const unmanaged = (displayName: string, domain: string, cloud = 'public') =>
    createTenant(db, { displayName, domain, state: 'unmanaged', cloud });
  const fourthCoffee = await unmanaged('Fourth Coffee', 'fourthcoffee.example');
  const wideWorld = await unmanaged('Wide World Importers', 'wideworld.example');
  const tailspin = await unmanaged('Tailspin Toys', 'tailspin.example');
  const litware = await unmanaged('Litware', 'litware.example');
  const govCo = await unmanaged('Gov Co', 'govco.example', 'gov-high');
  await unmanaged('Adatum', 'adatum.example');
  ids = {
    contoso: contoso.id,
    fabrikam: fabrikam.id,
    fourthCoffee: fourthCoffee.id,
    wideWorld: wideWorld.id,
    tailspin: tailspin.id,
    litware: litware.id,
  };
  const work = (tenantId: string, signInName: string, extra: Partial<typeof accounts.$inferInsert> = {}) =>
    createAccount(db, { tenantId, signInName, ...extra });
  await work(contoso.id, 'admin@contoso.example', { isGlobalAdmin: true });
  await work(contoso.id, 'li@contoso.example');
  await work(fabrikam.id, 'admin@fabrikam.example', { isGlobalAdmin: true });
  await work(publisher.id, 'operator@publisher.example', { isGlobalAdmin: true, isOperator: true });
  await work(fourthCoffee.id, 'ana@fourthcoffee.example');
  await work(fourthCoffee.id, 'ben@fourthcoffee.example');
  await work(wideWorld.id, 'wu@wideworld.example');
  await work(wideWorld.id, 'vi@wideworld.example');
  await work(tailspin.id, 'tom@tailspin.example');
  await work(tailspin.id, 'tia@tailspin.example');
  await work(litware.id, 'lee@litware.example');
  await createAccount(db, { tenantId: govCo.id, signInName: 'gus@govco.example', cloud: 'gov-high' });
  await createAccount(db, { signInName: 'pat@gmail.com' });
});
afterAll(async () => {
  await t.close();
  await dns.stop();
});
// The takeover route is rate-limited per client; each test starts in a fresh window.
beforeEach(() => t.clock.advance(61_000));

const post = (session: Session | undefined, url: string, payload: object) =>
  t.app.inject({ method: 'POST', url, headers: session?.headers ?? {}, payload });
const challenge = (session: Session | undefined, domain: string, mode: Mode) =>
  post(session, '/api/v1/takeover/challenge', { domain, mode });
const takeOver = (session: Session | undefined, domain: string, mode: Mode) =>
  post(session, '/api/v1/takeover', { domain, mode });
const me = async (session: Session) =>
  (await t.app.inject({ url: '/api/v1/me', headers: { cookie: session.cookie } })).json().account;

/** Asks for the record and publishes it, as the domain's owner would. */
async function publish(session: Session, domain: string, mode: Mode) {
  const response = await challenge(session, domain, mode);
  expect(response.statusCode, response.body).toBe(200);
  const { txtRecord } = response.json<{ txtRecord: { name: string; value: string } }>();
  dns.setTxt(txtRecord.name, [txtRecord.value]);
  return txtRecord;
}

/** What "nothing changed" compares: tenants, domains, accounts, takeovers and the audit log's length. */
async function snapshot() {
  const db = t.db.db;
  const [audit] = await db.select({ n: count() }).from(auditLog);
  return {
    tenants: await db.select().from(tenants).orderBy(tenants.id),
    domains: await db.select().from(domains).orderBy(domains.id),
    accounts: await db
      .select({ id: accounts.id, tenantId: accounts.tenantId, isGlobalAdmin: accounts.isGlobalAdmin })
      .from(accounts)
      .orderBy(accounts.id),
    takeovers: await db.select().from(takeovers).orderBy(takeovers.id),
    audit: audit!.n,
  };
}

describe('internal takeover', () => {
  it('a member proves the domain and becomes global administrator; the tenant becomes managed', async () => {
    const ana = await as('ana@fourthcoffee.example');
    expect(await me(ana)).toMatchObject({ isGlobalAdmin: false, tenant: { state: 'unmanaged' } });

    const record = await challenge(ana, 'FourthCoffee.example', 'internal');
    expect(record.statusCode).toBe(200);
    expect(record.json()).toMatchObject({
      domain: 'fourthcoffee.example',
      mode: 'internal',
      txtRecord: { name: 'fourthcoffee.example' },
      tenant: { id: ids.fourthCoffee, displayName: 'Fourth Coffee' },
    });
    expect(record.json().txtRecord.value).toMatch(/^vlcenter-verify=.{22,}$/);

    // Not yet published: refused with the record to add, and nothing changes.
    const before = await snapshot();
    const early = await takeOver(ana, 'fourthcoffee.example', 'internal');
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ code: 'domain.txt_record_missing', record: record.json().txtRecord });
    expect(await snapshot()).toEqual(before);

    dns.setTxt('fourthcoffee.example', [record.json().txtRecord.value]);
    const done = await takeOver(ana, 'fourthcoffee.example', 'internal');
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({
      mode: 'internal',
      domain: 'fourthcoffee.example',
      tenant: { id: ids.fourthCoffee, displayName: 'Fourth Coffee', state: 'managed' },
      movedAccountCount: 0,
    });

    // The same session now sees a managed tenant and the global administrator role.
    expect(await me(ana)).toMatchObject({
      kind: 'work',
      isGlobalAdmin: true,
      tenant: { id: ids.fourthCoffee, state: 'managed' },
    });
    // …and may administer the tenant's domains, where the domain is verified.
    const list = await t.app.inject({ url: `/api/v1/tenants/${ids.fourthCoffee}/domains`, headers: ana.headers });
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toEqual([expect.objectContaining({ name: 'fourthcoffee.example', state: 'verified' })]);
    // The realm lookup now guides everyone of that domain to a managed tenant.
    const realm = await t.app.inject({ url: '/api/v1/realm?email=ben@fourthcoffee.example' });
    expect(realm.json()).toMatchObject({ kind: 'managed', tenantId: ids.fourthCoffee });

    const [row] = await t.db.db.select().from(takeovers).where(eq(takeovers.id, done.json().takeoverId));
    expect(row).toMatchObject({
      mode: 'internal',
      domain: 'fourthcoffee.example',
      sourceTenantId: ids.fourthCoffee,
      targetTenantId: ids.fourthCoffee,
      actorAccountId: ana.accountId,
      movedAccountIds: [],
      undoneAt: null,
    });
    expect(row!.createdAt.toISOString()).toBe(t.clock.now().toISOString());
    const audit = await t.db.db.select().from(auditLog).where(eq(auditLog.action, 'takeover.internal'));
    expect(audit).toEqual([
      expect.objectContaining({
        tenantId: ids.fourthCoffee,
        actorAccountId: ana.accountId,
        target: 'fourthcoffee.example',
      }),
    ]);

    // A second member comes too late: the tenant is managed now.
    const ben = await as('ben@fourthcoffee.example');
    const late = await takeOver(ben, 'fourthcoffee.example', 'internal');
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('takeover.not_unmanaged');
  });

  it('two members at the same moment: exactly one becomes administrator', async () => {
    const [tom, tia] = [await as('tom@tailspin.example'), await as('tia@tailspin.example')];
    await publish(tom, 'tailspin.example', 'internal');
    const answers = await Promise.all([
      takeOver(tom, 'tailspin.example', 'internal'),
      takeOver(tia, 'tailspin.example', 'internal'),
    ]);
    expect(answers.map((a) => a.statusCode).sort(), answers.map((a) => a.body).join('\n')).toEqual([200, 409]);
    const members = await t.db.db.select().from(accounts).where(eq(accounts.tenantId, ids.tailspin));
    expect(members).toHaveLength(2);
    expect(members.filter((a) => a.isGlobalAdmin)).toHaveLength(1);
    const rows = await t.db.db.select().from(takeovers).where(eq(takeovers.sourceTenantId, ids.tailspin));
    expect(rows).toHaveLength(1);
  });
});

describe('external takeover', () => {
  it("a managed tenant's admin proves the domain: the domain and the users move into the managed tenant", async () => {
    const admin = await as('admin@contoso.example');
    const wu = await as('wu@wideworld.example');
    const wuBefore = await me(wu);
    expect(wuBefore).toMatchObject({ tenant: { id: ids.wideWorld, state: 'unmanaged' } });

    const record = await challenge(admin, 'wideworld.example', 'external');
    expect(record.statusCode).toBe(200);
    expect(record.json()).toMatchObject({
      mode: 'external',
      tenant: { id: ids.wideWorld, displayName: 'Wide World Importers' },
    });
    // The challenge added the domain, unverified, to Contoso: its domains page shows the same record.
    const list = await t.app.inject({ url: `/api/v1/tenants/${ids.contoso}/domains`, headers: admin.headers });
    expect(list.json().items).toContainEqual(
      expect.objectContaining({
        name: 'wideworld.example',
        state: 'unverified',
        takeoverRequired: true,
        txtRecord: record.json().txtRecord,
      }),
    );
    // Asking again reuses that row and its token.
    expect((await challenge(admin, 'wideworld.example', 'external')).json().txtRecord).toEqual(record.json().txtRecord);

    dns.setTxt('wideworld.example', ['vlcenter-verify=wrong']);
    const before = await snapshot();
    const wrong = await takeOver(admin, 'wideworld.example', 'external');
    expect(wrong.statusCode).toBe(409);
    expect(wrong.json().code).toBe('domain.txt_record_mismatch');
    expect(await snapshot()).toEqual(before);

    dns.setTxt('wideworld.example', [record.json().txtRecord.value]);
    const done = await takeOver(admin, 'wideworld.example', 'external');
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({
      mode: 'external',
      domain: 'wideworld.example',
      tenant: { id: ids.contoso, displayName: 'Contoso', state: 'managed' },
      movedAccountCount: 2,
    });

    // The moved account keeps its id, sign-in name and session; its tenant is now Contoso.
    expect(await me(wu)).toMatchObject({
      id: wuBefore.id,
      signInName: 'wu@wideworld.example',
      kind: 'work',
      isGlobalAdmin: false,
      tenant: { id: ids.contoso, displayName: 'Contoso', state: 'managed' },
    });
    const domainRows = await t.db.db.select().from(domains).where(eq(domains.name, 'wideworld.example'));
    expect(domainRows).toEqual([expect.objectContaining({ tenantId: ids.contoso, state: 'verified' })]);
    const realm = await t.app.inject({ url: '/api/v1/realm?email=vi@wideworld.example' });
    expect(realm.json()).toMatchObject({ kind: 'managed', tenantId: ids.contoso });

    const [row] = await t.db.db.select().from(takeovers).where(eq(takeovers.id, done.json().takeoverId));
    const vi = await t.db.db
      .select({ id: accounts.id })
      .from(accounts)
      .where(eq(accounts.signInName, 'vi@wideworld.example'));
    expect(row).toMatchObject({ mode: 'external', sourceTenantId: ids.wideWorld, targetTenantId: ids.contoso });
    expect([...row!.movedAccountIds].sort()).toEqual([wuBefore.id, vi[0]!.id].sort());
    // Audited on both sides.
    const audit = await t.db.db.select().from(auditLog).where(eq(auditLog.action, 'takeover.external'));
    expect(audit.map((a) => a.tenantId).sort()).toEqual([ids.contoso, ids.wideWorld].sort());
    // The emptied unmanaged tenant stays (an operator may undo), without the domain or the users.
    const [left] = await t.db.db.select({ n: count() }).from(accounts).where(eq(accounts.tenantId, ids.wideWorld));
    expect(left!.n).toBe(0);
  });

  it('refuses when the record was never asked for (no row in the managed tenant)', async () => {
    const admin = await as('admin@fabrikam.example');
    const response = await takeOver(admin, 'litware.example', 'external');
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('takeover.challenge_required');
  });

  it('refuses across clouds', async () => {
    const admin = await as('admin@fabrikam.example');
    const before = await snapshot();
    const response = await challenge(admin, 'govco.example', 'external');
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('takeover.other_cloud');
    expect(await snapshot()).toEqual(before);
  });
});

describe('refusals', () => {
  it('each refusal has its own code, and none changes anything', async () => {
    const cases: { login: string; domain: string; mode: Mode; status: number; code: string }[] = [
      // internal: only a member of the unmanaged tenant
      {
        login: 'admin@contoso.example',
        domain: 'adatum.example',
        mode: 'internal',
        status: 403,
        code: 'takeover.not_a_member',
      },
      {
        login: 'lee@litware.example',
        domain: 'adatum.example',
        mode: 'internal',
        status: 403,
        code: 'takeover.not_a_member',
      },
      {
        login: 'pat@gmail.com',
        domain: 'adatum.example',
        mode: 'internal',
        status: 403,
        code: 'takeover.not_a_member',
      },
      // external: only a global administrator of a managed tenant
      {
        login: 'li@contoso.example',
        domain: 'adatum.example',
        mode: 'external',
        status: 403,
        code: 'takeover.not_global_admin',
      },
      {
        login: 'lee@litware.example',
        domain: 'adatum.example',
        mode: 'external',
        status: 403,
        code: 'takeover.not_global_admin',
      },
      {
        login: 'pat@gmail.com',
        domain: 'adatum.example',
        mode: 'external',
        status: 403,
        code: 'takeover.not_global_admin',
      },
      // nothing to take over
      {
        login: 'admin@contoso.example',
        domain: 'contoso.example',
        mode: 'external',
        status: 409,
        code: 'takeover.not_unmanaged',
      },
      {
        login: 'li@contoso.example',
        domain: 'contoso.example',
        mode: 'internal',
        status: 409,
        code: 'takeover.not_unmanaged',
      },
      {
        login: 'admin@contoso.example',
        domain: 'nobody.example',
        mode: 'external',
        status: 409,
        code: 'takeover.nothing_to_take_over',
      },
    ];
    for (const c of cases) await as(c.login); // signing in is audited: before the snapshot
    const before = await snapshot();
    for (const c of cases) {
      const session = await as(c.login);
      for (const call of [challenge, takeOver]) {
        const response = await call(session, c.domain, c.mode);
        const key = `${call.name} ${c.login} ${c.mode} ${c.domain}`;
        expect(response.statusCode, `${key}: ${response.body}`).toBe(c.status);
        expect(response.json().code, key).toBe(c.code);
      }
    }
    expect(await snapshot()).toEqual(before);
  });

  it('DNS trouble is a 503, never a 500, and changes nothing', async () => {
    const lee = await as('lee@litware.example');
    await publish(lee, 'litware.example', 'internal');
    dns.setBehaviour('litware.example', 'servfail');
    const before = await snapshot();
    const servfail = await takeOver(lee, 'litware.example', 'internal');
    expect(servfail.statusCode).toBe(503);
    expect(servfail.json().code).toBe('domain.dns_unavailable');

    dns.setBehaviour('litware.example', 'timeout');
    const quick = await createTestApp({
      db: t.db,
      env: { DNS_SERVERS: dns.server },
      deps: { dns: createDnsResolver([dns.server], { timeoutMs: 300, tries: 1 }) },
    });
    try {
      const session = await signIn(quick.app, 'lee@litware.example', TEST_PASSWORD);
      const snapshotAfterSignIn = await snapshot();
      const timeout = await quick.app.inject({
        method: 'POST',
        url: '/api/v1/takeover',
        headers: session.headers,
        payload: { domain: 'litware.example', mode: 'internal' },
      });
      expect(timeout.statusCode).toBe(503);
      expect(timeout.json().code).toBe('domain.dns_unavailable');
      expect(await snapshot()).toEqual(snapshotAfterSignIn);
    } finally {
      await quick.close();
      dns.setBehaviour('litware.example', undefined);
    }
    expect({ ...(await snapshot()), audit: before.audit }).toEqual(before);
  });
});

describe('who may call the takeover routes', () => {
  it('signed out 401; signed in, each caller gets the answer its role allows', async () => {
    const before = await snapshot();
    for (const url of ['/api/v1/takeover/challenge', '/api/v1/takeover']) {
      const response = await post(undefined, url, { domain: 'adatum.example', mode: 'internal' });
      expect(response.statusCode, url).toBe(401);
      expect(response.json().code).toBe('auth.required');
    }
    // internal for adatum.example (unmanaged): only its members; external: any managed tenant's global admin —
    // the operator is one (of the publisher's tenant), nothing more.
    const table: { login: string; mode: Mode; status: number }[] = [
      { login: 'admin@fabrikam.example', mode: 'internal', status: 403 },
      { login: 'li@contoso.example', mode: 'external', status: 403 },
      { login: 'operator@publisher.example', mode: 'internal', status: 403 },
      { login: 'admin@fabrikam.example', mode: 'external', status: 200 },
      { login: 'operator@publisher.example', mode: 'external', status: 200 },
    ];
    for (const row of table) {
      const response = await challenge(await as(row.login), 'adatum.example', row.mode);
      expect(response.statusCode, `${row.login} ${row.mode}: ${response.body}`).toBe(row.status);
    }
    // The two allowed external challenges each added the domain, unverified, to their tenant; nothing else changed.
    const after = await snapshot();
    expect(after.domains.length).toBe(before.domains.length + 2);
    expect(after.tenants).toEqual(before.tenants);
    expect(after.accounts).toEqual(before.accounts);
    expect(after.takeovers).toEqual(before.takeovers);
  });

  it('refuses bad input with the field named, and changes nothing', async () => {
    const admin = await as('admin@contoso.example');
    const before = await snapshot();
    const cases: { payload: object; code: string; field: string }[] = [
      { payload: {}, code: 'request.invalid', field: 'body.domain' },
      { payload: { domain: 'adatum.example' }, code: 'request.invalid', field: 'body.mode' },
      { payload: { mode: 'external' }, code: 'request.invalid', field: 'body.domain' },
      {
        payload: { domain: `${'a'.repeat(250)}.example`, mode: 'external' },
        code: 'request.invalid',
        field: 'body.domain',
      },
      { payload: { domain: 7, mode: 'external' }, code: 'request.invalid', field: 'body.domain' },
      { payload: { domain: 'adatum.example', mode: 'sideways' }, code: 'request.invalid', field: 'body.mode' },
      {
        payload: { domain: 'adatum.example', mode: 'external', force: true },
        code: 'request.invalid',
        field: 'body.force',
      },
      { payload: { domain: 'not a domain', mode: 'external' }, code: 'domain.invalid', field: 'body.domain' },
      { payload: { domain: 'ana@adatum.example', mode: 'external' }, code: 'domain.invalid', field: 'body.domain' },
      { payload: { domain: 'gmail.com', mode: 'external' }, code: 'domain.consumer', field: 'body.domain' },
      { payload: { domain: 'x.onvlcenter.example', mode: 'internal' }, code: 'domain.reserved', field: 'body.domain' },
    ];
    for (const url of ['/api/v1/takeover/challenge', '/api/v1/takeover']) {
      for (const { payload, code, field } of cases) {
        const response = await post(admin, url, payload);
        const key = `${url} ${JSON.stringify(payload)}`;
        expect(response.statusCode, key).toBe(400);
        expect(response.json(), key).toMatchObject({ code });
        expect(response.json().fields[0].name, key).toMatch(new RegExp(`^${field.replace('.', '\\.')}`));
      }
    }
    expect(await snapshot()).toEqual(before);
  });
});
