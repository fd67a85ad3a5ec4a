/**
 * Vietnamese public holidays for state agencies, by rule (Labour Code 2019 arts. 111-112), plus the published
 * government decisions that swap working days. Lunar dates (Tết, Hùng Kings' day) come from date-holidays'
 * Vietnamese calendar, never from a hand-made table. The rules and the evidence for them: calendar/README.md.
 */
import Holidays from 'date-holidays';
import type { LocalizedText } from '../ir/index.js';
import {
  DEFAULT_SESSIONS,
  DEFAULT_WEEKEND_DAYS,
  VIETNAM_UTC_OFFSET_MINUTES,
  type CalendarData,
  type Session,
} from './calendar.js';
import { CalendarError } from './errors.js';
import { dayNumberOfDate, formatDay, parseDay, weekdayOf } from './time.js';

export type CalendarDayKind = 'day-off' | 'working-day';
/** rule = computed from the Labour Code; decision = a published government swap; admin = edited by hand. */
export type CalendarDaySource = 'rule' | 'decision' | 'admin';

export interface CalendarDayEntry {
  day: string;
  kind: CalendarDayKind;
  source: CalendarDaySource;
  reason: LocalizedText;
}

/** A published decision that swaps a working day for a weekend day (hoán đổi ngày làm việc). */
export interface WorkingDaySwap {
  dayOff: string;
  workingDay: string;
  reason: LocalizedText;
}

/**
 * Swaps decided by the Prime Minister for civil servants (công chức, viên chức). Only decisions whose dates were
 * verified against press reports of the official letters are listed; later years are added by admins.
 */
export const KNOWN_SWAPS: readonly WorkingDaySwap[] = Object.freeze([
  {
    dayOff: '2024-04-29',
    workingDay: '2024-05-04',
    reason: {
      vi: 'Hoán đổi ngày làm việc dịp 30/4 và 1/5/2024 (Công văn 2450/VPCP-KGVX ngày 12/4/2024)',
      en: 'Working day swapped for 30 April and 1 May 2024 (Government Office letter 2450/VPCP-KGVX, 12 April 2024)',
    },
  },
  {
    dayOff: '2025-05-02',
    workingDay: '2025-04-26',
    reason: {
      vi: 'Hoán đổi ngày làm việc thứ Sáu 2/5/2025 sang thứ Bảy 26/4/2025 (nghỉ 30/4 - 4/5/2025)',
      en: 'Friday 2 May 2025 swapped with Saturday 26 April 2025 (holiday 30 April - 4 May 2025)',
    },
  },
  {
    dayOff: '2026-01-02',
    workingDay: '2026-01-10',
    reason: {
      vi: 'Hoán đổi ngày làm việc thứ Sáu 2/1/2026 sang thứ Bảy 10/1/2026 (Công văn 12729/VPCP-KGVX ngày 25/12/2025)',
      en: 'Friday 2 January 2026 swapped with Saturday 10 January 2026 (Government Office letter 12729/VPCP-KGVX, 25 December 2025)',
    },
  },
]);

const TEXT = {
  newYear: { vi: 'Tết Dương lịch', en: "New Year's Day" },
  tet: { vi: 'Tết Nguyên đán', en: 'Lunar New Year (Tết)' },
  hungKings: {
    vi: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)',
    en: "Hung Kings' Commemoration (10th day of 3rd lunar month)",
  },
  reunification: { vi: 'Ngày Chiến thắng (30/4)', en: 'Reunification Day (30 April)' },
  labour: { vi: 'Ngày Quốc tế Lao động (1/5)', en: 'International Labour Day (1 May)' },
  national: { vi: 'Quốc khánh (2/9)', en: 'National Day (2 September)' },
  nationalAdjacent: { vi: 'Quốc khánh (ngày liền kề 2/9)', en: 'National Day (day adjacent to 2 September)' },
} satisfies Record<string, LocalizedText>;

/** Lunar dates from date-holidays (its VN data computes the Vietnamese lunisolar calendar). */
let vn: Holidays | undefined;
// date-holidays computes every VN rule of a year (tens of ms); the two dates we need never change.
const lunarCache = new Map<number, { tet: number; hungKings: number }>();
function lunarDates(year: number): { tet: number; hungKings: number } {
  const cached = lunarCache.get(year);
  if (cached) return cached;
  vn ??= new Holidays('VN');
  let tet: number | undefined;
  let hungKings: number | undefined;
  for (const h of vn.getHolidays(year)) {
    // `date` is 'YYYY-MM-DD hh:mm:ss' in the holiday's own zone (Asia/Ho_Chi_Minh), not the machine's.
    if (h.rule === 'vietnamese 1-0-1') tet = parseDay(h.date.slice(0, 10));
    if (h.rule === 'vietnamese 3-0-10') hungKings = parseDay(h.date.slice(0, 10));
  }
  if (tet === undefined || hungKings === undefined) {
    throw new CalendarError(
      'years',
      `date-holidays không có ngày âm lịch của năm ${year}`,
      `date-holidays has no lunar dates for ${year}`,
    );
  }
  const dates = { tet, hungKings };
  lunarCache.set(year, dates);
  return dates;
}

const NATIONAL_WEEKEND = new Set<number>([0, 6]);
const isWeekend = (day: number) => NATIONAL_WEEKEND.has(weekdayOf(day));

/**
 * The five Tết days: a run of five days containing the last day(s) of the lunar year and the new year's day.
 * The government picks the run that is Monday-Friday when one of the two candidates (starting one or two days
 * before the new year) is, otherwise the run starting two days before. This reproduces every decision from 2021
 * (the 2019 Labour Code) to 2026; see README.
 */
function tetDays(newYear: number): number[] {
  for (const before of [1, 2]) {
    const first = newYear - before;
    if (weekdayOf(first) === 1) return [0, 1, 2, 3, 4].map((i) => first + i);
  }
  return [0, 1, 2, 3, 4].map((i) => newYear - 2 + i);
}

/**
 * The day adjacent to 2/9 (Labour Code 2019 art. 112: "ngày 02/9 và 01 ngày liền kề trước hoặc sau"): the one
 * that joins the holiday to a weekend, or the day before when neither does. Matches 2021-2025.
 */
function nationalDayAdjacent(year: number): number {
  const sep2 = dayNumberOfDate(year, 9, 2);
  const dow = weekdayOf(sep2);
  // Mon → Tue 3/9; Thu → Fri 3/9; Sun → Mon 3/9 (Saturday 1/9 is already off); otherwise 1/9.
  return dow === 1 || dow === 4 || dow === 0 ? sep2 + 1 : sep2 - 1;
}

/**
 * Rule-based days of one year for state agencies: holidays (including those on weekends, for the record),
 * compensatory days off, and the known government swaps. Sorted by day.
 */
export function vietnamHolidays(
  year: number,
  opts: { includeKnownSwaps?: boolean } = {},
): CalendarDayEntry[] {
  if (!Number.isInteger(year) || year < 1990 || year > 2200) {
    throw new CalendarError(
      'years',
      `năm ${String(year)} không hợp lệ (1990-2200)`,
      `year ${String(year)} is out of range (1990-2200)`,
    );
  }
  const { tet, hungKings } = lunarDates(year);
  const holidays = new Map<number, LocalizedText>();
  holidays.set(dayNumberOfDate(year, 1, 1), TEXT.newYear);
  for (const d of tetDays(tet)) holidays.set(d, TEXT.tet);
  holidays.set(hungKings, TEXT.hungKings);
  holidays.set(dayNumberOfDate(year, 4, 30), TEXT.reunification);
  holidays.set(dayNumberOfDate(year, 5, 1), TEXT.labour);
  holidays.set(dayNumberOfDate(year, 9, 2), TEXT.national);
  // The adjacent National Day holiday exists since the 2019 Labour Code took effect (1 January 2021).
  if (year >= 2021) holidays.set(nationalDayAdjacent(year), TEXT.nationalAdjacent);

  // Labour Code art. 111(3): a holiday on a weekly day off gives a compensatory day on the next working day.
  const entries = new Map<number, CalendarDayEntry>();
  for (const [d, reason] of holidays)
    entries.set(d, { day: formatDay(d), kind: 'day-off', source: 'rule', reason });
  const taken = new Set(holidays.keys());
  for (const d of [...holidays.keys()].sort((a, b) => a - b)) {
    if (!isWeekend(d)) continue;
    let c = d + 1;
    while (isWeekend(c) || taken.has(c)) c++;
    taken.add(c);
    const of = holidays.get(d)!;
    entries.set(c, {
      day: formatDay(c),
      kind: 'day-off',
      source: 'rule',
      reason: {
        vi: `Nghỉ bù ${of.vi} (${formatDay(d)})`,
        en: `Compensatory day off for ${of.en} (${formatDay(d)})`,
      },
    });
  }

  if (opts.includeKnownSwaps !== false) {
    for (const swap of KNOWN_SWAPS) {
      if (swap.dayOff.startsWith(`${year}-`)) {
        entries.set(parseDay(swap.dayOff), {
          day: swap.dayOff,
          kind: 'day-off',
          source: 'decision',
          reason: swap.reason,
        });
      }
      if (swap.workingDay.startsWith(`${year}-`)) {
        entries.set(parseDay(swap.workingDay), {
          day: swap.workingDay,
          kind: 'working-day',
          source: 'decision',
          reason: swap.reason,
        });
      }
    }
  }
  return [...entries.entries()].sort((a, b) => a[0] - b[0]).map(([, e]) => e);
}

function checkYears(years: number[]): number[] {
  if (!Array.isArray(years) || years.length === 0) {
    throw new CalendarError('years', 'cần ít nhất một năm', 'at least one year is required');
  }
  return [...new Set(years)].sort((a, b) => a - b);
}

/** Rule-based entries for several years (what seedCalendars writes). */
export function ruleBasedDays(years: number[]): CalendarDayEntry[] {
  return checkYears(years).flatMap((y) => vietnamHolidays(y));
}

/**
 * Applies entries in order onto day-off / working-day lists: a later entry for the same day replaces an earlier
 * one. Used to lay agency overrides over the default calendar.
 */
export function applyDayEntries(
  base: { daysOff: string[]; workingDays: string[] },
  entries: Iterable<{ day: string; kind: CalendarDayKind }>,
): { daysOff: string[]; workingDays: string[] } {
  const kinds = new Map<string, CalendarDayKind>();
  for (const d of base.daysOff) kinds.set(d, 'day-off');
  for (const d of base.workingDays) kinds.set(d, 'working-day');
  for (const e of entries) {
    parseDay(e.day);
    kinds.set(e.day, e.kind);
  }
  const daysOff: string[] = [];
  const workingDays: string[] = [];
  for (const [d, k] of [...kinds.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    (k === 'day-off' ? daysOff : workingDays).push(d);
  }
  return { daysOff, workingDays };
}

/**
 * The national default calendar for `years`, seeded by rule. `overrides` replaces the scalar fields and sessions;
 * its daysOff / workingDays are laid over the rule days (an override wins over the rule for the same day).
 */
export function defaultCalendarData(years: number[], overrides: Partial<CalendarData> = {}): CalendarData {
  const days = ruleBasedDays(years);
  const lists = applyDayEntries(
    {
      daysOff: days.filter((d) => d.kind === 'day-off').map((d) => d.day),
      workingDays: days.filter((d) => d.kind === 'working-day').map((d) => d.day),
    },
    [
      ...(overrides.daysOff ?? []).map((day) => ({ day, kind: 'day-off' as const })),
      ...(overrides.workingDays ?? []).map((day) => ({ day, kind: 'working-day' as const })),
    ],
  );
  const data: CalendarData = {
    utcOffsetMinutes: overrides.utcOffsetMinutes ?? VIETNAM_UTC_OFFSET_MINUTES,
    sessions: (overrides.sessions ?? DEFAULT_SESSIONS).map((s: Session) => ({ ...s })),
    weekendDays: [...(overrides.weekendDays ?? DEFAULT_WEEKEND_DAYS)],
    daysOff: lists.daysOff,
    workingDays: lists.workingDays,
  };
  if (overrides.weekdaySessions) data.weekdaySessions = overrides.weekdaySessions;
  return data;
}
