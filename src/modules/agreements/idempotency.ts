// Idempotent partner requests (the Idempotency-Key header). The first request with a key runs and its response is
// stored in the SAME transaction as its change; a retry with the same key and the same request gets that response
// again (nothing runs twice); the same key with a different request is refused. Concurrent requests with one key
// queue on a transaction-scoped advisory lock, so the second sees the first's stored response.
// Only successes are stored: a refused request changed nothing, and may be retried with the same key.
import { and, eq, sql } from 'drizzle-orm';
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
    const [stored] = await tx
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.partnerId, partnerId), eq(idempotencyKeys.key, key)));
    if (stored) {
      if (stored.requestHash !== requestHash) {
        throw new AppError(
          422,
          'idempotency.key_reused',
          'This Idempotency-Key was already used for a different request. Use a new key for each new request; reuse a key only to retry exactly the same request.',
          { fields: [{ name: 'headers.idempotency-key', message: 'was used for a different request' }] },
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
