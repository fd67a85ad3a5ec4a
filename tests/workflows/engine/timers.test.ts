import { expect } from 'chai';
import {
  addTimer,
  clearTimers,
  dueTimers,
  nextTimerAt,
  setTimerAt,
  takeTimer,
} from '../../../workflows/engine/timers.js';
import { oneStepIr } from '../fixtures/build-ir.js';
import { T0, stateFor } from './support/state.js';

const ir = oneStepIr({ code: 'TM', agency: 'A', duration: { amount: 1, unit: 'working-day' } });

describe('engine/timers', () => {
  it('the next timer is the earliest known instant; unknown instants wait for the calendar', () => {
    const s = stateFor(ir);
    expect(nextTimerAt(s)).to.equal(undefined);
    const a = addTimer(s, { id: 'a', kind: 'task-warn', activation: 't#1' });
    addTimer(s, { id: 'b', kind: 'task-due', activation: 't#1', at: T0 + 50 });
    expect(nextTimerAt(s)).to.equal(T0 + 50);
    setTimerAt(s, a, new Date(T0 + 10).toISOString());
    expect(nextTimerAt(s)).to.equal(T0 + 10);
    setTimerAt(s, a, undefined);
    expect(a.at).to.equal(T0 + 10);
  });

  it('an answer for a timer that was cleared or replaced meanwhile is dropped', () => {
    const s = stateFor(ir);
    const old = addTimer(s, { id: 'x', kind: 'intermediate' });
    const fresh = addTimer(s, { id: 'x', kind: 'intermediate' });
    setTimerAt(s, old, new Date(T0).toISOString());
    expect([old.at, fresh.at]).to.deep.equal([undefined, undefined]);
  });

  it('no timer runs while paused, while a shift is pending, or after the end', () => {
    const s = stateFor(ir);
    addTimer(s, { id: 'a', kind: 'appointment', at: T0 });
    s.timers.shiftPending = true;
    expect([nextTimerAt(s), dueTimers(s, T0 + 1)]).to.deep.equal([undefined, []]);
    s.timers.shiftPending = false;
    s.pauses.list.push({
      n: 1,
      kind: 'supplement',
      start: T0,
      reason: '',
      actor: 'a',
      missing: [],
      fromParent: false,
    });
    expect(nextTimerAt(s)).to.equal(undefined);
    s.pauses.list[0]!.end = T0 + 1;
    expect(nextTimerAt(s)).to.equal(T0);
    s.dossier.finished = { outcome: 'returned', finishedAt: 'x' };
    expect(nextTimerAt(s)).to.equal(undefined);
  });

  it('due timers come earliest first, ties in creation order; a taken or cleared one does not fire', () => {
    const s = stateFor(ir);
    addTimer(s, { id: 'late', kind: 'task-due', activation: 't#1', at: T0 + 20 });
    addTimer(s, { id: 'tie-1', kind: 'task-warn', activation: 't#2', at: T0 + 10 });
    addTimer(s, { id: 'tie-2', kind: 'boundary', activation: 't#1', at: T0 + 10 });
    addTimer(s, { id: 'future', kind: 'appointment', at: T0 + 99 });
    const due = dueTimers(s, T0 + 20);
    expect(due.map((t) => t.id)).to.deep.equal(['tie-1', 'tie-2', 'late']);
    expect(takeTimer(s, due[0]!)).to.equal(true);
    expect(takeTimer(s, due[0]!)).to.equal(false);
    clearTimers(s, 't#1');
    expect([...s.timers.byId.keys()]).to.deep.equal(['future']);
    expect(takeTimer(s, due[2]!)).to.equal(false);
  });
});
