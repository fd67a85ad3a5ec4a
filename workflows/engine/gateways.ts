/**
 * Gateways. Exclusive: the first outgoing flow (model order) whose condition holds, else the default flow, else
 * an incident `no-route`. Inclusive: every flow whose condition holds; its join fires once no other live token
 * can still reach it. Parallel: fork all; the join waits for one token per incoming flow.
 */
import type { GatewayNode } from '../../ir/index.js';
import { evalCondition } from './feel.js';
import { openIncident } from './incidents.js';
import { node } from './model.js';
import { emit } from './outbox.js';
import type { EngineState, Token } from './state.js';
import { leave, merge, waitingAt } from './tokens.js';
import { feelContext } from './views.js';

export function enterGateway(s: EngineState, now: number, token: Token, n: GatewayNode): void {
  if (n.kind === 'parallelGateway') {
    if (n.incoming.length > 1) {
      token.wait = { kind: 'join' };
      const arrivals: Token[] = [];
      for (const flowId of n.incoming) {
        const t = waitingAt(s, n.id).find((w) => w.via === flowId);
        if (!t) return;
        arrivals.push(t);
      }
      leave(s, merge(s, n.id, arrivals), n.outgoing);
      return;
    }
    leave(s, token, n.outgoing);
    return;
  }
  if (n.kind === 'inclusiveGateway' && n.incoming.length > 1) {
    token.wait = { kind: 'join' };
    return; // fired by fireInclusiveJoins once no other token can reach it
  }
  split(s, now, token, n);
}

function split(s: EngineState, now: number, token: Token, n: GatewayNode): void {
  if (n.outgoing.length <= 1) {
    leave(s, token, n.outgoing);
    return;
  }
  const chosen: string[] = [];
  try {
    const context = feelContext(s);
    for (const flowId of n.outgoing) {
      if (flowId === n.defaultFlow) continue;
      const flow = s.model.flows.get(flowId)!;
      const ok = flow.condition === undefined ? true : evalCondition(flow.condition, context);
      if (ok) {
        chosen.push(flowId);
        if (n.kind === 'exclusiveGateway') break;
      }
    }
  } catch (err) {
    openIncident(s, now, token, 'expression-failed', (err as Error).message);
    return;
  }
  if (chosen.length === 0 && n.defaultFlow) chosen.push(n.defaultFlow);
  if (chosen.length === 0) {
    openIncident(
      s,
      now,
      token,
      'no-route',
      `không nhánh nào thỏa điều kiện tại ${n.id} / no outgoing flow of ${n.id} matched and there is no default flow`,
    );
    return;
  }
  emit(s, now, 'route', { gateway: n.id, flows: chosen }, n.id);
  leave(s, token, chosen);
}

/** Fires inclusive joins that no other live token can still reach. Returns whether one fired. */
export function fireInclusiveJoins(s: EngineState, now: number): boolean {
  const gateways = new Set<string>();
  for (const t of s.tokens.byId.values()) {
    if (t.wait.kind === 'join' && node(s.model, t.nodeId).kind === 'inclusiveGateway') gateways.add(t.nodeId);
  }
  let fired = false;
  for (const g of gateways) {
    const blocked = [...s.tokens.byId.values()].some(
      (t) =>
        !(t.nodeId === g && t.wait.kind === 'join') &&
        (t.nodeId === g || s.model.reach.get(t.nodeId)?.has(g)),
    );
    if (blocked) continue;
    const merged = merge(s, g, waitingAt(s, g));
    merged.wait = { kind: 'ready' };
    split(s, now, merged, node(s.model, g) as GatewayNode);
    fired = true;
  }
  return fired;
}
