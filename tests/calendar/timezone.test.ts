/**
 * The calendar never reads the machine's time zone: the same computations under three TZ settings give the same
 * instants. Node re-reads process.env.TZ when it changes, which the first assertion checks (so the test can fail).
 */
import { expect } from 'chai';
import Holidays from 'date-holidays';
import {
  DEFAULT_CUTOFF,
  createCalendar,
  defaultCalendarData,
  vietnamHolidays,
} from '../../calendar/index.js';
import { vn, wd, cd } from './helpers.js';

function fingerprint(): string[] {
  const cal = createCalendar(defaultCalendarData([2026, 2027]));
  const start = cal.countingStart(vn('2026-02-13 15:30'), 'counter', DEFAULT_CUTOFF);
  return [
    ...vietnamHolidays(2027).map((e) => e.day),
    // date-holidays' lunar dates, from a fresh instance in this TZ.
    ...new Holidays('VN').getHolidays(2028).map((h) => h.date),
    start.toISOString(),
    cal.addDuration(start, wd(1.5)).toISOString(),
    cal.addDuration(vn('2026-12-31 23:30'), wd(0.25)).toISOString(),
    cal.addDuration(vn('2026-04-22 09:00'), cd(5)).toISOString(),
    cal.countingStart(vn('2026-03-10 23:59'), 'online', DEFAULT_CUTOFF).toISOString(),
    cal.workingDayOf(vn('2026-02-24 00:30')),
    cal.classify(vn('2026-02-26 06:00'), vn('2026-02-25 17:00')),
  ];
}

describe('calendar: independent of the machine time zone', () => {
  const saved = process.env.TZ;
  after(() => {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  });

  it('gives identical results under UTC, America/Los_Angeles and Pacific/Kiritimati (UTC+14)', () => {
    const results: string[][] = [];
    const hours: number[] = [];
    for (const tz of ['UTC', 'America/Los_Angeles', 'Pacific/Kiritimati']) {
      process.env.TZ = tz;
      hours.push(new Date(0).getHours());
      results.push(fingerprint());
    }
    // The TZ switch took effect (local hour of the epoch differs), yet the calendar's answers did not change.
    expect(new Set(hours).size).to.equal(3);
    expect(results[1]).to.deep.equal(results[0]);
    expect(results[2]).to.deep.equal(results[0]);
    expect(results[0]).to.include('2026-02-24');
  });
});
