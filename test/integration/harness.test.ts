// Proves the test helpers work against the real components they stand in for: node:dns against the DNS server,
// nodemailer against the SMTP sink, and the project's database (PGlite or the throwaway PostgreSQL 15).
import { Resolver } from 'node:dns/promises';
import net from 'node:net';
import { sql } from 'drizzle-orm';
import nodemailer, { type Transporter } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startDnsServer, type TestDnsServer } from '../helpers/dns-server.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { queryRows } from '../../src/db/client.js';
import { openTestDatabase, testDbKind, type DbHandle } from '../helpers/test-db.js';

describe('DNS test server through node:dns', () => {
  let dns: TestDnsServer;
  let resolver: Resolver;

  beforeAll(async () => {
    dns = await startDnsServer();
    resolver = new Resolver({ timeout: 1000, tries: 1 });
    resolver.setServers([dns.server]);
  });
  afterAll(() => dns.stop());

  it('answers TXT records that are present, and changes them instantly', async () => {
    dns.setTxt('contoso.example', ['vlcenter-verify=abc123', 'v=spf1 -all']);
    const records = await resolver.resolveTxt('contoso.example');
    expect(records.map((chunks) => chunks.join('')).sort()).toEqual(['v=spf1 -all', 'vlcenter-verify=abc123']);

    dns.setTxt('Contoso.Example.', ['vlcenter-verify=changed']);
    expect(await resolver.resolveTxt('contoso.example')).toEqual([['vlcenter-verify=changed']]);
  });

  it('splits values longer than 255 bytes into character-strings', async () => {
    const long = `vlcenter-verify=${'x'.repeat(300)}`;
    dns.setTxt('long.example', [long]);
    const [record] = await resolver.resolveTxt('long.example');
    expect(record?.join('')).toBe(long);
    expect(record?.length).toBe(2);
  });

  it('answers NXDOMAIN for unknown and removed names', async () => {
    await expect(resolver.resolveTxt('unknown.example')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    dns.setTxt('gone.example', ['x']);
    dns.remove('gone.example');
    await expect(resolver.resolveTxt('gone.example')).rejects.toMatchObject({ code: 'ENOTFOUND' });
  });

  it('answers NODATA for a known name without TXT records', async () => {
    dns.setTxt('empty.example', []);
    await expect(resolver.resolveTxt('empty.example')).rejects.toMatchObject({ code: 'ENODATA' });
  });

  it('can fail with SERVFAIL', async () => {
    dns.setTxt('broken.example', ['vlcenter-verify=abc']);
    dns.setBehaviour('broken.example', 'servfail');
    await expect(resolver.resolveTxt('broken.example')).rejects.toMatchObject({ code: 'ESERVFAIL' });
    dns.setBehaviour('broken.example', undefined);
    expect(await resolver.resolveTxt('broken.example')).toEqual([['vlcenter-verify=abc']]);
  });

  it('can time out (never answer)', async () => {
    dns.setBehaviour('slow.example', 'timeout');
    const started = performance.now();
    await expect(resolver.resolveTxt('slow.example')).rejects.toMatchObject({ code: 'ETIMEOUT' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(900);
    expect(dns.queries.get('slow.example')).toBeGreaterThanOrEqual(1);
  });
});

describe('SMTP sink with nodemailer', () => {
  let sink: SmtpSink;
  let transport: Transporter;

  beforeAll(async () => {
    sink = await startSmtpSink();
    transport = nodemailer.createTransport({ host: '127.0.0.1', port: sink.port, secure: false, ignoreTLS: true });
  });
  afterAll(async () => {
    transport.close();
    await sink.stop();
  });

  const send = (subject: string) =>
    transport.sendMail({
      from: 'VL Center <noreply@vlcenter.example>',
      to: 'admin@contoso.example',
      subject,
      text: `Body of ${subject}`,
      messageId: `<${subject.replaceAll(' ', '-')}@vlcenter.example>`,
    });

  it('receives a message with its Message-ID, headers, body and envelope', async () => {
    sink.clear();
    const info = await send('hello one');
    const [mail] = await sink.waitForMessages(1);
    expect(mail?.messageId).toBe('<hello-one@vlcenter.example>');
    expect(info.messageId).toBe(mail?.messageId);
    expect(mail?.subject).toBe('hello one');
    expect(mail?.text?.trim()).toBe('Body of hello one');
    expect(sink.deliveries[0]).toMatchObject({ from: 'noreply@vlcenter.example', to: ['admin@contoso.example'] });
  });

  it('waitForMessages times out with a clear message', async () => {
    sink.clear();
    await expect(sink.waitForMessages(1, 200)).rejects.toThrow(/expected 1 message\(s\) within 200 ms, got 0/);
  });

  it('holds a message until released; only then does it count', async () => {
    sink.clear();
    const held = sink.holdNext();
    const sending = send('held message');
    const arrived = await held.arrived;
    expect(arrived.subject).toBe('held message');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sink.messages).toHaveLength(0);
    held.release();
    await sending;
    expect(sink.messages.map((m) => m.subject)).toEqual(['held message']);
  });

  it('rejects a held message with a temporary failure', async () => {
    sink.clear();
    const held = sink.holdNext();
    held.reject();
    await expect(send('rejected message')).rejects.toMatchObject({ responseCode: 451 });
    expect(sink.messages).toHaveLength(0);
    await send('next message');
    expect(sink.messages.map((m) => m.subject)).toEqual(['next message']);
  });

  it('does not count a message whose sender hung up before it was accepted', async () => {
    sink.clear();
    const held = sink.holdNext();
    const socket = net.connect(sink.port, '127.0.0.1');
    const lines = [
      'EHLO test.example',
      'MAIL FROM:<noreply@vlcenter.example>',
      'RCPT TO:<admin@contoso.example>',
      'DATA',
      'Subject: killed sender\r\nMessage-ID: <killed@vlcenter.example>\r\n\r\nbody\r\n.',
    ];
    // Speak SMTP by hand: send each line after the previous complete reply (its last line is `NNN text`).
    let next = 0;
    let reply = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      reply += chunk;
      if (!/(^|\r\n)\d{3} [^\r\n]*\r\n$/.test(reply)) return;
      reply = '';
      const line = lines[next++];
      if (line !== undefined) socket.write(`${line}\r\n`);
    });
    expect((await held.arrived).messageId).toBe('<killed@vlcenter.example>');
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.destroy();
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    held.release();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sink.messages).toHaveLength(0);
    expect(sink.dropped.map((m) => m.messageId)).toEqual(['<killed@vlcenter.example>']);
  });
});

describe('test database', () => {
  let handle: DbHandle;

  beforeAll(async () => {
    handle = await openTestDatabase();
  });
  afterAll(() => handle.close());

  it('is the kind of the current project, migrated', async () => {
    expect(handle.kind).toBe(testDbKind());
    await handle.ping();
    const [row] = await queryRows<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
    );
    expect(row?.n).toBeGreaterThan(0);
  });

  it('gives every call its own database', async () => {
    const other = await openTestDatabase();
    try {
      await handle.db.execute(sql`create table harness_isolation (id int)`);
      await expect(other.db.execute(sql`select * from harness_isolation`)).rejects.toThrow();
    } finally {
      await other.close();
    }
  });

  it('can be unmigrated, for tests of migrations', async () => {
    const empty = await openTestDatabase({ migrated: false });
    try {
      const [row] = await queryRows<{ n: number }>(
        empty.db,
        sql`select count(*)::int as n from information_schema.tables where table_schema in ('public', 'drizzle')`,
      );
      expect(row?.n).toBe(0);
    } finally {
      await empty.close();
    }
  });

  it('runs on the expected server: PostgreSQL 15 (the oldest supported) or PGlite', async () => {
    const [row] = await queryRows<{ version: string }>(handle.db, sql`select version()`);
    const version = row?.version;
    if (testDbKind() === 'postgres') {
      expect(version).toMatch(/^PostgreSQL 15\./);
      expect(inject('pgMajor')).toBe(15);
    } else {
      // PGlite 0.5 is PostgreSQL 18 compiled to WebAssembly
      expect(version).toMatch(/^PostgreSQL \d+\.\d+ \(PGlite [\d.]+\) on wasm32/);
    }
  });
});
