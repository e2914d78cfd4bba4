// One-time codes that prove a mailbox (SPEC §2 work sign-up, SPEC §10 public contact form): issue one by e-mail,
// check a guess, consume it once. Shared by every form that needs "prove you read this address", so the rules —
// expiry, attempt limit, per-address sending limit, hashing at rest — are the same everywhere.
import { createHmac, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import { and, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import type { Clock } from '../../clock.js';
import type { Database, Transaction } from '../../db/client.js';
import { emailCodes } from '../../db/schema.js';
import { AppError, badRequest } from '../../domain/errors.js';
import type { RateLimiter, RateLimitRule } from '../../http/rate-limit.js';
import { enqueueMail } from '../../mail/outbox.js';
import type { RenderedMail } from '../../mail/render.js';

/** What a code proves; each purpose has its own codes (a sign-up code does not open a contact request). */
export type EmailCodePurpose = 'sign-up' | 'contact';

/** A code works this long… */
export const EMAIL_CODE_TTL_MS = 10 * 60 * 1000;
/** …for at most this many wrong guesses (8 random digits: 5 guesses find it with odds of 1 in 20 million). */
export const EMAIL_CODE_MAX_ATTEMPTS = 5;
export const EMAIL_CODE_DIGITS = 8;
/**
 * Codes one address may receive per hour and purpose, whoever asks. With the attempt limit this bounds guessing per
 * mailbox, and it stops anyone from flooding a stranger's mailbox. Routes also limit per client IP.
 */
export const EMAIL_CODES_PER_ADDRESS: RateLimitRule = { max: 5, windowSeconds: 3600 };

/** The mail that carries a code, written by the feature (its wording and language are the feature's). */
export type CodeMail = RenderedMail & { subject: string };

/** The stable error codes of a purpose: `sign_up.code_invalid`, `contact.code_expired`, … */
const errorPrefix = (purpose: EmailCodePurpose) => purpose.replace('-', '_');

export function createEmailCodes(deps: { db: Database; clock: Clock; secretKey: Buffer; limiter: RateLimiter }) {
  const { db, clock, secretKey, limiter } = deps;

  // Keyed with the server key and bound to its row: a database dump alone does not let anyone test guesses offline.
  const codeHash = (purpose: EmailCodePurpose, rowId: string, code: string) =>
    createHmac('sha256', secretKey).update(`${purpose}-code:${rowId}:${code}`).digest('hex');

  const codeExpired = (purpose: EmailCodePurpose) =>
    badRequest(
      `${errorPrefix(purpose)}.code_expired`,
      'This code has expired or has been tried too often. Request a new code and enter it within 10 minutes.',
      [{ name: 'body.code', message: 'has expired', rule: 'code_expired' }],
    );

  /**
   * E-mails a new code to `email` (already normalized and validated by the caller), replacing any earlier one of
   * the same purpose. Counts against the per-address limit first (429). The code itself is only in the e-mail.
   */
  async function issue(
    purpose: EmailCodePurpose,
    email: string,
    compose: (code: string) => CodeMail,
  ): Promise<{ expiresAt: Date }> {
    await limiter.hit(`${purpose}-code:address:${email}`, EMAIL_CODES_PER_ADDRESS);
    const code = String(randomInt(0, 10 ** EMAIL_CODE_DIGITS)).padStart(EMAIL_CODE_DIGITS, '0');
    const rowId = randomUUID();
    const now = clock.now();
    const expiresAt = new Date(now.getTime() + EMAIL_CODE_TTL_MS);
    const mail = compose(code);
    await db.transaction(async (tx) => {
      // A new request replaces the old code (and its attempt count: the per-address limit bounds that).
      await tx.delete(emailCodes).where(and(eq(emailCodes.purpose, purpose), eq(emailCodes.email, email)));
      await tx.insert(emailCodes).values({
        id: rowId,
        purpose,
        email,
        codeHash: codeHash(purpose, rowId, code),
        expiresAt,
        createdAt: now,
      });
      await enqueueMail(tx, clock, {
        kind: `${purpose}-code`,
        to: email,
        subjectId: rowId,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
      });
    });
    return { expiresAt };
  }

  /**
   * Checks a code without consuming it; returns its row id for `consume`. A wrong guess counts an attempt
   * (atomically, so parallel guesses count) and says how many are left.
   */
  async function check(purpose: EmailCodePurpose, email: string, code: string): Promise<string> {
    const now = clock.now();
    const [row] = await db
      .select()
      .from(emailCodes)
      .where(and(eq(emailCodes.purpose, purpose), eq(emailCodes.email, email), isNull(emailCodes.consumedAt)))
      .orderBy(sql`${emailCodes.createdAt} desc`)
      .limit(1);
    if (!row || row.expiresAt <= now || row.attempts >= EMAIL_CODE_MAX_ATTEMPTS) throw codeExpired(purpose);
    const expected = Buffer.from(row.codeHash, 'hex');
    const presented = Buffer.from(codeHash(purpose, row.id, code), 'hex');
    if (expected.length === presented.length && timingSafeEqual(expected, presented)) return row.id;
    const [counted] = await db
      .update(emailCodes)
      .set({ attempts: sql`${emailCodes.attempts} + 1` })
      .where(and(eq(emailCodes.id, row.id), lt(emailCodes.attempts, EMAIL_CODE_MAX_ATTEMPTS)))
      .returning({ attempts: emailCodes.attempts });
    if (!counted) throw codeExpired(purpose);
    const attemptsLeft = EMAIL_CODE_MAX_ATTEMPTS - counted.attempts;
    throw new AppError(
      400,
      `${errorPrefix(purpose)}.code_invalid`,
      attemptsLeft > 0
        ? `This code is not correct. Check the e-mail we sent and try again (${attemptsLeft} ${attemptsLeft === 1 ? 'attempt' : 'attempts'} left).`
        : 'This code is not correct, and that was the last attempt. Request a new code.',
      { fields: [{ name: 'body.code', message: 'is not correct', rule: 'code_incorrect' }], attemptsLeft },
    );
  }

  /**
   * Marks the checked code used, inside the transaction of what it unlocks: two requests with one code cannot both
   * succeed, and a code that expired since `check` is refused.
   */
  async function consume(tx: Transaction, purpose: EmailCodePurpose, codeId: string): Promise<void> {
    const now = clock.now();
    const [consumed] = await tx
      .update(emailCodes)
      .set({ consumedAt: now })
      .where(
        and(
          eq(emailCodes.id, codeId),
          isNull(emailCodes.consumedAt),
          gt(emailCodes.expiresAt, now),
          lt(emailCodes.attempts, EMAIL_CODE_MAX_ATTEMPTS),
        ),
      )
      .returning({ id: emailCodes.id });
    if (!consumed) throw codeExpired(purpose);
  }

  return { issue, check, consume };
}

export type EmailCodes = ReturnType<typeof createEmailCodes>;
