/**
 * A dossier's life around the model: received (start), ended by a person (withdrawal, stop, refusal) or by its
 * workflow being cancelled, finished (everything still open is cancelled, the result is classified against the
 * original appointment), and the cancellation of one activation (task, plugin run or child call).
 */
import type { DossierStatus, EndOutcome } from '../../ir/index.js';
import type { CalendarRequest } from '../activity-contract.js';
import { scheduleAppointment } from './appointment.js';
import {
  emit,
  patchDossier,
  pendingDossierPatch,
  pushEffect,
  requestCalendar,
  touchDossier,
  touchIncident,
  touchPause,
  touchTask,
} from './outbox.js';
import { assertActor, assertRunning } from './rejection.js';
import { iso, type EngineState } from './state.js';
import { setStatus } from './status.js';
import { taskEvent } from './task-lookup.js';
import { clearAllTimers, clearTimers } from './timers.js';
import { newToken } from './tokens.js';

const FINAL_STATUS: Record<EndOutcome, DossierStatus> = {
  returned: 'returned',
  // Refusal to resolve: the national code closest is "not accepted" (3); the outcome column says 'refused'.
  refused: 'not-accepted',
  withdrawn: 'withdrawn',
  stopped: 'stopped',
};

/** The dossier was received: the `received` event, its appointment, a token at the start event. */
export function start(s: EngineState, now: number): void {
  const { input } = s;
  const ir = s.model.ir;
  const payload: Record<string, unknown> = {
    procedureCode: ir.procedure.code,
    procedureVersionId: input.procedureVersionId,
    irHash: input.compiled.hash,
    channel: input.channel,
    receivedAt: input.receivedAt,
    agency: input.agencyCode,
  };
  if (input.parent) payload.parent = input.parent;
  const event = emit(s, now, 'received', payload);
  if (input.parent) {
    patchDossier(s, {
      call: {
        parentWorkflowId: input.parent.workflowId,
        parentNodeId: input.parent.nodeId,
        procedureCode: ir.procedure.code,
        agencyCode: input.agencyCode,
        startedAt: input.receivedAt,
      },
    });
  }
  scheduleAppointment(s, event);
  const token = newToken(s, ir.startNode, undefined, []);
  s.tokens.ready.push(token.id);
}

/** Ends a task, plugin run or child call that will not complete (returned, interrupted, dossier ended). */
export function cancelActivation(
  s: EngineState,
  now: number,
  activation: string,
  reason: string,
  actor: string,
): void {
  clearTimers(s, activation);
  const task = s.tasks.byId.get(activation);
  if (task && (task.status === 'open' || task.status === 'claimed')) {
    task.status = 'cancelled';
    task.outcome = reason === 'returned' ? 'returned' : null;
    task.completedAt = now;
    touchTask(s, activation);
    touchDossier(s);
    if (reason !== 'returned') taskEvent(s, now, 'task-cancelled', task, actor, { reason });
  }
  if (s.services.byActivation.delete(activation)) pushEffect(s, { kind: 'cancel', activation });
  if (s.calls.byActivation.delete(activation)) pushEffect(s, { kind: 'cancel', activation });
}

/** The dossier ends: open work cancelled, incidents resolved, the pause closed, the result classified. */
export function finish(
  s: EngineState,
  now: number,
  outcome: EndOutcome,
  actor?: string,
  reason?: string,
): void {
  const d = s.dossier;
  if (d.finished) return;
  for (const task of [...s.tasks.byId.values()]) {
    if (task.status === 'open' || task.status === 'claimed')
      cancelActivation(s, now, task.taskId, outcome, actor ?? 'system');
  }
  for (const a of [...s.services.byActivation.keys(), ...s.calls.byActivation.keys()])
    cancelActivation(s, now, a, outcome, actor ?? 'system');
  for (const incident of s.incidents.byId.values()) {
    if (incident.status === 'open') {
      incident.status = 'resolved';
      incident.resolvedAt = now;
      touchIncident(s, incident.id);
    }
  }
  const pause = s.pauses.list[s.pauses.list.length - 1];
  if (pause && pause.end === undefined) {
    pause.end = now;
    touchPause(s, pause.n);
  }
  clearAllTimers(s);
  s.tokens.byId.clear();
  s.tokens.ready.length = 0;
  setStatus(s, FINAL_STATUS[outcome]);
  d.finished = { outcome, finishedAt: iso(now) };
  patchDossier(s, { finishedAt: iso(now), outcome });
  // the appointment request of this very batch, when the dossier ends before the calendar answered it
  const appointmentKey = pendingDossierPatch(s).appointmentKey;
  const payload: Record<string, unknown> = { outcome };
  if (reason) payload.reason = reason;
  const event = emit(s, now, 'result', payload, undefined, actor);
  if (outcome === 'returned' && (d.originalAppointmentAt !== undefined || appointmentKey)) {
    d.classificationPending = true;
    const req: Omit<Extract<CalendarRequest, { op: 'classify' }>, 'key'> = {
      op: 'classify',
      agency: s.input.agencyCode,
      finishedAt: iso(now),
    };
    if (d.originalAppointmentAt !== undefined) req.appointmentAt = iso(d.originalAppointmentAt);
    else req.appointmentKey = appointmentKey!;
    const key = requestCalendar(s, req, (r) => {
      d.classificationPending = false;
      if (d.finished && r.classification) d.finished.classification = r.classification;
      event.payload.classification = r.classification ?? null;
    });
    patchDossier(s, { classificationKey: key });
  }
}

export function validateEnd(s: EngineState, args: { actor: string; reason: string }): void {
  assertActor(args?.actor, 'actor');
  assertActor(args?.reason, 'reason');
  assertRunning(s);
}

/** Withdrawal, stop or refusal by a person: the dossier ends now, whatever the model. */
export function endBy(
  s: EngineState,
  now: number,
  outcome: 'withdrawn' | 'stopped' | 'refused',
  args: { actor: string; reason: string },
): void {
  validateEnd(s, args);
  emit(s, now, outcome, { reason: args.reason }, undefined, args.actor);
  finish(s, now, outcome, args.actor, args.reason);
}

/** The workflow itself was cancelled (Temporal cancel request, or a parent dossier that ended). */
export function cancelled(s: EngineState, now: number, reason: string): void {
  if (s.dossier.finished) return;
  emit(s, now, 'stopped', { reason }, undefined, 'system');
  finish(s, now, 'stopped', 'system', reason);
}
