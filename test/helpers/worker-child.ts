// A real worker process for the crash tests (test/integration/mail-crash.test.ts): it runs the mail.send job against
// a PostgreSQL database and an SMTP server, and kills itself with SIGKILL — no cleanup, no finally blocks, exactly
// like a power cut — when it reaches the step named in VLC_CRASH_AT.
//
//   node --import tsx test/helpers/worker-child.ts
//   env: DATABASE_URL   postgres://… (required)
//        SMTP_URL       smtp://127.0.0.1:<port> (required)
//        VLC_CRASH_AT   claimed | sending | sent | acked | none (default none: run one job and exit 0)
//        VLC_LEASE_MS   lease length (default 500)
//        VLC_WORKER_ID  locked_by value (default child-<pid>)
// Prints `step <name> <jobId>` on stdout as it passes each step. Exit codes: 0 one job done (VLC_CRASH_AT=none),
// 2 bad arguments, 3 no job within 10 s; killed by SIGKILL at the crash step.
import { systemClock } from '../../src/clock.js';
import { openDatabase } from '../../src/db/client.js';
import type { JobLogger, WorkerStep } from '../../src/jobs/queue.js';
import { startWorker } from '../../src/jobs/worker.js';
import { mailSendJob } from '../../src/mail/outbox.js';
import { createSmtpTransport } from '../../src/mail/transport.js';

const STEPS = ['claimed', 'sending', 'sent', 'acked', 'none'] as const;
const databaseUrl = process.env.DATABASE_URL;
const smtpUrl = process.env.SMTP_URL;
const crashAt = (process.env.VLC_CRASH_AT ?? 'none') as WorkerStep | 'none';
const leaseMs = Number(process.env.VLC_LEASE_MS ?? 500);

if (!databaseUrl || !smtpUrl || !STEPS.includes(crashAt) || !(leaseMs > 0)) {
  process.stderr.write('worker-child: needs DATABASE_URL, SMTP_URL, VLC_CRASH_AT in claimed|sending|sent|acked|none\n');
  process.exit(2);
}

const line = (level: string) => (obj: object, msg?: string) =>
  process.stderr.write(
    `${level} ${msg ?? ''} ${JSON.stringify(obj, (_k, v: unknown) => (v instanceof Error ? v.message : v))}\n`,
  );
const logger: JobLogger = { debug: () => {}, info: line('info'), warn: line('warn'), error: line('error') };

const db = await openDatabase({ databaseUrl, dataDir: '' });
const transport = createSmtpTransport(new URL(smtpUrl));
const worker = startWorker({
  db,
  clock: systemClock,
  logger,
  handlers: [mailSendJob({ transport, from: 'vlcenter <no-reply@vlcenter.example>' })],
  workerId: process.env.VLC_WORKER_ID ?? `child-${process.pid}`,
  leaseMs,
  loop: false,
  hooks: {
    onStep(step, job) {
      // stdout to a pipe is synchronous on Linux: the line is out before the signal.
      process.stdout.write(`step ${step} ${job.id}\n`);
      if (step === crashAt) process.kill(process.pid, 'SIGKILL');
    },
  },
});

const deadline = Date.now() + 10_000;
while (!(await worker.runOnce())) {
  if (Date.now() > deadline) {
    process.stderr.write('worker-child: no job to run within 10 s\n');
    process.exit(3);
  }
  await new Promise((resolve) => setTimeout(resolve, 50));
}
await worker.stop();
transport.close();
await db.close();
process.exit(0);
