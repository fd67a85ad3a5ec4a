/**
 * Fixed-window rate-limit counters shared by every API process. One statement counts the hit and returns the
 * count, so a check never happens before the count (parallel requests cannot all pass the same check).
 */
import type { Knex } from 'knex';

export interface RateWindow {
  /** Hits in the current window, this one included (0 for `peekRateLimit`'s "nothing counted yet"). */
  count: number;
  /** When the current window ends. */
  resetAt: Date;
}

/** Counts one hit of `key` in a window of `windowMs` (a new window starts when the last one ended). */
export async function hitRateLimit({
  knex,
  key,
  windowMs,
}: {
  knex: Knex;
  key: string;
  windowMs: number;
}): Promise<RateWindow> {
  const { rows } = await knex.raw(
    `INSERT INTO rate_limits AS r (key, window_start, count) VALUES (?, now(), 1)
     ON CONFLICT (key) DO UPDATE SET
       window_start = CASE WHEN r.window_start <= now() - make_interval(secs => ?) THEN now() ELSE r.window_start END,
       count = CASE WHEN r.window_start <= now() - make_interval(secs => ?) THEN 1 ELSE r.count + 1 END
     RETURNING count, window_start + make_interval(secs => ?) AS reset_at`,
    [key, windowMs / 1000, windowMs / 1000, windowMs / 1000],
  );
  return { count: Number(rows[0].count), resetAt: new Date(rows[0].reset_at) };
}

/** The current window of `key` without counting (count 0 when there is none or it ended). */
export async function peekRateLimit({
  knex,
  key,
  windowMs,
}: {
  knex: Knex;
  key: string;
  windowMs: number;
}): Promise<RateWindow> {
  const { rows } = await knex.raw(
    `SELECT count, window_start + make_interval(secs => ?) AS reset_at FROM rate_limits
      WHERE key = ? AND window_start > now() - make_interval(secs => ?)`,
    [windowMs / 1000, key, windowMs / 1000],
  );
  if (rows.length === 0) return { count: 0, resetAt: new Date(Date.now() + windowMs) };
  return { count: Number(rows[0].count), resetAt: new Date(rows[0].reset_at) };
}

export async function resetRateLimit({ knex, key }: { knex: Knex; key: string }): Promise<void> {
  await knex('rate_limits').where({ key }).delete();
}

/** Removes windows that ended more than `olderThanMs` ago (the table stays small). */
export async function sweepRateLimits({
  knex,
  olderThanMs,
}: {
  knex: Knex;
  olderThanMs: number;
}): Promise<number> {
  return knex('rate_limits')
    .where('window_start', '<', knex.raw('now() - make_interval(secs => ?)', [olderThanMs / 1000]))
    .delete();
}
