import { expect } from 'chai';
import { start } from '../../../workflows/engine/lifecycle.js';
import {
  claim,
  complete,
  reassign,
  returnTo,
  validateComplete,
  validateReturn,
} from '../../../workflows/engine/tasks.js';
import { fireTimers } from '../../../workflows/engine/clock.js';
import { openTasks } from '../../../workflows/engine/views.js';
import { buildIr, days, end, start as startEvent, task } from '../fixtures/build-ir.js';
import { DAY, T0, rejectionOf, settle, stateFor } from './support/state.js';

const ir = buildIr({
  code: 'TS',
  agency: 'A',
  duration: days(5),
  nodes: [
    startEvent(),
    task('receive', 'receptionist', days(1), { outcomes: ['accept'] }),
    task('appraise', 'specialist', days(2), {
      agency: 'B',
      warningAt: 0.5,
      escalationRole: 'division-head',
      outcomes: ['ok', 'redo'],
      formSchema: {
        type: 'object',
        required: ['area'],
        properties: { area: { type: 'number', minimum: 0 } },
      },
    }),
    end('done'),
  ],
  flows: [
    ['start', 'receive'],
    ['receive', 'appraise'],
    ['appraise', 'done'],
  ],
});

async function begun() {
  const s = stateFor(ir);
  start(s, T0);
  await settle(s, T0);
  return s;
}

describe('engine/tasks', () => {
  it('opens a task on its agency with warning and deadline from the calendar, and timers for both', async () => {
    const s = await begun();
    const t = s.tasks.byId.get('receive#1')!;
    expect([t.status, t.agency, t.warnAt, t.dueAt]).to.deep.equal(['open', 'A', T0 + 0.75 * DAY, T0 + DAY]);
    expect([...s.timers.byId.keys()]).to.include.members(['warn:receive#1', 'due:receive#1']);
    const opened = s.outbox.timeline.find((e) => e.type === 'task-opened')!;
    expect(opened.payload).to.deep.include({
      taskId: 'receive#1',
      role: 'receptionist',
      agency: 'A',
      assignee: null,
    });
    expect(opened.payload.dueAt).to.equal(new Date(T0 + DAY).toISOString());
  });

  it('claim: once by one person (again by the same is noted), refused to another', async () => {
    const s = await begun();
    claim(s, T0 + 1, { taskId: 'receive#1', userId: 'u1' });
    claim(s, T0 + 2, { taskId: 'receive#1', userId: 'u1' });
    expect(rejectionOf(() => claim(s, T0 + 3, { taskId: 'receive#1', userId: 'u2' }))).to.equal(
      'not-assignee',
    );
    const claims = s.outbox.timeline.filter((e) => e.type === 'task-claimed').map((e) => e.payload);
    expect(claims).to.deep.equal([{ taskId: 'receive#1' }, { taskId: 'receive#1', again: true }]);
    expect(s.tasks.byId.get('receive#1')!.status).to.equal('claimed');
  });

  it('complete: outcome and form checked, data merged into the variables, the token moves on', async () => {
    const s = await begun();
    expect(
      rejectionOf(() => validateComplete(s, { taskId: 'receive#1', userId: 'u1', outcome: 'nope' })),
    ).to.equal('unknown-outcome');
    complete(s, T0 + 10, { taskId: 'receive#1', userId: 'u1', outcome: 'accept', data: { note: 'đủ' } });
    await settle(s, T0 + 10);
    expect(s.dossier.data).to.deep.equal({ note: 'đủ' });
    expect(s.dossier.taskResults.receive).to.deep.equal({ outcome: 'accept', data: { note: 'đủ' } });
    expect(s.timers.byId.has('due:receive#1')).to.equal(false);
    const appraise = { taskId: 'appraise#1', userId: 'u2', outcome: 'ok' };
    expect(rejectionOf(() => validateComplete(s, { ...appraise, data: { area: -1 } }))).to.equal(
      'invalid-form-data',
    );
    expect(rejectionOf(() => validateComplete(s, { ...appraise, data: [] as never }))).to.equal(
      'invalid-form-data',
    );
    expect(s.tasks.byId.get('appraise#1')!.agency).to.equal('B');
    complete(s, T0 + 20, { ...appraise, data: { area: 12.5 } });
    await settle(s, T0 + 20);
    expect(s.dossier.finished?.outcome).to.equal('returned');
  });

  it('return goes back only to a step on this path, to whoever did it last', async () => {
    const s = await begun();
    expect(
      rejectionOf(() =>
        validateReturn(s, { taskId: 'receive#1', userId: 'u1', toNodeId: 'appraise', reason: '' }),
      ),
    ).to.equal('invalid-return-target');
    complete(s, T0 + 10, { taskId: 'receive#1', userId: 'u1', outcome: 'accept' });
    await settle(s, T0 + 10);
    returnTo(s, T0 + 20, { taskId: 'appraise#1', userId: 'u2', toNodeId: 'receive', reason: 'thiếu chữ ký' });
    await settle(s, T0 + 20);
    expect(openTasks(s).map((t) => [t.taskId, t.assignee])).to.deep.equal([['receive#2', 'u1']]);
    expect(s.tasks.byId.get('appraise#1')).to.deep.include({ status: 'cancelled', outcome: 'returned' });
    expect(s.outbox.timeline.map((e) => e.type)).not.to.include('task-cancelled');
    expect(s.tokens.byId.get(1)!.trail).to.deep.equal([]);
  });

  it('reassign hands a task to someone else; the deadline warns, then flags overdue and escalates', async () => {
    const s = await begun();
    reassign(s, T0 + 1, { taskId: 'receive#1', actor: 'sup', assignee: 'u9', reason: 'nghỉ' });
    expect(s.tasks.byId.get('receive#1')).to.deep.include({ assignee: 'u9', status: 'claimed' });
    complete(s, T0 + 2, { taskId: 'receive#1', userId: 'u9', outcome: 'accept' });
    await settle(s, T0 + 2);
    fireTimers(s, T0 + 2 + DAY); // appraise: 2 days, warning at half
    fireTimers(s, T0 + 2 + 2 * DAY);
    const types = s.outbox.timeline.map((e) => e.type);
    expect(types.slice(-3)).to.deep.equal(['task-warning', 'task-overdue', 'escalated']);
    expect(s.tasks.byId.get('appraise#1')).to.deep.include({ overdue: true, escalatedTo: 'division-head' });
    expect(s.tasks.escalations[0]).to.deep.include({
      toRole: 'division-head',
      auto: true,
      actor: 'system',
      agency: 'B',
    });
  });
});
