// What the outbox guarantees when a worker PROCESS dies (see mail-crash.test.ts for the guarantee and the in-process
// cases): a real child process (test/helpers/worker-child.ts) kills itself with SIGKILL at each step of a delivery,
// and one is killed from outside while the SMTP server is still receiving the message; a fresh worker then takes
// over once the lease has expired. On PostgreSQL only: the child process needs a database it can reach by URL.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import type { WorkerStep } from '../../src/jobs/queue.js';
import { startWorker } from '../../src/jobs/worker.js';
import { mailSendJob } from '../../src/mail/outbox.js';
import { projectRoot } from '../../src/paths.js';
import {
  enqueueOne,
  expectRecovered,
  FROM,
  LEASE_MS,
  SCENARIOS,
  silent,
  state,
  useOutboxWorld,
} from '../helpers/outbox-world.js';

const w = useOutboxWorld();

type ChildResult = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };

function spawnWorkerChild(crashAt: WorkerStep | 'none') {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/worker-child.ts'], {
    cwd: projectRoot,
    env: {
      ...process.env,
      DATABASE_URL: w.databaseUrl,
      SMTP_URL: w.sink.url,
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
    db: w.handle,
    clock: systemClock,
    logger: silent,
    handlers: [mailSendJob({ transport: w.smtp, from: FROM })],
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
describe('a worker process killed with SIGKILL (PostgreSQL)', { timeout: 60_000 }, () => {
  it.each(SCENARIOS)(
    'killed at $step: $total delivery(ies) in all, one Message-ID',
    async ({ step, before, total }) => {
      const messageId = await enqueueOne(w, systemClock);
      const { exited } = spawnWorkerChild(step);
      const result = await exited;
      expect(result.signal, result.stderr).toBe('SIGKILL');
      expect(result.stdout.trim().split('\n').at(-1)).toMatch(new RegExp(`^step ${step} \\d+$`));
      expect(w.sink.messages).toHaveLength(before);
      const afterDeath = await state(w);
      expect(afterDeath.mail.state).toBe(step === 'acked' ? 'sent' : 'queued');
      expect(afterDeath.job.finishedAt === null).toBe(step !== 'acked');

      await recoverWithFreshWorker(step !== 'acked');
      await expectRecovered(w, messageId, total, step === 'acked' ? 1 : 2);
      expect(w.sink.dropped).toHaveLength(0);
    },
  );

  it('killed while the SMTP server is still receiving the message: not delivered by it, then exactly once', async () => {
    const messageId = await enqueueOne(w, systemClock);
    const held = w.sink.holdNext();
    const { child, exited } = spawnWorkerChild('none');
    expect((await held.arrived).messageId).toBe(messageId);
    child.kill('SIGKILL');
    expect((await exited).signal).toBe('SIGKILL');
    await new Promise((r) => setTimeout(r, 100)); // the server notices the closed connection
    held.release();
    await new Promise((r) => setTimeout(r, 100));
    expect(w.sink.messages).toHaveLength(0);
    expect(w.sink.dropped.map((m) => m.messageId)).toEqual([messageId]);

    await recoverWithFreshWorker(true);
    await expectRecovered(w, messageId, 1, 2);
  });
});
