/**
 * Tokens: where the dossier is. A token is ready (to move), or waits at a task, plugin run, child call, timer,
 * join or incident. Tokens move in model order: flows in IR order, a FIFO ready queue, lowest id kept on a join.
 */
import type { EngineState, Token } from './state.js';

export function newToken(s: EngineState, nodeId: string, via: string | undefined, trail: string[]): Token {
  const token: Token = { id: s.tokens.nextId++, nodeId, trail, wait: { kind: 'ready' } };
  if (via !== undefined) token.via = via;
  s.tokens.byId.set(token.id, token);
  return token;
}

/** The id of a node's next activation: `<nodeId>#<n>`. */
export function activate(s: EngineState, nodeId: string): string {
  const n = (s.tokens.activations.get(nodeId) ?? 0) + 1;
  s.tokens.activations.set(nodeId, n);
  return `${nodeId}#${n}`;
}

/** Sends the token along the given flows (model order); extra flows get new tokens. */
export function leave(s: EngineState, token: Token, flowIds: string[]): void {
  if (flowIds.length === 0) {
    // An activity without outgoing flow ends its path (BPMN implicit end).
    s.tokens.byId.delete(token.id);
    return;
  }
  flowIds.forEach((flowId, i) => {
    const flow = s.model.flows.get(flowId);
    if (!flow) throw new Error(`unknown flow ${flowId}`);
    const t = i === 0 ? token : newToken(s, flow.target, flowId, [...token.trail]);
    t.nodeId = flow.target;
    t.via = flowId;
    t.wait = { kind: 'ready' };
    s.tokens.ready.push(t.id);
  });
}

/** Queues a token to move again from where it is. */
export function ready(s: EngineState, token: Token): void {
  token.wait = { kind: 'ready' };
  s.tokens.ready.push(token.id);
}

/** Tokens waiting at a join gateway. */
export function waitingAt(s: EngineState, nodeId: string): Token[] {
  return [...s.tokens.byId.values()].filter((t) => t.nodeId === nodeId && t.wait.kind === 'join');
}

/** Joins tokens into the lowest-id one (deterministic), merging their trails. */
export function merge(s: EngineState, nodeId: string, arrivals: Token[]): Token {
  const sorted = [...arrivals].sort((a, b) => a.id - b.id);
  const keep = sorted[0]!;
  const trail = [...keep.trail];
  for (const t of sorted.slice(1)) {
    for (const n of t.trail) if (!trail.includes(n)) trail.push(n);
    s.tokens.byId.delete(t.id);
  }
  keep.trail = trail;
  keep.nodeId = nodeId;
  return keep;
}

/** Node ids where the dossier currently is: open tasks, running plugins and calls, incidents. */
export function currentSteps(s: EngineState): string[] {
  const steps: string[] = [];
  for (const t of s.tokens.byId.values()) {
    if (
      t.wait.kind === 'task' ||
      t.wait.kind === 'service' ||
      t.wait.kind === 'call' ||
      t.wait.kind === 'incident'
    ) {
      if (!steps.includes(t.nodeId)) steps.push(t.nodeId);
    }
  }
  return steps;
}
