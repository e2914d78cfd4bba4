// Property (issue 5, SPEC §4): whatever the organizations, License IDs, role assignments and inheritance opt-ins, what a
// user sees through the API is exactly what the role matrix allows — nothing more, nothing less. fast-check generates
// worlds: organizations approved or not; License IDs of random programs (enterprise-style or not) and clouds, some
// under parent agreements; users with one or two VL profiles (business e-mails), an identity in the public or another
// cloud, random direct roles, listed as parent-agreement contacts of any kind or not and opted in to inherit or not;
// CLOUD_ENFORCEMENT_DATE passed or not. A model computed here in TypeScript from the generated data and `capabilitiesOf` (never from the
// server's queries) says what each user must see in the contracts list, the administered License IDs, Manage users,
// Preferences, the orders list and the access check, and which License IDs every capability-guarded route (from app.routeTable) and
// every route naming License IDs in its query or body lets them through on.
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { licenseIds, programs } from '../../src/db/schema.js';
import {
  capabilitiesOf,
  CONTACT_KINDS,
  VL_CAPABILITIES,
  VL_ROLES,
  type ContactKind,
  type VlCapability,
  type VlRole,
} from '../../src/domain/vl-roles.js';
import { createVlAccessService, type VlAccessService } from '../../src/modules/vl-access/service.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createTenant } from '../helpers/builders.js';
import { createOrder, createPartner, orderBody, type PartnerFixture } from '../helpers/partner.js';
import {
  addParentAgreementContact,
  createVlUser,
  grantRoles,
  insertLicenseId,
  insertOrganization,
  insertParentAgreement,
  openSession,
  optIn,
  unique,
  walkingContractsList,
  type Session,
} from '../helpers/vl-world.js';

/** SPEC §4 "Inheritance": the parent agreement contacts who may opt in to be Administrator of its children. */
const INHERITING: readonly ContactKind[] = ['primary', 'notices', 'online-administrator'];
const PROGRAM_IDS = [
  'select-plus',
  'open-value',
  'government-partner',
  'enterprise',
  'enterprise-subscription',
  'campus',
  'school',
];
const CLOUDS = ['public', 'public', 'public', 'gov-high'] as const;
type Cloud = (typeof CLOUDS)[number];
const ENFORCEMENT_DATE = '2026-12-01';
const BEFORE = new Date('2026-11-23T12:00:00Z');
const AFTER = new Date('2026-12-02T12:00:00Z');
// A bounded number of worlds (about a second each); a failure prints its seed: replay with VLC_PROPERTY_SEED=<seed>.
const NUM_RUNS = Number(process.env.VLC_PROPERTY_RUNS ?? 20);
const SEED = process.env.VLC_PROPERTY_SEED === undefined ? {} : { seed: Number(process.env.VLC_PROPERTY_SEED) };

// ---------------------------------------------------------------- generated worlds

const worldArb = fc.record({
  enforced: fc.boolean(),
  organizations: fc.array(fc.constantFrom('approved', 'approved', 'pending', 'rejected'), {
    minLength: 1,
    maxLength: 3,
  }),
  parents: fc.array(fc.record({ organization: fc.nat(), program: fc.constantFrom(...PROGRAM_IDS) }), {
    minLength: 1,
    maxLength: 2,
  }),
  licenses: fc.array(
    fc.record({
      organization: fc.nat(),
      program: fc.constantFrom(...PROGRAM_IDS),
      cloud: fc.constantFrom(...CLOUDS),
      parent: fc.option(fc.nat(), { nil: null }),
    }),
    { minLength: 1, maxLength: 5 },
  ),
  users: fc.array(
    fc.record({
      cloud: fc.constantFrom(...CLOUDS),
      profiles: fc.integer({ min: 1, max: 2 }),
      grants: fc.array(
        fc.record({ profile: fc.nat(), license: fc.nat(), roles: fc.subarray([...VL_ROLES], { minLength: 1 }) }),
        { maxLength: 4 },
      ),
      // a profile and a parent agreement: listed as a contact of some kind (or not), opted in (or not)
      parentLinks: fc.array(
        fc.record({
          profile: fc.nat(),
          parent: fc.nat(),
          kind: fc.option(fc.constantFrom(...CONTACT_KINDS), { nil: null }),
          optedIn: fc.boolean(),
        }),
        { maxLength: 3 },
      ),
    }),
    { minLength: 1, maxLength: 4 },
  ),
});
type GeneratedWorld = typeof worldArb extends fc.Arbitrary<infer T> ? T : never;

type Profile = { id: string; email: string; direct: Map<number, Set<VlRole>>; optIns: Set<number> };
type User = { accountId: string; cloud: Cloud; profiles: Profile[] };
type Model = {
  enforced: boolean;
  licenses: {
    number: string;
    approved: boolean;
    enterpriseStyle: boolean;
    cloud: Cloud;
    parent: number | null;
  }[];
  parents: { contacts: { email: string; kind: ContactKind }[] }[];
  users: User[];
};

// ---------------------------------------------------------------- the model: SPEC §4 over the generated data

function inheritsAdministrator(model: Model, profile: Profile, license: number): boolean {
  const parent = model.licenses[license]!.parent;
  return (
    parent !== null &&
    profile.optIns.has(parent) &&
    model.parents[parent]!.contacts.some((c) => c.email === profile.email && INHERITING.includes(c.kind))
  );
}

function standing(model: Model, user: User, license: number) {
  const l = model.licenses[license]!;
  const direct = new Set(user.profiles.flatMap((p) => [...(p.direct.get(license) ?? [])]));
  const inherited = user.profiles.some((p) => inheritsAdministrator(model, p, license));
  const roles = VL_ROLES.filter((r) => direct.has(r) || (r === 'administrator' && inherited));
  const visible = roles.length > 0 && l.approved && (!model.enforced || l.cloud === user.cloud);
  return {
    visible,
    roles,
    directRoles: VL_ROLES.filter((r) => direct.has(r)),
    inheritedRoles: inherited && !direct.has('administrator') ? (['administrator'] as VlRole[]) : [],
    capabilities: visible ? capabilitiesOf(roles, { enterpriseStyle: l.enterpriseStyle }) : [],
  };
}

/** Administrators of a License ID: VL profiles holding the role directly or inherited, whoever and wherever. */
const administratorCount = (model: Model, license: number) =>
  model.users
    .flatMap((u) => u.profiles)
    .filter((p) => p.direct.get(license)?.has('administrator') || inheritsAdministrator(model, p, license)).length;

const byNumber = (a: { licenseIdNumber: string }, b: { licenseIdNumber: string }) =>
  a.licenseIdNumber.localeCompare(b.licenseIdNumber);

// ---------------------------------------------------------------- writing a generated world

let t: TestApp;
let partner: PartnerFixture;
let tenants: Record<Cloud, string>;
let enterpriseStyle: Map<string, boolean>;
/** The app's grant checks, over the same database and clock. */
let vlAccess: VlAccessService;
let walkingContracts: ReturnType<typeof walkingContractsList>;

beforeAll(async () => {
  t = await createTestApp({ env: { CLOUD_ENFORCEMENT_DATE: ENFORCEMENT_DATE } });
  vlAccess = createVlAccessService({ db: t.db.db, clock: t.clock, config: t.config });
  walkingContracts = walkingContractsList(t);
  partner = await createPartner(t.db.db, 'Northwind');
  tenants = {
    public: (await createTenant(t.db.db, { displayName: 'Contoso', domain: 'contoso.example' })).id,
    'gov-high': (
      await createTenant(t.db.db, { displayName: 'Contoso Gov', cloud: 'gov-high', domain: 'gov.contoso.example' })
    ).id,
  };
  const rows = await t.db.db.select({ id: programs.id, enterpriseStyle: programs.enterpriseStyle }).from(programs);
  enterpriseStyle = new Map(rows.map((r) => [r.id, r.enterpriseStyle]));
  expect(PROGRAM_IDS.filter((id) => !enterpriseStyle.has(id))).toEqual([]);
}, 60_000);
afterAll(() => t.close());

async function write(g: GeneratedWorld): Promise<Model> {
  const db = t.db.db;
  const run = unique();
  const organizations = [];
  for (const state of g.organizations) {
    organizations.push({
      id: await insertOrganization(db, { partnerId: partner.id, name: `Org ${run}`, approvalState: state }),
      approved: state === 'approved',
    });
  }
  const parents = [];
  for (const [i, p] of g.parents.entries()) {
    const organization = p.organization % organizations.length;
    const id = await insertParentAgreement(db, {
      partnerId: partner.id,
      organizationId: organizations[organization]!.id,
      programId: p.program,
      number: `P${run.toUpperCase()}-${i}`,
    });
    parents.push({ id, organization });
  }
  const licenses: Model['licenses'] = [];
  const licenseIds: string[] = [];
  for (const [i, l] of g.licenses.entries()) {
    const parent = l.parent === null ? null : l.parent % parents.length;
    // a child License ID belongs to its parent agreement's organization
    const organization = parent === null ? l.organization % organizations.length : parents[parent]!.organization;
    const number = `V${run.toUpperCase()}-${i}`;
    licenseIds.push(
      await insertLicenseId(db, {
        partnerId: partner.id,
        organizationId: organizations[organization]!.id,
        programId: l.program,
        number,
        cloud: l.cloud,
        parentAgreementId: parent === null ? null : parents[parent]!.id,
      }),
    );
    licenses.push({
      number,
      approved: organizations[organization]!.approved,
      enterpriseStyle: enterpriseStyle.get(l.program)!,
      cloud: l.cloud,
      parent,
    });
  }
  // one order per License ID, through the partner API (as partners place them)
  for (const number of licenses.map((l) => l.number)) await createOrder(t.app, partner, orderBody(number));
  const parentContacts: { email: string; kind: ContactKind }[][] = parents.map(() => []);
  const users: User[] = [];
  for (const [i, u] of g.users.entries()) {
    const domain = u.cloud === 'public' ? 'contoso.example' : 'gov.contoso.example';
    const emails = Array.from({ length: u.profiles }, (_, k) => `u${i}p${k}-${run}@${domain}`);
    const created = await createVlUser(db, {
      tenantId: tenants[u.cloud],
      signInName: emails[0]!,
      emails,
      cloud: u.cloud,
    });
    const profiles: Profile[] = created.profiles.map((p) => ({ ...p, direct: new Map(), optIns: new Set() }));
    for (const grant of u.grants) {
      const profile = profiles[grant.profile % profiles.length]!;
      const license = grant.license % licenses.length;
      const held = profile.direct.get(license) ?? new Set<VlRole>();
      const added = grant.roles.filter((r) => !held.has(r));
      await grantRoles(db, { vlProfileId: profile.id, licenseIdId: licenseIds[license]!, roles: added });
      for (const r of added) held.add(r);
      profile.direct.set(license, held);
    }
    for (const link of u.parentLinks) {
      const profile = profiles[link.profile % profiles.length]!;
      const parent = link.parent % parents.length;
      if (link.kind !== null) {
        await addParentAgreementContact(db, {
          parentAgreementId: parents[parent]!.id,
          kind: link.kind,
          email: profile.email,
        });
        parentContacts[parent]!.push({ email: profile.email, kind: link.kind });
      }
      if (link.optedIn && !profile.optIns.has(parent)) {
        await optIn(db, { vlProfileId: profile.id, parentAgreementId: parents[parent]!.id });
        profile.optIns.add(parent);
      }
    }
    users.push({ accountId: created.accountId, cloud: u.cloud, profiles });
  }
  return { enforced: g.enforced, licenses, parents: parentContacts.map((contacts) => ({ contacts })), users };
}

/**
 * Routes that name License IDs in their query or body rather than their path, and the capability each needs on them
 * (SPEC §4 matrix rows); without it the License ID does not exist for the caller.
 */
const NAMED_IN_REQUEST: {
  method: 'GET' | 'POST';
  url: string;
  capability: VlCapability;
  request(n: string): object;
}[] = [
  {
    method: 'GET',
    url: '/api/v1/orders',
    capability: 'contract.orders',
    request: (n) => ({ query: { licenseIdNumbers: n } }),
  },
  {
    method: 'POST',
    url: '/api/v1/license-summary',
    capability: 'license-summary',
    request: (n) => ({ payload: { licenseIdNumbers: [n] } }),
  },
  {
    method: 'GET',
    url: '/api/v1/keys/export',
    capability: 'keys.view',
    request: (n) => ({ query: { licenseIdNumbers: n } }),
  },
];

// ---------------------------------------------------------------- what the API shows

async function get<T>(session: Session, url: string): Promise<T> {
  const response = await t.app.inject({ method: 'GET', url, headers: session.headers });
  expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
  return response.json<T>();
}

type ContractItem = {
  licenseIdNumber: string;
  enterpriseStyle: boolean;
  roles: VlRole[];
  inheritedRoles: VlRole[];
  capabilities: VlCapability[];
  administratorCount: number;
  accessAtRisk: boolean;
};

async function check(model: Model): Promise<void> {
  t.clock.set(model.enforced ? AFTER : BEFORE);
  const guarded = t.app.routeTable.filter((r) => r.licenseIdCapability !== undefined && r.method !== 'HEAD');
  const numbers = model.licenses.map((l) => l.number);
  for (const [u, user] of model.users.entries()) {
    const session = await openSession(t, user.accountId);
    const standings = model.licenses.map((_, i) => standing(model, user, i));
    const visible = standings.flatMap((s, i) => (s.visible ? [{ ...s, license: i }] : []));
    const who = `user ${u} (${user.cloud}, ${user.profiles.map((p) => p.email).join(', ')})`;

    const contracts = await get<{ items: ContractItem[] }>(session, '/api/v1/contracts?limit=200');
    expect(
      contracts.items
        .filter((c) => numbers.includes(c.licenseIdNumber))
        .map((c) => ({
          licenseIdNumber: c.licenseIdNumber,
          enterpriseStyle: c.enterpriseStyle,
          roles: c.roles,
          inheritedRoles: c.inheritedRoles,
          capabilities: c.capabilities,
          administratorCount: c.administratorCount,
          accessAtRisk: c.accessAtRisk,
        }))
        .sort(byNumber),
      `${who}: contracts`,
    ).toEqual(
      visible
        .map((s) => ({
          licenseIdNumber: model.licenses[s.license]!.number,
          enterpriseStyle: model.licenses[s.license]!.enterpriseStyle,
          roles: s.roles,
          inheritedRoles: s.inheritedRoles,
          capabilities: s.capabilities,
          administratorCount: administratorCount(model, s.license),
          accessAtRisk: model.licenses[s.license]!.cloud !== user.cloud,
        }))
        .sort(byNumber),
    );
    // nothing of another run's world either
    expect(contracts.items.length, `${who}: contracts of other worlds`).toBe(visible.length);
    // The list's other statement (for callers with roles on thousands of License IDs) shows exactly the same.
    const walked = await walkingContracts<ContractItem>(session.headers.cookie!, { limit: 200 });
    expect(walked.items, `${who}: contracts, License IDs read in order`).toEqual(contracts.items);

    const administered = await get<{
      items: { licenseIdNumber: string; inherited: boolean; administratorCount: number }[];
    }>(session, '/api/v1/vl/administered-license-ids');
    expect(
      administered.items.map((l) => ({
        licenseIdNumber: l.licenseIdNumber,
        inherited: l.inherited,
        administratorCount: l.administratorCount,
      })),
      `${who}: administered License IDs`,
    ).toEqual(
      visible
        .filter((s) => s.capabilities.includes('vl-users.manage'))
        .map((s) => ({
          licenseIdNumber: model.licenses[s.license]!.number,
          inherited: !s.directRoles.includes('administrator'),
          administratorCount: administratorCount(model, s.license),
        }))
        .sort(byNumber),
    );

    const preferences = await get<{
      roles: { licenseIdNumber: string; roles: VlRole[]; inheritedRoles: VlRole[] }[];
    }>(session, '/api/v1/vl/preferences');
    expect(
      preferences.roles
        .map((r) => ({ licenseIdNumber: r.licenseIdNumber, roles: r.roles, inheritedRoles: r.inheritedRoles }))
        .sort(byNumber),
      `${who}: preferences`,
    ).toEqual(
      visible
        .map((s) => ({
          licenseIdNumber: model.licenses[s.license]!.number,
          roles: s.directRoles,
          inheritedRoles: s.inheritedRoles,
        }))
        .sort(byNumber),
    );

    // The grant check written in SQL (licenseIdsWith: the roles carrying a capability, read from the matrix per program
    // style), for every capability, against the model's capabilities.
    for (const capability of VL_CAPABILITIES) {
      const rows = await vlAccess.licenseIdsWith({ id: user.accountId, cloud: user.cloud }, numbers, capability, {
        number: licenseIds.number,
      });
      expect(rows.map((r) => r.number as string).sort(), `${who}: License IDs with ${capability}`).toEqual(
        visible
          .filter((s) => s.capabilities.includes(capability))
          .map((s) => model.licenses[s.license]!.number)
          .sort(),
      );
    }

    // Manage users: everyone holding a role on a License ID the user administers, with only those License IDs; a user
    // who administers none is refused.
    const administeredHere = visible.filter((s) => s.capabilities.includes('vl-users.manage')).map((s) => s.license);
    const manageUsers = await t.app.inject({
      method: 'GET',
      url: '/api/v1/vl/users?limit=200',
      headers: session.headers,
    });
    if (administeredHere.length === 0) {
      expect(`${manageUsers.statusCode} ${manageUsers.json<{ code: string }>().code}`, `${who}: manage users`).toBe(
        '403 vl_users.not_an_administrator',
      );
    } else {
      expect(manageUsers.statusCode, `${who}: manage users: ${manageUsers.body}`).toBe(200);
      const items = manageUsers.json<{
        items: {
          businessEmail: string;
          licenseIds: { licenseIdNumber: string; roles: VlRole[]; inheritedRoles: VlRole[]; accessAtRisk: boolean }[];
        }[];
      }>().items;
      const byEmail = (a: { businessEmail: string }, b: { businessEmail: string }) =>
        a.businessEmail.localeCompare(b.businessEmail);
      expect(
        items
          .map((v) => ({
            businessEmail: v.businessEmail,
            licenseIds: v.licenseIds
              .map((l) => ({
                licenseIdNumber: l.licenseIdNumber,
                roles: l.roles,
                inheritedRoles: l.inheritedRoles,
                accessAtRisk: l.accessAtRisk,
              }))
              .sort(byNumber),
          }))
          .sort(byEmail),
        `${who}: manage users`,
      ).toEqual(
        model.users
          .flatMap((holder) =>
            holder.profiles.map((p) => ({
              businessEmail: p.email,
              licenseIds: administeredHere
                .map((l) => ({
                  licenseIdNumber: model.licenses[l]!.number,
                  roles: VL_ROLES.filter((r) => p.direct.get(l)?.has(r)),
                  inheritedRoles: inheritsAdministrator(model, p, l) ? (['administrator'] as VlRole[]) : [],
                  accessAtRisk: holder.cloud !== model.licenses[l]!.cloud,
                }))
                .filter((l) => l.roles.length > 0 || l.inheritedRoles.length > 0)
                .sort(byNumber),
            })),
          )
          .filter((v) => v.licenseIds.length > 0)
          .sort(byEmail),
      );
    }

    const orders = await get<{ items: { licenseIdNumber: string }[] }>(session, '/api/v1/orders?limit=200');
    expect([...new Set(orders.items.map((o) => o.licenseIdNumber))].sort(), `${who}: orders`).toEqual(
      visible
        .filter((s) => s.capabilities.includes('contract.orders'))
        .map((s) => model.licenses[s.license]!.number)
        .sort(),
    );

    const accessCheck = await get<{ visibleLicenseIdCount: number }>(session, '/api/v1/access-check');
    expect(accessCheck.visibleLicenseIdCount, `${who}: access check`).toBe(visible.length);

    // A sample of (route, License ID) pairs per user — every other pair, shifted per user, and always an unknown number
    // — keeps a world at about a second; over the runs every pair comes up.
    const probes = (r: number) =>
      [...numbers, `X${unique().toUpperCase()}`]
        .map((number, i) => ({ number, i }))
        .filter(({ i }) => i === numbers.length || (i + r + u) % 2 === 0);
    for (const [r, route] of NAMED_IN_REQUEST.entries()) {
      for (const { i, number } of probes(r)) {
        const response = await t.app.inject({
          method: route.method,
          url: route.url,
          headers: session.headers,
          ...route.request(number),
        });
        const allowed = standings[i]?.capabilities.includes(route.capability) ?? false;
        expect(
          allowed ? response.statusCode : `${response.statusCode} ${response.json<{ code: string }>().code}`,
          `${who}: ${route.method} ${route.url} on ${number}: ${response.body.slice(0, 300)}`,
        ).toBe(allowed ? 200 : '404 license_id.not_found');
      }
    }

    // Every capability-guarded route, on License IDs of the world and on one that does not exist: through the guard
    // exactly where the matrix grants the capability. A body is not needed: the guard runs before validation.
    for (const [r, route] of guarded.entries()) {
      for (const { i, number } of probes(r + NAMED_IN_REQUEST.length)) {
        const url = route.url.replace(/:(\w+)/g, (_, name: string) =>
          name === 'licenseIdNumber' ? number : '00000000-0000-4000-8000-000000000000',
        );
        const response = await t.app.inject({
          method: route.method as 'GET',
          url,
          headers: session.headers,
          ...(route.method === 'GET' ? {} : { payload: {} }),
        });
        const allowed = standings[i]?.capabilities.includes(route.licenseIdCapability!) ?? false;
        const refused =
          response.statusCode === 404 && response.json<{ code: string }>().code === 'license_id.not_found';
        expect(
          allowed ? ![401, 403].includes(response.statusCode) && !refused : refused,
          `${who}: ${route.method} ${url} should be ${allowed ? 'allowed' : 'refused (404)'}; got ${response.statusCode} ${response.body}`,
        ).toBe(true);
      }
    }
  }
}

it('what any user sees of volume licensing is exactly what the role matrix allows', async () => {
  expect(t.app.routeTable.some((r) => r.licenseIdCapability !== undefined)).toBe(true);
  await fc.assert(
    fc.asyncProperty(worldArb, async (g) => check(await write(g))),
    { numRuns: NUM_RUNS, ...SEED },
  );
}, 240_000);
