/**
 * Graph algorithms over a process (BPMN or IR): reachability, post-dominators (for split/join balance) and the
 * longest acyclic path (for the legal-duration check). Iterative, so deep models cannot overflow the stack.
 */

export interface Graph {
  /** Node ids in model order. */
  nodes: string[];
  succ: Map<string, string[]>;
  pred: Map<string, string[]>;
}

export function makeGraph(nodes: readonly string[], edges: ReadonlyArray<readonly [string, string]>): Graph {
  const succ = new Map<string, string[]>();
  const pred = new Map<string, string[]>();
  for (const n of nodes) {
    succ.set(n, []);
    pred.set(n, []);
  }
  for (const [a, b] of edges) {
    if (!succ.has(a) || !succ.has(b)) continue;
    succ.get(a)!.push(b);
    pred.get(b)!.push(a);
  }
  return { nodes: [...nodes], succ, pred };
}

export function reachable(starts: Iterable<string>, next: Map<string, string[]>): Set<string> {
  const seen = new Set<string>();
  const stack = [...starts];
  while (stack.length) {
    const n = stack.pop() as string;
    if (seen.has(n)) continue;
    seen.add(n);
    for (const m of next.get(n) ?? []) if (!seen.has(m)) stack.push(m);
  }
  return seen;
}

export const EXIT = '\u0000exit';

/**
 * Immediate dominators from `root` (Cooper–Harvey–Kennedy). `next` gives the edges walked from the root, `prev`
 * the reverse ones. Nodes not reachable from the root are absent; the root maps to itself.
 */
export function immediateDominators(
  root: string,
  next: Map<string, string[]>,
  prev: Map<string, string[]>,
): Map<string, string> {
  const order: string[] = [];
  const visited = new Set<string>([root]);
  const stack: Array<[string, number]> = [[root, 0]];
  while (stack.length) {
    const top = stack[stack.length - 1] as [string, number];
    const kids = next.get(top[0]) ?? [];
    if (top[1] < kids.length) {
      const k = kids[top[1]++] as string;
      if (!visited.has(k)) {
        visited.add(k);
        stack.push([k, 0]);
      }
    } else {
      order.push(top[0]);
      stack.pop();
    }
  }
  order.reverse();
  const index = new Map(order.map((n, i) => [n, i]));
  const idom = new Map<string, string>([[root, root]]);
  const intersect = (a: string, b: string): string => {
    let x = a;
    let y = b;
    while (x !== y) {
      while ((index.get(x) as number) > (index.get(y) as number)) x = idom.get(x) as string;
      while ((index.get(y) as number) > (index.get(x) as number)) y = idom.get(y) as string;
    }
    return x;
  };
  let changed = true;
  while (changed) {
    changed = false;
    for (const n of order) {
      if (n === root) continue;
      let newIdom: string | undefined;
      for (const p of prev.get(n) ?? []) {
        if (!idom.has(p) || !index.has(p)) continue;
        newIdom = newIdom === undefined ? p : intersect(p, newIdom);
      }
      if (newIdom !== undefined && idom.get(n) !== newIdom) {
        idom.set(n, newIdom);
        changed = true;
      }
    }
  }
  return idom;
}

/** Immediate post-dominators, with a virtual EXIT after every end node; nodes that cannot reach an end are absent. */
export function immediatePostDominators(g: Graph, ends: readonly string[]): Map<string, string> {
  const back = new Map<string, string[]>(g.pred);
  back.set(EXIT, [...ends]);
  const fwd = new Map<string, string[]>(g.succ);
  for (const e of ends) fwd.set(e, [...(g.succ.get(e) ?? []), EXIT]);
  fwd.set(EXIT, []);
  const ipdom = immediateDominators(EXIT, back, fwd);
  ipdom.delete(EXIT);
  return ipdom;
}

/**
 * Longest path from `start` by node weight, ignoring back edges (loops such as "return to the previous step" are
 * rework, not part of the planned time). Returns the total and the nodes on the path.
 */
export function longestPath(
  g: Graph,
  start: string,
  weight: (id: string) => number,
): { total: number; path: string[] } {
  // DFS from start: classify back edges, produce a topological order of the remaining DAG.
  const state = new Map<string, 1 | 2>();
  const topo: string[] = [];
  const back = new Set<string>();
  const stack: Array<[string, number]> = [[start, 0]];
  state.set(start, 1);
  while (stack.length) {
    const top = stack[stack.length - 1] as [string, number];
    const kids = g.succ.get(top[0]) ?? [];
    if (top[1] < kids.length) {
      const k = kids[top[1]++] as string;
      const s = state.get(k);
      if (s === undefined) {
        state.set(k, 1);
        stack.push([k, 0]);
      } else if (s === 1) back.add(`${top[0]}\u0000${k}`);
    } else {
      state.set(top[0], 2);
      topo.push(top[0]);
      stack.pop();
    }
  }
  topo.reverse();
  const best = new Map<string, number>();
  const from = new Map<string, string>();
  for (const n of topo) best.set(n, -Infinity);
  best.set(start, weight(start));
  for (const n of topo) {
    const here = best.get(n) as number;
    if (here === -Infinity) continue;
    for (const m of g.succ.get(n) ?? []) {
      if (back.has(`${n}\u0000${m}`)) continue;
      const cand = here + weight(m);
      if (cand > (best.get(m) as number)) {
        best.set(m, cand);
        from.set(m, n);
      }
    }
  }
  let end = start;
  for (const n of topo) if ((best.get(n) as number) > (best.get(end) as number)) end = n;
  const path: string[] = [];
  for (let n: string | undefined = end; n !== undefined; n = from.get(n)) path.push(n);
  path.reverse();
  return { total: best.get(end) as number, path };
}
