// Fixed-window rate limits whose counters live in the database, so every instance of a deployment shares them.
// Routes opt in with `config: { rateLimit: { max, windowSeconds } }`; the key is the route and the client IP.
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../clock.js';
import { queryRows, type Database } from '../db/client.js';
import { AppError } from '../domain/errors.js';

export type RateLimitRule = { max: number; windowSeconds: number };

declare module 'fastify' {
  interface FastifyContextConfig {
    rateLimit?: RateLimitRule;
  }
}

export type RateLimiter = {
  /** Counts one hit on `key`; throws a 429 problem (with Retry-After) once the window holds more than `max`. */
  hit(key: string, rule: RateLimitRule): Promise<void>;
};

export function createRateLimiter(db: Database, clock: Clock): RateLimiter {
  return {
    async hit(key, rule) {
      const now = clock.now();
      const windowStart = new Date(now.getTime() - rule.windowSeconds * 1000);
      // One round trip: start a new window or count into the current one, atomically.
      const [row] = await queryRows<{ window_start: string | Date; count: number }>(
        db,
        sql`
        insert into rate_limits (key, window_start, count) values (${key}, ${now}::timestamptz, 1)
        on conflict (key) do update set
          window_start = case when rate_limits.window_start <= ${windowStart}::timestamptz then ${now}::timestamptz else rate_limits.window_start end,
          count = case when rate_limits.window_start <= ${windowStart}::timestamptz then 1 else rate_limits.count + 1 end
        returning window_start, count`,
      );
      if (row!.count > rule.max) {
        const started = new Date(row!.window_start).getTime();
        const retryAfterSeconds = Math.max(1, Math.ceil((started + rule.windowSeconds * 1000 - now.getTime()) / 1000));
        throw new AppError(
          429,
          'rate_limited',
          `Too many attempts. Wait ${retryAfterSeconds} seconds, then try again.`,
          {
            retryAfterSeconds,
          },
        );
      }
    },
  };
}

/** `factor` multiplies every route's `max` (RATE_LIMIT_FACTOR). */
export function registerRateLimits(app: FastifyInstance, limiter: RateLimiter, factor = 1): void {
  app.addHook('preHandler', async (request) => {
    const rule = request.routeOptions.config.rateLimit;
    if (!rule) return;
    await limiter.hit(`route:${request.routeOptions.url}:ip:${request.ip}`, { ...rule, max: rule.max * factor });
  });
}
