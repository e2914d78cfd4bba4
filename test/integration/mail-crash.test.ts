// What the outbox guarantees when a worker dies: no message is ever lost, and one can go out twice only when the
// worker dies between the SMTP server's acceptance and the acknowledgement (the commit) — and then with the SAME
// Message-ID.
//
// For each step of a delivery (claimed → sending → sent → acked) a worker dies there, then a fresh worker takes
// over once the lease has expired. Here, on both databases, in process: the step hook throws, and the worker abandons
// the job as it stands (no acknowledgement, no failure recorded, no heartbeat), as a dead process would. Real worker
// processes killed with SIGKILL: mail-crash.postgres.test.ts.
// And two workers at once over 50 queued messages deliver every message exactly once (truly concurrent on
// PostgreSQL, where FOR UPDATE SKIP LOCKED does the work; interleaved on PGlite's single connection).
import { describe, expect, it } from 'vitest';
import { manualClock, systemClock } from '../../src/clock.js';
import { openDatabase } from '../../src/db/client.js';
import { jobs, mailMessages } from '../../src/db/schema.js';
import { startWorker, WorkerCrash, type Worker } from '../../src/jobs/worker.js';
import { mailSendJob } from '../../src/mail/outbox.js';
import { createSmtpTransport } from '../../src/mail/transport.js';
import {
  enqueueOne,
  expectRecovered,
  FROM,
  LEASE_MS,
  onPostgres,
  SCENARIOS,
  silent,
  state,
  useOutboxWorld,
} from '../helpers/outbox-world.js';

const w = useOutboxWorld();

describe('a worker that dies at each step, in process (both databases)', () => {
  it.each(SCENARIOS)('dies at $step: $total delivery(ies) in all, one Message-ID', async ({ step, before, total }) => {
    const clock = manualClock();
    const messageId = await enqueueOne(w, clock);
    const dying = startWorker({
      db: w.handle,
      clock,
      logger: silent,
      handlers: [mailSendJob({ transport: w.smtp, from: FROM })],
      leaseMs: LEASE_MS,
      loop: false,
      workerId: 'dying',
      hooks: {
        onStep(reached) {
          if (reached === step) throw new Error(`simulated death at ${step}`);
        },
      },
    });
    const crash = await dying.runOnce().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(crash).toBeInstanceOf(WorkerCrash);
    expect((crash as WorkerCrash).step).toBe(step);
    expect(w.sink.messages).toHaveLength(before);
    const afterDeath = await state(w);
    expect(afterDeath.mail.state).toBe(step === 'acked' ? 'sent' : 'queued');
    expect(afterDeath.job.lockedBy).toBe(step === 'acked' ? null : 'dying');

    const fresh = startWorker({
      db: w.handle,
      clock,
      logger: silent,
      handlers: [mailSendJob({ transport: w.smtp, from: FROM })],
      loop: false,
    });
    expect(await fresh.runOnce()).toBe(false); // the dead worker's lease still holds
    clock.advance(LEASE_MS);
    expect(await fresh.runOnce()).toBe(step !== 'acked');
    expect(await fresh.runOnce()).toBe(false);
    await Promise.all([fresh.stop(), dying.stop()]);
    await expectRecovered(w, messageId, total, step === 'acked' ? 1 : 2);
  });
});

describe('two workers at once over 50 queued messages', () => {
  it('deliver every message exactly once', async () => {
    const clock = systemClock;
    const ids = new Set<string>();
    for (let i = 0; i < 50; i++) ids.add(await enqueueOne(w, clock, `inv-${i}`));
    expect(ids.size).toBe(50);

    // On PostgreSQL each worker has its own connection pool, as two instances would.
    const second = onPostgres ? await openDatabase({ databaseUrl: w.databaseUrl!, dataDir: '' }) : w.handle;
    const transports = [createSmtpTransport(new URL(w.sink.url)), createSmtpTransport(new URL(w.sink.url))];
    const claims = new Map<string, number>();
    const workers: Worker[] = [w.handle, second].map((db, i) =>
      startWorker({
        db,
        clock,
        logger: silent,
        handlers: [mailSendJob({ transport: transports[i]!, from: FROM })],
        workerId: `worker-${i}`,
        pollMs: 10,
        hooks: {
          onStep(step) {
            if (step === 'claimed') claims.set(`worker-${i}`, (claims.get(`worker-${i}`) ?? 0) + 1);
          },
        },
      }),
    );
    try {
      await w.sink.waitForMessages(50, 25_000);
      await new Promise((r) => setTimeout(r, 200)); // nothing more may arrive
    } finally {
      await Promise.all(workers.map((worker) => worker.stop()));
      for (const t of transports) t.close();
      if (second !== w.handle) await second.close();
    }
    const received = w.sink.messages.map((m) => m.messageId!);
    expect(received).toHaveLength(50);
    expect(new Set(received)).toEqual(ids);
    const rows = await w.handle.db.select().from(mailMessages);
    expect(rows.every((r) => r.state === 'sent')).toBe(true);
    const jobRows = await w.handle.db.select().from(jobs);
    expect(jobRows.map((j) => j.attempts)).toEqual(Array<number>(50).fill(1));
    expect(jobRows.every((j) => j.finishedAt !== null)).toBe(true);
    expect([...claims.values()].reduce((a, b) => a + b, 0)).toBe(50);
    if (onPostgres) {
      // truly concurrent: both took part
      expect(claims.get('worker-0')).toBeGreaterThan(0);
      expect(claims.get('worker-1')).toBeGreaterThan(0);
    }
  });
});
