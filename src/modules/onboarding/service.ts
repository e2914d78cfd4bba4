// Onboarding (SPEC §5): what the creation of a License ID does for its contacts (welcome invitations, or roles at once
// for business e-mails that already have a VL profile), the invitation landing (which changes nothing) and
// registration (redeeming an invitation), with a distinct refusal for each reason it cannot happen.
import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { Clock, TokenGenerator } from '../../clock.js';
import type { Config } from '../../config.js';
import { decryptSecret, encryptSecret, sha256Hex } from '../../crypto.js';
import type { Database, Transaction } from '../../db/client.js';
import { insertJsonRows } from '../../db/json-rows.js';
import {
  accounts,
  invitations,
  licenseIds,
  organizations,
  programs,
  userPreferences,
  vlProfiles,
  vlRoleAssignments,
} from '../../db/schema.js';
import { domainOf } from '../../domain/addresses.js';
import type { Cloud } from '../../domain/clouds.js';
import { AppError, notFound } from '../../domain/errors.js';
import { effectiveInvitationState, maskEmail, type InvitationState } from '../../domain/invitations.js';
import { defaultRolesOfContacts, isVlRole, VL_ROLES, type ContactKind, type VlRole } from '../../domain/vl-roles.js';
import { enqueueMail, enqueueMails, type MailInput } from '../../mail/outbox.js';
import { recordAudit, recordAuditAlone, recordAudits, type AuditEntry } from '../audit/service.js';
import type { Auth } from '../session/service.js';
import {
  invitationMail,
  mailLocaleOf,
  permissionChangeMail,
  registrationSuccessfulMail,
  type AgreementFacts,
} from './mails.js';

/** Who caused a change, for the audit log. */
export type Actor = {
  actorKind: AuditEntry['actorKind'];
  actorAccountId: string | null;
  ip: string | null;
  /** merged into each audit entry's details (e.g. the partner and token that acted) */
  details?: Record<string, unknown>;
};

export type NewLicenseIdFacts = AgreementFacts & {
  licenseId: { id: string; number: string; cloud: Cloud };
  enterpriseStyle: boolean;
  /** emails normalized (lower case) */
  contacts: { kind: ContactKind; name: string; email: string }[];
};

export type WelcomeOutcome = {
  email: string;
  roles: VlRole[];
  action: 'invitation-sent' | 'roles-granted' | 'awaiting-sign-in-id';
};

export type InvitationLanding = {
  state: InvitationState;
  licenseIdNumber: string;
  organizationName: string;
  organizationApproved: boolean;
  programName: string;
  cloud: Cloud;
  roles: VlRole[];
  businessEmailMasked: string;
  expiresAt: string;
};

export type Registration = {
  licenseIdNumber: string;
  organizationName: string;
  roles: VlRole[];
  businessEmail: string;
  vlProfileId: string;
  /** the page to open next */
  redirectTo: string;
};

const DAY_MS = 24 * 60 * 60 * 1000;
/** Binds the stored copy of an invitation token to its column: it decrypts nowhere else. */
export const INVITATION_TOKEN_CONTEXT = 'invitation-token';
const VOLUME_LICENSING_PATH = '/volume-licensing';
const CLOUD_NAMES: Record<Cloud, string> = { public: 'public', 'gov-high': 'GCC High', defense: 'DoD' };

/** Rows per INSERT of the welcome step's writes. */
const ROWS_PER_INSERT = 1000;

/** What a use case writes, gathered first and then written for all its License IDs at once. */
type Writes = {
  roles: (typeof vlRoleAssignments.$inferInsert)[];
  invitations: (typeof invitations.$inferInsert)[];
  mails: MailInput[];
  /** in the order they chain */
  audits: AuditEntry[];
};
const noWrites = (): Writes => ({ roles: [], invitations: [], mails: [], audits: [] });

const rolesOf = (stored: readonly string[]): VlRole[] => VL_ROLES.filter((r) => stored.includes(r) && isVlRole(r));

export function createOnboardingService(deps: {
  db: Database;
  clock: Clock;
  config: Config;
  newToken: TokenGenerator;
}) {
  const { db, clock, config, newToken } = deps;
  const secretKey = config.secretKey!;
  const baseUrl = (cloud: Cloud) => config.baseUrls[cloud];

  /**
   * Runs in the transaction that creates License IDs (SPEC §5) — one through the partner API, many through the bulk
   * import — and answers per License ID, in order. For each business e-mail among a License ID's contacts that the
   * program's rules give roles (vl-roles.ts): a VL profile already registered → the roles at once and a "Permission
   * changes" e-mail; none → on non-enterprise programs an invitation and the welcome e-mail, on enterprise-style
   * programs nothing (an administrator adds people by sign-in ID).
   *
   * A fixed number of statements however many License IDs: the lookups are one query each, the writes one multi-row
   * INSERT per table (role assignments, invitations, e-mails, their jobs, audit entries). `precededBy` is the audit
   * entry of the change that causes a welcome (the License ID's creation): it is chained right before that License
   * ID's own entries, so a batch's log reads as if its License IDs had been created one at a time.
   */
  async function welcomeContacts(
    tx: Transaction,
    batch: readonly { facts: NewLicenseIdFacts; precededBy?: AuditEntry }[],
    actor: Actor,
  ): Promise<WelcomeOutcome[][]> {
    const plans = batch.map(({ facts }) => {
      const byEmail = new Map<string, { name: string; kinds: ContactKind[] }>();
      for (const contact of facts.contacts) {
        const entry = byEmail.get(contact.email) ?? { name: contact.name, kinds: [] };
        entry.kinds.push(contact.kind);
        byEmail.set(contact.email, entry);
      }
      return [...byEmail]
        .map(([email, { name, kinds }]) => ({
          email,
          name,
          roles: defaultRolesOfContacts(kinds, { enterpriseStyle: facts.enterpriseStyle }),
        }))
        .filter((p) => p.roles.length > 0);
    });

    const emails = [...new Set(plans.flatMap((plan) => plan.map((p) => p.email)))];
    const profiles =
      emails.length === 0
        ? []
        : await tx
            .select({
              id: vlProfiles.id,
              businessEmail: vlProfiles.businessEmail,
              displayName: accounts.displayName,
              locale: userPreferences.locale,
            })
            .from(vlProfiles)
            .innerJoin(accounts, eq(accounts.id, vlProfiles.accountId))
            .leftJoin(userPreferences, eq(userPreferences.accountId, vlProfiles.accountId))
            .where(inArray(vlProfiles.businessEmail, emails));
    const profileOf = new Map(profiles.map((p) => [p.businessEmail, p]));
    // Someone not registered yet may still have an account under that address (in the License ID's cloud): their
    // language, when they chose one.
    const hinted = batch.flatMap(({ facts }, i) =>
      facts.enterpriseStyle
        ? []
        : plans[i]!.filter((p) => !profileOf.has(p.email)).map((p) => ({
            email: p.email,
            cloud: facts.licenseId.cloud,
          })),
    );
    const localeHints =
      hinted.length === 0
        ? []
        : await tx
            .select({ signInName: accounts.signInName, cloud: accounts.cloud, locale: userPreferences.locale })
            .from(accounts)
            .innerJoin(userPreferences, eq(userPreferences.accountId, accounts.id))
            .where(
              and(
                inArray(accounts.signInName, [...new Set(hinted.map((h) => h.email))]),
                inArray(accounts.cloud, [...new Set(hinted.map((h) => h.cloud))]),
              ),
            );
    const localeHintOf = new Map(localeHints.map((h) => [`${h.cloud}\n${h.signInName}`, h.locale]));

    const writes = noWrites();
    const outcomes = batch.map(({ facts, precededBy }, i) => {
      if (precededBy) writes.audits.push(precededBy);
      const welcome: WelcomeOutcome[] = [];
      for (const { email, name, roles } of plans[i]!) {
        const profile = profileOf.get(email);
        if (profile) {
          planGrant(writes, {
            facts,
            licenseIdId: facts.licenseId.id,
            profile: { id: profile.id, businessEmail: email, displayName: profile.displayName ?? name },
            roles,
            locale: profile.locale,
            actor,
            reason: 'agreement-contact',
            mailSubjectId: `license-id-created:${facts.licenseId.id}`,
          });
          welcome.push({ email, roles, action: 'roles-granted' });
        } else if (!facts.enterpriseStyle) {
          planInvitation(writes, {
            facts,
            email,
            contactName: name,
            roles,
            locale: localeHintOf.get(`${facts.licenseId.cloud}\n${email}`),
            actor,
          });
          welcome.push({ email, roles, action: 'invitation-sent' });
        } else {
          welcome.push({ email, roles, action: 'awaiting-sign-in-id' });
        }
      }
      return welcome;
    });
    await write(tx, writes);
    return outcomes;
  }

  /** Writes what planGrant and planInvitation gathered: one multi-row INSERT per table (per slice). */
  async function write(tx: Transaction, writes: Writes): Promise<void> {
    for (let start = 0; start < writes.roles.length; start += ROWS_PER_INSERT)
      await insertJsonRows(tx, vlRoleAssignments, writes.roles.slice(start, start + ROWS_PER_INSERT), {
        onConflictDoNothing: {},
      });
    for (let start = 0; start < writes.invitations.length; start += ROWS_PER_INSERT)
      await insertJsonRows(tx, invitations, writes.invitations.slice(start, start + ROWS_PER_INSERT));
    await enqueueMails(tx, clock, writes.mails);
    await recordAudits(tx, clock, writes.audits);
  }

  type GrantInput = {
    facts: AgreementFacts & { licenseId: { cloud: Cloud } };
    licenseIdId: string;
    profile: { id: string; businessEmail: string; displayName: string };
    roles: VlRole[];
    locale: string | null | undefined;
    actor: Actor;
    reason: string;
    /** with the kind and recipient, the identity of the e-mail (one per logical change) */
    mailSubjectId: string;
    grantedBy?: string | null;
  };

  /** Grants `roles` on a License ID to a VL profile at once, audits, and sends the "Permission changes" e-mail. */
  async function grantRoles(tx: Transaction, input: GrantInput): Promise<void> {
    const writes = noWrites();
    planGrant(writes, input);
    await write(tx, writes);
  }

  function planGrant(writes: Writes, input: GrantInput): void {
    const now = clock.now();
    writes.roles.push(
      ...input.roles.map((role) => ({
        vlProfileId: input.profile.id,
        licenseIdId: input.licenseIdId,
        role,
        grantedAt: now,
        grantedBy: input.grantedBy ?? null,
      })),
    );
    writes.audits.push({
      ...auditActor(input.actor),
      action: 'vl_role.granted',
      licenseIdNumber: input.facts.licenseIdNumber,
      target: input.profile.id,
      details: {
        ...input.actor.details,
        businessEmail: input.profile.businessEmail,
        roles: input.roles,
        reason: input.reason,
      },
    });
    writes.mails.push(
      permissionChangeMailInput({
        grant: {
          organizationName: input.facts.organizationName,
          programName: input.facts.programName,
          number: input.facts.licenseIdNumber,
          cloud: input.facts.licenseId.cloud,
        },
        profile: { ...input.profile, locale: input.locale },
        roles: input.roles,
        mailSubjectId: input.mailSubjectId,
      }),
    );
  }

  type PermissionChangeInput = {
    grant: { organizationName: string; programName: string; number: string; cloud: Cloud };
    profile: { businessEmail: string; displayName: string; locale: string | null | undefined };
    roles: VlRole[];
    /** with the kind and recipient, the identity of the e-mail (one per logical change) */
    mailSubjectId: string;
  };

  /** The "Permission changes" e-mail (SPEC §5, §6) to a VL profile's business e-mail: the roles it holds now. */
  async function notifyPermissionChange(tx: Transaction, input: PermissionChangeInput): Promise<void> {
    await enqueueMail(tx, clock, permissionChangeMailInput(input));
  }

  function permissionChangeMailInput(input: PermissionChangeInput): MailInput {
    const mail = permissionChangeMail(mailLocaleOf(input.profile.locale), {
      organizationName: input.grant.organizationName,
      programName: input.grant.programName,
      licenseIdNumber: input.grant.number,
      recipientName: input.profile.displayName,
      businessEmail: input.profile.businessEmail,
      roles: input.roles,
      url: `${baseUrl(input.grant.cloud)}${VOLUME_LICENSING_PATH}`,
    });
    return { kind: 'vl-permission-change', to: input.profile.businessEmail, subjectId: input.mailSubjectId, ...mail };
  }

  type InvitationInput = {
    facts: AgreementFacts & { licenseId: { id: string; cloud: Cloud } };
    email: string;
    contactName: string;
    roles: VlRole[];
    locale: string | null | undefined;
    actor: Actor;
    createdBy?: string | null;
  };

  /**
   * Issues an invitation and queues its e-mail. The token (256 random bits) leaves only in the e-mail's link; the
   * database keeps its SHA-256 for lookup and an AES-256-GCM copy under the server key so that Resend can send the
   * same link again.
   */
  async function issueInvitation(tx: Transaction, input: InvitationInput): Promise<{ id: string }> {
    const writes = noWrites();
    const issued = planInvitation(writes, input);
    await write(tx, writes);
    return issued;
  }

  function planInvitation(writes: Writes, input: InvitationInput): { id: string } {
    const token = newToken(32);
    const now = clock.now();
    const expiresAt = new Date(now.getTime() + config.invitationTtlDays * DAY_MS);
    const id = randomUUID();
    writes.invitations.push({
      id,
      licenseIdId: input.facts.licenseId.id,
      businessEmail: input.email,
      roles: input.roles,
      tokenHash: sha256Hex(token),
      tokenEncrypted: encryptSecret(secretKey, token, INVITATION_TOKEN_CONTEXT),
      state: 'pending',
      issuedAt: now,
      expiresAt,
      createdBy: input.createdBy ?? null,
    });
    writes.mails.push(invitationMailInput({ ...input, token, expiresAt, subjectId: id }));
    writes.audits.push({
      ...auditActor(input.actor),
      action: 'invitation.issued',
      licenseIdNumber: input.facts.licenseIdNumber,
      target: id,
      details: { ...input.actor.details, businessEmail: input.email, roles: input.roles, expiresAt },
    });
    return { id };
  }

  function invitationMailInput(input: {
    facts: AgreementFacts & { licenseId: { cloud: Cloud } };
    email: string;
    contactName: string;
    roles: VlRole[];
    locale: string | null | undefined;
    token: string;
    expiresAt: Date;
    /** with the kind and recipient, the identity of the e-mail: a resend needs a new one */
    subjectId: string;
  }): MailInput {
    const mail = invitationMail(mailLocaleOf(input.locale), {
      ...input.facts,
      contactName: input.contactName,
      roles: input.roles,
      url: `${baseUrl(input.facts.licenseId.cloud)}/invitations/${input.token}`,
      expiresAt: input.expiresAt,
    });
    return { kind: 'invitation', to: input.email, subjectId: input.subjectId, ...mail };
  }

  /**
   * Resend (SPEC §5): the same link again, decrypted from the stored copy — or, with `rotate`, Reset: a new token
   * (the old link dies at once) and a renewed expiry. Only for invitations still pending (expired ones: reset only).
   */
  async function reissueInvitation(
    tx: Transaction,
    invitationId: string,
    options: { rotate: boolean; actor: Actor },
  ): Promise<void> {
    const [row] = await tx
      .select({
        ...invitationRow,
        tokenEncrypted: invitations.tokenEncrypted,
        contactName: vlProfiles.displayName,
      })
      .from(invitations)
      .innerJoin(licenseIds, eq(licenseIds.id, invitations.licenseIdId))
      .innerJoin(organizations, eq(organizations.id, licenseIds.organizationId))
      .innerJoin(programs, eq(programs.id, licenseIds.programId))
      .leftJoin(vlProfiles, eq(vlProfiles.businessEmail, invitations.businessEmail))
      .where(eq(invitations.id, invitationId))
      .for('update', { of: invitations });
    if (!row) throw invitationNotFound();
    const now = clock.now();
    let token = decryptSecret(secretKey, row.tokenEncrypted, INVITATION_TOKEN_CONTEXT);
    let expiresAt = row.expiresAt;
    if (options.rotate) {
      token = newToken(32);
      expiresAt = new Date(now.getTime() + config.invitationTtlDays * DAY_MS);
      await tx
        .update(invitations)
        .set({
          tokenHash: sha256Hex(token),
          tokenEncrypted: encryptSecret(secretKey, token, INVITATION_TOKEN_CONTEXT),
          issuedAt: now,
          expiresAt,
          state: 'pending',
        })
        .where(eq(invitations.id, invitationId));
    }
    await enqueueMail(
      tx,
      clock,
      invitationMailInput({
        facts: {
          organizationName: row.organizationName,
          licenseIdNumber: row.licenseIdNumber,
          programName: row.programName,
          licenseId: { cloud: row.cloud as Cloud },
        },
        email: row.businessEmail,
        contactName: row.contactName ?? row.businessEmail,
        roles: rolesOf(row.roles),
        locale: null,
        token,
        expiresAt,
        subjectId: `${invitationId}:${options.rotate ? 'reset' : 'resend'}:${now.toISOString()}`,
      }),
    );
    await recordAudit(tx, clock, {
      ...auditActor(options.actor),
      action: options.rotate ? 'invitation.reset' : 'invitation.resent',
      licenseIdNumber: row.licenseIdNumber,
      target: invitationId,
      details: { ...options.actor.details, businessEmail: row.businessEmail, expiresAt },
    });
  }

  const invitationRow = {
    id: invitations.id,
    businessEmail: invitations.businessEmail,
    roles: invitations.roles,
    state: invitations.state,
    issuedAt: invitations.issuedAt,
    expiresAt: invitations.expiresAt,
    legacy: invitations.legacy,
    redeemedBy: invitations.redeemedBy,
    licenseIdId: licenseIds.id,
    licenseIdNumber: licenseIds.number,
    cloud: licenseIds.cloud,
    organizationName: organizations.name,
    approvalState: organizations.approvalState,
    programName: programs.name,
  };

  /** What the invitation link's landing page shows. Reads only: opening a link (a mail scanner) consumes nothing. */
  async function landing(token: string): Promise<InvitationLanding> {
    const [row] = await db
      .select(invitationRow)
      .from(invitations)
      .innerJoin(licenseIds, eq(licenseIds.id, invitations.licenseIdId))
      .innerJoin(organizations, eq(organizations.id, licenseIds.organizationId))
      .innerJoin(programs, eq(programs.id, licenseIds.programId))
      .where(eq(invitations.tokenHash, sha256Hex(token)));
    if (!row) throw invitationNotFound();
    return {
      state: effectiveInvitationState(row, clock.now(), config.invitationCutoff),
      licenseIdNumber: row.licenseIdNumber,
      organizationName: row.organizationName,
      organizationApproved: row.approvalState === 'approved',
      programName: row.programName,
      cloud: row.cloud as Cloud,
      roles: rolesOf(row.roles),
      businessEmailMasked: maskEmail(row.businessEmail),
      expiresAt: row.expiresAt.toISOString(),
    };
  }

  /**
   * Registration: the signed-in account redeems the invitation. One transaction, the invitation row locked, so that
   * of any number of simultaneous attempts exactly one registers. Refusals are checked in a fixed order and each has
   * its own code; refusals are audited too.
   */
  async function redeem(auth: Auth, token: string, ip: string): Promise<Registration> {
    const account = auth.account;
    try {
      return await db.transaction(async (tx) => {
        const [row] = await tx
          .select(invitationRow)
          .from(invitations)
          .innerJoin(licenseIds, eq(licenseIds.id, invitations.licenseIdId))
          .innerJoin(organizations, eq(organizations.id, licenseIds.organizationId))
          .innerJoin(programs, eq(programs.id, licenseIds.programId))
          .where(eq(invitations.tokenHash, sha256Hex(token)))
          .for('update', { of: invitations });
        if (!row) throw invitationNotFound();
        const cloud = row.cloud as Cloud;
        const facts = {
          organizationName: row.organizationName,
          licenseIdNumber: row.licenseIdNumber,
          programName: row.programName,
        };

        if (account.kind === 'personal') throw refusals.personalAccount(account.signInName);
        if (account.tenant?.state !== 'managed') throw refusals.unmanagedTenant(domainOf(account.signInName));
        if (account.cloud !== cloud) throw refusals.otherCloud(row.licenseIdNumber, cloud, baseUrl(cloud));
        if (row.approvalState !== 'approved') throw refusals.organizationNotApproved(row.organizationName);
        const state = effectiveInvitationState(row, clock.now(), config.invitationCutoff);
        if (state === 'expired') throw refusals.expired(row.licenseIdNumber, row.expiresAt);
        if (state === 'revoked') throw refusals.revoked(row.licenseIdNumber);
        if (state === 'void') throw refusals.void(row.licenseIdNumber);
        if (state === 'redeemed') throw refusals.redeemed(row.redeemedBy === account.id);

        const profile = await profileFor(tx, row.businessEmail, account.id, account.displayName);
        const roles = rolesOf(row.roles);
        const now = clock.now();
        await tx
          .insert(vlRoleAssignments)
          .values(
            roles.map((role) => ({ vlProfileId: profile.id, licenseIdId: row.licenseIdId, role, grantedAt: now })),
          )
          .onConflictDoNothing();
        await tx
          .update(invitations)
          .set({ state: 'redeemed', redeemedAt: now, redeemedBy: account.id })
          .where(eq(invitations.id, row.id));
        // The person may have been invited to other License IDs under the same business e-mail: those count too.
        await grantPendingInvitations(tx, account, { id: profile.id, businessEmail: row.businessEmail }, ip);
        await recordAudit(tx, clock, {
          action: 'registration.completed',
          actorKind: 'account',
          actorAccountId: account.id,
          tenantId: account.tenantId,
          licenseIdNumber: row.licenseIdNumber,
          target: row.id,
          details: {
            businessEmail: row.businessEmail,
            roles,
            vlProfileId: profile.id,
            profileCreated: profile.created,
          },
          ip,
        });
        const [preferences] = await tx
          .select({ locale: userPreferences.locale })
          .from(userPreferences)
          .where(eq(userPreferences.accountId, account.id));
        const mail = registrationSuccessfulMail(mailLocaleOf(preferences?.locale), {
          ...facts,
          recipientName: account.displayName,
          businessEmail: row.businessEmail,
          signInName: account.signInName,
          roles,
          url: `${baseUrl(cloud)}${VOLUME_LICENSING_PATH}`,
        });
        await enqueueMail(tx, clock, {
          kind: 'registration-successful',
          to: row.businessEmail,
          subjectId: row.id,
          ...mail,
        });
        return {
          licenseIdNumber: row.licenseIdNumber,
          organizationName: row.organizationName,
          roles,
          businessEmail: row.businessEmail,
          vlProfileId: profile.id,
          redirectTo: VOLUME_LICENSING_PATH,
        };
      });
    } catch (error) {
      if (error instanceof AppError && error.code.startsWith('registration.')) {
        await recordAuditAlone(db, clock, {
          action: 'registration.refused',
          actorKind: 'account',
          actorAccountId: account.id,
          tenantId: account.tenantId,
          details: { code: error.code },
          ip,
        });
      }
      throw error;
    }
  }

  /**
   * Redeems, for a registered VL profile, every other invitation still pending for its business e-mail (other
   * License IDs the person was invited to, or that an administrator added them to before they registered), where
   * registration would succeed: same cloud, organization approved, not expired. Used at registration and by
   * Preferences › Sync permissions.
   */
  async function grantPendingInvitations(
    tx: Transaction,
    account: Auth['account'],
    profile: { id: string; businessEmail: string },
    ip: string | null,
  ): Promise<{ licenseIdNumber: string; roles: VlRole[] }[]> {
    const rows = await tx
      .select(invitationRow)
      .from(invitations)
      .innerJoin(licenseIds, eq(licenseIds.id, invitations.licenseIdId))
      .innerJoin(organizations, eq(organizations.id, licenseIds.organizationId))
      .innerJoin(programs, eq(programs.id, licenseIds.programId))
      .where(
        and(
          eq(invitations.businessEmail, profile.businessEmail),
          eq(invitations.state, 'pending'),
          eq(licenseIds.cloud, account.cloud),
          eq(organizations.approvalState, 'approved'),
        ),
      )
      .orderBy(licenseIds.number)
      // One being redeemed by someone else this very moment is theirs: waiting for it could deadlock with their
      // VL profile insert.
      .for('update', { of: invitations, skipLocked: true });
    const now = clock.now();
    const granted: { licenseIdNumber: string; roles: VlRole[] }[] = [];
    for (const row of rows) {
      if (effectiveInvitationState(row, now, config.invitationCutoff) !== 'pending') continue;
      const roles = rolesOf(row.roles);
      if (roles.length > 0) {
        await tx
          .insert(vlRoleAssignments)
          .values(
            roles.map((role) => ({ vlProfileId: profile.id, licenseIdId: row.licenseIdId, role, grantedAt: now })),
          )
          .onConflictDoNothing();
      }
      await tx
        .update(invitations)
        .set({ state: 'redeemed', redeemedAt: now, redeemedBy: account.id })
        .where(eq(invitations.id, row.id));
      await recordAudit(tx, clock, {
        action: 'invitation.redeemed',
        actorKind: 'account',
        actorAccountId: account.id,
        tenantId: account.tenantId,
        licenseIdNumber: row.licenseIdNumber,
        target: row.id,
        details: {
          businessEmail: profile.businessEmail,
          roles,
          vlProfileId: profile.id,
          reason: 'same-business-email',
        },
        ip,
      });
      granted.push({ licenseIdNumber: row.licenseIdNumber, roles });
    }
    return granted;
  }

  /**
   * The VL profile of `businessEmail`, created for `accountId` if there is none. A profile bound to another identity
   * refuses. Two registrations of one business e-mail at once (two License IDs' invitations) meet at the unique index.
   */
  async function profileFor(
    tx: Transaction,
    businessEmail: string,
    accountId: string,
    displayName: string,
  ): Promise<{ id: string; created: boolean }> {
    const [inserted] = await tx
      .insert(vlProfiles)
      .values({ businessEmail, accountId, displayName, createdAt: clock.now() })
      .onConflictDoNothing({ target: vlProfiles.businessEmail })
      .returning({ id: vlProfiles.id });
    if (inserted) return { id: inserted.id, created: true };
    const [existing] = await tx
      .select({ id: vlProfiles.id, accountId: vlProfiles.accountId, boundSignInName: accounts.signInName })
      .from(vlProfiles)
      .innerJoin(accounts, eq(accounts.id, vlProfiles.accountId))
      .where(eq(vlProfiles.businessEmail, businessEmail));
    if (!existing) throw new Error(`VL profile of ${businessEmail} neither inserted nor found`);
    if (existing.accountId !== accountId) throw refusals.identityMismatch(businessEmail, existing.boundSignInName);
    return { id: existing.id, created: false };
  }

  return {
    welcomeContacts,
    grantRoles,
    notifyPermissionChange,
    issueInvitation,
    reissueInvitation,
    landing,
    redeem,
    grantPendingInvitations,
  };
}

export type OnboardingService = ReturnType<typeof createOnboardingService>;

function auditActor(actor: Actor): Pick<AuditEntry, 'actorKind' | 'actorAccountId' | 'ip'> {
  return { actorKind: actor.actorKind, actorAccountId: actor.actorAccountId, ip: actor.ip };
}

const invitationNotFound = () =>
  notFound(
    'invitation.not_found',
    'This invitation link is not valid. Check that you opened the whole link from the e-mail; if it still fails, ask a VL administrator of the agreement to invite you again.',
  );

const dateText = (date: Date) => date.toISOString().slice(0, 10);

/** Every reason registration can be refused (SPEC §5): what happened, and what to do about it. */
export const refusals = {
  personalAccount: (signInName: string) =>
    new AppError(
      403,
      'registration.personal_account',
      `You are signed in with a personal account (${signInName}). Volume licensing needs a work account of your organization: sign out, sign in with your work account and open this invitation again. If your organization has no directory yet, create one first.`,
    ),
  unmanagedTenant: (domain: string) =>
    new AppError(
      403,
      'registration.unmanaged_tenant',
      `Your account belongs to an unmanaged directory for ${domain}: nobody administers it, so it cannot hold volume licensing access. Become the administrator of ${domain} (domain takeover), then open this invitation again; if it has expired by then, ask support for a new VL profile.`,
      { domain },
    ),
  otherCloud: (licenseIdNumber: string, cloud: Cloud, signInUrl: string) =>
    new AppError(
      403,
      'registration.other_cloud',
      `License ID ${licenseIdNumber} belongs to the ${CLOUD_NAMES[cloud]} cloud, and an identity works only in its own cloud. Sign in at ${signInUrl} with an identity of that cloud (your administrator can create one) and open this invitation there.`,
      { cloud, signInUrl },
    ),
  organizationNotApproved: (organizationName: string) =>
    new AppError(
      403,
      'registration.organization_not_approved',
      `${organizationName} has not been approved by the publisher yet, so its agreements cannot be used. Nothing is wrong with your account: open this invitation again once the organization is approved, or ask your licensing partner or support about the approval.`,
    ),
  expired: (licenseIdNumber: string, expiresAt: Date) =>
    new AppError(
      410,
      'registration.invitation_expired',
      `This invitation expired on ${dateText(expiresAt)}. Ask a VL administrator of License ID ${licenseIdNumber} to invite you again; if the License ID has no administrator, ask support for a new VL profile.`,
    ),
  revoked: (licenseIdNumber: string) =>
    new AppError(
      410,
      'registration.invitation_revoked',
      `This invitation was withdrawn. Ask a VL administrator of License ID ${licenseIdNumber} to add you; if the License ID has no administrator, ask support for a new VL profile.`,
    ),
  void: (licenseIdNumber: string) =>
    new AppError(
      410,
      'registration.invitation_void',
      `This invitation is no longer valid: it was issued before the current invitation system. Ask a VL administrator of License ID ${licenseIdNumber} to add you; if the License ID has no administrator, ask support for a new VL profile.`,
    ),
  redeemed: (byYou: boolean) =>
    new AppError(
      409,
      'registration.invitation_redeemed',
      byYou
        ? 'You have already registered with this invitation. Open Volume licensing to see the agreement.'
        : 'This invitation has already been used by someone else. If you should have access, ask a VL administrator of the agreement to add you.',
      { redeemedByYou: byYou },
    ),
  identityMismatch: (businessEmail: string, boundSignInName: string) =>
    new AppError(
      409,
      'registration.identity_mismatch',
      `The business e-mail ${maskEmail(businessEmail)} is already registered to another sign-in ID: ${maskEmail(boundSignInName)}. Sign out, sign in with that ID and open this invitation again. If you can no longer use it, ask support for a new VL profile (re-bind to your current sign-in ID).`,
      { boundSignInId: maskEmail(boundSignInName) },
    ),
};
