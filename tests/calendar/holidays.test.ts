/**
 * Vietnamese holidays by rule. 2025 and 2026 are checked against the holidays published for civil servants (2/9/2026,
 * a Wednesday, has no precedent and follows the rule); 2027 against the rule (nothing published yet); 2021-2024
 * show that the Tết and 2/9 rules reproduce past decisions.
 */
import { expect } from 'chai';
import Holidays from 'date-holidays';
import { KNOWN_SWAPS, createCalendar, defaultCalendarData, vietnamHolidays } from '../../calendar/index.js';

const daysOff = (year: number) =>
  vietnamHolidays(year)
    .filter((e) => e.kind === 'day-off')
    .map((e) => e.day);
const workingDays = (year: number) =>
  vietnamHolidays(year)
    .filter((e) => e.kind === 'working-day')
    .map((e) => e.day);
const range = (from: string, to: string): string[] => {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
};

describe('calendar: Vietnamese public holidays by rule', () => {
  it('lunar dates come from date-holidays (Tết 29/1/2025, 17/2/2026, 6/2/2027; Hùng Kings 7/4, 26/4, 16/4)', () => {
    const hd = new Holidays('VN');
    const lunar = (year: number, rule: string) =>
      hd
        .getHolidays(year)
        .find((h) => h.rule === rule)
        ?.date.slice(0, 10);
    expect([2025, 2026, 2027].map((y) => lunar(y, 'vietnamese 1-0-1'))).to.deep.equal([
      '2025-01-29',
      '2026-02-17',
      '2027-02-06',
    ]);
    expect(daysOff(2025)).to.include('2025-04-07');
    expect(daysOff(2026)).to.include('2026-04-26');
    expect(daysOff(2027)).to.include('2027-04-16');
  });

  it('2025 as published: Tết 27/1 – 31/1, 30/4 – 2/5 with Saturday 26/4 worked, 1/9 – 2/9', () => {
    expect(daysOff(2025)).to.deep.equal([
      '2025-01-01',
      ...range('2025-01-27', '2025-01-31'),
      '2025-04-07',
      '2025-04-30',
      '2025-05-01',
      '2025-05-02',
      '2025-09-01',
      '2025-09-02',
    ]);
    expect(workingDays(2025)).to.deep.equal(['2025-04-26']);
  });

  it('2026 as published (1/1 – 2/1 with Saturday 10/1 worked, Tết 16/2 – 20/2, Hùng Kings Sunday 26/4 → Monday 27/4, 30/4 – 1/5) and 1/9 – 2/9 by rule', () => {
    expect(daysOff(2026)).to.deep.equal([
      '2026-01-01',
      '2026-01-02',
      ...range('2026-02-16', '2026-02-20'),
      '2026-04-26',
      '2026-04-27',
      '2026-04-30',
      '2026-05-01',
      '2026-09-01',
      '2026-09-02',
    ]);
    expect(workingDays(2026)).to.deep.equal(['2026-01-10']);
  });

  it('2027 by rule: Tết Saturday 6/2 → 4/2 – 8/2 plus compensatory 9/2 – 10/2; 1/5 Saturday → Monday 3/5; 2/9 Thursday + 3/9', () => {
    expect(daysOff(2027)).to.deep.equal([
      '2027-01-01',
      ...range('2027-02-04', '2027-02-10'),
      '2027-04-16',
      '2027-04-30',
      '2027-05-01',
      '2027-05-03',
      '2027-09-02',
      '2027-09-03',
    ]);
    expect(workingDays(2027)).to.deep.equal([]);
  });

  it('the Tết rule reproduces the published Tết holidays 2021-2024 (with compensatory days)', () => {
    const tet = (year: number) =>
      vietnamHolidays(year)
        .filter((e) => e.day < `${year}-03-01` && e.day > `${year}-01-15`)
        .map((e) => e.day);
    expect(tet(2021)).to.deep.equal(range('2021-02-10', '2021-02-16'));
    expect(tet(2022)).to.deep.equal(range('2022-01-31', '2022-02-04'));
    expect(tet(2023)).to.deep.equal(range('2023-01-20', '2023-01-26'));
    expect(tet(2024)).to.deep.equal(range('2024-02-08', '2024-02-14'));
  });

  it('the 2/9 rule reproduces 2021-2024: Thu→3/9, Fri→1/9, Sat→1/9 + Monday 4/9, Mon→3/9', () => {
    const sept = (year: number) => daysOff(year).filter((d) => d.startsWith(`${year}-09`));
    expect(sept(2021)).to.deep.equal(['2021-09-02', '2021-09-03']);
    expect(sept(2022)).to.deep.equal(['2022-09-01', '2022-09-02']);
    expect(sept(2023)).to.deep.equal(['2023-09-01', '2023-09-02', '2023-09-04']);
    expect(sept(2024)).to.deep.equal(['2024-09-02', '2024-09-03']);
  });

  it('compensatory days: 1/1/2022 Saturday → 3/1; 30/4 – 1/5/2022 weekend → 2/5 – 3/5; 2023 Hùng Kings Saturday 29/4 and 30/4 Sunday → 2/5 – 3/5', () => {
    expect(daysOff(2022).filter((d) => d < '2022-01-15')).to.deep.equal(['2022-01-01', '2022-01-03']);
    expect(daysOff(2022).filter((d) => d.startsWith('2022-05') || d.startsWith('2022-04-30'))).to.deep.equal([
      '2022-04-30',
      '2022-05-01',
      '2022-05-02',
      '2022-05-03',
    ]);
    expect(daysOff(2023).filter((d) => d >= '2023-04-01' && d <= '2023-05-31')).to.deep.equal([
      '2023-04-29',
      '2023-04-30',
      '2023-05-01',
      '2023-05-02',
      '2023-05-03',
    ]);
    expect(workingDays(2023)).to.deep.equal([]);
  });

  it('every entry has a reason in Vietnamese and English and a source', () => {
    for (const e of [2025, 2026, 2027].flatMap((y) => vietnamHolidays(y))) {
      expect(e.reason.vi, e.day).to.be.a('string').and.not.equal('');
      expect(e.reason.en, e.day).to.be.a('string').and.not.equal('');
      expect(['rule', 'decision']).to.include(e.source);
    }
    const swap = vietnamHolidays(2026).find((e) => e.day === '2026-01-10');
    expect(swap?.source).to.equal('decision');
    expect(vietnamHolidays(2026, { includeKnownSwaps: false }).map((e) => e.day)).to.not.include(
      '2026-01-02',
    );
    for (const s of KNOWN_SWAPS) expect(s.dayOff.slice(0, 4)).to.equal(s.workingDay.slice(0, 4));
  });

  it('defaultCalendarData: national defaults; overrides replace sessions and win over rule days', () => {
    const data = defaultCalendarData([2026]);
    expect(data.utcOffsetMinutes).to.equal(420);
    expect(data.weekendDays).to.deep.equal([0, 6]);
    expect(data.sessions).to.deep.equal([
      { start: '07:30', end: '11:30' },
      { start: '13:30', end: '17:00' },
    ]);
    const local = defaultCalendarData([2026], {
      daysOff: ['2026-03-13'],
      workingDays: ['2026-09-01', '2026-03-14'],
    });
    const cal = createCalendar(local);
    expect(cal.isWorkingDay('2026-03-13')).to.equal(false);
    expect(cal.isWorkingDay('2026-03-14')).to.equal(true);
    expect(cal.isWorkingDay('2026-09-01')).to.equal(true);
    expect(local.daysOff).to.not.include('2026-09-01');
  });

  it('rejects years out of range with a CalendarError', () => {
    expect(() => vietnamHolidays(1800)).to.throw(/1800/);
    expect(() => defaultCalendarData([])).to.throw(/year/);
  });
});
