// The mail outbox end to end, on the project's database (PGlite or PostgreSQL 15) and a real SMTP server (the sink):
// enqueueing with the business transaction, idempotency per (kind, recipient, subject id), delivery with the row's
// Message-ID, retry after a temporary SMTP failure, giving up on a permanent one, and the mailbox transport.
import { asc, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../src/clock.js';
import { jobs, mailMessages } from '../../src/db/schema.js';
import type { JobLogger } from '../../src/jobs/queue.js';
import { startWorker, type Worker } from '../../src/jobs/worker.js';
import { enqueueMail, mailMessageId, mailSendJob, type MailInput } from '../../src/mail/outbox.js';
import { renderMail } from '../../src/mail/render.js';
import { createMailboxTransport, createSmtpTransport, type MailTransport } from '../../src/mail/transport.js';
import { freePort } from '../helpers/ports.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { openTestDatabase, type DbHandle } from '../helpers/test-db.js';

type LogEntry = { level: string; obj: Record<string, unknown>; msg: string | undefined };
function captureLogger(): JobLogger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const at = (level: string) => (obj: object, msg?: string) =>
    void entries.push({ level, obj: obj as Record<string, unknown>, msg });
  return { entries, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

const FROM = 'vlcenter <no-reply@vlcenter.example>';

function invitation(to: string, subjectId: string, link = `https://vlc.example/invitations/${subjectId}`): MailInput {
  const { text, html } = renderMail({
    heading: 'You are invited to Contoso',
    paragraphs: ['Alex Admin invited you to manage Contoso’s volume licenses.'],
    button: { label: 'Accept the invitation', url: link },
    footer: 'This link expires in 30 days.',
  });
  return { kind: 'invitation', to, subjectId, subject: 'Invitation to Contoso', text, html };
}

async function drain(worker: Worker): Promise<number> {
  let n = 0;
  while (await worker.runOnce()) n += 1;
  return n;
}

let handle: DbHandle;
let sink: SmtpSink;
let smtp: MailTransport;

beforeAll(async () => {
  [handle, sink] = await Promise.all([openTestDatabase(), startSmtpSink()]);
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

const allMail = () => handle.db.select().from(mailMessages).orderBy(asc(mailMessages.id));
const allJobs = () => handle.db.select().from(jobs).orderBy(asc(jobs.id));

function smtpWorker(clock = manualClock(), transport: MailTransport = smtp, logger = captureLogger()) {
  return startWorker({ db: handle, clock, logger, handlers: [mailSendJob({ transport, from: FROM })], loop: false });
}

describe('enqueueMail', () => {
  it('adds nothing when the business transaction rolls back', async () => {
    const clock = manualClock();
    await expect(
      handle.db.transaction(async (tx) => {
        await enqueueMail(tx, clock, invitation('ana@contoso.example', 'inv-1'));
        throw new Error('the invitation could not be saved');
      }),
    ).rejects.toThrow('could not be saved');
    expect(await allMail()).toEqual([]);
    expect(await allJobs()).toEqual([]);
    const worker = smtpWorker(clock);
    expect(await worker.runOnce()).toBe(false);
    await worker.stop();
    expect(sink.messages).toEqual([]);
  });

  it('keeps one row and one delivery for the same logical e-mail enqueued twice', async () => {
    const clock = manualClock();
    const first = await handle.db.transaction((tx) =>
      enqueueMail(tx, clock, invitation('Ana@Contoso.example', 'inv-2')),
    );
    // again, in another transaction, with the recipient in other letter case and a reworded subject
    const second = await handle.db.transaction((tx) =>
      enqueueMail(tx, clock, { ...invitation('ANA@contoso.EXAMPLE', 'inv-2'), subject: 'Reminder: invitation' }),
    );
    expect(first).toEqual({ messageId: mailMessageId('invitation', 'ana@contoso.example', 'inv-2'), queued: true });
    expect(second).toEqual({ messageId: first.messageId, queued: false });
    expect(await allMail()).toHaveLength(1);
    expect(await allJobs()).toHaveLength(1);

    const worker = smtpWorker(clock);
    expect(await drain(worker)).toBe(1);
    // and once more after delivery: still nothing new
    const third = await handle.db.transaction((tx) =>
      enqueueMail(tx, clock, invitation('ana@contoso.example', 'inv-2')),
    );
    expect(third.queued).toBe(false);
    expect(await drain(worker)).toBe(0);
    await worker.stop();
    expect(sink.messages.map((m) => m.subject)).toEqual(['Invitation to Contoso']);
    // another subject id is another e-mail
    const other = await handle.db.transaction((tx) =>
      enqueueMail(tx, clock, invitation('ana@contoso.example', 'inv-3')),
    );
    expect(other.queued).toBe(true);
    expect(other.messageId).not.toBe(first.messageId);
  });
});

describe('mail.send over SMTP', () => {
  it('delivers through the SMTP server with the row’s Message-ID, then marks it sent and finishes the job together', async () => {
    const clock = manualClock();
    const mail = invitation('ana@contoso.example', 'inv-10');
    await handle.db.transaction((tx) => enqueueMail(tx, clock, mail));
    const logger = captureLogger();
    const worker = smtpWorker(clock, smtp, logger);
    clock.advance(5000);
    expect(await drain(worker)).toBe(1);
    await worker.stop();

    const [row] = await allMail();
    expect(sink.messages).toHaveLength(1);
    const received = sink.messages[0]!;
    expect(received.messageId).toBe(row!.messageId);
    expect(row!.messageId).toBe(mailMessageId('invitation', 'ana@contoso.example', 'inv-10'));
    expect(received.subject).toBe('Invitation to Contoso');
    expect(received.text).toBe(mail.text);
    expect(received.html).toContain('href="https://vlc.example/invitations/inv-10"');
    expect(sink.deliveries[0]).toMatchObject({ from: 'no-reply@vlcenter.example', to: ['ana@contoso.example'] });
    expect(row).toMatchObject({
      state: 'sent',
      recipient: 'ana@contoso.example',
      kind: 'invitation',
      subjectId: 'inv-10',
    });
    expect(row!.sentAt!.getTime()).toBe(clock.now().getTime());
    const [job] = await allJobs();
    expect(job).toMatchObject({ queue: 'mail.send', payload: { mailId: row!.id }, attempts: 1, failedAt: null });
    // marked sent and acknowledged in one transaction: same clock reading
    expect(job!.finishedAt!.getTime()).toBe(row!.sentAt!.getTime());
    expect(logger.entries).toContainEqual(expect.objectContaining({ level: 'info', msg: 'mail sent' }));
  });

  it('retries after a temporary SMTP failure and delivers exactly once', async () => {
    const clock = manualClock();
    await handle.db.transaction((tx) => enqueueMail(tx, clock, invitation('bob@contoso.example', 'inv-20')));
    const logger = captureLogger();
    const worker = smtpWorker(clock, smtp, logger);
    const held = sink.holdNext();
    held.reject(451, 'Mailbox busy, try again later');
    expect(await worker.runOnce()).toBe(true);
    expect(sink.messages).toHaveLength(0);
    let [row] = await allMail();
    let [job] = await allJobs();
    expect(row!.state).toBe('queued');
    expect(job).toMatchObject({ attempts: 1, finishedAt: null, failedAt: null });
    expect(job!.lastError).toMatch(/451/);
    expect(job!.runAt.getTime()).toBe(clock.now().getTime() + 30_000);

    expect(await worker.runOnce()).toBe(false); // not before the backoff
    clock.advance(30_000);
    expect(await drain(worker)).toBe(1);
    expect(await drain(worker)).toBe(0);
    await worker.stop();
    [row] = await allMail();
    [job] = await allJobs();
    expect(sink.messages.map((m) => m.messageId)).toEqual([row!.messageId]);
    expect(row!.state).toBe('sent');
    expect(job).toMatchObject({ attempts: 2, failedAt: null });
    expect(logger.entries.filter((e) => e.level === 'warn' && e.msg === 'job failed; will retry')).toHaveLength(1);
  });

  it('retries when the SMTP server cannot be reached at all', async () => {
    const clock = manualClock();
    await handle.db.transaction((tx) => enqueueMail(tx, clock, invitation('carl@contoso.example', 'inv-30')));
    const nowhere = createSmtpTransport(new URL(`smtp://127.0.0.1:${await freePort()}`));
    const down = smtpWorker(clock, nowhere);
    expect(await down.runOnce()).toBe(true);
    await down.stop();
    nowhere.close();
    const [job] = await allJobs();
    expect(job!.lastError).toMatch(/ECONNREFUSED/);
    expect((await allMail())[0]!.state).toBe('queued');

    clock.advance(30_000);
    const up = smtpWorker(clock);
    expect(await drain(up)).toBe(1);
    await up.stop();
    expect(sink.messages).toHaveLength(1);
    expect((await allMail())[0]!.state).toBe('sent');
  });

  it('gives up at once when the SMTP server refuses the message for good (5xx) and marks it failed', async () => {
    const clock = manualClock();
    await handle.db.transaction((tx) => enqueueMail(tx, clock, invitation('nobody@contoso.example', 'inv-40')));
    const logger = captureLogger();
    const worker = smtpWorker(clock, smtp, logger);
    sink.holdNext().reject(550, 'No such user here');
    expect(await drain(worker)).toBe(1);
    clock.advance(86_400_000);
    expect(await drain(worker)).toBe(0);
    await worker.stop();
    const [row] = await allMail();
    const [job] = await allJobs();
    expect(row!.state).toBe('failed');
    expect(job!.failedAt).not.toBeNull();
    expect(job!.lastError).toMatch(/^PermanentJobError: SMTP server refused the message \(550\)/);
    expect(logger.entries).toContainEqual(
      expect.objectContaining({ level: 'error', msg: 'job failed (not retryable)' }),
    );
    expect(sink.messages).toHaveLength(0);
  });
});

describe('mail.send with the mailbox transport (no SMTP configured)', () => {
  it('marks the message stored and logs its recipient, subject and links', async () => {
    const clock = manualClock();
    await handle.db.transaction((tx) =>
      enqueueMail(
        tx,
        clock,
        invitation('dana@contoso.example', 'inv-50', 'https://vlc.example/invitations/tok_ABC-123'),
      ),
    );
    const logger = captureLogger();
    const worker = smtpWorker(clock, createMailboxTransport(), logger);
    expect(await drain(worker)).toBe(1);
    await worker.stop();
    const [row] = await allMail();
    expect(row!.state).toBe('stored');
    expect(row!.sentAt!.getTime()).toBe(clock.now().getTime());
    expect((await allJobs())[0]!.finishedAt).not.toBeNull();
    expect(sink.messages).toHaveLength(0);
    const stored = logger.entries.find((e) => e.msg?.startsWith('mail stored'));
    expect(stored).toMatchObject({
      level: 'info',
      obj: {
        to: 'dana@contoso.example',
        subject: 'Invitation to Contoso',
        links: ['https://vlc.example/invitations/tok_ABC-123'],
        messageId: row!.messageId,
      },
    });
  });
});
