import { expect } from 'chai';
import { fireTimers } from '../../../workflows/engine/clock.js';
import { start } from '../../../workflows/engine/lifecycle.js';
import { boundary, buildIr, days, end, start as startEvent, task } from '../fixtures/build-ir.js';
import { DAY, T0, settle, stateFor } from './support/state.js';

const ir = buildIr({
  code: 'CK',
  agency: 'A',
  duration: days(2),
  nodes: [
    startEvent(),
    task('work', 's', days(2), { warningAt: 0.5 }),
    boundary('cut', 'work', { slaFraction: 0.5 }, true),
    end('done'),
    end('cut-end'),
  ],
  flows: [
    ['start', 'work'],
    ['work', 'done'],
    ['cut', 'cut-end'],
  ],
});

describe('engine/clock', () => {
  it('fires due timers earliest first; a timer cleared by an earlier firing at the same instant does not fire', async () => {
    const s = stateFor(ir);
    start(s, T0);
    await settle(s, T0);
    const before = s.outbox.timeline.length;
    // due by now: the reminder, the warning and the interrupting boundary (1 day), the task deadline and the
    // appointment (2 days). The boundary cancels the task, which clears its deadline timer: no task-overdue.
    fireTimers(s, T0 + 2 * DAY);
    expect(s.outbox.timeline.slice(before).map((e) => e.type)).to.deep.equal([
      'apology-reminder',
      'task-warning',
      'boundary-fired',
      'task-cancelled',
      'dossier-overdue',
    ]);
    expect(s.timers.byId.size).to.equal(0);
  });

  it('appointment and reminder timers reach the dossier; nothing fires before its instant', async () => {
    const s = stateFor(ir, { appointmentAt: new Date(T0 + 3 * DAY).toISOString() });
    start(s, T0);
    await settle(s, T0);
    fireTimers(s, T0 + 2 * DAY - 1);
    expect(s.outbox.timeline.map((e) => e.type)).not.to.include('apology-reminder');
    fireTimers(s, T0 + 3 * DAY);
    expect(
      s.outbox.timeline.map((e) => e.type).filter((t) => t.startsWith('apology') || t.startsWith('dossier-')),
    ).to.deep.equal(['apology-reminder', 'dossier-overdue']);
    expect(s.dossier.overdue).to.equal(true);
  });
});
