/**
 * Named appointment-date cases (issue 4's acceptance): Tết, make-up Saturdays, the 15:00 cut-off, half and quarter
 * days, 1.5 days, working hours, calendar days, Saturday-morning localities, classification. Expected values are
 * worked out by hand in the comments (Vietnam local time, sessions 07:30–11:30 and 13:30–17:00).
 */
import { expect } from 'chai';
import type { Channel, Duration } from '../../ir/index.js';
import { DEFAULT_CUTOFF, createCalendar, defaultCalendarData, type Calendar } from '../../calendar/index.js';
import { cd, show, vn, wd, wh } from './helpers.js';

const national = createCalendar(defaultCalendarData([2025, 2026, 2027]));

function appointment(cal: Calendar, received: string, channel: Channel, duration: Duration): string {
  return show(cal.addDuration(cal.countingStart(vn(received), channel, DEFAULT_CUTOFF), duration));
}
const add = (start: string, duration: Duration, cal: Calendar = national) =>
  show(cal.addDuration(vn(start), duration));

describe('calendar: appointment dates', () => {
  describe('across Tết 2026 (off Mon 16/2 – Fri 20/2, with weekends 14/2 – 22/2)', () => {
    it('paper received Friday 13/2 at 15:30 (after the cut-off) counts from Monday 23/2 07:30', () => {
      expect(show(national.countingStart(vn('2026-02-13 15:30'), 'counter', DEFAULT_CUTOFF))).to.equal(
        '2026-02-23 07:30',
      );
    });
    it('… and 3 working days give Wednesday 25/2 17:00', () => {
      expect(appointment(national, '2026-02-13 15:30', 'counter', wd(3))).to.equal('2026-02-25 17:00');
    });
    it('paper Thursday 12/2 10:00 + 3 working days: 5 h Thu, 7.5 h Fri, 7.5 h Mon 23/2, 2.5 h Tue → Tue 24/2 10:00', () => {
      expect(appointment(national, '2026-02-12 10:00', 'counter', wd(3))).to.equal('2026-02-24 10:00');
    });
    it('online at 20:00 on Friday 13/2 counts from Monday 23/2 07:30', () => {
      expect(show(national.countingStart(vn('2026-02-13 20:00'), 'online', DEFAULT_CUTOFF))).to.equal(
        '2026-02-23 07:30',
      );
    });
    it('paper at exactly 15:00 on Friday 13/2 + 0.5 day: 2 h Friday, 1 h 45 Monday → 23/2 09:15', () => {
      expect(appointment(national, '2026-02-13 15:00', 'counter', wd(0.5))).to.equal('2026-02-23 09:15');
    });
    it('10 working days from Monday 9/2 07:30 end Friday 27/2 17:00 (5 before Tết, 5 after)', () => {
      expect(add('2026-02-09 07:30', wd(10))).to.equal('2026-02-27 17:00');
    });
    it('60 working days from Monday 23/2 end Wednesday 20/5 17:00 (skips 27/4, 30/4, 1/5)', () => {
      expect(add('2026-02-23 07:30', wd(60))).to.equal('2026-05-20 17:00');
    });
    it('Tết 2027 by rule (4/2 – 10/2 with compensatory days): paper Wednesday 3/2 16:00 counts from Thursday 11/2', () => {
      expect(show(national.countingStart(vn('2027-02-03 16:00'), 'postal', DEFAULT_CUTOFF))).to.equal(
        '2027-02-11 07:30',
      );
    });
  });

  describe('make-up Saturdays', () => {
    it('Saturday 10/1/2026 is worked in exchange for Friday 2/1/2026', () => {
      expect(national.isWorkingDay('2026-01-10')).to.equal(true);
      expect(national.isWorkingDay('2026-01-02')).to.equal(false);
      expect(national.isWorkingDay('2026-01-17')).to.equal(false);
    });
    it('online Thursday 8/1/2026 08:00 + 2 working days: 7 h Thu, 7.5 h Fri, 0.5 h Saturday 10/1 → 08:00', () => {
      expect(appointment(national, '2026-01-08 08:00', 'online', wd(2))).to.equal('2026-01-10 08:00');
    });
    it('paper Wednesday 31/12/2025 14:00 + 1 day skips 1/1, the swapped 2/1 and the weekend → Monday 5/1 14:00', () => {
      expect(appointment(national, '2025-12-31 14:00', 'counter', wd(1))).to.equal('2026-01-05 14:00');
    });
    it('paper Friday 25/4/2025 13:30 + 1 day ends on the make-up Saturday 26/4/2025 at 11:30', () => {
      expect(appointment(national, '2025-04-25 13:30', 'counter', wd(1))).to.equal('2025-04-26 11:30');
    });
    it('3 working days from Monday 28/4/2025 skip 30/4, 1/5 and the swapped Friday 2/5 → Monday 5/5 17:00', () => {
      expect(add('2025-04-28 07:30', wd(3))).to.equal('2025-05-05 17:00');
    });
  });

  describe('the 15:00 cut-off (Tuesday 10/3/2026)', () => {
    const start = (at: string, channel: Channel) =>
      show(national.countingStart(vn(at), channel, DEFAULT_CUTOFF));
    it('paper at 14:59 counts at once; + 1 day → Wednesday 14:59', () => {
      expect(start('2026-03-10 14:59', 'counter')).to.equal('2026-03-10 14:59');
      expect(appointment(national, '2026-03-10 14:59', 'counter', wd(1))).to.equal('2026-03-11 14:59');
    });
    it('paper at 15:00:00 still counts that day', () => {
      expect(start('2026-03-10 15:00', 'counter')).to.equal('2026-03-10 15:00');
    });
    it('paper at 15:00:01 counts from Wednesday 07:30; + 1 day → Wednesday 17:00', () => {
      expect(start('2026-03-10 15:00:01', 'counter')).to.equal('2026-03-11 07:30');
      expect(appointment(national, '2026-03-10 15:00:01', 'counter', wd(1))).to.equal('2026-03-11 17:00');
    });
    it('postal counts as paper', () => {
      expect(start('2026-03-10 15:30', 'postal')).to.equal('2026-03-11 07:30');
    });
    it('paper before opening (07:00) starts 07:30; at lunch (12:00) starts 13:30; after closing (17:30) next morning', () => {
      expect(start('2026-03-10 07:00', 'counter')).to.equal('2026-03-10 07:30');
      expect(start('2026-03-10 12:00', 'counter')).to.equal('2026-03-10 13:30');
      expect(start('2026-03-10 17:30', 'counter')).to.equal('2026-03-11 07:30');
    });
    it('paper received on Saturday 7/3 counts from Monday 9/3 07:30', () => {
      expect(start('2026-03-07 10:00', 'counter')).to.equal('2026-03-09 07:30');
    });
    it('online at 20:00 counts from the next session (Wednesday 07:30)', () => {
      expect(start('2026-03-10 20:00', 'online')).to.equal('2026-03-11 07:30');
    });
    it('online at 12:00 (lunch) counts from 13:30', () => {
      expect(start('2026-03-10 12:00', 'online')).to.equal('2026-03-10 13:30');
    });
    it('online at 16:30 (after the paper cut-off) counts at once; at 17:00 sharp from the next morning', () => {
      expect(start('2026-03-10 16:30', 'online')).to.equal('2026-03-10 16:30');
      expect(start('2026-03-10 17:00', 'online')).to.equal('2026-03-11 07:30');
    });
    it("online 'immediate' keeps the instant; a procedure's own paper cut-off (16:00) is honoured", () => {
      expect(
        show(
          national.countingStart(vn('2026-03-10 20:00'), 'online', { paper: '15:00', online: 'immediate' }),
        ),
      ).to.equal('2026-03-10 20:00');
      expect(
        show(
          national.countingStart(vn('2026-03-10 15:30'), 'counter', {
            paper: '16:00',
            online: 'next-session',
          }),
        ),
      ).to.equal('2026-03-10 15:30');
    });
  });

  describe('half and quarter days (Monday 9/3/2026)', () => {
    it('0.5 day = 3 h 45: from 07:30 → 11:15', () =>
      expect(add('2026-03-09 07:30', wd(0.5))).to.equal('2026-03-09 11:15'));
    it('0.5 day from 10:00: 1.5 h morning + 2 h 15 → 15:45', () =>
      expect(add('2026-03-09 10:00', wd(0.5))).to.equal('2026-03-09 15:45'));
    it('0.5 day from 15:00: 2 h today + 1 h 45 → Tuesday 09:15', () =>
      expect(add('2026-03-09 15:00', wd(0.5))).to.equal('2026-03-10 09:15'));
    it('0.25 day = 1 h 52 min 30 s: from 07:30 → 09:22:30', () =>
      expect(add('2026-03-09 07:30', wd(0.25))).to.equal('2026-03-09 09:22:30'));
    it('0.25 day from 11:00: 30 min + 1 h 22 min 30 s after lunch → 14:52:30', () =>
      expect(add('2026-03-09 11:00', wd(0.25))).to.equal('2026-03-09 14:52:30'));
  });

  describe('1.5 days', () => {
    it('from Monday 07:30 → Tuesday 11:15', () =>
      expect(add('2026-03-09 07:30', wd(1.5))).to.equal('2026-03-10 11:15'));
    it('from Monday 13:30 → Wednesday 07:45', () =>
      expect(add('2026-03-09 13:30', wd(1.5))).to.equal('2026-03-11 07:45'));
  });

  describe('exact use of a session and starts outside working time', () => {
    it('1 day from 07:30 ends 17:00 the same day, not 07:30 the next morning', () =>
      expect(add('2026-03-09 07:30', wd(1))).to.equal('2026-03-09 17:00'));
    it('4 working hours from 07:30 end 11:30, not 13:30', () =>
      expect(add('2026-03-09 07:30', wh(4))).to.equal('2026-03-09 11:30'));
    it('from Saturday 09:00, lunch 12:00 or 18:00 the clock starts at the next session', () => {
      expect(add('2026-03-07 09:00', wh(1))).to.equal('2026-03-09 08:30');
      expect(add('2026-03-09 12:00', wh(1))).to.equal('2026-03-09 14:30');
      expect(add('2026-03-09 18:00', wh(1))).to.equal('2026-03-10 08:30');
      expect(add('2026-03-09 11:30', wh(1))).to.equal('2026-03-09 14:30');
    });
    it('a zero duration returns the start itself', () =>
      expect(add('2026-03-09 18:00', wd(0))).to.equal('2026-03-09 18:00'));
  });

  describe('working hours', () => {
    it('8 working hours from Monday 07:30 → Tuesday 08:00', () =>
      expect(add('2026-03-09 07:30', wh(8))).to.equal('2026-03-10 08:00'));
    it('2 working hours from 11:00 → 15:00', () =>
      expect(add('2026-03-09 11:00', wh(2))).to.equal('2026-03-09 15:00'));
    it('16 working hours from Friday 6/3 14:00: 3 h Fri, 7.5 h Mon, 5.5 h Tue → Tuesday 10/3 15:00', () =>
      expect(add('2026-03-06 14:00', wh(16))).to.equal('2026-03-10 15:00'));
  });

  describe('calendar days (end at the close of the last day, or of the next working day)', () => {
    it('3 calendar days from Monday 9/3 10:00 → Thursday 12/3 17:00', () =>
      expect(add('2026-03-09 10:00', cd(3))).to.equal('2026-03-12 17:00'));
    it('30 calendar days from Monday 9/3 → Wednesday 8/4 17:00', () =>
      expect(add('2026-03-09 10:00', cd(30))).to.equal('2026-04-08 17:00'));
    it('5 calendar days from Wednesday 22/4 land on the compensatory Monday 27/4 → Tuesday 28/4 17:00', () =>
      expect(add('2026-04-22 09:00', cd(5))).to.equal('2026-04-28 17:00'));
    it('7 calendar days from Friday 13/2 land in Tết → Monday 23/2 17:00', () =>
      expect(add('2026-02-13 10:00', cd(7))).to.equal('2026-02-23 17:00'));
    it('fractions are 24 h periods: 0.25 from 08:00 → 14:00 → close 17:00; 0.5 from 09:00 → 21:00 → Tuesday 17:00', () => {
      expect(add('2026-03-09 08:00', cd(0.25))).to.equal('2026-03-09 17:00');
      expect(add('2026-03-09 09:00', cd(0.5))).to.equal('2026-03-10 17:00');
    });
  });

  describe('Saturday-morning localities', () => {
    const saturday = createCalendar(
      defaultCalendarData([2026, 2027], { weekdaySessions: { 6: [{ start: '07:30', end: '11:30' }] } }),
    );
    it('Saturday morning is worked; a standard working day stays 7.5 h', () => {
      expect(saturday.isWorkingDay('2026-03-07')).to.equal(true);
      expect(saturday.isWorkingDay('2026-03-08')).to.equal(false);
      expect(saturday.sessionsOn('2026-03-07')).to.deep.equal([{ start: '07:30', end: '11:30' }]);
      expect(saturday.msPerWorkingDay).to.equal(7.5 * 3_600_000);
    });
    it('1 day from Friday 6/3 13:30: 3.5 h Fri + 4 h Sat → Saturday 7/3 11:30', () =>
      expect(add('2026-03-06 13:30', wd(1), saturday)).to.equal('2026-03-07 11:30'));
    it('1 day from Saturday 07:30: 4 h Sat + 3.5 h Mon → Monday 9/3 11:00', () =>
      expect(add('2026-03-07 07:30', wd(1), saturday)).to.equal('2026-03-09 11:00'));
    it('online Saturday 09:00 counts at once, Saturday 12:00 from Monday; paper Saturday 10:00 counts at once', () => {
      expect(show(saturday.countingStart(vn('2026-03-07 09:00'), 'online', DEFAULT_CUTOFF))).to.equal(
        '2026-03-07 09:00',
      );
      expect(show(saturday.countingStart(vn('2026-03-07 12:00'), 'online', DEFAULT_CUTOFF))).to.equal(
        '2026-03-09 07:30',
      );
      expect(show(saturday.countingStart(vn('2026-03-07 10:00'), 'counter', DEFAULT_CUTOFF))).to.equal(
        '2026-03-07 10:00',
      );
    });
    it('a holiday on Saturday (1/5/2027) is still off', () => {
      expect(saturday.isWorkingDay('2027-05-01')).to.equal(false);
      expect(national.isWorkingDay('2027-05-03')).to.equal(false);
    });
  });

  describe('classification against the appointment Wednesday 25/2/2026 17:00', () => {
    const due = vn('2026-02-25 17:00');
    it('finished Tuesday 24/2 16:00 → early', () =>
      expect(national.classify(vn('2026-02-24 16:00'), due)).to.equal('early'));
    it('finished Sunday 22/2 (during Tết) → early', () =>
      expect(national.classify(vn('2026-02-22 10:00'), due)).to.equal('early'));
    it('finished Wednesday 25/2 08:00 → on time', () =>
      expect(national.classify(vn('2026-02-25 08:00'), due)).to.equal('on-time'));
    it('finished Wednesday 25/2 17:30, same working day → on time', () =>
      expect(national.classify(vn('2026-02-25 17:30'), due)).to.equal('on-time'));
    it('finished Thursday 26/2 06:00 local (still Wednesday in UTC) → late', () =>
      expect(national.classify(vn('2026-02-26 06:00'), due)).to.equal('late'));
    it('finished Thursday 26/2 07:45 → late', () =>
      expect(national.classify(vn('2026-02-26 07:45'), due)).to.equal('late'));
  });
});
