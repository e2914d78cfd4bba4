// The job queue: a `jobs` table that workers claim with FOR UPDATE SKIP LOCKED under a lease (see worker.ts).
// Jobs are enqueued on the caller's executor, so inside a transaction a state change and the jobs it causes
// commit (or roll back) together.
import type { Clock } from '../clock.js';
import type { Database, Executor, Transaction } from '../db/client.js';
import { insertJsonRows } from '../db/json-rows.js';
import { jobs } from '../db/schema.js';

/** What a payload may hold: it is stored as jsonb. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JobPayload = { [key: string]: Json };

/** A logger with pino's shape (Fastify's logger and pino's both fit). */
export type JobLogger = {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
};

/** The steps a worker reports to `hooks.onStep` (crash tests only). `sending`/`sent` come from handlers that talk
 * to the outside world (mail.send), around that call. */
export type WorkerStep = 'claimed' | 'sending' | 'sent' | 'acked';

/** A job as its handler sees it. */
export type ClaimedJob<P extends JobPayload = JobPayload> = {
  id: number;
  queue: string;
  payload: P;
  /** 1 on the first run, counting this one (a run cut short by a dead worker counts too). */
  attempt: number;
  maxAttempts: number;
};

export type JobContext<P extends JobPayload = JobPayload> = {
  job: ClaimedJob<P>;
  db: Database;
  clock: Clock;
  logger: JobLogger;
  /**
   * Marks the job finished inside `tx`, so that the handler's own writes and the acknowledgement commit together.
   * Throws LeaseLostError (rolling `tx` back) if this worker no longer holds the job. A handler that does not call
   * it is acknowledged by the worker after it returns.
   */
  complete(tx: Transaction): Promise<void>;
  /** Reports a step to the crash-test hooks; a no-op in production. Call it around calls to the outside world. */
  step(step: 'sending' | 'sent'): Promise<void>;
};

export type JobDefinition<P extends JobPayload = JobPayload> = {
  queue: string;
  /** Does the work. Throwing schedules a retry (with backoff) until maxAttempts; PermanentJobError fails at once. */
  handler(ctx: JobContext<P>): Promise<void>;
  /** Default for jobs enqueued without their own maxAttempts (else the column default, 10). */
  maxAttempts?: number;
  /** Delay before retry number `attempt` (the attempt that just failed): default 30 s doubling, at most 1 h. */
  backoffMs?(attempt: number): number;
  /** Runs in the transaction that marks the job failed for good (e.g. to mark the mail `failed`); `clock` is the worker's. */
  onFailed?(tx: Transaction, job: ClaimedJob<P>, error: string, clock: Clock): Promise<void>;
};

/** Declares a job type; the payload type then flows to `enqueue` and to the handler. */
export function defineJob<P extends JobPayload>(definition: JobDefinition<P>): JobDefinition<P> {
  if (!/^[a-z][a-z0-9._-]{0,99}$/.test(definition.queue)) throw new Error(`invalid queue name "${definition.queue}"`);
  return definition;
}

/** Thrown by a handler when retrying cannot help (e.g. an SMTP 5xx): the job fails at once. */
export class PermanentJobError extends Error {
  override name = 'PermanentJobError';
}

/** The worker's hold on a job ended (its lease expired and another worker claimed it). */
export class LeaseLostError extends Error {
  override name = 'LeaseLostError';
}

export const DEFAULT_MAX_ATTEMPTS = 10;

export function defaultBackoffMs(attempt: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempt - 1), 3_600_000);
}

/**
 * A job enqueued without `runAt` is due at once under any clock: its run_at is the Unix epoch (created_at says when
 * it was queued). The worker compares run_at with the injected clock, so tests can move time freely.
 */
export const DUE_AT_ONCE = new Date(0);

export type EnqueueOptions<P extends JobPayload> = {
  /** A definition from defineJob (payload type-checked), or a bare queue name. */
  queue: JobDefinition<P> | string;
  payload: NoInfer<P>;
  /** Not before this time (by the worker's clock); default: at once. */
  runAt?: Date;
  maxAttempts?: number;
};

/**
 * Queues a job on `executor`: pass the caller's transaction so that the job commits with the change that causes it.
 * Returns the job id.
 */
export async function enqueue<P extends JobPayload>(executor: Executor, options: EnqueueOptions<P>): Promise<number> {
  const [id] = await enqueueMany(executor, [options]);
  return id!;
}

/** Jobs per INSERT. */
const JOBS_PER_INSERT = 1000;

/**
 * Queues several jobs on `executor` with multi-row INSERTs (one per thousand jobs): ids are taken in the order of
 * `jobList`, and returned in that order.
 */
export async function enqueueMany<P extends JobPayload>(
  executor: Executor,
  jobList: readonly EnqueueOptions<P>[],
): Promise<number[]> {
  const rows = jobList.map((options) => {
    const definition = typeof options.queue === 'string' ? undefined : options.queue;
    const queue = typeof options.queue === 'string' ? options.queue : options.queue.queue;
    const maxAttempts = options.maxAttempts ?? definition?.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new Error(`maxAttempts must be a whole number ≥ 1`);
    return { queue, payload: options.payload, runAt: options.runAt ?? DUE_AT_ONCE, maxAttempts };
  });
  const ids: number[] = [];
  for (let start = 0; start < rows.length; start += JOBS_PER_INSERT) {
    const inserted = await insertJsonRows(executor, jobs, rows.slice(start, start + JOBS_PER_INSERT), {
      returning: { id: jobs.id },
    });
    // Rows take their ids from the sequence in the order given.
    ids.push(...inserted.map((r) => Number(r.id)).sort((a, b) => a - b));
  }
  return ids;
}
