import { expect } from 'chai';
import { start } from '../../../workflows/engine/lifecycle.js';
import { advance, MAX_MOVES_PER_ADVANCE, retryIncident } from '../../../workflows/engine/routing.js';
import { onCallFailure } from '../../../workflows/engine/calls.js';
import { onServiceFailure, onServiceResult } from '../../../workflows/engine/services.js';
import { complete } from '../../../workflows/engine/tasks.js';
import { openTasks } from '../../../workflows/engine/views.js';
import {
  buildIr,
  call,
  days,
  end,
  gateway,
  service,
  start as startEvent,
  task,
} from '../fixtures/build-ir.js';
import { T0, settle, stateFor } from './support/state.js';

const twoPaths = (outcome: 'returned' | 'refused') =>
  buildIr({
    code: `RT-${outcome}`,
    agency: 'A',
    duration: days(3),
    nodes: [
      startEvent(),
      gateway('fork', 'parallelGateway'),
      task('a', 's', days(1)),
      task('b', 's', days(1)),
      end('end-a', outcome),
      end('end-b'),
    ],
    flows: [
      ['start', 'fork'],
      ['fork', 'a'],
      ['fork', 'b'],
      ['a', 'end-a'],
      ['b', 'end-b'],
    ],
  });

describe('engine/routing', () => {
  it('a returned end waits for the other paths; a refusal ends the dossier at once and cancels the rest', async () => {
    const ok = stateFor(twoPaths('returned'));
    start(ok, T0);
    await settle(ok, T0);
    complete(ok, T0 + 1, { taskId: 'a#1', userId: 'u', outcome: 'done' });
    await settle(ok, T0 + 1);
    expect([ok.dossier.finished, openTasks(ok).map((t) => t.taskId)]).to.deep.equal([undefined, ['b#1']]);
    complete(ok, T0 + 2, { taskId: 'b#1', userId: 'u', outcome: 'done' });
    await settle(ok, T0 + 2);
    expect(ok.dossier.finished?.outcome).to.equal('returned');

    const no = stateFor(twoPaths('refused'));
    start(no, T0);
    await settle(no, T0);
    complete(no, T0 + 1, { taskId: 'a#1', userId: 'u', outcome: 'done' });
    await settle(no, T0 + 1);
    expect([no.dossier.finished?.outcome, no.dossier.status]).to.deep.equal(['refused', 'not-accepted']);
    expect(no.tasks.byId.get('b#1')).to.deep.include({ status: 'cancelled', outcome: null });
  });

  it('a loop without a wait state stops at the move limit as an incident', async () => {
    const loop = buildIr({
      code: 'RT-LOOP',
      agency: 'A',
      duration: days(3),
      nodes: [startEvent(), gateway('g1', 'exclusiveGateway'), gateway('g2', 'exclusiveGateway')],
      flows: [
        ['start', 'g1'],
        ['g1', 'g2'],
        ['g2', 'g1'],
      ],
    });
    const s = stateFor(loop);
    start(s, T0);
    advance(s, T0);
    const incident = [...s.incidents.byId.values()][0]!;
    expect([incident.kind, s.outbox.seq]).to.deep.equal(['loop', 2]);
    expect(MAX_MOVES_PER_ADVANCE).to.equal(10_000);
  });

  it('a retry runs the plugin again (next attempt), starts a new child, or moves the token again', async () => {
    const ir = buildIr({
      code: 'RT-RETRY',
      agency: 'A',
      duration: days(3),
      nodes: [startEvent(), service('svc', 'webhook', {}), call('c', 'CHILD'), end('done')],
      flows: [
        ['start', 'svc'],
        ['svc', 'c'],
        ['c', 'done'],
      ],
    });
    const s = stateFor(ir);
    start(s, T0);
    await settle(s, T0);
    onServiceFailure(s, T0 + 1, 'svc#1', 1, 'HTTP 500');
    await settle(s, T0 + 1);
    retryIncident(s, T0 + 2, { actor: 'sup', incidentId: 'inc-1' });
    const again = await settle(s, T0 + 2);
    expect(again.effects).to.deep.include({
      kind: 'run-plugin',
      activation: 'svc#1',
      attempt: 2,
      nodeId: 'svc',
      descriptor: s.services.descriptors.get('webhook')!,
      input: {},
    });
    onServiceResult(s, T0 + 3, 'svc#1', 2, { ok: true });
    await settle(s, T0 + 3);
    onCallFailure(s, T0 + 4, 'c#1', 1, 'boom');
    await settle(s, T0 + 4);
    retryIncident(s, T0 + 5, { actor: 'sup', incidentId: 'inc-2' });
    const child = (await settle(s, T0 + 5)).effects.find((e) => e.kind === 'start-call')!;
    expect(child).to.deep.include({ activation: 'c#1', attempt: 2, childWorkflowId: 'dossier-C/c#1.2' });
  });
});
