// The worker: claims one due job at a time under a lease, runs its handler, then acknowledges it (finished_at).
//
//   claim   UPDATE jobs … WHERE id = (SELECT id … FOR UPDATE SKIP LOCKED LIMIT 1) RETURNING …
//           attempts + 1, locked_by = this worker, locked_until = now + lease. Any number of workers (processes,
//           instances) can poll one table: SKIP LOCKED hands each job to one of them.
//   run     the handler; while it runs, a heartbeat extends the lease. A worker that dies stops extending it, so
//           once locked_until has passed the job is claimable again (and that run counted as an attempt).
//   ack     finished_at set — by the handler inside its own transaction (ctx.complete) or by the worker after it.
//   fail    retried after a backoff until max_attempts, then failed_at set and logged at error level.
//
// Every write after the claim is fenced on (locked_by, attempts): a worker whose lease expired and whose job another
// worker claimed cannot acknowledge, fail or reschedule it.
// Every time comparison uses the injected clock, passed as a parameter, so tests can move time.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import type { Clock } from '../clock.js';
import { queryRows, type DbHandle, type Executor, type Transaction } from '../db/client.js';
import {
  defaultBackoffMs,
  LeaseLostError,
  PermanentJobError,
  type ClaimedJob,
  type JobContext,
  type JobDefinition,
  type JobLogger,
  type JobPayload,
  type WorkerStep,
} from './queue.js';

/**
 * Step callbacks for the crash tests ONLY (test/integration/mail-crash.test.ts); production passes none.
 * `onStep` is called after the claim commits (`claimed`), around the handler's call to the outside world
 * (`sending`, `sent`), and after the acknowledgement commits (`acked`). A test process kills itself there; an
 * in-process test throws instead, and the worker treats that throw as its own death: it abandons the job as it
 * stands (no acknowledgement, no failure recorded, no more heartbeats), rethrows from runOnce() as WorkerCrash, and
 * claims nothing more.
 */
export type WorkerHooks = {
  onStep?(step: WorkerStep, job: ClaimedJob): void | Promise<void>;
};

export type WorkerOptions = {
  db: DbHandle;
  clock: Clock;
  logger: JobLogger;
  /** The job types this worker runs; it claims only jobs of these queues. */
  handlers: readonly JobDefinition[];
  /** Written to locked_by; default `<host>:<pid>:<random>`. */
  workerId?: string;
  /** Idle polling interval, default 500 ms. */
  pollMs?: number;
  /** How long a claim holds without a heartbeat, default 30 s (heartbeat every third of it). */
  leaseMs?: number;
  hooks?: WorkerHooks;
  /** Default true: poll in the background. false: nothing runs until runOnce() is called (tests). */
  loop?: boolean;
};

export type Worker = {
  readonly id: string;
  /** Claims and runs one due job; false when none was due (or the worker is stopping). */
  runOnce(): Promise<boolean>;
  /** Stops polling and waits for the job in hand to finish. */
  stop(): Promise<void>;
};

/** A hook threw: the worker "died" at that step (see WorkerHooks). */
export class WorkerCrash extends Error {
  override name = 'WorkerCrash';
  constructor(
    readonly step: WorkerStep,
    options: { cause: unknown },
  ) {
    super(`worker crashed (simulated) at step ${step}`, options);
  }
}

const MAX_ERROR_CHARS = 2000;
const MAX_IDLE_ERROR_DELAY_MS = 30_000;

type JobRow = {
  id: number | string | bigint;
  queue: string;
  payload: JobPayload | string;
  attempts: number;
  max_attempts: number;
};

const iso = (d: Date) => d.toISOString();

export function startWorker(options: WorkerOptions): Worker {
  const { db, clock, logger, hooks } = options;
  const workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const pollMs = options.pollMs ?? 500;
  const leaseMs = options.leaseMs ?? 30_000;
  const definitions = new Map<string, JobDefinition>();
  for (const definition of options.handlers) {
    if (definitions.has(definition.queue)) throw new Error(`two handlers for queue ${definition.queue}`);
    definitions.set(definition.queue, definition);
  }
  const queueList = sql.join(
    [...definitions.keys()].map((q) => sql`${q}`),
    sql`, `,
  );

  let stopping = false;
  let crashed = false;
  const inFlight = new Set<Promise<unknown>>();
  let wake: (() => void) | undefined;

  /** Fences every write after the claim on this worker still holding this attempt. */
  const held = (job: ClaimedJob): SQL =>
    sql`id = ${job.id} and locked_by = ${workerId} and attempts = ${job.attempt} and finished_at is null and failed_at is null`;

  async function claim(): Promise<ClaimedJob | undefined> {
    if (definitions.size === 0) return undefined;
    const now = clock.now();
    const rows = await queryRows<JobRow>(
      db.db,
      sql`update jobs
          set attempts = attempts + 1, locked_by = ${workerId},
              locked_until = ${iso(new Date(now.getTime() + leaseMs))}::timestamptz
          where id = (
            select id from jobs
            where finished_at is null and failed_at is null
              and run_at <= ${iso(now)}::timestamptz
              and (locked_until is null or locked_until <= ${iso(now)}::timestamptz)
              and queue in (${queueList})
            order by run_at, id
            limit 1
            for update skip locked)
          returning id, queue, payload, attempts, max_attempts`,
    );
    const row = rows[0];
    if (!row) return undefined;
    return {
      id: Number(row.id),
      queue: row.queue,
      payload: typeof row.payload === 'string' ? (JSON.parse(row.payload) as JobPayload) : row.payload,
      attempt: Number(row.attempts),
      maxAttempts: Number(row.max_attempts),
    };
  }

  async function step(name: WorkerStep, job: ClaimedJob): Promise<void> {
    if (!hooks?.onStep) return;
    try {
      await hooks.onStep(name, job);
    } catch (error) {
      throw new WorkerCrash(name, { cause: error });
    }
  }

  async function acknowledge(executor: Executor, job: ClaimedJob): Promise<void> {
    const rows = await queryRows(
      executor,
      sql`update jobs set finished_at = ${iso(clock.now())}::timestamptz, locked_by = null, locked_until = null
          where ${held(job)} returning id`,
    );
    if (rows.length === 0) throw new LeaseLostError(`job ${job.id}: lease lost before it could be acknowledged`);
  }

  /** Extends the lease while the handler runs; stops on its own if the lease was lost. */
  function startHeartbeat(job: ClaimedJob) {
    let pending: Promise<unknown> = Promise.resolve();
    let lost = false;
    const timer = setInterval(
      () => {
        pending = queryRows(
          db.db,
          sql`update jobs set locked_until = ${iso(new Date(clock.now().getTime() + leaseMs))}::timestamptz
              where ${held(job)} returning id`,
        ).then(
          (rows) => {
            if (rows.length === 0 && !lost) {
              lost = true;
              clearInterval(timer);
              logger.warn({ jobId: job.id, queue: job.queue, workerId }, 'job lease lost while running');
            }
          },
          (error: unknown) => logger.warn({ err: error, jobId: job.id, workerId }, 'job heartbeat failed'),
        );
      },
      Math.max(20, Math.floor(leaseMs / 3)),
    );
    timer.unref();
    return {
      async stop() {
        clearInterval(timer);
        await pending;
      },
    };
  }

  async function failOrRetry(job: ClaimedJob, definition: JobDefinition | undefined, error: unknown): Promise<void> {
    const message = errorText(error);
    const now = clock.now();
    const permanent = error instanceof PermanentJobError;
    if (!definition || permanent || job.attempt >= job.maxAttempts) {
      await db.db.transaction(async (tx: Transaction) => {
        const rows = await queryRows(
          tx,
          sql`update jobs set failed_at = ${iso(now)}::timestamptz, locked_by = null, locked_until = null,
                last_error = ${message}
              where ${held(job)} returning id`,
        );
        if (rows.length === 0) throw new LeaseLostError(`job ${job.id}: lease lost before its failure was recorded`);
        await definition?.onFailed?.(tx, job, message, clock);
      });
      logger.error(
        { jobId: job.id, queue: job.queue, attempt: job.attempt, maxAttempts: job.maxAttempts, error: message },
        permanent ? 'job failed (not retryable)' : 'job failed after its last attempt',
      );
      return;
    }
    const delayMs = Math.max(0, (definition.backoffMs ?? defaultBackoffMs)(job.attempt));
    const rows = await queryRows(
      db.db,
      sql`update jobs set run_at = ${iso(new Date(now.getTime() + delayMs))}::timestamptz, locked_by = null,
            locked_until = null, last_error = ${message}
          where ${held(job)} returning id`,
    );
    if (rows.length === 0) throw new LeaseLostError(`job ${job.id}: lease lost before its retry was scheduled`);
    logger.warn(
      {
        jobId: job.id,
        queue: job.queue,
        attempt: job.attempt,
        maxAttempts: job.maxAttempts,
        retryInMs: delayMs,
        error: message,
      },
      'job failed; will retry',
    );
  }

  async function runJob(job: ClaimedJob): Promise<void> {
    const definition = definitions.get(job.queue);
    const heartbeat = startHeartbeat(job);
    let completed = false;
    try {
      try {
        await step('claimed', job);
        if (!definition) throw new PermanentJobError(`no handler for queue ${job.queue}`);
        if (job.attempt > job.maxAttempts) {
          // Every earlier run ended with the worker dead mid-job (lease expired): stop trying.
          throw new PermanentJobError(`gave up after ${job.maxAttempts} attempts whose workers stopped mid-job`);
        }
        const ctx: JobContext = {
          job,
          db: db.db,
          clock,
          logger,
          complete: async (tx) => {
            await acknowledge(tx, job);
            completed = true;
          },
          step: (name) => step(name, job),
        };
        await definition.handler(ctx);
      } finally {
        await heartbeat.stop();
      }
      if (!completed) await acknowledge(db.db, job);
    } catch (error) {
      if (error instanceof WorkerCrash) throw error;
      if (error instanceof LeaseLostError) {
        logger.warn(
          { jobId: job.id, queue: job.queue, workerId, error: error.message },
          'job lease lost: another worker has it',
        );
        return;
      }
      try {
        await failOrRetry(job, definition, error);
      } catch (bookkeeping) {
        // The lease runs out and the job is claimed again: nothing is lost.
        logger.error({ err: bookkeeping, jobId: job.id, queue: job.queue }, 'could not record a job failure');
      }
      return;
    }
    await step('acked', job);
  }

  async function runOnce(): Promise<boolean> {
    if (stopping || crashed) return false;
    const job = await claim();
    if (!job) return false;
    const running = runJob(job);
    inFlight.add(running);
    try {
      await running;
    } catch (error) {
      if (error instanceof WorkerCrash) {
        crashed = true;
        logger.warn({ jobId: job.id, workerId, step: error.step }, 'worker abandoned its job (simulated crash)');
      }
      throw error;
    } finally {
      inFlight.delete(running);
    }
    return true;
  }

  async function loop(): Promise<void> {
    let errors = 0;
    while (!stopping && !crashed) {
      let worked = false;
      let delay = pollMs;
      try {
        worked = await runOnce();
        errors = 0;
      } catch (error) {
        if (error instanceof WorkerCrash) return;
        errors += 1;
        delay = Math.min(pollMs * 2 ** errors, MAX_IDLE_ERROR_DELAY_MS);
        logger.error({ err: error, workerId }, 'worker could not claim a job; retrying');
      }
      if (worked || stopping) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
  }

  const looping = options.loop === false ? Promise.resolve() : loop();

  return {
    id: workerId,
    runOnce,
    async stop() {
      stopping = true;
      wake?.();
      await looping;
      await Promise.allSettled([...inFlight]);
    },
  };
}

function errorText(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > MAX_ERROR_CHARS ? `${text.slice(0, MAX_ERROR_CHARS)}…` : text;
}
