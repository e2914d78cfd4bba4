// Help & support, the public contact form and the operator support queue (SPEC §10). Every request enters the queue
// through openSupportRequest (requests.ts); this file holds the use cases around it. Each change, its audit entry and
// the e-mail it causes commit together.
//
// States: new → in-progress → waiting-on-customer → resolved.
// - An operator's reply sets waiting-on-customer unless the operator picks another state; replying to an unassigned
//   request assigns it to the operator who replies (someone is now on it).
// - Assigning a `new` request moves it to in-progress: someone picked it up.
// - A customer's reply to a request that waits on them, or that was resolved, moves it to in-progress: the ball is
//   with support again (a reply to a resolved request reopens it rather than getting lost). On new or in-progress
//   it changes nothing.
// - The operator's state change follows SUPPORT_STATE_TRANSITIONS; nothing goes back to `new`.
import { and, asc, desc, eq, ilike, inArray, isNull, lt, or, type SQL } from 'drizzle-orm';
import type { Clock } from '../../clock.js';
import type { Config } from '../../config.js';
import type { Database, Transaction } from '../../db/client.js';
import { accounts, supportMessages, supportRequests } from '../../db/schema.js';
import { isValidEmail, normalizeEmail } from '../../domain/addresses.js';
import { AppError, badRequest, notFound, type FieldRule } from '../../domain/errors.js';
import type { AccessCheck, AccessCheckService } from '../access-check/service.js';
import { decodeCursor, pageOf, type PageOf } from '../agreements/paging.js';
import { recordAudit } from '../audit/service.js';
import type { EmailCodes } from '../email-codes/service.js';
import type { MailLocale } from '../onboarding/mails.js';
import type { SignedInAccount } from '../session/service.js';
import type { VlAccessService } from '../vl-access/service.js';
import { contactCodeMail, operatorReplyMail, requestResolvedMail } from './mails.js';
import {
  enqueueSupportMail,
  openSupportRequest,
  type SupportRequestKind,
  type SupportRequestState,
} from './requests.js';

/** What a customer or contact-form sender may file a request about (VL profile requests have their own flow). */
export const SUPPORT_CATEGORIES = [
  'sign-in-and-access',
  'role-assignments',
  'contracts-and-orders',
  'software-and-keys',
  'other',
] as const;
export type SupportCategory = (typeof SUPPORT_CATEGORIES)[number];

/** The states an operator may move a request to, from each state. */
export const SUPPORT_STATE_TRANSITIONS: Readonly<Record<SupportRequestState, readonly SupportRequestState[]>> = {
  new: ['in-progress', 'waiting-on-customer', 'resolved'],
  'in-progress': ['waiting-on-customer', 'resolved'],
  'waiting-on-customer': ['in-progress', 'resolved'],
  resolved: ['in-progress'],
};

const DEFAULT_PAGE_SIZE = 50;

export type SupportMessageView = {
  id: number;
  author: 'customer' | 'operator';
  /** the customer's name, or for operators their display name (operators only; customers see "Support") */
  authorName: string | null;
  body: string;
  createdAt: string;
};

export type SupportRequestSummary = {
  id: number;
  kind: SupportRequestKind;
  category: string;
  subject: string;
  state: SupportRequestState;
  licenseIdNumbers: string[];
  createdAt: string;
  updatedAt: string;
  resolvedAt: string | null;
};

export type OperatorSupportRequestSummary = SupportRequestSummary & {
  requester: { name: string; email: string; accountId: string | null; cloud: string };
  assignedOperator: { id: string; displayName: string } | null;
};

type RequestRow = typeof supportRequests.$inferSelect;

const iso = (d: Date) => d.toISOString();

function summaryOf(row: RequestRow): SupportRequestSummary {
  return {
    id: row.id,
    kind: row.kind as SupportRequestKind,
    category: row.category,
    subject: row.subject,
    state: row.state as SupportRequestState,
    licenseIdNumbers: row.licenseIdNumbers,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
    resolvedAt: row.resolvedAt ? iso(row.resolvedAt) : null,
  };
}

const requestNotFound = () =>
  notFound(
    'support_request.not_found',
    'This support request was not found. Open Help & support to see the requests you filed.',
  );

const field = (name: string, message: string, rule: FieldRule) =>
  badRequest('request.invalid', `The request is not valid: ${name} ${message}.`, [{ name, message, rule }]);

/** Text people typed, without surrounding spaces; the schema already refused control characters in one-line fields. */
function cleanText(value: string, name: string): string {
  const trimmed = value.trim();
  if (trimmed === '') throw field(name, 'must not be empty', 'required');
  return trimmed;
}

/** A search term for LIKE, with its wildcards taken literally. */
const likePattern = (term: string) => `%${term.replace(/[\\%_]/g, '\\$&')}%`;

export type Actor = { account: SignedInAccount; ip: string };

export function createSupportService(deps: {
  db: Database;
  clock: Clock;
  config: Config;
  vlAccess: VlAccessService;
  accessCheck: AccessCheckService;
  emailCodes: EmailCodes;
}) {
  const { db, clock, config, vlAccess, accessCheck, emailCodes } = deps;
  const baseUrls = config.baseUrls;

  // ---------------------------------------------------------------- reading

  async function messagesOf(
    executor: Database | Transaction,
    requestId: number,
    forOperator: boolean,
  ): Promise<SupportMessageView[]> {
    const rows = await executor
      .select({
        id: supportMessages.id,
        authorKind: supportMessages.authorKind,
        body: supportMessages.body,
        createdAt: supportMessages.createdAt,
        authorDisplayName: accounts.displayName,
        requesterName: supportRequests.requesterName,
      })
      .from(supportMessages)
      .innerJoin(supportRequests, eq(supportRequests.id, supportMessages.requestId))
      .leftJoin(accounts, eq(accounts.id, supportMessages.authorAccountId))
      .where(eq(supportMessages.requestId, requestId))
      .orderBy(asc(supportMessages.id));
    return rows.map((m) => {
      const author = m.authorKind === 'operator' ? ('operator' as const) : ('customer' as const);
      return {
        id: m.id,
        author,
        // Customers see "Support", not which person answered.
        authorName: author === 'customer' ? m.requesterName : forOperator ? (m.authorDisplayName ?? null) : null,
        body: m.body,
        createdAt: iso(m.createdAt),
      };
    });
  }

  /** The caller's own request (as requester), or 404 — another person's request does not exist for them. */
  async function ownRequest(executor: Database | Transaction, account: SignedInAccount, id: number, lock = false) {
    const query = executor
      .select()
      .from(supportRequests)
      .where(and(eq(supportRequests.id, id), eq(supportRequests.requesterAccountId, account.id)));
    const [row] = lock ? await query.for('update') : await query;
    if (!row) throw requestNotFound();
    return row;
  }

  async function customerDetail(executor: Database | Transaction, row: RequestRow) {
    return { ...summaryOf(row), messages: await messagesOf(executor, row.id, false) };
  }

  async function listOwn(
    account: SignedInAccount,
    options: { cursor?: string | undefined; limit?: number | undefined },
  ): Promise<PageOf<SupportRequestSummary>> {
    const limit = options.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(options.cursor, 1);
    const rows = await db
      .select()
      .from(supportRequests)
      .where(
        and(
          eq(supportRequests.requesterAccountId, account.id),
          after ? lt(supportRequests.id, Number(after[0])) : undefined,
        ),
      )
      .orderBy(desc(supportRequests.id))
      .limit(limit + 1);
    return pageOf(rows, limit, summaryOf, (r) => [String(r.id)]);
  }

  async function getOwn(account: SignedInAccount, id: number) {
    return customerDetail(db, await ownRequest(db, account, id));
  }

  // ---------------------------------------------------------------- customers (signed in)

  async function open(
    actor: Actor,
    input: {
      category: SupportCategory;
      subject: string;
      description: string;
      licenseIdNumbers?: string[] | undefined;
      locale?: MailLocale | undefined;
    },
  ) {
    const subject = cleanText(input.subject, 'body.subject');
    const description = cleanText(input.description, 'body.description');
    const numbers = [...new Set(input.licenseIdNumbers ?? [])];
    // Only License IDs the caller can see: naming one they cannot must not reveal whether it exists, so it is
    // refused the same way whether unknown or someone else's.
    const visible = await vlAccess.grantsOn(actor.account, numbers);
    const index = (input.licenseIdNumbers ?? []).findIndex((n) => !visible.has(n));
    if (index >= 0) {
      throw new AppError(
        422,
        'support.license_id_not_visible',
        `License ID ${input.licenseIdNumbers![index]} is not one of the agreements you can see. Pick it from your list, or leave it out and name the agreement in the description.`,
        {
          fields: [
            {
              name: `body.licenseIdNumbers.${index}`,
              message: 'is not a License ID you can see',
              rule: 'license_id_unknown',
            },
          ],
        },
      );
    }
    const { account } = actor;
    return db.transaction(async (tx) => {
      const id = await openSupportRequest(tx, clock, {
        kind: 'help',
        category: input.category,
        subject,
        description,
        requester: {
          accountId: account.id,
          email: account.signInName,
          name: account.displayName,
          cloud: account.cloud,
        },
        licenseIdNumbers: numbers,
        ip: actor.ip,
        locale: input.locale ?? 'en',
        baseUrls,
      });
      const [row] = await tx.select().from(supportRequests).where(eq(supportRequests.id, id));
      return customerDetail(tx, row!);
    });
  }

  async function replyAsCustomer(actor: Actor, id: number, rawBody: string) {
    const body = cleanText(rawBody, 'body.body');
    return db.transaction(async (tx) => {
      const row = await ownRequest(tx, actor.account, id, true);
      const now = clock.now();
      const reopens = row.state === 'waiting-on-customer' || row.state === 'resolved';
      const state: SupportRequestState = reopens ? 'in-progress' : (row.state as SupportRequestState);
      const [message] = await tx
        .insert(supportMessages)
        .values({ requestId: id, authorKind: 'customer', authorAccountId: actor.account.id, body, createdAt: now })
        .returning({ id: supportMessages.id });
      const [updated] = await tx
        .update(supportRequests)
        .set({ state, updatedAt: now, ...(reopens ? { resolvedAt: null } : {}) })
        .where(eq(supportRequests.id, id))
        .returning();
      await recordAudit(tx, clock, {
        action: 'support.customer_replied',
        actorKind: 'account',
        actorAccountId: actor.account.id,
        target: `support-request:${id}`,
        details: { messageId: message!.id, from: row.state, to: state },
        ip: actor.ip,
      });
      return customerDetail(tx, updated!);
    });
  }

  // ---------------------------------------------------------------- public contact form

  function validEmail(raw: string): string {
    const email = normalizeEmail(raw);
    if (!isValidEmail(email))
      throw field('body.email', 'must be an e-mail address such as ana@contoso.example', 'email_invalid');
    return email;
  }

  async function sendContactCode(rawEmail: string, locale: MailLocale): Promise<{ sentTo: string; expiresAt: Date }> {
    const email = validEmail(rawEmail);
    const { expiresAt } = await emailCodes.issue('contact', email, (code) => contactCodeMail(locale, { code, email }));
    return { sentTo: email, expiresAt };
  }

  async function submitContact(
    input: {
      email: string;
      code: string;
      name: string;
      category: SupportCategory;
      subject: string;
      description: string;
      agreementNumbers?: string[] | undefined;
      locale?: MailLocale | undefined;
    },
    context: { ip: string; cloud: string },
  ): Promise<{ id: number; state: SupportRequestState }> {
    const email = validEmail(input.email);
    const name = cleanText(input.name, 'body.name');
    const subject = cleanText(input.subject, 'body.subject');
    const description = cleanText(input.description, 'body.description');
    // Nothing is looked up for these: the sender cannot prove they hold the agreements, so the numbers are only what
    // they typed, for the operator to check.
    const numbers = [...new Set(input.agreementNumbers ?? [])];
    const codeId = await emailCodes.check('contact', email, input.code);
    const id = await db.transaction(async (tx) => {
      await emailCodes.consume(tx, 'contact', codeId);
      return openSupportRequest(tx, clock, {
        kind: 'contact',
        category: input.category,
        subject,
        description,
        requester: { accountId: null, email, name, cloud: context.cloud },
        licenseIdNumbers: numbers,
        ip: context.ip,
        locale: input.locale ?? 'en',
        baseUrls,
      });
    });
    return { id, state: 'new' };
  }

  // ---------------------------------------------------------------- operators

  async function listForOperator(
    operator: SignedInAccount,
    options: {
      cursor?: string | undefined;
      limit?: number | undefined;
      state?: SupportRequestState[] | undefined;
      kind?: SupportRequestKind | undefined;
      assigned?: 'me' | 'unassigned' | undefined;
      q?: string | undefined;
    },
  ): Promise<PageOf<OperatorSupportRequestSummary>> {
    const limit = options.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(options.cursor, 1);
    const q = options.q?.trim();
    const conditions: (SQL | undefined)[] = [
      options.state?.length ? inArray(supportRequests.state, options.state) : undefined,
      options.kind ? eq(supportRequests.kind, options.kind) : undefined,
      options.assigned === 'me' ? eq(supportRequests.assignedOperatorId, operator.id) : undefined,
      options.assigned === 'unassigned' ? isNull(supportRequests.assignedOperatorId) : undefined,
      q
        ? or(
            ilike(supportRequests.subject, likePattern(q)),
            ilike(supportRequests.requesterEmail, likePattern(q)),
            ilike(supportRequests.requesterName, likePattern(q)),
            // "#42" or "42": the request number
            /^#?\d{1,15}$/.test(q) ? eq(supportRequests.id, Number(q.replace('#', ''))) : undefined,
          )
        : undefined,
      after ? lt(supportRequests.id, Number(after[0])) : undefined,
    ];
    const rows = await db
      .select({ request: supportRequests, operatorName: accounts.displayName })
      .from(supportRequests)
      .leftJoin(accounts, eq(accounts.id, supportRequests.assignedOperatorId))
      .where(and(...conditions))
      .orderBy(desc(supportRequests.id))
      .limit(limit + 1);
    return pageOf(
      rows,
      limit,
      (r) => operatorSummaryOf(r.request, r.operatorName),
      (r) => [String(r.request.id)],
    );
  }

  function operatorSummaryOf(row: RequestRow, operatorName: string | null): OperatorSupportRequestSummary {
    return {
      ...summaryOf(row),
      requester: {
        name: row.requesterName,
        email: row.requesterEmail,
        accountId: row.requesterAccountId,
        cloud: row.cloud,
      },
      assignedOperator:
        row.assignedOperatorId === null
          ? null
          : { id: row.assignedOperatorId, displayName: operatorName ?? row.assignedOperatorId },
    };
  }

  async function operatorDetail(executor: Database | Transaction, id: number) {
    const [row] = await executor
      .select({ request: supportRequests, operatorName: accounts.displayName })
      .from(supportRequests)
      .leftJoin(accounts, eq(accounts.id, supportRequests.assignedOperatorId))
      .where(eq(supportRequests.id, id));
    if (!row) throw requestNotFound();
    return {
      ...operatorSummaryOf(row.request, row.operatorName),
      messages: await messagesOf(executor, id, true),
    };
  }

  /**
   * The request with its thread and the access check of the requester: their account's, or — for the contact form,
   * whose sender proved the address but could not sign in — that of every account signing in with that address in
   * the request's cloud (often the very account that cannot get in).
   */
  async function getForOperator(id: number) {
    const detail = await operatorDetail(db, id);
    const { accountId, email, cloud } = detail.requester;
    const accessChecks = accountId
      ? [await accessCheck.check(accountId)]
      : await accessCheck.checkFor(email, cloud as AccessCheck['cloud']).catch((error: unknown) => {
          // No account with that address: nothing to check, which is a finding of its own for the operator.
          if (error instanceof AppError && error.code === 'access_check.account_not_found') return [];
          throw error;
        });
    return { ...detail, accessChecks };
  }

  async function lockForOperator(tx: Transaction, id: number): Promise<RequestRow> {
    const [row] = await tx.select().from(supportRequests).where(eq(supportRequests.id, id)).for('update');
    if (!row) throw requestNotFound();
    return row;
  }

  async function assignToSelf(actor: Actor, id: number) {
    return db.transaction(async (tx) => {
      const row = await lockForOperator(tx, id);
      const now = clock.now();
      const state: SupportRequestState = row.state === 'new' ? 'in-progress' : (row.state as SupportRequestState);
      if (row.assignedOperatorId !== actor.account.id || state !== row.state) {
        await tx
          .update(supportRequests)
          .set({ assignedOperatorId: actor.account.id, state, updatedAt: now })
          .where(eq(supportRequests.id, id));
        await recordAudit(tx, clock, {
          action: 'support.assigned',
          actorKind: 'account',
          actorAccountId: actor.account.id,
          target: `support-request:${id}`,
          details: { previousOperatorId: row.assignedOperatorId, from: row.state, to: state },
          ip: actor.ip,
        });
      }
      return operatorDetail(tx, id);
    });
  }

  async function replyAsOperator(
    actor: Actor,
    id: number,
    input: { body: string; state?: SupportRequestState | undefined },
  ) {
    const body = cleanText(input.body, 'body.body');
    const state = input.state ?? 'waiting-on-customer';
    if (state === 'new') {
      throw field(
        'body.state',
        'must be in-progress, waiting-on-customer or resolved: a reply never makes a request new',
        'not_allowed',
      );
    }
    return db.transaction(async (tx) => {
      const row = await lockForOperator(tx, id);
      const now = clock.now();
      const [message] = await tx
        .insert(supportMessages)
        .values({ requestId: id, authorKind: 'operator', authorAccountId: actor.account.id, body, createdAt: now })
        .returning({ id: supportMessages.id });
      await tx
        .update(supportRequests)
        .set({
          state,
          updatedAt: now,
          resolvedAt: state === 'resolved' ? now : null,
          // Someone is on it now: an unassigned request becomes the replying operator's.
          assignedOperatorId: row.assignedOperatorId ?? actor.account.id,
        })
        .where(eq(supportRequests.id, id));
      await recordAudit(tx, clock, {
        action: 'support.operator_replied',
        actorKind: 'account',
        actorAccountId: actor.account.id,
        target: `support-request:${id}`,
        details: { messageId: message!.id, from: row.state, to: state },
        ip: actor.ip,
      });
      await enqueueSupportMail(tx, clock, id, {
        kind: 'support-reply',
        subjectId: `${id}:${message!.id}`,
        baseUrls,
        compose: (locale, facts) =>
          operatorReplyMail(locale, { ...facts, reply: body, resolved: state === 'resolved' }),
      });
      return operatorDetail(tx, id);
    });
  }

  async function changeState(actor: Actor, id: number, to: SupportRequestState) {
    return db.transaction(async (tx) => {
      const row = await lockForOperator(tx, id);
      const from = row.state as SupportRequestState;
      if (!SUPPORT_STATE_TRANSITIONS[from].includes(to)) {
        const allowed = SUPPORT_STATE_TRANSITIONS[from];
        throw new AppError(
          409,
          'support.invalid_transition',
          `A ${from} request cannot become ${to}. From ${from} it can become: ${allowed.join(', ')}.`,
          { from, to, allowed: [...allowed] },
        );
      }
      const now = clock.now();
      await tx
        .update(supportRequests)
        .set({ state: to, updatedAt: now, resolvedAt: to === 'resolved' ? now : null })
        .where(eq(supportRequests.id, id));
      await recordAudit(tx, clock, {
        action: 'support.state_changed',
        actorKind: 'account',
        actorAccountId: actor.account.id,
        target: `support-request:${id}`,
        details: { from, to },
        ip: actor.ip,
      });
      if (to === 'resolved') {
        await enqueueSupportMail(tx, clock, id, {
          kind: 'support-resolved',
          // A request may be resolved, reopened and resolved again: each resolution is its own e-mail.
          subjectId: `${id}:resolved:${now.getTime()}`,
          baseUrls,
          compose: requestResolvedMail,
        });
      }
      return operatorDetail(tx, id);
    });
  }

  return {
    listOwn,
    getOwn,
    open,
    replyAsCustomer,
    sendContactCode,
    submitContact,
    listForOperator,
    getForOperator,
    assignToSelf,
    replyAsOperator,
    changeState,
  };
}

export type SupportService = ReturnType<typeof createSupportService>;
