// The mail outbox. A feature that sends e-mail calls enqueueMail inside the transaction of the change that causes it:
// the message row and its `mail.send` job commit together, or not at all.
//
// Idempotency: one logical e-mail is identified by (kind, recipient, subject id) — e.g. ('invitation',
// 'ana@contoso.example', <invitation id>). Its Message-ID is derived from exactly that, so
//   - enqueueing it again is a no-op (ON CONFLICT (message_id) DO NOTHING; no second job), and
//   - if a worker dies after the SMTP server accepted the message but before the acknowledgement committed, the
//     retry sends the SAME Message-ID, which receiving systems and people can recognize as a duplicate.
// That window (SMTP acceptance → commit) is the only one in which a message can go out twice; no window loses one.
// A message that must go out again on purpose (a resend) needs a new subject id, e.g. `<invitation id>:2`.
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Clock } from '../clock.js';
import type { Transaction } from '../db/client.js';
import { insertJsonRows } from '../db/json-rows.js';
import { mailMessages } from '../db/schema.js';
import { defineJob, enqueueMany, PermanentJobError, type JobDefinition, type JobLogger } from '../jobs/queue.js';
import type { MailTransport } from './transport.js';

export type MailInput = {
  /** What kind of message, e.g. `invitation`, `password-reset` (lower case, digits, `.`, `_`, `-`). */
  kind: string;
  /** One address. Compared case-insensitively: stored and keyed in lower case. */
  to: string;
  /** The object the message is about (an invitation id, a request id …): with kind and recipient, its identity. */
  subjectId: string;
  subject: string;
  text: string;
  html: string;
};

export const MAIL_SEND_QUEUE = 'mail.send';
export type MailSendPayload = { mailId: number };

const KIND = /^[a-z0-9][a-z0-9._-]{0,63}$/;
// One plain address: no display name, no list, nothing that could smuggle a header or a second recipient.
const ADDRESS = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;

export function normalizeRecipient(to: string): string {
  const address = to.trim().toLowerCase();
  if (address.length > 320 || !ADDRESS.test(address))
    throw new Error(`not a single e-mail address: ${JSON.stringify(to)}`);
  return address;
}

/** The deterministic Message-ID of the logical e-mail (kind, recipient, subject id). */
export function mailMessageId(kind: string, to: string, subjectId: string): string {
  if (!KIND.test(kind)) throw new Error(`invalid mail kind ${JSON.stringify(kind)}`);
  const digest = createHash('sha256')
    .update(`${kind}\n${normalizeRecipient(to)}\n${subjectId}`)
    .digest('hex');
  return `<${kind}.${digest.slice(0, 32)}@vlcenter>`;
}

export type EnqueuedMail = {
  messageId: string;
  /** false: this logical e-mail was already in the outbox, nothing was added. */
  queued: boolean;
};

/**
 * Puts a message in the outbox and queues its delivery, inside the caller's transaction. Enqueueing the same
 * logical e-mail again (same kind, recipient, subject id) adds nothing.
 */
export async function enqueueMail(tx: Transaction, clock: Clock, mail: MailInput): Promise<EnqueuedMail> {
  const [enqueued] = await enqueueMails(tx, clock, [mail]);
  return enqueued!;
}

/** Messages per INSERT (the bodies are a few kB each). */
const MAILS_PER_INSERT = 500;

/**
 * enqueueMail for several messages at once (a bulk import's welcome e-mails): multi-row INSERTs of the messages, then
 * of their `mail.send` jobs, in the order of `mails`. A logical e-mail already in the outbox — or earlier in `mails` —
 * adds nothing. The answer says per input what happened, in order.
 */
export async function enqueueMails(
  tx: Transaction,
  clock: Clock,
  mails: readonly MailInput[],
): Promise<EnqueuedMail[]> {
  const now = clock.now();
  const rows = mails.map((mail) => {
    const recipient = normalizeRecipient(mail.to);
    return {
      messageId: mailMessageId(mail.kind, recipient, mail.subjectId),
      kind: mail.kind,
      recipient,
      subjectId: mail.subjectId,
      // Header-safe: a line break cannot reach the Subject header.
      subject: mail.subject.replace(/[\r\n]+/g, ' ').trim(),
      textBody: mail.text,
      htmlBody: mail.html,
      state: 'queued',
      createdAt: now,
    };
  });
  const firstOf = new Map<string, number>();
  rows.forEach((row, i) => {
    if (!firstOf.has(row.messageId)) firstOf.set(row.messageId, i);
  });
  const unique = rows.filter((row, i) => firstOf.get(row.messageId) === i);
  const inserted = new Map<string, number>();
  for (let start = 0; start < unique.length; start += MAILS_PER_INSERT) {
    const returned = await insertJsonRows(tx, mailMessages, unique.slice(start, start + MAILS_PER_INSERT), {
      onConflictDoNothing: { target: [mailMessages.messageId] },
      returning: { id: mailMessages.id, messageId: mailMessages.messageId },
    });
    for (const r of returned) inserted.set(r.messageId, Number(r.id));
  }
  const queued = unique.filter((row) => inserted.has(row.messageId));
  await enqueueMany<MailSendPayload>(
    tx,
    queued.map((row) => ({ queue: MAIL_SEND_QUEUE, payload: { mailId: inserted.get(row.messageId)! }, runAt: now })),
  );
  return rows.map((row, i) => ({
    messageId: row.messageId,
    queued: firstOf.get(row.messageId) === i && inserted.has(row.messageId),
  }));
}

/** The http(s) links in a plain-text body (for the log line of a stored message and for /dev/mailbox). */
export function findLinks(text: string): string[] {
  return [...text.matchAll(LINK)].map((m) => trimLink(m[0]));
}

/** Matches http(s) URLs in plain text; trimLink drops trailing punctuation that ends a sentence. */
export const LINK = /https?:\/\/[^\s<>"'`]+/g;
export function trimLink(link: string): string {
  return link.replace(/[.,;:!?)\]}]+$/, '');
}

/**
 * The `mail.send` job: sends the message through `transport` with its Message-ID, then — in ONE transaction — marks
 * the row `sent` (SMTP) or `stored` (mailbox transport: no SMTP configured) and acknowledges the job.
 */
export function mailSendJob(deps: {
  transport: MailTransport;
  from: string;
  logger?: JobLogger;
}): JobDefinition<MailSendPayload> {
  const { transport, from } = deps;
  return defineJob<MailSendPayload>({
    queue: MAIL_SEND_QUEUE,
    async handler(ctx) {
      const logger = deps.logger ?? ctx.logger;
      const [mail] = await ctx.db.select().from(mailMessages).where(eq(mailMessages.id, ctx.job.payload.mailId));
      if (!mail || mail.state !== 'queued') {
        // Gone, or already delivered: nothing to send (the worker acknowledges the job).
        logger.warn(
          { jobId: ctx.job.id, mailId: ctx.job.payload.mailId, state: mail?.state },
          'mail.send: nothing to send',
        );
        return;
      }
      await ctx.step('sending');
      try {
        await transport.send({
          messageId: mail.messageId,
          from,
          to: mail.recipient,
          subject: mail.subject,
          text: mail.textBody,
          html: mail.htmlBody,
        });
      } catch (error) {
        const code = (error as { responseCode?: unknown }).responseCode;
        // 5xx: the server refused this message for good; retrying would only be refused again.
        if (typeof code === 'number' && code >= 500 && code < 600) {
          throw new PermanentJobError(`SMTP server refused the message (${code}): ${(error as Error).message}`, {
            cause: error,
          });
        }
        throw error;
      }
      await ctx.step('sent');
      const state = transport.kind === 'smtp' ? 'sent' : 'stored';
      await ctx.db.transaction(async (tx) => {
        await tx
          .update(mailMessages)
          .set({ state, sentAt: ctx.clock.now() })
          .where(and(eq(mailMessages.id, mail.id), eq(mailMessages.state, 'queued')));
        await ctx.complete(tx);
      });
      if (state === 'stored') {
        logger.info(
          { to: mail.recipient, subject: mail.subject, links: findLinks(mail.textBody), messageId: mail.messageId },
          'mail stored (no SMTP_URL): see /dev/mailbox',
        );
      } else {
        logger.info({ mailId: mail.id, kind: mail.kind, messageId: mail.messageId }, 'mail sent');
      }
    },
    // The worker logs the failure; the row says `failed` so that nobody waits for it.
    async onFailed(tx, job) {
      await tx
        .update(mailMessages)
        .set({ state: 'failed' })
        .where(and(eq(mailMessages.id, job.payload.mailId), eq(mailMessages.state, 'queued')));
    },
  });
}
