// Opening a support request (SPEC §10): the one path by which Help & support, the public contact form and new VL
// profile requests enter the operator queue. The request, its first message (the description), the audit entry and
// the confirmation e-mail commit together in the caller's transaction.
import { eq, sql } from 'drizzle-orm';
import type { Clock } from '../../clock.js';
import type { Transaction } from '../../db/client.js';
import { supportMessages, supportRequests, userPreferences } from '../../db/schema.js';
import { enqueueMail } from '../../mail/outbox.js';
import { recordAudit } from '../audit/service.js';
import { mailLocaleOf, type ComposedMail, type MailLocale } from '../onboarding/mails.js';
import { requestOpenedMail, type RequestFacts } from './mails.js';

export const SUPPORT_REQUEST_KINDS = ['help', 'contact', 'vl-profile'] as const;
export type SupportRequestKind = (typeof SUPPORT_REQUEST_KINDS)[number];

export const SUPPORT_REQUEST_STATES = ['new', 'in-progress', 'waiting-on-customer', 'resolved'] as const;
export type SupportRequestState = (typeof SUPPORT_REQUEST_STATES)[number];

export type SupportRequester = {
  /** null: the public contact form (the e-mail was proved by a one-time code) */
  accountId: string | null;
  email: string;
  name: string;
  cloud: string;
};

export type OpenSupportRequestInput = {
  kind: SupportRequestKind;
  category: string;
  subject: string;
  description: string;
  requester: SupportRequester;
  licenseIdNumbers: readonly string[];
  ip?: string | null;
  /** the language the requester used (default en); e-mails prefer the account's own preference */
  locale?: MailLocale;
  /** the deployment's base URL per cloud (config.baseUrls): gives a requester with an account a link to the request */
  baseUrls?: Readonly<Record<string, string>>;
};

/** Where a request is shown in the web app (Help & support). */
export const supportRequestPath = (id: number) => `/support/requests/${id}`;

/**
 * Queues one e-mail about request `id` to its requester, in their language: the account's preference when it has
 * one, else the language the request was filed in. `subjectId` makes the e-mail idempotent (outbox.ts).
 */
export async function enqueueSupportMail(
  tx: Transaction,
  clock: Clock,
  id: number,
  mail: {
    kind: string;
    subjectId: string;
    baseUrls: Readonly<Record<string, string>> | undefined;
    compose(locale: MailLocale, facts: RequestFacts): ComposedMail;
  },
): Promise<void> {
  const [row] = await tx
    .select({
      email: supportRequests.requesterEmail,
      name: supportRequests.requesterName,
      subject: supportRequests.subject,
      accountId: supportRequests.requesterAccountId,
      cloud: supportRequests.cloud,
      locale: sql<string>`coalesce(${userPreferences.locale}, ${supportRequests.locale})`,
    })
    .from(supportRequests)
    .leftJoin(userPreferences, eq(userPreferences.accountId, supportRequests.requesterAccountId))
    .where(eq(supportRequests.id, id));
  if (!row) return;
  const baseUrl = mail.baseUrls?.[row.cloud];
  const url = row.accountId && baseUrl ? `${baseUrl}${supportRequestPath(id)}` : null;
  const composed = mail.compose(mailLocaleOf(row.locale), { id, subject: row.subject, requesterName: row.name, url });
  await enqueueMail(tx, clock, {
    kind: mail.kind,
    to: row.email,
    subjectId: mail.subjectId,
    subject: composed.subject,
    text: composed.text,
    html: composed.html,
  });
}

/**
 * Inserts the request and its first message, audits `support.request_opened` and queues the confirmation e-mail;
 * returns the request id.
 */
export async function openSupportRequest(
  tx: Transaction,
  clock: Clock,
  input: OpenSupportRequestInput,
): Promise<number> {
  const now = clock.now();
  const [row] = await tx
    .insert(supportRequests)
    .values({
      kind: input.kind,
      category: input.category,
      subject: input.subject,
      requesterAccountId: input.requester.accountId,
      requesterEmail: input.requester.email.toLowerCase(),
      requesterName: input.requester.name,
      locale: input.locale ?? 'en',
      cloud: input.requester.cloud,
      licenseIdNumbers: [...input.licenseIdNumbers],
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: supportRequests.id });
  const id = row!.id;
  await tx.insert(supportMessages).values({
    requestId: id,
    authorKind: 'customer',
    authorAccountId: input.requester.accountId,
    body: input.description,
    createdAt: now,
  });
  await recordAudit(tx, clock, {
    action: 'support.request_opened',
    actorKind: input.requester.accountId ? 'account' : 'anonymous',
    actorAccountId: input.requester.accountId,
    target: `support-request:${id}`,
    details: { kind: input.kind, category: input.category, licenseIdNumbers: [...input.licenseIdNumbers] },
    ip: input.ip ?? null,
  });
  await enqueueSupportMail(tx, clock, id, {
    kind: 'support-request-opened',
    subjectId: String(id),
    baseUrls: input.baseUrls,
    compose: requestOpenedMail,
  });
  return id;
}
