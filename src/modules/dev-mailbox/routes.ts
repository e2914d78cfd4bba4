// /dev/mailbox: with no SMTP server configured, e-mail is kept in the database (state `stored`) and shown here, so a
// trial user can follow an invitation link without a mail server. The messages hold live invitation links, so the
// page answers only signed-in operators — or anyone while the server listens on loopback only (a local trial) —
// and is indistinguishable from an unknown address to everyone else.
//   GET /dev/mailbox            a self-contained, accessible HTML page (no script), newest first
//   GET /api/v1/dev/mailbox     the same as JSON (cursor-paginated), e.g. for end-to-end tests
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { desc, lt } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Config } from '../../config.js';
import type { Database } from '../../db/client.js';
import { mailMessages } from '../../db/schema.js';
import { findLinks, LINK, trimLink } from '../../mail/outbox.js';
import { escapeHtml } from '../../mail/render.js';

const DEFAULT_PAGE = 50;
const MAX_PAGE = 100;

const MailboxMessage = Type.Object({
  id: Type.String({ description: 'Row id; also the cursor' }),
  messageId: Type.String(),
  kind: Type.String(),
  to: Type.String(),
  subject: Type.String(),
  state: Type.Union([Type.Literal('queued'), Type.Literal('sent'), Type.Literal('stored'), Type.Literal('failed')]),
  createdAt: Type.String({ format: 'date-time' }),
  sentAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  text: Type.String(),
  html: Type.String(),
  links: Type.Array(Type.String()),
});

const MailboxPage = Type.Object({
  items: Type.Array(MailboxMessage),
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});

const MailboxQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE, default: DEFAULT_PAGE })),
    before: Type.Optional(
      Type.String({ pattern: '^[1-9][0-9]{0,17}$', description: 'cursor: show messages older than this id' }),
    ),
  },
  { additionalProperties: false },
);

type Message = {
  id: string;
  messageId: string;
  kind: string;
  to: string;
  subject: string;
  state: 'queued' | 'sent' | 'stored' | 'failed';
  createdAt: string;
  sentAt: string | null;
  text: string;
  html: string;
  links: string[];
};

/** True when `host` (the address the server listens on) is reachable from this machine only. */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

export function devMailboxRoutes(deps: { config: Config; db: Database }): FastifyPluginAsyncTypebox {
  const { config, db } = deps;
  const loopbackOnly = isLoopbackHost(config.host);

  const mayRead = (request: FastifyRequest) => loopbackOnly || request.auth?.account.isOperator === true;

  async function page(
    limit: number,
    before: string | undefined,
  ): Promise<{ items: Message[]; nextCursor: string | null }> {
    const rows = await db
      .select()
      .from(mailMessages)
      .where(before === undefined ? undefined : lt(mailMessages.id, Number(before)))
      .orderBy(desc(mailMessages.id))
      .limit(limit + 1);
    const items = rows.slice(0, limit).map((r): Message => ({
      id: String(r.id),
      messageId: r.messageId,
      kind: r.kind,
      to: r.recipient,
      subject: r.subject,
      state: r.state as Message['state'],
      createdAt: r.createdAt.toISOString(),
      sentAt: r.sentAt ? r.sentAt.toISOString() : null,
      text: r.textBody,
      html: r.htmlBody,
      links: findLinks(r.textBody),
    }));
    return { items, nextCursor: rows.length > limit ? items[items.length - 1]!.id : null };
  }

  // The app's own not-found answer: the same as for an address that does not exist.
  const notFoundLikeAnyOther = (reply: FastifyReply) => {
    reply.callNotFound();
    return reply;
  };

  const noStore = (reply: FastifyReply) =>
    reply.header('cache-control', 'no-store').header('x-robots-tag', 'noindex, nofollow');

  return async (app) => {
    // No SMTP server: real mail goes out, and there is no mailbox to show.
    if (config.smtpUrl) return;

    app.get(
      '/api/v1/dev/mailbox',
      {
        // Public at the framework level; the handler applies the rule above (and answers 404 otherwise).
        config: { access: 'public' },
        schema: {
          hide: true,
          tags: ['dev'],
          operationId: 'listDevMailbox',
          summary: 'Messages kept in the database while no SMTP server is configured, newest first',
          querystring: MailboxQuery,
          response: { 200: MailboxPage },
        },
      },
      async (request, reply) => {
        if (!mayRead(request)) return notFoundLikeAnyOther(reply);
        noStore(reply);
        return page(request.query.limit ?? DEFAULT_PAGE, request.query.before);
      },
    );

    app.get(
      '/dev/mailbox',
      { config: { access: 'public' }, schema: { hide: true, querystring: MailboxQuery } },
      async (request, reply) => {
        if (!mayRead(request)) return notFoundLikeAnyOther(reply);
        const result = await page(request.query.limit ?? DEFAULT_PAGE, request.query.before);
        return noStore(reply).type('text/html; charset=utf-8').send(renderMailboxPage(result));
      },
    );
  };
}

/** Escapes `text` and turns its http(s) URLs into links. */
export function linkify(text: string): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(LINK)) {
    const start = match.index;
    const url = trimLink(match[0]);
    out += escapeHtml(text.slice(last, start));
    out += `<a href="${escapeHtml(url)}">${escapeHtml(url)}</a>`;
    last = start + url.length;
  }
  return out + escapeHtml(text.slice(last));
}

function formatTime(isoTime: string): string {
  return `${isoTime.slice(0, 10)} ${isoTime.slice(11, 19)} UTC`;
}

const STATE_LABELS: Record<Message['state'], string> = {
  queued: 'queued (waiting for the worker)',
  sent: 'sent over SMTP',
  stored: 'stored',
  failed: 'failed',
};

export function renderMailboxPage(result: { items: Message[]; nextCursor: string | null }): string {
  const e = escapeHtml;
  const articles = result.items
    .map(
      (m) => `<article aria-labelledby="m${e(m.id)}-subject">
<h2 id="m${e(m.id)}-subject">${e(m.subject)}</h2>
<dl>
<dt>To</dt><dd>${e(m.to)}</dd>
<dt>Time</dt><dd><time datetime="${e(m.createdAt)}">${e(formatTime(m.createdAt))}</time></dd>
<dt>State</dt><dd>${e(STATE_LABELS[m.state] ?? m.state)}</dd>
<dt>Message-ID</dt><dd><code>${e(m.messageId)}</code></dd>
</dl>
<div class="body">${linkify(m.text)}</div>
</article>`,
    )
    .join('\n');
  const empty = '<p>No messages yet. Mail that vlcenter sends (invitations, notifications) appears here.</p>';
  const next = result.nextCursor
    ? `<nav aria-label="More messages"><a rel="next" href="/dev/mailbox?before=${e(result.nextCursor)}">Older messages</a></nav>`
    : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>Dev mailbox — vlcenter</title>
<style>
body{margin:0;font-family:'Segoe UI',system-ui,-apple-system,Helvetica,Arial,sans-serif;color:#242424;background:#f5f5f5;line-height:1.45}
main{max-width:60rem;margin:0 auto;padding:1.5rem 1rem}
h1{font-size:1.6rem;margin:0 0 .5rem}
.intro{margin:0 0 1.5rem;color:#424242}
article{background:#fff;border:1px solid #d1d1d1;border-radius:.5rem;padding:1rem 1.25rem;margin:0 0 1rem}
h2{font-size:1.15rem;margin:0 0 .5rem;overflow-wrap:anywhere}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.15rem .75rem;margin:0 0 .75rem;font-size:.9rem}
dt{font-weight:600;color:#424242}
dd{margin:0;overflow-wrap:anywhere}
.body{white-space:pre-wrap;overflow-wrap:anywhere;font-family:ui-monospace,Consolas,monospace;font-size:.9rem;background:#fafafa;border:1px solid #e0e0e0;border-radius:.25rem;padding:.75rem}
a{color:#0f548c}
a:focus-visible{outline:2px solid #0f548c;outline-offset:2px}
nav{margin:1rem 0}
</style>
</head>
<body>
<main>
<h1>Dev mailbox</h1>
<p class="intro">No SMTP server is configured (SMTP_URL), so vlcenter keeps its e-mail here instead of sending it. Newest first. These messages contain live links: do not share this page.</p>
${result.items.length ? articles : empty}
${next}
</main>
</body>
</html>
`;
}
