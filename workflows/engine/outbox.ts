/**
 * What leaves the engine: events (gap-free seq, the projection's idempotency key), dirty rows, calendar requests
 * and effects, gathered into one batch per transition; and what comes back (calendar answers, plugin
 * descriptors), handed to the handlers that asked.
 */
import type {
  CalendarRequest,
  CalendarResult,
  DossierPatch,
  ProjectedEvent,
  TransitionInput,
  TransitionResult,
} from '../activity-contract.js';
import { dossierPatch, escalationRow, incidentRow, pauseRow, taskRow } from './rows.js';
import { iso, type Effect, type EngineState } from './state.js';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type CalendarAsk = DistributiveOmit<CalendarRequest, 'key'>;

/** Appends an event to the timeline and the next batch. */
export function emit(
  s: EngineState,
  now: number,
  type: string,
  payload: Record<string, unknown>,
  nodeId?: string,
  actor?: string,
): ProjectedEvent {
  const o = s.outbox;
  const event: ProjectedEvent = { seq: ++o.seq, type, at: iso(now), payload };
  if (nodeId !== undefined) event.nodeId = nodeId;
  if (actor !== undefined) event.actor = actor;
  o.pendingEvents.push(event);
  o.timeline.push(event);
  return event;
}

/** Asks the calendar (answered by the projection activity); returns the request's key. */
export function requestCalendar(
  s: EngineState,
  req: CalendarAsk,
  handler: (r: CalendarResult) => void,
): string {
  const o = s.outbox;
  const key = `c${o.nextCalendarKey++}`;
  o.calendarRequests.push({ ...req, key } as CalendarRequest);
  o.calendarHandlers.set(key, handler);
  return key;
}

export function pushEffect(s: EngineState, effect: Effect): void {
  s.outbox.effects.push(effect);
}

// Rows written in the next batch. Modules mark what they changed; only this module writes the outbox.

/** The dossier row (status, current steps, …) changes in the next batch. */
export function touchDossier(s: EngineState): void {
  s.outbox.dossierDirty = true;
}

/** Fields of the dossier row beyond status and steps (appointment, result, call link…), written next batch. */
export function patchDossier(s: EngineState, extra: Partial<DossierPatch>): void {
  Object.assign(s.outbox.dossierExtra, extra);
  s.outbox.dossierDirty = true;
}

/** What the next batch says of the dossier row so far (read before the batch is taken). */
export function pendingDossierPatch(s: EngineState): Readonly<Partial<DossierPatch>> {
  return s.outbox.dossierExtra;
}

export function touchTask(s: EngineState, taskId: string): void {
  s.outbox.dirtyTasks.add(taskId);
}

export function touchPause(s: EngineState, n: number): void {
  s.outbox.dirtyPauses.add(n);
}

export function touchEscalation(s: EngineState, id: string): void {
  s.outbox.dirtyEscalations.add(id);
}

export function touchIncident(s: EngineState, id: string): void {
  s.outbox.dirtyIncidents.add(id);
}

export function hasOutput(s: EngineState): boolean {
  const o = s.outbox;
  return (
    o.pendingEvents.length > 0 ||
    o.calendarRequests.length > 0 ||
    s.services.describeRequests.size > 0 ||
    o.effects.length > 0
  );
}

/** The next batch for the projection activity, or undefined when there is nothing to write. */
export function takeBatch(s: EngineState): TransitionInput | undefined {
  const o = s.outbox;
  if (
    o.pendingEvents.length === 0 &&
    o.calendarRequests.length === 0 &&
    s.services.describeRequests.size === 0
  ) {
    return undefined;
  }
  const batch: TransitionInput = {
    workflowId: s.workflowId,
    dossierId: s.input.dossierId,
    dossierCode: s.input.dossierCode,
    events: o.pendingEvents,
    tasks: [...o.dirtyTasks].map((id) => taskRow(s, s.tasks.byId.get(id)!)),
    pauses: [...o.dirtyPauses].map((n) => pauseRow(s.pauses.list[n - 1]!)),
    escalations: [...o.dirtyEscalations].map((id) => escalationRow(s, id)),
    incidents: [...o.dirtyIncidents].map((id) => incidentRow(s.incidents.byId.get(id)!)),
    calendar: o.calendarRequests,
    describePlugins: [...s.services.describeRequests],
  };
  if (s.input.parent) batch.parentWorkflowId = s.input.parent.workflowId;
  if (o.dossierDirty) batch.dossier = dossierPatch(s);
  o.pendingEvents = [];
  o.calendarRequests = [];
  s.services.describeRequests = new Set();
  o.dirtyTasks.clear();
  o.dirtyPauses.clear();
  o.dirtyEscalations.clear();
  o.dirtyIncidents.clear();
  o.dossierDirty = false;
  o.dossierExtra = {};
  return batch;
}

/**
 * Applies what the projection activity answered: plugin descriptors, calendar answers (each to its handler),
 * the deadlines filled into the timeline's copies of the events. Returns the plugin types that were described.
 */
export function applyBatchResult(s: EngineState, batch: TransitionInput, result: TransitionResult): string[] {
  const o = s.outbox;
  if (batch.events.length > 0)
    o.projectedSeq = Math.max(o.projectedSeq, batch.events[batch.events.length - 1]!.seq);
  for (const [type, d] of Object.entries(result.plugins ?? {})) s.services.descriptors.set(type, d);
  for (const req of batch.calendar) {
    const handler = o.calendarHandlers.get(req.key);
    o.calendarHandlers.delete(req.key);
    const r = result.calendar?.[req.key];
    if (handler && r) handler(r);
  }
  // Fill the timeline copies the activity filled in the database.
  for (const e of batch.events) {
    if (e.deadlineKey) {
      const r = result.calendar?.[e.deadlineKey];
      if (r?.instants) {
        e.payload.warnAt = r.instants[0] ?? null;
        e.payload.dueAt = r.instants[1] ?? null;
      }
    }
  }
  return batch.describePlugins;
}

export function takeEffects(s: EngineState): Effect[] {
  const effects = s.outbox.effects;
  s.outbox.effects = [];
  return effects;
}
