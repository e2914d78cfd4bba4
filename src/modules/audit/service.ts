// Appends to the hash-chained audit log (SPEC §11). Each entry's hash covers the previous entry's hash and the
// entry's own fields, so an edited or deleted row breaks the chain from that point on.
import { createHash } from 'node:crypto';
import { desc, sql } from 'drizzle-orm';
import type { Clock } from '../../clock.js';
import type { Database, Transaction } from '../../db/client.js';
import { insertJsonRows } from '../../db/json-rows.js';
import { auditLog } from '../../db/schema.js';

export type AuditEntry = {
  action: string;
  actorKind: 'account' | 'partner' | 'operator' | 'system' | 'anonymous';
  actorAccountId?: string | null;
  tenantId?: string | null;
  licenseIdNumber?: string | null;
  target?: string | null;
  details?: Record<string, unknown>;
  ip?: string | null;
};

export const GENESIS_HASH = '0'.repeat(64);
// Appends are serialized so that each entry chains to exactly one predecessor.
const AUDIT_CHAIN_LOCK_ID = 7_351_011;

// jsonb keeps object keys in its own order, so hashes use JSON with keys sorted at every level: the same value gives
// the same text whether it comes from the caller or back from the database.
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function auditHash(prevHash: string, row: Omit<typeof auditLog.$inferInsert, 'hash' | 'prevHash'>): string {
  const canonical = canonicalJson([
    row.at instanceof Date ? row.at.toISOString() : row.at,
    row.actorKind,
    row.actorAccountId ?? null,
    row.action,
    row.tenantId ?? null,
    row.licenseIdNumber ?? null,
    row.target ?? null,
    row.details ?? {},
    row.ip ?? null,
  ]);
  return createHash('sha256').update(prevHash).update('\n').update(canonical).digest('hex');
}

/** Records `entry` inside the caller's transaction (so it commits or rolls back with the change it describes). */
export async function recordAudit(tx: Transaction, clock: Clock, entry: AuditEntry): Promise<void> {
  await recordAudits(tx, clock, [entry]);
}

const AUDIT_ROWS_PER_INSERT = 1000;

/**
 * Takes the audit chain's lock now, before the first entry needs it; it is held to the end of the transaction. Use
 * cases that must run one at a time and audit anyway (product key assignment) take it first instead of a lock of
 * their own, which two transactions could take in the opposite order to this one and deadlock.
 */
export async function lockAuditChain(tx: Transaction): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK_ID})`);
}

/** Records `entries`, chained in this order, inside the caller's transaction: one lock, multi-row INSERTs. */
export async function recordAudits(tx: Transaction, clock: Clock, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await lockAuditChain(tx);
  const [last] = await tx.select({ hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.id)).limit(1);
  let prevHash = last?.hash ?? GENESIS_HASH;
  const at = clock.now();
  const rows = entries.map((entry) => {
    const row = {
      at,
      actorKind: entry.actorKind,
      actorAccountId: entry.actorAccountId ?? null,
      action: entry.action,
      tenantId: entry.tenantId ?? null,
      licenseIdNumber: entry.licenseIdNumber ?? null,
      target: entry.target ?? null,
      details: entry.details ?? {},
      ip: entry.ip ?? null,
    };
    const hash = auditHash(prevHash, row);
    const chained = { ...row, prevHash, hash };
    prevHash = hash;
    return chained;
  });
  // Rows take their ids from the sequence in the order given, so the chain follows the ids.
  for (let start = 0; start < rows.length; start += AUDIT_ROWS_PER_INSERT)
    await insertJsonRows(tx, auditLog, rows.slice(start, start + AUDIT_ROWS_PER_INSERT));
}

/** For actions that change nothing else (a failed sign-in): a transaction of its own. */
export async function recordAuditAlone(db: Database, clock: Clock, entry: AuditEntry): Promise<void> {
  await db.transaction((tx) => recordAudit(tx, clock, entry));
}
