import { expect } from 'chai';
import { fireTimers } from '../../../workflows/engine/clock.js';
import { start } from '../../../workflows/engine/lifecycle.js';
import { openTasks } from '../../../workflows/engine/views.js';
import { boundary, buildIr, days, end, start as startEvent, task, timer } from '../fixtures/build-ir.js';
import { DAY, T0, settle, stateFor } from './support/state.js';

const ir = buildIr({
  code: 'TE',
  agency: 'A',
  duration: days(9),
  nodes: [
    startEvent(),
    task('work', 's', days(4)),
    boundary('half', 'work', { slaFraction: 0.5 }, false),
    task('remind', 'division-head', days(1)),
    end('reminded'),
    boundary('cut', 'work', { duration: days(3) }, true),
    timer('wait', days(1)),
    end('done'),
  ],
  flows: [
    ['start', 'work'],
    ['work', 'wait'],
    ['half', 'remind'],
    ['remind', 'reminded'],
    ['cut', 'wait'],
    ['wait', 'done'],
  ],
});

describe('engine/timer-events', () => {
  it('boundaries are armed with the activity: a fraction of its SLA, or their own duration', async () => {
    const s = stateFor(ir);
    start(s, T0);
    await settle(s, T0);
    expect(s.timers.byId.get('boundary:half:work#1')!.at).to.equal(T0 + 2 * DAY);
    expect(s.timers.byId.get('boundary:cut:work#1')!.at).to.equal(T0 + 3 * DAY);
  });

  it('a non-interrupting boundary adds a path; an interrupting one cancels the task and takes its own', async () => {
    const s = stateFor(ir);
    start(s, T0);
    await settle(s, T0);
    fireTimers(s, T0 + 2 * DAY);
    await settle(s, T0 + 2 * DAY);
    expect(openTasks(s).map((t) => t.taskId)).to.deep.equal(['work#1', 'remind#1']);
    fireTimers(s, T0 + 3 * DAY);
    await settle(s, T0 + 3 * DAY);
    expect(s.tasks.byId.get('work#1')).to.deep.include({ status: 'cancelled' });
    const cancelled = s.outbox.timeline.find((e) => e.type === 'task-cancelled')!;
    expect(cancelled).to.deep.include({ actor: 'system', payload: { taskId: 'work#1', reason: 'boundary' } });
    expect(s.timers.byId.has('due:work#1')).to.equal(false);
    // the interrupted token went through the boundary to the intermediate timer
    const waiting = [...s.tokens.byId.values()].find((t) => t.wait.kind === 'timer')!;
    expect([waiting.nodeId, waiting.trail]).to.deep.equal(['wait', []]);
    expect(s.timers.byId.get('timer:wait#1')!.at).to.equal(T0 + 4 * DAY);
  });

  it('an intermediate timer holds the token for its working time, then lets it go', async () => {
    const s = stateFor(ir);
    start(s, T0);
    await settle(s, T0);
    s.dossier.lastAssignee.clear();
    const task = s.tasks.byId.get('work#1')!;
    task.status = 'completed';
    const token = s.tokens.byId.get(task.tokenId)!;
    token.nodeId = 'wait';
    token.wait = { kind: 'ready' };
    s.tokens.ready.push(token.id);
    await settle(s, T0 + 10);
    const started = s.outbox.timeline.find((e) => e.type === 'timer-started')!;
    expect(started.payload).to.deep.include({
      activation: 'wait#1',
      dueAt: new Date(T0 + 10 + DAY).toISOString(),
    });
    fireTimers(s, T0 + 10 + DAY);
    await settle(s, T0 + 10 + DAY);
    expect(s.outbox.timeline.map((e) => e.type)).to.include('timer-fired');
  });
});
