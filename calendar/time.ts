/**
 * Day and clock arithmetic without the machine's time zone: a local instant is the UTC instant shifted by the
 * calendar's fixed offset, read with UTC getters only. Days are integers (days since 1970-01-01, local).
 */
import { CalendarError } from './errors.js';

export const MS_PER_MINUTE = 60_000;
export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const CLOCK_RE = /^(\d{2}):(\d{2})$/;

/** 'YYYY-MM-DD' → day number; throws CalendarError naming `field` when malformed or not a real date. */
export function parseDay(day: string, field = 'day'): number {
  const m = typeof day === 'string' ? DAY_RE.exec(day) : null;
  if (m) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    const d = Number(m[3]);
    const ms = Date.UTC(y, mo - 1, d);
    const check = new Date(ms);
    if (check.getUTCFullYear() === y && check.getUTCMonth() === mo - 1 && check.getUTCDate() === d) {
      return Math.round(ms / MS_PER_DAY);
    }
  }
  throw new CalendarError(
    field,
    `"${String(day)}" không phải ngày hợp lệ dạng YYYY-MM-DD`,
    `"${String(day)}" is not a valid YYYY-MM-DD date`,
  );
}

export function formatDay(dayNumber: number): string {
  return new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);
}

/** 0 = Sunday ... 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOf(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

export function dayNumberOfDate(year: number, month: number, day: number): number {
  return Math.round(Date.UTC(year, month - 1, day) / MS_PER_DAY);
}

/** 'HH:MM' → minutes after midnight; '24:00' only when `allowEndOfDay`. */
export function parseClock(value: string, field: string, allowEndOfDay = false): number {
  const m = typeof value === 'string' ? CLOCK_RE.exec(value) : null;
  if (m) {
    const h = Number(m[1]);
    const min = Number(m[2]);
    if (min < 60 && (h < 24 || (allowEndOfDay && h === 24 && min === 0))) return h * 60 + min;
  }
  throw new CalendarError(
    field,
    `"${String(value)}" không phải giờ hợp lệ dạng HH:MM (00:00-23:59)`,
    `"${String(value)}" is not a valid HH:MM time (00:00-23:59)`,
  );
}

export function formatClock(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/** Milliseconds since the local epoch (UTC ms + offset). */
export function toLocalMs(instant: Date, offsetMs: number): number {
  const t = instant.getTime();
  if (!Number.isFinite(t)) {
    throw new CalendarError(
      'instant',
      'thời điểm không hợp lệ (Invalid Date)',
      'invalid instant (Invalid Date)',
    );
  }
  return t + offsetMs;
}

export function floorDiv(a: number, b: number): number {
  return Math.floor(a / b);
}
