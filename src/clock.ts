// Time and randomness are injected so that expiry and races are testable.
import { randomBytes } from 'node:crypto';

export type Clock = { now(): Date };
export const systemClock: Clock = { now: () => new Date() };

/** A clock tests move by hand. */
export function manualClock(
  start = new Date('2026-01-01T00:00:00Z'),
): Clock & { advance(ms: number): void; set(d: Date): void } {
  let t = start.getTime();
  return {
    now: () => new Date(t),
    advance: (ms) => {
      t += ms;
    },
    set: (d) => {
      t = d.getTime();
    },
  };
}

export type TokenGenerator = (bytes?: number) => string;
/** base64url of `bytes` random bytes (default 32 = 256 bits). */
export const randomToken: TokenGenerator = (bytes = 32) => randomBytes(bytes).toString('base64url');
