import { expect } from 'chai';
import { cancelled, endBy, finish, start, validateEnd } from '../../../workflows/engine/lifecycle.js';
import { takeBatch } from '../../../workflows/engine/outbox.js';
import { requestSupplement } from '../../../workflows/engine/pauses.js';
import { onServiceFailure } from '../../../workflows/engine/services.js';
import { buildIr, days, end, gateway, service, start as startEvent, task } from '../fixtures/build-ir.js';
import { T0, rejectionOf, settle, stateFor } from './support/state.js';

const ir = buildIr({
  code: 'LC',
  agency: 'A',
  duration: days(5),
  nodes: [
    startEvent(),
    gateway('fork', 'parallelGateway'),
    task('work', 's', days(2)),
    service('svc', 'webhook', {}),
    end('done'),
  ],
  flows: [
    ['start', 'fork'],
    ['fork', 'work'],
    ['fork', 'svc'],
    ['work', 'done'],
    ['svc', 'done'],
  ],
});

describe('engine/lifecycle', () => {
  it('start: the received event (with the parent of a child dossier) and a token at the start event', () => {
    const s = stateFor(ir, { parent: { workflowId: 'dossier-P', nodeId: 'call' } });
    start(s, T0);
    const batch = takeBatch(s)!;
    expect(batch.events[0]).to.deep.include({ seq: 1, type: 'received' });
    expect(batch.events[0]!.payload).to.deep.include({
      procedureCode: 'LC',
      irHash: 'test-LC',
      agency: 'A',
      parent: { workflowId: 'dossier-P', nodeId: 'call' },
    });
    expect(batch.dossier!.call).to.deep.include({ parentWorkflowId: 'dossier-P', parentNodeId: 'call' });
    expect(batch.parentWorkflowId).to.equal('dossier-P');
    expect([...s.tokens.byId.values()].map((t) => [t.nodeId, t.wait.kind])).to.deep.equal([
      ['start', 'ready'],
    ]);
  });

  it('a person ends the dossier: everything open is cancelled, incidents resolved, the pause closed', async () => {
    const s = stateFor(ir);
    start(s, T0);
    await settle(s, T0);
    onServiceFailure(s, T0 + 1, 'svc#1', 1, 'down');
    requestSupplement(s, T0 + 2, { actor: 'sp', reason: 'r', missing: [] });
    expect(rejectionOf(() => validateEnd(s, { actor: 'lead', reason: '' }))).to.equal('invalid-argument');
    endBy(s, T0 + 3, 'withdrawn', { actor: 'lead', reason: 'công dân rút hồ sơ' });
    const round = await settle(s, T0 + 3);
    expect(round.types).to.deep.equal([
      'incident-opened',
      'supplement-requested',
      'withdrawn',
      'task-cancelled',
      'result',
    ]);
    expect(s.dossier.finished?.outcome).to.equal('withdrawn');
    expect([s.dossier.status, s.timers.byId.size, s.tokens.byId.size]).to.deep.equal(['withdrawn', 0, 0]);
    expect([...s.incidents.byId.values()].map((i) => i.status)).to.deep.equal(['resolved']);
    expect(s.pauses.list[0]!.end).to.equal(T0 + 3);
    const last = round.batches.at(-1)!;
    expect(last.dossier).to.deep.include({
      outcome: 'withdrawn',
      finishedAt: new Date(T0 + 3).toISOString(),
    });
    expect('classificationKey' in last.dossier!).to.equal(false);
    expect(rejectionOf(() => validateEnd(s, { actor: 'lead', reason: 'x' }))).to.equal('dossier-finished');
  });

  it('returned: classified against the original appointment, even one not known yet (by its request key)', async () => {
    const s = stateFor(ir);
    start(s, T0);
    finish(s, T0, 'returned');
    const batch = takeBatch(s)!;
    const classify = batch.calendar.find((c) => c.op === 'classify')!;
    const appointmentReq = batch.calendar.find((c) => c.op === 'appointment')!;
    expect(classify).to.deep.include({ appointmentKey: appointmentReq.key });
    expect(batch.dossier!.classificationKey).to.equal(classify.key);
    expect(s.dossier.classificationPending).to.equal(true);
  });

  it('a cancelled workflow stops once; a running plugin is cancelled with it', async () => {
    const s = stateFor(ir);
    start(s, T0);
    await settle(s, T0);
    cancelled(s, T0 + 1, 'hủy');
    cancelled(s, T0 + 2, 'again');
    const round = await settle(s, T0 + 2);
    expect(round.types.filter((t) => t === 'stopped')).to.have.length(1);
    expect(round.effects).to.deep.equal([{ kind: 'cancel', activation: 'svc#1' }]);
    expect(s.dossier.finished?.outcome).to.equal('stopped');
  });
});
