// Help & support, the public contact form and the operator queue (SPEC §10): a customer sees only their own requests
// and may name only License IDs they can see; states move as documented in support/service.ts; every change is
// audited; the requester is e-mailed on open, on each operator reply and on resolve, in their language; the contact
// form's code is single use, expires, allows 5 wrong guesses; the public form answers 429 when over its limits.
import { and, count, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditLog,
  emailCodes,
  mailMessages,
  supportMessages,
  supportRequests,
  userPreferences,
} from '../../src/db/schema.js';
import { startWorker } from '../../src/jobs/worker.js';
import { mailSendJob } from '../../src/mail/outbox.js';
import { createSmtpTransport } from '../../src/mail/transport.js';
import { EMAIL_CODE_MAX_ATTEMPTS, EMAIL_CODE_TTL_MS } from '../../src/modules/email-codes/service.js';
import { CONTACT_CODE_RATE_LIMIT, CONTACT_RATE_LIMIT } from '../../src/modules/support/routes.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createAccount, createTenant, TEST_PASSWORD } from '../helpers/builders.js';
import { createLicenseId, createOrganization, createPartner, licenseIdBody } from '../helpers/partner.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { createVlUser, grantRoles, nextIp, signInFrom, unique, type Session } from '../helpers/vl-world.js';

const BASE = 'https://vl.example.com';

let t: TestApp;
let sink: SmtpSink;
let ana: Session; // customer with a role on License ID `mine`
let ben: Session; // another customer of the same tenant, reads Dutch
let op: Session;
let op2: Session;
let mine: string;
let notMine: string;

beforeAll(async () => {
  sink = await startSmtpSink();
  t = await createTestApp({ env: { BASE_URL: BASE } });
  const partner = await createPartner(t.db.db);
  const org = await createOrganization(t.app, t.db.db, partner, { body: { name: 'Contoso Ltd' } });
  const contoso = await createTenant(t.db.db, { displayName: 'Contoso', domain: 'contoso.example' });
  const publisher = await createTenant(t.db.db, { displayName: 'Publisher', domain: 'publisher.example' });
  const a = await createLicenseId(t.app, partner, licenseIdBody(org));
  const b = await createLicenseId(t.app, partner, licenseIdBody(org));
  mine = a.licenseId.number;
  notMine = b.licenseId.number;
  const anaUser = await createVlUser(t.db.db, {
    tenantId: contoso.id,
    signInName: 'ana@contoso.example',
    displayName: 'Ana',
  });
  await grantRoles(t.db.db, {
    vlProfileId: anaUser.profiles[0]!.id,
    licenseIdId: a.licenseId.id,
    roles: ['license-position-reader'],
  });
  const benAccount = await createAccount(t.db.db, {
    tenantId: contoso.id,
    signInName: 'ben@contoso.example',
    displayName: 'Ben',
  });
  await t.db.db.insert(userPreferences).values({ accountId: benAccount.id, locale: 'nl' });
  await createAccount(t.db.db, { tenantId: publisher.id, signInName: 'op@publisher.example', isOperator: true });
  await createAccount(t.db.db, { tenantId: publisher.id, signInName: 'op2@publisher.example', isOperator: true });
  ana = await signInFrom(t.app, 'ana@contoso.example', TEST_PASSWORD);
  ben = await signInFrom(t.app, 'ben@contoso.example', TEST_PASSWORD);
  op = await signInFrom(t.app, 'op@publisher.example', TEST_PASSWORD);
  op2 = await signInFrom(t.app, 'op2@publisher.example', TEST_PASSWORD);
});
afterAll(async () => {
  await t?.close();
  await sink?.stop();
});

type Call = { method?: 'GET' | 'POST'; url: string; session?: Session; body?: unknown; ip?: string; query?: object };
const call = (c: Call) =>
  t.app.inject({
    method: c.method ?? (c.body === undefined ? 'GET' : 'POST'),
    url: c.url,
    headers: c.session?.headers ?? {},
    ...(c.body === undefined ? {} : { payload: c.body as object }),
    ...(c.query ? { query: c.query as Record<string, string> } : {}),
    remoteAddress: c.ip ?? nextIp(),
  });

const newRequest = (overrides: Record<string, unknown> = {}) => ({
  category: 'sign-in-and-access',
  subject: 'Cannot see my agreement',
  description: 'Since Monday the agreement is gone from my list.\nWhat happened?',
  ...overrides,
});

async function open(session: Session, overrides: Record<string, unknown> = {}) {
  const response = await call({ url: '/api/v1/support/requests', session, body: newRequest(overrides) });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ id: number; subject: string; state: string; messages: { body: string }[] }>();
}

async function mailsAbout(kind: string, recipient: string) {
  return t.db.db
    .select()
    .from(mailMessages)
    .where(and(eq(mailMessages.kind, kind), eq(mailMessages.recipient, recipient)))
    .orderBy(desc(mailMessages.id));
}

async function auditOf(id: number) {
  const rows = await t.db.db
    .select()
    .from(auditLog)
    .where(eq(auditLog.target, `support-request:${id}`))
    .orderBy(auditLog.id);
  return rows.map((r) => ({ action: r.action, actor: r.actorAccountId, details: r.details }));
}

async function counts() {
  const [requests] = await t.db.db.select({ n: count() }).from(supportRequests);
  const [messages] = await t.db.db.select({ n: count() }).from(supportMessages);
  const [audits] = await t.db.db.select({ n: count() }).from(auditLog);
  const [mails] = await t.db.db.select({ n: count() }).from(mailMessages);
  return { requests: requests!.n, messages: messages!.n, audits: audits!.n, mails: mails!.n };
}

const problem = (response: { statusCode: number; body: string }) => {
  const body = JSON.parse(response.body) as { code?: string; fields?: { name: string }[] };
  return { status: response.statusCode, code: body.code, field: body.fields?.[0]?.name };
};

describe('Help & support (signed in)', () => {
  it('opens a request: state new, the description as first message, audited, confirmation e-mailed with a link', async () => {
    const created = await open(ana, { licenseIdNumbers: [mine] });
    expect(created).toMatchObject({
      kind: 'help',
      category: 'sign-in-and-access',
      subject: 'Cannot see my agreement',
      state: 'new',
      licenseIdNumbers: [mine],
      resolvedAt: null,
      messages: [{ author: 'customer', authorName: 'Ana', body: newRequest().description }],
    });
    expect(await auditOf(created.id)).toEqual([
      {
        action: 'support.request_opened',
        actor: ana.accountId,
        details: { kind: 'help', category: 'sign-in-and-access', licenseIdNumbers: [mine] },
      },
    ]);
    const [mail] = await mailsAbout('support-request-opened', 'ana@contoso.example');
    expect(mail!.subject).toBe(`We received your support request #${created.id}: Cannot see my agreement`);
    expect(mail!.textBody).toContain(`${BASE}/support/requests/${created.id}`);
  });

  it('refuses a License ID the caller cannot see (422 naming the field), writing nothing', async () => {
    const before = await counts();
    const response = await call({
      url: '/api/v1/support/requests',
      session: ana,
      body: newRequest({ licenseIdNumbers: [mine, notMine] }),
    });
    expect(problem(response)).toEqual({
      status: 422,
      code: 'support.license_id_not_visible',
      field: 'body.licenseIdNumbers.1',
    });
    expect(response.headers['content-type']).toContain('application/problem+json');
    // Unknown and not-mine get the same answer.
    const unknown = await call({
      url: '/api/v1/support/requests',
      session: ana,
      body: newRequest({ licenseIdNumbers: ['NO-SUCH-1'] }),
    });
    expect(problem(unknown)).toEqual({
      status: 422,
      code: 'support.license_id_not_visible',
      field: 'body.licenseIdNumbers.0',
    });
    expect(await counts()).toEqual(before);
  });

  it.each([
    ['no category', { category: undefined }, 'body.category'],
    ['an unknown category', { category: 'billing' }, 'body.category'],
    ['a blank subject', { subject: '   ' }, 'body.subject'],
    ['a subject with a line break', { subject: 'a\nb' }, 'body.subject'],
    ['a too long subject', { subject: 'x'.repeat(201) }, 'body.subject'],
    ['no description', { description: undefined }, 'body.description'],
    ['a too long description', { description: 'x'.repeat(10_001) }, 'body.description'],
    ['a malformed License ID', { licenseIdNumbers: ['not a number'] }, 'body.licenseIdNumbers.0'],
    ['an unknown language', { locale: 'de' }, 'body.locale'],
    ['an unexpected property', { extra: 1 }, 'body.extra'],
  ])('refuses %s (400 naming the field)', async (_, overrides, name) => {
    const before = await counts();
    const response = await call({ url: '/api/v1/support/requests', session: ana, body: newRequest(overrides) });
    expect(problem(response)).toEqual({ status: 400, code: 'request.invalid', field: name });
    expect(await counts()).toEqual(before);
  });

  it('lists only the caller’s own requests, newest first, with cursor paging', async () => {
    const first = await open(ben, { subject: 'Ben one' });
    const second = await open(ben, { subject: 'Ben two' });
    const page1 = await call({ url: '/api/v1/support/requests?limit=1', session: ben });
    expect(page1.statusCode).toBe(200);
    const body1 = page1.json<{ items: { id: number }[]; nextCursor: string }>();
    expect(body1.items.map((i) => i.id)).toEqual([second.id]);
    const page2 = await call({ url: `/api/v1/support/requests?limit=1&cursor=${body1.nextCursor}`, session: ben });
    expect(page2.json<{ items: { id: number }[] }>().items.map((i) => i.id)).toEqual([first.id]);
    const anas = (await call({ url: '/api/v1/support/requests?limit=200', session: ana })).json<{
      items: { id: number }[];
    }>();
    expect(anas.items.map((i) => i.id)).not.toContain(first.id);
    expect(anas.items.length).toBeGreaterThan(0);
    expect(problem(await call({ url: '/api/v1/support/requests?cursor=garbage', session: ben }))).toEqual({
      status: 400,
      code: 'request.invalid',
      field: 'querystring.cursor',
    });
    expect(problem(await call({ url: '/api/v1/support/requests?limit=0', session: ben })).status).toBe(400);
  });

  it('answers 404 for another person’s request and for one that does not exist; 400 for a malformed id', async () => {
    const bens = await open(ben, { subject: 'Private to Ben' });
    for (const [url, session] of [
      [`/api/v1/support/requests/${bens.id}`, ana],
      [`/api/v1/support/requests/999999999`, ana],
    ] as const) {
      expect(problem(await call({ url, session }))).toEqual({
        status: 404,
        code: 'support_request.not_found',
        field: undefined,
      });
    }
    const reply = await call({
      url: `/api/v1/support/requests/${bens.id}/messages`,
      session: ana,
      body: { body: 'hi' },
    });
    expect(problem(reply).code).toBe('support_request.not_found');
    expect((await call({ url: '/api/v1/support/requests/abc', session: ana })).statusCode).toBe(400);
    expect((await call({ url: '/api/v1/support/requests/0', session: ana })).statusCode).toBe(400);
  });

  it.each([
    ['an empty body', {}, 'body.body'],
    ['a blank message', { body: ' \n ' }, 'body.body'],
    ['an unexpected property', { body: 'x', state: 'resolved' }, 'body.state'],
  ])('a customer reply with %s is refused (400 naming the field)', async (_, body, name) => {
    const created = await open(ana);
    const response = await call({ url: `/api/v1/support/requests/${created.id}/messages`, session: ana, body });
    expect(problem(response)).toEqual({ status: 400, code: 'request.invalid', field: name });
  });
});

describe('the operator queue and the request’s life', () => {
  it('assign, reply (e-mailed in the requester’s language), customer reply, resolve, reopen — all audited', async () => {
    const created = await open(ben, { subject: 'Sleutel ontbreekt', category: 'software-and-keys' });
    const url = `/api/v1/operator/support/requests/${created.id}`;

    // The operator sees the request with the requester's access check.
    const detail = await call({ url, session: op });
    expect(detail.statusCode, detail.body).toBe(200);
    const d = detail.json<{
      requester: object;
      accessChecks: { signInName: string; findings: { code: string }[] }[];
      assignedOperator: null;
    }>();
    expect(d.requester).toEqual({
      name: 'Ben',
      email: 'ben@contoso.example',
      accountId: ben.accountId,
      cloud: 'public',
    });
    expect(d.assignedOperator).toBeNull();
    expect(d.accessChecks).toHaveLength(1);
    expect(d.accessChecks[0]!.signInName).toBe('ben@contoso.example');
    expect(d.accessChecks[0]!.findings.map((f) => f.code)).toContain('no_vl_profile');

    // Assign to self: new → in-progress.
    const assigned = await call({ url: `${url}/assign`, session: op, method: 'POST' });
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect(assigned.json()).toMatchObject({ state: 'in-progress', assignedOperator: { id: op.accountId } });

    // Reply: waiting-on-customer, e-mailed in Dutch (Ben's preference) with the reply and a link.
    const replied = await call({ url: `${url}/messages`, session: op, body: { body: 'Welke sleutel precies?' } });
    expect(replied.statusCode, replied.body).toBe(201);
    expect(replied.json()).toMatchObject({ state: 'waiting-on-customer' });
    const [replyMail] = await mailsAbout('support-reply', 'ben@contoso.example');
    expect(replyMail!.subject).toBe(`Antwoord op uw supportaanvraag #${created.id}: Sleutel ontbreekt`);
    expect(replyMail!.textBody).toContain('Welke sleutel precies?');
    expect(replyMail!.textBody).toContain(`${BASE}/support/requests/${created.id}`);
    expect(replyMail!.htmlBody).toContain('lang="nl"');
    // The confirmation was Dutch too.
    const [opened] = await mailsAbout('support-request-opened', 'ben@contoso.example');
    expect(opened!.subject).toContain('We hebben uw supportaanvraag');

    // The customer sees the reply, from "Support" (no operator name).
    const seen = (await call({ url: `/api/v1/support/requests/${created.id}`, session: ben })).json<{
      state: string;
      messages: { author: string; authorName: string | null; body: string }[];
    }>();
    expect(seen.state).toBe('waiting-on-customer');
    expect(seen.messages.at(-1)).toMatchObject({
      author: 'operator',
      authorName: null,
      body: 'Welke sleutel precies?',
    });
    // The operator sees who answered.
    const opView = (await call({ url, session: op })).json<{ messages: { authorName: string | null }[] }>();
    expect(opView.messages.at(-1)!.authorName).toBe('op');

    // Customer answers: back to in-progress.
    const answered = await call({
      url: `/api/v1/support/requests/${created.id}/messages`,
      session: ben,
      body: { body: 'De MAK-sleutel.' },
    });
    expect(answered.statusCode, answered.body).toBe(201);
    expect(answered.json()).toMatchObject({ state: 'in-progress' });

    // Resolve: e-mailed.
    const resolved = await call({ url: `${url}/state`, session: op, body: { state: 'resolved' } });
    expect(resolved.statusCode, resolved.body).toBe(200);
    expect(resolved.json().resolvedAt).toBe(t.clock.now().toISOString());
    const [resolvedMail] = await mailsAbout('support-resolved', 'ben@contoso.example');
    expect(resolvedMail!.subject).toBe(`Uw supportaanvraag #${created.id} is opgelost: Sleutel ontbreekt`);

    // Not allowed from resolved: waiting-on-customer, new; the same state.
    for (const state of ['waiting-on-customer', 'new', 'resolved']) {
      const refused = await call({ url: `${url}/state`, session: op, body: { state } });
      expect(problem(refused), state).toMatchObject({ status: 409, code: 'support.invalid_transition' });
      expect(refused.json().allowed).toEqual(['in-progress']);
    }

    // A customer reply reopens a resolved request.
    const reopened = await call({
      url: `/api/v1/support/requests/${created.id}/messages`,
      session: ben,
      body: { body: 'Het werkt toch niet.' },
    });
    expect(reopened.json()).toMatchObject({ state: 'in-progress', resolvedAt: null });

    expect((await auditOf(created.id)).map((a) => [a.action, a.actor, a.details])).toEqual([
      ['support.request_opened', ben.accountId, expect.objectContaining({ kind: 'help' })],
      ['support.assigned', op.accountId, { previousOperatorId: null, from: 'new', to: 'in-progress' }],
      [
        'support.operator_replied',
        op.accountId,
        expect.objectContaining({ from: 'in-progress', to: 'waiting-on-customer' }),
      ],
      [
        'support.customer_replied',
        ben.accountId,
        expect.objectContaining({ from: 'waiting-on-customer', to: 'in-progress' }),
      ],
      ['support.state_changed', op.accountId, { from: 'in-progress', to: 'resolved' }],
      ['support.customer_replied', ben.accountId, expect.objectContaining({ from: 'resolved', to: 'in-progress' })],
    ]);
  });

  it('a reply to an unassigned request assigns it; a reply may set another state; another operator may take it over', async () => {
    const created = await open(ana);
    const url = `/api/v1/operator/support/requests/${created.id}`;
    const replied = await call({ url: `${url}/messages`, session: op2, body: { body: 'Done.', state: 'resolved' } });
    expect(replied.json()).toMatchObject({ state: 'resolved', assignedOperator: { id: op2.accountId } });
    const [mail] = await mailsAbout('support-reply', 'ana@contoso.example');
    expect(mail!.textBody).toContain('With this we consider the request resolved.');
    const taken = await call({ url: `${url}/assign`, session: op, method: 'POST' });
    expect(taken.json()).toMatchObject({ state: 'resolved', assignedOperator: { id: op.accountId } });
    expect((await auditOf(created.id)).at(-1)).toMatchObject({
      action: 'support.assigned',
      details: { previousOperatorId: op2.accountId },
    });
  });

  it('filters the queue by state, kind, assignment and search, with cursor paging', async () => {
    const tag = unique();
    const a = await open(ana, { subject: `Filter ${tag} alpha` });
    const b = await open(ana, { subject: `Filter ${tag} beta` });
    await call({ url: `/api/v1/operator/support/requests/${b.id}/assign`, session: op, method: 'POST' });
    const ids = async (query: string) => {
      const response = await call({ url: `/api/v1/operator/support/requests?q=${tag}&${query}`, session: op });
      expect(response.statusCode, response.body).toBe(200);
      return response.json<{ items: { id: number }[] }>().items.map((i) => i.id);
    };
    expect(await ids('')).toEqual([b.id, a.id]);
    expect(await ids('state=new')).toEqual([a.id]);
    expect(await ids('state=new&state=in-progress')).toEqual([b.id, a.id]);
    expect(await ids('assigned=me')).toEqual([b.id]);
    expect(await ids('assigned=unassigned')).toEqual([a.id]);
    expect(await ids('kind=contact')).toEqual([]);
    expect(await ids('kind=help&limit=1')).toEqual([b.id]);
    const byNumber = await call({ url: `/api/v1/operator/support/requests?q=%23${a.id}`, session: op });
    expect(byNumber.json<{ items: { id: number }[] }>().items.map((i) => i.id)).toEqual([a.id]);
    const byEmail = await call({ url: `/api/v1/operator/support/requests?q=ANA@contoso&limit=200`, session: op });
    expect(
      byEmail
        .json<{ items: { requester: { email: string } }[] }>()
        .items.every((i) => i.requester.email === 'ana@contoso.example'),
    ).toBe(true);
    const page1 = (await call({ url: `/api/v1/operator/support/requests?q=${tag}&limit=1`, session: op })).json<{
      nextCursor: string;
    }>();
    const page2 = await call({
      url: `/api/v1/operator/support/requests?q=${tag}&limit=1&cursor=${page1.nextCursor}`,
      session: op,
    });
    expect(page2.json<{ items: { id: number }[] }>().items.map((i) => i.id)).toEqual([a.id]);
    // A search term with LIKE wildcards is taken literally.
    expect((await call({ url: '/api/v1/operator/support/requests?q=%25%25%25_', session: op })).json().items).toEqual(
      [],
    );
  });

  it.each([
    ['an unknown state', 'state=open', 'querystring.state.0'],
    ['an unknown kind', 'kind=other', 'querystring.kind'],
    ['an unknown assignment', 'assigned=someone', 'querystring.assigned'],
    ['a malformed cursor', 'cursor=xyz', 'querystring.cursor'],
    ['an unexpected parameter', 'sort=asc', 'querystring.sort'],
  ])('the queue refuses %s (400 naming the field)', async (_, query, name) => {
    expect(problem(await call({ url: `/api/v1/operator/support/requests?${query}`, session: op }))).toEqual({
      status: 400,
      code: 'request.invalid',
      field: name,
    });
  });

  it('refuses bad input on every operator change, changing nothing', async () => {
    const created = await open(ana);
    const url = `/api/v1/operator/support/requests/${created.id}`;
    const before = await counts();
    const cases: [Call, { status: number; code: string; field?: string }][] = [
      [
        { url: `${url}/messages`, body: {} },
        { status: 400, code: 'request.invalid', field: 'body.body' },
      ],
      [
        { url: `${url}/messages`, body: { body: '  ' } },
        { status: 400, code: 'request.invalid', field: 'body.body' },
      ],
      [
        { url: `${url}/messages`, body: { body: 'x', state: 'new' } },
        { status: 400, code: 'request.invalid', field: 'body.state' },
      ],
      [
        { url: `${url}/messages`, body: { body: 'x', cc: 'a' } },
        { status: 400, code: 'request.invalid', field: 'body.cc' },
      ],
      [
        { url: `${url}/state`, body: {} },
        { status: 400, code: 'request.invalid', field: 'body.state' },
      ],
      [
        { url: `${url}/state`, body: { state: 'closed' } },
        { status: 400, code: 'request.invalid', field: 'body.state' },
      ],
      [
        { url: `${url}/state`, body: { state: 'new' } },
        { status: 409, code: 'support.invalid_transition' },
      ],
      [
        { url: '/api/v1/operator/support/requests/999999999/state', body: { state: 'resolved' } },
        { status: 404, code: 'support_request.not_found' },
      ],
      [
        { url: '/api/v1/operator/support/requests/999999999/assign', method: 'POST' },
        { status: 404, code: 'support_request.not_found' },
      ],
      [
        { url: '/api/v1/operator/support/requests/999999999/messages', body: { body: 'x' } },
        { status: 404, code: 'support_request.not_found' },
      ],
      [{ url: '/api/v1/operator/support/requests/999999999' }, { status: 404, code: 'support_request.not_found' }],
      [{ url: '/api/v1/operator/support/requests/x1' }, { status: 400, code: 'request.invalid', field: 'params.id' }],
      [
        { url: '/api/v1/operator/support/requests/-1/assign', method: 'POST' },
        { status: 400, code: 'request.invalid', field: 'params.id' },
      ],
    ];
    for (const [c, want] of cases) {
      const got = problem(await call({ ...c, session: op }));
      expect({ ...got, field: got.field ?? undefined }, `${c.url} ${JSON.stringify(c.body)}`).toEqual({
        field: undefined,
        ...want,
      });
    }
    expect(await counts()).toEqual(before);
  });

  it('is not there for customers (404), and not for people signed out (401)', async () => {
    expect(problem(await call({ url: '/api/v1/operator/support/requests', session: ana })).status).toBe(404);
    expect(problem(await call({ url: '/api/v1/operator/support/requests' })).status).toBe(401);
    expect(problem(await call({ url: '/api/v1/support/requests' })).status).toBe(401);
  });
});

describe('the public contact form', () => {
  const codeOf = async (email: string) => {
    const [mail] = await mailsAbout('contact-code', email);
    const code = /^(\d{8})$/m.exec(mail!.textBody)?.[1];
    if (!code) throw new Error(`no code in ${mail!.textBody}`);
    return code;
  };
  const requestCode = (email: string, extra: object = {}, ip?: string) =>
    call({ url: '/api/v1/support/contact/code', body: { email, ...extra }, ...(ip ? { ip } : {}) });
  const form = (email: string, code: string, overrides: Record<string, unknown> = {}) => ({
    email,
    code,
    name: 'Sam Stranger',
    category: 'sign-in-and-access',
    subject: 'I cannot sign in',
    description: 'My old account was deleted.',
    agreementNumbers: ['V1234567'],
    ...overrides,
  });
  const submit = (body: object, ip?: string) => call({ url: '/api/v1/support/contact', body, ...(ip ? { ip } : {}) });

  it('e-mails a code; with it the request enters the queue as kind contact; confirmation without a link', async () => {
    const email = `sam-${unique()}@fabrikam.example`;
    const sent = await requestCode(` ${email.toUpperCase()} `);
    expect(sent.statusCode, sent.body).toBe(202);
    expect(sent.json()).toEqual({
      sentTo: email,
      expiresAt: new Date(t.clock.now().getTime() + EMAIL_CODE_TTL_MS).toISOString(),
    });
    const code = await codeOf(email);
    // Only its keyed hash is stored.
    const stored = await t.db.db.select().from(emailCodes).where(eq(emailCodes.email, email));
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(code);

    const created = await submit(form(email, code));
    expect(created.statusCode, created.body).toBe(201);
    const { id } = created.json<{ id: number }>();
    expect(created.json()).toEqual({ id, state: 'new' });
    const [row] = await t.db.db.select().from(supportRequests).where(eq(supportRequests.id, id));
    expect(row).toMatchObject({
      kind: 'contact',
      requesterAccountId: null,
      requesterEmail: email,
      requesterName: 'Sam Stranger',
      licenseIdNumbers: ['V1234567'],
      state: 'new',
    });
    const [confirmation] = await mailsAbout('support-request-opened', email);
    expect(confirmation!.textBody).toContain(`Mention #${id}`);
    expect(confirmation!.textBody).not.toContain('/support/requests/');
    expect(await auditOf(id)).toEqual([expect.objectContaining({ action: 'support.request_opened', actor: null })]);

    // In the queue, with the access check of accounts signing in with that address (none here).
    const queued = await call({ url: `/api/v1/operator/support/requests/${id}`, session: op });
    expect(queued.json()).toMatchObject({ kind: 'contact', accessChecks: [], requester: { accountId: null } });
    const replied = await call({
      url: `/api/v1/operator/support/requests/${id}/messages`,
      session: op,
      body: { body: 'Which organization are you with?' },
    });
    expect(replied.statusCode).toBe(201);
    const [reply] = await mailsAbout('support-reply', email);
    expect(reply!.textBody).toContain('Which organization are you with?');
    expect(reply!.textBody).toContain('You cannot sign in to reply: use the contact form again');

    // The code worked once.
    expect(problem(await submit(form(email, code)))).toEqual({
      status: 400,
      code: 'contact.code_expired',
      field: 'body.code',
    });
  });

  it('shows the operator the access check of the accounts that sign in with the proved address', async () => {
    await requestCode('ben@contoso.example');
    const created = await submit(form('ben@contoso.example', await codeOf('ben@contoso.example')));
    expect(created.statusCode, created.body).toBe(201);
    const detail = await call({ url: `/api/v1/operator/support/requests/${created.json().id}`, session: op });
    const checks = detail.json<{ accessChecks: { signInName: string; findings: { code: string }[] }[] }>();
    expect(checks.accessChecks.map((c) => c.signInName)).toEqual(['ben@contoso.example']);
    expect(checks.accessChecks[0]!.findings.map((f) => f.code)).toContain('no_vl_profile');
  });

  it('writes the code e-mail and the confirmation in the chosen language', async () => {
    const email = `noor-${unique()}@fabrikam.example`;
    expect((await requestCode(email, { locale: 'nl' })).statusCode).toBe(202);
    const [codeMail] = await mailsAbout('contact-code', email);
    expect(codeMail!.subject).toBe('Uw code voor het contactformulier van vlcenter');
    const created = await submit(form(email, await codeOf(email), { locale: 'nl' }));
    expect(created.statusCode, created.body).toBe(201);
    const [confirmation] = await mailsAbout('support-request-opened', email);
    expect(confirmation!.subject).toContain('We hebben uw supportaanvraag');
  });

  it('a sign-up code does not open a contact request, and a contact code is bound to its address', async () => {
    const email = `kim-${unique()}@fabrikam.example`;
    expect((await call({ url: '/api/v1/auth/sign-up/code', body: { email } })).statusCode).toBe(202);
    const [signUpMail] = await mailsAbout('sign-up-code', email);
    const signUpCode = /^(\d{8})$/m.exec(signUpMail!.textBody)![1]!;
    expect(problem(await submit(form(email, signUpCode))).code).toBe('contact.code_expired');
    const other = `lee-${unique()}@fabrikam.example`;
    await requestCode(other);
    expect(problem(await submit(form(email, await codeOf(other)))).code).toBe('contact.code_expired');
  });

  it('allows 5 wrong codes, saying how many are left; then not even the right one works', async () => {
    const email = `guess-${unique()}@fabrikam.example`;
    await requestCode(email);
    const code = await codeOf(email);
    const wrong = code === '00000000' ? '11111111' : '00000000';
    for (let left = EMAIL_CODE_MAX_ATTEMPTS - 1; left >= 0; left--) {
      const response = await submit(form(email, wrong));
      expect(problem(response)).toEqual({ status: 400, code: 'contact.code_invalid', field: 'body.code' });
      expect(response.json().attemptsLeft).toBe(left);
    }
    expect(problem(await submit(form(email, code))).code).toBe('contact.code_expired');
  });

  it('a code expires after 10 minutes; a new code replaces the old one', async () => {
    const email = `late-${unique()}@fabrikam.example`;
    await requestCode(email);
    const first = await codeOf(email);
    t.clock.advance(EMAIL_CODE_TTL_MS + 1000);
    expect(problem(await submit(form(email, first)))).toEqual({
      status: 400,
      code: 'contact.code_expired',
      field: 'body.code',
    });
    await requestCode(email);
    const second = await codeOf(email);
    if (second !== first) expect(problem(await submit(form(email, first))).code).toBe('contact.code_invalid');
    expect((await submit(form(email, second))).statusCode).toBe(201);
  });

  it.each([
    ['a malformed address', { email: 'not-an-address' }, 'body.email'],
    ['a code of letters', { code: 'abcdefgh' }, 'body.code'],
    ['no name', { name: undefined }, 'body.name'],
    ['an unknown category', { category: 'vl-profile' }, 'body.category'],
    ['a blank subject', { subject: ' ' }, 'body.subject'],
    ['a malformed agreement number', { agreementNumbers: ['v 1'] }, 'body.agreementNumbers.0'],
    ['an unexpected property', { licenseIdNumbers: [] }, 'body.licenseIdNumbers'],
  ])('the form refuses %s (400 naming the field), writing nothing', async (_, overrides, name) => {
    const before = await counts();
    const response = await submit(form('x@fabrikam.example', '12345678', overrides));
    expect(problem(response)).toEqual({ status: 400, code: 'request.invalid', field: name });
    expect(await counts()).toEqual(before);
  });

  it.each([
    ['a malformed address', { email: 'nope' }, 'body.email'],
    ['no address', { email: undefined }, 'body.email'],
    ['an unknown language', { email: 'a@b.example', locale: 'fr' }, 'body.locale'],
    ['an unexpected property', { email: 'a@b.example', name: 'x' }, 'body.name'],
  ])('the code request refuses %s (400 naming the field)', async (_, body, name) => {
    expect(problem(await call({ url: '/api/v1/support/contact/code', body }))).toEqual({
      status: 400,
      code: 'request.invalid',
      field: name,
    });
  });

  it('answers 429 problem+json per client address on both steps, and per e-mail address on codes', async () => {
    const ip = nextIp();
    for (let i = 0; i < CONTACT_CODE_RATE_LIMIT.max; i++) {
      expect((await requestCode(`ip-${unique()}@fabrikam.example`, {}, ip)).statusCode).toBe(202);
    }
    const limited = await requestCode(`ip-${unique()}@fabrikam.example`, {}, ip);
    expect(problem(limited)).toMatchObject({ status: 429, code: 'rate_limited' });
    expect(limited.headers['content-type']).toContain('application/problem+json');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);

    const email = `flood-${unique()}@fabrikam.example`;
    for (let i = 0; i < 5; i++) expect((await requestCode(email)).statusCode).toBe(202);
    expect(problem(await requestCode(email))).toMatchObject({ status: 429, code: 'rate_limited' });
    expect(await mailsAbout('contact-code', email)).toHaveLength(5);

    const formIp = nextIp();
    for (let i = 0; i < CONTACT_RATE_LIMIT.max; i++) {
      expect((await submit(form('y@fabrikam.example', '12345678'), formIp)).statusCode).toBe(400);
    }
    expect(problem(await submit(form('y@fabrikam.example', '12345678'), formIp))).toMatchObject({
      status: 429,
      code: 'rate_limited',
    });
  });
});

describe('delivery', () => {
  it('the reply e-mail reaches a real SMTP server', async () => {
    const created = await open(ana, { subject: `Delivery ${unique()}` });
    await call({
      url: `/api/v1/operator/support/requests/${created.id}/messages`,
      session: op,
      body: { body: 'Delivered over SMTP.' },
    });
    const transport = createSmtpTransport(new URL(sink.url));
    const worker = startWorker({
      db: t.db,
      clock: t.clock,
      logger: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
      handlers: [mailSendJob({ transport, from: t.config.mailFrom })],
      loop: false,
    });
    try {
      while (await worker.runOnce()) {
        // drain
      }
    } finally {
      await worker.stop();
      transport.close();
    }
    const delivered = sink.messages.filter((m) => m.subject?.includes(`#${created.id}:`));
    expect(delivered.map((m) => m.subject).sort()).toEqual(
      [
        `Reply to your support request #${created.id}: ${created.subject}`,
        `We received your support request #${created.id}: ${created.subject}`,
      ].sort(),
    );
    const reply = delivered.find((m) => m.subject!.startsWith('Reply'))!;
    expect(reply.to).toMatchObject({ value: [{ address: 'ana@contoso.example' }] });
    expect(reply.text).toContain('Delivered over SMTP.');
    expect(reply.html).toContain(`${BASE}/support/requests/${created.id}`);
  });
});
