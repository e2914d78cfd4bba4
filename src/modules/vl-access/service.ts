// Who holds which VL role on which License ID (SPEC §4) — the one place that answers it. Roles are held directly
// (vl_role_assignments) or inherited: a Primary, Notices or Online Administrator contact of a parent agreement who
// opted in is Administrator of every child License ID. Both are read at request time, so any change counts from the
// next request on. Everything a customer sees goes through `heldRoles`; the matrix (domain/vl-roles.ts) turns the
// roles into capabilities.
import { and, eq, exists, inArray, sql, type SQL } from 'drizzle-orm';
import { unionAll, type PgSelect, type SelectedFields } from 'drizzle-orm/pg-core';
import type { Clock } from '../../clock.js';
import type { Config } from '../../config.js';
import { isAnyOf, type Database, type Transaction } from '../../db/client.js';
import {
  agreementContacts,
  licenseIds,
  organizations,
  programs,
  vlInheritanceOptIns,
  vlProfiles,
  vlRoleAssignments,
} from '../../db/schema.js';
import type { Cloud } from '../../domain/clouds.js';
import { AppError, notFound } from '../../domain/errors.js';
import {
  capabilitiesOf,
  rolesGranting,
  VL_ROLES,
  type ContactKind,
  type VlCapability,
  type VlRole,
} from '../../domain/vl-roles.js';
import type { SignedInAccount } from '../session/service.js';

/** The contact kinds of a parent agreement that may opt in to inherit Administrator (SPEC §4 "Inheritance"). */
export const INHERITING_CONTACT_KINDS: readonly ContactKind[] = ['primary', 'notices', 'online-administrator'];

/**
 * Every (VL profile, License ID, role) held, with `inherited` telling the two sources apart — as a subquery to join.
 * Filter it by profile or License ID in the outer query; PostgreSQL pushes the filter into both branches.
 */
export function heldRoles(db: Database | Transaction) {
  const direct = db
    .select({
      vlProfileId: vlRoleAssignments.vlProfileId,
      licenseIdId: vlRoleAssignments.licenseIdId,
      role: vlRoleAssignments.role,
      inherited: sql<boolean>`false`.as('inherited'),
    })
    .from(vlRoleAssignments);
  const inherited = db
    .select({
      vlProfileId: vlInheritanceOptIns.vlProfileId,
      licenseIdId: licenseIds.id,
      role: sql<string>`'administrator'`.as('role'),
      inherited: sql<boolean>`true`.as('inherited'),
    })
    .from(vlInheritanceOptIns)
    .innerJoin(vlProfiles, eq(vlProfiles.id, vlInheritanceOptIns.vlProfileId))
    .innerJoin(licenseIds, eq(licenseIds.parentAgreementId, vlInheritanceOptIns.parentAgreementId))
    .where(
      exists(
        db
          .select({ one: sql`1` })
          .from(agreementContacts)
          .where(
            and(
              eq(agreementContacts.parentAgreementId, vlInheritanceOptIns.parentAgreementId),
              eq(agreementContacts.email, vlProfiles.businessEmail),
              inArray(agreementContacts.kind, [...INHERITING_CONTACT_KINDS]),
            ),
          ),
      ),
    );
  return unionAll(direct, inherited).as('held');
}

type HeldRoles = ReturnType<typeof heldRoles>;

/** The caller's standing on one License ID: what a route guarded by a capability hands its handler. */
export type LicenseIdGrant = {
  id: string;
  number: string;
  cloud: Cloud;
  organizationId: string;
  organizationName: string;
  programId: string;
  programName: string;
  enterpriseStyle: boolean;
  parentAgreementId: string | null;
  /** every role held, direct or inherited, in VL_ROLES order */
  roles: VlRole[];
  /** the roles held only through inheritance */
  inheritedRoles: VlRole[];
  capabilities: VlCapability[];
};

/** In VL_ROLES order, unknown values dropped. */
export const vlRolesIn = (values: readonly (string | null)[]): VlRole[] => VL_ROLES.filter((r) => values.includes(r));

export const licenseIdNotFound = (number: string) =>
  notFound(
    'license_id.not_found',
    `License ID ${number} was not found among the agreements you hold a VL role on. Check the number; if you should have access, ask a VL administrator of the agreement to add you, or open "Why can't I see volume licensing?".`,
  );

/**
 * The first of `items` (License IDs, each named by the request field it came from) that the caller may not use —
 * `usable` says — is a 404 naming its field; the same answer whether unknown, not theirs, or lacking the role.
 */
export function refuseFirstMissing(
  items: readonly { number: string; field: string }[],
  usable: (number: string) => boolean,
  fieldMessage = 'is not a License ID you may use for this',
): void {
  const missing = items.find((i) => !usable(i.number));
  if (!missing) return;
  const error = licenseIdNotFound(missing.number);
  throw new AppError(error.status, error.code, error.message, {
    fields: [{ name: missing.field, message: fieldMessage, rule: 'license_id_unknown' }],
  });
}

type Standing = Pick<LicenseIdGrant, 'roles' | 'inheritedRoles' | 'capabilities'>;
/**
 * Standings by roles held, direct roles and program style: a handful of combinations (the role column holds the seven
 * VL roles only), while a license summary maps up to 1,000 grants at a time. Shared, so never to be mutated.
 */
const standings = new Map<string, Standing>();

/** `held` and `directlyHeld`: the roles as the grants query lists them, comma-separated. */
function standingOf(held: string, directlyHeld: string | null, enterpriseStyle: boolean): Standing {
  const key = `${held}|${directlyHeld ?? ''}|${enterpriseStyle}`;
  let standing = standings.get(key);
  if (!standing) {
    const roles = vlRolesIn(held.split(','));
    const direct = vlRolesIn(directlyHeld?.split(',') ?? []);
    standing = {
      roles,
      inheritedRoles: roles.filter((r) => !direct.includes(r)),
      capabilities: capabilitiesOf(roles, { enterpriseStyle }),
    };
    standings.set(key, standing);
  }
  return standing;
}

/** Whose roles: grants depend on the account and its cloud only (a job has no session, just these). */
export type AccountRef = Pick<SignedInAccount, 'id' | 'cloud'>;

export function createVlAccessService(deps: { db: Database; clock: Clock; config: Config }) {
  const { db, clock, config } = deps;

  /**
   * SPEC §1: a role held by an identity of another cloud than the License ID's is ACCESS AT RISK; from
   * CLOUD_ENFORCEMENT_DATE on it grants nothing. The condition to add to a query over License IDs for this caller.
   */
  function cloudCondition(account: AccountRef) {
    const cloud = enforcedCloud(account);
    return cloud ? eq(licenseIds.cloud, cloud) : undefined;
  }

  /** The cloud a License ID must be in to count for this caller, once enforcement has begun (else undefined). */
  function enforcedCloud(account: AccountRef): Cloud | undefined {
    const enforced = config.cloudEnforcementDate !== undefined && clock.now() >= config.cloudEnforcementDate;
    return enforced ? account.cloud : undefined;
  }

  /**
   * The License IDs among `numbers` (or all, with 'all') on which the caller holds a role that counts (organization
   * approved; same cloud after enforcement), joined to each role held (`held`): the one place the conditions of a
   * grant are written. A License ID appears once per role; group by it. `query` selects from license_ids and may
   * have joined more (the program, when its style matters).
   */
  function heldLicenseIds<Query extends PgSelect>(
    query: Query,
    held: HeldRoles,
    account: AccountRef,
    numbers: readonly string[] | 'all',
    roleCondition?: SQL,
  ) {
    return query
      .innerJoin(organizations, eq(organizations.id, licenseIds.organizationId))
      .innerJoin(held, eq(held.licenseIdId, licenseIds.id))
      .innerJoin(vlProfiles, eq(vlProfiles.id, held.vlProfileId))
      .where(
        and(
          // One array parameter, not one per number: a single statement text however many are asked for (up to
          // 1,000 for a license summary), cheaper to send and to plan.
          numbers === 'all' ? undefined : isAnyOf(licenseIds.number, [...new Set(numbers)], 'text'),
          eq(vlProfiles.accountId, account.id),
          eq(organizations.approvalState, 'approved'),
          cloudCondition(account),
          roleCondition,
        ),
      );
  }

  /**
   * The caller's roles on each of the License IDs `numbers` (or on all, with 'all') they hold a role on that counts
   * (see heldLicenseIds). A License ID missing from the map does not exist for the caller — whether unknown, not
   * theirs, or hidden: the same answer for all. One query.
   */
  async function grantsOn(
    account: AccountRef,
    numbers: readonly string[] | 'all',
    tx: Database | Transaction = db,
  ): Promise<Map<string, LicenseIdGrant>> {
    if (numbers.length === 0) return new Map();
    const held = heldRoles(tx);
    const grantFields = {
      id: licenseIds.id,
      number: licenseIds.number,
      cloud: licenseIds.cloud,
      organizationId: organizations.id,
      organizationName: organizations.name,
      programId: programs.id,
      programName: programs.name,
      enterpriseStyle: programs.enterpriseStyle,
      parentAgreementId: licenseIds.parentAgreementId,
      // Comma-separated, not arrays: cheaper to parse for the 1,000 rows of a license summary's check.
      roles: sql<string>`string_agg(distinct ${held.role}, ',')`,
      directRoles: sql<string | null>`string_agg(distinct ${held.role}, ',') filter (where not ${held.inherited})`,
    };
    const rows = await heldLicenseIds(
      tx.select(grantFields).from(licenseIds).innerJoin(programs, eq(programs.id, licenseIds.programId)).$dynamic(),
      held,
      account,
      numbers,
    ).groupBy(licenseIds.id, organizations.id, programs.id);
    return new Map(
      rows.map((row) => {
        const { roles, inheritedRoles, capabilities } = standingOf(row.roles, row.directRoles, row.enterpriseStyle);
        // Field by field, not spread: one object shape for every grant.
        const grant: LicenseIdGrant = {
          id: row.id,
          number: row.number,
          cloud: row.cloud as Cloud,
          organizationId: row.organizationId,
          organizationName: row.organizationName,
          programId: row.programId,
          programName: row.programName,
          enterpriseStyle: row.enterpriseStyle,
          parentAgreementId: row.parentAgreementId,
          roles,
          inheritedRoles,
          capabilities,
        };
        return [row.number, grant];
      }),
    );
  }

  /**
   * The License IDs among `numbers` (or all) on which the caller holds a role carrying `capability`, as a query to
   * embed in a larger statement (e.g. `with granted as (…)`): `fields` of license_ids, one row per License ID. For
   * work over many License IDs that needs neither the roles nor the organization of each — a license summary's 1,000
   * grants cost one join here instead of 1,000 mapped rows.
   */
  function licenseIdsWith(
    account: AccountRef,
    numbers: readonly string[] | 'all',
    capability: VlCapability,
    fields: SelectedFields,
    tx: Database | Transaction = db,
  ) {
    const enterprise = rolesGranting(capability, { enterpriseStyle: true });
    const other = rolesGranting(capability, { enterpriseStyle: false });
    const held = heldRoles(tx);
    const query = tx.select(fields).from(licenseIds).$dynamic();
    // The program is read only when its style changes which roles carry the capability (for most it does not): a
    // license summary would otherwise look up 1,000 programs to learn nothing.
    const sameForEveryProgram = enterprise.length === other.length && enterprise.every((r) => other.includes(r));
    const roleCondition = sameForEveryProgram
      ? sql`${held.role} = any(${sql.param(other)}::text[])`
      : sql`${held.role} = any(case when ${programs.enterpriseStyle} then ${sql.param(enterprise)}::text[] else ${sql.param(other)}::text[] end)`;
    return heldLicenseIds(
      sameForEveryProgram ? query : query.innerJoin(programs, eq(programs.id, licenseIds.programId)),
      held,
      account,
      numbers,
      roleCondition,
    ).groupBy(licenseIds.id);
  }

  /** The caller's grant on one License ID, or null (see grantsOn). */
  async function grantOn(account: SignedInAccount, number: string, tx: Database | Transaction = db) {
    return (await grantsOn(account, [number], tx)).get(number) ?? null;
  }

  /**
   * The grants on every License ID in `items` (each named by the request field it came from), all carrying
   * `capability`; the first that does not is a 404 naming its field.
   */
  async function requireCapabilityOnAll(
    account: SignedInAccount,
    items: readonly { number: string; field: string }[],
    capability: VlCapability,
    tx: Database | Transaction = db,
    fieldMessage?: string,
  ): Promise<Map<string, LicenseIdGrant>> {
    const grants = await grantsOn(
      account,
      items.map((i) => i.number),
      tx,
    );
    refuseFirstMissing(items, (number) => grants.get(number)?.capabilities.includes(capability) ?? false, fieldMessage);
    return grants;
  }

  /** The grant on `number` if it carries `capability`; otherwise the License ID does not exist for the caller. */
  async function requireCapability(
    account: SignedInAccount,
    number: string,
    capability: VlCapability,
    tx: Database | Transaction = db,
  ): Promise<LicenseIdGrant> {
    const grant = await grantOn(account, number, tx);
    if (!grant?.capabilities.includes(capability)) throw licenseIdNotFound(number);
    return grant;
  }

  return {
    grantsOn,
    licenseIdsWith,
    grantOn,
    requireCapability,
    requireCapabilityOnAll,
    cloudCondition,
    enforcedCloud,
  };
}

export type VlAccessService = ReturnType<typeof createVlAccessService>;
