/**
 * Service tasks: a plugin run as an activity. Input fields are FEEL over the variables; the worker's registry
 * describes the plugin (timeout, retries) before the first run; the output lands in `resultVariable`. A failure
 * after the plugin's own retries, or a plugin the worker does not have, is an incident.
 */
import type { ServiceTaskNode } from '../../ir/index.js';
import { evalExpression } from './feel.js';
import { openIncident } from './incidents.js';
import { emit, pushEffect, touchDossier } from './outbox.js';
import type { EngineState, ServiceCall, Token } from './state.js';
import { armBoundaries } from './timer-events.js';
import { clearTimers } from './timers.js';
import { activate, leave } from './tokens.js';
import { feelContext } from './views.js';

export function enterService(s: EngineState, now: number, token: Token, n: ServiceTaskNode): void {
  runService(s, now, token, n, activate(s, n.id), 1);
}

/** Runs (or, after an incident, runs again) the plugin of a service task. */
export function runService(
  s: EngineState,
  now: number,
  token: Token,
  n: ServiceTaskNode,
  activation: string,
  attempt: number,
): void {
  let input: Record<string, unknown>;
  try {
    const context = feelContext(s);
    input = Object.fromEntries(
      Object.entries(n.input).map(([k, expr]) => [k, evalExpression(expr, context)]),
    );
  } catch (err) {
    openIncident(s, now, token, 'expression-failed', (err as Error).message);
    return;
  }
  const call: ServiceCall = { activation, node: n, tokenId: token.id, attempt, input, state: 'describing' };
  s.services.byActivation.set(activation, call);
  token.wait = { kind: 'service', activation };
  touchDossier(s);
  emit(s, now, 'service-started', { activation, plugin: n.plugin, attempt }, n.id);
  if (attempt === 1)
    armBoundaries(s, now, token, activation, n.boundaryEvents, undefined, s.input.agencyCode);
  if (s.services.descriptors.has(n.plugin)) launchService(s, now, call);
  else s.services.describeRequests.add(n.plugin);
}

/** The registry described these plugin types: runs that waited for them start (or become incidents). */
export function launchDescribed(s: EngineState, now: number, types: string[]): void {
  for (const type of types) {
    for (const call of [...s.services.byActivation.values()]) {
      if (call.state === 'describing' && call.node.plugin === type) launchService(s, now, call);
    }
  }
}

function launchService(s: EngineState, now: number, call: ServiceCall): void {
  const descriptor = s.services.descriptors.get(call.node.plugin);
  if (!descriptor) {
    s.services.byActivation.delete(call.activation);
    const token = s.tokens.byId.get(call.tokenId);
    if (token) {
      openIncident(
        s,
        now,
        token,
        'unknown-plugin',
        `trình cắm "${call.node.plugin}" chưa được đăng ký / plugin "${call.node.plugin}" is not registered on the worker`,
      );
    }
    return;
  }
  call.state = 'running';
  pushEffect(s, {
    kind: 'run-plugin',
    activation: call.activation,
    attempt: call.attempt,
    nodeId: call.node.id,
    descriptor,
    input: call.input,
  });
}

export function onServiceResult(
  s: EngineState,
  now: number,
  activation: string,
  attempt: number,
  output: unknown,
): void {
  const call = s.services.byActivation.get(activation);
  if (!call || call.attempt !== attempt || s.dossier.finished) return;
  s.services.byActivation.delete(activation);
  clearTimers(s, activation);
  const token = s.tokens.byId.get(call.tokenId);
  if (call.node.resultVariable)
    s.dossier.data = { ...s.dossier.data, [call.node.resultVariable]: output ?? null };
  emit(
    s,
    now,
    'service-completed',
    { activation, plugin: call.node.plugin, output: output ?? null },
    call.node.id,
  );
  touchDossier(s);
  if (token) leave(s, token, call.node.outgoing);
}

export function onServiceFailure(
  s: EngineState,
  now: number,
  activation: string,
  attempt: number,
  message: string,
): void {
  const call = s.services.byActivation.get(activation);
  if (!call || call.attempt !== attempt || s.dossier.finished) return;
  s.services.byActivation.delete(activation);
  const token = s.tokens.byId.get(call.tokenId);
  if (!token) return;
  openIncident(s, now, token, 'plugin-failed', `${call.node.plugin}: ${message}`, activation);
}

/** Runs the plugin again after an incident: same activation, the next attempt. */
export function restartService(
  s: EngineState,
  now: number,
  token: Token,
  n: ServiceTaskNode,
  activation: string,
): void {
  const previous = s.services.attempts.get(activation) ?? 1;
  s.services.attempts.set(activation, previous + 1);
  runService(s, now, token, n, activation, previous + 1);
}
