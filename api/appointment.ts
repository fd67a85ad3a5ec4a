/**
 * Appointment dates from the working calendar: counting start (cut-off rule) + the channel's legal duration.
 * Calendars are loaded per agency and cached briefly, so intake costs no calendar query per dossier.
 */
import type { Knex } from 'knex';
import { createCalendar, loadCalendarData, type Calendar } from '../calendar/index.js';
import type { Channel, Duration } from '../ir/index.js';

const TTL_MS = 60_000;

export interface AppointmentService {
  calendar(agencyCode: string, at: Date): Promise<Calendar>;
  appointment(opts: {
    agencyCode: string;
    receivedAt: Date;
    channel: Channel;
    duration: Duration | undefined;
    cutoff: { paper: string; online: 'next-session' | 'immediate' };
  }): Promise<Date | null>;
  /** Forgets the cached calendars (after a calendar change). */
  clear(): void;
}

export function createAppointmentService(knex: Knex): AppointmentService {
  const cache = new Map<string, { at: number; calendar: Promise<Calendar> }>();
  const calendar = (agencyCode: string, at: Date): Promise<Calendar> => {
    const year = at.getUTCFullYear();
    const key = `${agencyCode}\u0000${year}`;
    const hit = cache.get(key);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.calendar;
    // The receipt year and the next two: long durations and year-end receipts cross New Year (and Tết).
    const loaded = loadCalendarData({ knex, agencyCode, years: [year, year + 1, year + 2] }).then(
      createCalendar,
    );
    cache.set(key, { at: Date.now(), calendar: loaded });
    loaded.catch(() => cache.delete(key));
    return loaded;
  };
  return {
    calendar,
    clear: () => cache.clear(),
    async appointment({ agencyCode, receivedAt, channel, duration, cutoff }) {
      if (!duration) return null;
      const cal = await calendar(agencyCode, receivedAt);
      return cal.addDuration(cal.countingStart(receivedAt, channel, cutoff), duration);
    },
  };
}
