// One pino logger for the HTTP server and the worker. Secrets never reach the log: cookies and authorization headers
// are redacted, and nothing logs passwords, tokens or keys.
import type { FastifyBaseLogger } from 'fastify';
import { pino } from 'pino';
import type { Config } from './config.js';

// Typed as Fastify's logger interface (which pino implements) so it can be handed to Fastify and to the worker.
export function createLogger(config: Pick<Config, 'logLevel'>): FastifyBaseLogger {
  return pino({
    level: config.logLevel,
    redact: [
      'req.headers.cookie',
      'req.headers.authorization',
      'req.headers["x-csrf-token"]',
      'res.headers["set-cookie"]',
    ],
  });
}

export const silentLogger: FastifyBaseLogger = pino({ level: 'silent' });
