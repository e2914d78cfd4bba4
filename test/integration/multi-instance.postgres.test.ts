// Two server processes on one PostgreSQL: both serve requests with shared sessions, and an e-mail queued once is
// delivered once, whichever worker takes it. Only meaningful on a database server; the postgres project runs it.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { openDatabase, type DbHandle } from '../../src/db/client.js';
import { mailMessages } from '../../src/db/schema.js';
import { enqueueMail } from '../../src/mail/outbox.js';
import { projectRoot } from '../../src/paths.js';
import { createAccount, createTenant, TEST_PASSWORD } from '../helpers/builders.js';
import { freePort } from '../helpers/ports.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { createTestDatabaseUrl } from '../helpers/test-db.js';

async function waitForHealth(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited early: ${output()}`);
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no /healthz answer from ${url}: ${output()}`);
}

describe('two instances on one PostgreSQL', () => {
  let db: DbHandle;
  let sink: SmtpSink;
  const servers: { url: string; child: ChildProcess }[] = [];

  beforeAll(async () => {
    const databaseUrl = await createTestDatabaseUrl();
    db = await openDatabase({ databaseUrl, dataDir: '' });
    sink = await startSmtpSink();
    const secretKey = randomBytes(32).toString('hex');
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'src/cli/main.ts'), 'serve'], {
        cwd: projectRoot,
        env: {
          PATH: process.env.PATH ?? '',
          PORT: String(port),
          DATABASE_URL: databaseUrl,
          VLCENTER_SECRET_KEY: secretKey,
          SMTP_URL: sink.url,
          LOG_LEVEL: 'warn',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
      servers.push({ url, child });
      await waitForHealth(url, child, () => output);
    }
  }, 180_000);

  afterAll(async () => {
    for (const { child } of servers) child.kill('SIGTERM');
    await Promise.all(
      servers.map(({ child }) => new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)))),
    );
    await sink?.stop();
    await db?.close();
  }, 60_000);

  it('both serve requests, and a session made on one works on the other', async () => {
    const tenant = await createTenant(db.db, { displayName: 'Multi' });
    await createAccount(db.db, { tenantId: tenant.id, signInName: 'li@multi.example' });
    const signIn = await fetch(`${servers[0]!.url}/api/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'li@multi.example', password: TEST_PASSWORD }),
    });
    expect(signIn.status).toBe(200);
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
    const me = await fetch(`${servers[1]!.url}/api/v1/me`, { headers: { cookie } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { account: { signInName: string } }).account.signInName).toBe('li@multi.example');
  });

  it('a queued e-mail is sent exactly once', async () => {
    const { messageId } = await db.db.transaction((tx) =>
      enqueueMail(tx, systemClock, {
        kind: 'test.multi-instance',
        to: 'someone@multi.example',
        subjectId: 'one',
        subject: 'Once only',
        text: 'Sent once by one of two workers.',
        html: '<p>Sent once by one of two workers.</p>',
      }),
    );
    await sink.waitForMessages(1, 30_000);
    // Both workers poll every 500 ms: give the other one several chances to send it again.
    await new Promise((r) => setTimeout(r, 3000));
    expect(sink.messages.filter((m) => m.messageId === messageId)).toHaveLength(1);
    const [row] = await db.db.select().from(mailMessages).where(eq(mailMessages.messageId, messageId));
    expect(row?.state).toBe('sent');
  });
});
