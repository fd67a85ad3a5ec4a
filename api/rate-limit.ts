/**
 * Fixed-window rate limits, counted in PostgreSQL (store/rate-limits.ts) so they hold across every API process
 * behind the proxy. Each limiter has a name; its keys (client address, username, dossier code) live under it.
 */
import type { Knex } from 'knex';
import { hitRateLimit, peekRateLimit, resetRateLimit } from '../store/index.js';
import { TooManyRequestsError } from './errors.js';

export interface RateLimiter {
  /** Counts one hit; throws TooManyRequestsError when the key is over its limit. */
  hit(key: string): Promise<void>;
  /** Throws TooManyRequestsError when the key is already at its limit (counts nothing). */
  check(key: string): Promise<void>;
  reset(key: string): Promise<void>;
}

const retryAfter = (resetAt: Date): number => Math.max(1, Math.ceil((resetAt.getTime() - Date.now()) / 1000));

export function createRateLimiter({
  knex,
  name,
  windowMs,
  max,
}: {
  knex: Knex;
  name: string;
  windowMs: number;
  max: number;
}): RateLimiter {
  const full = (key: string) => `${name}:${key}`;
  return {
    async hit(key) {
      const w = await hitRateLimit({ knex, key: full(key), windowMs });
      if (w.count > max) throw new TooManyRequestsError(retryAfter(w.resetAt));
    },
    async check(key) {
      const w = await peekRateLimit({ knex, key: full(key), windowMs });
      if (w.count >= max) throw new TooManyRequestsError(retryAfter(w.resetAt));
    },
    async reset(key) {
      await resetRateLimit({ knex, key: full(key) });
    },
  };
}
