/**
 * Calendar persistence against the real PostgreSQL: a throwaway database, the project's migrations, seeding,
 * admin overrides per agency with fallback to the default calendar, agency sessions.
 */
import { expect } from 'chai';
import {
  CalendarError,
  clearCalendarDay,
  createCalendar,
  defaultCalendarData,
  getAgencySessions,
  listCalendarDays,
  loadCalendarData,
  seedCalendars,
  setAgencySessions,
  setCalendarDay,
  vietnamHolidays,
} from '../../calendar/index.js';
import { createKnex, dropDatabase, ensureDatabase, migrateLatest, type Knex } from '../../db/index.js';
import { show, vn, wd } from './helpers.js';

const databaseUrl = `postgres://postgres@127.0.0.1:5432/motcua_calendar_test_${process.pid}`;
const AGENCY = 'H15.50';
const reason = { vi: 'Lý do thử nghiệm', en: 'Synthetic test reason' };

async function rejectsWith(promise: Promise<unknown>, field: string): Promise<void> {
  try {
    await promise;
  } catch (err) {
    expect(err).to.be.instanceOf(CalendarError);
    expect((err as CalendarError).field).to.equal(field);
    return;
  }
  expect.fail(`expected a CalendarError on ${field}`);
}

describe('calendar: persistence (PostgreSQL)', () => {
  let knex: Knex;

  before(async () => {
    await dropDatabase(databaseUrl);
    await ensureDatabase(databaseUrl);
    knex = createKnex(databaseUrl, { max: 2 });
    await migrateLatest(knex);
  });
  after(async () => {
    await knex?.destroy();
    await dropDatabase(databaseUrl);
  });

  it('seeds the rule-based days idempotently', async () => {
    const expected = [2025, 2026, 2027].flatMap((y) => vietnamHolidays(y)).length;
    expect(await seedCalendars({ knex, years: [2025, 2026, 2027] })).to.deep.equal({ inserted: expected });
    expect(await seedCalendars({ knex, years: [2025, 2026, 2027] })).to.deep.equal({ inserted: 0 });
    const rows = await listCalendarDays({ knex, years: [2026] });
    expect(rows.map((r) => r.day)).to.deep.equal(vietnamHolidays(2026).map((e) => e.day));
    expect(rows.find((r) => r.day === '2026-01-10')).to.include({ kind: 'working-day', source: 'decision' });
    expect(rows[0]!.reason.en).to.be.a('string');
    expect(await getAgencySessions({ knex })).to.deep.equal({
      sessions: [
        { start: '07:30', end: '11:30' },
        { start: '13:30', end: '17:00' },
      ],
      weekendDays: [0, 6],
      utcOffsetMinutes: 420,
    });
  });

  it('loads the default calendar equal to the rule-based one', async () => {
    const data = await loadCalendarData({ knex, years: [2026, 2027] });
    expect(data).to.deep.equal(defaultCalendarData([2026, 2027]));
  });

  it('an agency without rows of its own falls back to the default calendar', async () => {
    const data = await loadCalendarData({ knex, agencyCode: 'NO-SUCH', years: [2026] });
    expect(data).to.deep.equal(defaultCalendarData([2026]));
  });

  it("an agency's days off and make-up days apply to it only (synthetic: Fri 13/3/2026 off, Sat 21/3/2026 worked)", async () => {
    await setCalendarDay({
      knex,
      agencyCode: AGENCY,
      day: '2026-03-13',
      kind: 'day-off',
      reason,
      actor: 'admin@test',
    });
    await setCalendarDay({
      knex,
      agencyCode: AGENCY,
      day: '2026-03-21',
      kind: 'working-day',
      reason,
      actor: 'admin@test',
    });
    const agency = createCalendar(await loadCalendarData({ knex, agencyCode: AGENCY, years: [2026] }));
    const national = createCalendar(await loadCalendarData({ knex, years: [2026] }));
    expect(agency.isWorkingDay('2026-03-13')).to.equal(false);
    expect(agency.isWorkingDay('2026-03-21')).to.equal(true);
    expect(national.isWorkingDay('2026-03-13')).to.equal(true);
    // Thursday 12/3 07:30 + 2 days: national → Friday 13/3 17:00; the agency is off Friday → Monday 16/3 17:00.
    // Friday 20/3 07:30 + 2 days at the agency: Friday and the make-up Saturday → Saturday 21/3 17:00.
    expect(show(national.addDuration(vn('2026-03-12 07:30'), wd(2)))).to.equal('2026-03-13 17:00');
    expect(show(agency.addDuration(vn('2026-03-12 07:30'), wd(2)))).to.equal('2026-03-16 17:00');
    expect(show(agency.addDuration(vn('2026-03-20 07:30'), wd(2)))).to.equal('2026-03-21 17:00');
    // The agency still has the national holidays.
    expect(agency.isWorkingDay('2026-02-17')).to.equal(false);
  });

  it('an admin edit wins over the rule and survives re-seeding; clearing restores the default', async () => {
    await setCalendarDay({ knex, day: '2026-09-01', kind: 'working-day', reason, actor: 'admin@test' });
    expect(await seedCalendars({ knex, years: [2026] })).to.deep.equal({ inserted: 0 });
    let national = createCalendar(await loadCalendarData({ knex, years: [2026] }));
    expect(national.isWorkingDay('2026-09-01')).to.equal(true);
    const row = (await listCalendarDays({ knex, years: [2026] })).find((r) => r.day === '2026-09-01');
    expect(row).to.include({ kind: 'working-day', source: 'admin', actor: 'admin@test' });

    // An agency can keep the holiday the default calendar cancelled.
    await setCalendarDay({
      knex,
      agencyCode: AGENCY,
      day: '2026-09-01',
      kind: 'day-off',
      reason,
      actor: 'admin@test',
    });
    expect(
      createCalendar(await loadCalendarData({ knex, agencyCode: AGENCY, years: [2026] })).isWorkingDay(
        '2026-09-01',
      ),
    ).to.equal(false);
    expect(await clearCalendarDay({ knex, agencyCode: AGENCY, day: '2026-09-01' })).to.deep.equal({
      deleted: true,
    });
    expect(
      createCalendar(await loadCalendarData({ knex, agencyCode: AGENCY, years: [2026] })).isWorkingDay(
        '2026-09-01',
      ),
    ).to.equal(true);

    // Clearing the default calendar's row brings the rule back.
    await clearCalendarDay({ knex, day: '2026-09-01' });
    national = createCalendar(await loadCalendarData({ knex, years: [2026] }));
    expect(national.isWorkingDay('2026-09-01')).to.equal(false);
  });

  it('an unseeded year still gets its holidays by rule', async () => {
    const data = await loadCalendarData({ knex, years: [2030] });
    expect(data.daysOff).to.include('2030-01-01');
    expect(data.daysOff).to.deep.equal(defaultCalendarData([2030]).daysOff);
  });

  it('agency sessions: a Saturday-morning locality', async () => {
    await setAgencySessions({
      knex,
      agencyCode: 'SAT-LOCALITY',
      sessions: [
        { start: '07:30', end: '11:30' },
        { start: '13:30', end: '17:00' },
      ],
      weekdaySessions: { 6: [{ start: '07:30', end: '11:30' }] },
      actor: 'admin@test',
    });
    const data = await loadCalendarData({ knex, agencyCode: 'SAT-LOCALITY', years: [2026] });
    expect(data.weekdaySessions).to.deep.equal({ 6: [{ start: '07:30', end: '11:30' }] });
    const cal = createCalendar(data);
    expect(show(cal.addDuration(vn('2026-03-06 13:30'), wd(1)))).to.equal('2026-03-07 11:30');
    // Updating replaces the row.
    await setAgencySessions({
      knex,
      agencyCode: 'SAT-LOCALITY',
      sessions: [{ start: '08:00', end: '16:00' }],
      actor: 'admin@test',
    });
    const updated = await loadCalendarData({ knex, agencyCode: 'SAT-LOCALITY', years: [2026] });
    expect(updated.weekdaySessions).to.equal(undefined);
    expect(createCalendar(updated).msPerWorkingDay).to.equal(8 * 3_600_000);
  });

  it('rejects bad input with a CalendarError naming the field and writes nothing', async () => {
    await rejectsWith(
      setCalendarDay({ knex, day: '2026-13-01', kind: 'day-off', reason, actor: 'a' }),
      'day',
    );
    await rejectsWith(
      setCalendarDay({ knex, day: '2026-03-02', kind: 'holiday' as never, reason, actor: 'a' }),
      'kind',
    );
    await rejectsWith(
      setCalendarDay({ knex, day: '2026-03-02', kind: 'day-off', reason: { vi: '' }, actor: 'a' }),
      'reason.vi',
    );
    await rejectsWith(
      setCalendarDay({ knex, day: '2026-03-02', kind: 'day-off', reason, actor: '' }),
      'actor',
    );
    await rejectsWith(
      setCalendarDay({ knex, agencyCode: '', day: '2026-03-02', kind: 'day-off', reason, actor: 'a' }),
      'agencyCode',
    );
    await rejectsWith(
      setAgencySessions({ knex, agencyCode: 'X', sessions: [{ start: '12:00', end: '08:00' }], actor: 'a' }),
      'sessions[0]',
    );
    await rejectsWith(
      setAgencySessions({
        knex,
        agencyCode: 'X',
        sessions: [{ start: '08:00', end: '12:00' }],
        weekdaySessions: { 9: [] } as never,
        actor: 'a',
      }),
      'weekdaySessions.9',
    );
    await rejectsWith(loadCalendarData({ knex, years: [] }), 'years');
    expect(await getAgencySessions({ knex, agencyCode: 'X' })).to.equal(undefined);
    expect((await listCalendarDays({ knex, years: [2026] })).map((r) => r.day)).to.not.include('2026-03-02');
  });
});
