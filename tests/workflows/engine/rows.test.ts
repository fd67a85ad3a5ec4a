import { expect } from 'chai';
import { dossierPatch, incidentRow, pauseRow, taskRow } from '../../../workflows/engine/rows.js';
import { newToken } from '../../../workflows/engine/tokens.js';
import { openTask } from '../../../workflows/engine/tasks.js';
import type { UserTaskNode } from '../../../ir/index.js';
import { oneStepIr } from '../fixtures/build-ir.js';
import { T0, stateFor } from './support/state.js';

const ir = oneStepIr({ code: 'RW', agency: 'A', duration: { amount: 1, unit: 'working-day' } });

describe('engine/rows', () => {
  it('a task row carries its deadline request until the deadline is known', () => {
    const s = stateFor(ir);
    const token = newToken(s, 'receive', undefined, []);
    openTask(s, T0, token, s.model.nodes.get('receive') as UserTaskNode);
    const task = s.tasks.byId.get('receive#1')!;
    expect(taskRow(s, task)).to.deep.include({
      taskId: 'receive#1',
      nodeId: 'receive',
      nameVi: 'Bước receive',
      nameEn: 'Step receive',
      status: 'open',
      dueAt: null,
      deadlineKey: 'c1',
    });
    task.dueAt = T0 + 1000;
    const row = taskRow(s, task);
    expect(row.dueAt).to.equal(new Date(T0 + 1000).toISOString());
    expect('deadlineKey' in row).to.equal(false);
  });

  it('pause and incident rows write null for what is not known yet', () => {
    expect(
      pauseRow({
        n: 1,
        kind: 'supplement',
        start: T0,
        reason: 'r',
        actor: 'a',
        missing: ['x'],
        fromParent: false,
      }),
    ).to.deep.equal({
      n: 1,
      reason: 'r',
      actor: 'a',
      missing: ['x'],
      startedAt: new Date(T0).toISOString(),
      endedAt: null,
      pausedWorkingMs: null,
    });
    expect(
      incidentRow({
        id: 'inc-1',
        nodeId: 'g',
        tokenId: 1,
        kind: 'loop',
        message: 'm',
        status: 'open',
        openedAt: T0,
      }),
    ).to.include({ incidentId: 'inc-1', resolvedAt: null });
  });

  it('the dossier patch: status with its national code, current steps (at most 128 characters), extras', () => {
    const s = stateFor(ir);
    for (let i = 0; i < 30; i++) {
      const t = newToken(s, `step-number-${i}`, undefined, []);
      t.wait = { kind: 'task', activation: `x#${i}` };
    }
    s.outbox.dossierExtra.dueAt = 'D';
    const patch = dossierPatch(s);
    expect([patch.status, patch.nationalStatus, patch.dueAt]).to.deep.equal(['accepted', 2, 'D']);
    expect(patch.currentStep).to.have.length(128);
    expect(patch.currentStep!.startsWith('step-number-0,step-number-1,')).to.equal(true);
  });
});
