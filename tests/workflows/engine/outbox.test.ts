import { expect } from 'chai';
import {
  applyBatchResult,
  emit,
  hasOutput,
  pushEffect,
  requestCalendar,
  takeBatch,
  takeEffects,
} from '../../../workflows/engine/outbox.js';
import { oneStepIr } from '../fixtures/build-ir.js';
import { T0, WEBHOOK, stateFor } from './support/state.js';

const ir = oneStepIr({ code: 'OB', agency: 'A', duration: { amount: 1, unit: 'working-day' } });

describe('engine/outbox', () => {
  it('numbers events without gaps and keeps them in the timeline and the next batch', () => {
    const s = stateFor(ir);
    const a = emit(s, T0, 'received', { x: 1 });
    const b = emit(s, T0 + 1, 'route', {}, 'g', 'u1');
    expect([a.seq, b.seq, b.nodeId, b.actor, b.at]).to.deep.equal([
      1,
      2,
      'g',
      'u1',
      '2026-11-23T01:00:00.001Z',
    ]);
    expect('nodeId' in a).to.equal(false);
    expect(s.outbox.timeline).to.deep.equal([a, b]);
    const batch = takeBatch(s)!;
    expect(batch.events).to.deep.equal([a, b]);
    expect(batch.dossier).to.deep.include({ status: 'accepted', nationalStatus: 2, currentStep: null });
    expect(takeBatch(s)).to.equal(undefined);
    expect(s.outbox.timeline).to.have.length(2);
  });

  it('hands each calendar answer to the handler that asked, fills event deadlines, records descriptors', () => {
    const s = stateFor(ir);
    const answers: string[] = [];
    const k1 = requestCalendar(s, { op: 'reminder', agency: 'A', appointmentAt: 'x' }, (r) =>
      answers.push(`1:${r.reminderAt}`),
    );
    const k2 = requestCalendar(
      s,
      {
        op: 'add',
        agency: 'A',
        start: 'x',
        duration: { amount: 1, unit: 'working-day' },
        fractions: [0.5, 1],
      },
      (r) => answers.push(`2:${r.instants}`),
    );
    expect([k1, k2]).to.deep.equal(['c1', 'c2']);
    const e = emit(s, T0, 'task-opened', {});
    e.deadlineKey = k2;
    s.services.describeRequests.add('webhook');
    const batch = takeBatch(s)!;
    expect(batch.describePlugins).to.deep.equal(['webhook']);
    expect(s.services.describeRequests.size).to.equal(0);
    const described = applyBatchResult(s, batch, {
      calendar: { c1: { reminderAt: 'R' }, c2: { instants: ['W', 'D'] } },
      plugins: { webhook: WEBHOOK },
      applied: true,
    });
    expect(described).to.deep.equal(['webhook']);
    expect(answers).to.deep.equal(['1:R', '2:W,D']);
    expect(e.payload).to.deep.equal({ warnAt: 'W', dueAt: 'D' });
    expect(s.outbox.projectedSeq).to.equal(1);
    expect(s.services.descriptors.get('webhook')).to.equal(WEBHOOK);
    expect(s.outbox.calendarHandlers.size).to.equal(0);
  });

  it('a batch of calendar requests only is still a batch; effects are taken once', () => {
    const s = stateFor(ir);
    emit(s, T0, 'received', {});
    expect(hasOutput(s)).to.equal(true);
    takeBatch(s);
    expect(hasOutput(s)).to.equal(false);
    requestCalendar(s, { op: 'reminder', agency: 'A', appointmentAt: 'x' }, () => undefined);
    const batch = takeBatch(s)!;
    expect([batch.events.length, batch.calendar.length, batch.dossier]).to.deep.equal([0, 1, undefined]);
    pushEffect(s, { kind: 'cancel', activation: 'a#1' });
    expect(hasOutput(s)).to.equal(true);
    expect(takeEffects(s)).to.deep.equal([{ kind: 'cancel', activation: 'a#1' }]);
    expect(takeEffects(s)).to.deep.equal([]);
  });
});
