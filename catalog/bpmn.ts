/**
 * BPMN output for models a step list cannot express (inter-agency call activities, per-case branches, stages):
 * a small process graph → BPMN 2.0 XML through bpmn-moddle with the motcua extension, plus BPMNDI from a simple
 * layered auto-layout so that the modeler can display it. Deterministic: same graph → same XML.
 */
import { BpmnModdle } from 'bpmn-moddle';
import { motcuaModdleDescriptor } from '../compiler/index.js';
import type { Duration, EndOutcome, LocalizedText } from '../ir/index.js';
import type { Plan } from './templates.js';

export interface GraphNode {
  id: string;
  kind: 'startEvent' | 'endEvent' | 'userTask' | 'callActivity' | 'exclusiveGateway' | 'parallelGateway';
  name: LocalizedText;
  outcome?: EndOutcome;
  role?: string;
  agency?: string;
  duration?: Duration;
  outcomes?: string[];
  escalationRole?: string;
  /** callActivity: code of the called procedure. */
  procedure?: string;
}

export interface GraphFlow {
  id: string;
  source: string;
  target: string;
  name?: LocalizedText;
  /** FEEL condition; absent = unconditional (or the gateway's default when `isDefault`). */
  condition?: string;
  isDefault?: boolean;
}

export interface ProcessGraph {
  id: string;
  name: LocalizedText;
  nodes: GraphNode[];
  flows: GraphFlow[];
}

/** Builds graphs with generated flow ids (flow_1, flow_2, ... in creation order). */
export class GraphBuilder {
  readonly nodes: GraphNode[] = [];
  readonly flows: GraphFlow[] = [];
  constructor(
    readonly id: string,
    readonly name: LocalizedText,
  ) {}

  node(n: GraphNode): string {
    this.nodes.push(n);
    return n.id;
  }

  flow(source: string, target: string, extra: Partial<GraphFlow> = {}): string {
    const id = `flow_${this.flows.length + 1}`;
    this.flows.push({ id, source, target, ...extra });
    return id;
  }

  graph(): ProcessGraph {
    return { id: this.id, name: this.name, nodes: this.nodes, flows: this.flows };
  }
}

const END_NAMES: Record<EndOutcome, LocalizedText> = {
  returned: { vi: 'Đã trả kết quả', en: 'Result returned' },
  refused: { vi: 'Từ chối giải quyết', en: 'Refused' },
  withdrawn: { vi: 'Rút hồ sơ', en: 'Withdrawn' },
  stopped: { vi: 'Dừng xử lý', en: 'Processing stopped' },
};

export function endNode(id: string, outcome: EndOutcome): GraphNode {
  return { id, kind: 'endEvent', name: END_NAMES[outcome], outcome };
}

/** A sector-template plan → graph: tasks in order, the refusal decision, coordination calls (parallel if many). */
export function planToGraph(plan: Plan, id: string, name: LocalizedText): ProcessGraph {
  const g = new GraphBuilder(id, name);
  let tail = g.node({ id: 'start', kind: 'startEvent', name: { vi: 'Bắt đầu', en: 'Start' } });
  let pendingDefault = false;
  const link = (target: string): void => {
    g.flow(tail, target, pendingDefault ? { isDefault: true } : {});
    pendingDefault = false;
    tail = target;
  };
  for (const item of plan.items) {
    if (item.kind === 'task') {
      const s = item.step;
      link(
        g.node({
          id: s.id,
          kind: 'userTask',
          name: s.name,
          role: s.role,
          duration: s.duration,
          ...(s.agency ? { agency: s.agency } : {}),
          ...(s.outcomes ? { outcomes: s.outcomes } : {}),
          ...(s.escalationRole ? { escalationRole: s.escalationRole } : {}),
        }),
      );
    } else if (item.kind === 'refuse') {
      const gw = g.node({
        id: item.id,
        kind: 'exclusiveGateway',
        name: { vi: 'Kết quả thẩm định?', en: 'Appraisal outcome?' },
      });
      link(gw);
      const n = item.notice;
      g.node({
        id: n.id,
        kind: 'userTask',
        name: n.name,
        role: n.role,
        duration: n.duration,
        ...(n.agency ? { agency: n.agency } : {}),
      });
      g.flow(gw, n.id, { condition: 'outcome = "refuse"', name: { vi: 'Từ chối', en: 'Refuse' } });
      g.node(endNode('end_refused', 'refused'));
      g.flow(n.id, 'end_refused');
      pendingDefault = true;
    } else {
      const callNode = (c: (typeof item.calls)[number]): GraphNode => ({
        id: c.id,
        kind: 'callActivity',
        name: c.name,
        agency: c.agency,
        procedure: c.procedure,
        duration: c.duration,
      });
      if (item.calls.length === 1) link(g.node(callNode(item.calls[0]!)));
      else {
        const split = g.node({
          id: item.id,
          kind: 'parallelGateway',
          name: { vi: 'Lấy ý kiến phối hợp', en: 'Consult in parallel' },
        });
        link(split);
        const join = `${item.id}_join`;
        for (const c of item.calls) {
          g.node(callNode(c));
          g.flow(split, c.id);
        }
        g.node({ id: join, kind: 'parallelGateway', name: { vi: 'Đủ ý kiến', en: 'All opinions received' } });
        for (const c of item.calls) g.flow(c.id, join);
        tail = join;
      }
    }
  }
  link(g.node(endNode('end', 'returned')));
  return g.graph();
}

// ---------------------------------------------------------------------------------------------------------------
// Layout: columns by longest distance from the start, rows by branch.
// ---------------------------------------------------------------------------------------------------------------

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const SIZE: Record<GraphNode['kind'], [number, number]> = {
  startEvent: [36, 36],
  endEvent: [36, 36],
  userTask: [120, 80],
  callActivity: [120, 80],
  exclusiveGateway: [50, 50],
  parallelGateway: [50, 50],
};
const COL = 170;
const ROW = 130;

export function layout(graph: ProcessGraph): Map<string, Box> {
  const out = new Map<string, string[]>();
  const inc = new Map<string, string[]>();
  for (const n of graph.nodes) {
    out.set(n.id, []);
    inc.set(n.id, []);
  }
  for (const f of graph.flows) {
    out.get(f.source)?.push(f.target);
    inc.get(f.target)?.push(f.source);
  }
  // Topological order (Kahn, stable by model order), longest-path columns.
  const indeg = new Map(graph.nodes.map((n) => [n.id, inc.get(n.id)!.length]));
  const order: string[] = [];
  const queue = graph.nodes.filter((n) => indeg.get(n.id) === 0).map((n) => n.id);
  while (queue.length) {
    const id = queue.shift()!;
    order.push(id);
    for (const t of out.get(id) ?? []) {
      indeg.set(t, (indeg.get(t) ?? 0) - 1);
      if (indeg.get(t) === 0) queue.push(t);
    }
  }
  for (const n of graph.nodes) if (!order.includes(n.id)) order.push(n.id);
  const col = new Map<string, number>();
  for (const id of order) {
    const c = Math.max(-1, ...(inc.get(id) ?? []).map((p) => col.get(p) ?? -1)) + 1;
    col.set(id, c);
  }
  // Rows: a node continues the row of its first predecessor when it is that predecessor's first successor.
  const row = new Map<string, number>();
  let maxRow = 0;
  for (const id of order) {
    const preds = inc.get(id) ?? [];
    const first = preds.find((p) => row.has(p));
    if (first === undefined) row.set(id, 0);
    else if ((out.get(first) ?? [])[0] === id || preds.length > 1) {
      row.set(id, preds.length > 1 ? Math.min(...preds.map((p) => row.get(p) ?? 0)) : row.get(first)!);
    } else row.set(id, ++maxRow);
  }
  const boxes = new Map<string, Box>();
  for (const n of graph.nodes) {
    const [w, h] = SIZE[n.kind];
    const cx = 80 + (col.get(n.id) ?? 0) * COL + 60;
    const cy = 100 + (row.get(n.id) ?? 0) * ROW;
    boxes.set(n.id, { x: Math.round(cx - w / 2), y: Math.round(cy - h / 2), width: w, height: h });
  }
  return boxes;
}

function waypoints(a: Box, b: Box): Array<{ x: number; y: number }> {
  const sy = a.y + a.height / 2;
  const ty = b.y + b.height / 2;
  const sx = a.x + a.width;
  const tx = b.x;
  if (Math.abs(sy - ty) < 1)
    return [
      { x: sx, y: sy },
      { x: tx, y: ty },
    ];
  if (ty > sy) {
    // Down into a branch: leave from the bottom, turn right.
    const x = a.x + a.width / 2;
    return [
      { x, y: a.y + a.height },
      { x, y: ty },
      { x: tx, y: ty },
    ];
  }
  // Back up to a join: go right, then up into its bottom.
  const x = b.x + b.width / 2;
  return [
    { x: sx, y: sy },
    { x, y: sy },
    { x, y: b.y + b.height },
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// XML
// ---------------------------------------------------------------------------------------------------------------

let moddleInstance: BpmnModdle | undefined;

/** One instance: building bpmn-moddle's type registry is the expensive part. The extension is the compiler's. */
function getModdle(): BpmnModdle {
  moddleInstance ??= new BpmnModdle({ motcua: motcuaModdleDescriptor });
  return moddleInstance;
}

function amount(n: number): string {
  return String(Math.round(n * 1e6) / 1e6);
}

/** Renders a process graph as BPMN 2.0 XML with the motcua extension attributes and a diagram. */
export async function graphToBpmn(graph: ProcessGraph): Promise<string> {
  const moddle = getModdle();
  // bpmn-moddle's element type is loose; attributes are set through the extension's properties.
  type El = ReturnType<typeof moddle.create>;
  const els = new Map<string, El>();
  for (const n of graph.nodes) {
    const props: Record<string, unknown> = { id: n.id, name: n.name.vi };
    if (n.name.en) props['motcua:nameEn'] = n.name.en;
    if (n.kind === 'userTask') {
      props['motcua:role'] = n.role;
      if (n.agency) props['motcua:agency'] = n.agency;
      if (n.escalationRole) props['motcua:escalationRole'] = n.escalationRole;
      if (n.outcomes) props['motcua:outcomes'] = n.outcomes.join(',');
    }
    if (n.kind === 'callActivity') {
      props['motcua:procedure'] = n.procedure;
      if (n.agency) props['motcua:agency'] = n.agency;
    }
    if ((n.kind === 'userTask' || n.kind === 'callActivity') && n.duration) {
      props['motcua:duration'] = amount(n.duration.amount);
      props['motcua:durationUnit'] = n.duration.unit;
    }
    if (n.kind === 'endEvent') props['motcua:outcome'] = n.outcome;
    els.set(n.id, moddle.create(`bpmn:${n.kind[0]!.toUpperCase()}${n.kind.slice(1)}`, props));
  }
  const flowEls = new Map<string, El>();
  for (const f of graph.flows) {
    const src = els.get(f.source);
    const tgt = els.get(f.target);
    const props: Record<string, unknown> = { id: f.id, sourceRef: src, targetRef: tgt };
    if (f.name) {
      props.name = f.name.vi;
      if (f.name.en) props['motcua:nameEn'] = f.name.en;
    }
    if (f.condition)
      props.conditionExpression = moddle.create('bpmn:FormalExpression', { body: f.condition });
    const el = moddle.create('bpmn:SequenceFlow', props);
    flowEls.set(f.id, el);
    (src as unknown as { outgoing?: El[] }).outgoing = [
      ...((src as unknown as { outgoing?: El[] }).outgoing ?? []),
      el,
    ];
    (tgt as unknown as { incoming?: El[] }).incoming = [
      ...((tgt as unknown as { incoming?: El[] }).incoming ?? []),
      el,
    ];
    if (f.isDefault) (src as unknown as { default?: El }).default = el;
  }
  const process = moddle.create('bpmn:Process', {
    id: `Process_${graph.id.replace(/[^A-Za-z0-9_]/g, '_')}`,
    name: graph.name.vi,
    isExecutable: true,
    flowElements: [...els.values(), ...flowEls.values()],
  });
  const boxes = layout(graph);
  const planeElements: El[] = [];
  for (const n of graph.nodes) {
    const b = boxes.get(n.id)!;
    const props: Record<string, unknown> = {
      id: `${n.id}_di`,
      bpmnElement: els.get(n.id),
      bounds: moddle.create('dc:Bounds', { ...b }),
    };
    if (n.kind === 'exclusiveGateway') props.isMarkerVisible = true;
    planeElements.push(moddle.create('bpmndi:BPMNShape', props));
  }
  for (const f of graph.flows) {
    const pts = waypoints(boxes.get(f.source)!, boxes.get(f.target)!);
    planeElements.push(
      moddle.create('bpmndi:BPMNEdge', {
        id: `${f.id}_di`,
        bpmnElement: flowEls.get(f.id),
        waypoint: pts.map((p) => moddle.create('dc:Point', { x: Math.round(p.x), y: Math.round(p.y) })),
      }),
    );
  }
  const plane = moddle.create('bpmndi:BPMNPlane', {
    id: 'BPMNPlane_1',
    bpmnElement: process,
    planeElement: planeElements,
  });
  const diagram = moddle.create('bpmndi:BPMNDiagram', { id: 'BPMNDiagram_1', plane });
  const definitions = moddle.create('bpmn:Definitions', {
    id: 'Definitions_1',
    targetNamespace: 'http://motcua.gov.vn/bpmn',
    exporter: 'motcua catalog importer',
    rootElements: [process],
    diagrams: [diagram],
  });
  const { xml } = await moddle.toXML(definitions, { format: true });
  return xml + '\n';
}

/** Plan → BPMN (for plans with coordination calls). */
export function planToBpmn(plan: Plan, id: string, name: LocalizedText): Promise<string> {
  return graphToBpmn(planToGraph(plan, id, name));
}
