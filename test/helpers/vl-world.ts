// Builders for VL worlds (SPEC §4): VL users with profiles and roles written straight to vl_profiles and
// vl_role_assignments, parent-agreement contacts and inheritance opt-ins, organizations and License IDs for tests that
// need many of them quickly, and sessions. What the API then shows is what the tests check.
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/db/client.js';
import {
  agreementContacts,
  licenseIds,
  organizations,
  parentAgreements,
  sessions,
  vlInheritanceOptIns,
  vlProfiles,
  vlRoleAssignments,
} from '../../src/db/schema.js';
import type { ContactKind, VlRole } from '../../src/domain/vl-roles.js';
import { sessionCookieName } from '../../src/http/auth.js';
import { createContractsService } from '../../src/modules/contracts/service.js';
import { createSessionService } from '../../src/modules/session/service.js';
import { createVlAccessService } from '../../src/modules/vl-access/service.js';
import { randomToken } from '../../src/clock.js';
import { sessionCookieOf, type TestApp } from './app.js';
import { createAccount } from './builders.js';

let ipCounter = 0;
/** A client address nobody used yet in this process: per-address rate limits are not what these tests are about. */
export const nextIp = () => {
  const n = ++ipCounter;
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
};

let counter = 0;
/** A short token unique in this process, for throwaway names, e-mail addresses and numbers. */
export const unique = () => `${Date.now().toString(36)}${(++counter).toString(36)}`;

export type Session = { accountId: string; headers: Record<string, string> };

/** Signs in through the API (from an address of its own); the headers a browser would send afterwards. */
export async function signInFrom(app: FastifyInstance, login: string, password: string): Promise<Session> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/sign-in',
    payload: { login, password },
    remoteAddress: nextIp(),
  });
  if (response.statusCode !== 200) throw new Error(`sign-in as ${login}: ${response.statusCode} ${response.body}`);
  const body = response.json<{ csrfToken: string; account: { id: string } }>();
  return { accountId: body.account.id, headers: { cookie: sessionCookieOf(response), 'x-csrf-token': body.csrfToken } };
}

/**
 * A session for `accountId` without the password round (Argon2id is slow, and property tests start hundreds):
 * the row sign-in would write, then GET /api/v1/me for the CSRF token, as the web app does.
 */
export async function openSession(t: TestApp, accountId: string): Promise<Session> {
  const sessionId = randomBytes(32).toString('base64url');
  const now = t.clock.now();
  await t.db.db.insert(sessions).values({
    idHash: createHash('sha256').update(sessionId).digest('hex'),
    accountId,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + 24 * 60 * 60 * 1000),
  });
  const cookie = `${sessionCookieName(t.config)}=${sessionId}`;
  const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
  if (me.statusCode !== 200) throw new Error(`session for ${accountId}: ${me.statusCode} ${me.body}`);
  return { accountId, headers: { cookie, 'x-csrf-token': me.json<{ csrfToken: string }>().csrfToken } };
}

export type VlUserFixture = { accountId: string; signInName: string; profiles: { id: string; email: string }[] };

/**
 * A work account signing in with `signInName`, and a VL profile for each business e-mail in `emails` (default: the
 * sign-in name) — what registering from an invitation leaves behind.
 */
export async function createVlUser(
  db: Database,
  values: { tenantId: string; signInName: string; emails?: string[]; cloud?: string; displayName?: string },
): Promise<VlUserFixture> {
  const account = await createAccount(db, {
    tenantId: values.tenantId,
    signInName: values.signInName,
    cloud: values.cloud ?? 'public',
    ...(values.displayName === undefined ? {} : { displayName: values.displayName }),
  });
  const profiles = [];
  for (const email of values.emails ?? [values.signInName]) {
    const [profile] = await db
      .insert(vlProfiles)
      .values({ businessEmail: email, accountId: account.id, displayName: values.displayName ?? null })
      .returning({ id: vlProfiles.id });
    profiles.push({ id: profile!.id, email });
  }
  return { accountId: account.id, signInName: values.signInName, profiles };
}

/** Direct roles of one VL profile on one License ID (vl_role_assignments rows). */
export async function grantRoles(
  db: Database,
  values: { vlProfileId: string; licenseIdId: string; roles: readonly VlRole[] },
): Promise<void> {
  if (values.roles.length === 0) return;
  await db.insert(vlRoleAssignments).values(
    values.roles.map((role) => ({
      vlProfileId: values.vlProfileId,
      licenseIdId: values.licenseIdId,
      role,
      grantedAt: new Date('2026-11-01T00:00:00Z'),
    })),
  );
}

/** A contact of a parent agreement (agreement_contacts with parent_agreement_id). */
export async function addParentAgreementContact(
  db: Database,
  values: { parentAgreementId: string; kind: ContactKind; email: string; name?: string },
): Promise<void> {
  await db.insert(agreementContacts).values({
    parentAgreementId: values.parentAgreementId,
    kind: values.kind,
    name: values.name ?? values.email.split('@')[0]!,
    email: values.email,
  });
}

/** An inheritance opt-in row, as Preferences writes it (whether or not the profile is an inheriting contact). */
export async function optIn(db: Database, values: { vlProfileId: string; parentAgreementId: string }): Promise<void> {
  await db.insert(vlInheritanceOptIns).values(values);
}

export async function insertOrganization(
  db: Database,
  values: { partnerId: string; name: string; approvalState: 'pending' | 'approved' | 'rejected' },
): Promise<string> {
  const [row] = await db
    .insert(organizations)
    .values({ ...values, city: 'Redmond', country: 'US', pcns: [`PCN-${unique()}`] })
    .returning({ id: organizations.id });
  return row!.id;
}

export async function insertParentAgreement(
  db: Database,
  values: { partnerId: string; organizationId: string; programId: string; number: string },
): Promise<string> {
  const [row] = await db.insert(parentAgreements).values(values).returning({ id: parentAgreements.id });
  return row!.id;
}

export async function insertLicenseId(
  db: Database,
  values: {
    partnerId: string;
    organizationId: string;
    programId: string;
    number: string;
    cloud: string;
    parentAgreementId: string | null;
  },
): Promise<string> {
  const [row] = await db
    .insert(licenseIds)
    .values({ ...values, startDate: '2026-01-01', endDate: '2028-12-31' })
    .returning({ id: licenseIds.id });
  return row!.id;
}

/**
 * The contracts list read by its other statement — License IDs in the list's order, kept where the caller holds a
 * role — which the app takes only for callers with roles on thousands (contracts service, `walksLicenseIds`). The
 * real services on the same database and session (the cookie's), for tests that hold both statements to one answer.
 */
export function walkingContractsList(t: TestApp) {
  const vlAccess = createVlAccessService({ db: t.db.db, clock: t.clock, config: t.config });
  const contracts = createContractsService({ db: t.db.db, clock: t.clock, vlAccess, walkFrom: 0 });
  const sessions = createSessionService({
    db: t.db.db,
    clock: t.clock,
    secretKey: t.config.secretKey!,
    newToken: randomToken,
  });
  return async <T>(cookie: string, query: Parameters<typeof contracts.listContractsPage>[1] = {}) => {
    const auth = await sessions.authenticate(cookie.slice(cookie.indexOf('=') + 1));
    if (!auth) throw new Error(`no session for ${cookie}`);
    const page = await contracts.listContractsPage(auth, query, (p) => JSON.stringify(p));
    return JSON.parse(page.json) as { items: T[]; nextCursor: string | null };
  };
}
