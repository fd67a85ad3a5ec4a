import { expect } from 'chai';
import { start } from '../../../workflows/engine/lifecycle.js';
import { complete } from '../../../workflows/engine/tasks.js';
import { openTasks } from '../../../workflows/engine/views.js';
import type { CompiledProcedure } from '../../../ir/index.js';
import { buildIr, days, end, gateway, start as startEvent, task } from '../fixtures/build-ir.js';
import { T0, settle, stateFor } from './support/state.js';

async function run(ir: CompiledProcedure, data: Record<string, unknown> = {}) {
  const s = stateFor(ir, { data });
  start(s, T0);
  const round = await settle(s, T0);
  return { s, round };
}

const exclusive = buildIr({
  code: 'GX',
  agency: 'A',
  duration: days(3),
  nodes: [startEvent(), gateway('g', 'exclusiveGateway', 'g->c'), end('a'), end('b'), end('c')],
  flows: [
    ['start', 'g'],
    ['g', 'a', 'amount > 10'],
    ['g', 'b', 'amount > 5'],
    ['g', 'c', undefined, 'g->c'],
  ],
});

const diamond = (kind: 'inclusiveGateway' | 'parallelGateway') =>
  buildIr({
    code: `GD-${kind}`,
    agency: 'A',
    duration: days(3),
    nodes: [
      startEvent(),
      gateway('split', kind),
      task('x', 's', days(1)),
      task('y', 's', days(1)),
      task('z', 's', days(1)),
      gateway('join', kind),
      task('after', 's', days(1)),
      end('done'),
    ],
    flows: [
      ['start', 'split'],
      ['split', 'x', kind === 'inclusiveGateway' ? 'pick = "x" or pick = "xy"' : undefined],
      ['split', 'y', kind === 'inclusiveGateway' ? 'pick = "xy"' : undefined],
      ['split', 'z', kind === 'inclusiveGateway' ? 'false' : undefined],
      ['x', 'join'],
      ['y', 'join'],
      ['z', 'join'],
      ['join', 'after'],
      ['after', 'done'],
    ],
  });

describe('engine/gateways', () => {
  it('exclusive: the first flow whose condition holds (model order), else the default', async () => {
    const ends = async (amount: number) =>
      (await run(exclusive, { amount })).s.outbox.timeline.find((e) => e.type === 'route')!.payload.flows;
    expect(await ends(20)).to.deep.equal(['g->a']);
    expect(await ends(7)).to.deep.equal(['g->b']);
    expect(await ends(1)).to.deep.equal(['g->c']);
  });

  it('exclusive without a match or a default, and a FEEL error, are incidents at the gateway', async () => {
    const noDefault = buildIr({
      code: 'GN',
      agency: 'A',
      duration: days(3),
      nodes: [startEvent(), gateway('g', 'exclusiveGateway'), end('a'), end('b')],
      flows: [
        ['start', 'g'],
        ['g', 'a', 'amount > 10'],
        ['g', 'b', 'amount ** ('],
      ],
    });
    const { s } = await run(noDefault, { amount: 20 });
    expect(s.dossier.finished?.outcome).to.equal('returned');
    const failed = await run(noDefault, { amount: 1 });
    expect([...failed.s.incidents.byId.values()].map((i) => [i.kind, i.nodeId])).to.deep.equal([
      ['expression-failed', 'g'],
    ]);
    const none = buildIr({
      code: 'GN2',
      agency: 'A',
      duration: days(3),
      nodes: [startEvent(), gateway('g', 'exclusiveGateway'), end('a'), end('b')],
      flows: [
        ['start', 'g'],
        ['g', 'a', 'false'],
        ['g', 'b', 'false'],
      ],
    });
    const stuck = await run(none);
    const incident = [...stuck.s.incidents.byId.values()][0]!;
    expect([incident.kind, incident.message]).to.deep.equal([
      'no-route',
      'không nhánh nào thỏa điều kiện tại g / no outgoing flow of g matched and there is no default flow',
    ]);
    expect(stuck.s.tokens.byId.get(1)!.wait).to.deep.equal({ kind: 'incident', incidentId: 'inc-1' });
  });

  it('parallel: forks every flow; the join waits for one token per incoming flow', async () => {
    const { s } = await run(diamond('parallelGateway'));
    expect(openTasks(s).map((t) => t.taskId)).to.deep.equal(['x#1', 'y#1', 'z#1']);
    for (const [i, id] of ['x#1', 'y#1'].entries()) {
      complete(s, T0 + i + 1, { taskId: id, userId: 'u', outcome: 'done' });
      await settle(s, T0 + i + 1);
    }
    expect(openTasks(s).map((t) => t.taskId)).to.deep.equal(['z#1']);
    complete(s, T0 + 5, { taskId: 'z#1', userId: 'u', outcome: 'done' });
    await settle(s, T0 + 5);
    expect(openTasks(s).map((t) => t.taskId)).to.deep.equal(['after#1']);
    expect(s.tokens.byId.size).to.equal(1);
  });

  it('inclusive: takes every flow that holds; its join fires once no other token can still reach it', async () => {
    const { s } = await run(diamond('inclusiveGateway'), { pick: 'xy' });
    expect(openTasks(s).map((t) => t.taskId)).to.deep.equal(['x#1', 'y#1']);
    complete(s, T0 + 1, { taskId: 'x#1', userId: 'u', outcome: 'done' });
    await settle(s, T0 + 1);
    expect(openTasks(s).map((t) => t.taskId)).to.deep.equal(['y#1']);
    complete(s, T0 + 2, { taskId: 'y#1', userId: 'u', outcome: 'done' });
    await settle(s, T0 + 2);
    expect(openTasks(s).map((t) => t.taskId)).to.deep.equal(['after#1']);
    const single = await run(diamond('inclusiveGateway'), { pick: 'x' });
    complete(single.s, T0 + 1, { taskId: 'x#1', userId: 'u', outcome: 'done' });
    await settle(single.s, T0 + 1);
    expect(openTasks(single.s).map((t) => t.taskId)).to.deep.equal(['after#1']);
  });
});
