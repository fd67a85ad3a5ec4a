/** BPMN front end: parse safely, choose the process, lint (bpmnlint + motcua plugin), lower to IR. */
import { diag, hasErrors, type Diagnostic } from '../diagnostics.js';
import type { Limits } from '../limits.js';
import { lintProcess } from '../lint/linter.js';
import { buildFromProcess, type BpmnBuild } from './build.js';
import { parseBpmn } from './parse.js';
import { selectProcess } from './process.js';

export async function buildFromBpmn(
  xml: string,
  limits: Limits,
): Promise<{ build?: BpmnBuild; diagnostics: Diagnostic[] }> {
  const parsed = await parseBpmn(xml, limits);
  const diagnostics = [...parsed.diagnostics];
  if (!parsed.definitions || hasErrors(diagnostics.filter((d) => d.code !== 'MC009' && d.code !== 'MC010'))) {
    return { diagnostics };
  }
  const selected = selectProcess(parsed.definitions);
  // A flow whose unresolved reference was reported (MC009) needs no second diagnostic.
  const unresolved = new Set(diagnostics.filter((d) => d.code === 'MC009').map((d) => d.elementId));
  diagnostics.push(
    ...selected.diagnostics.filter((d) => !(d.code === 'MC022' && unresolved.has(d.elementId))),
  );
  const process = selected.process;
  if (!process) return { diagnostics };
  const count = (process.flowElements ?? []).length as number;
  if (count > limits.maxNodes) {
    diagnostics.push(diag('MC020', { count, limit: limits.maxNodes }, { elementId: String(process.id) }));
    return { diagnostics };
  }
  // Elements inside unsupported containers (sub-processes) are reported once, as the container: drop the rest.
  const elements = (process.flowElements ?? []) as Array<{ id?: string; $type?: string }>;
  const direct = new Set<string>([String(process.id), ...elements.map((e) => String(e.id))]);
  // Several flows into one end event are harmless (each just ends): bpmnlint's fake-join is kept for the rest.
  const ends = new Set(elements.filter((e) => e.$type === 'bpmn:EndEvent').map((e) => String(e.id)));
  const lint = (await lintProcess(process)).filter(
    (d) =>
      (d.elementId === undefined || direct.has(d.elementId)) &&
      !(d.code === 'MC807' && ends.has(d.elementId ?? '')),
  );
  // Report in model order (then rule order), which is how people read a diagram's problems.
  const order = new Map<string, number>();
  ((process.flowElements ?? []) as Array<{ id?: string }>).forEach((e, i) => order.set(String(e.id), i));
  const rank = (d: Diagnostic): number => (d.elementId !== undefined ? (order.get(d.elementId) ?? -1) : -1);
  lint
    .map((d, i) => ({ d, i }))
    .sort((a, b) => rank(a.d) - rank(b.d) || a.i - b.i)
    .forEach(({ d }) => diagnostics.push(d));
  return { build: buildFromProcess(process), diagnostics };
}
