/**
 * The inspector's step timing is working time on the step agency's calendar: nights, weekends and holidays between
 * the deadline and the finish do not count. Fixed dates (Vietnam local time) across a weekend, the 30/4–1/5 2026
 * holidays and a Saturday-morning locality.
 */
import { expect } from 'chai';
import { createCalendar, defaultCalendarData } from '../../calendar/index.js';
import { stepTiming } from '../../store/index.js';
import { vn } from '../calendar/helpers.js';

const H = 3_600_000;
const national = createCalendar(defaultCalendarData([2026]));
/** A locality that also works Saturday mornings (07:30–11:30). */
const saturdays = createCalendar(
  defaultCalendarData([2026], { weekdaySessions: { 6: [{ start: '07:30', end: '11:30' }] } }),
);
const DAY = national.msPerWorkingDay; // 7.5 h

const finished = (due: string, done: string) => ({
  status: 'completed' as const,
  due_at: vn(due),
  completed_at: vn(done),
  agency_code: 'STP',
});
const open = (due: string) => ({
  status: 'claimed' as const,
  due_at: vn(due),
  completed_at: null,
  agency_code: 'STP',
});

describe('store: inspector step timing in working time', () => {
  it('late across a weekend: due Friday 17:00, done Monday 09:30 = 2 working hours, not 64.5 h', () => {
    const t = stepTiming(finished('2026-11-20 17:00', '2026-11-23 09:30'), national, new Date())!;
    expect(t.state).to.equal('late');
    expect(t.deltaMs).to.equal(2 * H);
    expect(t.clockDeltaMs).to.equal(64.5 * H);
    expect([t.unit, t.amount, t.workingHours]).to.deep.equal(['working-hour', 2, 2]);
    expect(t.workingDays).to.equal(Math.round(((2 * H) / DAY) * 100) / 100);
    expect(t.msPerWorkingDay).to.equal(7.5 * H);
    expect(t.calendarAgency).to.equal('STP');
    expect(t.label).to.deep.equal({ vi: 'Muộn 2 giờ làm việc', en: '2 working hours late' });
  });

  it('early across a weekend: done Friday 15:00, due Monday 17:00 = 9.5 working hours = 1.27 working days', () => {
    const t = stepTiming(finished('2026-11-23 17:00', '2026-11-20 15:00'), national, new Date())!;
    expect(t.state).to.equal('early');
    expect(t.deltaMs).to.equal(-9.5 * H);
    expect(t.clockDeltaMs).to.equal(-74 * H);
    expect([t.unit, t.amount]).to.deep.equal(['working-day', 1.27]);
    expect(t.workingHours).to.equal(-9.5);
    expect(t.workingDays).to.equal(-1.27);
    expect(t.label).to.deep.equal({ vi: 'Sớm 1,27 ngày làm việc', en: '1.27 working days early' });
  });

  it('across the 30/4–1/5 holidays and the weekend after them: due Wed 29/4 17:00, done Mon 4/5 09:30', () => {
    const t = stepTiming(finished('2026-04-29 17:00', '2026-05-04 09:30'), national, new Date())!;
    expect(t.state).to.equal('late');
    expect(t.deltaMs).to.equal(2 * H);
    expect(t.clockDeltaMs).to.equal((4 * 24 + 16.5) * H);
    // The same finish on a calendar without those holidays would be 2 working days later.
    const noHolidays = createCalendar({ ...defaultCalendarData([2026]), daysOff: [] });
    const plain = stepTiming(finished('2026-04-29 17:00', '2026-05-04 09:30'), noHolidays, new Date())!;
    expect(plain.deltaMs).to.equal(2 * DAY + 2 * H);
    expect([plain.unit, plain.amount]).to.deep.equal(['working-day', 2.27]);
  });

  it('finished after hours past the deadline: late by the deadline, 0 working hours, said so', () => {
    const t = stepTiming(finished('2026-11-20 17:00', '2026-11-21 10:00'), national, new Date())!;
    expect(t.state).to.equal('late');
    expect(t.deltaMs).to.equal(0);
    expect(t.clockDeltaMs).to.equal(17 * H);
    expect(t.label.en).to.equal('Late after hours (0 working hours)');
    expect(t.label.vi).to.equal('Muộn ngoài giờ làm việc (0 giờ làm việc)');
  });

  it("uses the agency's own calendar: a Saturday-morning locality counts Saturday 07:30–10:00", () => {
    const t = stepTiming(finished('2026-11-20 17:00', '2026-11-21 10:00'), saturdays, new Date())!;
    expect(t.deltaMs).to.equal(2.5 * H);
    expect(t.label.en).to.equal('2.5 working hours late');
  });

  it('within a minute of the deadline is on time', () => {
    const t = stepTiming(finished('2026-11-20 17:00', '2026-11-20 16:59:30'), national, new Date())!;
    expect(t.state).to.equal('on-time');
    expect(t.deltaMs).to.equal(-30_000);
    expect(t.label).to.deep.equal({ vi: 'Đúng hạn', en: 'On time' });
  });

  it('an open step: working time left before the deadline, or overdue by working time', () => {
    const left = stepTiming(open('2026-11-24 17:00'), national, vn('2026-11-21 10:00'))!;
    // Saturday 10:00 → Tuesday 17:00: Monday and Tuesday, 15 working hours.
    expect(left.state).to.equal('running');
    expect(left.deltaMs).to.equal(-2 * DAY);
    expect(left.label).to.deep.equal({ vi: 'Còn 2 ngày làm việc đến hạn', en: '2 working days left' });
    const over = stepTiming(open('2026-11-20 17:00'), national, vn('2026-11-23 08:00'))!;
    expect(over.state).to.equal('late');
    expect(over.deltaMs).to.equal(0.5 * H);
    expect(over.label).to.deep.equal({ vi: 'Quá hạn 0,5 giờ làm việc', en: '0.5 working hours overdue' });
  });

  it('no timing for a step without deadline or a cancelled one', () => {
    expect(
      stepTiming({ ...finished('2026-11-20 17:00', '2026-11-21 10:00'), due_at: null }, national, new Date()),
    ).to.equal(null);
    expect(stepTiming({ ...open('2026-11-20 17:00'), status: 'cancelled' }, national, new Date())).to.equal(
      null,
    );
  });
});
