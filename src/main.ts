// Starts vlcenter: configuration → database (migrated) → demo seed → HTTP server and/or worker. Stops cleanly on
// SIGTERM/SIGINT: the server stops accepting, in-flight requests finish, the worker finishes its job, then exit.
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import { systemClock } from './clock.js';
import type { Config } from './config.js';
import { migrateDatabase, openDatabase, StartupError, type DbHandle } from './db/client.js';
import { DEMO_PASSWORD, DEMO_SIGN_INS, hasDemoWorld, isDatabaseEmpty, seedDemo } from './demo/seed.js';
import { createDnsResolver } from './dns.js';
import { jobHandlers } from './jobs/handlers.js';
import { startWorker, type Worker } from './jobs/worker.js';
import { createLogger } from './logger.js';
import { createMailboxTransport, createSmtpTransport, type MailTransport } from './mail/transport.js';
import { resolveSecretKey } from './secret-key.js';

export type RunningServer = { app: FastifyInstance | null; db: DbHandle; url: string | null; stop(): Promise<void> };

export async function startServer(config: Config, print: (line: string) => void = console.log): Promise<RunningServer> {
  const db = await openDatabase(config);
  let mailer: MailTransport | undefined;
  let app: FastifyInstance | null = null;
  let worker: Worker | undefined;
  try {
    await migrateDatabase(db);
    const secretKey = await resolveSecretKey(config);
    if (config.seedDemo && db.kind === 'pglite' && (await isDatabaseEmpty(db.db)))
      await seedDemo(db.db, systemClock, config, secretKey);

    mailer = config.smtpUrl ? createSmtpTransport(config.smtpUrl) : createMailboxTransport();
    const deps = {
      config: { ...config, secretKey },
      db,
      mailer,
      dns: createDnsResolver(config.dnsServers),
      clock: systemClock,
    };
    let url: string | null = null;
    if (config.role !== 'worker') {
      app = await buildApp(deps);
      try {
        await app.listen({ port: config.port, host: config.host });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE')
          throw new StartupError(
            `port ${config.port} on ${config.host} is already in use: stop the other program or set PORT`,
          );
        if (code === 'EADDRNOTAVAIL')
          throw new StartupError(`HOST ${config.host} is not an address of this machine: set HOST`);
        if (code === 'EACCES')
          throw new StartupError(`not allowed to listen on port ${config.port}: choose a PORT above 1023`);
        throw error;
      }
      url = config.baseUrls.public;
    }
    if (config.role !== 'api') {
      worker = startWorker({
        db,
        clock: systemClock,
        logger: (app?.log ?? createLogger(config)).child({ component: 'worker' }),
        handlers: jobHandlers({ db: db.db, clock: systemClock, config, mailer }),
      });
    }

    print(`vlcenter is running on ${db.description}${config.role === 'all' ? '' : ` (role: ${config.role})`}`);
    if (url) print(`  open ${url}`);
    if (!config.smtpUrl) print(`  no SMTP_URL: e-mail is kept in the database and shown at ${url ?? ''}/dev/mailbox`);
    if (await hasDemoWorld(db.db)) {
      print(`  demo sign-ins (password ${DEMO_PASSWORD}):`);
      for (const s of DEMO_SIGN_INS) print(`    ${s.signInName.padEnd(28)} ${s.role}`);
    }

    const running: RunningServer = {
      app,
      db,
      url,
      stop: async () => {
        await app?.close();
        await worker?.stop();
        mailer?.close();
        await db.close();
      },
    };
    return running;
  } catch (error) {
    await app?.close().catch(() => {});
    await worker?.stop().catch(() => {});
    mailer?.close();
    await db.close().catch(() => {});
    throw error;
  }
}
