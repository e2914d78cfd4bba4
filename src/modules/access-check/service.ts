// "Why can't I see volume licensing?" (SPEC §10): every cause, evaluated in a fixed order for one account, each
// finding with what it means, what to do, and the page that does it. The same evaluation serves the signed-in user
// and an operator looking at any account. Reads only.
import { and, asc, eq, inArray, ne, or } from 'drizzle-orm';
import type { Clock } from '../../clock.js';
import type { Config } from '../../config.js';
import type { Database } from '../../db/client.js';
import { accounts, invitations, licenseIds, organizations, programs, tenants, vlProfiles } from '../../db/schema.js';
import { domainOf, normalizeEmail } from '../../domain/addresses.js';
import type { Cloud } from '../../domain/clouds.js';
import { notFound } from '../../domain/errors.js';
import { effectiveInvitationState, maskEmail } from '../../domain/invitations.js';
import { effectiveLicenseIdStatus, isoDay } from '../../domain/license-ids.js';
import { heldRoles } from '../vl-access/service.js';

/** The causes, in the order they are evaluated and reported (SPEC §10). */
export const ACCESS_FINDING_CODES = [
  'personal_account',
  'unmanaged_tenant',
  'other_cloud',
  'no_vl_profile',
  'profile_bound_elsewhere',
  'invitation_pending',
  'invitation_expired',
  'invitation_void',
  'no_vl_role',
  'organization_not_approved',
  'license_id_expired',
] as const;
export type AccessFindingCode = (typeof ACCESS_FINDING_CODES)[number];

export type AccessFinding = {
  code: AccessFindingCode;
  /** true when this alone keeps the account from seeing (some of) its agreements */
  blocking: boolean;
  message: string;
  remedy: string;
  /** the page that fixes it, when there is one */
  link: string | null;
  licenseIdNumbers: string[];
  /** values a translated message needs: `domain`, `boundSignInId` (masked) */
  params: Record<string, string>;
};

export type AccessCheck = {
  signInName: string;
  kind: 'work' | 'personal';
  cloud: Cloud;
  tenantState: 'managed' | 'unmanaged' | null;
  /** License IDs the account sees on Volume licensing now */
  visibleLicenseIdCount: number;
  findings: AccessFinding[];
};

const CLOUD_NAMES: Record<Cloud, string> = { public: 'public', 'gov-high': 'GCC High', defense: 'DoD' };

export function createAccessCheckService(deps: { db: Database; clock: Clock; config: Config }) {
  const { db, clock, config } = deps;

  /** The access check of one account (by id). */
  async function check(accountId: string): Promise<AccessCheck> {
    const [account] = await db
      .select({
        id: accounts.id,
        kind: accounts.kind,
        cloud: accounts.cloud,
        signInName: accounts.signInName,
        tenantState: tenants.state,
      })
      .from(accounts)
      .leftJoin(tenants, eq(tenants.id, accounts.tenantId))
      .where(eq(accounts.id, accountId));
    if (!account) throw notFound('access_check.account_not_found', 'No account was found.');
    const cloud = account.cloud as Cloud;
    const now = clock.now();
    const today = isoDay(now);
    const enforced = config.cloudEnforcementDate !== undefined && now >= config.cloudEnforcementDate;
    const findings: AccessFinding[] = [];
    const add = (
      finding: Omit<AccessFinding, 'licenseIdNumbers' | 'params'> &
        Partial<Pick<AccessFinding, 'licenseIdNumbers' | 'params'>>,
    ) => findings.push({ licenseIdNumbers: [], params: {}, ...finding });

    if (account.kind === 'personal') {
      add({
        code: 'personal_account',
        blocking: true,
        message: `You are signed in with a personal account (${account.signInName}). Volume licensing works only with a work account of your organization.`,
        remedy:
          'Sign out and sign in with your work account. If your organization has no directory yet, create one, then open your invitation again.',
        link: '/sign-in',
      });
    }
    if (account.tenantState === 'unmanaged') {
      const domain = domainOf(account.signInName);
      add({
        code: 'unmanaged_tenant',
        blocking: true,
        message: `Your account belongs to an unmanaged directory for ${domain}: nobody administers it, so it cannot hold volume licensing access.`,
        remedy: `Become the administrator of ${domain} (domain takeover). Then open your invitation again, or — if it has expired — ask support for a new VL profile.`,
        link: '/takeover',
        params: { domain },
      });
    }

    // The account's VL profiles and every role they hold (direct or inherited), with the License ID's state.
    const profiles = await db
      .select({ id: vlProfiles.id, businessEmail: vlProfiles.businessEmail })
      .from(vlProfiles)
      .where(eq(vlProfiles.accountId, account.id));
    const held = heldRoles(db);
    const roleRows =
      profiles.length === 0
        ? []
        : await db
            .selectDistinct({
              number: licenseIds.number,
              cloud: licenseIds.cloud,
              status: licenseIds.status,
              endDate: licenseIds.endDate,
              approvalState: organizations.approvalState,
            })
            .from(held)
            .innerJoin(licenseIds, eq(licenseIds.id, held.licenseIdId))
            .innerJoin(organizations, eq(organizations.id, licenseIds.organizationId))
            .where(
              inArray(
                held.vlProfileId,
                profiles.map((p) => p.id),
              ),
            )
            .orderBy(asc(licenseIds.number));

    const otherCloud = roleRows.filter((r) => r.cloud !== cloud);
    if (otherCloud.length > 0) {
      const clouds = [...new Set(otherCloud.map((r) => r.cloud as Cloud))];
      add({
        code: 'other_cloud',
        blocking: enforced,
        message: `Your roles on ${otherCloud.length === 1 ? 'License ID' : 'License IDs'} ${otherCloud.map((r) => r.number).join(', ')} are held by this ${CLOUD_NAMES[cloud]}-cloud identity, but the ${otherCloud.length === 1 ? 'agreement belongs' : 'agreements belong'} to the ${clouds.map((c) => CLOUD_NAMES[c]).join(' and ')} cloud (ACCESS AT RISK)${enforced ? ': they grant nothing any more.' : '.'}`,
        remedy: `Sign in at ${clouds.map((c) => config.baseUrls[c]).join(' or ')} with an identity of that cloud and ask a VL administrator of the agreement to add it (or support for a new VL profile).`,
        link: config.baseUrls[clouds[0]!],
        licenseIdNumbers: otherCloud.map((r) => r.number),
      });
    }

    // Business e-mails that concern this account: its sign-in name and the addresses its profiles bind.
    const addresses = [...new Set([normalizeEmail(account.signInName), ...profiles.map((p) => p.businessEmail)])];
    const boundElsewhere = await db
      .select({ businessEmail: vlProfiles.businessEmail, boundTo: accounts.signInName })
      .from(vlProfiles)
      .innerJoin(accounts, eq(accounts.id, vlProfiles.accountId))
      .where(and(inArray(vlProfiles.businessEmail, addresses), ne(vlProfiles.accountId, account.id)));

    if (profiles.length === 0) {
      add({
        code: 'no_vl_profile',
        blocking: true,
        message:
          'You have not registered for volume licensing with this sign-in ID: no business e-mail is bound to it.',
        remedy:
          'Open the invitation e-mail sent to the business e-mail listed in your agreement and confirm it while signed in with this account. No invitation? Ask a VL administrator of the agreement to add you; if it has none, ask support for a new VL profile.',
        link: '/support',
      });
    }
    for (const bound of boundElsewhere) {
      add({
        code: 'profile_bound_elsewhere',
        blocking: true,
        message: `The business e-mail ${maskEmail(bound.businessEmail)} is registered to another sign-in ID: ${maskEmail(bound.boundTo)}.`,
        remedy:
          'Sign in with that ID instead. If you can no longer use it, file a new VL profile request to move the registration to this sign-in ID.',
        // The request page, filled in with what is known (the address is the caller's own: their sign-in name or a
        // business e-mail of their profiles).
        link: `/volume-licensing/vl-profile-request?kind=rebind&businessEmail=${encodeURIComponent(bound.businessEmail)}`,
        params: { boundSignInId: maskEmail(bound.boundTo) },
      });
    }

    const invitationRows = await db
      .select({
        number: licenseIds.number,
        businessEmail: invitations.businessEmail,
        state: invitations.state,
        issuedAt: invitations.issuedAt,
        expiresAt: invitations.expiresAt,
        legacy: invitations.legacy,
        enterpriseStyle: programs.enterpriseStyle,
      })
      .from(invitations)
      .innerJoin(licenseIds, eq(licenseIds.id, invitations.licenseIdId))
      .innerJoin(programs, eq(programs.id, licenseIds.programId))
      .where(
        and(
          inArray(invitations.businessEmail, addresses),
          or(eq(invitations.state, 'pending'), eq(invitations.state, 'void'), eq(invitations.state, 'expired')),
        ),
      )
      .orderBy(asc(licenseIds.number));
    const byState = { pending: [] as string[], expired: [] as string[], void: [] as string[] };
    let voidFor: string | undefined;
    for (const row of invitationRows) {
      const state = effectiveInvitationState(row, now, config.invitationCutoff);
      if (state === 'pending' || state === 'expired' || state === 'void') byState[state].push(row.number);
      if (state === 'void') voidFor ??= row.businessEmail;
    }
    if (byState.pending.length > 0) {
      add({
        code: 'invitation_pending',
        blocking: false,
        message: `An invitation to License ID ${byState.pending.join(', ')} waits for you.`,
        remedy:
          profiles.length > 0
            ? 'Use Sync permissions in Volume licensing › Preferences to take it up now.'
            : 'Open the link in the invitation e-mail while signed in with this account and confirm.',
        link: profiles.length > 0 ? '/volume-licensing/preferences' : null,
        licenseIdNumbers: byState.pending,
      });
    }
    if (byState.expired.length > 0) {
      add({
        code: 'invitation_expired',
        blocking: false,
        message: `Your invitation to License ID ${byState.expired.join(', ')} has expired.`,
        remedy:
          'Ask a VL administrator of the agreement to reset your invitation (a new link). If the agreement has no administrator, ask support for a new VL profile.',
        link: '/support',
        licenseIdNumbers: byState.expired,
      });
    }
    if (byState.void.length > 0) {
      add({
        code: 'invitation_void',
        blocking: false,
        message: `Your invitation to License ID ${byState.void.join(', ')} is no longer valid: it was issued before the current invitation system.`,
        remedy:
          'Ask a VL administrator of the agreement to add you. If the agreement has no administrator, ask support for a new VL profile.',
        // A void invitation cannot be renewed: the "create" request, filled in with the address and the agreements.
        link: `/volume-licensing/vl-profile-request?${new URLSearchParams({
          kind: 'create',
          businessEmail: voidFor ?? '',
          licenseIdNumbers: byState.void.join(','),
        }).toString()}`,
        licenseIdNumbers: byState.void,
      });
    }

    if (profiles.length > 0 && roleRows.length === 0) {
      add({
        code: 'no_vl_role',
        blocking: true,
        message: 'You are registered, but you hold no VL role on any License ID.',
        remedy:
          'Ask a VL administrator of your agreement to give you a role. If the agreement has no administrator left, ask support.',
        link: '/support',
      });
    }
    const notApproved = roleRows.filter((r) => r.approvalState !== 'approved');
    if (notApproved.length > 0) {
      add({
        code: 'organization_not_approved',
        blocking: true,
        message: `The organization of License ID ${notApproved.map((r) => r.number).join(', ')} has not been approved by the publisher yet, so its agreements are hidden.`,
        remedy: 'Nothing is wrong with your account. Ask your licensing partner or support about the approval.',
        link: '/support',
        licenseIdNumbers: notApproved.map((r) => r.number),
      });
    }
    const expired = roleRows.filter(
      (r) => r.approvalState === 'approved' && effectiveLicenseIdStatus(r.status, r.endDate, today) !== 'active',
    );
    if (expired.length > 0) {
      add({
        code: 'license_id_expired',
        blocking: false,
        message: `License ID ${expired.map((r) => r.number).join(', ')} has ended; it is listed as expired or terminated, and its downloads and keys are no longer offered.`,
        remedy: 'Ask your licensing partner about renewing the agreement.',
        link: '/volume-licensing',
        licenseIdNumbers: expired.map((r) => r.number),
      });
    }

    const visible = roleRows.filter((r) => r.approvalState === 'approved' && (!enforced || r.cloud === cloud));
    return {
      signInName: account.signInName,
      kind: account.kind as 'work' | 'personal',
      cloud,
      tenantState: (account.tenantState as 'managed' | 'unmanaged' | null) ?? null,
      visibleLicenseIdCount: new Set(visible.map((r) => r.number)).size,
      findings,
    };
  }

  /** The operator's version: the access check of any account, found by sign-in name and cloud. */
  async function checkFor(signInName: string, cloud: Cloud): Promise<AccessCheck[]> {
    const found = await db
      .select({ id: accounts.id })
      .from(accounts)
      .where(and(eq(accounts.signInName, normalizeEmail(signInName)), eq(accounts.cloud, cloud)))
      .orderBy(asc(accounts.kind));
    if (found.length === 0) {
      throw notFound(
        'access_check.account_not_found',
        `No account signs in with ${signInName} in the ${CLOUD_NAMES[cloud]} cloud. Check the address and the cloud.`,
      );
    }
    return Promise.all(found.map((a) => check(a.id)));
  }

  return { check, checkFor };
}

export type AccessCheckService = ReturnType<typeof createAccessCheckService>;
