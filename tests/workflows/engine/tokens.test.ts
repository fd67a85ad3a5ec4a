import { expect } from 'chai';
import {
  activate,
  currentSteps,
  leave,
  merge,
  newToken,
  ready,
  waitingAt,
} from '../../../workflows/engine/tokens.js';
import { buildIr, days, end, gateway, start, task } from '../fixtures/build-ir.js';
import { stateFor } from './support/state.js';

const fork = buildIr({
  code: 'TK',
  agency: 'A',
  duration: days(3),
  nodes: [
    start(),
    gateway('fork', 'parallelGateway'),
    task('a', 's', days(1)),
    task('b', 's', days(1)),
    end('e'),
  ],
  flows: [
    ['start', 'fork'],
    ['fork', 'a'],
    ['fork', 'b'],
    ['a', 'e'],
    ['b', 'e'],
  ],
});

describe('engine/tokens', () => {
  it('numbers tokens and activations per node', () => {
    const s = stateFor(fork);
    expect([newToken(s, 'start', undefined, []).id, newToken(s, 'a', 'f', []).id]).to.deep.equal([1, 2]);
    expect([activate(s, 'a'), activate(s, 'a'), activate(s, 'b')]).to.deep.equal(['a#1', 'a#2', 'b#1']);
  });

  it('leave: the first flow keeps the token, each further flow gets a new one with its own copy of the trail', () => {
    const s = stateFor(fork);
    const t = newToken(s, 'fork', undefined, ['x']);
    leave(s, t, ['fork->a', 'fork->b']);
    const [first, second] = [...s.tokens.byId.values()];
    expect([first!.id, first!.nodeId, first!.via]).to.deep.equal([1, 'a', 'fork->a']);
    expect([second!.id, second!.nodeId, second!.via]).to.deep.equal([2, 'b', 'fork->b']);
    expect(s.tokens.ready).to.deep.equal([1, 2]);
    first!.trail.push('a');
    expect(second!.trail).to.deep.equal(['x']);
  });

  it('leave without flows ends the path (implicit end); an unknown flow is a broken IR', () => {
    const s = stateFor(fork);
    const t = newToken(s, 'a', undefined, []);
    leave(s, t, []);
    expect(s.tokens.byId.size).to.equal(0);
    expect(() => leave(s, newToken(s, 'a', undefined, []), ['nope'])).to.throw('unknown flow nope');
  });

  it('merge keeps the lowest id and the union of trails, in order', () => {
    const s = stateFor(fork);
    const a = newToken(s, 'e', 'a->e', ['start', 'a']);
    const b = newToken(s, 'e', 'b->e', ['start', 'b']);
    a.wait = { kind: 'join' };
    b.wait = { kind: 'join' };
    expect(waitingAt(s, 'e').map((t) => t.id)).to.deep.equal([1, 2]);
    const kept = merge(s, 'e', [b, a]);
    expect([kept.id, kept.trail]).to.deep.equal([1, ['start', 'a', 'b']]);
    expect([...s.tokens.byId.keys()]).to.deep.equal([1]);
  });

  it('ready queues a token again; currentSteps lists the nodes where work waits, once each', () => {
    const s = stateFor(fork);
    const a = newToken(s, 'a', undefined, []);
    const a2 = newToken(s, 'a', undefined, []);
    const j = newToken(s, 'e', undefined, []);
    a.wait = { kind: 'task', activation: 'a#1' };
    a2.wait = { kind: 'incident', incidentId: 'inc-1' };
    j.wait = { kind: 'join' };
    expect(currentSteps(s)).to.deep.equal(['a']);
    ready(s, j);
    expect([j.wait.kind, s.tokens.ready]).to.deep.equal(['ready', [3]]);
  });
});
