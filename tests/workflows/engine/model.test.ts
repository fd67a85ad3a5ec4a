import { expect } from 'chai';
import { createModel, node } from '../../../workflows/engine/model.js';
import { boundary, buildIr, days, end, gateway, start, task } from '../fixtures/build-ir.js';

const loop = buildIr({
  code: 'M',
  agency: 'A',
  duration: days(3),
  nodes: [
    start(),
    task('a', 'specialist', days(1)),
    boundary('late', 'a', { duration: days(2) }, true),
    task('rescue', 'supervisor', days(1)),
    gateway('g', 'exclusiveGateway'),
    end('done'),
  ],
  flows: [
    ['start', 'a'],
    ['a', 'g'],
    ['g', 'a', 'false'],
    ['g', 'done', 'true'],
    ['late', 'rescue'],
  ],
});

describe('engine/model', () => {
  it('indexes nodes and flows and knows what each node can reach, through loops and boundary events', () => {
    const m = createModel(loop.ir);
    expect(m.nodes.get('a')!.kind).to.equal('userTask');
    expect(m.flows.get('a->g')!.target).to.equal('g');
    expect([...m.reach.get('a')!].sort()).to.deep.equal(['a', 'done', 'g', 'late', 'rescue']);
    expect([...m.reach.get('rescue')!]).to.deep.equal([]);
    expect(m.reach.get('done')!.size).to.equal(0);
  });

  it('refuses an IR without its start node, in both languages', () => {
    const broken = { ...loop.ir, startNode: 'nowhere' };
    expect(() => createModel(broken)).to.throw(
      /IR has no start node "nowhere" \/ IR thiếu nút bắt đầu "nowhere"/,
    );
  });

  it('node() names an unknown id', () => {
    expect(() => node(createModel(loop.ir), 'x')).to.throw('unknown node x');
  });
});
