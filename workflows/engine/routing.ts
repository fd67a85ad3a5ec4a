/**
 * Moving tokens: each ready token enters its node, and the node's module decides what happens (one entry per
 * node kind in ENTER — a new BPMN element is one more module and one more entry). The dossier ends when no token
 * is left, or at once at a non-returned end event.
 */
import type { EndEventNode, EndOutcome, IrNode } from '../../ir/index.js';
import type { RetryIncidentArgs } from '../definitions.js';
import { enterCall, restartCall } from './calls.js';
import { enterGateway, fireInclusiveJoins } from './gateways.js';
import { openIncident, resolveForRetry } from './incidents.js';
import { finish } from './lifecycle.js';
import { node } from './model.js';
import { emit } from './outbox.js';
import { enterService, restartService } from './services.js';
import type { EngineState, Token } from './state.js';
import { openTask } from './tasks.js';
import { enterTimerEvent } from './timer-events.js';
import { leave, ready } from './tokens.js';

/** Guard against models that loop through gateways without ever waiting. */
export const MAX_MOVES_PER_ADVANCE = 10_000;

type Handler<N extends IrNode> = (s: EngineState, now: number, token: Token, n: N) => void;
type EnterTable = { [K in IrNode['kind']]: Handler<Extract<IrNode, { kind: K }>> };
type Restart<N extends IrNode> = (
  s: EngineState,
  now: number,
  token: Token,
  n: N,
  activation: string,
) => void;
type RestartTable = Partial<{ [K in IrNode['kind']]: Restart<Extract<IrNode, { kind: K }>> }>;

const pass: Handler<IrNode> = (s, _now, token, n) => leave(s, token, n.outgoing);

/** What entering a node does, per node kind. */
const ENTER: EnterTable = {
  startEvent: pass,
  boundaryTimerEvent: pass,
  endEvent: reachEnd,
  userTask: (s, now, token, n) => openTask(s, now, token, n),
  serviceTask: enterService,
  callActivity: enterCall,
  timerEvent: enterTimerEvent,
  exclusiveGateway: enterGateway,
  inclusiveGateway: enterGateway,
  parallelGateway: enterGateway,
};

/** What a retry runs again, for the kinds whose incidents stop a run (others just move the token again). */
const RESTART: RestartTable = {
  serviceTask: restartService,
  callActivity: restartCall,
};

function enter(s: EngineState, now: number, token: Token): void {
  const n = node(s.model, token.nodeId);
  (ENTER[n.kind] as Handler<IrNode>)(s, now, token, n);
}

function reachEnd(s: EngineState, now: number, token: Token, n: EndEventNode): void {
  const outcome: EndOutcome = n.outcome;
  s.tokens.byId.delete(token.id);
  s.dossier.lastEndOutcome = outcome;
  emit(s, now, 'end-reached', { outcome }, token.nodeId);
  // A non-returned end (refused, stopped...) ends the dossier at once; 'returned' waits for other paths.
  if (outcome !== 'returned' || s.tokens.byId.size === 0) finish(s, now, outcome);
}

/** Moves every ready token until it waits (task, timer, service, call, join, incident) or ends. */
export function advance(s: EngineState, now: number): void {
  if (s.dossier.finished) return;
  const { byId, ready: queue } = s.tokens;
  let moves = 0;
  for (;;) {
    while (queue.length > 0 && !s.dossier.finished) {
      const id = queue.shift()!;
      const token = byId.get(id);
      if (!token || token.wait.kind !== 'ready') continue;
      if (++moves > MAX_MOVES_PER_ADVANCE) {
        openIncident(
          s,
          now,
          token,
          'loop',
          'quá nhiều bước không dừng / too many moves without a wait state',
        );
        continue;
      }
      enter(s, now, token);
    }
    if (s.dossier.finished || !fireInclusiveJoins(s, now)) break;
  }
  if (!s.dossier.finished && byId.size === 0) finish(s, now, s.dossier.lastEndOutcome ?? 'returned');
}

/** A supervisor retries an incident: the plugin run or call runs again, or the token moves again. */
export function retryIncident(s: EngineState, now: number, args: RetryIncidentArgs): void {
  const { token, activation } = resolveForRetry(s, now, args);
  if (!token) return;
  const n = node(s.model, token.nodeId);
  const restart = RESTART[n.kind] as Restart<IrNode> | undefined;
  if (restart && activation) restart(s, now, token, n, activation);
  else ready(s, token);
}
