/**
 * The working calendar as a pure value: sessions, weekends, days off and make-up working days in, deadline
 * arithmetic out. No I/O, no machine time zone (local time = UTC + a fixed offset), day-level stepping.
 * The rules this file implements are written down in calendar/README.md.
 */
import type { Channel, Classification, Duration, DurationUnit } from '../ir/index.js';
import { CalendarError } from './errors.js';
import {
  MS_PER_DAY,
  MS_PER_HOUR,
  MS_PER_MINUTE,
  floorDiv,
  formatClock,
  formatDay,
  parseClock,
  parseDay,
  toLocalMs,
  weekdayOf,
} from './time.js';

/** A working session in local time, 'HH:MM' (end may be '24:00'). */
export interface Session {
  start: string;
  end: string;
}

export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

export interface CalendarData {
  /** Local time = UTC + this offset. Vietnam: 420 (no daylight saving). */
  utcOffsetMinutes: number;
  /** Sessions of a standard working day; their sum is one working day. */
  sessions: Session[];
  /**
   * Per-weekday sessions replacing `sessions` on that weekday, e.g. { 6: [{ start: '07:30', end: '11:30' }] } for
   * a locality that works Saturday mornings. A non-empty entry makes that weekday a working day even when it is
   * listed in `weekendDays`; an empty array makes it a day off.
   */
  weekdaySessions?: Partial<Record<Weekday, Session[]>>;
  /** 0 = Sunday ... 6 = Saturday. */
  weekendDays: number[];
  /** 'YYYY-MM-DD' days off: holidays, Tết, compensatory days, days off set by admins. */
  daysOff: string[];
  /** 'YYYY-MM-DD' make-up working days (a Saturday worked in exchange for a day off). They work `sessions`. */
  workingDays: string[];
}

export interface CutoffRule {
  /** Paper (counter, postal) dossiers received after this local time count from the next working day. */
  paper: string;
  /** Online dossiers: 'next-session' = outside working time counts from the next session start. */
  online: 'next-session' | 'immediate';
}

export interface Calendar {
  /** Instant + duration on this calendar (working time for working units). See README for each unit. */
  addDuration(start: Date, duration: Duration): Date;
  /** The earliest instant from which `duration` reaches `end` (e.g. apology reminder one working day before). */
  subtractDuration(end: Date, duration: Duration): Date;
  /** Working time in [a, b), in ms; 0 if b <= a. */
  workingMillisBetween(a: Date, b: Date): number;
  /** When the legal clock starts for a dossier received at `receivedAt` through `channel`. */
  countingStart(receivedAt: Date, channel: Channel, cutoff: CutoffRule): Date;
  /** 'YYYY-MM-DD' local. */
  isWorkingDay(day: string): boolean;
  /** Local date of the working day that contains the instant, or of the next working day. */
  workingDayOf(instant: Date): string;
  /** Result ready on an earlier day than the appointment = early, same day = on time, later = late. */
  classify(finishedAt: Date, appointmentAt: Date): Classification;
  /** Length of a standard working day in ms (7.5 h by default). */
  readonly msPerWorkingDay: number;
  /** The first instant at or after `instant` that lies inside a working session. */
  nextWorkingInstant(instant: Date): Date;
  /** Whether `instant` lies inside a working session (sessions are half-open: [start, end)). */
  isWorkingTime(instant: Date): boolean;
  /** The sessions worked on a local day ('YYYY-MM-DD'); empty on a day off. */
  sessionsOn(day: string): Session[];
}

/** Default sessions of Vietnamese state agencies: 07:30–11:30 and 13:30–17:00 (7.5 h). */
export const DEFAULT_SESSIONS: readonly Session[] = Object.freeze([
  Object.freeze({ start: '07:30', end: '11:30' }),
  Object.freeze({ start: '13:30', end: '17:00' }),
]);
/**
 * Hours in a standard working day of the default sessions (7.5): what the runtime counts a working day as, so the
 * compiler compares working hours with working days the same way (compiler/normalise.ts).
 */
export const DEFAULT_WORKING_DAY_HOURS = DEFAULT_SESSIONS.reduce((sum, s) => {
  const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  return sum + (minutes(s.end) - minutes(s.start)) / 60;
}, 0);
export const DEFAULT_WEEKEND_DAYS: readonly number[] = Object.freeze([0, 6]);
export const VIETNAM_UTC_OFFSET_MINUTES = 420;
/** DESIGN.md §1: paper after 15:00 counts from the next working day; online from the next session. */
export const DEFAULT_CUTOFF: Readonly<CutoffRule> = Object.freeze({ paper: '15:00', online: 'next-session' });

/** Consecutive days without any session before we decide the calendar has no working time at all. */
const MAX_IDLE_DAYS = 3700;

const UNITS: readonly DurationUnit[] = ['working-day', 'working-hour', 'calendar-day'];

/** [startMs, endMs) offsets from local midnight. */
type Span = readonly [number, number];

function parseSessions(sessions: unknown, field: string, allowEmpty: boolean): Span[] {
  if (!Array.isArray(sessions)) {
    throw new CalendarError(field, 'phải là danh sách phiên làm việc', 'must be a list of sessions');
  }
  const spans = sessions.map((s: unknown, i): Span => {
    const f = `${field}[${i}]`;
    if (typeof s !== 'object' || s === null) {
      throw new CalendarError(f, 'phiên làm việc phải có start và end', 'a session needs start and end');
    }
    const { start, end } = s as Session;
    const a = parseClock(start, `${f}.start`);
    const b = parseClock(end, `${f}.end`, true);
    if (b <= a) {
      throw new CalendarError(
        f,
        `giờ kết thúc ${end} phải sau giờ bắt đầu ${start}`,
        `end ${end} must be after start ${start}`,
      );
    }
    return [a * MS_PER_MINUTE, b * MS_PER_MINUTE];
  });
  spans.sort((x, y) => x[0] - y[0]);
  for (let i = 1; i < spans.length; i++) {
    if (spans[i]![0] < spans[i - 1]![1]) {
      throw new CalendarError(field, 'các phiên làm việc chồng lên nhau', 'sessions overlap');
    }
  }
  if (!allowEmpty && spans.length === 0) {
    throw new CalendarError(field, 'cần ít nhất một phiên làm việc', 'at least one session is required');
  }
  return spans;
}

function spansToSessions(spans: readonly Span[]): Session[] {
  return spans.map(([a, b]) => ({
    start: formatClock(a / MS_PER_MINUTE),
    end: formatClock(b / MS_PER_MINUTE),
  }));
}

function checkDuration(duration: Duration): void {
  if (typeof duration !== 'object' || duration === null) {
    throw new CalendarError('duration', 'thiếu thời hạn', 'duration is missing');
  }
  if (!UNITS.includes(duration.unit)) {
    throw new CalendarError(
      'duration.unit',
      `đơn vị "${String(duration.unit)}" không hợp lệ (working-day, working-hour, calendar-day)`,
      `unit "${String(duration.unit)}" is not one of working-day, working-hour, calendar-day`,
    );
  }
  if (typeof duration.amount !== 'number' || !Number.isFinite(duration.amount) || duration.amount < 0) {
    throw new CalendarError(
      'duration.amount',
      `số lượng ${String(duration.amount)} phải là số không âm`,
      `amount ${String(duration.amount)} must be a non-negative number`,
    );
  }
}

function checkChannel(channel: Channel): 'paper' | 'online' {
  if (channel === 'online') return 'online';
  if (channel === 'counter' || channel === 'postal') return 'paper';
  throw new CalendarError(
    'channel',
    `kênh "${String(channel)}" không hợp lệ (counter, online, postal)`,
    `channel "${String(channel)}" is not one of counter, online, postal`,
  );
}

function noWorkingTime(): CalendarError {
  return new CalendarError(
    'calendar',
    `lịch không có ngày làm việc nào trong ${MAX_IDLE_DAYS} ngày liên tiếp`,
    `the calendar has no working day in ${MAX_IDLE_DAYS} consecutive days`,
  );
}

export function createCalendar(data: CalendarData): Calendar {
  if (typeof data !== 'object' || data === null) {
    throw new CalendarError('calendar', 'thiếu dữ liệu lịch', 'calendar data is missing');
  }
  const { utcOffsetMinutes } = data;
  if (!Number.isInteger(utcOffsetMinutes) || utcOffsetMinutes < -720 || utcOffsetMinutes > 840) {
    throw new CalendarError(
      'utcOffsetMinutes',
      `độ lệch múi giờ ${String(utcOffsetMinutes)} phút không hợp lệ (-720..840)`,
      `UTC offset ${String(utcOffsetMinutes)} minutes is invalid (-720..840)`,
    );
  }
  const offsetMs = utcOffsetMinutes * MS_PER_MINUTE;
  const standard = parseSessions(data.sessions, 'sessions', false);
  const msPerWorkingDay = standard.reduce((sum, [a, b]) => sum + b - a, 0);

  if (!Array.isArray(data.weekendDays)) {
    throw new CalendarError('weekendDays', 'phải là danh sách thứ (0-6)', 'must be a list of weekdays (0-6)');
  }
  const weekend = new Set<number>();
  for (const [i, d] of data.weekendDays.entries()) {
    if (!Number.isInteger(d) || d < 0 || d > 6) {
      throw new CalendarError(
        `weekendDays[${i}]`,
        `${String(d)} không phải thứ trong tuần (0 = Chủ nhật ... 6 = Thứ Bảy)`,
        `${String(d)} is not a weekday (0 = Sunday ... 6 = Saturday)`,
      );
    }
    weekend.add(d);
  }

  // Sessions per weekday, resolved once: undefined = day off on that weekday.
  const byWeekday: Array<readonly Span[] | undefined> = [];
  for (let dow = 0; dow < 7; dow++) {
    const override = data.weekdaySessions?.[dow as Weekday];
    if (override !== undefined) {
      const spans = parseSessions(override, `weekdaySessions.${dow}`, true);
      byWeekday[dow] = spans.length ? spans : undefined;
    } else {
      byWeekday[dow] = weekend.has(dow) ? undefined : standard;
    }
  }

  const daysOff = new Set<number>();
  for (const [i, d] of (data.daysOff ?? []).entries()) daysOff.add(parseDay(d, `daysOff[${i}]`));
  const makeUp = new Set<number>();
  for (const [i, d] of (data.workingDays ?? []).entries()) {
    const n = parseDay(d, `workingDays[${i}]`);
    if (daysOff.has(n)) {
      throw new CalendarError(
        `workingDays[${i}]`,
        `ngày ${d} vừa là ngày nghỉ vừa là ngày làm bù`,
        `${d} is listed both as a day off and as a make-up working day`,
      );
    }
    makeUp.add(n);
  }

  const spansOf = (day: number): readonly Span[] | undefined => {
    if (daysOff.has(day)) return undefined;
    // A make-up day replaces a full standard day given off elsewhere, so it works the standard sessions.
    if (makeUp.has(day)) return standard;
    return byWeekday[weekdayOf(day)];
  };

  /** First local ms ≥ t inside a session. */
  const nextWorking = (t: number): number => {
    let day = floorDiv(t, MS_PER_DAY);
    for (let idle = 0; idle <= MAX_IDLE_DAYS; idle++, day++) {
      const spans = spansOf(day);
      if (!spans) continue;
      const base = day * MS_PER_DAY;
      for (const [s, e] of spans) if (base + e > t) return Math.max(base + s, t);
    }
    throw noWorkingTime();
  };

  /** Earliest local ms x with working(t, x) = amount. */
  const addWorking = (t: number, amount: number): number => {
    if (amount <= 0) return t;
    let remaining = amount;
    let day = floorDiv(t, MS_PER_DAY);
    for (let idle = 0; idle <= MAX_IDLE_DAYS; day++) {
      const spans = spansOf(day);
      if (!spans) {
        idle++;
        continue;
      }
      idle = 0;
      const base = day * MS_PER_DAY;
      for (const [s, e] of spans) {
        const end = base + e;
        if (end <= t) continue;
        const from = Math.max(base + s, t);
        const available = end - from;
        // `<=`: a deadline that uses a session up exactly ends at that session's end, not the next morning.
        if (remaining <= available) return from + remaining;
        remaining -= available;
      }
    }
    throw noWorkingTime();
  };

  /** Earliest local ms x with working(x, t) = amount. */
  const subtractWorking = (t: number, amount: number): number => {
    if (amount <= 0) return t;
    let remaining = amount;
    let day = floorDiv(t, MS_PER_DAY);
    let lastStart = t;
    for (let idle = 0; idle <= MAX_IDLE_DAYS; day--) {
      const spans = spansOf(day);
      if (!spans) {
        idle++;
        continue;
      }
      idle = 0;
      const base = day * MS_PER_DAY;
      for (let i = spans.length - 1; i >= 0; i--) {
        const [s, e] = spans[i]!;
        const start = base + s;
        if (start >= t) continue;
        const to = Math.min(base + e, t);
        const available = to - start;
        // Strict `<`: used up exactly at a session start, the search goes on and returns the end of the previous
        // session (remaining 0), the earliest instant with the same working time to `t`.
        if (remaining < available) return to - remaining;
        remaining -= available;
        lastStart = start;
      }
    }
    if (remaining === 0) return lastStart;
    throw noWorkingTime();
  };

  const workingBetween = (a: number, b: number): number => {
    if (b <= a) return 0;
    let total = 0;
    const last = floorDiv(b - 1, MS_PER_DAY);
    for (let day = floorDiv(a, MS_PER_DAY); day <= last; day++) {
      const spans = spansOf(day);
      if (!spans) continue;
      const base = day * MS_PER_DAY;
      for (const [s, e] of spans) {
        const from = Math.max(base + s, a);
        const to = Math.min(base + e, b);
        if (to > from) total += to - from;
      }
    }
    return total;
  };

  /** End of the last session of the first working day whose close is at or after t. */
  const closeOfBusinessAtOrAfter = (t: number): number => {
    let day = floorDiv(t, MS_PER_DAY);
    for (let idle = 0; idle <= MAX_IDLE_DAYS; idle++, day++) {
      const spans = spansOf(day);
      if (!spans) continue;
      const close = day * MS_PER_DAY + spans[spans.length - 1]![1];
      if (close >= t) return close;
    }
    throw noWorkingTime();
  };

  /** t itself on a working day, else the close of the previous working day. */
  const workingDayAtOrBefore = (t: number): number => {
    let day = floorDiv(t, MS_PER_DAY);
    if (spansOf(day)) return t;
    for (let idle = 0; idle <= MAX_IDLE_DAYS; idle++) {
      day--;
      const spans = spansOf(day);
      if (spans) return day * MS_PER_DAY + spans[spans.length - 1]![1];
    }
    throw noWorkingTime();
  };

  const unitMs = (unit: DurationUnit): number =>
    unit === 'working-day' ? msPerWorkingDay : unit === 'working-hour' ? MS_PER_HOUR : MS_PER_DAY;

  const local = (d: Date) => toLocalMs(d, offsetMs);
  const instant = (localMs: number) => new Date(localMs - offsetMs);

  return {
    msPerWorkingDay,
    addDuration(start, duration) {
      checkDuration(duration);
      const t = local(start);
      const amount = Math.round(duration.amount * unitMs(duration.unit));
      if (amount === 0) return instant(t);
      if (duration.unit === 'calendar-day') {
        // Civil Code 2015 arts. 147-148: the period ends at the close of its last day, or of the next working
        // day when the last day is a day off. Fractions are 24-hour periods of wall time.
        return instant(closeOfBusinessAtOrAfter(t + amount));
      }
      return instant(addWorking(t, amount));
    },
    subtractDuration(end, duration) {
      checkDuration(duration);
      const t = local(end);
      const amount = Math.round(duration.amount * unitMs(duration.unit));
      if (amount === 0) return instant(t);
      if (duration.unit === 'calendar-day') return instant(workingDayAtOrBefore(t - amount));
      return instant(subtractWorking(t, amount));
    },
    workingMillisBetween(a, b) {
      return workingBetween(local(a), local(b));
    },
    countingStart(receivedAt, channel, cutoff) {
      const kind = checkChannel(channel);
      const t = local(receivedAt);
      if (kind === 'online') {
        const online = cutoff?.online;
        if (online === 'immediate') return instant(t);
        if (online !== 'next-session') {
          throw new CalendarError(
            'cutoff.online',
            `"${String(online)}" không hợp lệ (next-session, immediate)`,
            `"${String(online)}" is not one of next-session, immediate`,
          );
        }
        return instant(nextWorking(t));
      }
      const cutoffMs = parseClock(cutoff?.paper, 'cutoff.paper') * MS_PER_MINUTE;
      const day = floorDiv(t, MS_PER_DAY);
      // Received at or before the cut-off on a working day: counts that day (from the next session if at lunch).
      if (spansOf(day) && t - day * MS_PER_DAY <= cutoffMs) return instant(nextWorking(t));
      return instant(nextWorking((day + 1) * MS_PER_DAY));
    },
    isWorkingDay(day) {
      return spansOf(parseDay(day)) !== undefined;
    },
    workingDayOf(at) {
      let day = floorDiv(local(at), MS_PER_DAY);
      for (let idle = 0; idle <= MAX_IDLE_DAYS; idle++, day++) if (spansOf(day)) return formatDay(day);
      throw noWorkingTime();
    },
    classify(finishedAt, appointmentAt) {
      const f = floorDiv(local(finishedAt), MS_PER_DAY);
      const a = floorDiv(local(appointmentAt), MS_PER_DAY);
      return f < a ? 'early' : f === a ? 'on-time' : 'late';
    },
    nextWorkingInstant(at) {
      return instant(nextWorking(local(at)));
    },
    isWorkingTime(at) {
      const t = local(at);
      const day = floorDiv(t, MS_PER_DAY);
      const base = day * MS_PER_DAY;
      return (spansOf(day) ?? []).some(([s, e]) => t >= base + s && t < base + e);
    },
    sessionsOn(day) {
      return spansToSessions(spansOf(parseDay(day)) ?? []);
    },
  };
}

/**
 * For tests and demos: every day is a working day, one working day lasts msPerWorkingDay of real time, a working
 * hour msPerWorkingDay/8, a calendar day msPerWorkingDay; no cut-off. Days are counted from `epoch`.
 */
export function createScaledCalendar(opts: { msPerWorkingDay: number; epoch?: Date }): Calendar {
  const msPerWorkingDay = opts?.msPerWorkingDay;
  if (typeof msPerWorkingDay !== 'number' || !Number.isFinite(msPerWorkingDay) || msPerWorkingDay <= 0) {
    throw new CalendarError(
      'msPerWorkingDay',
      `${String(msPerWorkingDay)} phải là số dương`,
      `${String(msPerWorkingDay)} must be a positive number`,
    );
  }
  const epochMs = opts.epoch ? toLocalMs(opts.epoch, 0) : 0;
  const epochDay = floorDiv(epochMs, MS_PER_DAY);
  const unitMs = (unit: DurationUnit) => (unit === 'working-hour' ? msPerWorkingDay / 8 : msPerWorkingDay);
  const dayIndex = (d: Date) => floorDiv(toLocalMs(d, 0) - epochMs, msPerWorkingDay);
  const whole: Session[] = [{ start: '00:00', end: '24:00' }];
  return {
    msPerWorkingDay,
    addDuration(start, duration) {
      checkDuration(duration);
      return new Date(toLocalMs(start, 0) + Math.round(duration.amount * unitMs(duration.unit)));
    },
    subtractDuration(end, duration) {
      checkDuration(duration);
      return new Date(toLocalMs(end, 0) - Math.round(duration.amount * unitMs(duration.unit)));
    },
    workingMillisBetween(a, b) {
      return Math.max(0, toLocalMs(b, 0) - toLocalMs(a, 0));
    },
    countingStart(receivedAt, channel) {
      checkChannel(channel);
      return new Date(toLocalMs(receivedAt, 0));
    },
    isWorkingDay(day) {
      parseDay(day);
      return true;
    },
    workingDayOf(at) {
      return formatDay(epochDay + dayIndex(at));
    },
    classify(finishedAt, appointmentAt) {
      const f = dayIndex(finishedAt);
      const a = dayIndex(appointmentAt);
      return f < a ? 'early' : f === a ? 'on-time' : 'late';
    },
    nextWorkingInstant(at) {
      return new Date(toLocalMs(at, 0));
    },
    isWorkingTime(at) {
      toLocalMs(at, 0);
      return true;
    },
    sessionsOn(day) {
      parseDay(day);
      return whole.map((s) => ({ ...s }));
    },
  };
}
