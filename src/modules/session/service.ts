// Sign-in, sessions and the signed-in account. Sessions are opaque 256-bit ids kept only in the user's cookie;
// the database holds their SHA-256. A new id is issued at every sign-in (rotation) and sign-out deletes it.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Clock, TokenGenerator } from '../../clock.js';
import type { Database, Transaction } from '../../db/client.js';
import { accounts, readEpochs, sessions, signInThrottle, tenants, userPreferences } from '../../db/schema.js';
import type { Cloud } from '../../domain/clouds.js';
import { AppError } from '../../domain/errors.js';
import { recordAudit, recordAuditAlone } from '../audit/service.js';
import { verifyPassword } from './passwords.js';

/** A session ends after this long without a request… */
export const SESSION_IDLE_MS = 8 * 60 * 60 * 1000;
/** …and in any case this long after sign-in. */
export const SESSION_ABSOLUTE_MS = 24 * 60 * 60 * 1000;
/** Failed sign-ins for one sign-in name before each further failure locks it for a growing time… */
export const FAILURES_BEFORE_LOCK = 5;
const FIRST_LOCK_MS = 30 * 1000;
/** …doubling up to this. */
export const MAX_LOCK_MS = 15 * 60 * 1000;
// Failures older than this no longer count.
const FAILURE_MEMORY_MS = 60 * 60 * 1000;
// Writing last_seen_at on every request would make every read a write; a minute's precision is enough.
const LAST_SEEN_PRECISION_MS = 60 * 1000;

export type SignedInAccount = {
  id: string;
  tenantId: string | null;
  kind: 'work' | 'personal';
  cloud: Cloud;
  signInName: string;
  displayName: string;
  isGlobalAdmin: boolean;
  isOperator: boolean;
  tenant: { id: string; displayName: string; state: 'managed' | 'unmanaged' } | null;
};

export type Auth = {
  account: SignedInAccount;
  sessionIdHash: string;
  csrfToken: string;
  /** The contracts epoch (schema `readEpochs`) when the request began: what the contracts list cache checks. */
  contractsEpoch: string | null;
};

export type Preferences = { navPins: string[]; navShowAll: boolean; locale: 'en' | 'nl' | null };

export type RequestContext = { ip: string; userAgent: string | undefined; cloud: Cloud };

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export const invalidCredentials = () =>
  new AppError(
    401,
    'auth.invalid_credentials',
    'The sign-in name or password is not correct. Check both and try again; if you have forgotten your password, ask your administrator to reset it.',
  );

export function createSessionService(deps: {
  db: Database;
  clock: Clock;
  secretKey: Buffer;
  newToken: TokenGenerator;
}) {
  const { db, clock, secretKey, newToken } = deps;
  // The CSRF token is derived from the session id, so it needs no storage and dies with the session.
  const csrfTokenFor = (sessionIdHash: string) =>
    createHmac('sha256', secretKey).update(`csrf:${sessionIdHash}`).digest('base64url');

  async function signIn(
    login: string,
    password: string,
    context: RequestContext,
    previousSessionId: string | undefined,
  ): Promise<{ sessionId: string; auth: Auth }> {
    const signInName = login.trim().toLowerCase();
    // Throttled by name whether or not an account has it, so the lock reveals nothing about who exists.
    const throttleKey = `${context.cloud}:${signInName}`;
    await refuseWhileLocked(throttleKey);
    const candidates = await db
      .select({
        id: accounts.id,
        kind: accounts.kind,
        passwordHash: accounts.passwordHash,
        disabledAt: accounts.disabledAt,
      })
      .from(accounts)
      .where(and(eq(accounts.cloud, context.cloud), eq(accounts.signInName, signInName)))
      .orderBy(sql`case when ${accounts.kind} = 'work' then 0 else 1 end`);
    let matched: (typeof candidates)[number] | undefined;
    for (const candidate of candidates) {
      if (!candidate.disabledAt && (await verifyPassword(candidate.passwordHash, password))) {
        matched = candidate;
        break;
      }
    }
    if (candidates.length === 0) await verifyPassword(null, password);
    if (!matched) {
      await recordAuditAlone(db, clock, {
        action: 'auth.sign_in_failed',
        actorKind: 'anonymous',
        target: signInName,
        ip: context.ip,
      });
      await countFailure(throttleKey);
      throw invalidCredentials();
    }
    const accountId = matched.id;
    const sessionId = await db.transaction(async (tx) => {
      await tx.delete(signInThrottle).where(eq(signInThrottle.key, throttleKey));
      return startSession(tx, accountId, context, previousSessionId);
    });
    return { sessionId, auth: await authenticateNew(sessionId) };
  }

  /**
   * Starts a session for `accountId` inside the caller's transaction — sign-in, and sign-up, which signs the new
   * account in in the same transaction that creates it. Ends the session presented before (rotation) and audits.
   * Returns the new session id (for the cookie); call `authenticateNew` with it after the commit.
   */
  async function startSession(
    tx: Transaction,
    accountId: string,
    context: RequestContext,
    previousSessionId: string | undefined,
  ): Promise<string> {
    const sessionId = newToken(32);
    const now = clock.now();
    if (previousSessionId) await tx.delete(sessions).where(eq(sessions.idHash, sha256(previousSessionId)));
    await tx.insert(sessions).values({
      idHash: sha256(sessionId),
      accountId,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + SESSION_ABSOLUTE_MS),
      ip: context.ip,
      userAgent: context.userAgent?.slice(0, 512) ?? null,
    });
    await recordAudit(tx, clock, {
      action: 'auth.signed_in',
      actorKind: 'account',
      actorAccountId: accountId,
      ip: context.ip,
    });
    return sessionId;
  }

  /** The Auth of a session `startSession` just created (and whose transaction has committed). */
  async function authenticateNew(sessionId: string): Promise<Auth> {
    const auth = await authenticate(sessionId);
    if (!auth) throw new Error('a session just created was not found');
    return auth;
  }

  async function refuseWhileLocked(key: string): Promise<void> {
    const [row] = await db.select().from(signInThrottle).where(eq(signInThrottle.key, key));
    const now = clock.now().getTime();
    if (row?.lockedUntil && row.lockedUntil.getTime() > now) {
      const retryAfterSeconds = Math.ceil((row.lockedUntil.getTime() - now) / 1000);
      throw new AppError(
        429,
        'auth.locked',
        `Too many failed sign-ins with this name. Wait ${retryAfterSeconds} seconds, then try again; if you have forgotten your password, ask your administrator to reset it.`,
        { retryAfterSeconds },
      );
    }
  }

  async function countFailure(key: string): Promise<void> {
    const now = clock.now();
    const forgetBefore = new Date(now.getTime() - FAILURE_MEMORY_MS);
    // One statement, so concurrent failures all count.
    const [row] = await db
      .insert(signInThrottle)
      .values({ key, failures: 1, lastFailureAt: now })
      .onConflictDoUpdate({
        target: signInThrottle.key,
        set: {
          failures: sql`case when ${signInThrottle.lastFailureAt} < ${forgetBefore.toISOString()}::timestamptz then 1 else ${signInThrottle.failures} + 1 end`,
          lastFailureAt: now,
        },
      })
      .returning({ failures: signInThrottle.failures });
    const failures = row?.failures ?? 1;
    if (failures >= FAILURES_BEFORE_LOCK) {
      const lockMs = Math.min(MAX_LOCK_MS, FIRST_LOCK_MS * 2 ** (failures - FAILURES_BEFORE_LOCK));
      await db
        .update(signInThrottle)
        .set({ lockedUntil: new Date(now.getTime() + lockMs) })
        .where(eq(signInThrottle.key, key));
    }
  }

  /**
   * Every signed-in request runs this lookup: built once and prepared, so neither drizzle nor PostgreSQL does that
   * work per request (the statement is parsed and planned once per connection).
   */
  const sessionLookup = db
    .select({
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
      account: {
        id: accounts.id,
        tenantId: accounts.tenantId,
        kind: accounts.kind,
        cloud: accounts.cloud,
        signInName: accounts.signInName,
        displayName: accounts.displayName,
        isGlobalAdmin: accounts.isGlobalAdmin,
        isOperator: accounts.isOperator,
        disabledAt: accounts.disabledAt,
      },
      tenant: { id: tenants.id, displayName: tenants.displayName, state: tenants.state },
      // Read in the same statement, so the list cache costs no round trip of its own.
      contractsEpoch: sql<
        string | null
      >`(select ${readEpochs.n}::text from ${readEpochs} where ${readEpochs.name} = 'contracts')`,
    })
    .from(sessions)
    .innerJoin(accounts, eq(accounts.id, sessions.accountId))
    .leftJoin(tenants, eq(tenants.id, accounts.tenantId))
    .where(eq(sessions.idHash, sql.placeholder('idHash')))
    .prepare('session_lookup');

  /** The signed-in account for a session cookie value, or null when the session is unknown or over. One query. */
  async function authenticate(sessionId: string): Promise<Auth | null> {
    const idHash = sha256(sessionId);
    const [row] = await sessionLookup.execute({ idHash });
    if (!row) return null;
    const now = clock.now().getTime();
    if (row.account.disabledAt || row.expiresAt.getTime() <= now || row.lastSeenAt.getTime() + SESSION_IDLE_MS <= now) {
      await db.delete(sessions).where(eq(sessions.idHash, idHash));
      return null;
    }
    if (now - row.lastSeenAt.getTime() > LAST_SEEN_PRECISION_MS) {
      await db
        .update(sessions)
        .set({ lastSeenAt: new Date(now) })
        .where(eq(sessions.idHash, idHash));
    }
    const { disabledAt: _disabled, ...account } = row.account;
    return {
      account: {
        ...account,
        kind: account.kind as SignedInAccount['kind'],
        cloud: account.cloud as Cloud,
        tenant: row.tenant ? { ...row.tenant, state: row.tenant.state as 'managed' | 'unmanaged' } : null,
      },
      sessionIdHash: idHash,
      // Computed when asked for (a state-changing request, the session endpoints), not on every request.
      get csrfToken() {
        return csrfTokenFor(idHash);
      },
      contractsEpoch: row.contractsEpoch,
    };
  }

  function checkCsrfToken(auth: Auth, presented: string | undefined): boolean {
    if (!presented) return false;
    const a = Buffer.from(auth.csrfToken);
    const b = Buffer.from(presented);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  async function signOut(auth: Auth, ip: string): Promise<void> {
    await db.transaction(async (tx) => {
      await tx.delete(sessions).where(eq(sessions.idHash, auth.sessionIdHash));
      await recordAudit(tx, clock, {
        action: 'auth.signed_out',
        actorKind: 'account',
        actorAccountId: auth.account.id,
        ip,
      });
    });
  }

  /** Ends every session of an account (its password was reset), inside the caller's transaction. */
  async function endSessionsOf(tx: Transaction, accountId: string): Promise<void> {
    await tx.delete(sessions).where(eq(sessions.accountId, accountId));
  }

  async function getPreferences(accountId: string): Promise<Preferences> {
    const [row] = await db.select().from(userPreferences).where(eq(userPreferences.accountId, accountId));
    return {
      navPins: row?.navPins ?? [],
      navShowAll: row?.navShowAll ?? false,
      locale: (row?.locale as Preferences['locale'] | undefined) ?? null,
    };
  }

  async function updatePreferences(accountId: string, change: Partial<Preferences>): Promise<Preferences> {
    const set = {
      ...(change.navPins !== undefined ? { navPins: [...new Set(change.navPins)] } : {}),
      ...(change.navShowAll !== undefined ? { navShowAll: change.navShowAll } : {}),
      ...(change.locale !== undefined ? { locale: change.locale } : {}),
      updatedAt: clock.now(),
    };
    await db
      .insert(userPreferences)
      .values({ accountId, ...set })
      .onConflictDoUpdate({ target: userPreferences.accountId, set });
    return getPreferences(accountId);
  }

  return {
    signIn,
    startSession,
    authenticateNew,
    authenticate,
    checkCsrfToken,
    signOut,
    endSessionsOf,
    getPreferences,
    updatePreferences,
  };
}

export type SessionService = ReturnType<typeof createSessionService>;
