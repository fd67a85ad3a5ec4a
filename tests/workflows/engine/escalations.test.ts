import { expect } from 'chai';
import {
  DEFAULT_ESCALATION_ROLE,
  escalate,
  validateEscalate,
} from '../../../workflows/engine/escalations.js';
import { start } from '../../../workflows/engine/lifecycle.js';
import { fireTimers } from '../../../workflows/engine/clock.js';
import { oneStepIr } from '../fixtures/build-ir.js';
import { DAY, T0, rejectionOf, settle, stateFor } from './support/state.js';

const ir = oneStepIr({ code: 'ES', agency: 'A', duration: { amount: 3, unit: 'working-day' } });

describe('engine/escalations', () => {
  it('a supervisor escalates an open task: a row, the task marked, an event', async () => {
    const s = stateFor(ir);
    start(s, T0);
    await settle(s, T0);
    expect(
      rejectionOf(() => validateEscalate(s, { taskId: 'receive#1', actor: 'sup', toRole: '', reason: '' })),
    ).to.equal('invalid-argument');
    escalate(s, T0 + 5, { taskId: 'receive#1', actor: 'sup', toRole: 'department-head', reason: 'khó' });
    const batch = (await settle(s, T0 + 5)).batches[0]!;
    expect(batch.escalations).to.deep.equal([
      {
        escalationId: 'esc-1',
        taskId: 'receive#1',
        nodeId: 'receive',
        toRole: 'department-head',
        agency: 'A',
        reason: 'khó',
        actor: 'sup',
        auto: false,
        at: new Date(T0 + 5).toISOString(),
      },
    ]);
    expect(batch.events[0]).to.deep.include({ type: 'escalated', actor: 'sup', nodeId: 'receive' });
    expect(s.tasks.byId.get('receive#1')!.escalatedTo).to.equal('department-head');
  });

  it('at the deadline, without a role in the model, the supervisor gets it', async () => {
    const s = stateFor(ir);
    start(s, T0);
    await settle(s, T0);
    fireTimers(s, T0 + DAY);
    expect(s.tasks.escalations.map((e) => [e.id, e.toRole, e.auto])).to.deep.equal([
      ['esc-1', DEFAULT_ESCALATION_ROLE, true],
    ]);
  });
});
