// Walks the audit log in order and recomputes the hash chain. An edited row fails its own hash; a deleted row breaks
// the next row's link to its predecessor. Removing the newest rows leaves a shorter valid chain: compare the head with
// one recorded elsewhere (`--expect-head`) to catch that too.
import { asc, gt } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { auditLog } from '../../db/schema.js';
import { auditHash, GENESIS_HASH } from './service.js';

export type AuditVerification =
  | { ok: true; entries: number; head: { id: number; hash: string } | null }
  | { ok: false; entries: number; firstBadId: number; reason: 'hash_mismatch' | 'broken_link' | 'head_mismatch' };

const BATCH = 1000;

export async function verifyAuditLog(db: Database, options: { expectHead?: string } = {}): Promise<AuditVerification> {
  let prevHash = GENESIS_HASH;
  let lastId = 0;
  let entries = 0;
  for (;;) {
    const rows = await db.select().from(auditLog).where(gt(auditLog.id, lastId)).orderBy(asc(auditLog.id)).limit(BATCH);
    for (const row of rows) {
      if (row.prevHash !== prevHash) return { ok: false, entries, firstBadId: row.id, reason: 'broken_link' };
      const { id: _id, hash, prevHash: _prev, ...fields } = row;
      if (auditHash(prevHash, fields) !== hash)
        return { ok: false, entries, firstBadId: row.id, reason: 'hash_mismatch' };
      prevHash = hash;
      lastId = row.id;
      entries++;
    }
    if (rows.length < BATCH) break;
  }
  if (options.expectHead !== undefined && options.expectHead !== prevHash) {
    return { ok: false, entries, firstBadId: lastId, reason: 'head_mismatch' };
  }
  return { ok: true, entries, head: entries > 0 ? { id: lastId, hash: prevHash } : null };
}
