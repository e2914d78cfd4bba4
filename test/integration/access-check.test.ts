// "Why can't I see volume licensing?" (SPEC §10): each cause alone, several at once in their fixed order, and the
// operator's version for any account.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { invitations, organizations, vlProfiles, vlRoleAssignments } from '../../src/db/schema.js';
import type { VlRole } from '../../src/domain/vl-roles.js';
import { ACCESS_FINDING_CODES } from '../../src/modules/access-check/service.js';
import { createTestApp, signIn, type TestApp } from '../helpers/app.js';
import { createAccount, createTenant, TEST_PASSWORD } from '../helpers/builders.js';
import { createLicenseId, createOrganization, createPartner, licenseIdBody } from '../helpers/partner.js';

const DAY = 24 * 60 * 60 * 1000;

describe('access check', () => {
  let t: TestApp;
  let partner: Awaited<ReturnType<typeof createPartner>>;
  let approvedOrg: string;
  let pendingOrg: string;
  let managed: string;

  beforeAll(async () => {
    t = await createTestApp({ env: { BASE_URL: 'http://vl.test', BASE_URL_GOV_HIGH: 'http://gov.vl.test' } });
    partner = await createPartner(t.db.db);
    approvedOrg = await createOrganization(t.app, t.db.db, partner, { body: { name: 'Contoso Ltd' } });
    pendingOrg = await createOrganization(t.app, t.db.db, partner, { approved: false, body: { name: 'Pending Co' } });
    managed = (await createTenant(t.db.db, { displayName: 'Contoso', domain: 'contoso.example' })).id;
  });
  afterAll(() => t.close());

  const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}@contoso.example`;

  async function licenseId(overrides: Record<string, unknown> = {}, org = approvedOrg) {
    return (await createLicenseId(t.app, partner, licenseIdBody(org, overrides))).licenseId;
  }

  async function profile(accountId: string, businessEmail: string, roles: [string, VlRole][] = []) {
    const [row] = await t.db.db.insert(vlProfiles).values({ businessEmail, accountId }).returning();
    for (const [licenseIdId, role] of roles) {
      await t.db.db
        .insert(vlRoleAssignments)
        .values({ vlProfileId: row!.id, licenseIdId, role, grantedAt: t.clock.now() });
    }
    return row!;
  }

  async function invitation(
    licenseIdId: string,
    businessEmail: string,
    values: Partial<typeof invitations.$inferInsert> = {},
  ) {
    await t.db.db.insert(invitations).values({
      licenseIdId,
      businessEmail,
      roles: ['administrator'],
      tokenHash: randomUUID(),
      tokenEncrypted: 'x',
      issuedAt: t.clock.now(),
      expiresAt: new Date(t.clock.now().getTime() + 10 * DAY),
      ...values,
    });
  }

  async function checkAs(signInName: string) {
    const session = await signIn(t.app, signInName, TEST_PASSWORD);
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/access-check', headers: session.headers });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{
      visibleLicenseIdCount: number;
      findings: {
        code: string;
        blocking: boolean;
        message: string;
        remedy: string;
        link: string | null;
        licenseIdNumbers: string[];
        params: Record<string, string>;
      }[];
    }>();
  }
  const codes = (check: { findings: { code: string }[] }) => check.findings.map((f) => f.code);

  it('a registered user with an active role has nothing to fix', async () => {
    const email = unique('fine');
    const account = await createAccount(t.db.db, { tenantId: managed, signInName: email });
    const l = await licenseId();
    await profile(account.id, email, [[l.id, 'license-position-reader']]);
    const check = await checkAs(email);
    expect(check).toMatchObject({ visibleLicenseIdCount: 1, findings: [] });
  });

  it('personal account', async () => {
    const email = `${randomUUID().slice(0, 8)}@outlook.example`;
    await createAccount(t.db.db, { signInName: email });
    const check = await checkAs(email);
    expect(codes(check)).toEqual(['personal_account', 'no_vl_profile']);
    expect(check.findings[0]).toMatchObject({ blocking: true, link: '/sign-in' });
  });

  it('unmanaged tenant: offers the takeover', async () => {
    const tenant = await createTenant(t.db.db, { displayName: 'Fourth', domain: 'fourth.example', state: 'unmanaged' });
    await createAccount(t.db.db, { tenantId: tenant.id, signInName: 'ana@fourth.example' });
    const check = await checkAs('ana@fourth.example');
    expect(codes(check)).toEqual(['unmanaged_tenant', 'no_vl_profile']);
    expect(check.findings[0]!.message).toContain('fourth.example');
    expect(check.findings[0]!.link).toBe('/takeover');
    expect(check.findings[0]!.params).toEqual({ domain: 'fourth.example' });
  });

  it('other cloud: ACCESS AT RISK, named per License ID', async () => {
    const email = unique('cloud');
    const account = await createAccount(t.db.db, { tenantId: managed, signInName: email });
    const gov = await licenseId({ cloud: 'gov-high' });
    await profile(account.id, email, [[gov.id, 'administrator']]);
    const check = await checkAs(email);
    expect(codes(check)).toEqual(['other_cloud']);
    expect(check.findings[0]).toMatchObject({
      blocking: false,
      licenseIdNumbers: [gov.number],
      link: 'http://gov.vl.test',
    });
  });

  it('no VL profile, and pending / expired / void invitations for the sign-in address', async () => {
    const email = unique('invited');
    await createAccount(t.db.db, { tenantId: managed, signInName: email });
    const [a, b, c] = [await licenseId(), await licenseId(), await licenseId()];
    await invitation(a.id, email);
    await invitation(b.id, email, { expiresAt: new Date(t.clock.now().getTime() - DAY) });
    await invitation(c.id, email, { legacy: true });
    const check = await checkAs(email);
    expect(codes(check)).toEqual(['no_vl_profile', 'invitation_pending', 'invitation_expired', 'invitation_void']);
    expect(check.findings.map((f) => f.licenseIdNumbers)).toEqual([[], [a.number], [b.number], [c.number]]);
    // A void invitation leads to a "create" request, filled in.
    expect(check.findings[3]!.link).toBe(
      `/volume-licensing/vl-profile-request?kind=create&businessEmail=${encodeURIComponent(email)}&licenseIdNumbers=${c.number}`,
    );
  });

  it('VL profile bound to another identity: says which, masked', async () => {
    const email = unique('moved');
    const old = await createAccount(t.db.db, { tenantId: managed, signInName: `old-${email}` });
    await profile(old.id, email);
    await createAccount(t.db.db, { tenantId: managed, signInName: email });
    const check = await checkAs(email);
    expect(codes(check)).toEqual(['no_vl_profile', 'profile_bound_elsewhere']);
    expect(check.findings[1]!.message).toContain('ol••••@contoso.example');
    expect(check.findings[1]!.link).toBe(
      `/volume-licensing/vl-profile-request?kind=rebind&businessEmail=${encodeURIComponent(email)}`,
    );
    expect(check.findings[1]!.params).toEqual({ boundSignInId: 'ol••••@contoso.example' });
  });

  it('no VL role, organization not approved, License ID expired', async () => {
    const none = unique('norole');
    await profile((await createAccount(t.db.db, { tenantId: managed, signInName: none })).id, none);
    expect(codes(await checkAs(none))).toEqual(['no_vl_role']);

    const hidden = unique('hidden');
    const pending = await licenseId({}, pendingOrg);
    await profile((await createAccount(t.db.db, { tenantId: managed, signInName: hidden })).id, hidden, [
      [pending.id, 'administrator'],
    ]);
    const hiddenCheck = await checkAs(hidden);
    expect(codes(hiddenCheck)).toEqual(['organization_not_approved']);
    expect(hiddenCheck.visibleLicenseIdCount).toBe(0);
    await t.db.db.update(organizations).set({ approvalState: 'approved' }).where(eq(organizations.id, pendingOrg));
    try {
      expect(await checkAs(hidden)).toMatchObject({ visibleLicenseIdCount: 1, findings: [] });
    } finally {
      await t.db.db.update(organizations).set({ approvalState: 'pending' }).where(eq(organizations.id, pendingOrg));
    }

    const ended = unique('ended');
    const old = await licenseId({ startDate: '2020-01-01', endDate: '2023-12-31' });
    await profile((await createAccount(t.db.db, { tenantId: managed, signInName: ended })).id, ended, [
      [old.id, 'administrator'],
    ]);
    const endedCheck = await checkAs(ended);
    expect(codes(endedCheck)).toEqual(['license_id_expired']);
    expect(endedCheck.findings[0]).toMatchObject({ blocking: false, licenseIdNumbers: [old.number] });
  });

  it('several causes at once come in the fixed order, and the operator sees the same for any account', async () => {
    const tenant = await createTenant(t.db.db, { displayName: 'Mixed', domain: 'mixed.example', state: 'unmanaged' });
    const email = 'mix@mixed.example';
    const account = await createAccount(t.db.db, { tenantId: tenant.id, signInName: email });
    const gov = await licenseId({ cloud: 'gov-high' });
    const pending = await licenseId({}, pendingOrg);
    const old = await licenseId({ startDate: '2020-01-01', endDate: '2023-12-31' });
    const open = await licenseId();
    await profile(account.id, email, [
      [gov.id, 'administrator'],
      [pending.id, 'administrator'],
      [old.id, 'administrator'],
    ]);
    await invitation(open.id, email);
    const own = await checkAs(email);
    const expected = [
      'unmanaged_tenant',
      'other_cloud',
      'invitation_pending',
      'organization_not_approved',
      'license_id_expired',
    ];
    expect(codes(own)).toEqual(expected);
    // The order is the published one.
    expect(expected.map((c) => ACCESS_FINDING_CODES.indexOf(c as never))).toEqual(
      [...expected.map((c) => ACCESS_FINDING_CODES.indexOf(c as never))].sort((a, b) => a - b),
    );

    await createAccount(t.db.db, { tenantId: managed, signInName: 'op@contoso.example', isOperator: true });
    const op = await signIn(t.app, 'op@contoso.example', TEST_PASSWORD);
    const viaOperator = await t.app.inject({
      method: 'GET',
      url: `/api/v1/operator/access-check?signInName=${encodeURIComponent(email.toUpperCase())}`,
      headers: op.headers,
    });
    expect(viaOperator.statusCode, viaOperator.body).toBe(200);
    expect(viaOperator.json().items).toEqual([own]);
    const unknown = await t.app.inject({
      method: 'GET',
      url: '/api/v1/operator/access-check?signInName=nobody@nowhere.example',
      headers: op.headers,
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('access_check.account_not_found');
    for (const [query, field] of [
      ['signInName=nope', 'querystring.signInName'],
      [`signInName=${encodeURIComponent(email)}&cloud=mars`, 'querystring.cloud'],
    ]) {
      const bad = await t.app.inject({
        method: 'GET',
        url: `/api/v1/operator/access-check?${query}`,
        headers: op.headers,
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().fields[0].name).toBe(field);
    }
    // A customer cannot look at other accounts: the operator route does not exist for them.
    const customer = await signIn(t.app, email, TEST_PASSWORD);
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: `/api/v1/operator/access-check?signInName=${encodeURIComponent(email)}`,
          headers: customer.headers,
        })
      ).statusCode,
    ).toBe(404);
  });
});
