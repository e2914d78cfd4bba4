// New VL profile requests (SPEC §10): someone whose VL profile is bound to an identity they can no longer use asks to
// re-bind it to their current sign-in ID; someone listed in an agreement nobody administers any more (or whose legacy
// invitation is void) asks for a profile to be created. The request enters the operator queue as a support request
// (kind `vl-profile`) with the portal's pre-checks; an operator approves — the change, the pending invitations of the
// business e-mail, the support request's resolution, the e-mails and the audit entries in one transaction — or
// rejects with a reason. Decided once.
import { and, desc, eq, inArray, lt } from 'drizzle-orm';
import type { Clock } from '../../clock.js';
import type { Config } from '../../config.js';
import type { Database, Transaction } from '../../db/client.js';
import {
  accounts,
  supportMessages,
  supportRequests,
  userPreferences,
  vlProfileRequests,
  vlProfiles,
  vlRoleAssignments,
} from '../../db/schema.js';
import { normalizeEmail } from '../../domain/addresses.js';
import type { Cloud } from '../../domain/clouds.js';
import { AppError, notFound, type FieldRule } from '../../domain/errors.js';
import { enqueueMail } from '../../mail/outbox.js';
import { decodeCursor, DEFAULT_PAGE_SIZE, pageOf, type PageOf } from '../agreements/paging.js';
import { recordAudit, recordAudits } from '../audit/service.js';
import { mailLocaleOf } from '../onboarding/mails.js';
import type { OnboardingService } from '../onboarding/service.js';
import type { Auth, SignedInAccount } from '../session/service.js';
import { openSupportRequest, supportRequestPath } from '../support/requests.js';
import { approvedMail, rejectedMail } from './mails.js';
import { blockingFailures, runPrechecks, type Precheck, type RequestFacts } from './prechecks.js';

export type VlProfileRequestKind = 'rebind' | 'create';
export type VlProfileRequestState = 'pending' | 'approved' | 'rejected';

export type FileRequestInput = {
  kind: VlProfileRequestKind;
  oldSignInName?: string | undefined;
  newSignInName?: string | undefined;
  businessEmail: string;
  licenseIdNumbers: string[];
  note?: string | undefined;
};

/** What the requester sees of their own request: no pre-checks (they would tell who a business e-mail is bound to). */
export type OwnRequestView = {
  supportRequestId: number;
  kind: VlProfileRequestKind;
  state: VlProfileRequestState;
  oldSignInName: string | null;
  newSignInName: string;
  businessEmail: string;
  licenseIdNumbers: string[];
  createdAt: string;
  decidedAt: string | null;
  rejectionReason: string | null;
};

export type OperatorRequestView = OwnRequestView & {
  newCloud: Cloud;
  requester: { signInName: string; name: string; accountId: string | null };
  supportRequestState: string;
  /** what the portal found when the request was filed */
  prechecksAtFiling: Precheck[];
  /** the same checks run now; while a blocking one fails, approval is refused */
  prechecks: Precheck[];
  approvable: boolean;
  decidedBy: string | null;
};

/** Who approves creates the profile with Administrator: SPEC §10's "create" exists because nobody administers. */
const CREATED_PROFILE_ROLES = ['administrator'] as const;
const VOLUME_LICENSING_PATH = '/volume-licensing';

const requestFields = {
  id: vlProfileRequests.id,
  supportRequestId: vlProfileRequests.supportRequestId,
  kind: vlProfileRequests.kind,
  state: vlProfileRequests.state,
  oldSignInName: vlProfileRequests.oldSignInName,
  newSignInName: vlProfileRequests.newSignInName,
  newCloud: vlProfileRequests.newCloud,
  businessEmail: vlProfileRequests.businessEmail,
  licenseIdNumbers: vlProfileRequests.licenseIdNumbers,
  prechecks: vlProfileRequests.prechecks,
  decidedBy: vlProfileRequests.decidedBy,
  decidedAt: vlProfileRequests.decidedAt,
  rejectionReason: vlProfileRequests.rejectionReason,
  createdAt: supportRequests.createdAt,
  supportRequestState: supportRequests.state,
  requesterAccountId: supportRequests.requesterAccountId,
  requesterEmail: supportRequests.requesterEmail,
  requesterName: supportRequests.requesterName,
};
const selectRequests = (tx: Database | Transaction) =>
  tx
    .select(requestFields)
    .from(vlProfileRequests)
    .innerJoin(supportRequests, eq(supportRequests.id, vlProfileRequests.supportRequestId));
type RequestRow = Awaited<ReturnType<typeof selectRequests>>[number];

const invalid = (code: string, field: string, message: string, fieldMessage: string, rule: FieldRule) =>
  new AppError(422, code, message, { fields: [{ name: field, message: fieldMessage, rule }] });

const requestNotFound = () =>
  notFound(
    'vl_profile_request.not_found',
    'There is no new VL profile request with this number. Open it from the support queue.',
  );

export function createVlProfileRequestsService(deps: {
  db: Database;
  clock: Clock;
  config: Config;
  onboarding: OnboardingService;
}) {
  const { db, clock, config, onboarding } = deps;

  const factsOf = (row: RequestRow): RequestFacts => ({
    kind: row.kind as VlProfileRequestKind,
    oldSignInName: row.oldSignInName,
    newSignInName: row.newSignInName,
    newCloud: row.newCloud as Cloud,
    businessEmail: row.businessEmail,
    licenseIdNumbers: row.licenseIdNumbers,
    requesterAccountId: row.requesterAccountId,
  });

  const ownView = (row: RequestRow): OwnRequestView => ({
    supportRequestId: row.supportRequestId,
    kind: row.kind as VlProfileRequestKind,
    state: row.state as VlProfileRequestState,
    oldSignInName: row.oldSignInName,
    newSignInName: row.newSignInName,
    businessEmail: row.businessEmail,
    licenseIdNumbers: row.licenseIdNumbers,
    createdAt: row.createdAt.toISOString(),
    decidedAt: row.decidedAt?.toISOString() ?? null,
    rejectionReason: row.rejectionReason,
  });

  /** Files a request: checks what makes it meaningless (422), runs the pre-checks and opens the support request. */
  async function file(auth: Auth, input: FileRequestInput, ip: string): Promise<OwnRequestView> {
    const account = auth.account;
    const oldSignInName = input.oldSignInName === undefined ? null : normalizeEmail(input.oldSignInName);
    const newSignInName = normalizeEmail(input.newSignInName ?? account.signInName);
    const businessEmail = normalizeEmail(input.businessEmail);
    if (input.kind === 'rebind' && oldSignInName === null) {
      throw invalid(
        'vl_profile_request.old_sign_in_required',
        'body.oldSignInName',
        'A re-bind moves a VL profile from the sign-in ID it uses now: give that old sign-in ID.',
        'is required for a re-bind',
        'required',
      );
    }
    if (input.kind === 'create' && oldSignInName !== null) {
      throw invalid(
        'vl_profile_request.old_sign_in_not_for_create',
        'body.oldSignInName',
        'A new profile has no old sign-in ID. If the business e-mail is registered to an identity you can no longer use, file a re-bind instead.',
        'is only for a re-bind',
        'only_for_rebind',
      );
    }
    if (oldSignInName !== null && oldSignInName === newSignInName) {
      throw invalid(
        'vl_profile_request.same_identity',
        'body.newSignInName',
        'The old and the new sign-in ID are the same: there is nothing to re-bind. If you cannot see your agreements with this sign-in ID, open "Why can\'t I see volume licensing?".',
        'is the same as the old sign-in ID',
        'same_sign_in_id',
      );
    }
    const licenseIdNumbers = [...new Set(input.licenseIdNumbers)];

    return db.transaction(async (tx) => {
      const [open] = await tx
        .select({ supportRequestId: vlProfileRequests.supportRequestId })
        .from(vlProfileRequests)
        .where(and(eq(vlProfileRequests.businessEmail, businessEmail), eq(vlProfileRequests.state, 'pending')));
      if (open) {
        throw new AppError(
          409,
          'vl_profile_request.already_pending',
          `A new VL profile request for ${businessEmail} is already waiting for an operator (no. ${open.supportRequestId}). Wait for its answer by e-mail, or add to it through Help & support.`,
          { supportRequestId: open.supportRequestId },
        );
      }
      const facts: RequestFacts = {
        kind: input.kind,
        oldSignInName,
        newSignInName,
        newCloud: account.cloud,
        businessEmail,
        licenseIdNumbers,
        requesterAccountId: account.id,
      };
      const { checks } = await runPrechecks(tx, { clock, config }, facts);
      const what =
        input.kind === 'rebind' ? `re-bind from ${oldSignInName} to ${newSignInName}` : `create for ${newSignInName}`;
      const description = [
        `New VL profile request (${what}) for the business e-mail ${businessEmail} on License ID ${licenseIdNumbers.join(', ')}.`,
        ...(input.note ? [input.note] : []),
      ].join('\n\n');
      const supportRequestId = await openSupportRequest(tx, clock, {
        kind: 'vl-profile',
        category: `vl-profile-${input.kind}`,
        subject: `New VL profile (${input.kind === 'rebind' ? 're-bind' : 'create'}) for ${businessEmail}`,
        description,
        requester: {
          accountId: account.id,
          email: account.signInName,
          name: account.displayName,
          cloud: account.cloud,
        },
        licenseIdNumbers,
        ip,
        // the confirmation e-mail links to the request
        baseUrls: config.baseUrls,
      });
      await tx.insert(vlProfileRequests).values({
        supportRequestId,
        kind: input.kind,
        oldSignInName,
        newSignInName,
        newCloud: account.cloud,
        businessEmail,
        licenseIdNumbers,
        prechecks: checks,
      });
      const [row] = await selectRequests(tx).where(eq(vlProfileRequests.supportRequestId, supportRequestId));
      return ownView(row!);
    });
  }

  /** The caller's own requests, newest first. */
  async function listOwn(
    account: SignedInAccount,
    options: { cursor?: string | undefined; limit?: number | undefined },
  ): Promise<PageOf<OwnRequestView>> {
    const limit = options.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(options.cursor, 1);
    const rows = await selectRequests(db)
      .where(
        and(
          eq(supportRequests.requesterAccountId, account.id),
          after ? lt(vlProfileRequests.supportRequestId, Number(after[0])) : undefined,
        ),
      )
      .orderBy(desc(vlProfileRequests.supportRequestId))
      .limit(limit + 1);
    return pageOf(rows, limit, ownView, (r) => [String(r.supportRequestId)]);
  }

  async function load(tx: Database | Transaction, supportRequestId: number, lock: boolean): Promise<RequestRow> {
    const query = selectRequests(tx).where(eq(vlProfileRequests.supportRequestId, supportRequestId));
    const [row] = lock ? await query.for('update', { of: vlProfileRequests }) : await query;
    if (!row) throw requestNotFound();
    return row;
  }

  async function operatorView(tx: Database | Transaction, row: RequestRow): Promise<OperatorRequestView> {
    const { checks } = await runPrechecks(tx, { clock, config }, factsOf(row));
    const [decider] = row.decidedBy
      ? await tx.select({ signInName: accounts.signInName }).from(accounts).where(eq(accounts.id, row.decidedBy))
      : [];
    return {
      ...ownView(row),
      newCloud: row.newCloud as Cloud,
      requester: {
        signInName: row.requesterEmail,
        name: row.requesterName,
        accountId: row.requesterAccountId,
      },
      supportRequestState: row.supportRequestState,
      prechecksAtFiling: (row.prechecks as Precheck[] | null) ?? [],
      prechecks: checks,
      approvable: row.state === 'pending' && blockingFailures(checks).length === 0,
      decidedBy: decider?.signInName ?? null,
    };
  }

  /** The operator's view: the request, what was found at filing, and the pre-checks run again now. */
  async function getForOperator(supportRequestId: number): Promise<OperatorRequestView> {
    return operatorView(db, await load(db, supportRequestId, false));
  }

  const alreadyDecided = (row: RequestRow) =>
    new AppError(
      409,
      'vl_profile_request.already_decided',
      `This request was already ${row.state} on ${row.decidedAt?.toISOString().slice(0, 10)}. A request is decided once; the requester can file a new one.`,
      { state: row.state },
    );

  /** Closes the support request with the decision as the operator's last message. */
  async function resolveSupportRequest(tx: Transaction, operator: SignedInAccount, id: number, message: string) {
    const now = clock.now();
    await tx
      .update(supportRequests)
      .set({ state: 'resolved', resolvedAt: now, updatedAt: now, assignedOperatorId: operator.id })
      .where(eq(supportRequests.id, id));
    await tx
      .insert(supportMessages)
      .values({ requestId: id, authorKind: 'operator', authorAccountId: operator.id, body: message, createdAt: now });
  }

  /** The language each address prefers, where an account with that sign-in name chose one. */
  async function localesOf(tx: Transaction, addresses: readonly string[]) {
    const rows = await tx
      .select({ signInName: accounts.signInName, locale: userPreferences.locale })
      .from(accounts)
      .innerJoin(userPreferences, eq(userPreferences.accountId, accounts.id))
      .where(inArray(accounts.signInName, [...addresses]));
    return (address: string) => mailLocaleOf(rows.find((r) => r.signInName === address)?.locale);
  }

  /**
   * Approves: re-binds the VL profile to the new identity (its roles and opt-ins follow; the old identity keeps
   * nothing) or creates it with Administrator on the License IDs; takes up the business e-mail's pending invitations
   * as registration would; resolves the support request; e-mails every address concerned; audits per License ID.
   * The pre-checks run again under the request's lock: a blocking failure refuses (409) and changes nothing.
   */
  async function approve(auth: Auth, supportRequestId: number, ip: string): Promise<OperatorRequestView> {
    const operator = auth.account;
    await db.transaction(async (tx) => {
      const row = await load(tx, supportRequestId, true);
      if (row.state !== 'pending') throw alreadyDecided(row);
      const facts = factsOf(row);
      const outcome = await runPrechecks(tx, { clock, config }, facts);
      const failed = blockingFailures(outcome.checks);
      if (failed.length > 0) {
        throw new AppError(
          409,
          'vl_profile_request.precheck_failed',
          `This request cannot be approved now: ${failed.map((c) => c.message).join(' ')} Reject it with the reason, or ask the requester to fix it first.`,
          { failed: failed.map((c) => c.code) },
        );
      }
      const identity = outcome.newIdentity!;
      const now = clock.now();
      let profileId: string;
      let before: { accountId: string; signInName: string } | null = null;
      if (facts.kind === 'rebind') {
        const profile = outcome.profile!;
        profileId = profile.id;
        before = { accountId: profile.accountId, signInName: profile.boundSignInName };
        // The guard on the old account makes a concurrent change show up as "nothing updated" instead of a silent win.
        const moved = await tx
          .update(vlProfiles)
          .set({ accountId: identity.id })
          .where(and(eq(vlProfiles.id, profile.id), eq(vlProfiles.accountId, profile.accountId)))
          .returning({ id: vlProfiles.id });
        if (moved.length !== 1) throw new Error(`VL profile ${profile.id} changed during its re-bind`);
      } else if (outcome.profile) {
        profileId = outcome.profile.id;
      } else {
        const [created] = await tx
          .insert(vlProfiles)
          .values({
            businessEmail: facts.businessEmail,
            accountId: identity.id,
            displayName: identity.displayName,
            createdAt: now,
          })
          .returning({ id: vlProfiles.id });
        profileId = created!.id;
      }
      if (facts.kind === 'create') {
        await tx
          .insert(vlRoleAssignments)
          .values(
            outcome.licenses.flatMap((l) =>
              CREATED_PROFILE_ROLES.map((role) => ({
                vlProfileId: profileId,
                licenseIdId: l.id,
                role,
                grantedAt: now,
                grantedBy: operator.id,
              })),
            ),
          )
          .onConflictDoNothing();
      }
      // Invitations still open for the business e-mail are the new identity's now, as at registration.
      const takenUp = await onboarding.grantPendingInvitations(
        tx,
        { ...identity, isGlobalAdmin: false, isOperator: false },
        { id: profileId, businessEmail: facts.businessEmail },
        ip,
      );
      await tx
        .update(vlProfileRequests)
        .set({ state: 'approved', decidedBy: operator.id, decidedAt: now })
        .where(eq(vlProfileRequests.id, row.id));
      const after = { accountId: identity.id, signInName: identity.signInName };
      await recordAudits(
        tx,
        clock,
        outcome.licenses.map((l) => ({
          action: facts.kind === 'rebind' ? 'vl_profile.rebound' : 'vl_profile.created',
          actorKind: 'operator' as const,
          actorAccountId: operator.id,
          tenantId: identity.tenantId,
          licenseIdNumber: l.number,
          target: `vl-profile:${profileId}`,
          details: {
            supportRequestId,
            businessEmail: facts.businessEmail,
            before,
            after,
            ...(facts.kind === 'create' ? { roles: [...CREATED_PROFILE_ROLES] } : {}),
            invitationsTakenUp: takenUp.map((g) => g.licenseIdNumber),
          },
          ip,
        })),
      );
      await resolveSupportRequest(
        tx,
        operator,
        supportRequestId,
        facts.kind === 'rebind'
          ? `Approved: the VL profile of ${facts.businessEmail} now uses ${facts.newSignInName} (it used ${facts.oldSignInName}).`
          : `Approved: ${facts.businessEmail} now has a VL profile on ${facts.newSignInName}, as Administrator of License ID ${facts.licenseIdNumbers.join(', ')}.`,
      );
      const recipients = [
        ...new Set([facts.oldSignInName, facts.newSignInName, facts.businessEmail].filter((a) => a !== null)),
      ];
      const localeOf = await localesOf(tx, recipients);
      for (const to of recipients) {
        const mail = approvedMail(localeOf(to), facts.kind, {
          ...facts,
          supportRequestId,
          url: `${config.baseUrls[identity.cloud]}${VOLUME_LICENSING_PATH}`,
        });
        await enqueueMail(tx, clock, {
          kind: 'vl-profile-request-approved',
          to,
          subjectId: `vl-profile-request:${supportRequestId}`,
          ...mail,
        });
      }
    });
    return getForOperator(supportRequestId);
  }

  /** Rejects with the operator's reason: nothing else changes; requester and business e-mail are told why. */
  async function reject(
    auth: Auth,
    supportRequestId: number,
    reason: string,
    ip: string,
  ): Promise<OperatorRequestView> {
    const operator = auth.account;
    await db.transaction(async (tx) => {
      const row = await load(tx, supportRequestId, true);
      if (row.state !== 'pending') throw alreadyDecided(row);
      const facts = factsOf(row);
      const now = clock.now();
      await tx
        .update(vlProfileRequests)
        .set({ state: 'rejected', decidedBy: operator.id, decidedAt: now, rejectionReason: reason })
        .where(eq(vlProfileRequests.id, row.id));
      await recordAudit(tx, clock, {
        action: 'vl_profile_request.rejected',
        actorKind: 'operator',
        actorAccountId: operator.id,
        target: `support-request:${supportRequestId}`,
        details: { kind: facts.kind, businessEmail: facts.businessEmail, newSignInName: facts.newSignInName, reason },
        ip,
      });
      await resolveSupportRequest(tx, operator, supportRequestId, `Not approved: ${reason}`);
      const recipients = [...new Set([row.requesterEmail, facts.businessEmail])];
      const localeOf = await localesOf(tx, recipients);
      for (const to of recipients) {
        const mail = rejectedMail(localeOf(to), {
          ...facts,
          supportRequestId,
          reason,
          url: `${config.baseUrls[facts.newCloud]}${supportRequestPath(supportRequestId)}`,
        });
        await enqueueMail(tx, clock, {
          kind: 'vl-profile-request-rejected',
          to,
          subjectId: `vl-profile-request:${supportRequestId}`,
          ...mail,
        });
      }
    });
    return getForOperator(supportRequestId);
  }

  return { file, listOwn, getForOperator, approve, reject };
}

export type VlProfileRequestsService = ReturnType<typeof createVlProfileRequestsService>;
