/**
 * Deadline arithmetic of the transition activity on the real Vietnamese calendar (DESIGN.md §1): cut-off, Tết,
 * 75% warnings in working time, pause shifts, apology reminder, classification. Instants are UTC; local = +07.
 */
import { expect } from 'chai';
import { createCalendar, defaultCalendarData } from '../../calendar/index.js';
import { computeCalendar } from '../../activities/index.js';
import type { CalendarRequest } from '../../activities/index.js';

const calendar = createCalendar(defaultCalendarData([2026, 2027]));
const run = async (req: CalendarRequest) => (await computeCalendar([req], async () => calendar))[req.key]!;
const cutoff = { paper: '15:00', online: 'next-session' as const };

describe('activities: calendar operations', () => {
  it('paper dossier after the 15:00 cut-off before Tết: counted from the next working day, Tết skipped', async () => {
    // Friday 29/1/2027 15:30 at the counter, 15 working days; Tết 2027: 4–8/2 plus compensatory 9–10/2
    const r = await run({
      key: 'k',
      op: 'appointment',
      agency: 'X',
      receivedAt: '2027-01-29T08:30:00Z',
      channel: 'counter',
      cutoff,
      applyCutoff: true,
      duration: { amount: 15, unit: 'working-day' },
    });
    expect(r.countingStart).to.equal('2027-02-01T00:30:00.000Z'); // Monday 07:30
    expect(r.appointmentAt).to.equal('2027-02-26T10:00:00.000Z'); // Friday 26/2 17:00
    expect(r.reminderAt).to.equal('2027-02-25T10:00:00.000Z'); // one working day before: Thursday 17:00
  });

  it('online dossier at night counts from the next session; children skip the cut-off', async () => {
    const base = {
      key: 'k',
      op: 'appointment',
      agency: 'X',
      receivedAt: '2026-11-23T13:00:00Z',
      channel: 'online',
      cutoff,
      duration: { amount: 0.5, unit: 'working-day' },
    } as const;
    const r = await run({ ...base, applyCutoff: true });
    expect(r.countingStart).to.equal('2026-11-24T00:30:00.000Z'); // Tuesday 07:30
    expect(r.appointmentAt).to.equal('2026-11-24T04:15:00.000Z'); // + 3 h 45 min
    const child = await run({ ...base, applyCutoff: false, receivedAt: '2026-11-23T02:00:00Z' });
    expect(child.countingStart).to.equal('2026-11-23T02:00:00.000Z');
  });

  it('step SLA: warning at 75% of the working time, deadline at 100%', async () => {
    // Monday 23/11/2026 08:00, 2 working days (15 h of sessions)
    const r = await run({
      key: 'k',
      op: 'add',
      agency: 'X',
      start: '2026-11-23T01:00:00Z',
      duration: { amount: 2, unit: 'working-day' },
      fractions: [0.75, 1],
    });
    expect(r.instants).to.deep.equal(['2026-11-24T06:45:00.000Z', '2026-11-25T01:00:00.000Z']); // Tue 13:45, Wed 08:00
  });

  it('a pause moves future deadlines by its working time and leaves past ones', async () => {
    // paused Monday 16:00 → Tuesday 09:00: 1 h + 1 h 30 of sessions
    const r = await run({
      key: 'k',
      op: 'shift',
      agency: 'X',
      from: '2026-11-23T09:00:00Z',
      to: '2026-11-24T02:00:00Z',
      instants: { due: '2026-11-25T01:00:00Z', past: '2026-11-23T03:00:00Z' },
    });
    expect(r.pausedWorkingMs).to.equal(2.5 * 3_600_000);
    expect(r.shifted).to.deep.equal({ due: '2026-11-25T03:30:00.000Z', past: '2026-11-23T03:00:00.000Z' });
  });

  it('classifies against the appointment day: earlier early, same day on time, later late', async () => {
    const appointmentAt = '2026-11-25T10:00:00Z';
    const c = async (finishedAt: string) =>
      (await run({ key: 'k', op: 'classify', agency: 'X', finishedAt, appointmentAt })).classification;
    expect(await c('2026-11-24T09:59:00Z')).to.equal('early');
    expect(await c('2026-11-25T09:59:00Z')).to.equal('on-time');
    expect(await c('2026-11-26T01:00:00Z')).to.equal('late');
    // the appointment may come from an earlier request of the same batch
    const both = await computeCalendar(
      [
        {
          key: 'a',
          op: 'appointment',
          agency: 'X',
          receivedAt: '2026-11-23T01:00:00Z',
          channel: 'counter',
          cutoff,
          applyCutoff: true,
          duration: { amount: 1, unit: 'working-day' },
        },
        { key: 'c', op: 'classify', agency: 'X', finishedAt: '2026-11-23T05:00:00Z', appointmentKey: 'a' },
      ],
      async () => calendar,
    );
    expect(both.c!.classification).to.equal('early');
  });
});
