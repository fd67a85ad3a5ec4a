/**
 * Fixed-window counters in memory, per key (client address, username, dossier code). One process; behind a
 * load balancer each instance limits on its own, which still bounds guessing.
 */
import { TooManyRequestsError } from './errors.js';

export interface RateLimiter {
  /** Counts one hit; throws TooManyRequestsError when the key is over its limit. */
  hit(key: string): void;
  /** Throws TooManyRequestsError when the key is already at its limit (counts nothing). */
  check(key: string): void;
  reset(key: string): void;
}

export function createRateLimiter({ windowMs, max }: { windowMs: number; max: number }): RateLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  let lastSweep = Date.now();
  return {
    hit(key) {
      const now = Date.now();
      if (now - lastSweep > windowMs) {
        for (const [k, w] of windows) if (now - w.start >= windowMs) windows.delete(k);
        lastSweep = now;
      }
      let w = windows.get(key);
      if (!w || now - w.start >= windowMs) {
        w = { start: now, count: 0 };
        windows.set(key, w);
      }
      w.count += 1;
      if (w.count > max)
        throw new TooManyRequestsError(Math.max(1, Math.ceil((w.start + windowMs - now) / 1000)));
    },
    check(key) {
      const w = windows.get(key);
      const now = Date.now();
      if (w && now - w.start < windowMs && w.count >= max) {
        throw new TooManyRequestsError(Math.max(1, Math.ceil((w.start + windowMs - now) / 1000)));
      }
    },
    reset(key) {
      windows.delete(key);
    },
  };
}
