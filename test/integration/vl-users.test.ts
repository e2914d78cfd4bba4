// VL roles and role assignments (SPEC §4, §6): administrators assign roles on the License IDs they administer —
// internal users and registered VL users at once, others by invitation (after an explicit confirm; never on
// enterprise-style programs) — manage users (statuses, resend, reset, delete), import roles, and every VL user's
// Preferences (inheritance opt-in, Sync permissions). The rules: invoice reader and administrator on non-enterprise
// programs, the last administrator, inherited roles not editable at the child, ACCESS AT RISK and the cloud
// enforcement date, global administrators get nothing. Each change is audited and e-mailed; refusals change nothing.
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.js';
import {
  accounts,
  agreementContacts,
  auditLog,
  invitations,
  mailMessages,
  parentAgreements,
  vlProfiles,
  vlRoleAssignments,
} from '../../src/db/schema.js';
import type { VlRole } from '../../src/domain/vl-roles.js';
import { createTestApp, signIn, type TestApp } from '../helpers/app.js';
import { createAccount, createTenant, TEST_PASSWORD } from '../helpers/builders.js';
import {
  createLicenseId,
  createOrganization,
  createPartner,
  invitationTokenOf,
  licenseIdBody,
  outbox,
} from '../helpers/partner.js';

type Session = Awaited<ReturnType<typeof signIn>>;
const DAY = 24 * 60 * 60 * 1000;

function api(app: FastifyInstance, session: Session) {
  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
    app.inject({ method, url, headers: session.headers, payload: payload as InjectOptions['payload'] });
  return {
    call,
    assign: (body: Record<string, unknown>) => call('POST', '/api/v1/vl/role-assignments', body),
    contracts: async () =>
      (await call('GET', '/api/v1/contracts')).json<{
        items: {
          licenseIdNumber: string;
          roles: VlRole[];
          inheritedRoles: VlRole[];
          administratorCount: number;
          accessAtRisk: boolean;
        }[];
      }>().items,
    users: (query = '') => call('GET', `/api/v1/vl/users${query}`),
  };
}

/** A VL profile for `accountId` holding `roles` on each License ID id, written straight to the tables. */
async function grant(t: TestApp, accountId: string, businessEmail: string, roles: Record<string, VlRole[]>) {
  const [profile] = await t.db.db
    .insert(vlProfiles)
    .values({ businessEmail, accountId, displayName: businessEmail.split('@')[0]! })
    .onConflictDoUpdate({ target: vlProfiles.businessEmail, set: { accountId } })
    .returning();
  for (const [licenseIdId, list] of Object.entries(roles)) {
    if (list.length === 0) continue;
    await t.db.db
      .insert(vlRoleAssignments)
      .values(list.map((role) => ({ vlProfileId: profile!.id, licenseIdId, role, grantedAt: t.clock.now() })))
      .onConflictDoNothing();
  }
  return profile!;
}

async function directRoles(t: TestApp, businessEmail: string, licenseIdId: string): Promise<string[]> {
  const rows = await queryRows<{ role: string }>(
    t.db.db,
    sql`select a.role from vl_role_assignments a join vl_profiles p on p.id = a.vl_profile_id
        where p.business_email = ${businessEmail} and a.license_id_id = ${licenseIdId} order by a.role`,
  );
  return rows.map((r) => r.role);
}

const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

describe('role assignments', () => {
  let t: TestApp;
  let adminApi: ReturnType<typeof api>;
  let adminAccountId: string;
  let contosoTenantId: string;
  let otherTenantId: string;
  let partner: Awaited<ReturnType<typeof createPartner>>;
  let orgId: string;
  const ids: Record<'L1' | 'L2' | 'E1' | 'E2' | 'X', { id: string; number: string }> = {} as never;

  beforeAll(async () => {
    t = await createTestApp({ env: { BASE_URL: 'http://vl.test' } });
    partner = await createPartner(t.db.db, 'Northwind');
    orgId = await createOrganization(t.app, t.db.db, partner, { body: { name: 'Contoso Ltd' } });
    const contoso = await createTenant(t.db.db, { displayName: 'Contoso', domain: 'contoso.example' });
    const fabrikam = await createTenant(t.db.db, { displayName: 'Fabrikam', domain: 'fabrikam.example' });
    contosoTenantId = contoso.id;
    otherTenantId = fabrikam.id;
    for (const [key, programId] of [
      ['L1', 'select-plus'],
      ['L2', 'select-plus'],
      ['E1', 'enterprise'],
      ['E2', 'enterprise'],
      ['X', 'select-plus'],
    ] as const) {
      const created = await createLicenseId(t.app, partner, licenseIdBody(orgId, { programId }));
      ids[key] = created.licenseId;
    }
    const admin = await createAccount(t.db.db, {
      tenantId: contoso.id,
      signInName: 'admin@contoso.example',
      displayName: 'Ada Admin',
    });
    adminAccountId = admin.id;
    await grant(t, admin.id, 'admin@contoso.example', {
      [ids.L1.id]: ['administrator'],
      [ids.L2.id]: ['administrator'],
      [ids.E1.id]: ['administrator'],
      [ids.E2.id]: ['administrator'],
    });
    adminApi = api(t.app, await signIn(t.app, 'admin@contoso.example', TEST_PASSWORD));
  });
  afterAll(() => t.close());

  it('an account of the admin’s tenant gets the roles at once, e-mailed and audited; the admin gets a confirmation', async () => {
    const email = `${unique('bo')}@contoso.example`;
    const bo = await createAccount(t.db.db, { tenantId: contosoTenantId, signInName: email });
    const lookup = await adminApi.call('GET', `/api/v1/vl/user-lookup?email=${encodeURIComponent(email)}`);
    expect(lookup.json()).toMatchObject({ match: 'tenant-account', internal: true });

    const response = await adminApi.assign({
      email,
      assignments: [{ licenseIdNumber: ids.L1.number, roles: ['product-keys-reader', 'license-position-reader'] }],
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().outcomes).toEqual([
      {
        licenseIdNumber: ids.L1.number,
        before: [],
        after: ['license-position-reader', 'product-keys-reader'],
        action: 'roles-changed',
      },
    ]);
    // Effective on the very next request.
    const boApi = api(t.app, await signIn(t.app, email, TEST_PASSWORD));
    expect((await boApi.contracts()).map((c) => [c.licenseIdNumber, c.roles])).toEqual([
      [ids.L1.number, ['license-position-reader', 'product-keys-reader']],
    ]);
    const mails = await outbox(t.db.db, email);
    expect(mails.map((m) => m.kind)).toEqual(['vl-permission-change']);
    expect(mails[0]!.textBody).toContain(ids.L1.number);
    const confirmation = (await outbox(t.db.db, 'admin@contoso.example')).filter(
      (m) => m.kind === 'vl-assignment-confirmation' && m.textBody.includes(email),
    );
    expect(confirmation).toHaveLength(1);
    const [audit] = await t.db.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'vl_role.changed'), eq(auditLog.licenseIdNumber, ids.L1.number)))
      .orderBy(sql`${auditLog.id} desc`)
      .limit(1);
    expect(audit).toMatchObject({ actorAccountId: adminAccountId });
    expect(audit!.details).toMatchObject({
      businessEmail: email,
      before: [],
      after: ['license-position-reader', 'product-keys-reader'],
    });
    expect(bo.id).toBeTruthy();
  });

  it('an unknown address needs an explicit confirm, then gets an invitation; registering grants its roles', async () => {
    const email = `${unique('ext')}@fabrikam.example`;
    const body = { email, assignments: [{ licenseIdNumber: ids.L1.number, roles: ['product-keys-reader'] }] };
    const refused = await adminApi.assign(body);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({
      code: 'vl_users.external_confirmation_required',
      fields: [{ name: 'body.confirmExternal' }],
    });
    expect(await t.db.db.select().from(invitations).where(eq(invitations.businessEmail, email))).toEqual([]);

    const ok = await adminApi.assign({ ...body, confirmExternal: true });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().outcomes[0].action).toBe('invitation-sent');
    // Editing the invited address's roles later needs no second confirmation.
    const edited = await adminApi.assign({
      email,
      assignments: [{ licenseIdNumber: ids.L1.number, roles: ['product-keys-reader', 'benefits-reader'] }],
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().outcomes[0].action).toBe('invitation-updated');
    const updateMails = (await outbox(t.db.db, email)).filter((m) => m.kind === 'invitation');
    expect(updateMails).toHaveLength(2);
    expect(invitationTokenOf(updateMails[1]!)).toBe(invitationTokenOf(updateMails[0]!));
    expect(updateMails[1]!.textBody).toContain('Benefits reader');
    const reverted = await adminApi.assign(body);
    expect(reverted.json().outcomes[0].action).toBe('invitation-updated');
    const [mail] = (await outbox(t.db.db, email)).filter((m) => m.kind === 'invitation');
    const token = invitationTokenOf(mail!);

    const person = await createAccount(t.db.db, { tenantId: otherTenantId, signInName: email });
    const personSession = await signIn(t.app, email, TEST_PASSWORD);
    const redeemed = await t.app.inject({
      method: 'POST',
      url: `/api/v1/invitations/${token}/redeem`,
      headers: personSession.headers,
    });
    expect(redeemed.statusCode, redeemed.body).toBe(200);
    const personApi = api(t.app, personSession);
    expect((await personApi.contracts()).map((c) => [c.licenseIdNumber, c.roles])).toEqual([
      [ids.L1.number, ['product-keys-reader']],
    ]);
    // …and is refused the role assignment pages.
    expect((await personApi.users()).statusCode).toBe(403);
    expect((await personApi.users()).json().code).toBe('vl_users.not_an_administrator');
    const listed = (await adminApi.call('GET', `/api/v1/vl/users/${encodeURIComponent(email)}`)).json();
    expect(listed).toMatchObject({ status: 'active', internal: false, signInName: email });
    expect(person.id).toBeTruthy();
  });

  it('enterprise-style programs refuse unknown sign-in IDs and add a work account by its sign-in ID', async () => {
    const unknown = `${unique('nobody')}@fabrikam.example`;
    const refused = await adminApi.assign({
      email: unknown,
      confirmExternal: true,
      assignments: [{ licenseIdNumber: ids.E1.number, roles: ['benefits-reader'] }],
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'vl_users.unknown_sign_in_id', fields: [{ name: 'body.email' }] });
    expect((await outbox(t.db.db, unknown)).length).toBe(0);

    const known = `${unique('carol')}@fabrikam.example`;
    await createAccount(t.db.db, { tenantId: otherTenantId, signInName: known });
    const noConfirm = await adminApi.assign({
      email: known,
      assignments: [{ licenseIdNumber: ids.E1.number, roles: ['benefits-reader'] }],
    });
    expect(noConfirm.json().code).toBe('vl_users.external_confirmation_required');
    const ok = await adminApi.assign({
      email: known,
      confirmExternal: true,
      assignments: [{ licenseIdNumber: ids.E1.number, roles: ['benefits-reader'] }],
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().outcomes[0]).toMatchObject({ action: 'roles-changed', after: ['benefits-reader'] });
    expect(await directRoles(t, known, ids.E1.id)).toEqual(['benefits-reader']);
    expect((await outbox(t.db.db, known)).map((m) => m.kind)).toEqual(['vl-permission-change']);
  });

  it('invoice reader is refused to an administrator on non-enterprise programs only', async () => {
    const email = `${unique('inv')}@contoso.example`;
    await createAccount(t.db.db, { tenantId: contosoTenantId, signInName: email });
    const refused = await adminApi.assign({
      email,
      assignments: [{ licenseIdNumber: ids.L1.number, roles: ['administrator', 'invoice-reader'] }],
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({
      code: 'vl_users.role_conflict',
      fields: [{ name: 'body.assignments.0.roles' }],
    });
    const ok = await adminApi.assign({
      email,
      assignments: [{ licenseIdNumber: ids.E1.number, roles: ['administrator', 'invoice-reader'] }],
    });
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it('a License ID the admin does not administer is not found, and nothing of the save happens', async () => {
    const email = `${unique('atomic')}@contoso.example`;
    await createAccount(t.db.db, { tenantId: contosoTenantId, signInName: email });
    const before = await queryRows<{ n: number }>(t.db.db, sql`select count(*)::int as n from vl_role_assignments`);
    const response = await adminApi.assign({
      email,
      assignments: [
        { licenseIdNumber: ids.L1.number, roles: ['benefits-reader'] },
        { licenseIdNumber: ids.X.number, roles: ['benefits-reader'] },
      ],
    });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({
      code: 'license_id.not_found',
      fields: [{ name: 'body.assignments.1.licenseIdNumber' }],
    });
    const after = await queryRows<{ n: number }>(t.db.db, sql`select count(*)::int as n from vl_role_assignments`);
    expect(after[0]!.n).toBe(before[0]!.n);
    expect(await t.db.db.select().from(vlProfiles).where(eq(vlProfiles.businessEmail, email))).toEqual([]);
  });

  it('bad input names the field', async () => {
    for (const [body, field] of [
      [{ email: 'not-an-address', assignments: [{ licenseIdNumber: ids.L1.number, roles: [] }] }, 'body.email'],
      [{ email: 'a@contoso.example', assignments: [] }, 'body.assignments'],
      [
        { email: 'a@contoso.example', assignments: [{ licenseIdNumber: ids.L1.number, roles: ['root'] }] },
        'body.assignments.0.roles.0',
      ],
      [
        { email: 'a@contoso.example', assignments: [{ licenseIdNumber: 'x', roles: [] }] },
        'body.assignments.0.licenseIdNumber',
      ],
      [
        { email: 'a@contoso.example', assignments: [{ licenseIdNumber: ids.L1.number, roles: [] }], extra: 1 },
        'body.extra',
      ],
    ] as const) {
      const response = await adminApi.assign(body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().code).toBe('request.invalid');
      expect(response.json().fields.map((f: { name: string }) => f.name)).toContain(field);
    }
    expect((await adminApi.users('?cursor=nonsense')).statusCode).toBe(400);
    expect((await adminApi.call('GET', '/api/v1/vl/user-lookup?email=nope')).statusCode).toBe(400);
    expect((await adminApi.call('GET', '/api/v1/vl/users/not-an-address')).statusCode).toBe(400);
    expect((await adminApi.call('PATCH', '/api/v1/vl/preferences', { displayName: ' ' })).statusCode).toBe(400);
    const wrongSource = await adminApi.call('POST', `/api/v1/vl/license-ids/${ids.E1.number}/import-roles`, {
      sourceLicenseIdNumber: 'lower-case',
    });
    expect(wrongSource.statusCode).toBe(400);
  });

  it('the last administrator cannot remove their own Administrator role; with a second one they can', async () => {
    const created = await createLicenseId(t.app, partner, licenseIdBody(orgId));
    const solo = `${unique('solo')}@contoso.example`;
    const soloAccount = await createAccount(t.db.db, { tenantId: contosoTenantId, signInName: solo });
    await grant(t, soloAccount.id, solo, { [created.licenseId.id]: ['administrator'] });
    const soloApi = api(t.app, await signIn(t.app, solo, TEST_PASSWORD));
    expect((await soloApi.contracts())[0]).toMatchObject({ administratorCount: 1 });

    const refused = await soloApi.assign({
      email: solo,
      assignments: [{ licenseIdNumber: created.licenseId.number, roles: ['license-position-reader'] }],
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('vl_users.last_administrator');
    expect(await directRoles(t, solo, created.licenseId.id)).toEqual(['administrator']);

    const second = `${unique('second')}@contoso.example`;
    await createAccount(t.db.db, { tenantId: contosoTenantId, signInName: second });
    expect(
      (
        await soloApi.assign({
          email: second,
          assignments: [{ licenseIdNumber: created.licenseId.number, roles: ['administrator'] }],
        })
      ).statusCode,
    ).toBe(200);
    expect((await soloApi.contracts())[0]).toMatchObject({ administratorCount: 2 });
    const ok = await soloApi.assign({
      email: solo,
      assignments: [{ licenseIdNumber: created.licenseId.number, roles: ['license-position-reader'] }],
    });
    expect(ok.statusCode, ok.body).toBe(200);
    // No longer an administrator: the role assignment pages refuse at once.
    expect((await soloApi.users()).statusCode).toBe(403);
  });

  it('a tenant global administrator gets nothing from that role', async () => {
    const ga = `${unique('ga')}@contoso.example`;
    await createAccount(t.db.db, { tenantId: contosoTenantId, signInName: ga, isGlobalAdmin: true });
    const gaApi = api(t.app, await signIn(t.app, ga, TEST_PASSWORD));
    expect(await gaApi.contracts()).toEqual([]);
    expect((await gaApi.users()).statusCode).toBe(403);
    expect((await gaApi.call('GET', '/api/v1/vl/administered-license-ids')).json()).toEqual({ items: [] });
    expect(
      (
        await gaApi.call('POST', `/api/v1/vl/license-ids/${ids.E1.number}/import-roles`, {
          sourceLicenseIdNumber: ids.E2.number,
        })
      ).statusCode,
    ).toBe(404);
  });

  it('manage users: statuses, search, paging; resend keeps the link, reset replaces it', async () => {
    const tag = unique('st');
    const invitee = (n: string) => `${tag}-${n}@fabrikam.example`;
    for (const n of ['a', 'b', 'c']) {
      const r = await adminApi.assign({
        email: invitee(n),
        confirmExternal: true,
        assignments: [{ licenseIdNumber: ids.L2.number, roles: ['benefits-reader'] }],
      });
      expect(r.statusCode, r.body).toBe(200);
    }
    // b: its e-mail bounced; c: expired (issued long ago).
    const [bInvitation] = await t.db.db
      .select()
      .from(invitations)
      .where(eq(invitations.businessEmail, invitee('b')));
    await t.db.db
      .update(mailMessages)
      .set({ state: 'failed' })
      .where(and(eq(mailMessages.recipient, invitee('b')), eq(mailMessages.subjectId, bInvitation!.id)));
    await t.db.db
      .update(invitations)
      .set({ expiresAt: new Date(t.clock.now().getTime() - DAY) })
      .where(eq(invitations.businessEmail, invitee('c')));

    const page1 = (await adminApi.users(`?q=${tag}&limit=2`)).json();
    expect(page1.items.map((u: { businessEmail: string }) => u.businessEmail)).toEqual([invitee('a'), invitee('b')]);
    const page2 = (await adminApi.users(`?q=${tag}&limit=2&cursor=${page1.nextCursor}`)).json();
    expect(page2.items.map((u: { businessEmail: string }) => u.businessEmail)).toEqual([invitee('c')]);
    expect(page2.nextCursor).toBeNull();
    expect([...page1.items, ...page2.items].map((u: { status: string }) => u.status)).toEqual([
      'invitation-sent',
      'failed',
      'invitation-expired',
    ]);

    // Resend: the same link again. An expired one cannot be resent, only reset.
    const [firstMail] = (await outbox(t.db.db, invitee('a'))).filter((m) => m.kind === 'invitation');
    const resent = await adminApi.call('POST', `/api/v1/vl/users/${invitee('a')}/invitations/resend`, {});
    expect(resent.statusCode, resent.body).toBe(200);
    const aMails = (await outbox(t.db.db, invitee('a'))).filter((m) => m.kind === 'invitation');
    expect(aMails).toHaveLength(2);
    expect(invitationTokenOf(aMails[1]!)).toBe(invitationTokenOf(firstMail!));
    const expiredResend = await adminApi.call('POST', `/api/v1/vl/users/${invitee('c')}/invitations/resend`, {});
    expect(expiredResend.statusCode).toBe(409);
    expect(expiredResend.json().code).toBe('vl_users.no_open_invitation');

    // Reset: a new link, the old one dead, a new expiry.
    const oldToken = invitationTokenOf((await outbox(t.db.db, invitee('c'))).find((m) => m.kind === 'invitation')!);
    const reset = await adminApi.call('POST', `/api/v1/vl/users/${invitee('c')}/invitations/reset`, {
      licenseIdNumber: ids.L2.number,
    });
    expect(reset.statusCode, reset.body).toBe(200);
    expect(reset.json()).toEqual({ email: invitee('c'), licenseIdNumbers: [ids.L2.number] });
    const cMails = (await outbox(t.db.db, invitee('c'))).filter((m) => m.kind === 'invitation');
    const newToken = invitationTokenOf(cMails[cMails.length - 1]!);
    expect(newToken).not.toBe(oldToken);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/invitations/${oldToken}` })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/invitations/${newToken}` })).json().state).toBe(
      'pending',
    );
    expect((await adminApi.call('GET', `/api/v1/vl/users/${invitee('c')}`)).json().status).toBe('invitation-sent');

    // A disabled identity: user not found.
    const gone = `${tag}-gone@contoso.example`;
    const goneAccount = await createAccount(t.db.db, { tenantId: contosoTenantId, signInName: gone });
    await adminApi.assign({
      email: gone,
      assignments: [{ licenseIdNumber: ids.L2.number, roles: ['benefits-reader'] }],
    });
    await t.db.db.update(accounts).set({ disabledAt: t.clock.now() }).where(eq(accounts.id, goneAccount.id));
    expect((await adminApi.call('GET', `/api/v1/vl/users/${gone}`)).json()).toMatchObject({
      status: 'user-not-found',
      internal: true,
    });
  });

  it('delete removes the user’s roles and invitations only on License IDs the admin administers', async () => {
    const email = `${unique('del')}@contoso.example`;
    const account = await createAccount(t.db.db, { tenantId: contosoTenantId, signInName: email });
    await grant(t, account.id, email, {
      [ids.L1.id]: ['benefits-reader'],
      [ids.X.id]: ['license-position-reader'],
    });
    const response = await adminApi.call('DELETE', `/api/v1/vl/users/${email}`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ email, licenseIdNumbers: [ids.L1.number] });
    expect(await directRoles(t, email, ids.L1.id)).toEqual([]);
    expect(await directRoles(t, email, ids.X.id)).toEqual(['license-position-reader']);
    expect((await outbox(t.db.db, email)).at(-1)!.textBody).toContain('no longer have any role');
    const again = await adminApi.call('DELETE', `/api/v1/vl/users/${email}`);
    expect(again.statusCode).toBe(404);
    expect(again.json().code).toBe('vl_users.not_found');
  });

  it('import roles copies users and roles between enterprise-style License IDs the admin administers', async () => {
    const email = `${unique('imp')}@contoso.example`;
    const account = await createAccount(t.db.db, { tenantId: contosoTenantId, signInName: email });
    await grant(t, account.id, email, { [ids.E2.id]: ['product-download-manager'] });
    const url = `/api/v1/vl/license-ids/${ids.E1.number}/import-roles`;
    const response = await adminApi.call('POST', url, { sourceLicenseIdNumber: ids.E2.number });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().users).toContainEqual({ businessEmail: email, roles: ['product-download-manager'] });
    expect(await directRoles(t, email, ids.E1.id)).toEqual(['product-download-manager']);

    const notEnterprise = await adminApi.call('POST', `/api/v1/vl/license-ids/${ids.L1.number}/import-roles`, {
      sourceLicenseIdNumber: ids.L2.number,
    });
    expect(notEnterprise.statusCode).toBe(409);
    expect(notEnterprise.json().code).toBe('vl_users.import_roles_enterprise_only');
    const foreignSource = await adminApi.call('POST', url, { sourceLicenseIdNumber: ids.X.number });
    expect(foreignSource.statusCode).toBe(404);
    expect(foreignSource.json().fields).toEqual([
      { name: 'body.sourceLicenseIdNumber', message: 'is not a License ID you administer', rule: 'license_id_unknown' },
    ]);
  });
});

describe('inheritance, preferences and sync', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ env: { BASE_URL: 'http://vl.test' } });
  });
  afterAll(() => t.close());

  it('a parent agreement contact who opts in administers every child License ID, present and future', async () => {
    const partner = await createPartner(t.db.db);
    const orgId = await createOrganization(t.app, t.db.db, partner, { body: { name: 'Contoso Ltd' } });
    const tenant = await createTenant(t.db.db, { displayName: 'Contoso', domain: unique('c') + '.example' });
    const parentNumber = `P-${randomUUID().slice(0, 6).toUpperCase()}`;
    const child1 = await createLicenseId(t.app, partner, licenseIdBody(orgId, { parentAgreementNumber: parentNumber }));
    const [parent] = await t.db.db.select().from(parentAgreements).where(eq(parentAgreements.number, parentNumber));
    const boss = await createAccount(t.db.db, { tenantId: tenant.id, signInName: 'boss@contoso.example' });
    await grant(t, boss.id, 'boss@contoso.example', {});
    await t.db.db.insert(agreementContacts).values({
      parentAgreementId: parent!.id,
      kind: 'notices',
      name: 'Boss',
      email: 'boss@contoso.example',
    });
    const bossApi = api(t.app, await signIn(t.app, 'boss@contoso.example', TEST_PASSWORD));
    expect(await bossApi.contracts()).toEqual([]);
    const prefs = (await bossApi.call('GET', '/api/v1/vl/preferences')).json();
    expect(prefs.inheritance).toEqual([
      {
        parentAgreementNumber: parentNumber,
        organizationName: 'Contoso Ltd',
        businessEmail: 'boss@contoso.example',
        optedIn: false,
        childCount: 1,
      },
    ]);

    const optIn = await bossApi.call('PATCH', '/api/v1/vl/preferences', {
      inheritance: [{ parentAgreementNumber: parentNumber, optedIn: true }],
    });
    expect(optIn.statusCode, optIn.body).toBe(200);
    expect(optIn.json().inheritance[0].optedIn).toBe(true);
    const child2 = await createLicenseId(t.app, partner, licenseIdBody(orgId, { parentAgreementNumber: parentNumber }));
    const seen = await bossApi.contracts();
    expect(seen.map((c) => c.licenseIdNumber).sort()).toEqual(
      [child1.licenseId.number, child2.licenseId.number].sort(),
    );
    expect(seen.every((c) => c.inheritedRoles.includes('administrator') && c.roles.includes('administrator'))).toBe(
      true,
    );
    // An inherited administrator administers: they can assign roles on the children.
    const helper = `${unique('helper')}@contoso.example`;
    await createAccount(t.db.db, { tenantId: tenant.id, signInName: helper });
    const assigned = await bossApi.assign({
      email: helper,
      assignments: [{ licenseIdNumber: child2.licenseId.number, roles: ['administrator'] }],
    });
    expect(assigned.statusCode, assigned.body).toBe(200);
    // The helper, a direct administrator, sees the boss's role as inherited and cannot take it away.
    const helperApi = api(t.app, await signIn(t.app, helper, TEST_PASSWORD));
    const bossView = (await helperApi.call('GET', '/api/v1/vl/users/boss@contoso.example')).json();
    expect(bossView.licenseIds).toEqual([
      expect.objectContaining({
        licenseIdNumber: child2.licenseId.number,
        roles: [],
        inheritedRoles: ['administrator'],
      }),
    ]);
    const removal = await helperApi.assign({
      email: 'boss@contoso.example',
      assignments: [{ licenseIdNumber: child2.licenseId.number, roles: [] }],
    });
    expect(removal.json().outcomes[0].action).toBe('unchanged');
    expect((await bossApi.contracts()).map((c) => c.licenseIdNumber)).toContain(child2.licenseId.number);

    // Opting out ends it at once; someone who is no contact of the parent cannot opt in.
    await bossApi.call('PATCH', '/api/v1/vl/preferences', {
      inheritance: [{ parentAgreementNumber: parentNumber, optedIn: false }],
    });
    expect(await bossApi.contracts()).toEqual([]);
    const notContact = await helperApi.call('PATCH', '/api/v1/vl/preferences', {
      inheritance: [{ parentAgreementNumber: parentNumber, optedIn: true }],
    });
    expect(notContact.statusCode).toBe(404);
    expect(notContact.json()).toMatchObject({
      code: 'vl_users.parent_agreement_not_found',
      fields: [{ name: 'body.inheritance.0.parentAgreementNumber' }],
    });
    const audits = await t.db.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(sql`${auditLog.action} like 'vl_inheritance.%'`);
    expect(audits.map((a) => a.action)).toEqual(['vl_inheritance.opted_in', 'vl_inheritance.opted_out']);
  });

  it('registration and Sync permissions take up every open invitation for the business e-mail', async () => {
    const partner = await createPartner(t.db.db);
    const orgId = await createOrganization(t.app, t.db.db, partner, { body: { name: 'Sync Co' } });
    const tenant = await createTenant(t.db.db, { displayName: 'Sync', domain: 'sync.example' });
    const email = 'dana@sync.example';
    const contacts = [{ kind: 'primary', name: 'Dana', email }];
    const a = await createLicenseId(t.app, partner, licenseIdBody(orgId, { contacts }));
    const b = await createLicenseId(t.app, partner, licenseIdBody(orgId, { contacts }));
    const mails = await outbox(t.db.db, email);
    const tokenOf = (number: string) =>
      invitationTokenOf(mails.find((m) => m.kind === 'invitation' && m.textBody.includes(number))!);
    await createAccount(t.db.db, { tenantId: tenant.id, signInName: email });
    const session = await signIn(t.app, email, TEST_PASSWORD);
    const redeem = await t.app.inject({
      method: 'POST',
      url: `/api/v1/invitations/${tokenOf(a.licenseId.number)}/redeem`,
      headers: session.headers,
    });
    expect(redeem.statusCode, redeem.body).toBe(200);
    const danaApi = api(t.app, session);
    expect((await danaApi.contracts()).map((c) => c.licenseIdNumber).sort()).toEqual(
      [a.licenseId.number, b.licenseId.number].sort(),
    );

    // Added by an administrator later (an invitation, since the address was not registered then): Sync takes it up.
    const c = await createLicenseId(t.app, partner, licenseIdBody(orgId));
    await t.db.db.insert(invitations).values({
      licenseIdId: c.licenseId.id,
      businessEmail: email,
      roles: ['benefits-reader'],
      tokenHash: randomUUID(),
      tokenEncrypted: 'unused',
      issuedAt: t.clock.now(),
      expiresAt: new Date(t.clock.now().getTime() + DAY),
    });
    const synced = await danaApi.call('POST', '/api/v1/vl/preferences/sync');
    expect(synced.statusCode, synced.body).toBe(200);
    expect(synced.json()).toEqual({ granted: [{ licenseIdNumber: c.licenseId.number, roles: ['benefits-reader'] }] });
    expect((await danaApi.call('POST', '/api/v1/vl/preferences/sync')).json()).toEqual({ granted: [] });

    const renamed = await danaApi.call('PATCH', '/api/v1/vl/preferences', { displayName: 'Dana Scully' });
    expect(renamed.json()).toMatchObject({
      profiles: [{ businessEmail: email, displayName: 'Dana Scully' }],
      signInName: email,
    });
    expect(
      renamed
        .json()
        .roles.map((r: { licenseIdNumber: string }) => r.licenseIdNumber)
        .sort(),
    ).toEqual([a.licenseId.number, b.licenseId.number, c.licenseId.number].sort());
  });
});

describe('ACCESS AT RISK and the cloud enforcement date', () => {
  it('a role held by an identity of another cloud is flagged, and from the enforcement date grants nothing', async () => {
    const before = await createTestApp({ env: { BASE_URL: 'http://vl.test' } });
    try {
      const partner = await createPartner(before.db.db);
      const orgId = await createOrganization(before.app, before.db.db, partner);
      const tenant = await createTenant(before.db.db, { displayName: 'Risky', domain: 'risky.example' });
      const gov = await createLicenseId(before.app, partner, licenseIdBody(orgId, { cloud: 'gov-high' }));
      const account = await createAccount(before.db.db, { tenantId: tenant.id, signInName: 'risk@risky.example' });
      await grant(before, account.id, 'risk@risky.example', { [gov.licenseId.id]: ['administrator'] });
      const riskApi = api(before.app, await signIn(before.app, 'risk@risky.example', TEST_PASSWORD));
      expect(await riskApi.contracts()).toEqual([
        expect.objectContaining({ licenseIdNumber: gov.licenseId.number, accessAtRisk: true }),
      ]);
      const view = (await riskApi.call('GET', '/api/v1/vl/users/risk@risky.example')).json();
      expect(view).toMatchObject({ accessAtRisk: true });

      const after = await createTestApp({
        db: before.db,
        env: { BASE_URL: 'http://vl.test' },
        config: { cloudEnforcementDate: new Date('2026-01-01T00:00:00Z') },
      });
      try {
        const enforcedApi = api(after.app, await signIn(after.app, 'risk@risky.example', TEST_PASSWORD));
        expect(await enforcedApi.contracts()).toEqual([]);
        expect((await enforcedApi.users()).statusCode).toBe(403);
      } finally {
        await after.close();
      }
    } finally {
      await before.close();
    }
  });
});
