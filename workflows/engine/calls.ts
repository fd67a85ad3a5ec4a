/**
 * Call activities (liên thông): a child dossier runs another procedure, at `node.agency` or that procedure's
 * agency, with the data copied at call time. The call may carry its own SLA (flagged overdue when it passes) and
 * boundary timers. A parent's pause reaches its children; a child that failed is an incident.
 */
import type { CallActivityNode } from '../../ir/index.js';
import type { DossierWorkflowResult } from '../definitions.js';
import { openIncident } from './incidents.js';
import { emit, pushEffect, requestCalendar, touchDossier } from './outbox.js';
import { PATCHES } from './patches.js';
import { childPauseArgs } from './pauses.js';
import {
  iso,
  isoOrNull,
  type CallState,
  type ChildStarted,
  type EngineState,
  type Effect,
  type Timer,
  type Token,
} from './state.js';
import { openPause, updatePhaseOnOpen } from './status.js';
import { armBoundaries } from './timer-events.js';
import { addTimer, clearTimers, setTimerAt } from './timers.js';
import { activate, leave } from './tokens.js';

export function enterCall(s: EngineState, now: number, token: Token, n: CallActivityNode): void {
  startCall(s, now, token, n);
}

/** Starts the child dossier (attempt > 1: again after an incident, under the same activation). */
function startCall(
  s: EngineState,
  now: number,
  token: Token,
  n: CallActivityNode,
  attempt = 1,
  activationId?: string,
): void {
  const activation = activationId ?? activate(s, n.id);
  const childCode = `${s.input.dossierCode}/${activation}${attempt > 1 ? `.${attempt}` : ''}`;
  const call: CallState = {
    activation,
    node: n,
    tokenId: token.id,
    attempt,
    childCode,
    childWorkflowId: `dossier-${childCode}`,
    overdue: false,
  };
  s.calls.byActivation.set(activation, call);
  token.wait = { kind: 'call', activation };
  touchDossier(s);
  updatePhaseOnOpen(s, 'call');
  const effect: Effect = {
    kind: 'start-call',
    activation,
    attempt,
    nodeId: n.id,
    procedure: n.procedure,
    childWorkflowId: call.childWorkflowId,
    childCode,
    data: { ...s.dossier.data },
  };
  if (n.agency) effect.agency = n.agency;
  pushEffect(s, effect);
  const agency = n.agency ?? s.input.agencyCode;
  const event = emit(
    s,
    now,
    'call-requested',
    { activation, procedure: n.procedure, agency, childWorkflowId: call.childWorkflowId, attempt },
    n.id,
  );
  if (attempt === 1) {
    if (n.duration) {
      const due = addTimer(s, {
        id: `call-due:${activation}`,
        kind: 'call-due',
        activation,
        tokenId: token.id,
      });
      event.deadlineKey = requestCalendar(
        s,
        { op: 'add', agency: s.input.agencyCode, start: iso(now), duration: n.duration, fractions: [1, 1] },
        (r) => {
          const d = r.instants?.[1];
          if (d) call.dueAt = Date.parse(d);
          setTimerAt(s, due, d);
        },
      );
    }
    armBoundaries(s, now, token, activation, n.boundaryEvents, n.duration, s.input.agencyCode);
  }
}

/** Runs the call again after an incident: a new child, same activation. */
export function restartCall(
  s: EngineState,
  now: number,
  token: Token,
  n: CallActivityNode,
  activation: string,
): void {
  const previous = s.calls.byActivation.get(activation);
  const attempt = (previous?.attempt ?? 1) + 1;
  s.calls.byActivation.delete(activation);
  startCall(s, now, token, n, attempt, activation);
}

export function onCallStarted(
  s: EngineState,
  now: number,
  activation: string,
  attempt: number,
  child: ChildStarted,
): void {
  const call = s.calls.byActivation.get(activation);
  if (!call || call.attempt !== attempt || s.dossier.finished) return;
  emit(s, now, 'call-started', { activation, ...child }, call.node.id);
  // A pause that began while the child was being started could not reach it (it did not exist yet): pause it
  // now. Should the earlier signal have reached it after all, the child ignores the second one.
  const pause = openPause(s);
  if (pause && s.patched(PATCHES.pauseChildOnStart)) {
    pushEffect(s, {
      kind: 'pause-child',
      childWorkflowId: call.childWorkflowId,
      args: childPauseArgs(pause),
    });
  }
}

export function onCallResult(
  s: EngineState,
  now: number,
  activation: string,
  attempt: number,
  result: DossierWorkflowResult,
): void {
  const call = s.calls.byActivation.get(activation);
  if (!call || call.attempt !== attempt || s.dossier.finished) return;
  s.calls.byActivation.delete(activation);
  clearTimers(s, activation);
  s.dossier.callResults[call.node.id] = {
    outcome: result.outcome,
    classification: result.classification ?? null,
  };
  s.dossier.lastOutcome = result.outcome;
  touchDossier(s);
  emit(
    s,
    now,
    'call-completed',
    { activation, childWorkflowId: call.childWorkflowId, ...result },
    call.node.id,
  );
  const token = s.tokens.byId.get(call.tokenId);
  if (token) leave(s, token, call.node.outgoing);
}

export function onCallFailure(
  s: EngineState,
  now: number,
  activation: string,
  attempt: number,
  message: string,
): void {
  const call = s.calls.byActivation.get(activation);
  if (!call || call.attempt !== attempt || s.dossier.finished) return;
  const token = s.tokens.byId.get(call.tokenId);
  if (!token) return;
  openIncident(s, now, token, 'call-failed', `${call.node.procedure}: ${message}`, activation);
}

/** The call's own SLA passed: flagged overdue, it keeps running. */
export function onCallDue(s: EngineState, now: number, timer: Timer): void {
  const call = s.calls.byActivation.get(timer.activation!);
  if (!call) return;
  call.overdue = true;
  touchDossier(s);
  emit(s, now, 'call-overdue', { activation: call.activation, dueAt: isoOrNull(call.dueAt) }, call.node.id);
}
