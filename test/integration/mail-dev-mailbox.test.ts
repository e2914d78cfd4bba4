// /dev/mailbox and /api/v1/dev/mailbox in the real app (buildApp), on the project's database: who may read it
// (anyone on a loopback-only server; otherwise signed-in operators; everyone else gets the app's ordinary 404),
// what it shows (newest first, escaped, links clickable, paginated), and that it does not exist with SMTP configured.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { manualClock } from '../../src/clock.js';
import { loadConfig, type Config } from '../../src/config.js';
import { DEMO_PASSWORD, seedDemo } from '../../src/demo/seed.js';
import { createDnsResolver } from '../../src/dns.js';
import { silentLogger } from '../../src/logger.js';
import type { JobLogger } from '../../src/jobs/queue.js';
import { startWorker } from '../../src/jobs/worker.js';
import { enqueueMail, mailSendJob } from '../../src/mail/outbox.js';
import { renderMail } from '../../src/mail/render.js';
import { createMailboxTransport } from '../../src/mail/transport.js';
import { openTestDatabase, type DbHandle } from '../helpers/test-db.js';

const silent: JobLogger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
const clock = manualClock(new Date('2026-03-01T10:00:00Z'));
const HOSTILE_SUBJECT = `Welcome <img src=x onerror=alert(1)> & "you"`;

let handle: DbHandle;
let dataDir: string;
const apps: FastifyInstance[] = [];

async function appFor(env: Record<string, string>): Promise<FastifyInstance> {
  const config: Config = loadConfig({ SEED_DEMO: 'off', ...env }, { secretKey: randomBytes(32) });
  const app = await buildApp({
    config,
    db: handle,
    mailer: createMailboxTransport(),
    dns: createDnsResolver([]),
    clock,
    logger: silentLogger,
  });
  await app.ready();
  apps.push(app);
  return app;
}

async function signIn(app: FastifyInstance, login: string): Promise<string> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/sign-in',
    payload: { login, password: DEMO_PASSWORD },
  });
  expect(response.statusCode, response.body).toBe(200);
  const cookie = response.cookies.find((c) => c.name === 'vlc_session');
  return `vlc_session=${cookie!.value}`;
}

type Page = {
  items: { id: string; to: string; subject: string; state: string; text: string; links: string[]; createdAt: string }[];
  nextCursor: string | null;
};

beforeAll(async () => {
  handle = await openTestDatabase();
  await handle.db.execute(sql`delete from mail_messages`);
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'vlc-mailbox-'));
  await seedDemo(handle.db, clock, loadConfig({ DATA_DIR: dataDir }), randomBytes(32));
  for (let i = 1; i <= 3; i++) {
    const { text, html } = renderMail({
      heading: `Message ${i}`,
      paragraphs: [`Hello <b>${i}</b>, follow the link.`],
      button: { label: 'Accept', url: `https://vlc.example/invitations/tok-${i}?a=1&b=2` },
    });
    await handle.db.transaction((tx) =>
      enqueueMail(tx, clock, {
        kind: 'invitation',
        to: `user${i}@contoso.example`,
        subjectId: `inv-${i}`,
        subject: i === 3 ? HOSTILE_SUBJECT : `Message ${i}`,
        text,
        html,
      }),
    );
    clock.advance(60_000);
  }
  const worker = startWorker({
    db: handle,
    clock,
    logger: silent,
    handlers: [mailSendJob({ transport: createMailboxTransport(), from: 'x@vlcenter.example' })],
    loop: false,
  });
  while (await worker.runOnce());
  await worker.stop();
});
afterAll(async () => {
  await Promise.all(apps.map((a) => a.close()));
  await handle.close();
  await fs.rm(dataDir, { recursive: true, force: true });
});

describe('on a server that listens on loopback only', () => {
  it('lists the messages to anyone, newest first, as JSON with cursor pagination', async () => {
    const app = await appFor({ HOST: '127.0.0.1' });
    const first = await app.inject({ method: 'GET', url: '/api/v1/dev/mailbox?limit=2' });
    expect(first.statusCode).toBe(200);
    expect(first.headers['cache-control']).toBe('no-store');
    const page = first.json<Page>();
    expect(page.items.map((m) => m.to)).toEqual(['user3@contoso.example', 'user2@contoso.example']);
    expect(page.items[0]).toMatchObject({
      subject: HOSTILE_SUBJECT,
      state: 'stored',
      links: ['https://vlc.example/invitations/tok-3?a=1&b=2'],
    });
    expect(page.items[0]!.createdAt).toBe('2026-03-01T10:02:00.000Z');
    expect(page.nextCursor).toBe(page.items[1]!.id);

    const rest = (
      await app.inject({ method: 'GET', url: `/api/v1/dev/mailbox?limit=2&before=${page.nextCursor}` })
    ).json<Page>();
    expect(rest.items.map((m) => m.to)).toEqual(['user1@contoso.example']);
    expect(rest.nextCursor).toBeNull();

    const bad = await app.inject({ method: 'GET', url: '/api/v1/dev/mailbox?before=abc' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'request.invalid' });
  });

  it('shows an HTML page with everything escaped, links clickable and no script', async () => {
    const app = await appFor({ HOST: '::1' });
    const response = await app.inject({ method: 'GET', url: '/dev/mailbox', headers: { accept: 'text/html' } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    expect(response.headers['cache-control']).toBe('no-store');
    const html = response.body;
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(html).toContain('<title>Dev mailbox — vlcenter</title>');
    expect(html).not.toMatch(/<script|<img|onerror=alert\(1\)>/i);
    expect(html).toContain('Welcome &lt;img src=x onerror=alert(1)&gt; &amp; &quot;you&quot;');
    expect(html).toContain('Hello &lt;b&gt;3&lt;/b&gt;, follow the link.');
    expect(html).toContain(
      '<a href="https://vlc.example/invitations/tok-3?a=1&amp;b=2">https://vlc.example/invitations/tok-3?a=1&amp;b=2</a>',
    );
    expect(html.indexOf('user3@contoso.example')).toBeLessThan(html.indexOf('user1@contoso.example'));
    expect(html).toContain('<time datetime="2026-03-01T10:02:00.000Z">2026-03-01 10:02:00 UTC</time>');
  });
});

describe('on a server reachable from the network', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await appFor({ HOST: '0.0.0.0' });
  });

  it('answers an anonymous caller exactly like an address that does not exist', async () => {
    const api = await app.inject({ method: 'GET', url: '/api/v1/dev/mailbox' });
    const unknownApi = await app.inject({ method: 'GET', url: '/api/v1/dev/no-such-thing' });
    expect(api.statusCode).toBe(404);
    expect(api.headers['content-type']).toBe(unknownApi.headers['content-type']);
    expect({ ...api.json(), detail: '', instance: '' }).toEqual({ ...unknownApi.json(), detail: '', instance: '' });

    const page = await app.inject({ method: 'GET', url: '/dev/mailbox', headers: { accept: 'text/html' } });
    const unknownPage = await app.inject({ method: 'GET', url: '/dev/no-such-page', headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(unknownPage.statusCode);
    expect(page.body).toBe(unknownPage.body);
    expect(page.body).not.toContain('contoso.example');
  });

  it('answers a signed-in customer with 404, and a signed-in operator with the messages', async () => {
    const customer = await signIn(app, 'admin@contoso.example');
    const refused = await app.inject({ method: 'GET', url: '/api/v1/dev/mailbox', headers: { cookie: customer } });
    expect(refused.statusCode).toBe(404);
    expect(refused.body).not.toContain('contoso.example');

    const operator = await signIn(app, 'operator@publisher.example');
    const api = await app.inject({ method: 'GET', url: '/api/v1/dev/mailbox', headers: { cookie: operator } });
    expect(api.statusCode).toBe(200);
    expect(api.json<Page>().items).toHaveLength(3);
    const page = await app.inject({ method: 'GET', url: '/dev/mailbox', headers: { cookie: operator } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('user2@contoso.example');
  });
});

describe('with SMTP configured', () => {
  it('does not exist, even on loopback', async () => {
    const app = await appFor({ HOST: '127.0.0.1', SMTP_URL: 'smtp://127.0.0.1:2525' });
    expect(app.hasRoute({ method: 'GET', url: '/dev/mailbox' })).toBe(false);
    expect((await app.inject({ method: 'GET', url: '/api/v1/dev/mailbox' })).statusCode).toBe(404);
  });
});
