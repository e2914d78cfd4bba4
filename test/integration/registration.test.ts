// The invitation link and registration (SPEC §5): opening the link changes nothing; redeeming it as a work account
// of a managed tenant in the License ID's cloud creates the VL profile and grants the roles in one transaction, with
// the "Registration successful" e-mail; every refusal has its own code (checked in a fixed order) and changes nothing;
// expiry follows the injected clock; INVITATION_CUTOFF voids older invitations; of 100 simultaneous redemptions
// exactly one succeeds. Then the first contracts list.
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/crypto.js';
import { queryRows } from '../../src/db/client.js';
import {
  auditLog,
  invitations,
  organizations,
  userPreferences,
  vlProfiles,
  vlRoleAssignments,
} from '../../src/db/schema.js';
import { createTestApp, sessionCookieOf, signIn, type TestApp } from '../helpers/app.js';
import { createAccount, createTenant, TEST_PASSWORD } from '../helpers/builders.js';
import {
  contact,
  createLicenseId,
  createOrganization,
  createPartner,
  invitationTokenOf,
  licenseIdBody,
  outbox,
  type PartnerFixture,
} from '../helpers/partner.js';

const DAY = 24 * 60 * 60 * 1000;

type Session = Awaited<ReturnType<typeof signIn>>;

let ipCounter = 0;
// Each call its own client address: the per-address rate limits are not what these tests are about.
const nextIp = () => `10.0.${Math.floor(++ipCounter / 250)}.${(ipCounter % 250) + 1}`;

function client(app: FastifyInstance) {
  return {
    landing: (token: string) =>
      app.inject({ method: 'GET', url: `/api/v1/invitations/${token}`, remoteAddress: nextIp() }),
    redeem: (session: { headers: Record<string, string> }, token: string) =>
      app.inject({
        method: 'POST',
        url: `/api/v1/invitations/${token}/redeem`,
        headers: session.headers,
        remoteAddress: nextIp(),
      }),
    contracts: (session: { headers: Record<string, string> }, query = '') =>
      app.inject({ method: 'GET', url: `/api/v1/contracts${query}`, headers: session.headers }),
  };
}

/** A world: a partner, approved and pending organizations, a managed, an unmanaged and a gov-high tenant. */
async function world(t: TestApp) {
  const partner = await createPartner(t.db.db, 'Northwind');
  const contosoOrg = await createOrganization(t.app, t.db.db, partner, { body: { name: 'Contoso Ltd' } });
  const pendingOrg = await createOrganization(t.app, t.db.db, partner, {
    approved: false,
    body: { name: 'Pending Partners' },
  });
  const contoso = await createTenant(t.db.db, { displayName: 'Contoso', domain: 'contoso.example' });
  const fourthCoffee = await createTenant(t.db.db, {
    displayName: 'Fourth Coffee',
    domain: 'fourthcoffee.example',
    state: 'unmanaged',
  });
  const gov = await createTenant(t.db.db, {
    displayName: 'Contoso Gov',
    cloud: 'gov-high',
    domain: 'gov.contoso.example',
  });
  return { partner, contosoOrg, pendingOrg, contoso, fourthCoffee, gov };
}

/** Creates a License ID whose Primary contact is `email`; returns its number and the invitation token. */
async function invite(
  t: TestApp,
  partner: PartnerFixture,
  organizationId: string,
  email: string,
  overrides: Record<string, unknown> = {},
): Promise<{ number: string; token: string; licenseIdId: string }> {
  const created = await createLicenseId(
    t.app,
    partner,
    licenseIdBody(organizationId, { contacts: [contact('primary', email, 'Invitee')], ...overrides }),
  );
  const mails = (await outbox(t.db.db, email.toLowerCase())).filter(
    (m) => m.kind === 'invitation' && m.textBody.includes(created.licenseId.number),
  );
  expect(mails).toHaveLength(1);
  return { number: created.licenseId.number, token: invitationTokenOf(mails[0]!), licenseIdId: created.licenseId.id };
}

async function invitationRow(t: TestApp, token: string) {
  const [row] = await queryRows<{ state: string; redeemed_at: unknown; redeemed_by: unknown }>(
    t.db.db,
    sql`select state, redeemed_at, redeemed_by from invitations where token_hash = ${sha256Hex(token)}`,
  );
  return row!;
}

async function changeCounts(t: TestApp) {
  const [row] = await queryRows<Record<string, number>>(
    t.db.db,
    sql`select (select count(*)::int from vl_profiles) as profiles,
               (select count(*)::int from vl_role_assignments) as roles,
               (select count(*)::int from invitations where state <> 'pending') as settled,
               (select count(*)::int from mail_messages) as mail`,
  );
  return row!;
}

describe('landing and registration', () => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof world>>;
  let api: ReturnType<typeof client>;
  let ana: Session;
  let li: Session;
  let liAccountId: string;

  beforeAll(async () => {
    t = await createTestApp({ env: { BASE_URL: 'http://vl.test', BASE_URL_GOV_HIGH: 'http://gov.vl.test' } });
    api = client(t.app);
    w = await world(t);
    await createAccount(t.db.db, {
      tenantId: w.contoso.id,
      signInName: 'ana@contoso.example',
      displayName: 'Ana Bowman',
    });
    liAccountId = (
      await createAccount(t.db.db, { tenantId: w.contoso.id, signInName: 'li@contoso.example', displayName: 'Li Wei' })
    ).id;
    await createAccount(t.db.db, { signInName: 'pat@gmail.com', kind: 'personal' });
    await createAccount(t.db.db, { tenantId: w.fourthCoffee.id, signInName: 'ben@fourthcoffee.example' });
    await createAccount(t.db.db, { tenantId: w.gov.id, signInName: 'gov@gov.contoso.example', cloud: 'gov-high' });
    await createAccount(t.db.db, { tenantId: w.contoso.id, signInName: 'admin@contoso.example', isGlobalAdmin: true });
    [ana, li] = await Promise.all([
      signIn(t.app, 'ana@contoso.example', TEST_PASSWORD),
      signIn(t.app, 'li@contoso.example', TEST_PASSWORD),
    ]);
  });
  afterAll(() => t.close());

  it('opening the link (as a mail scanner would) shows the invitation and changes nothing', async () => {
    const { number, token } = await invite(t, w.partner, w.contosoOrg, 'ana@contoso.example');
    const before = await queryRows(t.db.db, sql`select * from invitations order by id`);
    const auditBefore = await t.db.db.select().from(auditLog);
    for (let i = 0; i < 3; i++) {
      const response = await api.landing(token);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        state: 'pending',
        licenseIdNumber: number,
        organizationName: 'Contoso Ltd',
        organizationApproved: true,
        programName: 'Select Plus',
        cloud: 'public',
        roles: ['administrator'],
        businessEmailMasked: 'an••••@contoso.example',
        expiresAt: new Date(t.clock.now().getTime() + 30 * DAY).toISOString(),
      });
    }
    const head = await t.app.inject({ method: 'HEAD', url: `/api/v1/invitations/${token}` });
    expect(head.statusCode).toBe(200);
    expect(await queryRows(t.db.db, sql`select * from invitations order by id`)).toEqual(before);
    expect(await t.db.db.select().from(auditLog)).toEqual(auditBefore);
    expect((await invitationRow(t, token)).state).toBe('pending');
    // …and it can still be redeemed afterwards.
    expect((await api.redeem(ana, token)).statusCode).toBe(200);
  });

  it('answers an unknown token with 404 invitation.not_found and an oversized one with 400', async () => {
    const unknown = await api.landing('A'.repeat(43));
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('invitation.not_found');
    expect((await api.redeem(ana, 'A'.repeat(43))).json().code).toBe('invitation.not_found');
    const oversized = await api.landing('A'.repeat(129));
    expect(oversized.statusCode).toBe(400);
    expect(oversized.json().fields[0].name).toBe('params.token');
  });

  it('registers: VL profile, roles, redeemed, audited, "Registration successful" e-mail; then the contract shows', async () => {
    const { number, token, licenseIdId } = await invite(t, w.partner, w.contosoOrg, 'Li.Wei@Contoso.example', {
      endDate: '2027-06-30',
    });
    await t.db.db.insert(userPreferences).values({ accountId: liAccountId, locale: 'en' });
    const response = await api.redeem(li, token);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({
      licenseIdNumber: number,
      organizationName: 'Contoso Ltd',
      roles: ['administrator'],
      businessEmail: 'li.wei@contoso.example',
      vlProfileId: expect.any(String),
      redirectTo: '/volume-licensing',
    });
    const [profile] = await t.db.db
      .select()
      .from(vlProfiles)
      .where(eq(vlProfiles.businessEmail, 'li.wei@contoso.example'));
    expect(profile).toMatchObject({ accountId: liAccountId, id: response.json().vlProfileId });
    const roles = await t.db.db
      .select()
      .from(vlRoleAssignments)
      .where(and(eq(vlRoleAssignments.vlProfileId, profile!.id), eq(vlRoleAssignments.licenseIdId, licenseIdId)));
    expect(roles.map((r) => r.role)).toEqual(['administrator']);
    expect(await invitationRow(t, token)).toMatchObject({ state: 'redeemed', redeemed_by: liAccountId });
    const [audit] = await t.db.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'registration.completed'), eq(auditLog.licenseIdNumber, number)));
    expect(audit).toMatchObject({ actorKind: 'account', actorAccountId: liAccountId, tenantId: w.contoso.id });
    const [mail] = (await outbox(t.db.db, 'li.wei@contoso.example')).filter(
      (m) => m.kind === 'registration-successful',
    );
    expect(mail!.subject).toBe('Registration successful: welcome to the volume licensing center');
    expect(mail!.textBody).toContain('Get started:\nhttp://vl.test/volume-licensing');
    expect(mail!.htmlBody).toContain('href="http://vl.test/volume-licensing"');
    expect(mail!.textBody).toContain('li@contoso.example');
    expect(mail!.textBody).toContain(number);

    const contracts = (await api.contracts(li)).json();
    expect(contracts.items).toContainEqual({
      licenseIdNumber: number,
      organizationName: 'Contoso Ltd',
      location: 'Redmond, US',
      programId: 'select-plus',
      programName: 'Select Plus',
      enterpriseStyle: false,
      parentAgreementNumber: null,
      cloud: 'public',
      startDate: '2026-01-01',
      endDate: '2027-06-30',
      status: 'active',
      roles: ['administrator'],
      inheritedRoles: [],
      administratorCount: 1,
      capabilities: [
        'contract.list',
        'contract.details',
        'contract.orders',
        'license-summary',
        'keys.view',
        'software.download',
        'software-assurance.benefits',
        'online-services.activate',
        'vl-users.manage',
      ],
      accessAtRisk: false,
    });

    const again = await api.redeem(li, token);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'registration.invitation_redeemed', redeemedByYou: true });
    const stranger = await api.redeem(ana, token);
    expect(stranger.json()).toMatchObject({ code: 'registration.invitation_redeemed', redeemedByYou: false });
    expect((await api.landing(token)).json().state).toBe('redeemed');
  });

  it('a second License ID for a registered business e-mail appears at once, without an invitation', async () => {
    const { token } = await invite(t, w.partner, w.contosoOrg, 'li.second@contoso.example');
    expect((await api.redeem(li, token)).statusCode).toBe(200);
    const created = await createLicenseId(
      t.app,
      w.partner,
      licenseIdBody(w.contosoOrg, { contacts: [contact('notices', 'li.second@contoso.example')] }),
    );
    expect(created.welcome).toEqual([
      { email: 'li.second@contoso.example', roles: ['administrator'], action: 'roles-granted' },
    ]);
    const invitationsForIt = await t.db.db
      .select()
      .from(invitations)
      .where(eq(invitations.licenseIdId, created.licenseId.id));
    expect(invitationsForIt).toEqual([]);
    const numbers = (await api.contracts(li)).json().items.map((c: { licenseIdNumber: string }) => c.licenseIdNumber);
    expect(numbers).toContain(created.licenseId.number);
  });

  describe('refusals: each its own code and message, and nothing changes', () => {
    async function expectRefusal(
      session: Session,
      token: string,
      status: number,
      code: string,
      extra: Record<string, unknown> = {},
    ) {
      const before = await changeCounts(t);
      const response = await api.redeem(session, token);
      expect(response.statusCode, response.body).toBe(status);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json()).toMatchObject({ code, ...extra });
      expect(response.json().detail.length).toBeGreaterThan(40);
      expect(await changeCounts(t)).toEqual(before);
      return response.json();
    }

    it('personal account', async () => {
      const { token } = await invite(t, w.partner, w.contosoOrg, 'pat@gmail.com');
      const pat = await signIn(t.app, 'pat@gmail.com', TEST_PASSWORD);
      const problem = await expectRefusal(pat, token, 403, 'registration.personal_account');
      expect(problem.detail).toMatch(/work account/);
      expect((await invitationRow(t, token)).state).toBe('pending');
      const [audit] = await t.db.db
        .select()
        .from(auditLog)
        .where(eq(auditLog.action, 'registration.refused'))
        .orderBy(sql`id desc`)
        .limit(1);
      expect(audit!.details).toEqual({ code: 'registration.personal_account' });
    });

    it('account of an unmanaged tenant: offers the takeover of its domain', async () => {
      const { token } = await invite(t, w.partner, w.contosoOrg, 'ben@fourthcoffee.example');
      const ben = await signIn(t.app, 'ben@fourthcoffee.example', TEST_PASSWORD);
      const problem = await expectRefusal(ben, token, 403, 'registration.unmanaged_tenant', {
        domain: 'fourthcoffee.example',
      });
      expect(problem.detail).toMatch(/administrator of fourthcoffee\.example/);
      expect(problem.detail).toMatch(/new VL profile/);
    });

    it('identity of another cloud', async () => {
      const { token } = await invite(t, w.partner, w.contosoOrg, 'gov@gov.contoso.example');
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        headers: { host: 'gov.vl.test' },
        payload: { login: 'gov@gov.contoso.example', password: TEST_PASSWORD },
      });
      expect(response.statusCode).toBe(200);
      const gov = { headers: { cookie: sessionCookieOf(response), 'x-csrf-token': response.json().csrfToken } };
      await expectRefusal(gov as Session, token, 403, 'registration.other_cloud', {
        cloud: 'public',
        signInUrl: 'http://vl.test',
      });
    });

    it('organization not approved', async () => {
      const { token } = await invite(t, w.partner, w.pendingOrg, 'ana.pending@contoso.example');
      expect((await api.landing(token)).json()).toMatchObject({ state: 'pending', organizationApproved: false });
      await expectRefusal(ana, token, 403, 'registration.organization_not_approved');
      // Once approved, the same link works.
      await t.db.db.update(organizations).set({ approvalState: 'approved' }).where(eq(organizations.id, w.pendingOrg));
      expect((await api.redeem(ana, token)).statusCode).toBe(200);
      await t.db.db.update(organizations).set({ approvalState: 'pending' }).where(eq(organizations.id, w.pendingOrg));
    });

    it('revoked and void (imported from a retired system) invitations', async () => {
      const revoked = await invite(t, w.partner, w.contosoOrg, 'revoked@contoso.example');
      await t.db.db
        .update(invitations)
        .set({ state: 'revoked' })
        .where(eq(invitations.licenseIdId, revoked.licenseIdId));
      expect((await api.landing(revoked.token)).json().state).toBe('revoked');
      await expectRefusal(ana, revoked.token, 410, 'registration.invitation_revoked');
      const legacy = await invite(t, w.partner, w.contosoOrg, 'legacy@contoso.example');
      await t.db.db.update(invitations).set({ legacy: true }).where(eq(invitations.licenseIdId, legacy.licenseIdId));
      expect((await api.landing(legacy.token)).json().state).toBe('void');
      const problem = await expectRefusal(ana, legacy.token, 410, 'registration.invitation_void');
      expect(problem.detail).toMatch(/VL administrator/);
    });

    it('the business e-mail is bound to another identity: names it, masked', async () => {
      const { token } = await invite(t, w.partner, w.contosoOrg, 'shared@contoso.example');
      expect((await api.redeem(li, token)).statusCode).toBe(200);
      // A new License ID for the same business e-mail while it is bound to Li; invited as if new (issue 5 resends).
      const second = await createLicenseId(
        t.app,
        w.partner,
        licenseIdBody(w.contosoOrg, { contacts: [contact('primary', 'shared@contoso.example')] }),
      );
      expect(second.welcome[0]!.action).toBe('roles-granted');
      // Simulate a forwarded older invitation for that address (issued before Li registered).
      const older = await invite(t, w.partner, w.contosoOrg, 'other-shared@contoso.example');
      await t.db.db
        .update(invitations)
        .set({ businessEmail: 'shared@contoso.example' })
        .where(eq(invitations.licenseIdId, older.licenseIdId));
      const problem = await expectRefusal(ana, older.token, 409, 'registration.identity_mismatch', {
        boundSignInId: 'li••••@contoso.example',
      });
      expect(problem.detail).toContain('li••••@contoso.example');
      expect(problem.detail).not.toContain('li@contoso.example');
      // The bound identity itself may redeem it.
      expect((await api.redeem(li, older.token)).statusCode).toBe(200);
    });

    it('checks in order: a personal account with an unapproved, revoked invitation hears about the account first', async () => {
      const { token, licenseIdId } = await invite(t, w.partner, w.pendingOrg, 'order@contoso.example');
      await t.db.db.update(invitations).set({ state: 'revoked' }).where(eq(invitations.licenseIdId, licenseIdId));
      const pat = await signIn(t.app, 'pat@gmail.com', TEST_PASSWORD);
      await expectRefusal(pat, token, 403, 'registration.personal_account');
      const ben = await signIn(t.app, 'ben@fourthcoffee.example', TEST_PASSWORD);
      await expectRefusal(ben, token, 403, 'registration.unmanaged_tenant');
      await expectRefusal(ana, token, 403, 'registration.organization_not_approved');
    });

    it('signed out: 401; without the CSRF token: 403; both change nothing', async () => {
      const { token } = await invite(t, w.partner, w.contosoOrg, 'csrf@contoso.example');
      const signedOut = await t.app.inject({ method: 'POST', url: `/api/v1/invitations/${token}/redeem` });
      expect(signedOut.statusCode).toBe(401);
      const noCsrf = await t.app.inject({
        method: 'POST',
        url: `/api/v1/invitations/${token}/redeem`,
        headers: { cookie: ana.cookie },
      });
      expect(noCsrf.statusCode).toBe(403);
      expect(noCsrf.json().code).toBe('csrf.token_invalid');
      expect((await invitationRow(t, token)).state).toBe('pending');
    });
  });

  describe('contracts list', () => {
    it('sorts by nearest end date, hides not-approved organizations, pages with a cursor', async () => {
      const s = await signIn(t.app, 'ana@contoso.example', TEST_PASSWORD);
      const ends = ['2029-03-31', '2026-12-31', '2027-09-30'];
      for (const endDate of ends) {
        const { token } = await invite(t, w.partner, w.contosoOrg, `ana+${endDate}@contoso.example`, { endDate });
        expect((await api.redeem(s, token)).statusCode).toBe(200);
      }
      // A License ID of a not-approved organization on which Ana already holds a role stays hidden.
      const hidden = await createLicenseId(
        t.app,
        w.partner,
        licenseIdBody(w.pendingOrg, { contacts: [contact('primary', 'ana+2029-03-31@contoso.example')] }),
      );
      expect(hidden.welcome[0]!.action).toBe('roles-granted');
      const all = (await api.contracts(s)).json();
      const numbers = all.items.map((c: { licenseIdNumber: string }) => c.licenseIdNumber);
      expect(numbers).not.toContain(hidden.licenseId.number);
      const endDates = all.items.map((c: { endDate: string }) => c.endDate);
      expect(endDates).toEqual([...endDates].sort());
      expect(endDates).toEqual(expect.arrayContaining(ends));

      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: { licenseIdNumber: string }[]; nextCursor: string | null } = (
          await api.contracts(s, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
        ).json();
        expect(page.items.length).toBeLessThanOrEqual(2);
        paged.push(...page.items.map((c) => c.licenseIdNumber));
        cursor = page.nextCursor;
      } while (cursor);
      expect(paged).toEqual(numbers);

      await t.db.db.update(organizations).set({ approvalState: 'approved' }).where(eq(organizations.id, w.pendingOrg));
      expect(
        (await api.contracts(s)).json().items.map((c: { licenseIdNumber: string }) => c.licenseIdNumber),
      ).toContain(hidden.licenseId.number);
      await t.db.db.update(organizations).set({ approvalState: 'pending' }).where(eq(organizations.id, w.pendingOrg));
    });

    it('shows expired License IDs as expired', async () => {
      const { number, token } = await invite(t, w.partner, w.contosoOrg, 'old@contoso.example', {
        startDate: '2020-01-01',
        endDate: '2024-12-31',
      });
      expect((await api.redeem(ana, token)).statusCode).toBe(200);
      const row = (await api.contracts(ana))
        .json()
        .items.find((c: { licenseIdNumber: string }) => c.licenseIdNumber === number);
      expect(row.status).toBe('expired');
    });

    it('gives a tenant global administrator nothing from that role alone', async () => {
      const admin = await signIn(t.app, 'admin@contoso.example', TEST_PASSWORD);
      expect((await api.contracts(admin)).json()).toEqual({ items: [], nextCursor: null });
    });

    it('refuses bad list parameters and answers 401 signed out', async () => {
      for (const query of ['?limit=0', '?limit=201', '?limit=x', '?cursor=bm9wZQ', '?sort=endDate']) {
        const response = await api.contracts(ana, query);
        expect(response.statusCode, query).toBe(400);
        expect(response.json().fields[0].name, query).toMatch(/^querystring/);
      }
      expect((await t.app.inject({ url: '/api/v1/contracts' })).statusCode).toBe(401);
    });
  });

  it('rate-limits the landing per address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 61; i++) {
      const response = await t.app.inject({
        method: 'GET',
        url: `/api/v1/invitations/${'B'.repeat(43)}`,
        remoteAddress: '192.0.2.77',
      });
      statuses.push(response.statusCode);
    }
    expect(statuses.slice(0, 60)).toEqual(Array(60).fill(404));
    expect(statuses[60]).toBe(429);
  });
});

describe('expiry, with the injected clock', () => {
  it('redeems until the last moment; a moment later the invitation is expired', async () => {
    const t = await createTestApp();
    try {
      const w = await world(t);
      await createAccount(t.db.db, { tenantId: w.contoso.id, signInName: 'ana@contoso.example' });
      const early = await invite(t, w.partner, w.contosoOrg, 'early@contoso.example');
      const late = await invite(t, w.partner, w.contosoOrg, 'late@contoso.example');
      t.clock.advance(30 * DAY - 1000);
      const api = client(t.app);
      let ana = await signIn(t.app, 'ana@contoso.example', TEST_PASSWORD);
      expect((await api.landing(early.token)).json().state).toBe('pending');
      expect((await api.redeem(ana, early.token)).statusCode).toBe(200);
      t.clock.advance(1000);
      ana = await signIn(t.app, 'ana@contoso.example', TEST_PASSWORD);
      expect((await api.landing(late.token)).json().state).toBe('expired');
      const expired = await api.redeem(ana, late.token);
      expect(expired.statusCode).toBe(410);
      expect(expired.json().code).toBe('registration.invitation_expired');
      expect(expired.json().detail).toContain(new Date(t.clock.now()).toISOString().slice(0, 10));
      expect((await invitationRow(t, late.token)).state).toBe('pending');
    } finally {
      await t.close();
    }
  });
});

describe('INVITATION_CUTOFF and INVITATION_TTL_DAYS', () => {
  it('voids invitations issued before the cut-off, not those issued after; expiry follows the TTL', async () => {
    const t = await createTestApp({ env: { INVITATION_CUTOFF: '2026-11-24', INVITATION_TTL_DAYS: '7' } });
    try {
      const w = await world(t);
      await createAccount(t.db.db, { tenantId: w.contoso.id, signInName: 'ana@contoso.example' });
      const before = await invite(t, w.partner, w.contosoOrg, 'before@contoso.example');
      t.clock.set(new Date('2026-11-25T09:00:00Z'));
      const after = await invite(t, w.partner, w.contosoOrg, 'after@contoso.example');
      const api = client(t.app);
      const ana = await signIn(t.app, 'ana@contoso.example', TEST_PASSWORD);
      expect((await api.landing(before.token)).json().state).toBe('void');
      const landing = (await api.landing(after.token)).json();
      expect(landing.state).toBe('pending');
      expect(new Date(landing.expiresAt).getTime() - t.clock.now().getTime()).toBe(7 * DAY);
      expect((await api.redeem(ana, before.token)).json().code).toBe('registration.invitation_void');
      expect((await api.redeem(ana, after.token)).statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });
});

describe('concurrency', () => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof world>>;
  beforeAll(async () => {
    t = await createTestApp();
    w = await world(t);
  });
  afterAll(() => t.close());

  it('of 100 simultaneous redemptions of one invitation, exactly one succeeds', async () => {
    const sessions: Session[] = [];
    for (let i = 0; i < 10; i++) {
      await createAccount(t.db.db, { tenantId: w.contoso.id, signInName: `racer${i}@contoso.example` });
    }
    sessions.push(
      ...(await Promise.all(
        Array.from({ length: 10 }, (_, i) => signIn(t.app, `racer${i}@contoso.example`, TEST_PASSWORD)),
      )),
    );
    const { token, licenseIdId } = await invite(t, w.partner, w.contosoOrg, 'prize@contoso.example');
    const api = client(t.app);
    const responses = await Promise.all(
      Array.from({ length: 100 }, (_, i) => api.redeem(sessions[i % sessions.length]!, token)),
    );
    const ok = responses.filter((r) => r.statusCode === 200);
    expect(ok).toHaveLength(1);
    const others = responses.filter((r) => r.statusCode !== 200);
    expect(new Set(others.map((r) => `${r.statusCode} ${r.json().code}`))).toEqual(
      new Set(['409 registration.invitation_redeemed']),
    );
    const profiles = await t.db.db
      .select()
      .from(vlProfiles)
      .where(eq(vlProfiles.businessEmail, 'prize@contoso.example'));
    expect(profiles).toHaveLength(1);
    const roles = await t.db.db.select().from(vlRoleAssignments).where(eq(vlRoleAssignments.licenseIdId, licenseIdId));
    expect(roles).toHaveLength(1);
    const welcome = (await outbox(t.db.db, 'prize@contoso.example')).filter(
      (m) => m.kind === 'registration-successful',
    );
    expect(welcome).toHaveLength(1);
    const completed = await t.db.db.select().from(auditLog).where(eq(auditLog.action, 'registration.completed'));
    expect(completed).toHaveLength(1);
  });

  it('two invitations for one business e-mail redeemed at once by two people: one binds it, the other is told', async () => {
    await createAccount(t.db.db, { tenantId: w.contoso.id, signInName: 'one@contoso.example' });
    await createAccount(t.db.db, { tenantId: w.contoso.id, signInName: 'two@contoso.example' });
    const [one, two] = await Promise.all([
      signIn(t.app, 'one@contoso.example', TEST_PASSWORD),
      signIn(t.app, 'two@contoso.example', TEST_PASSWORD),
    ]);
    const a = await invite(t, w.partner, w.contosoOrg, `twin-${randomUUID().slice(0, 6)}@contoso.example`);
    const b = await invite(t, w.partner, w.contosoOrg, `twin-${randomUUID().slice(0, 6)}@contoso.example`);
    const email = 'twin@contoso.example';
    for (const inv of [a, b])
      await t.db.db
        .update(invitations)
        .set({ businessEmail: email })
        .where(eq(invitations.licenseIdId, inv.licenseIdId));
    const api = client(t.app);
    const [ra, rb] = await Promise.all([api.redeem(one, a.token), api.redeem(two, b.token)]);
    const codes = [ra, rb].map((r) => (r.statusCode === 200 ? 'ok' : r.json().code)).sort();
    // The winner's registration also takes up the other invitation to the same business e-mail (unless the loser
    // holds its lock at that moment): the loser learns either that the address is bound to another sign-in ID or
    // that the invitation was used.
    expect(codes[0]).toBe('ok');
    expect(['registration.identity_mismatch', 'registration.invitation_redeemed']).toContain(codes[1]);
    expect(await t.db.db.select().from(vlProfiles).where(eq(vlProfiles.businessEmail, email))).toHaveLength(1);
  });
});
