// What the portal can verify about a new VL profile request (SPEC §10) before an operator decides: the agreements
// exist, the business e-mail is listed in them, the new identity could register (work account of a managed tenant in
// the agreements' cloud), and the VL profile is where the request says. Each finding has a stable code; `blocking`
// ones must pass for an approval (they are re-run inside the approving transaction), the others inform the operator.
import { and, eq, inArray, or, sql } from 'drizzle-orm';
import type { Clock } from '../../clock.js';
import type { Config } from '../../config.js';
import type { Database, Transaction } from '../../db/client.js';
import { accounts, agreementContacts, invitations, licenseIds, tenants, vlProfiles } from '../../db/schema.js';
import type { Cloud } from '../../domain/clouds.js';
import { effectiveInvitationState } from '../../domain/invitations.js';
import { heldRoles } from '../vl-access/service.js';

export const PRECHECK_CODES = [
  'license_ids_exist',
  'business_email_is_contact',
  'new_identity_found',
  'new_identity_work_account',
  'new_identity_managed_tenant',
  'new_identity_cloud',
  'profile_bound_to_old_identity',
  'no_conflicting_profile',
  'license_ids_without_administrator',
  'new_identity_is_requester',
] as const;
export type PrecheckCode = (typeof PRECHECK_CODES)[number];

export type Precheck = {
  code: PrecheckCode;
  passed: boolean;
  /** an approval is refused while a blocking check fails */
  blocking: boolean;
  message: string;
  /** values a translated text needs (lists joined with ", ") */
  params: Record<string, string>;
};

export type RequestFacts = {
  kind: 'rebind' | 'create';
  oldSignInName: string | null;
  newSignInName: string;
  newCloud: Cloud;
  businessEmail: string;
  licenseIdNumbers: readonly string[];
  requesterAccountId: string | null;
};

export type NewIdentity = {
  id: string;
  tenantId: string | null;
  kind: 'work' | 'personal';
  cloud: Cloud;
  signInName: string;
  displayName: string;
  tenant: { id: string; displayName: string; state: 'managed' | 'unmanaged' } | null;
};

/** What the checks found, for the approval to act on. */
export type PrecheckOutcome = {
  checks: Precheck[];
  licenses: { id: string; number: string; cloud: string }[];
  newIdentity: NewIdentity | null;
  profile: { id: string; accountId: string; boundSignInName: string } | null;
};

export const blockingFailures = (checks: readonly Precheck[]) => checks.filter((c) => c.blocking && !c.passed);

export async function runPrechecks(
  db: Database | Transaction,
  deps: { clock: Clock; config: Config },
  facts: RequestFacts,
): Promise<PrecheckOutcome> {
  const checks: Precheck[] = [];
  const add = (code: PrecheckCode, passed: boolean, blocking: boolean, message: string, params = {}) =>
    checks.push({ code, passed, blocking, message, params });
  const numbers = [...new Set(facts.licenseIdNumbers)];

  const licenses = await db
    .select({
      id: licenseIds.id,
      number: licenseIds.number,
      cloud: licenseIds.cloud,
      parentAgreementId: licenseIds.parentAgreementId,
    })
    .from(licenseIds)
    .where(inArray(licenseIds.number, numbers))
    .orderBy(licenseIds.number);
  const missing = numbers.filter((n) => !licenses.some((l) => l.number === n));
  add(
    'license_ids_exist',
    missing.length === 0,
    true,
    missing.length === 0
      ? `Every License ID exists: ${numbers.join(', ')}.`
      : `No License ID has the number ${missing.join(', ')}.`,
    { missing: missing.join(', ') },
  );

  if (licenses.length > 0) {
    const parentIds = [...new Set(licenses.map((l) => l.parentAgreementId).filter((id) => id !== null))];
    const contactRows = await db
      .select({ licenseIdId: agreementContacts.licenseIdId, parentAgreementId: agreementContacts.parentAgreementId })
      .from(agreementContacts)
      .where(
        and(
          eq(agreementContacts.email, facts.businessEmail),
          or(
            inArray(
              agreementContacts.licenseIdId,
              licenses.map((l) => l.id),
            ),
            parentIds.length > 0 ? inArray(agreementContacts.parentAgreementId, parentIds) : undefined,
          ),
        ),
      );
    const notContact = licenses.filter(
      (l) =>
        !contactRows.some(
          (c) =>
            c.licenseIdId === l.id || (l.parentAgreementId !== null && c.parentAgreementId === l.parentAgreementId),
        ),
    );
    add(
      'business_email_is_contact',
      notContact.length === 0,
      true,
      notContact.length === 0
        ? `${facts.businessEmail} is a contact of every License ID (or of its parent agreement).`
        : `${facts.businessEmail} is not a contact of License ID ${notContact.map((l) => l.number).join(', ')} nor of its parent agreement.`,
      { notContactOf: notContact.map((l) => l.number).join(', ') },
    );
  }

  // Work and personal accounts may share a sign-in name: the work account is the one that could register.
  const candidates = await db
    .select({
      id: accounts.id,
      tenantId: accounts.tenantId,
      kind: accounts.kind,
      cloud: accounts.cloud,
      signInName: accounts.signInName,
      displayName: accounts.displayName,
      tenantDisplayName: tenants.displayName,
      tenantState: tenants.state,
    })
    .from(accounts)
    .leftJoin(tenants, eq(tenants.id, accounts.tenantId))
    .where(and(eq(accounts.signInName, facts.newSignInName), eq(accounts.cloud, facts.newCloud)));
  const found = candidates.find((c) => c.kind === 'work') ?? candidates[0];
  const newIdentity: NewIdentity | null = found
    ? {
        id: found.id,
        tenantId: found.tenantId,
        kind: found.kind as NewIdentity['kind'],
        cloud: found.cloud as Cloud,
        signInName: found.signInName,
        displayName: found.displayName,
        tenant:
          found.tenantId && found.tenantState
            ? {
                id: found.tenantId,
                displayName: found.tenantDisplayName ?? '',
                state: found.tenantState as 'managed' | 'unmanaged',
              }
            : null,
      }
    : null;
  add(
    'new_identity_found',
    newIdentity !== null,
    true,
    newIdentity
      ? `An account signs in with ${facts.newSignInName} in the ${facts.newCloud} cloud.`
      : `No account signs in with ${facts.newSignInName} in the ${facts.newCloud} cloud.`,
  );
  if (newIdentity) {
    add(
      'new_identity_work_account',
      newIdentity.kind === 'work',
      true,
      newIdentity.kind === 'work'
        ? `${facts.newSignInName} is a work account.`
        : `${facts.newSignInName} is a personal account: volume licensing needs a work account.`,
    );
    if (newIdentity.kind === 'work') {
      const managed = newIdentity.tenant?.state === 'managed';
      add(
        'new_identity_managed_tenant',
        managed,
        true,
        managed
          ? `${facts.newSignInName} belongs to a managed directory (${newIdentity.tenant?.displayName}).`
          : `${facts.newSignInName} belongs to an unmanaged directory: nobody administers it yet.`,
      );
    }
    const otherCloud = licenses.filter((l) => l.cloud !== newIdentity.cloud);
    if (licenses.length > 0) {
      add(
        'new_identity_cloud',
        otherCloud.length === 0,
        true,
        otherCloud.length === 0
          ? `The License IDs belong to the ${newIdentity.cloud} cloud, like ${facts.newSignInName}.`
          : `License ID ${otherCloud.map((l) => l.number).join(', ')} belongs to another cloud than ${facts.newSignInName} (${newIdentity.cloud}).`,
        { otherCloud: otherCloud.map((l) => l.number).join(', ') },
      );
    }
  }

  const [profile] = await db
    .select({ id: vlProfiles.id, accountId: vlProfiles.accountId, boundSignInName: accounts.signInName })
    .from(vlProfiles)
    .innerJoin(accounts, eq(accounts.id, vlProfiles.accountId))
    .where(eq(vlProfiles.businessEmail, facts.businessEmail));

  if (facts.kind === 'rebind') {
    let passed = false;
    let message: string;
    let reason: string;
    if (!profile) {
      reason = 'no_profile';
      message = `No VL profile exists for ${facts.businessEmail}: nothing to re-bind (a "create" request fits).`;
    } else if (newIdentity && profile.accountId === newIdentity.id) {
      reason = 'already_new';
      message = `The VL profile of ${facts.businessEmail} is already bound to ${facts.newSignInName}.`;
    } else if (profile.boundSignInName !== facts.oldSignInName) {
      reason = 'bound_elsewhere';
      message = `The VL profile of ${facts.businessEmail} is bound to ${profile.boundSignInName}, not to ${facts.oldSignInName}.`;
    } else {
      passed = true;
      reason = 'ok';
      message = `The VL profile of ${facts.businessEmail} exists and is bound to ${facts.oldSignInName}.`;
    }
    add('profile_bound_to_old_identity', passed, true, message, {
      reason,
      boundSignInName: profile?.boundSignInName ?? '',
    });
  } else {
    const conflicting = profile !== undefined && (!newIdentity || profile.accountId !== newIdentity.id);
    add(
      'no_conflicting_profile',
      !conflicting,
      true,
      !profile
        ? `No VL profile exists for ${facts.businessEmail} yet.`
        : conflicting
          ? `The VL profile of ${facts.businessEmail} is bound to ${profile.boundSignInName}: that is a re-bind, not a new profile.`
          : `The VL profile of ${facts.businessEmail} is already bound to ${facts.newSignInName}; approving adds the roles.`,
      { boundSignInName: conflicting ? profile.boundSignInName : '' },
    );

    // Why "create" is needed: nobody administers the License ID, or the invitation the contact had is dead.
    if (licenses.length > 0) {
      const held = heldRoles(db);
      const administered = await db
        .selectDistinct({ licenseIdId: held.licenseIdId })
        .from(held)
        .where(
          and(
            eq(held.role, 'administrator'),
            inArray(
              held.licenseIdId,
              licenses.map((l) => l.id),
            ),
          ),
        );
      const dead = await db
        .select({
          licenseIdId: invitations.licenseIdId,
          state: invitations.state,
          issuedAt: invitations.issuedAt,
          expiresAt: invitations.expiresAt,
          legacy: invitations.legacy,
        })
        .from(invitations)
        .where(
          and(
            eq(invitations.businessEmail, facts.businessEmail),
            inArray(
              invitations.licenseIdId,
              licenses.map((l) => l.id),
            ),
            sql`${invitations.state} <> 'redeemed'`,
          ),
        );
      const now = deps.clock.now();
      const withDeadInvitation = new Set(
        dead
          .filter((i) => ['void', 'expired'].includes(effectiveInvitationState(i, now, deps.config.invitationCutoff)))
          .map((i) => i.licenseIdId),
      );
      const withAdministrator = licenses.filter(
        (l) => administered.some((a) => a.licenseIdId === l.id) && !withDeadInvitation.has(l.id),
      );
      add(
        'license_ids_without_administrator',
        withAdministrator.length === 0,
        false,
        withAdministrator.length === 0
          ? 'Each License ID has no administrator left, or the invitation to this business e-mail is void or expired.'
          : `License ID ${withAdministrator.map((l) => l.number).join(', ')} has an administrator who could add this person instead.`,
        { withAdministrator: withAdministrator.map((l) => l.number).join(', ') },
      );
    }
  }

  if (newIdentity) {
    const own = facts.requesterAccountId === newIdentity.id;
    add(
      'new_identity_is_requester',
      own,
      false,
      own
        ? 'The request was filed by the new identity itself.'
        : `The request was filed by someone else than ${facts.newSignInName}: make sure that person asked for it.`,
    );
  }

  return {
    checks,
    licenses: licenses.map(({ id, number, cloud }) => ({ id, number, cloud })),
    newIdentity,
    profile: profile ?? null,
  };
}
