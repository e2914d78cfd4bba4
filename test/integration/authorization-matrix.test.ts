// The authorization matrix (issue 5, SPEC §4): every API route, called as every persona, answers allow or deny as the
// route's declared access and the role matrix say — derived here from `app.routeTable` and `capabilitiesOf`, never
// listed per persona by hand. A route without an entry in ROUTES (or an entry for a route that is gone) fails.
//
// The world, made through the partner API: organization Contoso Ltd with License IDs A and B (Select Plus) under
// parent agreement P, whose Primary contact registered from the welcome e-mails; Fabrikam Inc with License ID C
// (Enterprise). Personas: signed out; Fabrikam's VL user (roles on C only); a holder of each of the seven roles on A
// only; an inherited administrator (a Primary contact of P who opted in under Preferences); Contoso's tenant global
// administrator (no VL roles); the partner by API token and by partner-console account; an operator.
//
// Deny: 401 auth.required signed out; 404 for what does not exist for the caller (operator, partner and other
// tenants' routes: not_found; a License ID without the capability: license_id.not_found); 403
// vl_users.not_an_administrator on the administrators' routes for callers who administer nothing (audit.not_allowed on
// the audit log, which operators read too). Allow: anything that is not such a denial, and each entry says which answer
// a real call gets. Then, per persona, the content of the lists: contracts, administered License IDs, orders, the CSV
// exports, the access check and the audit log hold exactly the License IDs the roles allow.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accounts,
  agreementContacts,
  domains,
  licenseSummaryReports,
  notifications,
  parentAgreements,
  partnerTokens,
} from '../../src/db/schema.js';
import {
  capabilitiesOf,
  VL_ROLES,
  type ProgramTraits,
  type VlCapability,
  type VlRole,
} from '../../src/domain/vl-roles.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createAccount, createTenant, TEST_PASSWORD } from '../helpers/builders.js';
import {
  contact,
  createLicenseId,
  createOrganization,
  createPartner,
  invitationTokenOf,
  licenseIdBody,
  nextLicenseIdNumber,
  orderBody,
  organizationBody,
  outbox,
} from '../helpers/partner.js';
import {
  addParentAgreementContact,
  createVlUser,
  grantRoles,
  nextIp,
  signInFrom,
  unique,
  type Session,
} from '../helpers/vl-world.js';

type LicenseKey = 'A' | 'B' | 'C';
const PROGRAMS: Record<LicenseKey, { id: string; traits: ProgramTraits }> = {
  A: { id: 'select-plus', traits: { enterpriseStyle: false } },
  B: { id: 'select-plus', traits: { enterpriseStyle: false } },
  C: { id: 'enterprise', traits: { enterpriseStyle: true } },
};
const LICENSE_KEYS = Object.keys(PROGRAMS) as LicenseKey[];

type Persona = {
  name: string;
  /** signs in with this account (Contoso's tenant unless the address says otherwise) */
  login?: string;
  /** calls with the partner's API token */
  bearer?: true;
  partnerConsole?: true;
  operator?: true;
  /** global administrator of Contoso's tenant: the tenant the tenant-admin routes are called for */
  globalAdmin?: true;
  /** every role held, direct or inherited, per License ID */
  roles: Partial<Record<LicenseKey, VlRole[]>>;
  /** the roles held only through inheritance */
  inherited: Partial<Record<LicenseKey, VlRole[]>>;
};

const OWNER = 'owner@contoso.example';
const HEIR = 'heir@contoso.example';
const BYSTANDERS: Record<'A' | 'B', string> = { A: 'bystander-a@contoso.example', B: 'bystander-b@contoso.example' };

const PERSONAS: Persona[] = [
  { name: 'signed out', roles: {}, inherited: {} },
  {
    name: 'VL user of another organization',
    login: 'admin@fabrikam.example',
    roles: { C: ['administrator', 'license-position-reader'] },
    inherited: {},
  },
  ...VL_ROLES.map((role) => ({
    name: `${role} on A`,
    login: `${role}@contoso.example`,
    roles: { A: [role] },
    inherited: {},
  })),
  {
    name: 'inherited administrator',
    login: HEIR,
    roles: { A: ['administrator'], B: ['administrator'] },
    inherited: { A: ['administrator'], B: ['administrator'] },
  },
  {
    name: 'tenant global administrator',
    login: 'globaladmin@contoso.example',
    globalAdmin: true,
    roles: {},
    inherited: {},
  },
  { name: 'partner (API token)', bearer: true, roles: {}, inherited: {} },
  {
    name: 'partner (console account)',
    login: 'console@northwind.example',
    partnerConsole: true,
    roles: {},
    inherited: {},
  },
  { name: 'operator', login: 'operator@publisher.example', operator: true, roles: {}, inherited: {} },
];

const capabilitiesOn = (persona: Persona, key: LicenseKey) =>
  capabilitiesOf(persona.roles[key] ?? [], PROGRAMS[key].traits);
const administers = (persona: Persona) =>
  LICENSE_KEYS.filter((key) => capabilitiesOn(persona, key).includes('vl-users.manage'));

// ---------------------------------------------------------------- the world

type World = Awaited<ReturnType<typeof buildWorld>>;

async function buildWorld(t: TestApp) {
  const db = t.db.db;
  const partner = await createPartner(db, 'Northwind');
  const [contoso, fabrikam, northwind, publisher] = [
    await createTenant(db, { displayName: 'Contoso', domain: 'contoso.example' }),
    await createTenant(db, { displayName: 'Fabrikam', domain: 'fabrikam.example' }),
    await createTenant(db, { displayName: 'Northwind Traders', domain: 'northwind.example' }),
    await createTenant(db, { displayName: 'Publisher', domain: 'publisher.example' }),
  ];
  const contosoOrg = await createOrganization(t.app, db, partner, {
    body: { name: 'Contoso Ltd', pcns: [`PCN-${unique()}`] },
  });
  const fabrikamOrg = await createOrganization(t.app, db, partner, {
    body: { name: 'Fabrikam Inc', pcns: [`PCN-${unique()}`] },
  });
  const parentNumber = nextLicenseIdNumber('P');
  const licenses = {} as Record<LicenseKey, { id: string; number: string }>;
  for (const key of ['A', 'B'] as const) {
    const created = await createLicenseId(
      t.app,
      partner,
      licenseIdBody(contosoOrg, {
        programId: PROGRAMS[key].id,
        parentAgreementNumber: parentNumber,
        contacts: [contact('primary', OWNER, 'Olivia Owner')],
      }),
    );
    licenses[key] = created.licenseId;
  }
  licenses.C = (
    await createLicenseId(t.app, partner, licenseIdBody(fabrikamOrg, { programId: PROGRAMS.C.id }))
  ).licenseId;
  const [parent] = await db
    .select({ id: parentAgreements.id })
    .from(parentAgreements)
    .where(eq(parentAgreements.number, parentNumber));
  const order = await t.app.inject({
    method: 'POST',
    url: '/api/v1/partner/orders',
    headers: partner.headers,
    payload: orderBody(licenses.A.number),
  });
  expect(order.statusCode, order.body).toBe(201);
  for (const key of ['B', 'C'] as const) {
    const more = await t.app.inject({
      method: 'POST',
      url: '/api/v1/partner/orders',
      headers: partner.headers,
      payload: orderBody(licenses[key].number),
    });
    expect(more.statusCode, more.body).toBe(201);
  }

  // The Primary contact registers from a welcome e-mail (which takes up the other one too): administrator of A and B,
  // as in production.
  await createAccount(db, { tenantId: contoso.id, signInName: OWNER, displayName: 'Olivia Owner' });
  const owner = await signInFrom(t.app, OWNER, TEST_PASSWORD);
  const welcomes = (await outbox(db, OWNER)).filter((m) => m.kind === 'invitation');
  expect(welcomes).toHaveLength(2);
  const redeemed = await t.app.inject({
    method: 'POST',
    url: `/api/v1/invitations/${invitationTokenOf(welcomes[0]!)}/redeem`,
    headers: owner.headers,
    remoteAddress: nextIp(),
  });
  expect(redeemed.statusCode, redeemed.body).toBe(200);
  const administered = await t.app.inject({
    method: 'GET',
    url: '/api/v1/vl/administered-license-ids',
    headers: owner.headers,
  });
  expect(administered.json<{ items: { licenseIdNumber: string }[] }>().items.map((l) => l.licenseIdNumber)).toEqual(
    [licenses.A.number, licenses.B.number].sort(),
  );

  // The personas' accounts, VL profiles and direct roles.
  const tenantOf = (login: string) =>
    ({ 'contoso.example': contoso, 'fabrikam.example': fabrikam, 'northwind.example': northwind })[
      login.split('@')[1]!
    ] ?? publisher;
  for (const persona of PERSONAS.filter((p) => p.login !== undefined)) {
    const login = persona.login!;
    const tenantId = tenantOf(login).id;
    if (Object.keys(persona.roles).length === 0) {
      await createAccount(db, {
        tenantId,
        signInName: login,
        isGlobalAdmin: persona.globalAdmin === true,
        isOperator: persona.operator === true,
        partnerId: persona.partnerConsole ? partner.id : null,
      });
      continue;
    }
    const user = await createVlUser(db, { tenantId, signInName: login, displayName: persona.name });
    for (const key of LICENSE_KEYS) {
      const direct = (persona.roles[key] ?? []).filter((r) => !(persona.inherited[key] ?? []).includes(r));
      await grantRoles(db, { vlProfileId: user.profiles[0]!.id, licenseIdId: licenses[key].id, roles: direct });
    }
  }
  for (const key of ['A', 'B'] as const) {
    const user = await createVlUser(db, { tenantId: contoso.id, signInName: BYSTANDERS[key] });
    await grantRoles(db, {
      vlProfileId: user.profiles[0]!.id,
      licenseIdId: licenses[key].id,
      roles: ['benefits-reader'],
    });
  }
  await createAccount(db, { tenantId: contoso.id, signInName: 'walk-in@contoso.example' });

  const sessions = new Map<string, Session>();
  for (const persona of PERSONAS) {
    if (persona.login) sessions.set(persona.name, await signInFrom(t.app, persona.login, TEST_PASSWORD));
  }

  const product = await t.app.inject({
    method: 'POST',
    url: '/api/v1/operator/products',
    headers: sessions.get('operator')!.headers,
    payload: {
      family: 'Office',
      name: 'Office LTSC Professional Plus',
      version: '2024',
      pool: 'applications',
      needsKey: true,
    },
  });
  expect(product.statusCode, product.body).toBe(201);

  // The inherited administrator: Primary contact of P, opted in under Preferences.
  await addParentAgreementContact(db, {
    parentAgreementId: parent!.id,
    kind: 'primary',
    email: HEIR,
    name: 'Hana Heir',
  });
  const heir = sessions.get('inherited administrator')!;
  const optedIn = await t.app.inject({
    method: 'PATCH',
    url: '/api/v1/vl/preferences',
    headers: heir.headers,
    payload: { inheritance: [{ parentAgreementNumber: parentNumber, optedIn: true }] },
  });
  expect(optedIn.statusCode, optedIn.body).toBe(200);
  expect(optedIn.json().inheritance).toEqual([
    expect.objectContaining({ parentAgreementNumber: parentNumber, optedIn: true }),
  ]);

  return {
    partner,
    contoso,
    contosoOrg,
    fabrikamOrg,
    parentNumber,
    licenses,
    order: order.json<{ id: string }>(),
    product: product.json<{ id: string }>(),
    owner,
    sessions,
  };
}

// ---------------------------------------------------------------- how to call each route

type Ctx = { t: TestApp; w: World; persona: Persona; probe: LicenseKey | undefined };
type Call = { params?: Record<string, string>; query?: Record<string, string>; body?: unknown };
type Entry = {
  /**
   * The VL administrators' routes without :licenseIdNumber: only a caller who administers some License ID may use
   * them (others: 403 vl_users.not_an_administrator). `scoped`: the call is about License ID `probe` (A, then B),
   * and an administrator of other License IDs only gets the 404 `outOfScope`.
   */
  administrators?: ({ scoped: false } | { scoped: true; outOfScope: string }) & {
    /** the refusal of a caller who administers nothing, when not vl_users.not_an_administrator */
    refusal?: string;
    /** operators may call it too, administrators or not */
    operatorsToo?: true;
  };
  /**
   * The call names License ID `probe` (A, then B) in its query or body, and needs this capability on it: without it
   * the License ID does not exist for the caller (404 license_id.not_found), as on a `licenseIdCapability` route.
   */
  licenseIdIn?: VlCapability;
  /** call with a session of its own: the call ends the session it is given */
  ownSession?: true;
  /** what an allowed call answers */
  allow: { status: number; code?: string };
  call(ctx: Ctx): Call | Promise<Call>;
};

const number = (ctx: Ctx, key: LicenseKey = ctx.probe!) => ctx.w.licenses[key].number;
const other = (key: LicenseKey): LicenseKey => (key === 'A' ? 'B' : 'A');
const tenantId = (ctx: Ctx) => ({ tenantId: ctx.w.contoso.id });
const UNKNOWN_TOKEN = 'x'.repeat(43);
const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';

/** The persona's own account id (signed-out and token personas have none: their calls are refused before use). */
async function ownAccountId(ctx: Ctx): Promise<string | undefined> {
  if (!ctx.persona.login) return undefined;
  const [row] = await ctx.t.db.db
    .select({ id: accounts.id })
    .from(accounts)
    .where(eq(accounts.signInName, ctx.persona.login));
  return row?.id;
}

/** A license summary report of the persona's own: only its owner may read it. */
async function ownReport(ctx: Ctx, state: 'queued' | 'ready' = 'queued'): Promise<string> {
  const accountId = await ownAccountId(ctx);
  if (!accountId) return NO_SUCH_ID;
  const now = ctx.t.clock.now();
  const ready = state === 'ready' ? { result: { licenseIdNumbers: [], items: [] }, completedAt: now } : {};
  const [row] = await ctx.t.db.db
    .insert(licenseSummaryReports)
    .values({ accountId, licenseIdNumbers: [], state, createdAt: now, ...ready })
    .returning({ id: licenseSummaryReports.id });
  return row!.id;
}

/** An unread notice of the persona's own. */
async function ownNotification(ctx: Ctx): Promise<string> {
  const accountId = await ownAccountId(ctx);
  if (!accountId) return '1';
  const [row] = await ctx.t.db.db
    .insert(notifications)
    .values({ accountId, kind: 'license-summary.ready', params: {}, link: '/', createdAt: ctx.t.clock.now() })
    .returning({ id: notifications.id });
  return String(row!.id);
}

/** A user with a role on License ID `probe` (A or B) only, nobody else needs: a target to delete. */
async function throwawayVlUser(ctx: Ctx) {
  const email = `leaver-${unique()}@contoso.example`;
  const user = await createVlUser(ctx.t.db.db, { tenantId: ctx.w.contoso.id, signInName: email });
  await grantRoles(ctx.t.db.db, {
    vlProfileId: user.profiles[0]!.id,
    licenseIdId: ctx.w.licenses[ctx.probe!].id,
    roles: ['benefits-reader'],
  });
  return email;
}

/** An address with a fresh invitation on License ID `probe`, sent by its owner through Role assignments. */
const SUPPORT_REQUEST_BODY = { category: 'other', subject: 'Matrix', description: 'A question.' };

/** A new support request opened by `session` (its owner); without a session, a number that is nobody's. */
async function supportRequestOf(ctx: Ctx, session: Session | undefined): Promise<string> {
  if (!session) return '999999999';
  const response = await ctx.t.app.inject({
    method: 'POST',
    url: '/api/v1/support/requests',
    headers: session.headers,
    payload: SUPPORT_REQUEST_BODY,
    remoteAddress: nextIp(),
  });
  expect(response.statusCode, response.body).toBe(201);
  return String(response.json<{ id: number }>().id);
}

async function throwawayInvitation(ctx: Ctx) {
  const email = `guest-${unique()}@external.example`;
  const response = await ctx.t.app.inject({
    method: 'POST',
    url: '/api/v1/vl/role-assignments',
    headers: ctx.w.owner.headers,
    payload: {
      email,
      confirmExternal: true,
      assignments: [{ licenseIdNumber: number(ctx), roles: ['product-keys-reader'] }],
    },
  });
  expect(response.statusCode, response.body).toBe(200);
  return email;
}

/**
 * A new VL profile request an operator can approve: a Signatory contact of License ID A (no default roles) asks,
 * signed in with a Contoso work account of their own, for a profile. Returns the support request's number (made for
 * the operator persona only).
 */
async function throwawayVlProfileRequest(ctx: Ctx): Promise<string> {
  // Only an operator gets past the access check: the others are refused before the number is looked at.
  if (!ctx.persona.operator) return '1';
  const email = `signatory-${unique()}@contoso.example`;
  await ctx.t.db.db
    .insert(agreementContacts)
    .values({ licenseIdId: ctx.w.licenses.A.id, kind: 'signatory', name: 'Sam Signatory', email });
  await createAccount(ctx.t.db.db, { tenantId: ctx.w.contoso.id, signInName: email });
  const session = await signInFrom(ctx.t.app, email, TEST_PASSWORD);
  const response = await ctx.t.app.inject({
    method: 'POST',
    url: '/api/v1/vl-profile-requests',
    headers: session.headers,
    payload: { kind: 'create', businessEmail: email, licenseIdNumbers: [number(ctx, 'A')] },
    remoteAddress: nextIp(),
  });
  expect(response.statusCode, response.body).toBe(201);
  return String(response.json<{ supportRequestId: number }>().supportRequestId);
}

const ROUTES: Record<string, Entry> = {
  // session
  'POST /api/v1/auth/sign-in': {
    ownSession: true, // signing in ends the session the browser presents
    allow: { status: 200 },
    call: () => ({ body: { login: 'walk-in@contoso.example', password: TEST_PASSWORD } }),
  },
  'POST /api/v1/auth/sign-out': { ownSession: true, allow: { status: 204 }, call: () => ({}) },
  'GET /api/v1/me': { allow: { status: 200 }, call: () => ({}) },
  'PUT /api/v1/me/preferences': { allow: { status: 200 }, call: () => ({ body: { navShowAll: false } }) },
  'GET /api/v1/openapi.json': { allow: { status: 200 }, call: () => ({}) },

  // sign-up and new tenants: a body the test does not fill is refused after the access check
  'POST /api/v1/auth/sign-up/code': { allow: { status: 400 }, call: () => ({ body: {} }) },
  'POST /api/v1/auth/sign-up': { allow: { status: 400 }, call: () => ({ body: {} }) },
  'POST /api/v1/tenants': { allow: { status: 400 }, call: () => ({ body: {} }) },

  // directory
  'GET /api/v1/realm': { allow: { status: 200 }, call: () => ({ query: { email: 'someone@contoso.example' } }) },
  'POST /api/v1/takeover/challenge': { allow: { status: 400 }, call: () => ({ body: {} }) },
  'POST /api/v1/takeover': { allow: { status: 400 }, call: () => ({ body: {} }) },
  'GET /api/v1/tenants/:tenantId/domains': { allow: { status: 200 }, call: (ctx) => ({ params: tenantId(ctx) }) },
  'POST /api/v1/tenants/:tenantId/domains': {
    allow: { status: 201 },
    call: (ctx) => ({ params: tenantId(ctx), body: { name: `d${unique()}.example` } }),
  },
  'POST /api/v1/tenants/:tenantId/domains/:domain/verify': {
    allow: { status: 200 },
    call: (ctx) => ({ params: { ...tenantId(ctx), domain: 'contoso.example' } }),
  },
  'DELETE /api/v1/tenants/:tenantId/domains/:domain': {
    allow: { status: 204 },
    call: async (ctx) => {
      const name = `gone-${unique()}.example`;
      await ctx.t.db.db
        .insert(domains)
        .values({ tenantId: ctx.w.contoso.id, name, state: 'unverified', verificationToken: unique() });
      return { params: { ...tenantId(ctx), domain: name } };
    },
  },
  'GET /api/v1/tenants/:tenantId/users': { allow: { status: 200 }, call: (ctx) => ({ params: tenantId(ctx) }) },
  'POST /api/v1/tenants/:tenantId/users': {
    allow: { status: 201 },
    call: (ctx) => ({
      params: tenantId(ctx),
      body: { userName: `hire${unique()}`, domain: 'contoso.example', displayName: 'New Hire' },
    }),
  },
  'POST /api/v1/tenants/:tenantId/users/:userId/password-reset': {
    allow: { status: 200 },
    call: async (ctx) => {
      const user = await createAccount(ctx.t.db.db, {
        tenantId: ctx.w.contoso.id,
        signInName: `forgetful-${unique()}@contoso.example`,
      });
      return { params: { ...tenantId(ctx), userId: user.id } };
    },
  },
  'PUT /api/v1/tenants/:tenantId/users/:userId/global-admin': {
    allow: { status: 200 },
    call: async (ctx) => {
      const user = await createAccount(ctx.t.db.db, {
        tenantId: ctx.w.contoso.id,
        signInName: `promoted-${unique()}@contoso.example`,
      });
      return { params: { ...tenantId(ctx), userId: user.id }, body: { isGlobalAdmin: true } };
    },
  },

  // operator console
  'GET /api/v1/operator/tenants': { allow: { status: 200 }, call: () => ({}) },
  'GET /api/v1/operator/tenants/:id': { allow: { status: 200 }, call: (ctx) => ({ params: { id: ctx.w.contoso.id } }) },
  'POST /api/v1/operator/takeovers/:id/undo': {
    allow: { status: 404, code: 'takeover.not_found' },
    call: () => ({ params: { id: NO_SUCH_ID } }),
  },
  'GET /api/v1/operator/organizations': { allow: { status: 200 }, call: () => ({}) },
  'POST /api/v1/operator/organizations/:id/approval': {
    allow: { status: 200 },
    call: async (ctx) => {
      const id = await createOrganization(ctx.t.app, ctx.t.db.db, ctx.w.partner, {
        approved: false,
        body: { name: 'Awaiting Approval', pcns: [`PCN-${unique()}`] },
      });
      return { params: { id }, body: { decision: 'approve' } };
    },
  },
  'GET /api/v1/operator/partners': { allow: { status: 200 }, call: () => ({}) },
  'POST /api/v1/operator/partners': {
    allow: { status: 201 },
    call: () => ({
      body: { name: 'Walk-in Partner', pcn: `PCN-${unique()}`, notificationEmail: 'ops@walkin.example' },
    }),
  },
  'GET /api/v1/operator/partners/:id': {
    allow: { status: 200 },
    call: (ctx) => ({ params: { id: ctx.w.partner.id } }),
  },
  'GET /api/v1/operator/partners/:id/tokens': {
    allow: { status: 200 },
    call: (ctx) => ({ params: { id: ctx.w.partner.id } }),
  },
  'POST /api/v1/operator/partners/:id/tokens': {
    allow: { status: 201 },
    call: (ctx) => ({ params: { id: ctx.w.partner.id }, body: { name: 'matrix' } }),
  },
  'DELETE /api/v1/operator/partners/:id/tokens/:tokenId': {
    allow: { status: 204 },
    call: async (ctx) => {
      const throwaway = await createPartner(ctx.t.db.db);
      const [token] = await ctx.t.db.db
        .select({ id: partnerTokens.id })
        .from(partnerTokens)
        .where(eq(partnerTokens.partnerId, throwaway.id));
      return { params: { id: throwaway.id, tokenId: token!.id } };
    },
  },
  'GET /api/v1/operator/programs': { allow: { status: 200 }, call: () => ({}) },
  'POST /api/v1/operator/programs': {
    allow: { status: 201 },
    call: () => ({
      body: { id: `p-${unique()}`, name: 'Walk-in Program', enterpriseStyle: false, catalogVisibility: 'purchased' },
    }),
  },
  'PATCH /api/v1/operator/programs/:id': {
    allow: { status: 200 },
    // the name it has: changes nothing the other cases rely on
    call: () => ({ params: { id: 'select-plus' }, body: { name: 'Select Plus' } }),
  },

  // partner API
  'POST /api/v1/partner/organizations': {
    allow: { status: 201 },
    call: () => ({ body: organizationBody({ name: 'Walk-in Ltd', pcns: [`PCN-${unique()}`] }) }),
  },
  'GET /api/v1/partner/organizations': { allow: { status: 200 }, call: () => ({}) },
  'GET /api/v1/partner/organizations/:id': {
    allow: { status: 200 },
    call: (ctx) => ({ params: { id: ctx.w.contosoOrg } }),
  },
  'POST /api/v1/partner/license-ids': {
    allow: { status: 201 },
    call: (ctx) => ({ body: licenseIdBody(ctx.w.contosoOrg) }),
  },
  'GET /api/v1/partner/license-ids': { allow: { status: 200 }, call: () => ({}) },
  'GET /api/v1/partner/license-ids/:number': {
    allow: { status: 200 },
    call: (ctx) => ({ params: { number: number(ctx, 'A') } }),
  },
  'POST /api/v1/partner/orders': { allow: { status: 201 }, call: (ctx) => ({ body: orderBody(number(ctx, 'A')) }) },
  'GET /api/v1/partner/orders': { allow: { status: 200 }, call: () => ({}) },
  'GET /api/v1/partner/orders/:id': { allow: { status: 200 }, call: (ctx) => ({ params: { id: ctx.w.order.id } }) },
  'GET /api/v1/partner/parent-agreements/:number': {
    allow: { status: 200 },
    call: (ctx) => ({ params: { number: ctx.w.parentNumber } }),
  },
  'PUT /api/v1/partner/parent-agreements/:number/contacts': {
    allow: { status: 200 },
    // the contacts it has: the inherited administrator stays a Primary contact of P
    call: (ctx) => ({
      params: { number: ctx.w.parentNumber },
      body: { contacts: [contact('primary', HEIR, 'Hana Heir')] },
    }),
  },
  'POST /api/v1/partner/imports': {
    allow: { status: 200 },
    call: () => ({ body: { kind: 'organizations', records: [organizationBody({ pcns: [`PCN-${unique()}`] })] } }),
  },

  // contracts and reports
  'GET /api/v1/contracts/export': { allow: { status: 200 }, call: () => ({}) },
  'GET /api/v1/contracts/:licenseIdNumber': {
    allow: { status: 200 },
    call: (ctx) => ({ params: { licenseIdNumber: number(ctx) } }),
  },
  'GET /api/v1/orders': {
    licenseIdIn: 'contract.orders',
    allow: { status: 200 },
    call: (ctx) => ({ query: { licenseIdNumbers: number(ctx) } }),
  },
  'GET /api/v1/orders/export': {
    licenseIdIn: 'contract.orders',
    allow: { status: 200 },
    call: (ctx) => ({ query: { licenseIdNumbers: number(ctx) } }),
  },
  'POST /api/v1/license-summary': {
    licenseIdIn: 'license-summary',
    allow: { status: 200 },
    call: (ctx) => ({ body: { licenseIdNumbers: [number(ctx)] } }),
  },
  'GET /api/v1/license-summary/export': {
    licenseIdIn: 'license-summary',
    allow: { status: 200 },
    call: (ctx) => ({ query: { licenseIdNumbers: number(ctx) } }),
  },
  'GET /api/v1/license-summary/reports': { allow: { status: 200 }, call: () => ({}) },
  'GET /api/v1/license-summary/reports/:reportId': {
    allow: { status: 200 },
    call: async (ctx) => ({ params: { reportId: await ownReport(ctx) } }),
  },
  'GET /api/v1/license-summary/reports/:reportId/export': {
    allow: { status: 200 },
    call: async (ctx) => ({ params: { reportId: await ownReport(ctx, 'ready') } }),
  },
  'GET /api/v1/notifications': { allow: { status: 200 }, call: () => ({}) },
  'POST /api/v1/notifications/:notificationId/read': {
    allow: { status: 204 },
    call: async (ctx) => ({ params: { notificationId: await ownNotification(ctx) } }),
  },
  'POST /api/v1/notifications/read-all': { allow: { status: 204 }, call: () => ({}) },
  'GET /api/v1/access-check': { allow: { status: 200 }, call: () => ({}) },
  'GET /api/v1/operator/access-check': { allow: { status: 200 }, call: () => ({ query: { signInName: OWNER } }) },

  // Help & support, the public contact form (a body the test does not fill is refused after the access check), and
  // the operator support queue
  'GET /api/v1/support/requests': { allow: { status: 200 }, call: () => ({}) },
  'POST /api/v1/support/requests': { allow: { status: 201 }, call: () => ({ body: SUPPORT_REQUEST_BODY }) },
  'GET /api/v1/support/requests/:id': {
    allow: { status: 200 },
    call: async (ctx) => ({ params: { id: await supportRequestOf(ctx, ctx.w.sessions.get(ctx.persona.name)) } }),
  },
  'POST /api/v1/support/requests/:id/messages': {
    allow: { status: 201 },
    call: async (ctx) => ({
      params: { id: await supportRequestOf(ctx, ctx.w.sessions.get(ctx.persona.name)) },
      body: { body: 'More detail.' },
    }),
  },
  'POST /api/v1/support/contact/code': { allow: { status: 400 }, call: () => ({ body: {} }) },
  'POST /api/v1/support/contact': { allow: { status: 400 }, call: () => ({ body: {} }) },
  'GET /api/v1/operator/support/requests': { allow: { status: 200 }, call: () => ({}) },
  'GET /api/v1/operator/support/requests/:id': {
    allow: { status: 200 },
    call: async (ctx) => ({ params: { id: await supportRequestOf(ctx, ctx.w.owner) } }),
  },
  'POST /api/v1/operator/support/requests/:id/assign': {
    allow: { status: 200 },
    call: async (ctx) => ({ params: { id: await supportRequestOf(ctx, ctx.w.owner) } }),
  },
  'POST /api/v1/operator/support/requests/:id/messages': {
    allow: { status: 201 },
    call: async (ctx) => ({ params: { id: await supportRequestOf(ctx, ctx.w.owner) }, body: { body: 'Answer.' } }),
  },
  'POST /api/v1/operator/support/requests/:id/state': {
    allow: { status: 200 },
    call: async (ctx) => ({ params: { id: await supportRequestOf(ctx, ctx.w.owner) }, body: { state: 'resolved' } }),
  },

  // new VL profile requests: anyone signed in files and lists their own; operators decide
  'POST /api/v1/vl-profile-requests': {
    allow: { status: 201 },
    call: (ctx) => ({
      body: {
        kind: 'create',
        businessEmail: `matrix-${unique()}@contoso.example`,
        licenseIdNumbers: [number(ctx, 'A')],
      },
    }),
  },
  'GET /api/v1/vl-profile-requests': { allow: { status: 200 }, call: () => ({}) },
  'GET /api/v1/operator/vl-profile-requests/:supportRequestId': {
    allow: { status: 200 },
    call: async (ctx) => ({ params: { supportRequestId: await throwawayVlProfileRequest(ctx) } }),
  },
  'POST /api/v1/operator/vl-profile-requests/:supportRequestId/approve': {
    allow: { status: 200 },
    call: async (ctx) => ({ params: { supportRequestId: await throwawayVlProfileRequest(ctx) } }),
  },
  'POST /api/v1/operator/vl-profile-requests/:supportRequestId/reject': {
    allow: { status: 200 },
    call: async (ctx) => ({
      params: { supportRequestId: await throwawayVlProfileRequest(ctx) },
      body: { reason: 'The matrix says no.' },
    }),
  },

  // software and product keys
  'GET /api/v1/license-ids/:licenseIdNumber/downloads': {
    allow: { status: 200 },
    call: (ctx) => ({ params: { licenseIdNumber: number(ctx) } }),
  },
  'POST /api/v1/license-ids/:licenseIdNumber/downloads/:fileId/link': {
    allow: { status: 404, code: 'download_file.not_found' },
    call: (ctx) => ({ params: { licenseIdNumber: number(ctx), fileId: NO_SUCH_ID } }),
  },
  'GET /api/v1/downloads/:token': {
    // the signed link is the credential: a made-up one is refused, whoever presents it
    allow: { status: 403, code: 'download.link_invalid' },
    call: () => ({ params: { token: UNKNOWN_TOKEN } }),
  },
  'GET /api/v1/license-ids/:licenseIdNumber/keys': {
    allow: { status: 200 },
    call: (ctx) => ({ params: { licenseIdNumber: number(ctx) } }),
  },
  'POST /api/v1/license-ids/:licenseIdNumber/keys/:keyId/reveal': {
    allow: { status: 404, code: 'product_key.not_found' },
    call: (ctx) => ({ params: { licenseIdNumber: number(ctx), keyId: NO_SUCH_ID } }),
  },
  'GET /api/v1/license-ids/:licenseIdNumber/keys/export': {
    allow: { status: 200 },
    call: (ctx) => ({ params: { licenseIdNumber: number(ctx) } }),
  },
  'GET /api/v1/keys/export': {
    licenseIdIn: 'keys.view',
    allow: { status: 200 },
    call: (ctx) => ({ query: { licenseIdNumbers: number(ctx) } }),
  },
  'GET /api/v1/operator/products': { allow: { status: 200 }, call: () => ({}) },
  'POST /api/v1/operator/products': {
    allow: { status: 201 },
    call: () => ({
      body: { family: 'Office', name: `Walk-in ${unique()}`, version: '2024', pool: 'applications', needsKey: false },
    }),
  },
  'GET /api/v1/operator/products/:productId': {
    allow: { status: 200 },
    call: (ctx) => ({ params: { productId: ctx.w.product.id } }),
  },
  // an upload without its file facts, and keys without a body: refused after the access check
  'POST /api/v1/operator/products/:productId/files': {
    allow: { status: 400 },
    call: (ctx) => ({ params: { productId: ctx.w.product.id } }),
  },
  'POST /api/v1/operator/products/:productId/keys': {
    allow: { status: 400 },
    call: (ctx) => ({ params: { productId: ctx.w.product.id }, body: {} }),
  },
  'GET /api/v1/operator/key-shortfalls': { allow: { status: 200 }, call: () => ({}) },
  'PATCH /api/v1/operator/products/:productId': {
    allow: { status: 200 },
    // what it is already: changes nothing the other cases rely on
    call: (ctx) => ({ params: { productId: ctx.w.product.id }, body: { needsKey: true } }),
  },
  'DELETE /api/v1/operator/files/:fileId': {
    allow: { status: 404, code: 'download_file.not_found' },
    call: () => ({ params: { fileId: NO_SUCH_ID } }),
  },

  // audit log: operators everything, administrators their License IDs' entries
  'GET /api/v1/audit-log': {
    administrators: { scoped: false, refusal: 'audit.not_allowed', operatorsToo: true },
    allow: { status: 200 },
    call: () => ({}),
  },
  'GET /api/v1/audit-log/export': {
    administrators: { scoped: false, refusal: 'audit.not_allowed', operatorsToo: true },
    allow: { status: 200 },
    call: () => ({}),
  },

  // invitations
  'GET /api/v1/invitations/:token': {
    allow: { status: 404, code: 'invitation.not_found' },
    call: () => ({ params: { token: UNKNOWN_TOKEN } }),
  },
  'POST /api/v1/invitations/:token/redeem': {
    allow: { status: 404, code: 'invitation.not_found' },
    call: () => ({ params: { token: UNKNOWN_TOKEN } }),
  },

  // volume licensing
  'GET /api/v1/contracts': { allow: { status: 200 }, call: () => ({}) },
  'GET /api/v1/vl/administered-license-ids': { allow: { status: 200 }, call: () => ({}) },
  'GET /api/v1/vl/user-lookup': {
    administrators: { scoped: false },
    allow: { status: 200 },
    call: () => ({ query: { email: BYSTANDERS.A } }),
  },
  'POST /api/v1/vl/role-assignments': {
    administrators: {
      scoped: true,
      outOfScope: 'license_id.not_found',
    },
    allow: { status: 200 },
    call: (ctx) => ({
      body: {
        email: `guest-${unique()}@external.example`,
        confirmExternal: true,
        assignments: [{ licenseIdNumber: number(ctx), roles: ['product-keys-reader'] }],
      },
    }),
  },
  'GET /api/v1/vl/users': { administrators: { scoped: false }, allow: { status: 200 }, call: () => ({}) },
  'GET /api/v1/vl/users/:email': {
    administrators: { scoped: true, outOfScope: 'vl_users.not_found' },
    allow: { status: 200 },
    call: (ctx) => ({ params: { email: BYSTANDERS[ctx.probe as 'A' | 'B'] } }),
  },
  'DELETE /api/v1/vl/users/:email': {
    administrators: { scoped: true, outOfScope: 'vl_users.not_found' },
    allow: { status: 200 },
    call: async (ctx) => ({ params: { email: await throwawayVlUser(ctx) } }),
  },
  'POST /api/v1/vl/users/:email/invitations/resend': {
    administrators: { scoped: true, outOfScope: 'license_id.not_found' },
    allow: { status: 200 },
    call: async (ctx) => ({
      params: { email: await throwawayInvitation(ctx) },
      body: { licenseIdNumber: number(ctx) },
    }),
  },
  'POST /api/v1/vl/users/:email/invitations/reset': {
    administrators: { scoped: true, outOfScope: 'license_id.not_found' },
    allow: { status: 200 },
    call: async (ctx) => ({
      params: { email: await throwawayInvitation(ctx) },
      body: { licenseIdNumber: number(ctx) },
    }),
  },
  'POST /api/v1/vl/license-ids/:licenseIdNumber/import-roles': {
    // A and B are not enterprise-style: an administrator gets past the guard to the program rule
    allow: { status: 409, code: 'vl_users.import_roles_enterprise_only' },
    call: (ctx) => ({
      params: { licenseIdNumber: number(ctx) },
      body: { sourceLicenseIdNumber: number(ctx, other(ctx.probe!)) },
    }),
  },
  'GET /api/v1/vl/preferences': { allow: { status: 200 }, call: () => ({}) },
  'PATCH /api/v1/vl/preferences': {
    allow: { status: 200 },
    call: (ctx) => ({ body: { displayName: ctx.persona.name } }),
  },
  'POST /api/v1/vl/preferences/sync': { allow: { status: 200 }, call: () => ({}) },
};

// ---------------------------------------------------------------- expected answers, derived

type Route = { method: string; url: string; access: string | undefined; licenseIdCapability: string | undefined };
type Refusal = { status: number; code: string };
type Expected = 'allow' | Refusal | Refusal[];

const signedOut: Expected = { status: 401, code: 'auth.required' };
const doesNotExist: Expected = { status: 404, code: 'not_found' };

function expected(route: Route, entry: Entry, persona: Persona, probe: LicenseKey | undefined): Expected {
  const signedIn = persona.login !== undefined;
  switch (route.access) {
    case 'public':
      return 'allow';
    case 'partner':
      if (persona.bearer || persona.partnerConsole) return 'allow';
      return signedIn ? doesNotExist : signedOut;
    case 'operator':
      if (!signedIn) return signedOut;
      return persona.operator ? 'allow' : doesNotExist;
    case 'tenant-admin':
      if (!signedIn) return signedOut;
      return persona.globalAdmin ? 'allow' : doesNotExist;
    case 'signed-in': {
      if (!signedIn) return signedOut;
      const capability = route.licenseIdCapability ?? entry.licenseIdIn;
      if (capability !== undefined) {
        return (capabilitiesOn(persona, probe!) as string[]).includes(capability)
          ? 'allow'
          : { status: 404, code: 'license_id.not_found' };
      }
      if (entry.administrators) {
        if (entry.administrators.operatorsToo && persona.operator) return 'allow';
        const administered = administers(persona);
        if (administered.length === 0) {
          return { status: 403, code: entry.administrators.refusal ?? 'vl_users.not_an_administrator' };
        }
        if (entry.administrators.scoped && !administered.includes(probe!)) {
          return { status: 404, code: entry.administrators.outOfScope };
        }
      }
      return 'allow';
    }
    default:
      throw new Error(`${route.method} ${route.url}: access ${String(route.access)} is not in this test yet`);
  }
}

const problemCode = (body: string): string | undefined => {
  try {
    return (JSON.parse(body) as { code?: string } | null)?.code;
  } catch {
    return undefined;
  }
};

/** The License IDs a call is probed with: A and B for routes about one License ID, else one call. */
const probesOf = (route: Route, entry: Entry): (LicenseKey | undefined)[] =>
  route.licenseIdCapability !== undefined || entry.licenseIdIn !== undefined || (entry.administrators?.scoped ?? false)
    ? ['A', 'B']
    : [undefined];

// ---------------------------------------------------------------- the walk

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t);
}, 120_000);
afterAll(() => t.close());

const apiRoutes = (): Route[] =>
  t.app.routeTable.filter(
    (r) => r.url.startsWith('/api/v1/') && !r.url.startsWith('/api/v1/dev/') && r.method !== 'HEAD',
  );
const keyOf = (r: { method: string; url: string }) => `${r.method} ${r.url}`;

it('has an entry for every API route, and none for a route that is gone', () => {
  const routes = apiRoutes().map(keyOf);
  expect(routes.length).toBeGreaterThan(40);
  expect(
    routes.filter((key) => !(key in ROUTES)),
    'routes without an entry in ROUTES',
  ).toEqual([]);
  expect(
    Object.keys(ROUTES).filter((key) => !routes.includes(key)),
    'entries in ROUTES for routes that are gone',
  ).toEqual([]);
});

it('the personas hold what the world says (the matrix below relies on it)', async () => {
  for (const persona of PERSONAS.filter((p) => p.login !== undefined)) {
    const session = w.sessions.get(persona.name)!;
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/vl/preferences', headers: session.headers });
    expect(response.statusCode, persona.name).toBe(200);
    const held = response.json<{ roles: { licenseIdNumber: string; roles: VlRole[]; inheritedRoles: VlRole[] }[] }>()
      .roles;
    const expectedRoles = LICENSE_KEYS.filter((key) => (persona.roles[key] ?? []).length > 0).map((key) => ({
      licenseIdNumber: w.licenses[key].number,
      roles: (persona.roles[key] ?? []).filter((r) => !(persona.inherited[key] ?? []).includes(r)),
      inheritedRoles: persona.inherited[key] ?? [],
    }));
    expect(
      held.map((h) => ({ licenseIdNumber: h.licenseIdNumber, roles: h.roles, inheritedRoles: h.inheritedRoles })),
      persona.name,
    ).toEqual(expectedRoles.sort((a, b) => a.licenseIdNumber.localeCompare(b.licenseIdNumber)));
  }
});

describe('the contracts list shows exactly the License IDs the roles allow, with their capabilities', () => {
  it.each(PERSONAS.filter((p) => p.login !== undefined).map((p) => [p.name, p] as const))('%s', async (_, persona) => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/v1/contracts',
      headers: w.sessions.get(persona.name)!.headers,
    });
    expect(response.statusCode).toBe(200);
    const items = response.json<{
      items: { licenseIdNumber: string; roles: VlRole[]; inheritedRoles: VlRole[]; capabilities: string[] }[];
    }>().items;
    const byNumber = (a: { licenseIdNumber: string }, b: { licenseIdNumber: string }) =>
      a.licenseIdNumber.localeCompare(b.licenseIdNumber);
    expect(
      items
        .map((c) => ({
          licenseIdNumber: c.licenseIdNumber,
          roles: c.roles,
          inheritedRoles: c.inheritedRoles,
          capabilities: c.capabilities,
        }))
        .sort(byNumber),
    ).toEqual(
      LICENSE_KEYS.filter((key) => capabilitiesOn(persona, key).includes('contract.list'))
        .map((key) => ({
          licenseIdNumber: w.licenses[key].number,
          roles: VL_ROLES.filter((r) => (persona.roles[key] ?? []).includes(r)),
          inheritedRoles: VL_ROLES.filter((r) => (persona.inherited[key] ?? []).includes(r)),
          capabilities: capabilitiesOn(persona, key),
        }))
        .sort(byNumber),
    );
  });
});

describe('administered License IDs are exactly those the roles let one manage users on', () => {
  it.each(PERSONAS.filter((p) => p.login !== undefined).map((p) => [p.name, p] as const))('%s', async (_, persona) => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/v1/vl/administered-license-ids',
      headers: w.sessions.get(persona.name)!.headers,
    });
    expect(response.statusCode).toBe(200);
    const items = response.json<{ items: { licenseIdNumber: string; inherited: boolean }[] }>().items;
    expect(items.map((l) => ({ licenseIdNumber: l.licenseIdNumber, inherited: l.inherited }))).toEqual(
      administers(persona)
        .map((key) => ({
          licenseIdNumber: w.licenses[key].number,
          inherited: (persona.inherited[key] ?? []).includes('administrator'),
        }))
        .sort((a, b) => a.licenseIdNumber.localeCompare(b.licenseIdNumber)),
    );
  });
});

describe('orders, exports, the access check and the audit log cover exactly the License IDs the roles allow', () => {
  it.each(PERSONAS.filter((p) => p.login !== undefined).map((p) => [p.name, p] as const))('%s', async (_, persona) => {
    const headers = w.sessions.get(persona.name)!.headers;
    const get = async (url: string) => {
      const response = await t.app.inject({ method: 'GET', url, headers });
      expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
      return response;
    };
    const allowed = (capability: VlCapability) =>
      LICENSE_KEYS.filter((key) => capabilitiesOn(persona, key).includes(capability))
        .map((key) => w.licenses[key].number)
        .sort();
    const mentioned = (text: string) =>
      LICENSE_KEYS.map((key) => w.licenses[key].number).filter((n) => text.includes(n));

    const orders = (await get('/api/v1/orders?limit=200')).json<{ items: { licenseIdNumber: string }[] }>().items;
    expect([...new Set(orders.map((o) => o.licenseIdNumber))].sort(), 'orders').toEqual(allowed('contract.orders'));
    expect(mentioned((await get('/api/v1/orders/export')).body).sort(), 'orders export').toEqual(
      allowed('contract.orders'),
    );
    expect(mentioned((await get('/api/v1/contracts/export')).body).sort(), 'contracts export').toEqual(
      allowed('contract.list'),
    );
    expect(
      (await get('/api/v1/access-check')).json<{ visibleLicenseIdCount: number }>().visibleLicenseIdCount,
      'access check',
    ).toBe(allowed('contract.list').length);

    // The audit log: an operator reads every entry (with addresses); an administrator the entries of the License IDs
    // they administer, all of them and no others; anyone else is refused.
    const audit = await t.app.inject({ method: 'GET', url: '/api/v1/audit-log?limit=200', headers });
    if (!persona.operator && administers(persona).length === 0) {
      expect(`${audit.statusCode} ${problemCode(audit.body)}`, 'audit log').toBe('403 audit.not_allowed');
    } else {
      expect(audit.statusCode, audit.body).toBe(200);
      const entries = audit.json<{ items: { licenseIdNumber: string | null; ip: string | null }[] }>().items;
      const numbers = [...new Set(entries.map((e) => e.licenseIdNumber))].filter((n) => n !== null);
      if (persona.operator) {
        expect(numbers, 'audit log').toEqual(expect.arrayContaining(LICENSE_KEYS.map((k) => w.licenses[k].number)));
        expect(
          entries.some((e) => e.ip !== null),
          'audit log addresses',
        ).toBe(true);
      } else {
        expect(
          entries.every((e) => e.licenseIdNumber !== null && e.ip === null),
          'audit log',
        ).toBe(true);
        expect(numbers.sort(), 'audit log').toEqual(allowed('vl-users.manage'));
      }
    }
  });
});

describe('every route as every persona', () => {
  it.each(Object.keys(ROUTES))('%s', async (key) => {
    const route = apiRoutes().find((r) => keyOf(r) === key);
    if (!route) throw new Error(`${key} is not a route (any more): update ROUTES`);
    const entry = ROUTES[key]!;
    const mismatches: string[] = [];
    for (const persona of PERSONAS) {
      for (const probe of probesOf(route, entry)) {
        const want = expected(route, entry, persona, probe);
        const ctx: Ctx = { t, w, persona, probe };
        const call = await entry.call(ctx);
        const url = route.url.replace(/:(\w+)/g, (_, name: string) => {
          const value = call.params?.[name];
          if (value === undefined) throw new Error(`${key}: the entry gives no :${name}`);
          return encodeURIComponent(value);
        });
        const session =
          persona.login === undefined
            ? undefined
            : entry.ownSession
              ? await signInFrom(t.app, persona.login, TEST_PASSWORD)
              : w.sessions.get(persona.name)!;
        const response = await t.app.inject({
          method: route.method as 'GET',
          url,
          ...(call.query ? { query: call.query } : {}),
          headers: { ...(persona.bearer ? w.partner.headers : {}), ...session?.headers },
          ...(call.body === undefined ? {} : { payload: call.body as object }),
          remoteAddress: nextIp(),
        });
        const got = { status: response.statusCode, code: problemCode(response.body) };
        const ok =
          want === 'allow'
            ? got.status === entry.allow.status && (entry.allow.code === undefined || got.code === entry.allow.code)
            : [want].flat().some((r) => got.status === r.status && got.code === r.code);
        if (!ok) {
          const wanted =
            want === 'allow'
              ? `allow (${entry.allow.status} ${entry.allow.code ?? ''})`
              : [want]
                  .flat()
                  .map((r) => `${r.status} ${r.code}`)
                  .join(' or ');
          mismatches.push(
            `${persona.name}${probe ? ` on ${probe}` : ''}: expected ${wanted}, got ${got.status} ${got.code ?? ''} ${response.body.slice(0, 200)}`,
          );
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
});
