/**
 * Timer events of the model: intermediate timers (the token waits working time) and boundary timers on tasks,
 * plugin runs and calls (a fixed duration, or a fraction of the activity's SLA), interrupting or not.
 */
import type { BoundaryTimerEventNode, Duration, TimerEventNode } from '../../ir/index.js';
import { cancelActivation } from './lifecycle.js';
import { node } from './model.js';
import { emit, requestCalendar } from './outbox.js';
import { iso, type EngineState, type Timer, type Token } from './state.js';
import { addTimer, setTimerAt } from './timers.js';
import { activate, leave, newToken } from './tokens.js';

export function enterTimerEvent(s: EngineState, now: number, token: Token, n: TimerEventNode): void {
  const activation = activate(s, n.id);
  const timer = addTimer(s, {
    id: `timer:${activation}`,
    kind: 'intermediate',
    tokenId: token.id,
    nodeId: n.id,
  });
  token.wait = { kind: 'timer', timerId: timer.id };
  const event = emit(s, now, 'timer-started', { activation, duration: n.timer.duration }, n.id);
  event.deadlineKey = requestCalendar(
    s,
    { op: 'add', agency: s.input.agencyCode, start: iso(now), duration: n.timer.duration, fractions: [1, 1] },
    (r) => setTimerAt(s, timer, r.instants?.[1]),
  );
}

export function fireIntermediate(s: EngineState, now: number, timer: Timer): void {
  const token = s.tokens.byId.get(timer.tokenId!);
  if (!token) return;
  emit(s, now, 'timer-fired', {}, timer.nodeId);
  leave(s, token, node(s.model, timer.nodeId!).outgoing);
}

/** Arms the boundary timers of an activity that starts; `sla` is the activity's own duration, if any. */
export function armBoundaries(
  s: EngineState,
  now: number,
  token: Token,
  activation: string,
  boundaryIds: string[],
  sla: Duration | undefined,
  agency: string,
): void {
  for (const id of boundaryIds) {
    const b = s.model.nodes.get(id);
    if (!b || b.kind !== 'boundaryTimerEvent') continue;
    let duration: Duration;
    let fraction = 1;
    if ('duration' in b.timer) duration = b.timer.duration;
    else if (sla) {
      duration = sla;
      fraction = b.timer.slaFraction;
    } else continue; // an SLA fraction on an activity without SLA: the compiler rejects it
    const timer = addTimer(s, {
      id: `boundary:${id}:${activation}`,
      kind: 'boundary',
      activation,
      tokenId: token.id,
      nodeId: id,
    });
    requestCalendar(
      s,
      { op: 'add', agency, start: iso(now), duration, fractions: [fraction, fraction] },
      (r) => setTimerAt(s, timer, r.instants?.[0]),
    );
  }
}

export function fireBoundary(s: EngineState, now: number, timer: Timer): void {
  const b = node(s.model, timer.nodeId!) as BoundaryTimerEventNode;
  const activation = timer.activation!;
  const owner = s.tokens.byId.get(timer.tokenId!);
  if (!owner) return;
  emit(s, now, 'boundary-fired', { activation, boundary: b.id, interrupting: b.interrupting }, b.id);
  if (b.interrupting) {
    cancelActivation(s, now, activation, 'boundary', 'system');
    owner.nodeId = b.id;
    delete owner.via;
    owner.wait = { kind: 'ready' };
    leave(s, owner, b.outgoing);
  } else {
    const token = newToken(s, b.id, undefined, [...owner.trail]);
    leave(s, token, b.outgoing);
  }
}
