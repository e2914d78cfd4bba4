// The world of the outbox crash tests (mail-crash.test.ts, both databases; mail-crash.postgres.test.ts, worker
// processes): a database — on PostgreSQL one of its own, reachable by URL from child processes — an SMTP sink, and
// invitations queued one at a time.
import { asc, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import type { Clock } from '../../src/clock.js';
import { openDatabase } from '../../src/db/client.js';
import { jobs, mailMessages } from '../../src/db/schema.js';
import type { JobLogger, WorkerStep } from '../../src/jobs/queue.js';
import { enqueueMail } from '../../src/mail/outbox.js';
import { renderMail } from '../../src/mail/render.js';
import { createSmtpTransport, type MailTransport } from '../../src/mail/transport.js';
import { startSmtpSink, type SmtpSink } from './smtp-sink.js';
import { createTestDatabaseUrl, openTestDatabase, testDbKind, type DbHandle } from './test-db.js';

export const onPostgres = testDbKind() === 'postgres';
export const LEASE_MS = 500;
export const FROM = 'vlcenter <no-reply@vlcenter.example>';

export const silent: JobLogger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/** Deliveries the SMTP server has accepted before the fresh worker starts, and in all. */
export const SCENARIOS: { step: WorkerStep; before: number; total: number }[] = [
  { step: 'claimed', before: 0, total: 1 },
  { step: 'sending', before: 0, total: 1 },
  { step: 'sent', before: 1, total: 2 },
  { step: 'acked', before: 1, total: 1 },
];

export type OutboxWorld = { handle: DbHandle; databaseUrl: string | undefined; sink: SmtpSink; smtp: MailTransport };

/** The world of one test file: opened before its tests, emptied before each, closed after all. */
export function useOutboxWorld(): OutboxWorld {
  const w = { databaseUrl: undefined } as OutboxWorld;
  beforeAll(async () => {
    if (onPostgres) {
      w.databaseUrl = await createTestDatabaseUrl();
      w.handle = await openDatabase({ databaseUrl: w.databaseUrl, dataDir: '' });
    } else {
      w.handle = await openTestDatabase();
    }
    w.sink = await startSmtpSink();
    w.smtp = createSmtpTransport(new URL(w.sink.url));
  });
  afterAll(async () => {
    w.smtp.close();
    await Promise.all([w.handle.close(), w.sink.stop()]);
  });
  beforeEach(async () => {
    w.sink.clear();
    await w.handle.db.execute(sql`delete from jobs`);
    await w.handle.db.execute(sql`delete from mail_messages`);
  });
  return w;
}

export async function enqueueOne(w: OutboxWorld, clock: Clock, subjectId = 'inv-1'): Promise<string> {
  const { text, html } = renderMail({
    heading: 'You are invited',
    paragraphs: ['Accept to manage Contoso’s licenses.'],
    button: { label: 'Accept', url: `https://vlc.example/invitations/${subjectId}` },
  });
  const { messageId } = await w.handle.db.transaction((tx) =>
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

export async function state(w: OutboxWorld) {
  const [mail] = await w.handle.db.select().from(mailMessages).orderBy(asc(mailMessages.id));
  const [job] = await w.handle.db.select().from(jobs).orderBy(asc(jobs.id));
  return { mail: mail!, job: job! };
}

/** After recovery: delivered `total` times, always with the row's Message-ID; row sent; job finished. */
export async function expectRecovered(w: OutboxWorld, messageId: string, total: number, attempts: number) {
  const { mail, job } = await state(w);
  expect(mail.messageId).toBe(messageId);
  expect(w.sink.messages.map((m) => m.messageId)).toEqual(Array<string>(total).fill(messageId));
  expect(mail.state).toBe('sent');
  expect(job).toMatchObject({ attempts, failedAt: null, lockedBy: null });
  expect(job.finishedAt).not.toBeNull();
}
