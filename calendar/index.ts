/**
 * The working calendar: deadlines (appointment dates, SLA instants) in working days, working hours and calendar
 * days; the cut-off rule; classification early / on time / late; Vietnamese holidays seeded by rule; admins'
 * yearly overrides per agency in PostgreSQL. Rules and sources: calendar/README.md.
 *
 * The arithmetic (createCalendar, createScaledCalendar) is pure. The knex functions take a knex instance and do
 * nothing at import time, so activities can import this module freely.
 */
export {
  DEFAULT_CUTOFF,
  DEFAULT_SESSIONS,
  DEFAULT_WORKING_DAY_HOURS,
  DEFAULT_WEEKEND_DAYS,
  VIETNAM_UTC_OFFSET_MINUTES,
  createCalendar,
  createScaledCalendar,
  type Calendar,
  type CalendarData,
  type CutoffRule,
  type Session,
  type Weekday,
} from './calendar.js';
export { CalendarError } from './errors.js';
export {
  KNOWN_SWAPS,
  applyDayEntries,
  defaultCalendarData,
  ruleBasedDays,
  vietnamHolidays,
  type CalendarDayEntry,
  type CalendarDayKind,
  type CalendarDaySource,
  type WorkingDaySwap,
} from './holidays.js';
export {
  DEFAULT_AGENCY,
  clearCalendarDay,
  getAgencySessions,
  listCalendarDays,
  loadCalendarData,
  seedCalendars,
  setAgencySessions,
  setCalendarDay,
  type AgencySessions,
  type CalendarDayRecord,
} from './store.js';
