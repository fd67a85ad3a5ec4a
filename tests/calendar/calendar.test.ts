/**
 * The calendar's arithmetic beyond the named appointment cases: subtraction, working time between instants,
 * working days, validation errors, the scaled calendar, and properties checked against a minute-by-minute
 * reference implementation.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import {
  CalendarError,
  DEFAULT_CUTOFF,
  createCalendar,
  createScaledCalendar,
  defaultCalendarData,
  type CalendarData,
} from '../../calendar/index.js';
import { cd, show, vn, wd, wh } from './helpers.js';

const HOUR = 3_600_000;
const national = createCalendar(defaultCalendarData([2025, 2026, 2027]));
const sub = (end: string, d: Parameters<typeof national.subtractDuration>[1]) =>
  show(national.subtractDuration(vn(end), d));

function expectCalendarError(fn: () => unknown, field: string): void {
  try {
    fn();
  } catch (err) {
    expect(err).to.be.instanceOf(CalendarError);
    const e = err as CalendarError;
    expect(e.field).to.equal(field);
    expect(e.text.vi).to.be.a('string').and.not.equal('');
    expect(e.text.en).to.be.a('string').and.not.equal('');
    return;
  }
  expect.fail(`expected a CalendarError on ${field}`);
}

describe('calendar: arithmetic', () => {
  describe('subtractDuration (earliest instant from which the duration reaches the end)', () => {
    it('one working day before Wednesday 25/2/2026 17:00 is Tuesday 24/2 17:00', () =>
      expect(sub('2026-02-25 17:00', wd(1))).to.equal('2026-02-24 17:00'));
    it('one working day before Monday 23/2/2026 17:00 (first day after Tết) is Friday 13/2 17:00', () =>
      expect(sub('2026-02-23 17:00', wd(1))).to.equal('2026-02-13 17:00'));
    it('0.5 day before Tuesday 11:15 is Monday 17:00 (not Tuesday 07:30)', () =>
      expect(sub('2026-03-10 11:15', wd(0.5))).to.equal('2026-03-09 17:00'));
    it('1 h before 14:30 is 11:30 (lunch skipped); 2 h before 14:00 is 10:00', () => {
      expect(sub('2026-03-09 14:30', wh(1))).to.equal('2026-03-09 11:30');
      expect(sub('2026-03-09 14:00', wh(2))).to.equal('2026-03-09 10:00');
    });
    it('from outside working time (Tuesday 20:00) 1 h back is 16:00', () =>
      expect(sub('2026-03-10 20:00', wh(1))).to.equal('2026-03-10 16:00'));
    it('calendar days: 3 before Thursday 12/3 17:00 is Monday 9/3 17:00; 2 before Monday 10:00 is Friday 17:00', () => {
      expect(sub('2026-03-12 17:00', cd(3))).to.equal('2026-03-09 17:00');
      expect(sub('2026-03-09 10:00', cd(2))).to.equal('2026-03-06 17:00');
    });
  });

  describe('workingMillisBetween', () => {
    it('one standard day is 7.5 h; [a, b) with b <= a is 0', () => {
      expect(national.workingMillisBetween(vn('2026-03-09 07:30'), vn('2026-03-09 17:00'))).to.equal(
        7.5 * HOUR,
      );
      expect(national.workingMillisBetween(vn('2026-03-09 17:00'), vn('2026-03-09 07:30'))).to.equal(0);
      expect(national.msPerWorkingDay).to.equal(7.5 * HOUR);
    });
    it('Friday 13/2/2026 15:00 → Monday 23/2 09:15 across Tết is 3 h 45', () =>
      expect(national.workingMillisBetween(vn('2026-02-13 15:00'), vn('2026-02-23 09:15'))).to.equal(
        3.75 * HOUR,
      ));
    it('the whole of 2026 has 250 working days (261 weekdays − 12 weekday holidays + Saturday 10/1)', () =>
      expect(national.workingMillisBetween(vn('2026-01-01 00:00'), vn('2027-01-01 00:00'))).to.equal(
        250 * 7.5 * HOUR,
      ));
  });

  describe('working days', () => {
    it('isWorkingDay / workingDayOf / isWorkingTime / nextWorkingInstant', () => {
      expect(national.isWorkingDay('2026-02-16')).to.equal(false);
      expect(national.isWorkingDay('2026-02-23')).to.equal(true);
      expect(national.workingDayOf(vn('2026-02-14 10:00'))).to.equal('2026-02-23');
      expect(national.workingDayOf(vn('2026-02-23 20:00'))).to.equal('2026-02-23');
      // 00:30 local on the 24th is still the 23rd in UTC.
      expect(national.workingDayOf(vn('2026-02-24 00:30'))).to.equal('2026-02-24');
      expect(national.isWorkingTime(vn('2026-02-23 07:30'))).to.equal(true);
      expect(national.isWorkingTime(vn('2026-02-23 11:30'))).to.equal(false);
      expect(show(national.nextWorkingInstant(vn('2026-02-23 11:30')))).to.equal('2026-02-23 13:30');
      expect(national.sessionsOn('2026-02-23')).to.deep.equal([
        { start: '07:30', end: '11:30' },
        { start: '13:30', end: '17:00' },
      ]);
      expect(national.sessionsOn('2026-02-16')).to.deep.equal([]);
    });
    it('agency sessions change the length of a working day', () => {
      const cal = createCalendar(
        defaultCalendarData([2026], {
          sessions: [
            { start: '08:00', end: '12:00' },
            { start: '13:00', end: '17:00' },
          ],
        }),
      );
      expect(cal.msPerWorkingDay).to.equal(8 * HOUR);
      expect(show(cal.addDuration(vn('2026-03-09 08:00'), wd(0.5)))).to.equal('2026-03-09 12:00');
    });
    it('a make-up day works the standard sessions; weekdaySessions [] closes a weekday', () => {
      const cal = createCalendar({
        ...defaultCalendarData([2026]),
        weekdaySessions: { 3: [] },
        workingDays: ['2026-03-14'],
      });
      expect(cal.isWorkingDay('2026-03-11')).to.equal(false);
      expect(cal.sessionsOn('2026-03-14')).to.have.length(2);
    });
    it('long durations step per day: 1,000 working days complete and round-trip', () => {
      const start = vn('2026-03-09 07:30');
      const end = national.addDuration(start, wd(1000));
      // Beyond 2027 only weekends are known, so the end is late in 2029.
      expect(end.getUTCFullYear()).to.be.within(2029, 2030);
      expect(national.workingMillisBetween(start, end)).to.equal(1000 * national.msPerWorkingDay);
    });
  });

  describe('bad input gets a CalendarError naming the field, in Vietnamese and English', () => {
    const base = (): CalendarData => defaultCalendarData([2026]);
    it('calendar data', () => {
      expectCalendarError(() => createCalendar({ ...base(), daysOff: ['2026-02-30'] }), 'daysOff[0]');
      expectCalendarError(
        () => createCalendar({ ...base(), sessions: [{ start: '25:00', end: '26:00' }] }),
        'sessions[0].start',
      );
      expectCalendarError(
        () => createCalendar({ ...base(), sessions: [{ start: '13:00', end: '12:00' }] }),
        'sessions[0]',
      );
      expectCalendarError(
        () =>
          createCalendar({
            ...base(),
            sessions: [
              { start: '08:00', end: '12:00' },
              { start: '11:00', end: '17:00' },
            ],
          }),
        'sessions',
      );
      expectCalendarError(() => createCalendar({ ...base(), sessions: [] }), 'sessions');
      expectCalendarError(() => createCalendar({ ...base(), weekendDays: [7] }), 'weekendDays[0]');
      expectCalendarError(
        () => createCalendar({ ...base(), utcOffsetMinutes: 7 * 60.5 }),
        'utcOffsetMinutes',
      );
      expectCalendarError(
        () => createCalendar({ ...base(), daysOff: ['2026-03-14'], workingDays: ['2026-03-14'] }),
        'workingDays[0]',
      );
      expectCalendarError(
        () => createCalendar({ ...base(), weekdaySessions: { 6: [{ start: '7:30', end: '11:30' }] } }),
        'weekdaySessions.6[0].start',
      );
    });
    it('durations, channels, cut-offs, days and instants', () => {
      expectCalendarError(
        () => national.addDuration(vn('2026-03-09 08:00'), { amount: -1, unit: 'working-day' }),
        'duration.amount',
      );
      expectCalendarError(
        () => national.addDuration(vn('2026-03-09 08:00'), { amount: Number.NaN, unit: 'working-day' }),
        'duration.amount',
      );
      expectCalendarError(
        () => national.addDuration(vn('2026-03-09 08:00'), { amount: 1, unit: 'week' as never }),
        'duration.unit',
      );
      expectCalendarError(
        () => national.countingStart(vn('2026-03-09 08:00'), 'fax' as never, DEFAULT_CUTOFF),
        'channel',
      );
      expectCalendarError(
        () =>
          national.countingStart(vn('2026-03-09 08:00'), 'counter', { paper: '3pm', online: 'next-session' }),
        'cutoff.paper',
      );
      expectCalendarError(
        () =>
          national.countingStart(vn('2026-03-09 08:00'), 'online', {
            paper: '15:00',
            online: 'later' as never,
          }),
        'cutoff.online',
      );
      expectCalendarError(() => national.isWorkingDay('9/3/2026'), 'day');
      expectCalendarError(() => national.addDuration(new Date('nonsense'), wd(1)), 'instant');
    });
    it('a calendar without any working day fails with an error instead of looping forever', () => {
      const closed = createCalendar({ ...base(), weekendDays: [0, 1, 2, 3, 4, 5, 6] });
      expectCalendarError(() => closed.addDuration(vn('2026-03-09 08:00'), wd(1)), 'calendar');
    });
  });

  describe('createScaledCalendar', () => {
    const epoch = new Date('2026-01-01T00:00:00Z');
    const scaled = createScaledCalendar({ msPerWorkingDay: 1000, epoch });
    const t0 = new Date(epoch.getTime() + 500);
    it('working day = msPerWorkingDay, working hour = 1/8 of it, calendar day = msPerWorkingDay', () => {
      expect(scaled.addDuration(t0, wd(1.5)).getTime() - t0.getTime()).to.equal(1500);
      expect(scaled.addDuration(t0, wh(8)).getTime() - t0.getTime()).to.equal(1000);
      expect(scaled.addDuration(t0, wh(1)).getTime() - t0.getTime()).to.equal(125);
      expect(scaled.addDuration(t0, cd(2)).getTime() - t0.getTime()).to.equal(2000);
      expect(t0.getTime() - scaled.subtractDuration(t0, wd(0.25)).getTime()).to.equal(250);
      expect(scaled.msPerWorkingDay).to.equal(1000);
    });
    it('no cut-off, every instant is working time, days counted from the epoch', () => {
      const late = new Date(epoch.getTime() + 2 * 86_400_000 + 3);
      expect(scaled.countingStart(late, 'counter', DEFAULT_CUTOFF).getTime()).to.equal(late.getTime());
      expect(scaled.workingMillisBetween(t0, new Date(t0.getTime() + 1234))).to.equal(1234);
      expect(scaled.workingDayOf(t0)).to.equal('2026-01-01');
      expect(scaled.workingDayOf(new Date(epoch.getTime() + 2500))).to.equal('2026-01-03');
      expect(scaled.classify(new Date(epoch.getTime() + 900), new Date(epoch.getTime() + 1100))).to.equal(
        'early',
      );
      expect(scaled.classify(new Date(epoch.getTime() + 2100), new Date(epoch.getTime() + 1100))).to.equal(
        'late',
      );
      expect(scaled.classify(new Date(epoch.getTime() + 1000), new Date(epoch.getTime() + 1999))).to.equal(
        'on-time',
      );
      expect(scaled.isWorkingDay('2026-02-17')).to.equal(true);
    });
    it('rejects a non-positive scale', () => {
      expectCalendarError(() => createScaledCalendar({ msPerWorkingDay: 0 }), 'msPerWorkingDay');
    });
  });

  describe('properties against a minute-by-minute reference (2026, across Tết and swaps)', () => {
    const MINUTE = 60_000;
    const OFFSET = 7 * HOUR;
    const sessions = [
      [7.5 * 60, 11.5 * 60],
      [13.5 * 60, 17 * 60],
    ] as const;
    // Independent of the stepping code: only isWorkingDay (the day lists) is shared.
    const working = (t: number): boolean => {
      const local = new Date(t + OFFSET);
      if (!national.isWorkingDay(local.toISOString().slice(0, 10))) return false;
      const minute = local.getUTCHours() * 60 + local.getUTCMinutes();
      return sessions.some(([a, b]) => minute >= a && minute < b);
    };
    const referenceAdd = (start: number, minutes: number): number => {
      if (minutes === 0) return start;
      let need = minutes;
      for (let t = start; ; t += MINUTE) {
        if (working(t) && --need === 0) return t + MINUTE;
      }
    };
    const start2026 = vn('2026-01-01 00:00').getTime();
    const arbStart = fc.integer({ min: 0, max: 360 * 24 * 60 }).map((m) => new Date(start2026 + m * MINUTE));
    const arbMinutes = fc.integer({ min: 0, max: 3 * 450 });

    it('addDuration equals the reference; the working time between start and result is the duration', () => {
      fc.assert(
        fc.property(arbStart, arbMinutes, (start, minutes) => {
          const end = national.addDuration(start, wh(minutes / 60));
          expect(end.getTime()).to.equal(referenceAdd(start.getTime(), minutes));
          expect(national.workingMillisBetween(start, end)).to.equal(minutes * MINUTE);
        }),
        { numRuns: 150 },
      );
    });
    it('subtractDuration gives the earliest instant with exactly that working time to the end', () => {
      fc.assert(
        fc.property(arbStart, fc.integer({ min: 1, max: 3 * 450 }), (end, minutes) => {
          const start = national.subtractDuration(end, wh(minutes / 60));
          expect(national.workingMillisBetween(start, end)).to.equal(minutes * MINUTE);
          expect(national.workingMillisBetween(new Date(start.getTime() - MINUTE), end)).to.be.greaterThan(
            minutes * MINUTE,
          );
        }),
        { numRuns: 150 },
      );
    });
    it('countingStart never goes back in time and lands in working time unless online is immediate', () => {
      fc.assert(
        fc.property(arbStart, fc.constantFrom('counter', 'online', 'postal' as const), (at, channel) => {
          const s = national.countingStart(at, channel, DEFAULT_CUTOFF);
          expect(s.getTime()).to.be.at.least(at.getTime());
          expect(national.isWorkingTime(s)).to.equal(true);
        }),
        { numRuns: 200 },
      );
    });
  });
});
