import { expect } from 'chai';
import { assertActor, assertRunning, Rejection } from '../../../workflows/engine/rejection.js';
import { openTaskOrReject, task } from '../../../workflows/engine/task-lookup.js';
import { oneStepIr } from '../fixtures/build-ir.js';
import { rejectionOf, stateFor } from './support/state.js';

const ir = oneStepIr({ code: 'RJ', agency: 'A', duration: { amount: 1, unit: 'working-day' } });

describe('engine/rejection and task-lookup', () => {
  it('a rejection carries its type and a message in Vietnamese and English', () => {
    const r = new Rejection('task-not-open', 'công việc đã đóng', 'the task is closed');
    expect([r.name, r.type, r.message]).to.deep.equal([
      'Rejection',
      'task-not-open',
      'công việc đã đóng / the task is closed',
    ]);
  });

  it('required texts: missing, empty, blank or not a string', () => {
    for (const v of [undefined, '', '   ', 7])
      expect(rejectionOf(() => assertActor(v, 'actor'))).to.equal('invalid-argument');
    expect(() => assertActor('u1', 'actor')).not.to.throw();
  });

  it('tasks: unknown, closed, and every operation once the dossier finished', () => {
    const s = stateFor(ir);
    expect(rejectionOf(() => task(s, 'x#1'))).to.equal('task-not-found');
    s.tasks.byId.set('receive#1', {
      taskId: 'receive#1',
      node: s.model.nodes.get('receive') as never,
      tokenId: 1,
      agency: 'A',
      assignee: null,
      status: 'completed',
      outcome: 'done',
      openedAt: 0,
      overdue: false,
      escalatedTo: null,
    });
    expect(rejectionOf(() => openTaskOrReject(s, 'receive#1'))).to.equal('task-not-open');
    s.dossier.finished = { outcome: 'returned', finishedAt: 'x' };
    expect(rejectionOf(() => assertRunning(s))).to.equal('dossier-finished');
    expect(rejectionOf(() => openTaskOrReject(s, 'receive#1'))).to.equal('dossier-finished');
  });
});
