/**
 * Editor modes and what each may change. A publisher edits everything; a department's duration editor sees the
 * diagram read-only and may change only step durations (amount and unit) and warning thresholds of its agency's
 * procedures; a viewer changes nothing. The modeler enforces this on every command, the API again on save.
 */
import type { Duration } from '../../../ir/index.js';
import { readDuration, type Diagnostic } from './compiler-shared.js';

export type EditorMode = 'full' | 'duration' | 'read-only';

/** motcua attributes a duration editor may change, per BPMN type of the step. */
export const DURATION_EDITABLE: Readonly<Record<string, readonly string[]>> = {
  'bpmn:UserTask': ['duration', 'durationUnit', 'warningAt'],
  'bpmn:CallActivity': ['duration', 'durationUnit'],
};

/** The attributes of an element of this (exact) BPMN type that the mode lets the user edit: 'all' or a list. */
export function editableAttributes(mode: EditorMode, bpmnType: string): 'all' | readonly string[] {
  if (mode === 'full') return 'all';
  if (mode === 'read-only') return [];
  return DURATION_EDITABLE[bpmnType] ?? [];
}

export function isAttributeEditable(mode: EditorMode, bpmnType: string, attribute: string): boolean {
  const allowed = editableAttributes(mode, bpmnType);
  return allowed === 'all' || allowed.includes(attribute.replace(/^motcua:/, ''));
}

/** A modeling command as the modeler's command stack sees it, reduced to what the rules look at. */
export interface CommandInfo {
  /** diagram-js command name, e.g. 'element.updateProperties', 'shape.move'. */
  command: string;
  /** BPMN type of the element changed (for property updates). */
  elementType?: string;
  /** Property names being set, e.g. ['motcua:duration']. */
  properties?: readonly string[];
}

const PROPERTY_COMMANDS = new Set(['element.updateProperties', 'element.updateModdleProperties']);

/**
 * Whether a command may run in this mode. In duration mode only property updates of editable attributes pass;
 * moving, creating, deleting, renaming and connecting are refused.
 */
export function isCommandAllowed(mode: EditorMode, info: CommandInfo): boolean {
  if (mode === 'full') return true;
  if (mode === 'read-only') return false;
  if (!PROPERTY_COMMANDS.has(info.command) || !info.elementType || !info.properties?.length) return false;
  return info.properties.every((p) => isAttributeEditable(mode, info.elementType as string, p));
}

/** A step as the diagram holds it: BPMN type and the raw motcua attributes. */
export interface StepDurationSource {
  id: string;
  name?: string;
  type: string;
  duration?: string;
  durationUnit?: string;
}

/**
 * The step durations of a model, as the API's duration edit takes them (step id → duration), read with the
 * compiler's own reader; steps whose duration cannot be read are reported instead.
 */
export function collectStepDurations(steps: readonly StepDurationSource[]): {
  durations: Record<string, Duration>;
  problems: Diagnostic[];
} {
  const durations: Record<string, Duration> = {};
  const problems: Diagnostic[] = [];
  for (const s of steps) {
    if (!(s.type in DURATION_EDITABLE)) continue;
    const read = readDuration(
      { id: s.id, name: s.name, duration: s.duration, durationUnit: s.durationUnit },
      false,
    );
    problems.push(...read.problems);
    if (read.value) durations[s.id] = read.value;
  }
  return { durations, problems };
}

/** Only the durations that differ from the published ones: what the change note is about. */
export function changedDurations(
  before: Record<string, Duration>,
  after: Record<string, Duration>,
): Record<string, Duration> {
  const out: Record<string, Duration> = {};
  for (const [id, d] of Object.entries(after)) {
    const old = before[id];
    if (!old || old.amount !== d.amount || old.unit !== d.unit) out[id] = d;
  }
  return out;
}
