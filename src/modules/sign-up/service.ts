// Self-service onboarding (SPEC §2): a personal account; a work account that proves its mailbox with a one-time
// code and then creates or joins the UNMANAGED tenant of its domain; and a new MANAGED tenant with only its initial
// domain, whose creator becomes its global administrator. Each one signs the new account in, in the same
// transaction that creates it.
import { and, asc, eq, like, sql } from 'drizzle-orm';
import type { Clock, TokenGenerator } from '../../clock.js';
import type { Config } from '../../config.js';
import type { Database, Executor, Transaction } from '../../db/client.js';
import { accounts, domains, tenants } from '../../db/schema.js';
import { domainOf, isConsumerDomain, isValidEmail, normalizeEmail } from '../../domain/addresses.js';
import { badRequest, conflict, type FieldRule } from '../../domain/errors.js';
import type { RateLimiter } from '../../http/rate-limit.js';
import { renderMail } from '../../mail/render.js';
import { recordAudit } from '../audit/service.js';
import {
  createEmailCodes,
  EMAIL_CODE_MAX_ATTEMPTS,
  EMAIL_CODE_TTL_MS,
  EMAIL_CODES_PER_ADDRESS,
} from '../email-codes/service.js';
import { checkNewPassword, hashPassword } from '../session/passwords.js';
import type { Auth, RequestContext, SessionService } from '../session/service.js';

// The code rules are those of every e-mailed code (email-codes/service.ts); named here for the sign-up tests.
export const SIGN_UP_CODE_TTL_MS = EMAIL_CODE_TTL_MS;
export const SIGN_UP_CODE_MAX_ATTEMPTS = EMAIL_CODE_MAX_ATTEMPTS;
export const SIGN_UP_CODES_PER_ADDRESS = EMAIL_CODES_PER_ADDRESS;

// Advisory lock namespace (two-key form: separate from the one-key locks of the audit chain and migrations).
const DOMAIN_LOCK_NAMESPACE = 7_351_020;

export type SignedUp = { sessionId: string; auth: Auth };

export type NewTenantInput = {
  organizationName: string;
  initialName: string;
  adminUserName: string;
  adminDisplayName: string;
  password: string;
};

/**
 * Serializes changes to which tenant holds `domain` (sign-up creating or joining the unmanaged tenant; takeover and
 * verification should take it too) until the caller's transaction ends.
 */
export async function lockDomainName(tx: Transaction, domain: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${DOMAIN_LOCK_NAMESPACE}, hashtext(${domain}))`);
}

/** The managed tenant that has verified `domain`, if any (a domain is verified in at most one tenant). */
async function managedTenantOf(executor: Executor, domain: string): Promise<string | undefined> {
  const [row] = await executor
    .select({ id: tenants.id })
    .from(domains)
    .innerJoin(tenants, eq(tenants.id, domains.tenantId))
    .where(and(eq(domains.name, domain), eq(domains.state, 'verified'), eq(tenants.state, 'managed')))
    .limit(1);
  return row?.id;
}

const field = (name: string, message: string, rule: FieldRule) =>
  badRequest('request.invalid', `The request is not valid: ${name} ${message}.`, [{ name, message, rule }]);

const signUpExists = () =>
  conflict(
    'sign_up.exists',
    'An account with this address already exists. Sign in instead; if you have forgotten the password, ask your administrator to reset it.',
  );

const domainManaged = (domain: string) =>
  conflict(
    'sign_up.domain_managed',
    `Your organization manages ${domain}. Ask its administrator for an account instead of signing up yourself.`,
  );

/** The display name as people typed it, minus surrounding spaces; the schema already refused control characters. */
function cleanDisplayName(name: string, fieldName: string): string {
  const trimmed = name.trim();
  if (trimmed === '') throw field(fieldName, 'must not be empty', 'required');
  return trimmed;
}

export function createSignUpService(deps: {
  db: Database;
  clock: Clock;
  config: Config;
  secretKey: Buffer;
  newToken: TokenGenerator;
  sessions: SessionService;
  limiter: RateLimiter;
}) {
  const { db, clock, config, secretKey, newToken, sessions, limiter } = deps;
  const suffix = config.initialDomainSuffix;

  const codes = createEmailCodes({ db, clock, secretKey, limiter });

  function validEmail(raw: string): string {
    const email = normalizeEmail(raw);
    if (!isValidEmail(email))
      throw field('body.email', 'must be an e-mail address such as ana@contoso.example', 'email_invalid');
    return email;
  }

  const isUnderSuffix = (domain: string) => domain === suffix || domain.endsWith(`.${suffix}`);

  /** The refusals of a work address that no code can overcome; checked before sending a code and again at sign-up. */
  async function refuseWorkDomain(executor: Executor, domain: string): Promise<void> {
    if (isConsumerDomain(domain, config.consumerDomains)) {
      throw badRequest(
        'sign_up.consumer_domain',
        `${domain} is a consumer mail service, so it cannot have a work account. Sign up for a personal account instead, or use your organization's address.`,
        [{ name: 'body.email', message: 'is a consumer address', rule: 'consumer_domain' }],
      );
    }
    // Initial domains are made here; nobody receives a code at one, and they belong to their tenant.
    if (isUnderSuffix(domain)) {
      throw badRequest(
        'sign_up.reserved_domain',
        `Addresses at ${suffix} are sign-in IDs that tenant administrators create. Ask your administrator for an account.`,
        [{ name: 'body.email', message: 'is a sign-in ID of a tenant', rule: 'reserved_domain' }],
      );
    }
    if (await managedTenantOf(executor, domain)) throw domainManaged(domain);
  }

  async function requestWorkCode(rawEmail: string): Promise<{ sentTo: string; expiresAt: Date }> {
    const email = validEmail(rawEmail);
    const domain = domainOf(email);
    await refuseWorkDomain(db, domain);
    const { expiresAt } = await codes.issue('sign-up', email, (code) => ({
      subject: 'Your vlcenter sign-up code',
      ...renderMail({
        preheader: `Your sign-up code is ${code}`,
        heading: 'Confirm your e-mail address',
        paragraphs: [
          `Enter this code on the sign-up page to create your work account for ${domain}:`,
          code,
          'The code works for 10 minutes.',
        ],
        footer: `Someone asked to create a vlcenter work account for ${email}. If that was not you, ignore this e-mail: no account is created without the code.`,
      }),
    }));
    return { sentTo: email, expiresAt };
  }

  async function signUpPersonal(
    input: { email: string; password: string; displayName: string },
    context: RequestContext,
    previousSessionId: string | undefined,
  ): Promise<SignedUp> {
    const email = validEmail(input.email);
    const displayName = cleanDisplayName(input.displayName, 'body.displayName');
    checkNewPassword(input.password, email);
    // Checked before the (deliberately slow) password hash; the unique index settles races below.
    if (await personalAccountExists(email, context.cloud)) throw signUpExists();
    const passwordHash = await hashPassword(input.password);
    const sessionId = await db.transaction(async (tx) => {
      const [account] = await tx
        .insert(accounts)
        .values({ kind: 'personal', cloud: context.cloud, signInName: email, displayName, passwordHash })
        .onConflictDoNothing()
        .returning({ id: accounts.id });
      if (!account) throw signUpExists();
      await recordAudit(tx, clock, {
        action: 'sign_up.personal_account_created',
        actorKind: 'account',
        actorAccountId: account.id,
        target: account.id,
        details: { signInName: email, cloud: context.cloud },
        ip: context.ip,
      });
      return sessions.startSession(tx, account.id, context, previousSessionId);
    });
    return { sessionId, auth: await sessions.authenticateNew(sessionId) };
  }

  async function personalAccountExists(email: string, cloud: string): Promise<boolean> {
    const [row] = await db
      .select({ id: accounts.id })
      .from(accounts)
      .where(and(eq(accounts.cloud, cloud), eq(accounts.kind, 'personal'), eq(accounts.signInName, email)));
    return row !== undefined;
  }

  async function signUpWork(
    input: { email: string; code: string; password: string; displayName: string },
    context: RequestContext,
    previousSessionId: string | undefined,
  ): Promise<SignedUp> {
    const email = validEmail(input.email);
    const domain = domainOf(email);
    const displayName = cleanDisplayName(input.displayName, 'body.displayName');
    checkNewPassword(input.password, email);
    // Refusals that hold for the domain whoever asks come first; the code next, so that only someone who proved
    // the mailbox learns whether an account exists.
    await refuseWorkDomain(db, domain);
    const codeId = await codes.check('sign-up', email, input.code);
    if (await workAccountExists(email, context.cloud)) throw signUpExists();
    const passwordHash = await hashPassword(input.password);

    const sessionId = await db.transaction(async (tx) => {
      await lockDomainName(tx, domain);
      await codes.consume(tx, 'sign-up', codeId);
      // Again under the lock: a managed tenant may have verified the domain since the code was sent.
      await refuseWorkDomain(tx, domain);
      const joined = await unmanagedTenantOf(tx, domain, context.cloud);
      const tenantId = joined ?? (await createUnmanagedTenant(tx, domain, context.cloud));
      const [account] = await tx
        .insert(accounts)
        .values({ tenantId, kind: 'work', cloud: context.cloud, signInName: email, displayName, passwordHash })
        .onConflictDoNothing()
        .returning({ id: accounts.id });
      if (!account) throw signUpExists();
      if (!joined) {
        await recordAudit(tx, clock, {
          action: 'tenant.created',
          actorKind: 'account',
          actorAccountId: account.id,
          tenantId,
          target: tenantId,
          details: { state: 'unmanaged', domain, cloud: context.cloud },
          ip: context.ip,
        });
      }
      await recordAudit(tx, clock, {
        action: 'sign_up.work_account_created',
        actorKind: 'account',
        actorAccountId: account.id,
        tenantId,
        target: account.id,
        details: { signInName: email, joinedExistingTenant: joined !== undefined },
        ip: context.ip,
      });
      return sessions.startSession(tx, account.id, context, previousSessionId);
    });
    return { sessionId, auth: await sessions.authenticateNew(sessionId) };
  }

  async function workAccountExists(email: string, cloud: string): Promise<boolean> {
    const [row] = await db
      .select({ id: accounts.id })
      .from(accounts)
      .where(and(eq(accounts.cloud, cloud), eq(accounts.kind, 'work'), eq(accounts.signInName, email)));
    return row !== undefined;
  }

  /** The (oldest) unmanaged tenant of this cloud holding `domain`. */
  async function unmanagedTenantOf(tx: Transaction, domain: string, cloud: string): Promise<string | undefined> {
    const [row] = await tx
      .select({ id: tenants.id })
      .from(domains)
      .innerJoin(tenants, eq(tenants.id, domains.tenantId))
      .where(and(eq(domains.name, domain), eq(tenants.state, 'unmanaged'), eq(tenants.cloud, cloud)))
      .orderBy(asc(tenants.createdAt))
      .limit(1);
    return row?.id;
  }

  /**
   * A tenant with no administrator for `domain`, named after it. It holds the domain as an unverified `domains` row
   * (the mailbox was proved, the DNS was not): a takeover proves the DNS later.
   */
  async function createUnmanagedTenant(tx: Transaction, domain: string, cloud: string): Promise<string> {
    const label = (domain.split('.')[0] ?? '').replace(/[^a-z0-9]/g, '').slice(0, 27) || 'tenant';
    const tenantId = await insertTenantWithFreeInitialName(tx, label, { displayName: domain, cloud });
    await tx.insert(domains).values({
      tenantId,
      name: domain,
      state: 'unverified',
      // ≥ 128 random bits, for the TXT record a takeover will ask for.
      verificationToken: newToken(16),
    });
    return tenantId;
  }

  /** Inserts a tenant under `<label><n>.<suffix>` with the smallest free n (none for the first). */
  async function insertTenantWithFreeInitialName(
    tx: Transaction,
    label: string,
    values: { displayName: string; cloud: string },
  ): Promise<string> {
    const taken = new Set(
      (
        await tx
          .select({ initialDomain: tenants.initialDomain })
          .from(tenants)
          .where(like(tenants.initialDomain, `${label}%.${suffix.replace(/[\\%_]/g, '\\$&')}`))
      ).map((r) => r.initialDomain),
    );
    for (let n = 1; ; n++) {
      const number = n === 1 ? '' : String(n);
      const initialDomain = `${label.slice(0, 27 - number.length)}${number}.${suffix}`;
      if (taken.has(initialDomain)) continue;
      // Another sign-up may take the same name at the same moment: then try the next one.
      const [tenant] = await tx
        .insert(tenants)
        .values({ ...values, initialDomain, state: 'unmanaged' })
        .onConflictDoNothing({ target: tenants.initialDomain })
        .returning({ id: tenants.id });
      if (tenant) return tenant.id;
    }
  }

  async function createManagedTenant(
    input: NewTenantInput,
    context: RequestContext,
    previousSessionId: string | undefined,
  ): Promise<SignedUp & { tenantId: string; initialDomain: string; signInName: string }> {
    const initialDomain = `${input.initialName}.${suffix}`;
    const signInName = normalizeEmail(`${input.adminUserName}@${initialDomain}`);
    if (!isValidEmail(signInName))
      throw field('body.adminUserName', 'does not make a valid sign-in ID', 'sign_in_name_invalid');
    const organizationName = cleanDisplayName(input.organizationName, 'body.organizationName');
    const adminDisplayName = cleanDisplayName(input.adminDisplayName, 'body.adminDisplayName');
    checkNewPassword(input.password, signInName);
    const initialNameTaken = () =>
      conflict(
        'tenant.initial_name_taken',
        `${initialDomain} is already taken. Choose another initial name, for example with your city or a number.`,
      );
    const [existing] = await db
      .select({ id: tenants.id })
      .from(tenants)
      .where(eq(tenants.initialDomain, initialDomain));
    if (existing) throw initialNameTaken();
    const passwordHash = await hashPassword(input.password);

    const created = await db.transaction(async (tx) => {
      const [tenant] = await tx
        .insert(tenants)
        .values({ displayName: organizationName, cloud: context.cloud, initialDomain, state: 'managed' })
        .onConflictDoNothing({ target: tenants.initialDomain })
        .returning({ id: tenants.id });
      if (!tenant) throw initialNameTaken();
      const [account] = await tx
        .insert(accounts)
        .values({
          tenantId: tenant.id,
          kind: 'work',
          cloud: context.cloud,
          signInName,
          displayName: adminDisplayName,
          passwordHash,
          isGlobalAdmin: true,
        })
        .returning({ id: accounts.id });
      await recordAudit(tx, clock, {
        action: 'tenant.created',
        actorKind: 'account',
        actorAccountId: account!.id,
        tenantId: tenant.id,
        target: tenant.id,
        details: { state: 'managed', initialDomain, organizationName, adminSignInName: signInName },
        ip: context.ip,
      });
      const sessionId = await sessions.startSession(tx, account!.id, context, previousSessionId);
      return { sessionId, tenantId: tenant.id };
    });
    return {
      ...created,
      auth: await sessions.authenticateNew(created.sessionId),
      initialDomain,
      signInName,
    };
  }

  return { requestWorkCode, signUpPersonal, signUpWork, createManagedTenant };
}

export type SignUpService = ReturnType<typeof createSignUpService>;
