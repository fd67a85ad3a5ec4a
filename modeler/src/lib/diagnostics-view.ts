/**
 * Server diagnostics (the compiler's output for a saved draft) arranged for display: the ones that name an element
 * of the diagram go onto that element, the rest (procedure.json, the file, the whole model) into a list.
 */
import type { Diagnostic, Severity } from './compiler-shared.js';

export interface ArrangedDiagnostics {
  byElement: Map<string, Diagnostic[]>;
  general: Diagnostic[];
  counts: Record<Severity, number>;
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** `hasElement` says whether an id is drawn in the diagram (ids of removed elements go to the general list). */
export function arrangeDiagnostics(
  diagnostics: readonly Diagnostic[],
  hasElement: (id: string) => boolean,
): ArrangedDiagnostics {
  const byElement = new Map<string, Diagnostic[]>();
  const general: Diagnostic[] = [];
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  const sorted = diagnostics
    .map((d, i) => ({ d, i }))
    .sort((a, b) => RANK[a.d.severity] - RANK[b.d.severity] || a.i - b.i);
  for (const { d } of sorted) {
    counts[d.severity]++;
    if (d.elementId !== undefined && hasElement(d.elementId)) {
      const list = byElement.get(d.elementId) ?? [];
      list.push(d);
      byElement.set(d.elementId, list);
    } else general.push(d);
  }
  return { byElement, general, counts };
}

/** The worst severity of a list (for the marker colour of an element). */
export function worstSeverity(list: readonly Diagnostic[]): Severity | undefined {
  let worst: Severity | undefined;
  for (const d of list) if (worst === undefined || RANK[d.severity] < RANK[worst]) worst = d.severity;
  return worst;
}
