// Tenant administration for global administrators (SPEC §2, issue 3 item 7): list and create work accounts, reset a
// password, grant or remove the global administrator role. The route's access (`tenant-admin`) has already proved
// that the caller administers `tenantId`; every query here is still scoped to that tenant, so a user id of another
// tenant is simply not found.
import { and, asc, count, eq, gt, ilike, isNull, ne, or, type SQL } from 'drizzle-orm';
import type { Clock, TokenGenerator } from '../../clock.js';
import type { Database, Transaction } from '../../db/client.js';
import { accounts, domains, tenants } from '../../db/schema.js';
import { isValidEmail, normalizeDomain } from '../../domain/addresses.js';
import { badRequest, conflict, notFound } from '../../domain/errors.js';
import { recordAudit } from '../audit/service.js';
import { hashPassword } from '../session/passwords.js';
import type { SessionService } from '../session/service.js';

export const USERS_PAGE_DEFAULT = 50;
export const USERS_PAGE_MAX = 200;
// 18 random bytes → 24 base64url characters (144 bits): shown once, never stored in plain text.
const TEMPORARY_PASSWORD_BYTES = 18;

export type TenantUser = {
  id: string;
  signInName: string;
  displayName: string;
  isGlobalAdmin: boolean;
  disabled: boolean;
  createdAt: string;
};

export type Actor = { accountId: string; ip: string };

const userNotFound = () => notFound('tenant_user.not_found', 'This tenant has no such user.');

const columns = {
  id: accounts.id,
  signInName: accounts.signInName,
  displayName: accounts.displayName,
  isGlobalAdmin: accounts.isGlobalAdmin,
  disabledAt: accounts.disabledAt,
  createdAt: accounts.createdAt,
};

function toUser(row: {
  id: string;
  signInName: string;
  displayName: string;
  isGlobalAdmin: boolean;
  disabledAt: Date | null;
  createdAt: Date;
}): TenantUser {
  return {
    id: row.id,
    signInName: row.signInName,
    displayName: row.displayName,
    isGlobalAdmin: row.isGlobalAdmin,
    disabled: row.disabledAt !== null,
    createdAt: row.createdAt.toISOString(),
  };
}

// The cursor is the last sign-in name of the page (unique within a tenant), opaque to clients.
const encodeCursor = (signInName: string) => Buffer.from(signInName, 'utf8').toString('base64url');
const decodeCursor = (cursor: string) => Buffer.from(cursor, 'base64url').toString('utf8');
// ILIKE wildcards typed by the admin are matched literally.
const escapeLike = (text: string) => text.replace(/[\\%_]/g, '\\$&');

export function createTenantUsersService(deps: {
  db: Database;
  clock: Clock;
  newToken: TokenGenerator;
  sessions: SessionService;
}) {
  const { db, clock, newToken, sessions } = deps;

  async function list(
    tenantId: string,
    options: { cursor?: string | undefined; query?: string | undefined; limit: number },
  ): Promise<{ items: TenantUser[]; nextCursor: string | null }> {
    const conditions: (SQL | undefined)[] = [eq(accounts.tenantId, tenantId)];
    if (options.cursor !== undefined) conditions.push(gt(accounts.signInName, decodeCursor(options.cursor)));
    const query = options.query?.trim();
    if (query) {
      const pattern = `%${escapeLike(query)}%`;
      conditions.push(or(ilike(accounts.signInName, pattern), ilike(accounts.displayName, pattern)));
    }
    const rows = await db
      .select(columns)
      .from(accounts)
      .where(and(...conditions))
      .orderBy(asc(accounts.signInName))
      .limit(options.limit + 1);
    const items = rows.slice(0, options.limit).map(toUser);
    return {
      items,
      nextCursor: rows.length > options.limit ? encodeCursor(items[items.length - 1]!.signInName) : null,
    };
  }

  async function create(
    actor: Actor,
    tenantId: string,
    input: { userName: string; domain: string; displayName: string; isGlobalAdmin?: boolean | undefined },
  ): Promise<{ user: TenantUser; temporaryPassword: string }> {
    const domain = normalizeDomain(input.domain);
    const displayName = input.displayName.trim();
    if (displayName === '') {
      throw badRequest('request.invalid', 'Enter the person’s name.', [
        { name: 'body.displayName', message: 'must not be empty', rule: 'required' },
      ]);
    }
    const [tenant] = await db.select().from(tenants).where(eq(tenants.id, tenantId));
    if (!tenant) throw notFound();
    // Only addresses the tenant has proved (or its own initial domain): nobody may mint ana@someone-else.example.
    const [verified] = await db
      .select({ id: domains.id })
      .from(domains)
      .where(and(eq(domains.tenantId, tenantId), eq(domains.name, domain), eq(domains.state, 'verified')));
    const signInName = `${input.userName}@${domain}`;
    if ((domain !== tenant.initialDomain && !verified) || !isValidEmail(signInName)) {
      throw badRequest(
        'tenant_user.domain_not_verified',
        `${domain} is not a verified domain of this tenant. Use ${tenant.initialDomain}, or verify ${domain} on the Domains page first.`,
        [{ name: 'body.domain', message: 'is not a verified domain of this tenant', rule: 'domain_not_verified' }],
      );
    }
    const temporaryPassword = newToken(TEMPORARY_PASSWORD_BYTES);
    const passwordHash = await hashPassword(temporaryPassword);
    const isGlobalAdmin = input.isGlobalAdmin ?? false;
    const user = await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(accounts)
        .values({ tenantId, kind: 'work', cloud: tenant.cloud, signInName, displayName, passwordHash, isGlobalAdmin })
        .onConflictDoNothing()
        .returning(columns);
      if (!row) {
        throw conflict(
          'tenant_user.exists',
          `${signInName} is already taken. Choose another user name, or find the existing user in the list.`,
        );
      }
      await recordAudit(tx, clock, {
        action: 'tenant_user.created',
        actorKind: 'account',
        actorAccountId: actor.accountId,
        tenantId,
        target: row.id,
        details: { signInName, isGlobalAdmin },
        ip: actor.ip,
      });
      return toUser(row);
    });
    return { user, temporaryPassword };
  }

  /** Locks the tenant's row: role changes of one tenant happen one at a time, so the last-admin rule holds. */
  async function lockedUser(tx: Transaction, tenantId: string, userId: string) {
    const [tenant] = await tx.select().from(tenants).where(eq(tenants.id, tenantId)).for('update');
    if (!tenant) throw notFound();
    const [user] = await tx
      .select(columns)
      .from(accounts)
      .where(and(eq(accounts.id, userId), eq(accounts.tenantId, tenantId)));
    if (!user) throw userNotFound();
    return { tenant, user };
  }

  async function resetPassword(actor: Actor, tenantId: string, userId: string): Promise<{ temporaryPassword: string }> {
    const temporaryPassword = newToken(TEMPORARY_PASSWORD_BYTES);
    const passwordHash = await hashPassword(temporaryPassword);
    await db.transaction(async (tx) => {
      const { user } = await lockedUser(tx, tenantId, userId);
      await tx.update(accounts).set({ passwordHash }).where(eq(accounts.id, user.id));
      // Whoever knew the old password may be signed in with it: their sessions end now.
      await sessions.endSessionsOf(tx, user.id);
      await recordAudit(tx, clock, {
        action: 'tenant_user.password_reset',
        actorKind: 'account',
        actorAccountId: actor.accountId,
        tenantId,
        target: user.id,
        details: { signInName: user.signInName },
        ip: actor.ip,
      });
    });
    return { temporaryPassword };
  }

  async function setGlobalAdmin(
    actor: Actor,
    tenantId: string,
    userId: string,
    isGlobalAdmin: boolean,
  ): Promise<TenantUser> {
    return db.transaction(async (tx) => {
      const { tenant, user } = await lockedUser(tx, tenantId, userId);
      if (user.isGlobalAdmin === isGlobalAdmin) return toUser(user);
      if (!isGlobalAdmin && tenant.state === 'managed') {
        const [others] = await tx
          .select({ n: count() })
          .from(accounts)
          .where(
            and(
              eq(accounts.tenantId, tenantId),
              eq(accounts.isGlobalAdmin, true),
              isNull(accounts.disabledAt),
              ne(accounts.id, user.id),
            ),
          );
        if ((others?.n ?? 0) === 0) {
          throw conflict(
            'tenant_user.last_global_admin',
            'This is the tenant’s last global administrator. Make someone else a global administrator first.',
          );
        }
      }
      const [row] = await tx.update(accounts).set({ isGlobalAdmin }).where(eq(accounts.id, user.id)).returning(columns);
      await recordAudit(tx, clock, {
        action: isGlobalAdmin ? 'tenant_user.global_admin_granted' : 'tenant_user.global_admin_removed',
        actorKind: 'account',
        actorAccountId: actor.accountId,
        tenantId,
        target: user.id,
        details: { signInName: user.signInName },
        ip: actor.ip,
      });
      return toUser(row!);
    });
  }

  return { list, create, resetPassword, setGlobalAdmin };
}

export type TenantUsersService = ReturnType<typeof createTenantUsersService>;
