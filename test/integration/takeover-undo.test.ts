// An operator undoes a takeover within 10 days (injected clock): internal and external, each put back exactly as
// before; a second undo and a late one are refused; only operators may undo; bad input changes nothing.
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, auditLog, domains, takeovers, tenants } from '../../src/db/schema.js';
import { UNDO_WINDOW_MS } from '../../src/modules/directory/takeover.js';
import { createTestApp, signIn, type TestApp } from '../helpers/app.js';
import { createAccount, createTenant, TEST_PASSWORD } from '../helpers/builders.js';
import { startDnsServer, type TestDnsServer } from '../helpers/dns-server.js';

type Session = Awaited<ReturnType<typeof signIn>>;
type Mode = 'internal' | 'external';
const DAY = 24 * 60 * 60 * 1000;

let t: TestApp;
let dns: TestDnsServer;
const tenantIds: Record<string, string> = {};

beforeAll(async () => {
  dns = await startDnsServer();
  t = await createTestApp({ env: { DNS_SERVERS: dns.server } });
  const db = t.db.db;
  const contoso = await createTenant(db, { displayName: 'Contoso', domain: 'contoso.example' });
  const publisher = await createTenant(db, { displayName: 'Publisher', domain: 'publisher.example' });
  tenantIds.contoso = contoso.id;
  await createAccount(db, { tenantId: contoso.id, signInName: 'admin@contoso.example', isGlobalAdmin: true });
  await createAccount(db, { tenantId: contoso.id, signInName: 'li@contoso.example' });
  await createAccount(db, {
    tenantId: publisher.id,
    signInName: 'operator@publisher.example',
    isGlobalAdmin: true,
    isOperator: true,
  });
  for (const [key, name, members] of [
    ['fourthCoffee', 'Fourth Coffee', ['ana', 'ben']],
    ['wideWorld', 'Wide World', ['wu', 'vi']],
    ['litware', 'Litware', ['lee']],
    ['tailspin', 'Tailspin', ['tom']],
    ['adatum', 'Adatum', ['ada']],
  ] as const) {
    const domain = `${key.toLowerCase()}.example`;
    const tenant = await createTenant(db, { displayName: name, domain, state: 'unmanaged' });
    tenantIds[key] = tenant.id;
    for (const member of members) await createAccount(db, { tenantId: tenant.id, signInName: `${member}@${domain}` });
  }
});
afterAll(async () => {
  await t.close();
  await dns.stop();
});

// Sessions end after 8 idle hours and the clock jumps days here: sign in afresh whenever needed.
const session = (login: string) => signIn(t.app, login, TEST_PASSWORD);
const undo = (s: Session | undefined, id: string) =>
  t.app.inject({ method: 'POST', url: `/api/v1/operator/takeovers/${id}/undo`, headers: s?.headers ?? {} });
const me = async (s: Session) =>
  (await t.app.inject({ url: '/api/v1/me', headers: { cookie: s.cookie } })).json().account;

/** Runs a whole takeover through the API (challenge, publish the record, take over); returns its id. */
async function takeOver(login: string, domain: string, mode: Mode): Promise<string> {
  t.clock.advance(61_000); // a fresh rate-limit window
  const s = await session(login);
  const challenge = await t.app.inject({
    method: 'POST',
    url: '/api/v1/takeover/challenge',
    headers: s.headers,
    payload: { domain, mode },
  });
  expect(challenge.statusCode, challenge.body).toBe(200);
  dns.setTxt(domain, [challenge.json().txtRecord.value]);
  const done = await t.app.inject({
    method: 'POST',
    url: '/api/v1/takeover',
    headers: s.headers,
    payload: { domain, mode },
  });
  expect(done.statusCode, done.body).toBe(200);
  return done.json().takeoverId;
}

/** The directory's state an undo must restore: tenants, accounts' tenant and role, domains without their tokens. */
async function directoryState() {
  const db = t.db.db;
  return {
    tenants: await db.select().from(tenants).orderBy(tenants.id),
    accounts: await db
      .select({ id: accounts.id, tenantId: accounts.tenantId, isGlobalAdmin: accounts.isGlobalAdmin })
      .from(accounts)
      .orderBy(accounts.id),
    domains: (
      await db
        .select({
          tenantId: domains.tenantId,
          name: domains.name,
          state: domains.state,
          verifiedAt: domains.verifiedAt,
        })
        .from(domains)
    ).sort((a, b) => `${a.tenantId}${a.name}`.localeCompare(`${b.tenantId}${b.name}`)),
  };
}

describe('undoing an internal takeover', () => {
  it('within 10 days: the tenant is unmanaged again, the domain unverified, nobody global administrator', async () => {
    const before = await directoryState();
    const [tokenBefore] = await t.db.db
      .select({ token: domains.verificationToken })
      .from(domains)
      .where(eq(domains.name, 'fourthcoffee.example'));
    const id = await takeOver('ana@fourthcoffee.example', 'fourthcoffee.example', 'internal');
    // The new administrator appointed a colleague meanwhile (as the tenant-users page would).
    await t.db.db
      .update(accounts)
      .set({ isGlobalAdmin: true })
      .where(eq(accounts.signInName, 'ben@fourthcoffee.example'));

    t.clock.advance(9 * DAY);
    const operator = await session('operator@publisher.example');
    const response = await undo(operator, id);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({
      takeoverId: id,
      mode: 'internal',
      undoneAt: t.clock.now().toISOString(),
      restoredAccountCount: 2,
    });

    expect(await directoryState()).toEqual(before);
    // The row stayed, so the record the members published still proves the domain.
    const [tokenAfter] = await t.db.db
      .select({ token: domains.verificationToken })
      .from(domains)
      .where(eq(domains.name, 'fourthcoffee.example'));
    expect(tokenAfter).toEqual(tokenBefore);
    const ana = await session('ana@fourthcoffee.example');
    expect(await me(ana)).toMatchObject({ isGlobalAdmin: false, tenant: { state: 'unmanaged' } });
    const realm = await t.app.inject({ url: '/api/v1/realm?email=ana@fourthcoffee.example' });
    expect(realm.json()).toMatchObject({ kind: 'unmanaged', tenantId: tenantIds.fourthCoffee });

    const [row] = await t.db.db.select().from(takeovers).where(eq(takeovers.id, id));
    expect(row).toMatchObject({ undoneAt: t.clock.now(), undoneBy: operator.accountId });
    const audit = await t.db.db.select().from(auditLog).where(eq(auditLog.action, 'takeover.undone'));
    expect(audit).toEqual([
      expect.objectContaining({
        actorKind: 'operator',
        actorAccountId: operator.accountId,
        tenantId: tenantIds.fourthCoffee,
        target: 'fourthcoffee.example',
      }),
    ]);

    // A second undo is refused and changes nothing.
    const again = await undo(operator, id);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('takeover.already_undone');
    expect(await directoryState()).toEqual(before);

    // Exactly as before: the member can take over again.
    await takeOver('ana@fourthcoffee.example', 'fourthcoffee.example', 'internal');
  });
});

describe('undoing an external takeover', () => {
  it('within 10 days: the users and the domain go back to the unmanaged tenant', async () => {
    const before = await directoryState();
    const wuBefore = await me(await session('wu@wideworld.example'));
    const id = await takeOver('admin@contoso.example', 'wideworld.example', 'external');
    expect(await me(await session('wu@wideworld.example'))).toMatchObject({ tenant: { id: tenantIds.contoso } });

    t.clock.advance(2 * DAY);
    const operator = await session('operator@publisher.example');
    const response = await undo(operator, id);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ mode: 'external', restoredAccountCount: 2 });

    // Tenants, accounts and domains as before the challenge (the challenge's row in Contoso is gone too).
    expect(await directoryState()).toEqual(before);
    const wu = await session('wu@wideworld.example');
    expect(await me(wu)).toEqual({ ...wuBefore });
    const realm = await t.app.inject({ url: '/api/v1/realm?email=vi@wideworld.example' });
    expect(realm.json()).toMatchObject({ kind: 'unmanaged', tenantId: tenantIds.wideWorld });
    const audit = await t.db.db.select().from(auditLog).where(eq(auditLog.action, 'takeover.undone'));
    expect(
      audit
        .filter((a) => a.target === 'wideworld.example')
        .map((a) => a.tenantId)
        .sort(),
    ).toEqual([tenantIds.contoso, tenantIds.wideWorld].sort());
    expect((await undo(operator, id)).json().code).toBe('takeover.already_undone');
  });
});

describe('the 10-day window', () => {
  it('is open until exactly 10 days after the takeover, and closed after', async () => {
    const late = await takeOver('lee@litware.example', 'litware.example', 'internal');
    const onTime = await takeOver('tom@tailspin.example', 'tailspin.example', 'internal'); // 61 s later
    t.clock.advance(UNDO_WINDOW_MS);
    const operator = await session('operator@publisher.example');
    // exactly 10 days after: still open
    expect((await undo(operator, onTime)).statusCode).toBe(200);
    // 10 days and 61 seconds after: closed
    const before = await directoryState();
    const response = await undo(operator, late);
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('takeover.undo_expired');
    expect(await directoryState()).toEqual(before);
    // The operator's tenant page says so too.
    const detail = await t.app.inject({
      url: `/api/v1/operator/tenants/${tenantIds.litware}`,
      headers: operator.headers,
    });
    expect(detail.json().takeovers).toEqual([expect.objectContaining({ id: late, canUndo: false, undoneAt: null })]);
  });
});

describe('who may undo', () => {
  it('signed out 401; customers, members and global administrators 404; the operator 200', async () => {
    const id = await takeOver('ada@adatum.example', 'adatum.example', 'internal');
    const before = await directoryState();
    const [audited] = await t.db.db.select({ n: count() }).from(auditLog);
    const signedOut = await undo(undefined, id);
    expect(signedOut.statusCode).toBe(401);
    for (const login of ['admin@contoso.example', 'li@contoso.example', 'ada@adatum.example']) {
      const response = await undo(await session(login), id);
      expect(response.statusCode, login).toBe(404);
    }
    expect(await directoryState()).toEqual(before);
    const [auditedAfter] = await t.db.db.select({ n: count() }).from(auditLog);
    expect(auditedAfter!.n - audited!.n).toBe(3); // the three sign-ins, nothing else
    expect((await undo(await session('operator@publisher.example'), id)).statusCode).toBe(200);
  });

  it('answers 404 for an unknown or malformed id and 400 for an oversized one, changing nothing', async () => {
    const operator = await session('operator@publisher.example');
    const before = await directoryState();
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-an-id', "1'; drop table takeovers; --"]) {
      const response = await undo(operator, encodeURIComponent(id));
      expect(response.statusCode, id).toBe(404);
      expect(response.json().code, id).toBe('takeover.not_found');
    }
    const oversized = await undo(operator, 'a'.repeat(65));
    expect(oversized.statusCode).toBe(400);
    expect(oversized.json().fields[0].name).toBe('params.id');
    expect(await directoryState()).toEqual(before);
  });
});
