/**
 * Where activities get an agency's working calendar: from PostgreSQL (calendar/ tables, the default calendar '*'
 * plus the agency's overrides), cached for a short while so admins' edits reach new deadlines within a minute.
 */
import { createCalendar, loadCalendarData, type Calendar } from '../calendar/index.js';
import type { Knex } from '../db/index.js';
import type { CalendarFor } from './calendar-ops.js';

export function createCalendarSource(opts: { knex: Knex; ttlMs?: number; now?: () => number }): CalendarFor {
  const ttlMs = opts.ttlMs ?? 60_000;
  const now = opts.now ?? Date.now;
  const cache = new Map<string, { at: number; calendar: Promise<Calendar> }>();
  return (agencyCode: string) => {
    const hit = cache.get(agencyCode);
    if (hit && now() - hit.at < ttlMs) return hit.calendar;
    const year = new Date(now()).getUTCFullYear();
    // Deadlines reach into the next years (long procedures, pauses): load a window around today.
    const calendar = loadCalendarData({
      knex: opts.knex,
      agencyCode,
      years: [year - 1, year, year + 1, year + 2],
    }).then(createCalendar);
    calendar.catch(() => cache.delete(agencyCode));
    cache.set(agencyCode, { at: now(), calendar });
    return calendar;
  };
}
