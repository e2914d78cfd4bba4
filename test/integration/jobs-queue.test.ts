// The job queue and worker against the real database of the project (PGlite or PostgreSQL 15): enqueueing inside a
// transaction, claiming under a lease, retry with backoff, failing for good, reclaiming after a worker's death,
// fencing a worker that lost its lease, and stopping with a job in hand.
import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../src/clock.js';
import { jobs } from '../../src/db/schema.js';
import {
  DEFAULT_MAX_ATTEMPTS,
  defineJob,
  enqueue,
  PermanentJobError,
  type JobLogger,
  type WorkerStep,
} from '../../src/jobs/queue.js';
import { startWorker, WorkerCrash, type Worker } from '../../src/jobs/worker.js';
import { openTestDatabase, type DbHandle } from '../helpers/test-db.js';

type LogEntry = { level: string; obj: Record<string, unknown>; msg: string | undefined };
function captureLogger(): JobLogger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const at = (level: string) => (obj: object, msg?: string) =>
    void entries.push({ level, obj: obj as Record<string, unknown>, msg });
  return { entries, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

async function drain(worker: Worker): Promise<number> {
  let n = 0;
  while (await worker.runOnce()) n += 1;
  return n;
}

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(() => handle.close());
beforeEach(async () => {
  await handle.db.execute(sql`delete from jobs`);
});

const allJobs = () => handle.db.select().from(jobs).orderBy(asc(jobs.id));

describe('enqueue', () => {
  it('commits with the caller’s transaction and vanishes with its rollback', async () => {
    const note = defineJob<{ n: number }>({ queue: 'test.note', handler: async () => {} });
    await expect(
      handle.db.transaction(async (tx) => {
        await enqueue(tx, { queue: note, payload: { n: 1 } });
        throw new Error('the business change failed');
      }),
    ).rejects.toThrow('the business change failed');
    expect(await allJobs()).toEqual([]);

    await handle.db.transaction(async (tx) => {
      await enqueue(tx, { queue: note, payload: { n: 2 } });
    });
    const rows = await allJobs();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      queue: 'test.note',
      payload: { n: 2 },
      attempts: 0,
      maxAttempts: DEFAULT_MAX_ATTEMPTS,
    });
  });

  it('type-checks the payload against the job definition', async () => {
    const typed = defineJob<{ accountId: string }>({ queue: 'test.typed', handler: async () => {} });
    // @ts-expect-error — wrong payload type for this job
    const bad = () => enqueue(handle.db, { queue: typed, payload: { accountId: 42 } });
    expect(typeof bad).toBe('function');
    await enqueue(handle.db, { queue: typed, payload: { accountId: 'a' }, maxAttempts: 3 });
    expect((await allJobs())[0]).toMatchObject({ payload: { accountId: 'a' }, maxAttempts: 3 });
    expect(() => defineJob({ queue: 'Bad Name', handler: async () => {} })).toThrow(/queue name/);
  });
});

describe('worker', () => {
  it('runs due jobs in order, hands the typed payload to the handler, and finishes them', async () => {
    const clock = manualClock();
    const seen: number[] = [];
    const job = defineJob<{ n: number }>({
      queue: 'test.order',
      handler: async (ctx) => {
        seen.push(ctx.job.payload.n);
        expect(ctx.job.attempt).toBe(1);
      },
    });
    await enqueue(handle.db, { queue: job, payload: { n: 1 } });
    await enqueue(handle.db, { queue: job, payload: { n: 2 } });
    await enqueue(handle.db, { queue: job, payload: { n: 3 }, runAt: new Date(clock.now().getTime() + 60_000) });
    await enqueue(handle.db, { queue: 'test.other-queue', payload: { n: 4 } });
    const worker = startWorker({ db: handle, clock, logger: captureLogger(), handlers: [job], loop: false });

    expect(await drain(worker)).toBe(2);
    expect(seen).toEqual([1, 2]);
    clock.advance(60_000);
    expect(await drain(worker)).toBe(1);
    expect(seen).toEqual([1, 2, 3]);

    const rows = await allJobs();
    expect(rows.slice(0, 3).map((r) => r.finishedAt?.getTime())).toEqual([
      clock.now().getTime() - 60_000,
      clock.now().getTime() - 60_000,
      clock.now().getTime(),
    ]);
    expect(rows.slice(0, 3).map((r) => [r.attempts, r.lockedBy, r.lockedUntil])).toEqual([
      [1, null, null],
      [1, null, null],
      [1, null, null],
    ]);
    // a queue this worker has no handler for is left alone
    expect(rows[3]).toMatchObject({ queue: 'test.other-queue', attempts: 0, finishedAt: null });
    await worker.stop();
  });

  it('retries a failing job after its backoff, then succeeds', async () => {
    const clock = manualClock();
    let calls = 0;
    const job = defineJob<{ n: number }>({
      queue: 'test.flaky',
      backoffMs: (attempt) => attempt * 1000,
      handler: async () => {
        calls += 1;
        if (calls < 3) throw new Error(`transient failure ${calls}`);
      },
    });
    await enqueue(handle.db, { queue: job, payload: { n: 1 } });
    const logger = captureLogger();
    const worker = startWorker({ db: handle, clock, logger, handlers: [job], loop: false });

    expect(await worker.runOnce()).toBe(true);
    let [row] = await allJobs();
    expect(row).toMatchObject({
      attempts: 1,
      finishedAt: null,
      failedAt: null,
      lockedBy: null,
      lastError: 'Error: transient failure 1',
    });
    expect(row!.runAt.getTime()).toBe(clock.now().getTime() + 1000);
    expect(await worker.runOnce()).toBe(false); // not due yet
    clock.advance(999);
    expect(await worker.runOnce()).toBe(false);
    clock.advance(1);
    expect(await worker.runOnce()).toBe(true); // attempt 2 fails: next in 2 s
    clock.advance(2000);
    expect(await worker.runOnce()).toBe(true);
    [row] = await allJobs();
    expect(row).toMatchObject({ attempts: 3, failedAt: null });
    expect(row!.finishedAt).not.toBeNull();
    expect(calls).toBe(3);
    expect(logger.entries.filter((e) => e.level === 'warn' && e.msg === 'job failed; will retry')).toHaveLength(2);
    await worker.stop();
  });

  it('fails a job for good after max_attempts, runs onFailed in that transaction, and logs an error', async () => {
    const clock = manualClock();
    const failed: string[] = [];
    const job = defineJob<{ n: number }>({
      queue: 'test.doomed',
      backoffMs: () => 0,
      handler: async () => {
        throw new Error('always broken');
      },
      onFailed: async (tx, claimed, error) => {
        // runs in the same transaction that sets failed_at: it sees the row already failed
        const [row] = await tx.select().from(jobs).where(eq(jobs.id, claimed.id));
        expect(row!.failedAt).not.toBeNull();
        failed.push(`${claimed.payload.n}: ${error}`);
      },
    });
    await enqueue(handle.db, { queue: job, payload: { n: 7 }, maxAttempts: 3 });
    const logger = captureLogger();
    const worker = startWorker({ db: handle, clock, logger, handlers: [job], loop: false });
    expect(await drain(worker)).toBe(3);
    const [row] = await allJobs();
    expect(row).toMatchObject({ attempts: 3, finishedAt: null, lastError: 'Error: always broken' });
    expect(row!.failedAt!.getTime()).toBe(clock.now().getTime());
    expect(failed).toEqual(['7: Error: always broken']);
    expect(logger.entries.filter((e) => e.level === 'error')).toEqual([
      expect.objectContaining({
        msg: 'job failed after its last attempt',
        obj: expect.objectContaining({ jobId: row!.id, attempt: 3 }),
      }),
    ]);
    clock.advance(86_400_000);
    expect(await worker.runOnce()).toBe(false);
    await worker.stop();
  });

  it('fails at once on PermanentJobError', async () => {
    const clock = manualClock();
    const job = defineJob<{ n: number }>({
      queue: 'test.permanent',
      handler: async () => {
        throw new PermanentJobError('cannot ever work');
      },
    });
    await enqueue(handle.db, { queue: job, payload: { n: 1 } });
    const worker = startWorker({ db: handle, clock, logger: captureLogger(), handlers: [job], loop: false });
    expect(await drain(worker)).toBe(1);
    const [row] = await allJobs();
    expect(row).toMatchObject({ attempts: 1, lastError: 'PermanentJobError: cannot ever work' });
    expect(row!.failedAt).not.toBeNull();
    await worker.stop();
  });

  it('lets another worker reclaim a job whose worker died, once the lease has expired', async () => {
    const clock = manualClock();
    const runs: string[] = [];
    const job = defineJob<{ n: number }>({
      queue: 'test.lease',
      handler: async (ctx) => {
        runs.push(`run ${ctx.job.attempt}`);
      },
    });
    await enqueue(handle.db, { queue: job, payload: { n: 1 } });
    const dying = startWorker({
      db: handle,
      clock,
      logger: captureLogger(),
      handlers: [job],
      loop: false,
      leaseMs: 5000,
      workerId: 'dying',
      hooks: {
        onStep: (step: WorkerStep) => {
          if (step === 'claimed') throw new Error('power cut');
        },
      },
    });
    await expect(dying.runOnce()).rejects.toBeInstanceOf(WorkerCrash);
    let [row] = await allJobs();
    expect(row).toMatchObject({ attempts: 1, lockedBy: 'dying', finishedAt: null, failedAt: null, lastError: null });
    expect(row!.lockedUntil!.getTime()).toBe(clock.now().getTime() + 5000);
    expect(await dying.runOnce()).toBe(false); // a dead worker claims nothing more

    const fresh = startWorker({
      db: handle,
      clock,
      logger: captureLogger(),
      handlers: [job],
      loop: false,
      workerId: 'fresh',
    });
    expect(await fresh.runOnce()).toBe(false); // still leased
    clock.advance(4999);
    expect(await fresh.runOnce()).toBe(false);
    clock.advance(1);
    expect(await fresh.runOnce()).toBe(true);
    expect(runs).toEqual(['run 2']);
    [row] = await allJobs();
    expect(row).toMatchObject({ attempts: 2, lockedBy: null });
    expect(row!.finishedAt).not.toBeNull();
    await Promise.all([dying.stop(), fresh.stop()]);
  });

  it('gives up on a job whose workers keep dying, after max_attempts', async () => {
    const clock = manualClock();
    const job = defineJob<{ n: number }>({ queue: 'test.killer', handler: async () => {} });
    await enqueue(handle.db, { queue: job, payload: { n: 1 }, maxAttempts: 2 });
    for (let i = 0; i < 2; i++) {
      const w = startWorker({
        db: handle,
        clock,
        logger: captureLogger(),
        handlers: [job],
        loop: false,
        leaseMs: 1000,
        hooks: {
          onStep: () => {
            throw new Error('dies every time');
          },
        },
      });
      await expect(w.runOnce()).rejects.toBeInstanceOf(WorkerCrash);
      clock.advance(1000);
    }
    const logger = captureLogger();
    const last = startWorker({ db: handle, clock, logger, handlers: [job], loop: false });
    expect(await last.runOnce()).toBe(true);
    const [row] = await allJobs();
    expect(row).toMatchObject({ attempts: 3, finishedAt: null });
    expect(row!.failedAt).not.toBeNull();
    expect(row!.lastError).toMatch(/gave up after 2 attempts/);
    expect(logger.entries.some((e) => e.level === 'error')).toBe(true);
    await last.stop();
  });

  it('fences a worker that lost its lease: it cannot acknowledge a job another worker holds', async () => {
    const clock = manualClock();
    const slowRelease = deferred();
    const slowStarted = deferred();
    const runs: string[] = [];
    const job = defineJob<{ n: number }>({
      queue: 'test.fence',
      handler: async (ctx) => {
        runs.push(`attempt ${ctx.job.attempt} start`);
        if (ctx.job.attempt === 1) {
          slowStarted.resolve();
          await slowRelease.promise;
        }
        runs.push(`attempt ${ctx.job.attempt} end`);
      },
    });
    await enqueue(handle.db, { queue: job, payload: { n: 1 } });
    const slowLogger = captureLogger();
    const slow = startWorker({
      db: handle,
      clock,
      logger: slowLogger,
      handlers: [job],
      loop: false,
      leaseMs: 10_000,
      workerId: 'slow',
    });
    const other = startWorker({
      db: handle,
      clock,
      logger: captureLogger(),
      handlers: [job],
      loop: false,
      leaseMs: 10_000,
      workerId: 'other',
    });
    const slowRun = slow.runOnce();
    await slowStarted.promise;
    clock.advance(10_000); // the slow worker's lease has run out (its heartbeat is every 3.3 s of real time)
    expect(await other.runOnce()).toBe(true);
    slowRelease.resolve();
    expect(await slowRun).toBe(true);
    expect(runs).toEqual(['attempt 1 start', 'attempt 2 start', 'attempt 2 end', 'attempt 1 end']);
    const [row] = await allJobs();
    expect(row).toMatchObject({ attempts: 2, failedAt: null, lockedBy: null });
    expect(slowLogger.entries).toContainEqual(
      expect.objectContaining({ level: 'warn', msg: 'job lease lost: another worker has it' }),
    );
    await Promise.all([slow.stop(), other.stop()]);
  });

  it('extends the lease while a handler runs (heartbeat)', async () => {
    const clock = manualClock();
    const release = deferred();
    const started = deferred();
    const job = defineJob<{ n: number }>({
      queue: 'test.heartbeat',
      handler: async () => {
        started.resolve();
        await release.promise;
      },
    });
    await enqueue(handle.db, { queue: job, payload: { n: 1 } });
    const worker = startWorker({
      db: handle,
      clock,
      logger: captureLogger(),
      handlers: [job],
      loop: false,
      leaseMs: 300,
    });
    const run = worker.runOnce();
    await started.promise;
    const [before] = await allJobs();
    clock.advance(10_000);
    // within two heartbeat periods (100 ms each) locked_until moves to the clock's now + lease
    await expect
      .poll(async () => (await allJobs())[0]!.lockedUntil!.getTime(), { timeout: 2000, interval: 50 })
      .toBe(clock.now().getTime() + 300);
    expect(before!.lockedUntil!.getTime()).toBe(clock.now().getTime() - 10_000 + 300);
    release.resolve();
    expect(await run).toBe(true);
    await worker.stop();
  });

  it('polls in the background and stop() waits for the job in hand', async () => {
    const clock = manualClock();
    const release = deferred();
    const started = deferred();
    const job = defineJob<{ n: number }>({
      queue: 'test.loop',
      handler: async (ctx) => {
        if (ctx.job.payload.n === 1) {
          started.resolve();
          await release.promise;
        }
      },
    });
    const worker = startWorker({ db: handle, clock, logger: captureLogger(), handlers: [job], pollMs: 20 });
    await enqueue(handle.db, { queue: job, payload: { n: 1 } });
    await enqueue(handle.db, { queue: job, payload: { n: 2 } });
    await started.promise;
    let stopped = false;
    const stopping = worker.stop().then(() => {
      stopped = true;
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(stopped).toBe(false);
    release.resolve();
    await stopping;
    const rows = await allJobs();
    expect(rows[0]!.finishedAt).not.toBeNull();
    // stopping: the second job was left for the next worker
    expect(rows[1]).toMatchObject({ attempts: 0, finishedAt: null });
    expect(await worker.runOnce()).toBe(false);
  });
});
