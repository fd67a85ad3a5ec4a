/**
 * The procedure's graph as the interpreter reads it: nodes and flows by id, and for each node the nodes it can
 * still reach (what an inclusive join waits for). Built once from the IR, never changed.
 */
import type { IrFlow, IrNode, ProcedureIr } from '../../ir/index.js';

export interface Model {
  readonly ir: ProcedureIr;
  readonly nodes: ReadonlyMap<string, IrNode>;
  readonly flows: ReadonlyMap<string, IrFlow>;
  /** Node id → every node reachable from it along flows and boundary events. */
  readonly reach: ReadonlyMap<string, ReadonlySet<string>>;
}

export function createModel(ir: ProcedureIr): Model {
  const nodes = new Map<string, IrNode>();
  const flows = new Map<string, IrFlow>();
  for (const n of ir.nodes) nodes.set(n.id, n);
  for (const f of ir.flows) flows.set(f.id, f);
  if (!nodes.has(ir.startNode)) {
    throw new Error(`IR has no start node "${ir.startNode}" / IR thiếu nút bắt đầu "${ir.startNode}"`);
  }
  return { ir, nodes, flows, reach: computeReach(ir, flows) };
}

/** The node with this id; an unknown id is a broken IR (the compiler guarantees every reference). */
export function node(model: Model, id: string): IrNode {
  const n = model.nodes.get(id);
  if (!n) throw new Error(`unknown node ${id}`);
  return n;
}

function computeReach(ir: ProcedureIr, flows: ReadonlyMap<string, IrFlow>): Map<string, Set<string>> {
  const next = new Map<string, string[]>();
  for (const n of ir.nodes) {
    const targets = n.outgoing.map((f) => flows.get(f)?.target).filter((t): t is string => !!t);
    if ('boundaryEvents' in n) targets.push(...n.boundaryEvents);
    next.set(n.id, targets);
  }
  const reach = new Map<string, Set<string>>();
  for (const n of ir.nodes) {
    const seen = new Set<string>();
    const stack = [...(next.get(n.id) ?? [])];
    while (stack.length) {
      const id = stack.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      stack.push(...(next.get(id) ?? []));
    }
    reach.set(n.id, seen);
  }
  return reach;
}
