/**
 * Front end for JSON step lists (steps.json): validate, then lower to the same IR graph as BPMN.
 *
 * Generated ids: the start event is `start`, the main end event `end` (outcome returned), other end events
 * `end_<outcome>`, join gateways `<group or decision id>_join`, flows `flow_<n>` in creation order. These ids are
 * reserved in step lists.
 */
import type {
  EndEventNode,
  EndOutcome,
  GatewayNode,
  IrFlow,
  IrNode,
  LocalizedText,
  Step,
  StepItem,
  StepListModel,
  UserTaskNode,
} from '../ir/index.js';
import { diag, pointer, type Diagnostic } from './diagnostics.js';
import { normaliseFeel } from './feel.js';
import { DEFAULT_OUTCOMES, DEFAULT_WARNING_AT, normaliseDuration, normaliseText } from './normalise.js';
import { getValidators, schemaProblems } from './schemas.js';

export interface FrontEndResult {
  nodes: IrNode[];
  flows: IrFlow[];
  startNode: string;
  /** Element id → JSON Pointer (step lists) for diagnostics found on the IR. */
  paths: Map<string, string>;
  diagnostics: Diagnostic[];
}

const END_NAMES: Record<EndOutcome, LocalizedText> = {
  returned: { vi: 'Trả kết quả', en: 'Result returned' },
  refused: { vi: 'Từ chối giải quyết', en: 'Refused' },
  withdrawn: { vi: 'Rút hồ sơ', en: 'Withdrawn' },
  stopped: { vi: 'Dừng xử lý', en: 'Processing stopped' },
};

function isReserved(id: string): boolean {
  return (
    id === 'start' || id === 'end' || id.startsWith('end_') || id.endsWith('_join') || /^flow_\d+$/.test(id)
  );
}

interface Tail {
  from: string;
  condition?: string;
  /** The gateway whose default flow this is. */
  defaultOf?: string;
  path?: string;
  /** Id for the flow (a decision branch's own id). */
  flowId?: string;
}

export function buildFromSteps(model: unknown): FrontEndResult | { diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  for (const p of schemaProblems(getValidators().steps, model)) {
    diagnostics.push(diag('MC201', { at: p.path || '/', detail: p.vi, detailEn: p.en }, { path: p.path }));
  }
  if (diagnostics.length) return { diagnostics };
  const items = (model as StepListModel).steps;

  // Ids: unique, not reserved; at most one decision.
  const seen = new Set<string>();
  const claim = (id: string, at: string): void => {
    if (isReserved(id)) diagnostics.push(diag('MC203', { id }, { elementId: id, path: at }));
    else if (seen.has(id)) diagnostics.push(diag('MC202', { id }, { elementId: id, path: at }));
    seen.add(id);
  };
  let decisions = 0;
  items.forEach((item, i) => {
    const at = pointer('steps', i);
    if ('parallel' in item) {
      claim(item.parallel.id, at + '/parallel/id');
      item.parallel.branches.forEach((b, bi) =>
        b.forEach((s, si) => claim(s.id, pointer('steps', i, 'parallel', 'branches', bi, si, 'id'))),
      );
    } else if ('decision' in item) {
      decisions++;
      if (decisions > 1) diagnostics.push(diag('MC204', {}, { elementId: item.decision.id, path: at }));
      claim(item.decision.id, at + '/decision/id');
      item.decision.branches.forEach((b, bi) => {
        if (b.id !== undefined) claim(b.id, pointer('steps', i, 'decision', 'branches', bi, 'id'));
        (b.steps ?? []).forEach((s, si) =>
          claim(s.id, pointer('steps', i, 'decision', 'branches', bi, 'steps', si, 'id')),
        );
      });
      (item.decision.otherwise?.steps ?? []).forEach((s, si) =>
        claim(s.id, pointer('steps', i, 'decision', 'otherwise', 'steps', si, 'id')),
      );
      if (!item.decision.otherwise)
        diagnostics.push(
          diag('MC205', { id: item.decision.id }, { elementId: item.decision.id, path: at + '/decision' }),
        );
    } else {
      claim(item.id, at + '/id');
    }
  });
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };

  const nodes: IrNode[] = [];
  const ends: EndEventNode[] = [];
  const flows: IrFlow[] = [];
  const paths = new Map<string, string>();
  const byId = new Map<string, IrNode>();

  const add = (node: IrNode, at: string): void => {
    nodes.push(node);
    byId.set(node.id, node);
    paths.set(node.id, at);
  };
  const endNode = (outcome: EndOutcome): string => {
    const id = outcome === 'returned' ? 'end' : `end_${outcome}`;
    if (!byId.has(id)) {
      const n: EndEventNode = {
        id,
        kind: 'endEvent',
        name: END_NAMES[outcome],
        incoming: [],
        outgoing: [],
        outcome,
      };
      ends.push(n);
      byId.set(id, n);
      paths.set(id, '/steps');
    }
    return id;
  };
  const connect = (tail: Tail, target: string): void => {
    const id = tail.flowId ?? `flow_${flows.length + 1}`;
    const flow: IrFlow = { id, source: tail.from, target };
    if (tail.condition !== undefined) flow.condition = tail.condition;
    flows.push(flow);
    byId.get(tail.from)?.outgoing.push(id);
    byId.get(target)?.incoming.push(id);
    if (tail.defaultOf !== undefined) (byId.get(tail.defaultOf) as GatewayNode).defaultFlow = id;
    if (tail.path !== undefined) paths.set(id, tail.path);
  };
  const userTask = (s: Step, at: string): UserTaskNode => {
    const n: UserTaskNode = {
      id: s.id,
      kind: 'userTask',
      name: normaliseText(s.name),
      incoming: [],
      outgoing: [],
      role: s.role,
      duration: normaliseDuration(s.duration),
      warningAt: s.warningAt ?? DEFAULT_WARNING_AT,
      outcomes: s.outcomes ?? [...DEFAULT_OUTCOMES],
      boundaryEvents: [],
    };
    if (s.agency !== undefined) n.agency = s.agency;
    if (s.escalationRole !== undefined) n.escalationRole = s.escalationRole;
    if (s.form !== undefined) n.form = s.form;
    add(n, at);
    return n;
  };
  /** Chain steps after the tails; returns the new tails. */
  const chain = (tails: Tail[], steps: readonly Step[], at: (j: number) => string): Tail[] => {
    let current = tails;
    steps.forEach((s, j) => {
      const n = userTask(s, at(j));
      for (const t of current) connect(t, n.id);
      current = [{ from: n.id }];
    });
    return current;
  };
  const gateway = (id: string, kind: GatewayNode['kind'], name: LocalizedText, at: string): GatewayNode => {
    const g: GatewayNode = { id, kind, name, incoming: [], outgoing: [] };
    add(g, at);
    return g;
  };

  add(
    { id: 'start', kind: 'startEvent', name: { vi: 'Bắt đầu', en: 'Start' }, incoming: [], outgoing: [] },
    '/steps',
  );
  let tails: Tail[] = [{ from: 'start' }];

  items.forEach((item: StepItem, i) => {
    const at = pointer('steps', i);
    if (tails.length === 0) {
      diagnostics.push(
        diag(
          'MC401',
          { name: 'parallel' in item ? item.parallel.id : 'decision' in item ? item.decision.id : item.id },
          { path: at },
        ),
      );
      return;
    }
    if ('parallel' in item) {
      const g = item.parallel;
      const split = gateway(
        g.id,
        'parallelGateway',
        normaliseText(g.name ?? { vi: 'Xử lý song song', en: 'Parallel processing' }),
        at,
      );
      for (const t of tails) connect(t, split.id);
      const branchTails = g.branches.map((b, bi) =>
        chain([{ from: split.id }], b, (j) => pointer('steps', i, 'parallel', 'branches', bi, j)),
      );
      const join = gateway(
        `${g.id}_join`,
        'parallelGateway',
        { vi: 'Hợp nhánh song song', en: 'Parallel join' },
        at,
      );
      for (const bt of branchTails) for (const t of bt) connect(t, join.id);
      tails = [{ from: join.id }];
    } else if ('decision' in item) {
      const d = item.decision;
      const gw = gateway(
        d.id,
        'exclusiveGateway',
        normaliseText(d.name ?? { vi: 'Quyết định', en: 'Decision' }),
        at,
      );
      for (const t of tails) connect(t, gw.id);
      const rejoin: Tail[] = [];
      const branch = (
        first: Tail,
        steps: readonly Step[],
        end: EndOutcome | undefined,
        stepAt: (j: number) => string,
      ): void => {
        const bt = chain([first], steps, stepAt);
        if (end !== undefined) {
          const e = endNode(end);
          for (const t of bt) connect(t, e);
        } else rejoin.push(...bt);
      };
      d.branches.forEach((b, bi) => {
        const bAt = pointer('steps', i, 'decision', 'branches', bi);
        branch(
          {
            from: gw.id,
            condition: normaliseFeel(b.when),
            path: bAt + '/when',
            ...(b.id !== undefined ? { flowId: b.id } : {}),
          },
          b.steps ?? [],
          b.end,
          (j) => `${bAt}/steps/${j}`,
        );
      });
      if (d.otherwise) {
        const oAt = pointer('steps', i, 'decision', 'otherwise');
        branch(
          { from: gw.id, defaultOf: gw.id, path: oAt },
          d.otherwise.steps ?? [],
          d.otherwise.end,
          (j) => `${oAt}/steps/${j}`,
        );
      }
      if (rejoin.length > 1) {
        const join = gateway(`${d.id}_join`, 'exclusiveGateway', { vi: 'Hợp nhánh', en: 'Merge' }, at);
        for (const t of rejoin) connect(t, join.id);
        tails = [{ from: join.id }];
      } else tails = rejoin;
    } else {
      tails = chain(tails, [item], () => at);
    }
  });
  if (tails.length) {
    const e = endNode('returned');
    for (const t of tails) connect(t, e);
  }
  // Main end first, then the other outcomes in creation order.
  ends.sort((a, b) => (a.id === 'end' ? -1 : b.id === 'end' ? 1 : 0));
  nodes.push(...ends);
  return { nodes, flows, startNode: 'start', paths, diagnostics };
}
