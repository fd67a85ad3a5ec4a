/**
 * Incidents: a token that cannot go on (no route, a FEEL error, a loop, a plugin or child call that failed, an
 * unknown plugin) waits for a supervisor. A retry resolves the incident; routing then runs the element again.
 */
import type { RetryIncidentArgs } from '../definitions.js';
import { emit, touchDossier, touchIncident } from './outbox.js';
import { assertActor, assertRunning, Rejection } from './rejection.js';
import type { EngineState, Incident, Token } from './state.js';

export function openIncident(
  s: EngineState,
  now: number,
  token: Token,
  kind: Incident['kind'],
  message: string,
  activation?: string,
): void {
  const id = `inc-${s.incidents.nextId++}`;
  const incident: Incident = {
    id,
    nodeId: token.nodeId,
    tokenId: token.id,
    kind,
    message,
    status: 'open',
    openedAt: now,
  };
  s.incidents.byId.set(id, incident);
  if (activation) {
    s.incidents.activations.set(id, activation);
    if (!s.services.attempts.has(activation)) {
      s.services.attempts.set(activation, s.services.byActivation.get(activation)?.attempt ?? 1);
    }
  }
  token.wait = { kind: 'incident', incidentId: id };
  touchIncident(s, id);
  touchDossier(s);
  emit(s, now, 'incident-opened', { incidentId: id, kind, message }, token.nodeId);
}

export function validateRetry(s: EngineState, args: RetryIncidentArgs): void {
  assertActor(args?.actor, 'actor');
  assertRunning(s);
  const incident = s.incidents.byId.get(args.incidentId);
  if (!incident || incident.status !== 'open') {
    throw new Rejection(
      'incident-not-found',
      `không có sự cố đang mở ${args.incidentId}`,
      `no open incident ${args.incidentId}`,
    );
  }
}

/**
 * Resolves the incident for a retry; returns the token it stopped (gone if the path ended meanwhile) and the plugin
 * run or call to run again, if it was one.
 */
export function resolveForRetry(
  s: EngineState,
  now: number,
  args: RetryIncidentArgs,
): { token: Token | undefined; activation: string | undefined } {
  validateRetry(s, args);
  const incident = s.incidents.byId.get(args.incidentId)!;
  incident.status = 'resolved';
  incident.resolvedAt = now;
  touchIncident(s, incident.id);
  emit(s, now, 'incident-retried', { incidentId: incident.id }, incident.nodeId, args.actor);
  return { token: s.tokens.byId.get(incident.tokenId), activation: s.incidents.activations.get(incident.id) };
}

export function hasOpenIncident(s: EngineState): boolean {
  for (const i of s.incidents.byId.values()) if (i.status === 'open') return true;
  return false;
}
