// What the outbox guarantees when a worker dies: no message is ever lost, and one can go out twice only when the
// worker dies between the SMTP server's acceptance and the acknowledgement (the commit) — and then with the SAME
// Message-ID.
//
// For each step of a delivery (claimed → sending → sent → acked) a worker dies there, then a fresh worker takes
// over once the lease has expired:
//   - both databases: in process — the step hook throws, and the worker abandons the job as it stands (no
//     acknowledgement, no failure recorded, no heartbeat), as a dead process would;
//   - PostgreSQL: a real child process (test/helpers/worker-child.ts) that kills itself with SIGKILL at that step,
//     plus one killed from outside while the SMTP server is still receiving the message.
// And two workers at once over 50 queued messages deliver every message exactly once (truly concurrent on
// PostgreSQL, where FOR UPDATE SKIP LOCKED does the work; interleaved on PGlite's single connection).
import { spawn } from 'node:child_process';
import { asc, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { manualClock, systemClock, type Clock } from '../../src/clock.js';
import { openDatabase } from '../../src/db/client.js';
import { jobs, mailMessages } from '../../src/db/schema.js';
import type { JobLogger, WorkerStep } from '../../src/jobs/queue.js';
import { startWorker, WorkerCrash, type Worker } from '../../src/jobs/worker.js';
import { enqueueMail, mailSendJob } from '../../src/mail/outbox.js';
import { renderMail } from '../../src/mail/render.js';
import { createSmtpTransport, type MailTransport } from '../../src/mail/transport.js';
import { projectRoot } from '../../src/paths.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { createTestDatabaseUrl, openTestDatabase, testDbKind, type DbHandle } from '../helpers/test-db.js';

const onPostgres = testDbKind() === 'postgres';
const LEASE_MS = 500;
const FROM = 'vlcenter <no-reply@vlcenter.example>';

const silent: JobLogger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/** Deliveries the SMTP server has accepted before the fresh worker starts, and in all. */
const SCENARIOS: { step: WorkerStep; before: number; total: number }[] = [
  { step: 'claimed', before: 0, total: 1 },
  { step: 'sending', before: 0, total: 1 },
  { step: 'sent', before: 1, total: 2 },
  { step: 'acked', before: 1, total: 1 },
];

let handle: DbHandle;
let databaseUrl: string | undefined;
let sink: SmtpSink;
let smtp: MailTransport;

beforeAll(async () => {
  if (onPostgres) {
    databaseUrl = await createTestDatabaseUrl();
    handle = await openDatabase({ databaseUrl, dataDir: '' });
  } else {
    handle = await openTestDatabase();
  }
  sink = await startSmtpSink();
  smtp = createSmtpTransport(new URL(sink.url));
});
afterAll(async () => {
  smtp.close();
  await Promise.all([handle.close(), sink.stop()]);
});
beforeEach(async () => {
  sink.clear();
  await handle.db.execute(sql`delete from jobs`);
  await handle.db.execute(sql`delete from mail_messages`);
});

async function enqueueOne(clock: Clock, subjectId = 'inv-1'): Promise<string> {
  const { text, html } = renderMail({
    heading: 'You are invited',
    paragraphs: ['Accept to manage Contoso’s licenses.'],
    button: { label: 'Accept', url: `https://vlc.example/invitations/${subjectId}` },
  });
  const { messageId } = await handle.db.transaction((tx) =>
    enqueueMail(tx, clock, {
      kind: 'invitation',
      to: 'ana@contoso.example',
      subjectId,
      subject: 'Invitation',
      text,
      html,
    }),
  );
  return messageId;
}

async function state() {
  const [mail] = await handle.db.select().from(mailMessages).orderBy(asc(mailMessages.id));
  const [job] = await handle.db.select().from(jobs).orderBy(asc(jobs.id));
  return { mail: mail!, job: job! };
}

/** After recovery: delivered `total` times, always with the row's Message-ID; row sent; job finished. */
async function expectRecovered(messageId: string, total: number, attempts: number) {
  const { mail, job } = await state();
  expect(mail.messageId).toBe(messageId);
  expect(sink.messages.map((m) => m.messageId)).toEqual(Array<string>(total).fill(messageId));
  expect(mail.state).toBe('sent');
  expect(job).toMatchObject({ attempts, failedAt: null, lockedBy: null });
  expect(job.finishedAt).not.toBeNull();
}

describe('a worker that dies at each step, in process (both databases)', () => {
  it.each(SCENARIOS)('dies at $step: $total delivery(ies) in all, one Message-ID', async ({ step, before, total }) => {
    const clock = manualClock();
    const messageId = await enqueueOne(clock);
    const dying = startWorker({
      db: handle,
      clock,
      logger: silent,
      handlers: [mailSendJob({ transport: smtp, from: FROM })],
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
    expect(sink.messages).toHaveLength(before);
    const afterDeath = await state();
    expect(afterDeath.mail.state).toBe(step === 'acked' ? 'sent' : 'queued');
    expect(afterDeath.job.lockedBy).toBe(step === 'acked' ? null : 'dying');

    const fresh = startWorker({
      db: handle,
      clock,
      logger: silent,
      handlers: [mailSendJob({ transport: smtp, from: FROM })],
      loop: false,
    });
    expect(await fresh.runOnce()).toBe(false); // the dead worker's lease still holds
    clock.advance(LEASE_MS);
    expect(await fresh.runOnce()).toBe(step !== 'acked');
    expect(await fresh.runOnce()).toBe(false);
    await Promise.all([fresh.stop(), dying.stop()]);
    await expectRecovered(messageId, total, step === 'acked' ? 1 : 2);
  });
});

type ChildResult = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };

function spawnWorkerChild(crashAt: WorkerStep | 'none') {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/worker-child.ts'], {
    cwd: projectRoot,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      SMTP_URL: sink.url,
      VLC_CRASH_AT: crashAt,
      VLC_LEASE_MS: String(LEASE_MS),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<ChildResult>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, exited };
}

/** A fresh in-process worker on the real clock: polls until the dead worker's lease has expired and it got the job. */
async function recoverWithFreshWorker(expectJob: boolean): Promise<void> {
  const fresh = startWorker({
    db: handle,
    clock: systemClock,
    logger: silent,
    handlers: [mailSendJob({ transport: smtp, from: FROM })],
    loop: false,
    leaseMs: LEASE_MS,
  });
  try {
    if (!expectJob) {
      await new Promise((r) => setTimeout(r, LEASE_MS + 200));
      expect(await fresh.runOnce()).toBe(false);
      return;
    }
    const deadline = Date.now() + 5000;
    while (!(await fresh.runOnce())) {
      if (Date.now() > deadline) throw new Error('the fresh worker never got the job');
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    await fresh.stop();
  }
}

// A child process needs 2–5 s to start here (tsx compiles the sources): allow for a loaded machine.
describe.runIf(onPostgres)('a worker process killed with SIGKILL (PostgreSQL)', { timeout: 60_000 }, () => {
  it.each(SCENARIOS)(
    'killed at $step: $total delivery(ies) in all, one Message-ID',
    async ({ step, before, total }) => {
      const messageId = await enqueueOne(systemClock);
      const { exited } = spawnWorkerChild(step);
      const result = await exited;
      expect(result.signal, result.stderr).toBe('SIGKILL');
      expect(result.stdout.trim().split('\n').at(-1)).toMatch(new RegExp(`^step ${step} \\d+$`));
      expect(sink.messages).toHaveLength(before);
      const afterDeath = await state();
      expect(afterDeath.mail.state).toBe(step === 'acked' ? 'sent' : 'queued');
      expect(afterDeath.job.finishedAt === null).toBe(step !== 'acked');

      await recoverWithFreshWorker(step !== 'acked');
      await expectRecovered(messageId, total, step === 'acked' ? 1 : 2);
      expect(sink.dropped).toHaveLength(0);
    },
  );

  it('killed while the SMTP server is still receiving the message: not delivered by it, then exactly once', async () => {
    const messageId = await enqueueOne(systemClock);
    const held = sink.holdNext();
    const { child, exited } = spawnWorkerChild('none');
    expect((await held.arrived).messageId).toBe(messageId);
    child.kill('SIGKILL');
    expect((await exited).signal).toBe('SIGKILL');
    await new Promise((r) => setTimeout(r, 100)); // the server notices the closed connection
    held.release();
    await new Promise((r) => setTimeout(r, 100));
    expect(sink.messages).toHaveLength(0);
    expect(sink.dropped.map((m) => m.messageId)).toEqual([messageId]);

    await recoverWithFreshWorker(true);
    await expectRecovered(messageId, 1, 2);
  });
});

describe('two workers at once over 50 queued messages', () => {
  it('deliver every message exactly once', async () => {
    const clock = systemClock;
    const ids = new Set<string>();
    for (let i = 0; i < 50; i++) ids.add(await enqueueOne(clock, `inv-${i}`));
    expect(ids.size).toBe(50);

    // On PostgreSQL each worker has its own connection pool, as two instances would.
    const second = onPostgres ? await openDatabase({ databaseUrl: databaseUrl!, dataDir: '' }) : handle;
    const transports = [createSmtpTransport(new URL(sink.url)), createSmtpTransport(new URL(sink.url))];
    const claims = new Map<string, number>();
    const workers: Worker[] = [handle, second].map((db, i) =>
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
      await sink.waitForMessages(50, 25_000);
      await new Promise((r) => setTimeout(r, 200)); // nothing more may arrive
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
      for (const t of transports) t.close();
      if (second !== handle) await second.close();
    }
    const received = sink.messages.map((m) => m.messageId!);
    expect(received).toHaveLength(50);
    expect(new Set(received)).toEqual(ids);
    const rows = await handle.db.select().from(mailMessages);
    expect(rows.every((r) => r.state === 'sent')).toBe(true);
    const jobRows = await handle.db.select().from(jobs);
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
