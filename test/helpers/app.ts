// Builds the real app on a fresh test database. Requests go through app.inject (no sockets) unless a test listens.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp, type AppDeps } from '../../src/app.js';
import { manualClock } from '../../src/clock.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { DbHandle } from '../../src/db/client.js';
import { createDnsResolver } from '../../src/dns.js';
import { silentLogger } from '../../src/logger.js';
import { createMailboxTransport } from '../../src/mail/transport.js';
import { openTestDatabase } from './test-db.js';

export type TestApp = {
  app: FastifyInstance;
  db: DbHandle;
  clock: ReturnType<typeof manualClock>;
  config: Config;
  close(): Promise<void>;
};

export async function createTestApp(
  options: { env?: Record<string, string>; config?: Partial<Config>; db?: DbHandle; deps?: Partial<AppDeps> } = {},
): Promise<TestApp> {
  const db = options.db ?? (await openTestDatabase());
  const clock = manualClock(new Date('2026-11-23T12:00:00Z'));
  const config = loadConfig(options.env ?? {}, { secretKey: randomBytes(32), ...options.config });
  const app = await buildApp({
    config,
    db,
    mailer: createMailboxTransport(),
    dns: createDnsResolver(config.dnsServers),
    clock,
    logger: silentLogger,
    ...options.deps,
  });
  await app.ready();
  return {
    app,
    db,
    clock,
    config,
    close: async () => {
      await app.close();
      if (!options.db) await db.close();
    },
  };
}

/** The session cookie of a response, as a `cookie` header value for the next request. */
export function sessionCookieOf(response: LightMyRequestResponse): string {
  const cookie = response.cookies.find((c) => c.name.endsWith('vlc_session'));
  if (!cookie) throw new Error(`no session cookie in the response (status ${response.statusCode})`);
  return `${cookie.name}=${cookie.value}`;
}

/** Signs in through the API; returns the headers a browser would send afterwards. */
export async function signIn(app: FastifyInstance, login: string, password: string) {
  const response = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { login, password } });
  if (response.statusCode !== 200)
    throw new Error(`sign-in as ${login} failed: ${response.statusCode} ${response.body}`);
  const body = response.json<{ csrfToken: string; account: { id: string } }>();
  return {
    cookie: sessionCookieOf(response),
    csrfToken: body.csrfToken,
    accountId: body.account.id,
    headers: { cookie: sessionCookieOf(response), 'x-csrf-token': body.csrfToken },
  };
}
