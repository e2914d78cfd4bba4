// The audit log is append-only and hash-chained: editing or deleting any entry directly in SQL is detected, and
// `vlcenter audit verify` names the first bad entry.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../src/clock.js';
import { openDatabase, type DbHandle } from '../../src/db/client.js';
import { auditLog } from '../../src/db/schema.js';
import { auditHash, recordAuditAlone } from '../../src/modules/audit/service.js';
import { verifyAuditLog } from '../../src/modules/audit/verify.js';
import { runCli } from '../helpers/cli.js';
import { createTestDatabaseEnv, openTestDatabase } from '../helpers/test-db.js';

const clock = manualClock(new Date('2026-11-23T12:00:00Z'));

async function writeEntries(db: DbHandle, count: number): Promise<number[]> {
  for (let i = 0; i < count; i++) {
    clock.advance(1000);
    await recordAuditAlone(db.db, clock, {
      action: 'test.action',
      actorKind: 'system',
      target: `entry ${i}`,
      // Keys in an order jsonb does not keep: the hash must not depend on it.
      details: { zeta: i, alpha: { second: 'b', first: 'a' }, list: [3, 1, 2] },
    });
  }
  return (await db.db.select({ id: auditLog.id }).from(auditLog).orderBy(auditLog.id)).map((r) => r.id);
}

describe('verifyAuditLog', () => {
  let db: DbHandle;
  let ids: number[];
  beforeAll(async () => {
    db = await openTestDatabase();
    ids = await writeEntries(db, 5);
  });
  afterAll(() => db.close());

  it('an untouched log verifies and reports its head', async () => {
    const result = await verifyAuditLog(db.db);
    expect(result).toMatchObject({ ok: true, entries: 5, head: { id: ids[4] } });
  });

  it('an edited entry fails its own hash; putting it back heals the chain', async () => {
    const [original] = await db.db.select().from(auditLog).where(eq(auditLog.id, ids[2]!));
    await db.db.execute(sql`update audit_log set target = 'rewritten' where id = ${ids[2]}`);
    expect(await verifyAuditLog(db.db)).toMatchObject({
      ok: false,
      firstBadId: ids[2],
      reason: 'hash_mismatch',
      entries: 2,
    });
    await db.db.update(auditLog).set({ target: original!.target }).where(eq(auditLog.id, ids[2]!));
    expect((await verifyAuditLog(db.db)).ok).toBe(true);
  });

  it('a re-hashed edit still breaks the link of the next entry', async () => {
    const scratch = await openTestDatabase();
    try {
      const scratchIds = await writeEntries(scratch, 3);
      // Someone who knows the scheme edits a row and recomputes its hash: the row passes, the next one does not.
      const [row] = await scratch.db.select().from(auditLog).where(eq(auditLog.id, scratchIds[1]!));
      const { id: _id, hash: _hash, prevHash, ...fields } = row!;
      const forged = auditHash(prevHash, { ...fields, target: 'forged' });
      await scratch.db.update(auditLog).set({ target: 'forged', hash: forged }).where(eq(auditLog.id, scratchIds[1]!));
      expect(await verifyAuditLog(scratch.db)).toMatchObject({
        ok: false,
        firstBadId: scratchIds[2],
        reason: 'broken_link',
      });
    } finally {
      await scratch.close();
    }
  });

  it('a deleted entry breaks the link of the one after it', async () => {
    const scratch = await openTestDatabase();
    try {
      const scratchIds = await writeEntries(scratch, 4);
      await scratch.db.execute(sql`delete from audit_log where id = ${scratchIds[1]}`);
      expect(await verifyAuditLog(scratch.db)).toMatchObject({
        ok: false,
        firstBadId: scratchIds[2],
        reason: 'broken_link',
      });
    } finally {
      await scratch.close();
    }
  });

  it('entries removed from the end are caught against a head recorded earlier', async () => {
    const scratch = await openTestDatabase();
    try {
      await writeEntries(scratch, 3);
      const before = await verifyAuditLog(scratch.db);
      if (!before.ok || !before.head) throw new Error('expected an intact log');
      await scratch.db.execute(sql`delete from audit_log where id = ${before.head.id}`);
      expect((await verifyAuditLog(scratch.db)).ok).toBe(true);
      expect(await verifyAuditLog(scratch.db, { expectHead: before.head.hash })).toMatchObject({
        ok: false,
        reason: 'head_mismatch',
      });
    } finally {
      await scratch.close();
    }
  });
});

describe('vlcenter audit verify', () => {
  it('exits 0 on an intact log and 1 naming the first bad entry after tampering', async () => {
    const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'vlc-audit-'));
    try {
      const env = await createTestDatabaseEnv(tmp);
      const open = () => openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: tmp });
      let db = await open();
      const ids = await writeEntries(db, 3);
      await db.close();
      const verify = () => runCli(['audit', 'verify'], env);
      const intact = await verify();
      expect(intact.code, intact.stderr).toBe(0);
      expect(intact.stdout).toContain('the audit log is intact: 3 entries');

      db = await open();
      await db.db.execute(sql`update audit_log set action = 'nothing.happened' where id = ${ids[1]}`);
      await db.close();
      const tampered = await verify();
      expect(tampered.code).toBe(1);
      expect(tampered.stderr).toContain(`entry #${ids[1]} fails verification`);
    } finally {
      await fs.rm(tmp, { recursive: true, force: true });
    }
  }, 120_000);
});
