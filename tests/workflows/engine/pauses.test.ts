import { expect } from 'chai';
import { start } from '../../../workflows/engine/lifecycle.js';
import {
  parentPaused,
  parentResumed,
  requestSupplement,
  supplementReceived,
  validateRequestSupplement,
} from '../../../workflows/engine/pauses.js';
import { assertNotPaused } from '../../../workflows/engine/pauses.js';
import { nextTimerAt } from '../../../workflows/engine/timers.js';
import { buildIr, call, days, end, start as startEvent, task } from '../fixtures/build-ir.js';
import { DAY, T0, rejectionOf, settle, stateFor } from './support/state.js';
import { PATCHES } from '../../../workflows/engine/patches.js';
import { createCalendar, defaultCalendarData } from '../../../calendar/index.js';
import { show, vn } from '../../calendar/helpers.js';

const ir = buildIr({
  code: 'PS',
  agency: 'A',
  duration: days(10),
  nodes: [startEvent(), task('work', 's', days(2)), call('c', 'CHILD', { duration: days(3) }), end('done')],
  flows: [
    ['start', 'work'],
    ['start', 'c'],
    ['work', 'done'],
    ['c', 'done'],
  ],
});

async function begun(extra = {}) {
  const s = stateFor(ir, extra);
  start(s, T0);
  await settle(s, T0);
  return s;
}

describe('engine/pauses', () => {
  it('a supplement request stops every clock, reaches the children, and refuses a second pause', async () => {
    const s = await begun();
    expect(
      rejectionOf(() => validateRequestSupplement(s, { actor: 'sp', reason: '', missing: [3 as never] })),
    ).to.equal('invalid-argument');
    requestSupplement(s, T0 + 100, { actor: 'sp', reason: 'thiếu sổ đỏ', missing: ['sổ đỏ'] });
    const round = await settle(s, T0 + 100);
    expect([s.dossier.status, s.dossier.statusBeforePause]).to.deep.equal([
      'supplement-requested',
      'in-progress',
    ]);
    expect(round.types).to.deep.equal(['supplement-requested']);
    expect(round.effects).to.deep.equal([
      {
        kind: 'pause-child',
        childWorkflowId: 'dossier-C/c#1',
        args: { actor: 'sp', reason: 'thiếu sổ đỏ', missing: ['sổ đỏ'] },
      },
    ]);
    expect(round.batches[0]!.pauses).to.have.length(1);
    expect(nextTimerAt(s)).to.equal(undefined);
    expect(rejectionOf(() => assertNotPaused(s))).to.equal('dossier-paused');
    expect(
      rejectionOf(() => validateRequestSupplement(s, { actor: 'sp', reason: 'x', missing: [] })),
    ).to.equal('already-paused');
  });

  it('papers received: status back, children resumed, every deadline moved by the paused working time', async () => {
    const s = await begun();
    requestSupplement(s, T0 + 100, { actor: 'sp', reason: 'r', missing: [] });
    await settle(s, T0 + 100);
    supplementReceived(s, T0 + 600, { actor: 'app', documents: ['d1'], note: 'đủ' });
    expect([s.timers.shiftPending, nextTimerAt(s)]).to.deep.equal([true, undefined]);
    const round = await settle(s, T0 + 600);
    expect(round.types).to.deep.equal(['supplement-received', 'deadlines-moved']);
    expect(round.effects).to.deep.equal([
      { kind: 'resume-child', childWorkflowId: 'dossier-C/c#1', args: { actor: 'app', documents: ['d1'] } },
    ]);
    const shift = round.batches[0]!.calendar[0]!;
    expect(shift).to.deep.include({
      op: 'shift',
      from: new Date(T0 + 100).toISOString(),
      to: new Date(T0 + 600).toISOString(),
    });
    expect(s.dossier.status).to.equal('in-progress');
    expect(s.tasks.byId.get('work#1')!.dueAt).to.equal(T0 + 2 * DAY + 500);
    expect(s.calls.byActivation.get('c#1')!.dueAt).to.equal(T0 + 3 * DAY + 500);
    expect(s.pauses.list[0]).to.deep.include({ end: T0 + 600, pausedWorkingMs: 500 });
    expect(nextTimerAt(s)).to.equal(T0 + 1.5 * DAY + 500);
  });

  it('a supplement signal with no supplement pause open is kept and changes nothing', async () => {
    const s = await begun();
    supplementReceived(s, T0 + 1, { actor: 'app', documents: ['x'] });
    expect(s.outbox.timeline.at(-1)).to.deep.include({ type: 'supplement-ignored', actor: 'app' });
    expect(s.pauses.list).to.deep.equal([]);
  });

  it('a child follows its parent: paused with the parent kind, resumed only by the parent', async () => {
    const s = await begun({ parent: { workflowId: 'dossier-P', nodeId: 'call' } });
    parentPaused(s, T0 + 10, {
      actor: 'p',
      reason: 'phí',
      missing: [],
      kind: 'payment',
      amount: 70,
      items: [{ name: 'x', amount: 70 }],
    });
    expect([s.dossier.status, s.pauses.list[0]!.fromParent, s.pauses.list[0]!.amount]).to.deep.equal([
      'financial-obligation',
      true,
      70,
    ]);
    parentPaused(s, T0 + 11, { actor: 'p', reason: 'again', missing: [] });
    expect(s.pauses.list).to.have.length(1);
    parentResumed(s, T0 + 20, { actor: 'p', documents: [] });
    await settle(s, T0 + 20);
    expect(
      s.outbox.timeline.filter((e) => e.type === 'payment-received').map((e) => e.payload),
    ).to.deep.equal([{ pause: 1, fromParent: true, receiptNo: null, amount: null }]);
    // the dossier's own pause is not ended by the parent
    requestSupplement(s, T0 + 30, { actor: 'sp', reason: 'r', missing: [] });
    parentResumed(s, T0 + 40, { actor: 'p', documents: [] });
    expect(s.pauses.list[1]!.end).to.equal(undefined);
  });

  it('each deadline moves on its own agency’s calendar: a step at an agency with an extra day off', async () => {
    // Issue 18's case (Vietnam time, 2026): a step at agency B due Mon 16/3 10:00, B also off Thu 12/3; paused Wed
    // 11/3 16:00 → Fri 13/3 08:00. On B's calendar 1.5 working hours passed (Wed 16:00–17:00, Fri 07:30–08:00):
    // due Mon 16/3 11:30. On the lead agency's (9 h with Thursday) it would be Tue 17/3 11:30.
    const national = createCalendar(defaultCalendarData([2026]));
    const agencyB = createCalendar(defaultCalendarData([2026], { daysOff: ['2026-03-12'] }));
    const calendarFor = async (agency: string) => (agency === 'B' ? agencyB : national);
    const ir = buildIr({
      code: 'PS-B',
      agency: 'A',
      duration: days(20),
      nodes: [startEvent(), task('work', 's', days(3), { agency: 'B' }), end('done')],
      flows: [
        ['start', 'work'],
        ['work', 'done'],
      ],
    });
    const opened = vn('2026-03-10 10:00').getTime();
    const run = async (patched: boolean) => {
      const s = stateFor(
        ir,
        { receivedAt: new Date(opened).toISOString() },
        (id) => patched || id !== PATCHES.shiftPerAgency,
      );
      start(s, opened);
      await settle(s, opened, {}, calendarFor);
      expect(show(new Date(s.tasks.byId.get('work#1')!.dueAt!))).to.equal('2026-03-16 10:00');
      const appointment = s.dossier.appointmentAt!;
      requestSupplement(s, vn('2026-03-11 16:00').getTime(), { actor: 'sp', reason: 'r', missing: [] });
      await settle(s, vn('2026-03-11 16:00').getTime(), {}, calendarFor);
      const resumed = vn('2026-03-13 08:00').getTime();
      supplementReceived(s, resumed, { actor: 'app', documents: [] });
      const round = await settle(s, resumed, {}, calendarFor);
      return { s, appointment, requests: round.batches[0]!.calendar.map((c) => [c.op, c.agency]) };
    };
    const { s, appointment, requests } = await run(true);
    expect(requests).to.deep.equal([
      ['shift', 'A'],
      ['shift', 'B'],
    ]);
    expect(show(new Date(s.tasks.byId.get('work#1')!.dueAt!))).to.equal('2026-03-16 11:30');
    // a history recorded before the patch shift-per-agency keeps its one request, on the lead agency's calendar
    const old = await run(false);
    expect(old.requests).to.deep.equal([['shift', 'A']]);
    expect(show(new Date(old.s.tasks.byId.get('work#1')!.dueAt!))).to.equal('2026-03-17 11:30');
    // the appointment is the lead agency's: 9 working hours (1.2 working days) later
    expect(s.dossier.appointmentAt! - appointment).to.be.greaterThan(9 * 3_600_000);
    expect(s.pauses.list[0]!.pausedWorkingMs).to.equal(9 * 3_600_000);
  });
});
