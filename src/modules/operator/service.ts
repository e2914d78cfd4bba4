// The operator console's view of the directory: every tenant (search, filter by state, cursor pagination) and one
// tenant in detail with its domains, account counts and takeovers. Read-only: the one change an operator makes here,
// undoing a takeover, lives next to the takeover itself (modules/directory/takeover.ts) so both read side by side.
import { and, asc, desc, eq, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Clock } from '../../clock.js';
import type { Database } from '../../db/client.js';
import { accounts, domains, takeovers, tenants } from '../../db/schema.js';
import type { Cloud } from '../../domain/clouds.js';
import { badRequest, notFound } from '../../domain/errors.js';
import { UNDO_WINDOW_MS, type TakeoverMode } from '../directory/takeover.js';

type TenantState = 'managed' | 'unmanaged';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A tenant's detail shows its newest takeovers; more than this many on one tenant is not a real case. */
const MAX_TAKEOVERS_SHOWN = 50;
const MAX_DOMAINS_SHOWN = 100;

export type TenantListItem = {
  id: string;
  displayName: string;
  cloud: Cloud;
  state: TenantState;
  initialDomain: string;
  createdAt: string;
  domainCount: number;
  accountCount: number;
};

export type TakeoverView = {
  id: string;
  mode: TakeoverMode;
  domain: string;
  sourceTenant: { id: string; displayName: string };
  targetTenant: { id: string; displayName: string };
  actor: { id: string; signInName: string };
  movedAccountCount: number;
  createdAt: string;
  undoneAt: string | null;
  /** the end of the undo window */
  undoableUntil: string;
  canUndo: boolean;
};

export type TenantDetail = TenantListItem & {
  globalAdminCount: number;
  domains: { name: string; state: 'unverified' | 'verified'; verifiedAt: string | null; createdAt: string }[];
  takeovers: TakeoverView[];
};

/** The cursor is the last item's sort key, (display name, id), opaque to clients. */
const encodeCursor = (displayName: string, id: string) =>
  Buffer.from(JSON.stringify([displayName, id])).toString('base64url');

function decodeCursor(cursor: string): [string, string] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && UUID.test(String(value[1]))) {
      return [value[0], String(value[1])];
    }
  } catch {
    // falls through to the refusal
  }
  throw badRequest('cursor.invalid', 'The cursor is not one this list gave out. Start again from the first page.', [
    { name: 'querystring.cursor', message: 'is not a valid cursor', rule: 'cursor_invalid' },
  ]);
}

/** `text` as a LIKE pattern matching it anywhere, with LIKE's wildcards taken literally. */
const containsPattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export function createOperatorService(deps: { db: Database; clock: Clock }) {
  const { db, clock } = deps;

  // Drizzle writes columns unqualified in single-table selects; the correlated subqueries need the outer tenant id
  // qualified (an unqualified "id" would be the subquery's own).
  const tenantId = sql`${tenants}.${sql.identifier(tenants.id.name)}`;
  const tenantColumns = {
    id: tenants.id,
    displayName: tenants.displayName,
    cloud: tenants.cloud,
    state: tenants.state,
    initialDomain: tenants.initialDomain,
    createdAt: tenants.createdAt,
    domainCount: sql<number>`(select count(*) from ${domains} d where d.tenant_id = ${tenantId})`.mapWith(Number),
    accountCount: sql<number>`(select count(*) from ${accounts} a where a.tenant_id = ${tenantId})`.mapWith(Number),
  };
  const toItem = (r: {
    id: string;
    displayName: string;
    cloud: string;
    state: string;
    initialDomain: string;
    createdAt: Date;
    domainCount: number;
    accountCount: number;
  }): TenantListItem => ({
    ...r,
    cloud: r.cloud as Cloud,
    state: r.state as TenantState,
    createdAt: r.createdAt.toISOString(),
  });

  /** Tenants by display name; `query` matches the name, the initial domain or any domain, anywhere. */
  async function listTenants(filter: {
    query?: string | undefined;
    state?: TenantState | undefined;
    cursor?: string | undefined;
    limit: number;
  }): Promise<{ items: TenantListItem[]; nextCursor: string | null }> {
    const after = filter.cursor ? decodeCursor(filter.cursor) : undefined;
    const text = filter.query?.trim().toLowerCase();
    const pattern = text ? containsPattern(text) : undefined;
    const rows = await db
      .select(tenantColumns)
      .from(tenants)
      .where(
        and(
          filter.state ? eq(tenants.state, filter.state) : undefined,
          pattern
            ? or(
                sql`${tenants.displayName} ilike ${pattern}`,
                sql`${tenants.initialDomain} ilike ${pattern}`,
                sql`exists (select 1 from ${domains} d where d.tenant_id = ${tenantId} and d.name like ${pattern})`,
              )
            : undefined,
          after ? sql`(${tenants.displayName}, ${tenants.id}) > (${after[0]}, ${after[1]}::uuid)` : undefined,
        ),
      )
      .orderBy(asc(tenants.displayName), asc(tenants.id))
      .limit(filter.limit + 1);
    const page = rows.slice(0, filter.limit);
    const last = page.at(-1);
    return {
      items: page.map(toItem),
      nextCursor: rows.length > filter.limit && last ? encodeCursor(last.displayName, last.id) : null,
    };
  }

  async function getTenant(id: string): Promise<TenantDetail> {
    const missing = () => notFound('tenant.not_found', 'There is no tenant with this id.');
    if (!UUID.test(id)) throw missing();
    const [tenant] = await db
      .select({
        ...tenantColumns,
        globalAdminCount:
          sql<number>`(select count(*) from ${accounts} a where a.tenant_id = ${tenantId} and a.is_global_admin)`.mapWith(
            Number,
          ),
      })
      .from(tenants)
      .where(eq(tenants.id, id));
    if (!tenant) throw missing();

    const domainRows = await db
      .select({
        name: domains.name,
        state: domains.state,
        verifiedAt: domains.verifiedAt,
        createdAt: domains.createdAt,
      })
      .from(domains)
      .where(eq(domains.tenantId, id))
      .orderBy(asc(domains.name))
      .limit(MAX_DOMAINS_SHOWN);

    const source = alias(tenants, 'source');
    const target = alias(tenants, 'target');
    const takeoverRows = await db
      .select({
        id: takeovers.id,
        mode: takeovers.mode,
        domain: takeovers.domain,
        createdAt: takeovers.createdAt,
        undoneAt: takeovers.undoneAt,
        movedAccountIds: takeovers.movedAccountIds,
        sourceTenant: { id: source.id, displayName: source.displayName },
        targetTenant: { id: target.id, displayName: target.displayName },
        actor: { id: accounts.id, signInName: accounts.signInName },
      })
      .from(takeovers)
      .innerJoin(source, eq(source.id, takeovers.sourceTenantId))
      .innerJoin(target, eq(target.id, takeovers.targetTenantId))
      .innerJoin(accounts, eq(accounts.id, takeovers.actorAccountId))
      .where(or(eq(takeovers.sourceTenantId, id), eq(takeovers.targetTenantId, id)))
      .orderBy(desc(takeovers.createdAt))
      .limit(MAX_TAKEOVERS_SHOWN);

    const now = clock.now().getTime();
    return {
      ...toItem(tenant),
      globalAdminCount: tenant.globalAdminCount,
      domains: domainRows.map((d) => ({
        name: d.name,
        state: d.state === 'verified' ? 'verified' : 'unverified',
        verifiedAt: d.verifiedAt?.toISOString() ?? null,
        createdAt: d.createdAt.toISOString(),
      })),
      takeovers: takeoverRows.map(({ movedAccountIds, ...t }) => {
        const until = t.createdAt.getTime() + UNDO_WINDOW_MS;
        return {
          ...t,
          mode: t.mode as TakeoverMode,
          movedAccountCount: movedAccountIds.length,
          createdAt: t.createdAt.toISOString(),
          undoneAt: t.undoneAt?.toISOString() ?? null,
          undoableUntil: new Date(until).toISOString(),
          canUndo: t.undoneAt === null && now <= until,
        };
      }),
    };
  }

  return { listTenants, getTenant };
}

export type OperatorService = ReturnType<typeof createOperatorService>;
