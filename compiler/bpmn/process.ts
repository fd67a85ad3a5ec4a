/**
 * Choosing the process that runs (files from other tools carry pools, lanes and several processes) and repairing
 * what tools leave out: `incoming`/`outgoing` are recomputed from the sequence flows, so a file with or without
 * those redundant elements reads the same (and hashes the same).
 */
import { diag, type Diagnostic } from '../diagnostics.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- moddle elements are dynamic objects */
type El = any;

export function is(el: El, type: string): boolean {
  return !!el && typeof el.$instanceOf === 'function' && el.$instanceOf(type);
}

export function selectProcess(definitions: El): { process?: El; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const roots = (definitions.rootElements ?? []) as El[];
  const processes = roots.filter((r) => r?.$type === 'bpmn:Process');
  const withFlow = processes.filter((p) => (p.flowElements ?? []).length > 0);
  let process: El;
  if (withFlow.length === 0) {
    diagnostics.push(diag('MC006', {}, processes[0]?.id ? { elementId: processes[0].id } : {}));
    return { diagnostics };
  }
  if (withFlow.length === 1) process = withFlow[0];
  else {
    const executable = withFlow.filter((p) => p.isExecutable === true);
    if (executable.length !== 1) {
      diagnostics.push(diag('MC007', { ids: withFlow.map((p) => String(p.id)).join(', ') }));
      return { diagnostics };
    }
    process = executable[0];
  }
  let messageFlows = 0;
  let otherPools = 0;
  for (const c of roots.filter((r) => r?.$type === 'bpmn:Collaboration')) {
    messageFlows += (c.messageFlows ?? []).length;
    otherPools += ((c.participants ?? []) as El[]).filter((p) => p.processRef !== process).length;
  }
  if (messageFlows || otherPools) {
    diagnostics.push(
      diag(
        'MC018',
        { count: messageFlows, process: String(process.name ?? process.id) },
        { elementId: process.id },
      ),
    );
  }
  for (const id of normaliseConnections(process))
    diagnostics.push(diag('MC022', { id }, id ? { elementId: id } : {}));
  return { process, diagnostics };
}

/**
 * Recompute incoming/outgoing of every flow node in the container (and nested containers) from its flows. Flows
 * without a source or a target are taken out of the model (reported as MC022): no rule can reason about them.
 */
export function normaliseConnections(container: El, dropped: string[] = []): string[] {
  const all = (container.flowElements ?? []) as El[];
  const elements = all.filter((e) => {
    const dangling = e?.$type === 'bpmn:SequenceFlow' && (!e.sourceRef?.$type || !e.targetRef?.$type);
    if (dangling) dropped.push(String(e.id ?? ''));
    return !dangling;
  });
  if (elements.length !== all.length) container.flowElements = elements;
  const nodes = elements.filter((e) => is(e, 'bpmn:FlowNode'));
  const members = new Set(nodes);
  for (const n of nodes) {
    n.incoming = [];
    n.outgoing = [];
  }
  for (const f of elements) {
    if (f?.$type !== 'bpmn:SequenceFlow') continue;
    if (members.has(f.sourceRef)) f.sourceRef.outgoing.push(f);
    if (members.has(f.targetRef)) f.targetRef.incoming.push(f);
  }
  for (const n of nodes) if (is(n, 'bpmn:FlowElementsContainer')) normaliseConnections(n, dropped);
  return dropped;
}

/** Flow nodes of the process (not nested ones), in model order. */
export function flowNodes(process: El): El[] {
  return ((process.flowElements ?? []) as El[]).filter((e) => is(e, 'bpmn:FlowNode'));
}

export function sequenceFlows(process: El): El[] {
  return ((process.flowElements ?? []) as El[]).filter((e) => e?.$type === 'bpmn:SequenceFlow');
}
