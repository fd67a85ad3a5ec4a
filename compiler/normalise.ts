/** Small normalisations shared by the front ends so that equal models give equal IR (and equal hashes). */
import type { Duration, DurationUnit, LocalizedText } from '../ir/index.js';
// The pure calendar module (calendar/index.ts also brings the holiday rules and the store, not for the browser).
import { DEFAULT_WORKING_DAY_HOURS } from '../calendar/calendar.js';

/** Defaults of the model formats (documented in docs/models.md). */
export const DEFAULT_WARNING_AT = 0.75;
export const DEFAULT_OUTCOMES: readonly string[] = ['done'];

export const DURATION_UNITS: readonly DurationUnit[] = ['working-day', 'working-hour', 'calendar-day'];

/** Amounts are rounded to 6 decimals so that 0.1 + 0.2 style noise from editors never changes a hash. */
export function normaliseAmount(n: number): number {
  const r = Math.round(n * 1e6) / 1e6;
  return Object.is(r, -0) ? 0 : r;
}

export function normaliseDuration(d: Duration): Duration {
  return { amount: normaliseAmount(d.amount), unit: d.unit };
}

/** Collapse runs of whitespace (line breaks typed into diagram labels are layout, not meaning). */
export function normaliseString(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

export function normaliseText(t: LocalizedText): LocalizedText {
  const out: LocalizedText = { vi: normaliseString(t.vi) };
  if (t.en !== undefined && normaliseString(t.en) !== '') out.en = normaliseString(t.en);
  return out;
}

/**
 * Parse a number typed by a person: "0.5", "0,5" (Vietnamese decimal comma), " 2 ". Returns undefined when it is
 * not a plain finite number.
 */
export function parseNumber(raw: string | number | undefined | null): number | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
  const s = raw.trim().replace(/^(\d+),(\d+)$/, '$1.$2');
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * Working hours per working day used to compare durations of mixed units: the runtime's (the default sessions,
 * 07:30–11:30 and 13:30–17:00 = 7.5 h). With the Labour Code's 8 h here, an 8-hour step passed a 1-day legal limit
 * and then finished after the appointment.
 */
export const HOURS_PER_WORKING_DAY = DEFAULT_WORKING_DAY_HOURS;

/** Duration in working days; calendar days are converted approximately (5 working days per 7 calendar days). */
export function toWorkingDays(d: Duration): { days: number; approximate: boolean } {
  switch (d.unit) {
    case 'working-day':
      return { days: d.amount, approximate: false };
    case 'working-hour':
      return { days: d.amount / HOURS_PER_WORKING_DAY, approximate: false };
    case 'calendar-day':
      return { days: (d.amount * 5) / 7, approximate: true };
  }
}

const UNIT_TEXT: Record<DurationUnit, { vi: string; en: string }> = {
  'working-day': { vi: 'ngày làm việc', en: 'working day(s)' },
  'working-hour': { vi: 'giờ làm việc', en: 'working hour(s)' },
  'calendar-day': { vi: 'ngày', en: 'calendar day(s)' },
};

export function formatDuration(d: Duration, lang: 'vi' | 'en'): string {
  const n = normaliseAmount(d.amount);
  const amount = lang === 'vi' ? String(n).replace('.', ',') : String(n);
  return `${amount} ${UNIT_TEXT[d.unit][lang]}`;
}
