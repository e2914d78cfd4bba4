// Opening a support request (SPEC §10): the one path by which Help & support, the public contact form and new VL
// profile requests enter the operator queue. The request, its first message (the description) and the audit entry
// commit together in the caller's transaction.
import type { Clock } from '../../clock.js';
import type { Transaction } from '../../db/client.js';
import { supportMessages, supportRequests } from '../../db/schema.js';
import { recordAudit } from '../audit/service.js';

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
};

/** Inserts the request and its first message and audits `support.request_opened`; returns the request id. */
export async function openSupportRequest(tx: Transaction, clock: Clock, input: OpenSupportRequestInput): Promise<number> {
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
  return id;
}
