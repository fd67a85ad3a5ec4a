/**
 * Calendar persistence (tables of migration 20261122000100_calendar): the default calendar '*' and per-agency
 * overrides. Only a knex instance comes in; nothing here runs at import time, so the pure calendar stays usable
 * anywhere.
 */
import type { Knex } from 'knex';
import type { LocalizedText } from '../ir/index.js';
import {
  DEFAULT_SESSIONS,
  DEFAULT_WEEKEND_DAYS,
  VIETNAM_UTC_OFFSET_MINUTES,
  createCalendar,
  type CalendarData,
  type Session,
  type Weekday,
} from './calendar.js';
import { CalendarError } from './errors.js';
import { applyDayEntries, ruleBasedDays, type CalendarDayKind, type CalendarDaySource } from './holidays.js';
import { parseDay } from './time.js';

/** The calendar that applies wherever an agency has no row of its own. */
export const DEFAULT_AGENCY = '*';
const SEED_ACTOR = 'system:seed';

export interface CalendarDayRecord {
  agencyCode: string;
  day: string;
  kind: CalendarDayKind;
  source: CalendarDaySource;
  reason: LocalizedText;
  actor: string;
  updatedAt: Date;
}

export interface AgencySessions {
  sessions: Session[];
  weekdaySessions?: Partial<Record<Weekday, Session[]>>;
  weekendDays: number[];
  utcOffsetMinutes: number;
}

function agencyOf(agencyCode: string | undefined): string {
  if (agencyCode === undefined) return DEFAULT_AGENCY;
  if (typeof agencyCode !== 'string' || agencyCode.trim() === '' || agencyCode.length > 64) {
    throw new CalendarError(
      'agencyCode',
      'mã cơ quan phải là chuỗi 1-64 ký tự (hoặc "*" cho lịch mặc định)',
      'agency code must be a 1-64 character string (or "*" for the default calendar)',
    );
  }
  return agencyCode;
}

function checkYears(years: number[]): number[] {
  if (!Array.isArray(years) || years.length === 0 || !years.every((y) => Number.isInteger(y))) {
    throw new CalendarError(
      'years',
      'cần danh sách năm (số nguyên)',
      'a list of years (integers) is required',
    );
  }
  return [...new Set(years)].sort((a, b) => a - b);
}

function checkKind(kind: string): CalendarDayKind {
  if (kind !== 'day-off' && kind !== 'working-day') {
    throw new CalendarError(
      'kind',
      `"${String(kind)}" không hợp lệ (day-off, working-day)`,
      `"${String(kind)}" is not one of day-off, working-day`,
    );
  }
  return kind;
}

function checkActor(actor: string): string {
  if (typeof actor !== 'string' || actor.trim() === '' || actor.length > 128) {
    throw new CalendarError(
      'actor',
      'cần người thực hiện (1-128 ký tự)',
      'actor is required (1-128 characters)',
    );
  }
  return actor;
}

interface DayRow {
  agency_code: string;
  day: string;
  kind: CalendarDayKind;
  source: CalendarDaySource;
  reason_vi: string;
  reason_en: string | null;
  actor: string;
  updated_at: Date;
}

function dayColumns(knex: Knex) {
  // DATE read as text: pg would otherwise build a Date at the machine's local midnight.
  return [
    'agency_code',
    knex.raw("to_char(day, 'YYYY-MM-DD') as day"),
    'kind',
    'source',
    'reason_vi',
    'reason_en',
    'actor',
    'updated_at',
  ];
}

function toRecord(r: DayRow): CalendarDayRecord {
  const reason: LocalizedText = { vi: r.reason_vi };
  if (r.reason_en) reason.en = r.reason_en;
  return {
    agencyCode: r.agency_code,
    day: r.day,
    kind: r.kind,
    source: r.source,
    reason,
    actor: r.actor,
    updatedAt: r.updated_at,
  };
}

async function daysIn(knex: Knex, agencies: string[], years: number[]): Promise<DayRow[]> {
  const set = new Set(years);
  const rows = (await knex('calendar_days')
    .select(dayColumns(knex))
    .whereIn('agency_code', agencies)
    .andWhere('day', '>=', `${years[0]}-01-01`)
    .andWhere('day', '<=', `${years[years.length - 1]}-12-31`)
    .orderBy('day')) as DayRow[];
  return rows.filter((r) => set.has(Number(r.day.slice(0, 4))));
}

/**
 * The calendar data of an agency for `years`: its sessions (or the default's, or the built-in defaults), and the
 * rule-based days overlaid with the default calendar's rows and then the agency's rows (later wins per day).
 * Load the receipt year and the next one so deadlines that cross New Year see next year's Tết.
 */
export async function loadCalendarData(opts: {
  knex: Knex;
  agencyCode?: string;
  years: number[];
}): Promise<CalendarData> {
  const { knex } = opts;
  const agency = agencyOf(opts.agencyCode);
  const years = checkYears(opts.years);
  const agencies = agency === DEFAULT_AGENCY ? [DEFAULT_AGENCY] : [DEFAULT_AGENCY, agency];

  const settingsRows = (await knex('calendar_sessions')
    .select('*')
    .whereIn('agency_code', agencies)) as Array<{
    agency_code: string;
    sessions: Session[];
    weekday_sessions: Partial<Record<Weekday, Session[]>>;
    weekend_days: number[];
    utc_offset_minutes: number;
  }>;
  const settings =
    settingsRows.find((r) => r.agency_code === agency) ??
    settingsRows.find((r) => r.agency_code === DEFAULT_AGENCY);

  const rule = ruleBasedDays(years);
  const rows = await daysIn(knex, agencies, years);
  const lists = applyDayEntries(
    {
      daysOff: rule.filter((d) => d.kind === 'day-off').map((d) => d.day),
      workingDays: rule.filter((d) => d.kind === 'working-day').map((d) => d.day),
    },
    [
      ...rows.filter((r) => r.agency_code === DEFAULT_AGENCY),
      ...rows.filter((r) => r.agency_code !== DEFAULT_AGENCY),
    ],
  );

  const data: CalendarData = {
    utcOffsetMinutes: settings?.utc_offset_minutes ?? VIETNAM_UTC_OFFSET_MINUTES,
    sessions: settings?.sessions ?? DEFAULT_SESSIONS.map((s) => ({ ...s })),
    weekendDays: settings?.weekend_days ?? [...DEFAULT_WEEKEND_DAYS],
    daysOff: lists.daysOff,
    workingDays: lists.workingDays,
  };
  if (settings && Object.keys(settings.weekday_sessions ?? {}).length > 0) {
    data.weekdaySessions = settings.weekday_sessions;
  }
  return data;
}

/**
 * Writes the rule-based days (holidays, compensatory days, known swaps) of `years` into the default calendar and
 * the default sessions. Idempotent: existing rows, including admins' edits, are left untouched.
 */
export async function seedCalendars(opts: { knex: Knex; years: number[] }): Promise<{ inserted: number }> {
  const { knex } = opts;
  const entries = ruleBasedDays(checkYears(opts.years));
  return knex.transaction(async (trx) => {
    await trx('calendar_sessions')
      .insert({
        agency_code: DEFAULT_AGENCY,
        sessions: JSON.stringify(DEFAULT_SESSIONS),
        weekday_sessions: JSON.stringify({}),
        weekend_days: JSON.stringify(DEFAULT_WEEKEND_DAYS),
        utc_offset_minutes: VIETNAM_UTC_OFFSET_MINUTES,
        actor: SEED_ACTOR,
      })
      .onConflict('agency_code')
      .ignore();
    if (entries.length === 0) return { inserted: 0 };
    const inserted = await trx('calendar_days')
      .insert(
        entries.map((e) => ({
          agency_code: DEFAULT_AGENCY,
          day: e.day,
          kind: e.kind,
          source: e.source,
          reason_vi: e.reason.vi,
          reason_en: e.reason.en ?? null,
          actor: SEED_ACTOR,
        })),
      )
      .onConflict(['agency_code', 'day'])
      .ignore()
      .returning('id');
    return { inserted: inserted.length };
  });
}

/** Admin edit: makes `day` a day off or a make-up working day for an agency (or the default calendar). */
export async function setCalendarDay(opts: {
  knex: Knex;
  agencyCode?: string;
  day: string;
  kind: 'day-off' | 'working-day';
  reason: LocalizedText;
  actor: string;
}): Promise<void> {
  const agency = agencyOf(opts.agencyCode);
  parseDay(opts.day, 'day');
  const kind = checkKind(opts.kind);
  const actor = checkActor(opts.actor);
  if (typeof opts.reason?.vi !== 'string' || opts.reason.vi.trim() === '') {
    throw new CalendarError('reason.vi', 'cần lý do bằng tiếng Việt', 'a reason in Vietnamese is required');
  }
  const row = {
    kind,
    source: 'admin' as const,
    reason_vi: opts.reason.vi,
    reason_en: opts.reason.en ?? null,
    actor,
  };
  await opts
    .knex('calendar_days')
    .insert({ agency_code: agency, day: opts.day, ...row })
    .onConflict(['agency_code', 'day'])
    .merge({ ...row, updated_at: opts.knex.fn.now() });
}

/**
 * Removes an agency's row for `day`, so the default calendar applies again. On the default calendar the rule day
 * comes back (rules are always underneath); to turn a rule holiday into a working day use setCalendarDay.
 */
export async function clearCalendarDay(opts: {
  knex: Knex;
  agencyCode?: string;
  day: string;
}): Promise<{ deleted: boolean }> {
  const agency = agencyOf(opts.agencyCode);
  parseDay(opts.day, 'day');
  const n = await opts.knex('calendar_days').where({ agency_code: agency, day: opts.day }).delete();
  return { deleted: n > 0 };
}

/** The stored rows of one calendar ('*' by default) for `years`, for the admin screen. */
export async function listCalendarDays(opts: {
  knex: Knex;
  agencyCode?: string;
  years: number[];
}): Promise<CalendarDayRecord[]> {
  const rows = await daysIn(opts.knex, [agencyOf(opts.agencyCode)], checkYears(opts.years));
  return rows.map(toRecord);
}

/**
 * Admin edit: the working sessions of an agency (or of the default calendar). Omitted fields take the built-in
 * defaults (weekend Saturday and Sunday, UTC+7). Validated as a whole calendar before it is written.
 */
export async function setAgencySessions(opts: {
  knex: Knex;
  agencyCode?: string;
  sessions: Session[];
  weekdaySessions?: Partial<Record<Weekday, Session[]>>;
  weekendDays?: number[];
  utcOffsetMinutes?: number;
  actor: string;
}): Promise<void> {
  const agency = agencyOf(opts.agencyCode);
  const actor = checkActor(opts.actor);
  const value: AgencySessions = {
    sessions: opts.sessions,
    weekendDays: opts.weekendDays ?? [...DEFAULT_WEEKEND_DAYS],
    utcOffsetMinutes: opts.utcOffsetMinutes ?? VIETNAM_UTC_OFFSET_MINUTES,
  };
  if (opts.weekdaySessions) value.weekdaySessions = opts.weekdaySessions;
  const weekdaySessions = value.weekdaySessions ?? {};
  for (const key of Object.keys(weekdaySessions)) {
    if (!/^[0-6]$/.test(key)) {
      throw new CalendarError(
        `weekdaySessions.${key}`,
        'khóa phải là thứ trong tuần 0-6',
        'keys must be weekdays 0-6',
      );
    }
  }
  // Throws a CalendarError naming the bad field.
  createCalendar({ ...value, daysOff: [], workingDays: [] });
  const row = {
    sessions: JSON.stringify(value.sessions),
    weekday_sessions: JSON.stringify(weekdaySessions),
    weekend_days: JSON.stringify(value.weekendDays),
    utc_offset_minutes: value.utcOffsetMinutes,
    actor,
  };
  await opts
    .knex('calendar_sessions')
    .insert({ agency_code: agency, ...row })
    .onConflict('agency_code')
    .merge({ ...row, updated_at: opts.knex.fn.now() });
}

/** The stored sessions of one calendar, or undefined when it has none (then the default applies). */
export async function getAgencySessions(opts: {
  knex: Knex;
  agencyCode?: string;
}): Promise<AgencySessions | undefined> {
  const row = (await opts
    .knex('calendar_sessions')
    .where({ agency_code: agencyOf(opts.agencyCode) })
    .first()) as
    | {
        sessions: Session[];
        weekday_sessions: Partial<Record<Weekday, Session[]>>;
        weekend_days: number[];
        utc_offset_minutes: number;
      }
    | undefined;
  if (!row) return undefined;
  const out: AgencySessions = {
    sessions: row.sessions,
    weekendDays: row.weekend_days,
    utcOffsetMinutes: row.utc_offset_minutes,
  };
  if (Object.keys(row.weekday_sessions ?? {}).length > 0) out.weekdaySessions = row.weekday_sessions;
  return out;
}
