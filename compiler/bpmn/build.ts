/**
 * Lowering of the chosen BPMN process to IR nodes and flows. Unsupported elements are skipped here: the lint
 * rules have reported them, and an IR is only emitted when there are no errors.
 */
import type { Duration, IrFlow, IrNode } from '../../ir/index.js';
import {
  conditionOf,
  foreignLanguage,
  readCallActivity,
  readEndOutcome,
  readName,
  readServiceTask,
  readTimer,
  readUserTask,
} from './extension.js';
import { flowNodes, sequenceFlows } from './process.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- moddle elements are dynamic objects */
type El = any;

export interface BpmnBuild {
  nodes: IrNode[];
  flows: IrFlow[];
  startNode: string;
}

function hasEventDefinitions(el: El): boolean {
  return (el.eventDefinitions ?? []).length > 0;
}

function timerOnly(el: El): boolean {
  const defs = (el.eventDefinitions ?? []) as El[];
  return defs.length === 1 && defs[0]?.$type === 'bpmn:TimerEventDefinition';
}

function toNode(el: El): IrNode | undefined {
  if (el.loopCharacteristics || el.isForCompensation) return undefined;
  // Key order follows ir/index.ts for readable IR dumps (the hash sorts keys anyway).
  const base = {
    id: String(el.id),
    kind: '',
    name: readName(el),
    incoming: [] as string[],
    outgoing: [] as string[],
  };
  switch (el.$type) {
    case 'bpmn:StartEvent':
      return hasEventDefinitions(el) ? undefined : { ...base, kind: 'startEvent' };
    case 'bpmn:EndEvent':
      return hasEventDefinitions(el)
        ? undefined
        : { ...base, kind: 'endEvent', outcome: readEndOutcome(el).value };
    case 'bpmn:UserTask': {
      const v = readUserTask(el).value;
      // role/duration may be absent when invalid: the IR is then not emitted (the errors are reported).
      return { ...base, kind: 'userTask', ...(v as Required<typeof v>), boundaryEvents: [] };
    }
    case 'bpmn:ServiceTask': {
      const v = readServiceTask(el).value;
      return { ...base, kind: 'serviceTask', ...(v as Required<typeof v>), boundaryEvents: [] };
    }
    case 'bpmn:CallActivity': {
      const v = readCallActivity(el).value;
      return { ...base, kind: 'callActivity', ...(v as Required<typeof v>), boundaryEvents: [] };
    }
    case 'bpmn:ExclusiveGateway':
    case 'bpmn:ParallelGateway':
    case 'bpmn:InclusiveGateway': {
      const kind = (el.$type.slice(5, 6).toLowerCase() + el.$type.slice(6)) as
        'exclusiveGateway' | 'parallelGateway' | 'inclusiveGateway';
      const node: IrNode = { ...base, kind };
      const def = el.default;
      if (kind !== 'parallelGateway' && def && def.sourceRef === el && def.id)
        node.defaultFlow = String(def.id);
      return node;
    }
    case 'bpmn:IntermediateCatchEvent': {
      if (!timerOnly(el)) return undefined;
      const t = readTimer(el, false).value;
      return { ...base, kind: 'timerEvent', timer: t as { duration: Duration } };
    }
    case 'bpmn:BoundaryEvent': {
      if (!timerOnly(el) || !el.attachedToRef?.id) return undefined;
      const t = readTimer(el, true).value;
      return {
        ...base,
        kind: 'boundaryTimerEvent',
        attachedTo: String(el.attachedToRef.id),
        timer: t as NonNullable<typeof t>,
        interrupting: el.cancelActivity !== false,
      };
    }
    default:
      return undefined;
  }
}

export function buildFromProcess(process: El): BpmnBuild {
  const nodes: IrNode[] = [];
  const byId = new Map<string, IrNode>();
  let startNode = '';
  for (const el of flowNodes(process)) {
    const n = toNode(el);
    if (!n) continue;
    nodes.push(n);
    byId.set(n.id, n);
    if (n.kind === 'startEvent' && startNode === '') startNode = n.id;
  }
  for (const n of nodes) {
    if (n.kind !== 'boundaryTimerEvent') continue;
    const host = byId.get(n.attachedTo);
    if (host && 'boundaryEvents' in host) host.boundaryEvents.push(n.id);
  }
  const flows: IrFlow[] = [];
  for (const f of sequenceFlows(process)) {
    const source = byId.get(String(f.sourceRef?.id));
    const target = byId.get(String(f.targetRef?.id));
    if (!source || !target) continue;
    const flow: IrFlow = { id: String(f.id), source: source.id, target: target.id };
    if (typeof f.name === 'string' && f.name.trim() !== '') flow.name = readName(f);
    const condition = conditionOf(f);
    if (condition !== undefined && foreignLanguage(f) === undefined) flow.condition = condition;
    flows.push(flow);
    source.outgoing.push(flow.id);
    target.incoming.push(flow.id);
  }
  // A default flow's condition is never evaluated (MC411 warns): keep it out of the IR.
  const defaults = new Set(
    nodes.map((n) => ('defaultFlow' in n ? n.defaultFlow : undefined)).filter((x) => x !== undefined),
  );
  for (const f of flows) if (defaults.has(f.id)) delete f.condition;
  return { nodes, flows, startNode };
}
