// The contracts list (SPEC §7, first cut for the Volume licensing landing): the License IDs the caller's VL profiles
// hold any role on, nearest end date first. Scoped in the query itself: a License ID the caller has no role on, or
// whose organization is not approved, is simply not found. Directory roles (global administrator, operator) add
// nothing here.
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Clock } from '../../clock.js';
import type { Database } from '../../db/client.js';
import { licenseIds, organizations, parentAgreements, programs, vlProfiles } from '../../db/schema.js';
import type { Cloud } from '../../domain/clouds.js';
import { effectiveLicenseIdStatus, isoDay, type LicenseIdStatus } from '../../domain/license-ids.js';
import { capabilitiesOf, type VlCapability, type VlRole } from '../../domain/vl-roles.js';
import { decodeCursor, DEFAULT_PAGE_SIZE, pageOf, type PageOf } from '../agreements/paging.js';
import type { SignedInAccount } from '../session/service.js';
import { heldRoles, vlRolesIn, type VlAccessService } from '../vl-access/service.js';

export type ContractRow = {
  licenseIdNumber: string;
  organizationName: string;
  /** city and country, e.g. `Redmond, US` */
  location: string;
  programId: string;
  programName: string;
  parentAgreementNumber: string | null;
  cloud: Cloud;
  startDate: string;
  endDate: string;
  status: LicenseIdStatus;
  /** every role held, direct or inherited */
  roles: VlRole[];
  /** the roles held only through inheritance from the parent agreement */
  inheritedRoles: VlRole[];
  /** administrators of this License ID (direct or inherited); one is a warning (SPEC §4) */
  administratorCount: number;
  /** what the roles allow on this License ID (the role matrix, SPEC §4) */
  capabilities: VlCapability[];
  /** held by an identity of another cloud than the License ID's (SPEC §1) */
  accessAtRisk: boolean;
};

export function createContractsService(deps: { db: Database; clock: Clock; vlAccess: VlAccessService }) {
  const { db, clock, vlAccess } = deps;

  async function listContracts(
    account: SignedInAccount,
    options: { cursor?: string | undefined; limit?: number | undefined },
  ): Promise<PageOf<ContractRow>> {
    const limit = options.limit ?? DEFAULT_PAGE_SIZE;
    const key = decodeCursor(options.cursor, 2);
    const held = heldRoles(db);
    const allHeld = heldRoles(db);
    const rows = await db
      .select({
        number: licenseIds.number,
        organizationName: organizations.name,
        city: organizations.city,
        country: organizations.country,
        programId: programs.id,
        programName: programs.name,
        enterpriseStyle: programs.enterpriseStyle,
        parentAgreementNumber: parentAgreements.number,
        cloud: licenseIds.cloud,
        startDate: licenseIds.startDate,
        endDate: licenseIds.endDate,
        status: licenseIds.status,
        roles: sql<string[]>`array_agg(distinct ${held.role})`,
        directRoles: sql<(string | null)[]>`array_agg(distinct ${held.role}) filter (where not ${held.inherited})`,
        administratorCount: sql<number>`(select count(distinct ${allHeld.vlProfileId})::int from ${allHeld}
          where ${allHeld.licenseIdId} = ${licenseIds.id} and ${allHeld.role} = 'administrator')`,
      })
      .from(held)
      .innerJoin(vlProfiles, eq(vlProfiles.id, held.vlProfileId))
      .innerJoin(licenseIds, eq(licenseIds.id, held.licenseIdId))
      .innerJoin(organizations, eq(organizations.id, licenseIds.organizationId))
      .innerJoin(programs, eq(programs.id, licenseIds.programId))
      .leftJoin(parentAgreements, eq(parentAgreements.id, licenseIds.parentAgreementId))
      .where(
        and(
          eq(vlProfiles.accountId, account.id),
          // SPEC §3: a not-approved organization's License IDs are hidden from customers.
          eq(organizations.approvalState, 'approved'),
          vlAccess.cloudCondition(account),
          key ? sql`(${licenseIds.endDate}, ${licenseIds.number}) > (${key[0]}::date, ${key[1]})` : undefined,
        ),
      )
      .groupBy(licenseIds.id, organizations.id, programs.id, parentAgreements.id)
      .orderBy(asc(licenseIds.endDate), asc(licenseIds.number))
      .limit(limit + 1);
    const today = isoDay(clock.now());
    return pageOf(
      rows,
      limit,
      (r) => {
        const roles = vlRolesIn(r.roles);
        const direct = vlRolesIn(r.directRoles ?? []);
        return {
          licenseIdNumber: r.number,
          organizationName: r.organizationName,
          location: `${r.city}, ${r.country}`,
          programId: r.programId,
          programName: r.programName,
          parentAgreementNumber: r.parentAgreementNumber,
          cloud: r.cloud as Cloud,
          startDate: r.startDate,
          endDate: r.endDate,
          status: effectiveLicenseIdStatus(r.status, r.endDate, today),
          roles,
          inheritedRoles: roles.filter((role) => !direct.includes(role)),
          administratorCount: r.administratorCount,
          capabilities: capabilitiesOf(roles, { enterpriseStyle: r.enterpriseStyle }),
          accessAtRisk: r.cloud !== account.cloud,
        };
      },
      (r) => [r.endDate, r.number],
    );
  }

  return { listContracts };
}

export type ContractsService = ReturnType<typeof createContractsService>;
