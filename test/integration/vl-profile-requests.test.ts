// New VL profile requests (SPEC §10): a contact who registered with one identity and now signs in with another is
// refused, files a re-bind, and an operator approves it — the profile, its roles and the open invitations move in one
// transaction, the addresses are e-mailed, the audit log says before → after. A "create" gives Administrator where
// nobody administers. Pre-checks are stored at filing and re-run at approval; failures refuse approval (409) and
// change nothing; rejection needs a reason; a request is decided once. Bad input is refused naming the field.
import { and, eq } from 'drizzle-orm';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  agreementContacts,
  auditLog,
  invitations,
  organizations,
  supportMessages,
  supportRequests,
  vlProfiles,
  vlRoleAssignments,
} from '../../src/db/schema.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
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
import { nextIp, signInFrom, unique, type Session } from '../helpers/vl-world.js';

type Precheck = { code: string; passed: boolean; blocking: boolean; params: Record<string, string> };
type OperatorView = {
  supportRequestId: number;
  state: string;
  prechecks: Precheck[];
  prechecksAtFiling: Precheck[];
  approvable: boolean;
  decidedBy: string | null;
  rejectionReason: string | null;
  supportRequestState: string;
};

let t: TestApp;
let partner: PartnerFixture;
let contosoOrg: string;
let contoso: Awaited<ReturnType<typeof createTenant>>;
let operator: Session;

beforeAll(async () => {
  t = await createTestApp({ env: { BASE_URL: 'http://vl.test' } });
  partner = await createPartner(t.db.db);
  contosoOrg = await createOrganization(t.app, t.db.db, partner, { body: { name: 'Contoso Ltd' } });
  contoso = await createTenant(t.db.db, { displayName: 'Contoso', domain: 'contoso.example' });
  const publisher = await createTenant(t.db.db, { displayName: 'Publisher', domain: 'publisher.example' });
  await createAccount(t.db.db, {
    tenantId: publisher.id,
    signInName: 'operator@publisher.example',
    isOperator: true,
  });
  operator = await signInFrom(t.app, 'operator@publisher.example', TEST_PASSWORD);
});
afterAll(() => t.close());

const call = (session: Session, method: 'GET' | 'POST', url: string, payload?: unknown) =>
  t.app.inject({
    method,
    url,
    headers: session.headers,
    payload: payload as InjectOptions['payload'],
    remoteAddress: nextIp(),
  });
const operatorCall = (method: 'GET' | 'POST', id: number, action = '', payload?: unknown) =>
  call(operator, method, `/api/v1/operator/vl-profile-requests/${id}${action}`, payload);
const contractNumbers = async (session: Session) =>
  (await call(session, 'GET', '/api/v1/contracts'))
    .json<{ items: { licenseIdNumber: string }[] }>()
    .items.map((c) => c.licenseIdNumber);
const byCode = (checks: Precheck[]) => Object.fromEntries(checks.map((c) => [c.code, c.passed]));

/** A contact registered from the welcome e-mail with `oldName`; a second License ID's invitation is still open. */
async function movedContact() {
  const local = `lee${unique()}`;
  const businessEmail = `${local}@contoso.example`;
  const oldName = `${local}@${contoso.initialDomain}`;
  const first = await createLicenseId(
    t.app,
    partner,
    licenseIdBody(contosoOrg, { contacts: [contact('primary', businessEmail, 'Lee')] }),
  );
  // The second organization is approved only after the registration, so its invitation stays open.
  const laterOrg = await createOrganization(t.app, t.db.db, partner, {
    approved: false,
    body: { name: `Contoso Labs ${unique()}`, pcns: [`PCN-${unique()}`] },
  });
  const second = await createLicenseId(
    t.app,
    partner,
    licenseIdBody(laterOrg, { contacts: [contact('primary', businessEmail, 'Lee')] }),
  );
  await createAccount(t.db.db, { tenantId: contoso.id, signInName: oldName, displayName: 'Lee' });
  await createAccount(t.db.db, { tenantId: contoso.id, signInName: businessEmail, displayName: 'Lee' });
  const old = await signInFrom(t.app, oldName, TEST_PASSWORD);
  const welcomes = (await outbox(t.db.db, businessEmail)).filter((m) => m.kind === 'invitation');
  const tokenOf = (number: string) => invitationTokenOf(welcomes.find((m) => m.textBody.includes(number))!);
  const redeemed = await call(old, 'POST', `/api/v1/invitations/${tokenOf(first.licenseId.number)}/redeem`);
  expect(redeemed.statusCode, redeemed.body).toBe(200);
  await t.db.db.update(organizations).set({ approvalState: 'approved' }).where(eq(organizations.id, laterOrg));
  const current = await signInFrom(t.app, businessEmail, TEST_PASSWORD);
  return {
    businessEmail,
    oldName,
    old,
    current,
    numbers: [first.licenseId.number, second.licenseId.number],
    secondToken: tokenOf(second.licenseId.number),
  };
}

describe('re-bind', () => {
  it('the story: refused with the new identity, request filed, operator approves, everything follows', async () => {
    const lee = await movedContact();
    const [l1, l2] = lee.numbers as [string, string];

    // The new identity is refused at registration, and the access check says why and links to the request page.
    const refused = await call(lee.current, 'POST', `/api/v1/invitations/${lee.secondToken}/redeem`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('registration.identity_mismatch');
    const check = (await call(lee.current, 'GET', '/api/v1/access-check')).json<{
      findings: { code: string; link: string | null }[];
    }>();
    const bound = check.findings.find((f) => f.code === 'profile_bound_elsewhere');
    expect(bound?.link).toBe(
      `/volume-licensing/vl-profile-request?kind=rebind&businessEmail=${encodeURIComponent(lee.businessEmail)}`,
    );
    expect(await contractNumbers(lee.current)).toEqual([]);

    const filed = await call(lee.current, 'POST', '/api/v1/vl-profile-requests', {
      kind: 'rebind',
      oldSignInName: lee.oldName.toUpperCase(),
      businessEmail: lee.businessEmail,
      licenseIdNumbers: [l1],
      note: 'I use my contoso.example account now.',
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const own = filed.json<{ supportRequestId: number; state: string; newSignInName: string; oldSignInName: string }>();
    expect(own).toMatchObject({ state: 'pending', newSignInName: lee.businessEmail, oldSignInName: lee.oldName });
    expect(own).not.toHaveProperty('prechecks');
    const id = own.supportRequestId;
    const [support] = await t.db.db.select().from(supportRequests).where(eq(supportRequests.id, id));
    expect(support).toMatchObject({ kind: 'vl-profile', state: 'new', requesterEmail: lee.businessEmail });
    const confirmation = (await outbox(t.db.db, lee.businessEmail)).find((m) => m.kind === 'support-request-opened');
    expect(confirmation?.textBody).toContain(`http://vl.test/support/requests/${id}`);

    const listed = (await call(lee.current, 'GET', '/api/v1/vl-profile-requests')).json<{
      items: { supportRequestId: number }[];
    }>();
    expect(listed.items.map((r) => r.supportRequestId)).toEqual([id]);
    expect((await call(lee.old, 'GET', '/api/v1/vl-profile-requests')).json().items).toEqual([]);

    const view = (await operatorCall('GET', id)).json<OperatorView>();
    expect(view.approvable).toBe(true);
    expect(byCode(view.prechecks)).toEqual({
      license_ids_exist: true,
      business_email_is_contact: true,
      new_identity_found: true,
      new_identity_work_account: true,
      new_identity_managed_tenant: true,
      new_identity_cloud: true,
      profile_bound_to_old_identity: true,
      new_identity_is_requester: true,
    });
    expect(view.prechecksAtFiling).toEqual(view.prechecks);

    const approved = await operatorCall('POST', id, '/approve');
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json<OperatorView>()).toMatchObject({
      state: 'approved',
      decidedBy: 'operator@publisher.example',
      supportRequestState: 'resolved',
      approvable: false,
    });

    // The profile and its roles moved; the open invitation of the business e-mail was taken up by the new identity.
    expect((await contractNumbers(lee.current)).sort()).toEqual([l1, l2].sort());
    expect(await contractNumbers(lee.old)).toEqual([]);
    const [invitation] = await t.db.db
      .select({ state: invitations.state, redeemedBy: invitations.redeemedBy })
      .from(invitations)
      .where(and(eq(invitations.businessEmail, lee.businessEmail), eq(invitations.state, 'redeemed')))
      .orderBy(invitations.redeemedAt);
    expect(invitation).toBeDefined();
    expect(
      (await call(lee.current, 'GET', '/api/v1/access-check')).json<{ findings: { code: string }[] }>().findings,
    ).toEqual([]);

    const mails = (await outbox(t.db.db)).filter((m) => m.kind === 'vl-profile-request-approved');
    expect(mails.map((m) => m.recipient).sort()).toEqual([lee.businessEmail, lee.oldName].sort());
    expect(mails[0]!.subject).toBe('Your VL profile now uses another sign-in ID');
    expect(mails[0]!.textBody).toContain(lee.oldName);

    const audits = await t.db.db.select().from(auditLog).where(eq(auditLog.action, 'vl_profile.rebound'));
    expect(audits.map((a) => a.licenseIdNumber)).toEqual([l1]);
    expect(audits[0]!.details).toMatchObject({
      supportRequestId: id,
      businessEmail: lee.businessEmail,
      before: { signInName: lee.oldName },
      after: { signInName: lee.businessEmail },
      invitationsTakenUp: [l2],
    });
    const messages = await t.db.db.select().from(supportMessages).where(eq(supportMessages.requestId, id));
    expect(messages.map((m) => m.authorKind)).toEqual(['customer', 'operator']);

    // Decided once.
    for (const [action, body] of [
      ['/approve', undefined],
      ['/reject', { reason: 'too late' }],
    ] as const) {
      const again = await operatorCall('POST', id, action, body);
      expect(again.statusCode).toBe(409);
      expect(again.json().code).toBe('vl_profile_request.already_decided');
    }
  });

  it('approval re-runs the pre-checks: a business e-mail no longer listed refuses it and changes nothing', async () => {
    const lee = await movedContact();
    const filed = await call(lee.current, 'POST', '/api/v1/vl-profile-requests', {
      kind: 'rebind',
      oldSignInName: lee.oldName,
      businessEmail: lee.businessEmail,
      licenseIdNumbers: [lee.numbers[0]],
    });
    const id = filed.json<{ supportRequestId: number }>().supportRequestId;
    await t.db.db.delete(agreementContacts).where(eq(agreementContacts.email, lee.businessEmail));

    const view = (await operatorCall('GET', id)).json<OperatorView>();
    expect(byCode(view.prechecksAtFiling).business_email_is_contact).toBe(true);
    expect(byCode(view.prechecks).business_email_is_contact).toBe(false);
    expect(view.approvable).toBe(false);
    const refused = await operatorCall('POST', id, '/approve');
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({
      code: 'vl_profile_request.precheck_failed',
      failed: ['business_email_is_contact'],
    });
    const [profile] = await t.db.db
      .select({ accountId: vlProfiles.accountId })
      .from(vlProfiles)
      .where(eq(vlProfiles.businessEmail, lee.businessEmail));
    expect(profile!.accountId).toBe(lee.old.accountId);
    expect((await operatorCall('GET', id)).json<OperatorView>().state).toBe('pending');

    // Rejected with a reason: e-mailed, audited, resolved; nothing else changes.
    const rejected = await operatorCall('POST', id, '/reject', {
      reason: '  Not a contact of the agreement any more. ',
    });
    expect(rejected.statusCode, rejected.body).toBe(200);
    expect(rejected.json<OperatorView>()).toMatchObject({
      state: 'rejected',
      rejectionReason: 'Not a contact of the agreement any more.',
      supportRequestState: 'resolved',
    });
    const mails = (await outbox(t.db.db, lee.businessEmail)).filter((m) => m.kind === 'vl-profile-request-rejected');
    expect(mails).toHaveLength(1);
    expect(mails[0]!.textBody).toContain('Not a contact of the agreement any more.');
    expect(mails[0]!.textBody).toContain(`http://vl.test/support/requests/${id}`);
    const [audit] = await t.db.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'vl_profile_request.rejected'), eq(auditLog.target, `support-request:${id}`)));
    expect(audit?.details).toMatchObject({ reason: 'Not a contact of the agreement any more.' });
    expect(await contractNumbers(lee.old)).toEqual([lee.numbers[0]]);
  });

  it('files what the portal cannot confirm, for the operator to see, and refuses the approval', async () => {
    const someone = await createAccount(t.db.db, { signInName: `home${unique()}@mail.example` });
    const session = await signInFrom(t.app, someone.signInName, TEST_PASSWORD);
    const filed = await call(session, 'POST', '/api/v1/vl-profile-requests', {
      kind: 'rebind',
      oldSignInName: `nobody${unique()}@contoso.example`,
      businessEmail: `stranger${unique()}@contoso.example`,
      licenseIdNumbers: ['NO-SUCH-1'],
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const view = (
      await operatorCall('GET', filed.json<{ supportRequestId: number }>().supportRequestId)
    ).json<OperatorView>();
    expect(byCode(view.prechecks)).toEqual({
      license_ids_exist: false,
      new_identity_found: true,
      new_identity_work_account: false,
      profile_bound_to_old_identity: false,
      new_identity_is_requester: true,
    });
    const refused = await operatorCall('POST', view.supportRequestId, '/approve');
    expect(refused.json()).toMatchObject({
      code: 'vl_profile_request.precheck_failed',
      failed: ['license_ids_exist', 'new_identity_work_account', 'profile_bound_to_old_identity'],
    });
  });
});

describe('create', () => {
  it('gives Administrator where nobody administers, and takes up the open invitation', async () => {
    const businessEmail = `boss${unique()}@contoso.example`;
    const created = await createLicenseId(
      t.app,
      partner,
      licenseIdBody(contosoOrg, { contacts: [contact('notices', businessEmail, 'Boss')] }),
    );
    const number = created.licenseId.number;
    const account = await createAccount(t.db.db, { tenantId: contoso.id, signInName: `b${unique()}@contoso.example` });
    const session = await signInFrom(t.app, account.signInName, TEST_PASSWORD);
    const filed = await call(session, 'POST', '/api/v1/vl-profile-requests', {
      kind: 'create',
      businessEmail,
      licenseIdNumbers: [number],
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const id = filed.json<{ supportRequestId: number }>().supportRequestId;
    const again = await call(session, 'POST', '/api/v1/vl-profile-requests', {
      kind: 'create',
      businessEmail,
      licenseIdNumbers: [number],
    });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'vl_profile_request.already_pending', supportRequestId: id });

    const view = (await operatorCall('GET', id)).json<OperatorView>();
    expect(byCode(view.prechecks)).toMatchObject({
      no_conflicting_profile: true,
      license_ids_without_administrator: true,
    });
    const approved = await operatorCall('POST', id, '/approve');
    expect(approved.statusCode, approved.body).toBe(200);
    const contracts = (await call(session, 'GET', '/api/v1/contracts')).json<{
      items: { licenseIdNumber: string; roles: string[] }[];
    }>().items;
    expect(contracts).toEqual([expect.objectContaining({ licenseIdNumber: number, roles: ['administrator'] })]);
    const [profile] = await t.db.db.select().from(vlProfiles).where(eq(vlProfiles.businessEmail, businessEmail));
    expect(profile!.accountId).toBe(account.id);
    const roles = await t.db.db
      .select({ role: vlRoleAssignments.role, grantedBy: vlRoleAssignments.grantedBy })
      .from(vlRoleAssignments)
      .where(eq(vlRoleAssignments.vlProfileId, profile!.id));
    expect(roles).toEqual([{ role: 'administrator', grantedBy: operator.accountId }]);
    const [audit] = await t.db.db.select().from(auditLog).where(eq(auditLog.action, 'vl_profile.created'));
    expect(audit).toMatchObject({ licenseIdNumber: number, actorKind: 'operator' });
    expect(audit!.details).toMatchObject({
      before: null,
      after: { signInName: account.signInName },
      roles: ['administrator'],
    });
    const mails = (await outbox(t.db.db)).filter((m) => m.kind === 'vl-profile-request-approved');
    expect(mails.map((m) => m.recipient)).toEqual(expect.arrayContaining([account.signInName, businessEmail]));

    // A second "create" for a profile bound to someone else is a re-bind: the blocking pre-check says so.
    const other = await createAccount(t.db.db, { tenantId: contoso.id, signInName: `o${unique()}@contoso.example` });
    const otherSession = await signInFrom(t.app, other.signInName, TEST_PASSWORD);
    const conflicting = await call(otherSession, 'POST', '/api/v1/vl-profile-requests', {
      kind: 'create',
      businessEmail,
      licenseIdNumbers: [number],
    });
    const conflictView = (
      await operatorCall('GET', conflicting.json<{ supportRequestId: number }>().supportRequestId)
    ).json<OperatorView>();
    expect(byCode(conflictView.prechecks)).toMatchObject({
      no_conflicting_profile: false,
      license_ids_without_administrator: false,
    });
  });
});

describe('bad input', () => {
  let session: Session;
  beforeAll(async () => {
    const account = await createAccount(t.db.db, {
      tenantId: contoso.id,
      signInName: `bad${unique()}@contoso.example`,
    });
    session = await signInFrom(t.app, account.signInName, TEST_PASSWORD);
  });
  const base = { kind: 'rebind', oldSignInName: 'old@contoso.example', businessEmail: 'b@contoso.example' };

  it.each([
    ['no License ID', { ...base, licenseIdNumbers: [] }, 400, 'body.licenseIdNumbers'],
    ['a malformed License ID', { ...base, licenseIdNumbers: ['v 1'] }, 400, 'body.licenseIdNumbers.0'],
    [
      'a malformed business e-mail',
      { ...base, businessEmail: 'nope', licenseIdNumbers: ['V1234'] },
      400,
      'body.businessEmail',
    ],
    ['an unknown kind', { ...base, kind: 'move', licenseIdNumbers: ['V1234'] }, 400, 'body.kind'],
    ['an unexpected property', { ...base, licenseIdNumbers: ['V1234'], force: true }, 400, 'body.force'],
    [
      'a re-bind without the old sign-in ID',
      { kind: 'rebind', businessEmail: 'b@contoso.example', licenseIdNumbers: ['V1234'] },
      422,
      'body.oldSignInName',
    ],
    [
      'a create with an old sign-in ID',
      { ...base, kind: 'create', licenseIdNumbers: ['V1234'] },
      422,
      'body.oldSignInName',
    ],
    [
      'the same old and new sign-in ID',
      { ...base, newSignInName: 'OLD@contoso.example', licenseIdNumbers: ['V1234'] },
      422,
      'body.newSignInName',
    ],
  ])('filing with %s', async (_, body, status, field) => {
    const response = await call(session, 'POST', '/api/v1/vl-profile-requests', body);
    expect(response.statusCode, response.body).toBe(status);
    expect(response.json<{ fields?: { name: string }[] }>().fields?.map((f) => f.name)).toContain(field);
  });

  it('rejecting without a reason, an unknown or malformed request number', async () => {
    for (const body of [{}, { reason: '   ' }, { reason: 'x'.repeat(1001) }]) {
      const response = await operatorCall('POST', 1, '/reject', body);
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json<{ fields: { name: string }[] }>().fields[0]!.name).toMatch(/^body(\.reason)?$/);
    }
    const unknown = await operatorCall('GET', 999_999_999);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('vl_profile_request.not_found');
    const malformed = await call(operator, 'GET', '/api/v1/operator/vl-profile-requests/abc');
    expect(malformed.statusCode).toBe(400);
    const cursor = await call(session, 'GET', '/api/v1/vl-profile-requests?cursor=zzz');
    expect(cursor.statusCode).toBe(400);
  });
});
