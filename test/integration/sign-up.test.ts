// Self-service sign-up (SPEC §2): personal accounts, and work accounts that prove the mailbox with an e-mailed code
// and then create or join the unmanaged tenant of their domain — with the refusals (consumer domain, managed domain,
// initial-domain suffix), the code's expiry and attempt limit, rate limits, and bad input that changes nothing.
import { and, count, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, auditLog, domains, emailCodes, mailMessages, sessions, tenants } from '../../src/db/schema.js';
import {
  SIGN_UP_CODE_MAX_ATTEMPTS,
  SIGN_UP_CODE_TTL_MS,
  SIGN_UP_CODES_PER_ADDRESS,
} from '../../src/modules/sign-up/service.js';
import { SIGN_UP_CODE_RATE_LIMIT, SIGN_UP_RATE_LIMIT } from '../../src/modules/sign-up/routes.js';
import { createTestApp, sessionCookieOf, signIn, type TestApp } from '../helpers/app.js';
import { createTenant } from '../helpers/builders.js';

let t: TestApp;
const PASSWORD = 'a long enough passphrase';

beforeAll(async () => {
  t = await createTestApp();
  // Contoso manages contoso.example (verified); it has also added litware.example but not verified it.
  const contoso = await createTenant(t.db.db, { displayName: 'Contoso', domain: 'contoso.example' });
  await t.db.db
    .insert(domains)
    .values({ tenantId: contoso.id, name: 'litware.example', state: 'unverified', verificationToken: 'x'.repeat(22) });
});
afterAll(() => t.close());

// Every request comes from its own address unless a test says otherwise, so that the per-IP limits of the public
// forms only bite in the tests about them.
let ipCounter = 0;
const freshIp = () => `10.0.${Math.floor(ipCounter / 250)}.${(ipCounter++ % 250) + 1}`;

const post = (url: string, payload: unknown, options: { ip?: string; headers?: Record<string, string> } = {}) =>
  t.app.inject({
    method: 'POST',
    url,
    payload: payload as object,
    headers: options.headers ?? {},
    remoteAddress: options.ip ?? freshIp(),
  });
const requestCode = (email: unknown, ip?: string) =>
  post('/api/v1/auth/sign-up/code', { email }, ip === undefined ? {} : { ip });
const signUp = (payload: Record<string, unknown>, options: { ip?: string; headers?: Record<string, string> } = {}) =>
  post('/api/v1/auth/sign-up', payload, options);

/** The code in the newest sign-up e-mail to `email`, read from the outbox like a person reads their mail. */
async function codeMailedTo(email: string): Promise<{ code: string; text: string; html: string; subject: string }> {
  const [mail] = await t.db.db
    .select()
    .from(mailMessages)
    .where(and(eq(mailMessages.recipient, email.toLowerCase()), eq(mailMessages.kind, 'sign-up-code')))
    .orderBy(desc(mailMessages.id))
    .limit(1);
  if (!mail) throw new Error(`no sign-up code was mailed to ${email}`);
  const code = /^(\d{8})$/m.exec(mail.textBody)?.[1];
  if (!code) throw new Error(`no code in ${mail.textBody}`);
  return { code, text: mail.textBody, html: mail.htmlBody, subject: mail.subject };
}

async function mailsTo(email: string): Promise<number> {
  const [row] = await t.db.db.select({ n: count() }).from(mailMessages).where(eq(mailMessages.recipient, email));
  return row!.n;
}

/** Requests a code for `email` and signs up with it. */
async function workSignUp(email: string, extra: Record<string, unknown> = {}) {
  expect((await requestCode(email)).statusCode).toBe(202);
  const { code } = await codeMailedTo(email);
  return signUp({ kind: 'work', email, code, password: PASSWORD, displayName: 'New Person', ...extra });
}

/** A snapshot of everything a refused request must leave unchanged. */
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

describe('personal sign-up', () => {
  it('creates a personal account with no tenant, signs it in and answers the Me shape', async () => {
    const response = await signUp({
      kind: 'personal',
      email: ' Pat@Gmail.com ',
      password: PASSWORD,
      displayName: ' Pat Doe ',
    });
    expect(response.statusCode, response.body).toBe(201);
    const body = response.json();
    expect(body.account).toMatchObject({
      signInName: 'pat@gmail.com',
      displayName: 'Pat Doe',
      kind: 'personal',
      cloud: 'public',
      isGlobalAdmin: false,
      isOperator: false,
      tenant: null,
    });
    expect(body.csrfToken).toEqual(expect.any(String));
    expect(body.preferences).toEqual({ navPins: [], navShowAll: false, locale: null });
    const cookie = response.cookies.find((c) => c.name === 'vlc_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    const me = await t.app.inject({ url: '/api/v1/me', headers: { cookie: sessionCookieOf(response) } });
    expect(me.statusCode).toBe(200);
    expect(me.json().account).toEqual(body.account);
    // The password works for sign-in, and is stored only as an Argon2id hash; the audit never has it.
    await signIn(t.app, 'pat@gmail.com', PASSWORD);
    const [row] = await t.db.db.select().from(accounts).where(eq(accounts.signInName, 'pat@gmail.com'));
    expect(row!.passwordHash).toMatch(/^\$argon2id\$/);
    const audit = await t.db.db.select().from(auditLog).where(eq(auditLog.actorAccountId, row!.id));
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['sign_up.personal_account_created', 'auth.signed_in']),
    );
    expect(JSON.stringify(audit)).not.toContain(PASSWORD);
  });

  it('accepts any address, even one whose domain a managed tenant has verified', async () => {
    const response = await signUp({
      kind: 'personal',
      email: 'someone@contoso.example',
      password: PASSWORD,
      displayName: 'Someone',
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().account).toMatchObject({ kind: 'personal', tenant: null });
  });

  it('refuses an address a personal account already uses (409 sign_up.exists), whatever its case', async () => {
    await signUp({ kind: 'personal', email: 'twice@outlook.com', password: PASSWORD, displayName: 'One' });
    const before = await counts();
    const again = await signUp({
      kind: 'personal',
      email: 'TWICE@outlook.com',
      password: 'another long passphrase',
      displayName: 'Two',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('sign_up.exists');
    expect(again.json().detail).toMatch(/Sign in instead/);
    expect(again.cookies).toHaveLength(0);
    expect(await counts()).toEqual(before);
  });

  it('rotates the session: a session presented at sign-up is ended', async () => {
    const first = await signUp({ kind: 'personal', email: 'rot1@gmail.com', password: PASSWORD, displayName: 'R' });
    const second = await signUp(
      { kind: 'personal', email: 'rot2@gmail.com', password: PASSWORD, displayName: 'R' },
      { headers: { cookie: sessionCookieOf(first) } },
    );
    expect(second.statusCode).toBe(201);
    expect((await t.app.inject({ url: '/api/v1/me', headers: { cookie: sessionCookieOf(first) } })).statusCode).toBe(
      401,
    );
  });

  it('belongs to the cloud whose base URL it was made at', async () => {
    const clouds = await createTestApp({
      env: { BASE_URL: 'https://vl.example.com', BASE_URL_GOV_HIGH: 'https://gov.vl.example.com' },
    });
    try {
      const response = await clouds.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-up',
        headers: { host: 'gov.vl.example.com' },
        payload: { kind: 'personal', email: 'ada@agency.example', password: PASSWORD, displayName: 'Ada' },
      });
      expect(response.statusCode, response.body).toBe(201);
      expect(response.json().account.cloud).toBe('gov-high');
      const elsewhere = await clouds.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        headers: { host: 'vl.example.com' },
        payload: { login: 'ada@agency.example', password: PASSWORD },
      });
      expect(elsewhere.statusCode).toBe(401);
    } finally {
      await clouds.close();
    }
  });
});

describe('passwords', () => {
  it.each([
    ['shorter than 12 characters', 'elevenchars'],
    ['equal to the e-mail address', 'Weak.Password@Gmail.com'],
  ])('refuses a password %s with 400 password.too_weak naming body.password', async (_why, password) => {
    const before = await counts();
    for (const payload of [
      { kind: 'personal', email: 'weak.password@gmail.com', password, displayName: 'W' },
      { kind: 'work', email: 'weak.password@gmail.com', code: '12345678', password, displayName: 'W' },
    ]) {
      const response = await signUp(payload);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ code: 'password.too_weak', fields: [{ name: 'body.password' }] });
    }
    expect(await counts()).toEqual(before);
  });

  it('accepts exactly 12 characters and refuses more than 1024', async () => {
    const ok = await signUp({
      kind: 'personal',
      email: 'twelve@gmail.com',
      password: 'x'.repeat(12),
      displayName: 'T',
    });
    expect(ok.statusCode).toBe(201);
    const long = await signUp({
      kind: 'personal',
      email: 'long@gmail.com',
      password: 'x'.repeat(1025),
      displayName: 'L',
    });
    expect(long.statusCode).toBe(400);
    expect(long.json().fields[0].name).toBe('body.password');
  });
});

describe('work sign-up: the code', () => {
  it('e-mails an 8-digit code that is stored only as a keyed hash', async () => {
    const response = await requestCode('Mia@Fabrikam.example');
    expect(response.statusCode).toBe(202);
    expect(response.json().sentTo).toBe('mia@fabrikam.example');
    expect(new Date(response.json().expiresAt).getTime()).toBe(t.clock.now().getTime() + SIGN_UP_CODE_TTL_MS);
    const mail = await codeMailedTo('mia@fabrikam.example');
    expect(mail.subject).toBe('Your vlcenter sign-up code');
    expect(mail.text).toContain('fabrikam.example');
    expect(mail.text).toContain('10 minutes');
    expect(mail.html).toContain(mail.code);
    const rows = await t.db.db.select().from(emailCodes).where(eq(emailCodes.email, 'mia@fabrikam.example'));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ purpose: 'sign-up', attempts: 0, consumedAt: null });
    expect(rows[0]!.codeHash).not.toContain(mail.code);
    expect(rows[0]!.codeHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a consumer address before sending anything (400 sign_up.consumer_domain), at both steps', async () => {
    const before = await counts();
    const response = await requestCode('someone@gmail.com');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'sign_up.consumer_domain', fields: [{ name: 'body.email' }] });
    expect(response.json().detail).toMatch(/personal account/);
    // A subdomain of a consumer domain too.
    expect((await requestCode('someone@mail.yahoo.com')).json().code).toBe('sign_up.consumer_domain');
    const step2 = await signUp({
      kind: 'work',
      email: 'someone@gmail.com',
      code: '12345678',
      password: PASSWORD,
      displayName: 'S',
    });
    expect(step2.json().code).toBe('sign_up.consumer_domain');
    expect(await mailsTo('someone@gmail.com')).toBe(0);
    expect(await mailsTo('someone@mail.yahoo.com')).toBe(0);
    expect(await counts()).toEqual(before);
  });

  it('refuses a domain a managed tenant has verified before sending anything (409 sign_up.domain_managed)', async () => {
    const response = await requestCode('newbie@contoso.example');
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('sign_up.domain_managed');
    expect(response.json().detail).toMatch(/administrator/);
    expect(await mailsTo('newbie@contoso.example')).toBe(0);
  });

  it('refuses addresses at the initial-domain suffix (400 sign_up.reserved_domain)', async () => {
    for (const email of ['x@contoso.onvlcenter.example', 'x@onvlcenter.example']) {
      const response = await requestCode(email);
      expect(response.statusCode, email).toBe(400);
      expect(response.json().code).toBe('sign_up.reserved_domain');
      expect(await mailsTo(email)).toBe(0);
    }
  });

  it('names body.email for a malformed, missing, oversized or mistyped address and sends nothing', async () => {
    const before = await counts();
    const [mailsBefore] = await t.db.db.select({ n: count() }).from(mailMessages);
    for (const payload of [
      { email: 'not-an-address' },
      { email: 'two@@signs.example' },
      { email: 'no-tld@example' },
      { email: 'spaces in@side.example' },
      { email: '' },
      { email: `${'a'.repeat(250)}@x.example` },
      { email: 42 },
      { email: null },
      {},
    ]) {
      const response = await post('/api/v1/auth/sign-up/code', payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json().fields[0].name, JSON.stringify(payload)).toBe('body.email');
    }
    const unknown = await post('/api/v1/auth/sign-up/code', { email: 'ok@fabrikam.example', extra: 1 });
    expect(unknown.statusCode).toBe(400);
    expect(await counts()).toEqual(before);
    const [mailsAfter] = await t.db.db.select({ n: count() }).from(mailMessages);
    expect(mailsAfter!.n).toBe(mailsBefore!.n);
  });

  it('a new request replaces the old code', async () => {
    await requestCode('rex@replaced.example');
    const first = await codeMailedTo('rex@replaced.example');
    t.clock.advance(1000);
    await requestCode('rex@replaced.example');
    const second = await codeMailedTo('rex@replaced.example');
    expect(await mailsTo('rex@replaced.example')).toBe(2);
    expect(await t.db.db.select().from(emailCodes).where(eq(emailCodes.email, 'rex@replaced.example'))).toHaveLength(1);
    const payload = { kind: 'work', email: 'rex@replaced.example', password: PASSWORD, displayName: 'Rex' };
    if (first.code !== second.code) {
      const old = await signUp({ ...payload, code: first.code });
      expect(old.json().code).toBe('sign_up.code_invalid');
    }
    expect((await signUp({ ...payload, code: second.code })).statusCode).toBe(201);
  });

  it('expires after 10 minutes', async () => {
    await requestCode('late@expiry.example');
    const { code } = await codeMailedTo('late@expiry.example');
    t.clock.advance(SIGN_UP_CODE_TTL_MS + 1000);
    const before = await counts();
    const response = await signUp({
      kind: 'work',
      email: 'late@expiry.example',
      code,
      password: PASSWORD,
      displayName: 'Late',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'sign_up.code_expired', fields: [{ name: 'body.code' }] });
    expect(await counts()).toEqual(before);
  });

  it('allows 5 wrong attempts, saying how many are left, then not even the right code works', async () => {
    await requestCode('guess@attempts.example');
    const { code } = await codeMailedTo('guess@attempts.example');
    const wrong = code === '00000000' ? '11111111' : '00000000';
    const payload = { kind: 'work', email: 'guess@attempts.example', password: PASSWORD, displayName: 'G' };
    for (let left = SIGN_UP_CODE_MAX_ATTEMPTS - 1; left >= 0; left--) {
      const response = await signUp({ ...payload, code: wrong });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({
        code: 'sign_up.code_invalid',
        attemptsLeft: left,
        fields: [{ name: 'body.code' }],
      });
    }
    const before = await counts();
    const right = await signUp({ ...payload, code });
    expect(right.statusCode).toBe(400);
    expect(right.json().code).toBe('sign_up.code_expired');
    expect(await counts()).toEqual(before);
    // A new code starts afresh.
    await requestCode('guess@attempts.example');
    const fresh = await codeMailedTo('guess@attempts.example');
    expect((await signUp({ ...payload, code: fresh.code })).statusCode).toBe(201);
  });

  it('counts wrong attempts made at the same moment', async () => {
    await requestCode('race@attempts.example');
    const { code } = await codeMailedTo('race@attempts.example');
    const wrong = code === '00000000' ? '11111111' : '00000000';
    const payload = { kind: 'work', email: 'race@attempts.example', password: PASSWORD, displayName: 'R', code: wrong };
    const answers = await Promise.all(Array.from({ length: 8 }, () => signUp(payload)));
    const codes = answers.map((a) => a.json().code);
    expect(codes.filter((c) => c === 'sign_up.code_invalid')).toHaveLength(SIGN_UP_CODE_MAX_ATTEMPTS);
    expect(codes.filter((c) => c === 'sign_up.code_expired')).toHaveLength(8 - SIGN_UP_CODE_MAX_ATTEMPTS);
  });

  it('with no code requested, any code is expired', async () => {
    const response = await signUp({
      kind: 'work',
      email: 'never@asked.example',
      code: '12345678',
      password: PASSWORD,
      displayName: 'N',
    });
    expect(response.json().code).toBe('sign_up.code_expired');
  });
});

describe('work sign-up: the account and the unmanaged tenant', () => {
  it('creates the unmanaged tenant of a new domain, holding the domain unverified, and signs in', async () => {
    const response = await workSignUp('Ana@FourthCoffee.example', { displayName: 'Ana Bowman' });
    expect(response.statusCode, response.body).toBe(201);
    const body = response.json();
    expect(body.account).toMatchObject({
      signInName: 'ana@fourthcoffee.example',
      displayName: 'Ana Bowman',
      kind: 'work',
      cloud: 'public',
      isGlobalAdmin: false,
      tenant: { displayName: 'fourthcoffee.example', state: 'unmanaged' },
    });
    const me = await t.app.inject({ url: '/api/v1/me', headers: { cookie: sessionCookieOf(response) } });
    expect(me.json().account.tenant.state).toBe('unmanaged');

    const [tenant] = await t.db.db.select().from(tenants).where(eq(tenants.id, body.account.tenant.id));
    expect(tenant).toMatchObject({
      state: 'unmanaged',
      cloud: 'public',
      initialDomain: 'fourthcoffee.onvlcenter.example',
    });
    const held = await t.db.db.select().from(domains).where(eq(domains.tenantId, tenant!.id));
    expect(held).toHaveLength(1);
    expect(held[0]).toMatchObject({ name: 'fourthcoffee.example', state: 'unverified', verifiedAt: null });
    expect(held[0]!.verificationToken.length).toBeGreaterThanOrEqual(22);

    const audit = await t.db.db.select().from(auditLog).where(eq(auditLog.tenantId, tenant!.id));
    expect(audit.map((a) => a.action)).toEqual(['tenant.created', 'sign_up.work_account_created']);
    expect(JSON.stringify(audit)).not.toContain(PASSWORD);
    await signIn(t.app, 'ana@fourthcoffee.example', PASSWORD);
  });

  it('a colleague joins the same unmanaged tenant', async () => {
    const first = await workSignUp('one@tailspin.example');
    const second = await workSignUp('two@tailspin.example');
    expect(second.statusCode).toBe(201);
    expect(second.json().account.tenant.id).toBe(first.json().account.tenant.id);
    const held = await t.db.db.select().from(domains).where(eq(domains.name, 'tailspin.example'));
    expect(held).toHaveLength(1);
  });

  it('makes the initial domain unique', async () => {
    await createTenant(t.db.db, { displayName: 'Northwind', initialDomain: 'northwind.onvlcenter.example' });
    const response = await workSignUp('kim@northwind.example');
    const [tenant] = await t.db.db.select().from(tenants).where(eq(tenants.id, response.json().account.tenant.id));
    expect(tenant!.initialDomain).toBe('northwind2.onvlcenter.example');
  });

  it('a domain a managed tenant only added (not verified) still gets its unmanaged tenant', async () => {
    const response = await workSignUp('lee@litware.example');
    expect(response.statusCode).toBe(201);
    expect(response.json().account.tenant).toMatchObject({ displayName: 'litware.example', state: 'unmanaged' });
  });

  it('refuses an address that already has a work account (409 sign_up.exists), only after the code', async () => {
    await workSignUp('dup@wingtip.example');
    const before = await counts();
    const again = await workSignUp('dup@wingtip.example');
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('sign_up.exists');
    expect(await counts()).toEqual(before);
    // Without the code, nobody learns that the account exists.
    const guess = await signUp({
      kind: 'work',
      email: 'dup@wingtip.example',
      code: '12345678',
      password: PASSWORD,
      displayName: 'D',
    });
    expect(guess.json().code).not.toBe('sign_up.exists');
  });

  it('refuses at step 2 when a managed tenant verified the domain after the code was sent (409), creating nothing', async () => {
    await requestCode('slow@adatum.example');
    const { code } = await codeMailedTo('slow@adatum.example');
    await createTenant(t.db.db, { displayName: 'Adatum', domain: 'adatum.example' });
    const before = await counts();
    const response = await signUp({
      kind: 'work',
      email: 'slow@adatum.example',
      code,
      password: PASSWORD,
      displayName: 'Slow',
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('sign_up.domain_managed');
    expect(await counts()).toEqual(before);
  });

  it('a code is used once', async () => {
    await requestCode('once@proseware.example');
    const { code } = await codeMailedTo('once@proseware.example');
    const payload = { kind: 'work', email: 'once@proseware.example', code, password: PASSWORD, displayName: 'O' };
    expect((await signUp(payload)).statusCode).toBe(201);
    expect((await signUp(payload)).json().code).toBe('sign_up.code_expired');
  });

  it('two people of a new domain signing up at the same moment end up in one tenant', async () => {
    const emails = ['p1@concurrent.example', 'p2@concurrent.example', 'p3@concurrent.example'];
    const codes: string[] = [];
    for (const email of emails) {
      await requestCode(email);
      codes.push((await codeMailedTo(email)).code);
    }
    const answers = await Promise.all(
      emails.map((email, i) =>
        signUp({ kind: 'work', email, code: codes[i], password: PASSWORD, displayName: `P${i}` }),
      ),
    );
    expect(answers.map((a) => a.statusCode)).toEqual([201, 201, 201]);
    expect(new Set(answers.map((a) => a.json().account.tenant.id)).size).toBe(1);
    expect(await t.db.db.select().from(domains).where(eq(domains.name, 'concurrent.example'))).toHaveLength(1);
  });
});

describe('bad input to POST /auth/sign-up', () => {
  const valid = { kind: 'work', email: 'bad@input.example', code: '12345678', password: PASSWORD, displayName: 'B' };
  it.each<[string, Record<string, unknown>, string]>([
    ['missing kind', { ...valid, kind: undefined }, 'body.kind'],
    ['unknown kind', { ...valid, kind: 'partner' }, 'body.kind'],
    ['missing email', { ...valid, email: undefined }, 'body.email'],
    ['malformed email', { ...valid, email: 'nope' }, 'body.email'],
    ['oversized email', { ...valid, email: `${'b'.repeat(250)}@input.example` }, 'body.email'],
    ['email of the wrong type', { ...valid, email: ['bad@input.example'] }, 'body.email'],
    ['missing password', { ...valid, password: undefined }, 'body.password'],
    ['password of the wrong type', { ...valid, password: 123456789012 }, 'body.password'],
    ['missing display name', { ...valid, displayName: undefined }, 'body.displayName'],
    ['blank display name', { ...valid, displayName: '   ' }, 'body.displayName'],
    ['oversized display name', { ...valid, displayName: 'n'.repeat(257) }, 'body.displayName'],
    ['display name with a line break', { ...valid, displayName: 'Bad\nName' }, 'body.displayName'],
    ['work without a code', { ...valid, code: undefined }, 'body.code'],
    ['malformed code', { ...valid, code: '12ab5678' }, 'body.code'],
    ['oversized code', { ...valid, code: '1'.repeat(9) }, 'body.code'],
    ['code of the wrong type', { ...valid, code: 12345678 }, 'body.code'],
    ['personal with a code', { ...valid, kind: 'personal' }, 'body.code'],
    ['unknown property', { ...valid, tenantId: 'x' }, 'body'],
  ])('%s → 400 naming the field, nothing changes', async (_name, payload, fieldName) => {
    const before = await counts();
    const response = await signUp(payload);
    expect(response.statusCode).toBe(400);
    expect(response.json().fields[0].name).toMatch(new RegExp(`^${fieldName.replace('.', '\\.')}`));
    expect(await counts()).toEqual(before);
  });

  it('a body that is not JSON is a 400', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-up',
      headers: { 'content-type': 'application/json' },
      payload: '{"kind":',
    });
    expect(response.statusCode).toBe(400);
  });
});

describe('cross-site requests', () => {
  it('refuses a sign-up posted from another site', async () => {
    const before = await counts();
    const response = await signUp(
      { kind: 'personal', email: 'csrf@gmail.com', password: PASSWORD, displayName: 'C' },
      { headers: { origin: 'https://evil.example' } },
    );
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('csrf.origin_mismatch');
    const code = await post(
      '/api/v1/auth/sign-up/code',
      { email: 'csrf@fabrikam.example' },
      {
        headers: { origin: 'https://evil.example' },
      },
    );
    expect(code.statusCode).toBe(403);
    expect(await counts()).toEqual(before);
    expect(await mailsTo('csrf@fabrikam.example')).toBe(0);
  });
});

describe('rate limits', () => {
  it('sends at most 5 codes per address and hour, whatever the client address', async () => {
    for (let i = 0; i < SIGN_UP_CODES_PER_ADDRESS.max; i++) {
      expect((await requestCode('flood@victim.example')).statusCode).toBe(202);
    }
    const limited = await requestCode('flood@victim.example');
    expect(limited.statusCode).toBe(429);
    expect(limited.json().code).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(await mailsTo('flood@victim.example')).toBe(SIGN_UP_CODES_PER_ADDRESS.max);
    // Another address is not affected; the first one may ask again an hour later.
    expect((await requestCode('calm@victim.example')).statusCode).toBe(202);
    t.clock.advance(SIGN_UP_CODES_PER_ADDRESS.windowSeconds * 1000 + 1000);
    expect((await requestCode('flood@victim.example')).statusCode).toBe(202);
  });

  it('limits code requests per client IP', async () => {
    const ip = freshIp();
    for (let i = 0; i < SIGN_UP_CODE_RATE_LIMIT.max; i++) {
      expect((await requestCode(`person${i}@per-ip.example`, ip)).statusCode).toBe(202);
    }
    const limited = await requestCode('one-more@per-ip.example', ip);
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(await mailsTo('one-more@per-ip.example')).toBe(0);
    expect((await requestCode('one-more@per-ip.example')).statusCode).toBe(202);
  });

  it('limits sign-ups per client IP', async () => {
    await signUp({ kind: 'personal', email: 'taken@gmail.com', password: PASSWORD, displayName: 'T' });
    const ip = freshIp();
    const attempt = () =>
      signUp({ kind: 'personal', email: 'taken@gmail.com', password: PASSWORD, displayName: 'T' }, { ip });
    for (let i = 0; i < SIGN_UP_RATE_LIMIT.max; i++) expect((await attempt()).statusCode).toBe(409);
    const limited = await attempt();
    expect(limited.statusCode).toBe(429);
    expect(limited.json().code).toBe('rate_limited');
    t.clock.advance(SIGN_UP_RATE_LIMIT.windowSeconds * 1000 + 1000);
    expect((await attempt()).statusCode).toBe(409);
  });
});
