// Idempotent partner requests (the Idempotency-Key header). The first request with a key runs and its response is
// stored in the SAME transaction as its change; a retry with the same key and the same request gets that response
// again (nothing runs twice); the same key with a different request is refused. Concurrent requests with one key
// queue on a transaction-scoped advisory lock, so the second sees the first's stored response.
// Only successes are stored: a refused request changed nothing, and may be retried with the same key.
// Keys live 24 hours (IDEMPOTENCY_KEY_TTL_MS, by the injected clock): an older key is not honoured — a request with it
// runs as new — and each keyed request deletes some of its partner's expired keys, so the table holds about a day's.
import { and, eq, lt, sql } from 'drizzle-orm';
import type { Clock } from '../../clock.js';
import { sha256Hex } from '../../crypto.js';
import type { Database, Transaction } from '../../db/client.js';
import { idempotencyKeys } from '../../db/schema.js';
import { AppError } from '../../domain/errors.js';

export type IdempotentRequest = {
  partnerId: string;
  key: string | undefined;
  method: string;
  /** the route's path (no query string) */
  path: string;
  body: unknown;
};

export type IdempotentResult<T> = { status: number; body: T; replayed: boolean };

export const IDEMPOTENCY_KEY_TTL_MS = 24 * 60 * 60 * 1000;
/** Expired keys a request deletes at most: the sweep stays cheap, and steady traffic still keeps up with expiry. */
const EXPIRED_KEYS_PER_SWEEP = 100;

/** JSON with object keys sorted: the same request hashes the same whatever order its fields came in. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export async function runIdempotent<T>(
  db: Database,
  clock: Clock,
  request: IdempotentRequest,
  status: number,
  work: (tx: Transaction) => Promise<T>,
): Promise<IdempotentResult<T>> {
  return db.transaction(async (tx) => {
    const { partnerId, key } = request;
    if (key === undefined) return { status, body: await work(tx), replayed: false };
    const requestHash = sha256Hex(`${request.method} ${request.path}\n${canonicalJson(request.body)}`);
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`idempotency:${partnerId}:${key}`}, 0))`);
    const cutoff = new Date(clock.now().getTime() - IDEMPOTENCY_KEY_TTL_MS);
    // SKIP LOCKED: rows another request of this partner is deleting right now are left to it, never waited for.
    await tx.execute(sql`
      delete from idempotency_keys where (partner_id, key) in (
        select partner_id, key from idempotency_keys
        where partner_id = ${partnerId} and created_at < ${cutoff.toISOString()}::timestamptz
        limit ${EXPIRED_KEYS_PER_SWEEP} for update skip locked)`);
    const [found] = await tx
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.partnerId, partnerId), eq(idempotencyKeys.key, key)));
    let stored = found;
    if (found && found.createdAt < cutoff) {
      // Expired, and left by the sweep (more than it deletes at once, or locked by another sweep): not honoured.
      await tx
        .delete(idempotencyKeys)
        .where(
          and(
            eq(idempotencyKeys.partnerId, partnerId),
            eq(idempotencyKeys.key, key),
            lt(idempotencyKeys.createdAt, cutoff),
          ),
        );
      stored = undefined;
    }
    if (stored) {
      if (stored.requestHash !== requestHash) {
        throw new AppError(
          422,
          'idempotency.key_reused',
          'This Idempotency-Key was already used for a different request. Use a new key for each new request; reuse a key only to retry exactly the same request.',
          {
            fields: [
              {
                name: 'headers.idempotency-key',
                message: 'was used for a different request',
                rule: 'idempotency_key_reused',
              },
            ],
          },
        );
      }
      return { status: stored.status, body: stored.response as T, replayed: true };
    }
    const body = await work(tx);
    await tx
      .insert(idempotencyKeys)
      .values({ partnerId, key, requestHash, status, response: body, createdAt: clock.now() });
    return { status, body, replayed: false };
  });
}
