import { expect } from 'chai';
import { start } from '../../../workflows/engine/lifecycle.js';
import { paymentReceived } from '../../../workflows/engine/payments.js';
import { complete } from '../../../workflows/engine/tasks.js';
import { anyOverdue, feelContext, openTasks, snapshot, stepDueAt } from '../../../workflows/engine/views.js';
import { buildIr, days, end, gateway, start as startEvent, task } from '../fixtures/build-ir.js';
import { DAY, T0, settle, stateFor } from './support/state.js';

const ir = buildIr({
  code: 'VW',
  agency: 'A',
  duration: days(5),
  nodes: [
    startEvent(),
    task('first', 's', days(1), { outcomes: ['go'] }),
    gateway('fork', 'parallelGateway'),
    task('a', 's', days(3)),
    task('b', 's', days(2)),
    end('done'),
  ],
  flows: [
    ['start', 'first'],
    ['first', 'fork'],
    ['fork', 'a'],
    ['fork', 'b'],
    ['a', 'done'],
    ['b', 'done'],
  ],
});

describe('engine/views', () => {
  it('FEEL sees the data, the last outcome, task results, the dossier and what was paid', async () => {
    const s = stateFor(ir, { data: { area: 40 }, channel: 'online', applicantType: 'organisation' });
    start(s, T0);
    await settle(s, T0);
    complete(s, T0 + 1, { taskId: 'first#1', userId: 'u', outcome: 'go', data: { fee: 5 } });
    paymentReceived(s, T0 + 2, { receiptNo: 'BL-1', amount: 5 });
    paymentReceived(s, T0 + 3, { receiptNo: 'BL-2', amount: Number.NaN });
    const ctx = feelContext(s);
    expect(ctx).to.deep.include({
      area: 40,
      fee: 5,
      outcome: 'go',
      paid: 5,
      dossier: { channel: 'online', applicantType: 'organisation', procedure: 'VW', code: 'C' },
    });
    expect(ctx.data).to.deep.equal({ area: 40, fee: 5 });
    expect(ctx.tasks).to.deep.equal({ first: { outcome: 'go', data: { fee: 5 } } });
  });

  it('open tasks, the earliest step deadline, and overdue from a step or the appointment', async () => {
    const s = stateFor(ir);
    start(s, T0);
    await settle(s, T0);
    complete(s, T0, { taskId: 'first#1', userId: 'u', outcome: 'go' });
    await settle(s, T0);
    expect(openTasks(s).map((t) => [t.taskId, t.dueAt])).to.deep.equal([
      ['a#1', new Date(T0 + 3 * DAY).toISOString()],
      ['b#1', new Date(T0 + 2 * DAY).toISOString()],
    ]);
    expect(stepDueAt(s)).to.equal(T0 + 2 * DAY);
    expect(anyOverdue(s)).to.equal(false);
    s.tasks.byId.get('b#1')!.overdue = true;
    expect(anyOverdue(s)).to.equal(true);
    s.tasks.byId.get('b#1')!.status = 'completed';
    expect([anyOverdue(s), stepDueAt(s)]).to.deep.equal([false, T0 + 3 * DAY]);
    s.dossier.overdue = true;
    expect(anyOverdue(s)).to.equal(true);
  });

  it('the snapshot answers the state query with everything a supervisor sees', async () => {
    const s = stateFor(ir);
    start(s, T0);
    await settle(s, T0);
    const v = snapshot(s);
    expect(v).to.deep.include({
      workflowId: 'dossier-C',
      dossierCode: 'C',
      status: 'in-progress',
      nationalStatus: 4,
      apologized: false,
      finished: null,
    });
    expect(v.tokens).to.deep.equal([{ id: 1, nodeId: 'first', waiting: 'task' }]);
    expect(v.timeline.map((e) => [e.seq, e.type])).to.deep.equal([
      [1, 'received'],
      [2, 'task-opened'],
    ]);
    expect(v.originalAppointmentAt).to.equal(v.appointmentAt);
  });
});
