// Reading the audit log (SPEC §11): operators see every entry; anyone else sees the entries of the License IDs they
// administer (directly or inherited) — nothing about other License IDs, and no entry without one. Newest first, with
// filters and a streamed CSV export. The client address is shown to operators only.
import { and, desc, eq, gte, inArray, like, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { accounts, auditLog, licenseIds } from '../../db/schema.js';
import { csvLine, UTF8_BOM } from '../../domain/csv.js';
import { forbidden } from '../../domain/errors.js';
import { decodeCursor, DEFAULT_PAGE_SIZE, pageOf, type PageOf } from '../agreements/paging.js';
import type { SignedInAccount } from '../session/service.js';
import type { VlAccessService } from '../vl-access/service.js';

export type AuditFilters = {
  licenseIdNumber?: string | undefined;
  /** an action, or a prefix ending in `.` (e.g. `vl_role.`) */
  action?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
};

export type AuditEntryView = {
  id: number;
  at: string;
  actorKind: string;
  actorSignInName: string | null;
  action: string;
  licenseIdNumber: string | null;
  target: string | null;
  details: Record<string, unknown>;
  ip: string | null;
  hash: string;
};

const EXPORT_BATCH = 1000;

export function createAuditLogService(deps: { db: Database; vlAccess: VlAccessService }) {
  const { db, vlAccess } = deps;

  /**
   * The condition that limits the log to what `account` may read: a subquery, so that the License IDs of an
   * administrator of 100,000 stay in the database.
   */
  async function scopeOf(account: SignedInAccount): Promise<SQL | undefined> {
    if (account.isOperator) return undefined;
    const administered = () =>
      vlAccess.licenseIdsWith(account, 'all', 'vl-users.manage', { number: licenseIds.number });
    const [any] = await db
      .select({ one: sql`1` })
      .from(administered().as('administered'))
      .limit(1);
    if (!any) {
      throw forbidden(
        'audit.not_allowed',
        'The audit log shows the entries of the License IDs you administer, and you administer none. Ask an administrator of your agreement.',
      );
    }
    return inArray(auditLog.licenseIdNumber, administered());
  }

  function filterConditions(filters: AuditFilters): (SQL | undefined)[] {
    const action = filters.action;
    return [
      filters.licenseIdNumber ? eq(auditLog.licenseIdNumber, filters.licenseIdNumber) : undefined,
      action ? (action.endsWith('.') ? like(auditLog.action, `${action}%`) : eq(auditLog.action, action)) : undefined,
      filters.from ? gte(auditLog.at, new Date(`${filters.from}T00:00:00Z`)) : undefined,
      filters.to ? lte(auditLog.at, new Date(`${filters.to}T23:59:59.999Z`)) : undefined,
    ];
  }

  async function rows(
    account: SignedInAccount,
    scope: SQL | undefined,
    filters: AuditFilters,
    before: number | undefined,
    limit: number,
  ) {
    const found = await db
      .select({
        id: auditLog.id,
        at: auditLog.at,
        actorKind: auditLog.actorKind,
        actorSignInName: accounts.signInName,
        action: auditLog.action,
        licenseIdNumber: auditLog.licenseIdNumber,
        target: auditLog.target,
        details: auditLog.details,
        ip: auditLog.ip,
        hash: auditLog.hash,
      })
      .from(auditLog)
      .leftJoin(accounts, eq(accounts.id, auditLog.actorAccountId))
      .where(and(scope, ...filterConditions(filters), before !== undefined ? lt(auditLog.id, before) : undefined))
      .orderBy(desc(auditLog.id))
      .limit(limit);
    return found.map((r): AuditEntryView => ({
      ...r,
      at: r.at.toISOString(),
      ip: account.isOperator ? r.ip : null,
    }));
  }

  async function list(
    account: SignedInAccount,
    query: AuditFilters & { cursor?: string | undefined; limit?: number | undefined },
  ): Promise<PageOf<AuditEntryView>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const scope = await scopeOf(account);
    const cursor = decodeCursor(query.cursor, 1);
    const found = await rows(account, scope, query, cursor ? Number(cursor[0]) : undefined, limit + 1);
    return pageOf(
      found,
      limit,
      (r) => r,
      (r) => [String(r.id)],
    );
  }

  /** The log as CSV in keyset batches; the scope is checked before the first byte (a refusal is a problem). */
  async function* exportCsv(account: SignedInAccount, filters: AuditFilters): AsyncGenerator<string> {
    const scope = await scopeOf(account);
    yield (
      UTF8_BOM +
      csvLine(['Id', 'When', 'Actor kind', 'Actor', 'Action', 'License ID', 'Target', 'Details', 'IP address', 'Hash'])
    );
    let before: number | undefined;
    for (;;) {
      const batch = await rows(account, scope, filters, before, EXPORT_BATCH);
      yield batch
        .map((r) =>
          csvLine([
            r.id,
            r.at,
            r.actorKind,
            r.actorSignInName,
            r.action,
            r.licenseIdNumber,
            r.target,
            JSON.stringify(r.details),
            r.ip,
            r.hash,
          ]),
        )
        .join('');
      if (batch.length < EXPORT_BATCH) return;
      before = batch[batch.length - 1]!.id;
    }
  }

  return { list, exportCsv };
}

export type AuditLogService = ReturnType<typeof createAuditLogService>;
