// VL administrators managing their people (SPEC §6) and every VL user's Preferences. An administrator acts only on
// License IDs they administer (directly or inherited); everything else does not exist for them. Each change runs in
// one transaction, is audited with before → after, and e-mails the affected user (and confirms to the administrator).
import { randomUUID } from 'node:crypto';
import { and, asc, eq, gt, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import { union, unionAll, type AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Clock } from '../../clock.js';
import type { Config } from '../../config.js';
import { isAnyOf, type Database, type Transaction } from '../../db/client.js';
import {
  accounts,
  agreementContacts,
  invitations,
  licenseIds,
  organizations,
  parentAgreements,
  programs,
  userPreferences,
  vlInheritanceOptIns,
  vlProfiles,
  vlRoleAssignments,
} from '../../db/schema.js';
import { normalizeEmail } from '../../domain/addresses.js';
import type { Cloud } from '../../domain/clouds.js';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../domain/errors.js';
import { effectiveInvitationState, type InvitationState } from '../../domain/invitations.js';
import { effectiveLicenseIdStatus, isoDay } from '../../domain/license-ids.js';
import { roleSetProblem, type VlRole } from '../../domain/vl-roles.js';
import { enqueueMail } from '../../mail/outbox.js';
import { decodeCursor, DEFAULT_PAGE_SIZE, pageOf, type PageOf } from '../agreements/paging.js';
import { recordAudit } from '../audit/service.js';
import { assignmentConfirmationMail, mailLocaleOf, type AssignmentChange } from '../onboarding/mails.js';
import type { Actor, OnboardingService } from '../onboarding/service.js';
import type { Auth, SignedInAccount } from '../session/service.js';
import {
  heldRoles,
  INHERITING_CONTACT_KINDS,
  licenseIdNotFound,
  vlRolesIn,
  type LicenseIdGrant,
  type VlAccessService,
} from '../vl-access/service.js';
import type { AssignRolesInput, UpdateVlPreferencesInput } from './schemas.js';

const ROLE_ASSIGNMENTS_PATH = '/volume-licensing/role-assignments';

type Executor = Database | Transaction;

/** Which License IDs a statement looks at: a condition on one of its License ID id columns. */
type Scope = (licenseIdId: AnyPgColumn) => SQL;

export type AdministeredLicenseIdView = {
  licenseIdNumber: string;
  organizationName: string;
  programId: string;
  programName: string;
  enterpriseStyle: boolean;
  parentAgreementNumber: string | null;
  cloud: Cloud;
  endDate: string;
  status: 'active' | 'expired' | 'terminated';
  inherited: boolean;
  administratorCount: number;
};

export type VlUserStatus = 'active' | 'invitation-sent' | 'invitation-expired' | 'failed' | 'user-not-found';

export type VlUserView = {
  businessEmail: string;
  displayName: string | null;
  signInName: string | null;
  internal: boolean;
  status: VlUserStatus;
  accessAtRisk: boolean;
  licenseIds: {
    licenseIdNumber: string;
    organizationName: string;
    programName: string;
    roles: VlRole[];
    inheritedRoles: VlRole[];
    invitation: { state: 'pending' | 'expired' | 'failed'; roles: VlRole[]; expiresAt: string } | null;
    accessAtRisk: boolean;
  }[];
};

type AssignmentAction = 'unchanged' | 'roles-changed' | 'invitation-sent' | 'invitation-updated' | 'roles-removed';

const notAnAdministrator = () =>
  forbidden(
    'vl_users.not_an_administrator',
    'You do not administer any License ID, so you cannot assign roles. Ask an administrator of the agreement to make you one, or open "Why can\'t I see volume licensing?".',
  );

const userNotFound = (email: string) =>
  notFound(
    'vl_users.not_found',
    `${email} holds no role and has no invitation on the License IDs you administer. Check the address, or add the user under Assign users to contracts.`,
  );

const lastAdministrator = (licenseIdNumber: string) =>
  conflict(
    'vl_users.last_administrator',
    `This would leave License ID ${licenseIdNumber} without an administrator. Make someone else an administrator first, then try again.`,
  );

export function createVlUsersService(deps: {
  db: Database;
  clock: Clock;
  config: Config;
  vlAccess: VlAccessService;
  onboarding: OnboardingService;
}) {
  const { db, clock, config, vlAccess, onboarding } = deps;
  const actorOf = (account: SignedInAccount, ip: string): Actor => ({
    actorKind: 'account',
    actorAccountId: account.id,
    ip,
  });

  /**
   * The License IDs `account` administers (SPEC §6: where they may assign roles), in License ID order, with their ids:
   * the scope of managing users. One query.
   */
  async function administeredRows(account: SignedInAccount, tx: Executor = db) {
    const held = heldRoles(tx);
    return tx
      .select({
        id: licenseIds.id,
        number: licenseIds.number,
        organizationName: organizations.name,
        programId: programs.id,
        programName: programs.name,
        enterpriseStyle: programs.enterpriseStyle,
        parentAgreementNumber: parentAgreements.number,
        cloud: licenseIds.cloud,
        endDate: licenseIds.endDate,
        status: licenseIds.status,
        inherited: sql<boolean>`bool_and(${held.inherited})`,
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
          eq(held.role, 'administrator'),
          eq(organizations.approvalState, 'approved'),
          vlAccess.cloudCondition(account),
        ),
      )
      .groupBy(licenseIds.id, organizations.id, programs.id, parentAgreements.id)
      .orderBy(asc(licenseIds.number));
  }

  /** The License IDs `account` administers, as the API lists them: with how many administrators each has. */
  async function administered(account: SignedInAccount, tx: Executor = db): Promise<AdministeredLicenseIdView[]> {
    const rows = await administeredRows(account, tx);
    const counts = await administratorCounts(tx, (licenseIdId) =>
      inArray(licenseIdId, administeredIds(account, 'all', tx)),
    );
    const today = isoDay(clock.now());
    return rows.map((r) => ({
      licenseIdNumber: r.number,
      organizationName: r.organizationName,
      programId: r.programId,
      programName: r.programName,
      enterpriseStyle: r.enterpriseStyle,
      parentAgreementNumber: r.parentAgreementNumber,
      cloud: r.cloud as Cloud,
      endDate: r.endDate,
      status: effectiveLicenseIdStatus(r.status, r.endDate, today),
      inherited: r.inherited,
      administratorCount: counts.get(r.id) ?? 0,
    }));
  }

  /** Distinct administrators (direct or inherited) per License ID id, of the License IDs in `scope`. */
  async function administratorCounts(tx: Executor, scope: Scope): Promise<Map<string, number>> {
    const held = heldRoles(tx);
    // Distinct pairs first, then counted: hashed, where count(distinct …) would sort every License ID's rows.
    const administrators = tx
      .selectDistinct({ licenseIdId: held.licenseIdId, vlProfileId: held.vlProfileId })
      .from(held)
      .where(and(scope(held.licenseIdId), eq(held.role, 'administrator')))
      .as('administrators');
    const rows = await tx
      .select({ licenseIdId: administrators.licenseIdId, count: sql<number>`count(*)::int` })
      .from(administrators)
      .groupBy(administrators.licenseIdId);
    return new Map(rows.map((r) => [r.licenseIdId, r.count]));
  }

  /** The caller's administered License IDs among `numbers`; an unknown or not administered one is a 404 naming it. */
  async function requireAdministered(
    tx: Executor,
    account: SignedInAccount,
    items: { number: string; field: string }[],
  ): Promise<Map<string, LicenseIdGrant>> {
    return vlAccess.requireCapabilityOnAll(account, items, 'vl-users.manage', tx, 'is not a License ID you administer');
  }

  /**
   * The ids of the License IDs `account` administers (all, or those among `numbers`), as a subquery: the users pages
   * filter by it in the database instead of fetching the ids and sending them back, so they stay a few statements
   * however many License IDs a licensing desk administers.
   */
  const administeredIds = (account: SignedInAccount, numbers: readonly string[] | 'all' = 'all', tx: Executor = db) =>
    vlAccess.licenseIdsWith(account, numbers, 'vl-users.manage', { id: licenseIds.id }, tx);

  /** Refuses someone who administers no License ID (one row looked at, not the whole list). */
  async function requireAnyAdministered(account: SignedInAccount, tx: Executor = db): Promise<void> {
    const administered = administeredIds(account, 'all', tx).as('administered');
    const [any] = await tx
      .select({ one: sql`1` })
      .from(administered)
      .limit(1);
    if (!any) throw notAnAdministrator();
  }

  // ---------------------------------------------------------------- lookup

  async function lookup(account: SignedInAccount, rawEmail: string) {
    await requireAnyAdministered(account);
    const email = normalizeEmail(rawEmail);
    const [profile] = await db
      .select({ displayName: vlProfiles.displayName, tenantId: accounts.tenantId })
      .from(vlProfiles)
      .innerJoin(accounts, eq(accounts.id, vlProfiles.accountId))
      .where(eq(vlProfiles.businessEmail, email));
    if (profile) {
      return {
        email,
        match: 'vl-user' as const,
        internal: profile.tenantId !== null && profile.tenantId === account.tenantId,
        displayName: profile.displayName,
      };
    }
    const found = await signInAccountOf(db, email, account);
    if (found) {
      const internal = found.tenantId === account.tenantId;
      // Outside the caller's tenant only the fact that a work account exists: names are the other tenant's business.
      return {
        email,
        match: internal ? ('tenant-account' as const) : ('account' as const),
        internal,
        displayName: internal ? found.displayName : null,
      };
    }
    return { email, match: 'none' as const, internal: false, displayName: null };
  }

  /** A usable work account (managed tenant, the caller's cloud, not disabled) that signs in with `email`. */
  async function signInAccountOf(tx: Executor, email: string, caller: SignedInAccount) {
    const [found] = await tx
      .select({ id: accounts.id, tenantId: accounts.tenantId, displayName: accounts.displayName })
      .from(accounts)
      .where(
        and(
          eq(accounts.signInName, email),
          eq(accounts.kind, 'work'),
          eq(accounts.cloud, caller.cloud),
          sql`${accounts.disabledAt} is null`,
          sql`exists (select 1 from tenants t where t.id = accounts.tenant_id and t.state = 'managed')`,
        ),
      );
    return found ?? null;
  }

  // ---------------------------------------------------------------- assign roles

  /**
   * Sets the roles of the user with business e-mail `input.email` on each listed License ID to exactly the given
   * roles (SPEC §6). Registered VL users and accounts of the caller's tenant get the roles at once; on enterprise-style
   * programs a work account elsewhere is added by its sign-in ID; any other address is invited (non-enterprise only,
   * after an explicit confirm). Inherited roles are not touched. All or nothing.
   */
  async function assignRoles(auth: Auth, input: AssignRolesInput, ip: string) {
    const account = auth.account;
    const email = normalizeEmail(input.email);
    const changes: AssignmentChange[] = [];
    const result = await db.transaction(async (tx) => {
      // Someone who administers nothing learns that first, not which License IDs exist.
      await requireAnyAdministered(account, tx);
      const grants = await requireAdministered(
        tx,
        account,
        input.assignments.map((a, i) => ({
          number: a.licenseIdNumber,
          field: `body.assignments.${i}.licenseIdNumber`,
        })),
      );
      const numbers = input.assignments.map((a) => a.licenseIdNumber);
      if (new Set(numbers).size !== numbers.length) {
        throw badRequest('request.invalid', 'Each License ID may appear once in a save.', [
          { name: 'body.assignments', message: 'lists a License ID twice', rule: 'duplicate' },
        ]);
      }
      input.assignments.forEach((a, i) => {
        const grant = grants.get(a.licenseIdNumber)!;
        const problem = roleSetProblem(a.roles, { enterpriseStyle: grant.enterpriseStyle });
        if (problem) {
          throw badRequest('vl_users.role_conflict', problem, [
            { name: `body.assignments.${i}.roles`, message: problem, rule: 'roles_invalid' },
          ]);
        }
      });
      const anyEnterprise = [...grants.values()].some((g) => g.enterpriseStyle);
      let profile = await profileOf(tx, email);
      if (!profile) {
        const found = await signInAccountOf(tx, email, account);
        const internal = found !== null && found.tenantId === account.tenantId;
        if (found && (internal || anyEnterprise)) {
          if (!internal && input.confirmExternal !== true) throw externalConfirmationRequired(email);
          profile = await createProfile(tx, email, found.id, input.displayName ?? found.displayName);
        } else if (anyEnterprise) {
          const i = input.assignments.findIndex((a) => grants.get(a.licenseIdNumber)!.enterpriseStyle);
          throw new AppError(
            422,
            'vl_users.unknown_sign_in_id',
            `Nobody signs in with ${email} in this cloud. License ID ${input.assignments[i]!.licenseIdNumber} belongs to an enterprise-style program, where users are added by their sign-in ID only: ask the person for the sign-in ID of their work account.`,
            {
              fields: [
                { name: 'body.email', message: 'is not the sign-in ID of a work account', rule: 'unknown_sign_in_id' },
              ],
            },
          );
        } else if (input.confirmExternal !== true && !(await hasPendingInvitation(tx, email))) {
          // Confirmed once already: an open invitation means an administrator added this external address.
          throw externalConfirmationRequired(email);
        }
      }

      const outcomes: { licenseIdNumber: string; before: VlRole[]; after: VlRole[]; action: AssignmentAction }[] = [];
      for (const assignment of input.assignments) {
        const grant = grants.get(assignment.licenseIdNumber)!;
        const after = vlRolesIn(assignment.roles);
        const outcome = profile
          ? await setProfileRoles(tx, { grant, profile, after, actor: actorOf(account, ip), grantedBy: account.id })
          : await setInvitationRoles(tx, { grant, email, displayName: input.displayName ?? null, after, account, ip });
        outcomes.push({ licenseIdNumber: grant.number, ...outcome });
        if (outcome.action !== 'unchanged') {
          changes.push({ licenseIdNumber: grant.number, roles: after, invited: outcome.action === 'invitation-sent' });
        }
      }
      await requireAdministrators(tx, [...grants.values()]);
      if (changes.length > 0) await confirmToAdministrator(tx, account, email, changes);
      return { email, outcomes };
    });
    return result;
  }

  const externalConfirmationRequired = (email: string) =>
    new AppError(
      409,
      'vl_users.external_confirmation_required',
      `No user with ${email} was found in your organization. Confirm to add ${email} as an external user: they get an invitation e-mail and register with their own work account.`,
      {
        fields: [
          {
            name: 'body.confirmExternal',
            message: 'must be true to add an external user',
            rule: 'confirmation_required',
          },
        ],
      },
    );

  async function hasPendingInvitation(tx: Executor, email: string): Promise<boolean> {
    const [row] = await tx
      .select({ id: invitations.id })
      .from(invitations)
      .where(and(eq(invitations.businessEmail, email), eq(invitations.state, 'pending')))
      .limit(1);
    return row !== undefined;
  }

  async function profileOf(tx: Executor, email: string) {
    const [row] = await tx
      .select({
        id: vlProfiles.id,
        businessEmail: vlProfiles.businessEmail,
        displayName: vlProfiles.displayName,
        accountName: accounts.displayName,
        accountId: vlProfiles.accountId,
        locale: userPreferences.locale,
      })
      .from(vlProfiles)
      .innerJoin(accounts, eq(accounts.id, vlProfiles.accountId))
      .leftJoin(userPreferences, eq(userPreferences.accountId, vlProfiles.accountId))
      .where(eq(vlProfiles.businessEmail, email));
    return row ? { ...row, displayName: row.displayName ?? row.accountName } : null;
  }
  type Profile = NonNullable<Awaited<ReturnType<typeof profileOf>>>;

  async function createProfile(tx: Transaction, email: string, accountId: string, displayName: string) {
    await tx
      .insert(vlProfiles)
      .values({ businessEmail: email, accountId, displayName, createdAt: clock.now() })
      .onConflictDoNothing({ target: vlProfiles.businessEmail });
    return (await profileOf(tx, email))!;
  }

  async function directRolesOf(tx: Executor, profileId: string, licenseIdId: string): Promise<VlRole[]> {
    const rows = await tx
      .select({ role: vlRoleAssignments.role })
      .from(vlRoleAssignments)
      .where(and(eq(vlRoleAssignments.vlProfileId, profileId), eq(vlRoleAssignments.licenseIdId, licenseIdId)));
    return vlRolesIn(rows.map((r) => r.role));
  }

  /** Replaces a registered user's direct roles on one License ID; audits and e-mails them when anything changed. */
  async function setProfileRoles(
    tx: Transaction,
    input: { grant: LicenseIdGrant; profile: Profile; after: VlRole[]; actor: Actor; grantedBy: string },
  ): Promise<{ before: VlRole[]; after: VlRole[]; action: AssignmentAction }> {
    const { grant, profile, after } = input;
    const before = await directRolesOf(tx, profile.id, grant.id);
    const removed = before.filter((r) => !after.includes(r));
    const added = after.filter((r) => !before.includes(r));
    if (removed.length === 0 && added.length === 0) return { before, after, action: 'unchanged' };
    if (removed.length > 0) {
      await tx
        .delete(vlRoleAssignments)
        .where(
          and(
            eq(vlRoleAssignments.vlProfileId, profile.id),
            eq(vlRoleAssignments.licenseIdId, grant.id),
            inArray(vlRoleAssignments.role, removed),
          ),
        );
    }
    if (added.length > 0) {
      const now = clock.now();
      await tx.insert(vlRoleAssignments).values(
        added.map((role) => ({
          vlProfileId: profile.id,
          licenseIdId: grant.id,
          role,
          grantedAt: now,
          grantedBy: input.grantedBy,
        })),
      );
    }
    await recordAudit(tx, clock, {
      action: 'vl_role.changed',
      actorKind: input.actor.actorKind,
      actorAccountId: input.actor.actorAccountId,
      licenseIdNumber: grant.number,
      target: profile.id,
      details: { businessEmail: profile.businessEmail, before, after },
      ip: input.actor.ip,
    });
    await onboarding.notifyPermissionChange(tx, {
      grant,
      profile,
      roles: after,
      mailSubjectId: `role-change:${randomUUID()}`,
    });
    return { before, after, action: after.length === 0 ? 'roles-removed' : 'roles-changed' };
  }

  /** For an address nobody registered yet: the License ID's pending invitation carries the roles. */
  async function setInvitationRoles(
    tx: Transaction,
    input: {
      grant: LicenseIdGrant;
      email: string;
      displayName: string | null;
      after: VlRole[];
      account: SignedInAccount;
      ip: string;
    },
  ): Promise<{ before: VlRole[]; after: VlRole[]; action: AssignmentAction }> {
    const { grant, email, after, account } = input;
    const [pending] = await tx
      .select({ id: invitations.id, roles: invitations.roles, expiresAt: invitations.expiresAt })
      .from(invitations)
      .where(
        and(
          eq(invitations.licenseIdId, grant.id),
          eq(invitations.businessEmail, email),
          eq(invitations.state, 'pending'),
        ),
      )
      .for('update');
    const before = vlRolesIn(pending?.roles ?? []);
    const actor = actorOf(account, input.ip);
    if (!pending) {
      if (after.length === 0) return { before, after, action: 'unchanged' };
      await onboarding.issueInvitation(tx, {
        facts: { ...grant, licenseIdNumber: grant.number, licenseId: { id: grant.id, cloud: grant.cloud } },
        email,
        contactName: input.displayName ?? email,
        roles: after,
        locale: null,
        actor,
        createdBy: account.id,
      });
      return { before, after, action: 'invitation-sent' };
    }
    if (before.length === after.length && before.every((r) => after.includes(r))) {
      return { before, after, action: 'unchanged' };
    }
    await tx
      .update(invitations)
      .set(after.length === 0 ? { state: 'revoked' } : { roles: after })
      .where(eq(invitations.id, pending.id));
    await recordAudit(tx, clock, {
      action: after.length === 0 ? 'invitation.revoked' : 'invitation.roles_changed',
      actorKind: 'account',
      actorAccountId: account.id,
      licenseIdNumber: grant.number,
      target: pending.id,
      details: { businessEmail: email, before, after },
      ip: input.ip,
    });
    // The invitee learns the new roles: the same link again, in an e-mail that lists them (unless it has expired —
    // then the administrator resets it).
    if (after.length > 0 && pending.expiresAt > clock.now()) {
      await onboarding.reissueInvitation(tx, pending.id, { rotate: false, actor });
    }
    return { before, after, action: after.length === 0 ? 'roles-removed' : 'invitation-updated' };
  }

  /** SPEC §4: a License ID always keeps an administrator; checked after the change, inside its transaction. */
  async function requireAdministrators(tx: Transaction, grants: LicenseIdGrant[]): Promise<void> {
    const counts = await administratorCounts(tx, (licenseIdId) =>
      isAnyOf(
        licenseIdId,
        grants.map((g) => g.id),
        'uuid',
      ),
    );
    const orphan = grants.find((g) => (counts.get(g.id) ?? 0) === 0);
    if (orphan) throw lastAdministrator(orphan.number);
  }

  async function confirmToAdministrator(
    tx: Transaction,
    account: SignedInAccount,
    userEmail: string,
    changes: AssignmentChange[],
  ): Promise<void> {
    const [own] = await tx
      .select({ businessEmail: vlProfiles.businessEmail, locale: userPreferences.locale })
      .from(vlProfiles)
      .leftJoin(userPreferences, eq(userPreferences.accountId, vlProfiles.accountId))
      .where(eq(vlProfiles.accountId, account.id))
      .orderBy(asc(vlProfiles.businessEmail))
      .limit(1);
    const to = own?.businessEmail ?? account.signInName;
    const mail = assignmentConfirmationMail(mailLocaleOf(own?.locale), {
      recipientName: account.displayName,
      userEmail,
      changes,
      url: `${config.baseUrls[account.cloud]}${ROLE_ASSIGNMENTS_PATH}`,
    });
    await enqueueMail(tx, clock, {
      kind: 'vl-assignment-confirmation',
      to,
      subjectId: `assignment:${randomUUID()}`,
      ...mail,
    });
  }

  // ---------------------------------------------------------------- manage users

  /** Users with a role or an open invitation on the License IDs the caller administers, by business e-mail. */
  async function listUsers(
    account: SignedInAccount,
    query: {
      cursor?: string | undefined;
      limit?: number | undefined;
      q?: string | undefined;
      licenseIdNumber?: string | undefined;
    },
  ): Promise<PageOf<VlUserView>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const key = decodeCursor(query.cursor, 1);
    const scope = await scopeOf(account, query.licenseIdNumber);
    const held = heldRoles(db);
    const fromRoles = db
      .selectDistinct({ email: vlProfiles.businessEmail })
      .from(held)
      .innerJoin(vlProfiles, eq(vlProfiles.id, held.vlProfileId))
      .where(scope(held.licenseIdId));
    const fromInvitations = db
      .selectDistinct({ email: invitations.businessEmail })
      .from(invitations)
      .where(and(scope(invitations.licenseIdId), eq(invitations.state, 'pending')));
    const emails = unionAll(fromRoles, fromInvitations).as('emails');
    const pattern = query.q ? `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
    const page = await db
      .selectDistinct({ email: emails.email })
      .from(emails)
      .leftJoin(vlProfiles, eq(vlProfiles.businessEmail, emails.email))
      .where(
        and(
          key ? gt(emails.email, key[0]!) : undefined,
          pattern ? or(ilike(emails.email, pattern), ilike(vlProfiles.displayName, pattern)) : undefined,
        ),
      )
      .orderBy(asc(emails.email))
      .limit(limit + 1);
    const shown = page.slice(0, limit).map((r) => r.email);
    const views = await usersView(account, scope, shown);
    return pageOf(
      page,
      limit,
      (r) => views.get(r.email)!,
      (r) => [r.email],
    );
  }

  /**
   * The License IDs the users pages look at — all the caller administers, or just `licenseIdNumber` — as a condition
   * on a License ID id column (a subquery, see administeredIds). A non-administrator is refused first; then a named
   * License ID they do not administer does not exist for them.
   */
  async function scopeOf(account: SignedInAccount, licenseIdNumber?: string): Promise<Scope> {
    await requireAnyAdministered(account);
    const ids = administeredIds(account, licenseIdNumber === undefined ? 'all' : [licenseIdNumber]);
    if (licenseIdNumber !== undefined && (await ids).length === 0) throw licenseIdNotFound(licenseIdNumber);
    return (licenseIdId) => inArray(licenseIdId, ids);
  }

  /** The Manage users rows of `emails`, restricted to the License IDs in `scope`: a fixed number of queries. */
  async function usersView(account: SignedInAccount, scope: Scope, emails: string[]): Promise<Map<string, VlUserView>> {
    if (emails.length === 0) return new Map();
    // What a user's row shows of each License ID, read with the roles and invitations on it.
    const licenseIdFields = {
      licenseIdId: licenseIds.id,
      licenseIdNumber: licenseIds.number,
      licenseIdCloud: licenseIds.cloud,
      organizationName: organizations.name,
      programName: programs.name,
    };
    const profiles = await db
      .select({
        id: vlProfiles.id,
        businessEmail: vlProfiles.businessEmail,
        displayName: vlProfiles.displayName,
        signInName: accounts.signInName,
        accountName: accounts.displayName,
        tenantId: accounts.tenantId,
        cloud: accounts.cloud,
        disabledAt: accounts.disabledAt,
      })
      .from(vlProfiles)
      .innerJoin(accounts, eq(accounts.id, vlProfiles.accountId))
      .where(inArray(vlProfiles.businessEmail, emails));
    const held = heldRoles(db);
    const roleRows =
      profiles.length === 0
        ? []
        : await db
            .select({ vlProfileId: held.vlProfileId, role: held.role, inherited: held.inherited, ...licenseIdFields })
            .from(held)
            .innerJoin(licenseIds, eq(licenseIds.id, held.licenseIdId))
            .innerJoin(organizations, eq(organizations.id, licenseIds.organizationId))
            .innerJoin(programs, eq(programs.id, licenseIds.programId))
            .where(
              and(
                inArray(
                  held.vlProfileId,
                  profiles.map((p) => p.id),
                ),
                scope(held.licenseIdId),
              ),
            );
    const invitationRows = await db
      .select({
        id: invitations.id,
        businessEmail: invitations.businessEmail,
        ...licenseIdFields,
        roles: invitations.roles,
        state: invitations.state,
        issuedAt: invitations.issuedAt,
        expiresAt: invitations.expiresAt,
        legacy: invitations.legacy,
        // Table-qualified by hand, as drizzle leaves them unqualified in a one-table select and inside this subquery
        // they would bind to mail_messages' own columns.
        mailFailed: sql<boolean>`exists (select 1 from mail_messages m where m.kind = 'invitation'
          and m.recipient = invitations.business_email and m.subject_id like invitations.id::text || '%'
          and m.state = 'failed')`,
      })
      .from(invitations)
      .innerJoin(licenseIds, eq(licenseIds.id, invitations.licenseIdId))
      .innerJoin(organizations, eq(organizations.id, licenseIds.organizationId))
      .innerJoin(programs, eq(programs.id, licenseIds.programId))
      .where(
        and(
          inArray(invitations.businessEmail, emails),
          scope(invitations.licenseIdId),
          eq(invitations.state, 'pending'),
        ),
      );
    const now = clock.now();

    const views = new Map<string, VlUserView>();
    for (const email of emails) {
      const profile = profiles.find((p) => p.businessEmail === email);
      const perLicense = new Map<string, VlUserView['licenseIds'][number]>();
      const entry = (l: (typeof roleRows)[number] | (typeof invitationRows)[number]) => {
        let e = perLicense.get(l.licenseIdId);
        if (!e) {
          e = {
            licenseIdNumber: l.licenseIdNumber,
            organizationName: l.organizationName,
            programName: l.programName,
            roles: [],
            inheritedRoles: [],
            invitation: null,
            accessAtRisk: profile !== undefined && profile.cloud !== l.licenseIdCloud,
          };
          perLicense.set(l.licenseIdId, e);
        }
        return e;
      };
      for (const r of roleRows.filter((r) => r.vlProfileId === profile?.id)) {
        const e = entry(r);
        if (r.inherited) e.inheritedRoles = vlRolesIn([...e.inheritedRoles, r.role]);
        else e.roles = vlRolesIn([...e.roles, r.role]);
      }
      const states: ('pending' | 'expired' | 'failed')[] = [];
      for (const inv of invitationRows.filter((i) => i.businessEmail === email)) {
        const state: InvitationState = effectiveInvitationState(inv, now, config.invitationCutoff);
        if (state !== 'pending' && state !== 'expired') continue;
        const shown = inv.mailFailed && state === 'pending' ? 'failed' : state;
        states.push(shown);
        entry(inv).invitation = {
          state: shown,
          roles: vlRolesIn(inv.roles),
          expiresAt: inv.expiresAt.toISOString(),
        };
      }
      const licenseIdsOfUser = [...perLicense.values()].sort((a, b) =>
        a.licenseIdNumber.localeCompare(b.licenseIdNumber),
      );
      const status: VlUserStatus = profile
        ? profile.disabledAt
          ? 'user-not-found'
          : 'active'
        : states.includes('pending')
          ? 'invitation-sent'
          : states.includes('failed')
            ? 'failed'
            : 'invitation-expired';
      views.set(email, {
        businessEmail: email,
        displayName: profile ? (profile.displayName ?? profile.accountName) : null,
        signInName: profile?.signInName ?? null,
        internal: profile !== undefined && profile.tenantId !== null && profile.tenantId === account.tenantId,
        status,
        accessAtRisk: licenseIdsOfUser.some((l) => l.accessAtRisk),
        licenseIds: licenseIdsOfUser,
      });
    }
    return views;
  }

  async function getUser(account: SignedInAccount, rawEmail: string): Promise<VlUserView> {
    const email = normalizeEmail(rawEmail);
    const scope = await scopeOf(account);
    const view = (await usersView(account, scope, [email])).get(email);
    if (!view || view.licenseIds.length === 0) throw userNotFound(email);
    return view;
  }

  /** Resend (same link) or reset (new link, old one dead) the user's open invitations on administered License IDs. */
  async function reissueInvitations(
    auth: Auth,
    rawEmail: string,
    options: { licenseIdNumber?: string | undefined; rotate: boolean },
    ip: string,
  ) {
    const email = normalizeEmail(rawEmail);
    const scope = await scopeOf(auth.account, options.licenseIdNumber);
    const now = clock.now();
    return db.transaction(async (tx) => {
      const rows = await tx
        .select({
          id: invitations.id,
          licenseIdNumber: licenseIds.number,
          state: invitations.state,
          issuedAt: invitations.issuedAt,
          expiresAt: invitations.expiresAt,
          legacy: invitations.legacy,
        })
        .from(invitations)
        .innerJoin(licenseIds, eq(licenseIds.id, invitations.licenseIdId))
        .where(
          and(eq(invitations.businessEmail, email), scope(invitations.licenseIdId), eq(invitations.state, 'pending')),
        );
      // Resend only sends a link that still works; an expired one needs a reset.
      const usable = rows.filter((r) => {
        const state = effectiveInvitationState(r, now, config.invitationCutoff);
        return state === 'pending' || (options.rotate && state === 'expired');
      });
      if (usable.length === 0) {
        throw conflict(
          'vl_users.no_open_invitation',
          options.rotate
            ? `${email} has no open invitation on the License IDs you administer. Assign roles to invite them again.`
            : `${email} has no invitation that still works on the License IDs you administer. Use Reset invite to send a new link.`,
        );
      }
      for (const r of usable) {
        await onboarding.reissueInvitation(tx, r.id, { rotate: options.rotate, actor: actorOf(auth.account, ip) });
      }
      return { email, licenseIdNumbers: usable.map((r) => r.licenseIdNumber).sort() };
    });
  }

  /** Delete (SPEC §6): all the user's direct roles and open invitations on the License IDs the caller administers. */
  async function removeUser(auth: Auth, rawEmail: string, ip: string) {
    const email = normalizeEmail(rawEmail);
    const account = auth.account;
    return db.transaction(async (tx) => {
      await requireAnyAdministered(account, tx);
      const profile = await profileOf(tx, email);
      // Only the License IDs the user has a direct role or an open invitation on can change: those are looked at,
      // not every License ID the caller administers (a licensing desk may administer 70,000).
      const withInvitations = tx
        .select({ id: invitations.licenseIdId })
        .from(invitations)
        .where(and(eq(invitations.businessEmail, email), eq(invitations.state, 'pending')));
      const withRolesOrInvitations = profile
        ? union(
            tx
              .select({ id: vlRoleAssignments.licenseIdId })
              .from(vlRoleAssignments)
              .where(eq(vlRoleAssignments.vlProfileId, profile.id)),
            withInvitations,
          )
        : withInvitations;
      const candidates = await tx
        .select({ number: licenseIds.number })
        .from(licenseIds)
        .where(inArray(licenseIds.id, withRolesOrInvitations))
        .orderBy(asc(licenseIds.number));
      const grants = await vlAccess.grantsOn(
        account,
        candidates.map((c) => c.number),
        tx,
      );
      const touched: LicenseIdGrant[] = [];
      const changes: AssignmentChange[] = [];
      for (const grant of grants.values()) {
        if (!grant.capabilities.includes('vl-users.manage')) continue;
        const fromProfile = profile
          ? await setProfileRoles(tx, { grant, profile, after: [], actor: actorOf(account, ip), grantedBy: account.id })
          : { action: 'unchanged' as const };
        const fromInvitation = await setInvitationRoles(tx, {
          grant,
          email,
          displayName: null,
          after: [],
          account,
          ip,
        });
        if (fromProfile.action !== 'unchanged' || fromInvitation.action !== 'unchanged') {
          touched.push(grant);
          changes.push({ licenseIdNumber: grant.number, roles: [], invited: false });
        }
      }
      if (touched.length === 0) throw userNotFound(email);
      await requireAdministrators(tx, touched);
      await confirmToAdministrator(tx, account, email, changes);
      return { email, licenseIdNumbers: touched.map((g) => g.number).sort() };
    });
  }

  /** Import roles (SPEC §6, enterprise-style): copies every user's direct roles from a source License ID. */
  async function importRoles(auth: Auth, target: LicenseIdGrant, sourceNumber: string, ip: string) {
    if (!target.enterpriseStyle) {
      throw conflict(
        'vl_users.import_roles_enterprise_only',
        `License ID ${target.number} is not on an enterprise-style program. Import roles is for enterprise-style programs; assign roles to users instead.`,
      );
    }
    if (sourceNumber === target.number) {
      throw badRequest('request.invalid', 'Pick another License ID as the source.', [
        { name: 'body.sourceLicenseIdNumber', message: 'is the License ID you import into', rule: 'same_license_id' },
      ]);
    }
    return db.transaction(async (tx) => {
      const grants = await requireAdministered(tx, auth.account, [
        { number: sourceNumber, field: 'body.sourceLicenseIdNumber' },
      ]);
      const source = grants.get(sourceNumber)!;
      const rows = await tx
        .select({ vlProfileId: vlRoleAssignments.vlProfileId, role: vlRoleAssignments.role })
        .from(vlRoleAssignments)
        .where(eq(vlRoleAssignments.licenseIdId, source.id));
      const users: { businessEmail: string; roles: VlRole[] }[] = [];
      const byProfile = new Map<string, string[]>();
      for (const r of rows) byProfile.set(r.vlProfileId, [...(byProfile.get(r.vlProfileId) ?? []), r.role]);
      for (const [profileId, roles] of byProfile) {
        const [row] = await tx
          .select({ businessEmail: vlProfiles.businessEmail })
          .from(vlProfiles)
          .where(eq(vlProfiles.id, profileId));
        const profile = (await profileOf(tx, row!.businessEmail))!;
        const current = await directRolesOf(tx, profile.id, target.id);
        const after = vlRolesIn([...current, ...roles]);
        const outcome = await setProfileRoles(tx, {
          grant: target,
          profile,
          after,
          actor: { ...actorOf(auth.account, ip), details: { importedFrom: source.number } },
          grantedBy: auth.account.id,
        });
        if (outcome.action !== 'unchanged') users.push({ businessEmail: profile.businessEmail, roles: after });
      }
      users.sort((a, b) => a.businessEmail.localeCompare(b.businessEmail));
      return { licenseIdNumber: target.number, sourceLicenseIdNumber: source.number, users };
    });
  }

  // ---------------------------------------------------------------- preferences

  async function preferences(account: SignedInAccount) {
    const profiles = await db
      .select({ id: vlProfiles.id, businessEmail: vlProfiles.businessEmail, displayName: vlProfiles.displayName })
      .from(vlProfiles)
      .where(eq(vlProfiles.accountId, account.id))
      .orderBy(asc(vlProfiles.businessEmail));
    const held = heldRoles(db);
    const roleRows =
      profiles.length === 0
        ? []
        : await db
            .select({
              number: licenseIds.number,
              organizationName: organizations.name,
              role: held.role,
              inherited: held.inherited,
            })
            .from(held)
            .innerJoin(licenseIds, eq(licenseIds.id, held.licenseIdId))
            .innerJoin(organizations, eq(organizations.id, licenseIds.organizationId))
            .where(
              and(
                inArray(
                  held.vlProfileId,
                  profiles.map((p) => p.id),
                ),
                eq(organizations.approvalState, 'approved'),
                vlAccess.cloudCondition(account),
              ),
            )
            .orderBy(asc(licenseIds.number));
    const roles = new Map<
      string,
      { licenseIdNumber: string; organizationName: string; direct: string[]; inherited: string[] }
    >();
    for (const r of roleRows) {
      const e = roles.get(r.number) ?? {
        licenseIdNumber: r.number,
        organizationName: r.organizationName,
        direct: [],
        inherited: [],
      };
      (r.inherited ? e.inherited : e.direct).push(r.role);
      roles.set(r.number, e);
    }
    return {
      profiles: profiles.map((p) => ({ businessEmail: p.businessEmail, displayName: p.displayName })),
      signInName: account.signInName,
      roles: [...roles.values()].map((e) => {
        const direct = vlRolesIn(e.direct);
        return {
          licenseIdNumber: e.licenseIdNumber,
          organizationName: e.organizationName,
          roles: direct,
          inheritedRoles: vlRolesIn(e.inherited).filter((r) => !direct.includes(r)),
        };
      }),
      inheritance: await inheritanceCandidates(db, account),
    };
  }

  /** Parent agreements where one of the caller's business e-mails is a Primary, Notices or Online Administrator. */
  async function inheritanceCandidates(tx: Executor, account: SignedInAccount) {
    const rows = await tx
      .selectDistinct({
        parentAgreementId: parentAgreements.id,
        parentAgreementNumber: parentAgreements.number,
        organizationName: organizations.name,
        businessEmail: vlProfiles.businessEmail,
        vlProfileId: vlProfiles.id,
        optedIn: sql<boolean>`exists (select 1 from ${vlInheritanceOptIns} o
          where o.vl_profile_id = ${vlProfiles.id} and o.parent_agreement_id = ${parentAgreements.id})`,
        childCount: sql<number>`(select count(*)::int from ${licenseIds} l where l.parent_agreement_id = ${parentAgreements.id})`,
      })
      .from(vlProfiles)
      .innerJoin(agreementContacts, eq(agreementContacts.email, vlProfiles.businessEmail))
      .innerJoin(parentAgreements, eq(parentAgreements.id, agreementContacts.parentAgreementId))
      .innerJoin(organizations, eq(organizations.id, parentAgreements.organizationId))
      .where(
        and(
          eq(vlProfiles.accountId, account.id),
          inArray(agreementContacts.kind, [...INHERITING_CONTACT_KINDS]),
          eq(organizations.approvalState, 'approved'),
        ),
      )
      .orderBy(asc(parentAgreements.number));
    return rows;
  }

  async function updatePreferences(auth: Auth, input: UpdateVlPreferencesInput, ip: string) {
    const account = auth.account;
    await db.transaction(async (tx) => {
      if (input.displayName !== undefined) {
        await tx.update(vlProfiles).set({ displayName: input.displayName }).where(eq(vlProfiles.accountId, account.id));
      }
      if (input.inheritance !== undefined && input.inheritance.length > 0) {
        const candidates = await inheritanceCandidates(tx, account);
        for (const [i, choice] of input.inheritance.entries()) {
          const matches = candidates.filter((c) => c.parentAgreementNumber === choice.parentAgreementNumber);
          if (matches.length === 0) {
            throw new AppError(
              404,
              'vl_users.parent_agreement_not_found',
              `You are not a Primary, Notices or Online Administrator contact of parent agreement ${choice.parentAgreementNumber}, so you cannot inherit its License IDs. Check the number, or ask your licensing partner to list you as a contact.`,
              {
                fields: [
                  {
                    name: `body.inheritance.${i}.parentAgreementNumber`,
                    message: 'is not a parent agreement you are a contact of',
                    rule: 'parent_agreement_unknown',
                  },
                ],
              },
            );
          }
          for (const match of matches) {
            if (choice.optedIn === match.optedIn) continue;
            if (choice.optedIn) {
              await tx
                .insert(vlInheritanceOptIns)
                .values({
                  vlProfileId: match.vlProfileId,
                  parentAgreementId: match.parentAgreementId,
                  createdAt: clock.now(),
                })
                .onConflictDoNothing();
            } else {
              await tx
                .delete(vlInheritanceOptIns)
                .where(
                  and(
                    eq(vlInheritanceOptIns.vlProfileId, match.vlProfileId),
                    eq(vlInheritanceOptIns.parentAgreementId, match.parentAgreementId),
                  ),
                );
            }
            await recordAudit(tx, clock, {
              action: choice.optedIn ? 'vl_inheritance.opted_in' : 'vl_inheritance.opted_out',
              actorKind: 'account',
              actorAccountId: account.id,
              tenantId: account.tenantId,
              target: match.parentAgreementId,
              details: { parentAgreementNumber: match.parentAgreementNumber, businessEmail: match.businessEmail },
              ip,
            });
          }
        }
      }
    });
    return preferences(account);
  }

  /** Sync permissions: redeems every invitation still open for the caller's business e-mails (see onboarding). */
  async function sync(auth: Auth, ip: string) {
    return db.transaction(async (tx) => {
      const profiles = await tx
        .select({ id: vlProfiles.id, businessEmail: vlProfiles.businessEmail })
        .from(vlProfiles)
        .where(eq(vlProfiles.accountId, auth.account.id));
      const granted: { licenseIdNumber: string; roles: VlRole[] }[] = [];
      for (const profile of profiles) {
        granted.push(...(await onboarding.grantPendingInvitations(tx, auth.account, profile, ip)));
      }
      return { granted };
    });
  }

  return {
    administered,
    lookup,
    assignRoles,
    listUsers,
    getUser,
    reissueInvitations,
    removeUser,
    importRoles,
    preferences,
    updatePreferences,
    sync,
    requireAnyAdministered,
  };
}

export type VlUsersService = ReturnType<typeof createVlUsersService>;
