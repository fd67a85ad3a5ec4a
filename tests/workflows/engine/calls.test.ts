import { expect } from 'chai';
import { onCallDue, onCallFailure, onCallResult, onCallStarted } from '../../../workflows/engine/calls.js';
import { fireTimers } from '../../../workflows/engine/clock.js';
import { start } from '../../../workflows/engine/lifecycle.js';
import { PATCHES } from '../../../workflows/engine/patches.js';
import { pauseFor } from '../../../workflows/engine/pauses.js';
import { feelContext } from '../../../workflows/engine/views.js';
import { buildIr, call, days, end, start as startEvent } from '../fixtures/build-ir.js';
import { DAY, T0, settle, stateFor } from './support/state.js';

const ir = buildIr({
  code: 'CL',
  agency: 'A',
  duration: days(9),
  nodes: [startEvent(), call('c', 'CHILD', { agency: 'B', duration: days(2) }), end('done')],
  flows: [
    ['start', 'c'],
    ['c', 'done'],
  ],
});

async function begun(patched: (id: string) => boolean = () => true) {
  const s = stateFor(ir, { data: { land: 'A1' } }, patched);
  start(s, T0);
  const round = await settle(s, T0);
  return { s, round };
}

const child = {
  childWorkflowId: 'dossier-C/c#1',
  procedureCode: 'CHILD',
  procedureVersionId: 4,
  agencyCode: 'B',
};

describe('engine/calls', () => {
  it('starts a child dossier with a copy of the data, at the named agency, with the call SLA', async () => {
    const { s, round } = await begun();
    expect(round.effects).to.deep.equal([
      {
        kind: 'start-call',
        activation: 'c#1',
        attempt: 1,
        nodeId: 'c',
        procedure: 'CHILD',
        childWorkflowId: 'dossier-C/c#1',
        childCode: 'C/c#1',
        data: { land: 'A1' },
        agency: 'B',
      },
    ]);
    expect([s.calls.byActivation.get('c#1')!.dueAt, s.dossier.status]).to.deep.equal([
      T0 + 2 * DAY,
      'in-progress',
    ]);
    fireTimers(s, T0 + 2 * DAY);
    expect(s.calls.byActivation.get('c#1')!.overdue).to.equal(true);
    expect(s.outbox.timeline.at(-1)!.type).to.equal('call-overdue');
    onCallDue(s, T0 + 3 * DAY, { id: 'x', kind: 'call-due', activation: 'nope' });
    expect(s.outbox.timeline.at(-1)!.type).to.equal('call-overdue');
  });

  it('the result is what FEEL sees as calls.<node> and outcome; the token moves on', async () => {
    const { s } = await begun();
    onCallStarted(s, T0 + 1, 'c#1', 1, child);
    onCallResult(s, T0 + 2, 'c#1', 1, { outcome: 'returned', classification: 'on-time', finishedAt: 'x' });
    await settle(s, T0 + 2);
    expect(feelContext(s)).to.deep.include({
      outcome: 'returned',
      calls: { c: { outcome: 'returned', classification: 'on-time' } },
    });
    expect(s.dossier.finished?.outcome).to.equal('returned');
  });

  it('a failed child is an incident; an answer for another attempt is ignored', async () => {
    const { s } = await begun();
    onCallFailure(s, T0 + 1, 'c#1', 2, 'old attempt');
    expect(s.incidents.byId.size).to.equal(0);
    onCallFailure(s, T0 + 1, 'c#1', 1, 'no agency');
    expect([...s.incidents.byId.values()][0]).to.deep.include({
      kind: 'call-failed',
      message: 'CHILD: no agency',
    });
  });

  it('a child started while the parent is paused is paused at once — unless the history predates the patch', async () => {
    for (const patched of [true, false]) {
      const asked: string[] = [];
      const { s } = await begun((id) => {
        asked.push(id);
        return patched;
      });
      pauseFor(s, T0 + 1, 'payment', { actor: 'sp', reason: 'phí', missing: [] }, false, 50, []);
      await settle(s, T0 + 1);
      onCallStarted(s, T0 + 2, 'c#1', 1, child);
      const round = await settle(s, T0 + 2);
      expect(asked).to.deep.equal([PATCHES.pauseChildOnStart]);
      expect(round.effects.map((e) => e.kind)).to.deep.equal(patched ? ['pause-child'] : []);
    }
  });
});
