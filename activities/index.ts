/**
 * The interpreter's activities, built by a factory so tests can pass fakes: `transition` (projection + calendar
 * in one call per step transition), `runPlugin` (the plugin host) and `loadProcedure` (call activities).
 */
import type { Knex } from '../db/index.js';
import type { PluginRegistry } from '../plugins/index.js';
import { computeCalendar, type CalendarFor } from './calendar-ops.js';
import { createCalendarSource } from './calendar-source.js';
import { applyTransition, fillDeadlines } from './projection.js';
import { loadPublishedProcedure } from './load-procedure.js';
import { runPluginAttempt } from './run-plugin.js';
import type {
  InterpreterActivities,
  PluginDescriptor,
  TransitionInput,
  TransitionResult,
} from '../workflows/index.js';

/** The workflow ↔ activity contract (defined beside the workflow, which must not import this folder). */
export type {
  CalendarRequest,
  CalendarResult,
  DossierPatch,
  EscalationRow,
  IncidentRow,
  InterpreterActivities,
  LoadedProcedure,
  LoadProcedureInput,
  PauseRow,
  PluginDescriptor,
  ProjectedEvent,
  RunPluginInput,
  TaskRow,
  TaskRowStatus,
  TransitionInput,
  TransitionResult,
} from '../workflows/index.js';
export { computeCalendar, type CalendarFor } from './calendar-ops.js';
export { createCalendarSource } from './calendar-source.js';
export { applyTransition, fillDeadlines } from './projection.js';

export interface ActivityDeps {
  knex: Knex;
  /** Calendar of an agency; default: from PostgreSQL (see createCalendarSource). */
  calendarFor?: CalendarFor;
  plugins: PluginRegistry;
}

export function createActivities(deps: ActivityDeps): InterpreterActivities {
  const calendarFor: CalendarFor = deps.calendarFor ?? createCalendarSource({ knex: deps.knex });
  const describe = (type: string): PluginDescriptor | null => {
    const entry = deps.plugins.get(type);
    return entry ? { type, timeoutMs: entry.timeoutMs, retry: entry.retry } : null;
  };
  return {
    async transition(input: TransitionInput): Promise<TransitionResult> {
      const calendar = await computeCalendar(input.calendar, calendarFor);
      fillDeadlines(input, calendar);
      const plugins: Record<string, PluginDescriptor | null> = {};
      for (const type of input.describePlugins) plugins[type] = describe(type);
      const applied = await applyTransition(deps.knex, input);
      return { calendar, plugins, applied };
    },
    runPlugin: (input) => runPluginAttempt(deps.plugins, input),
    loadProcedure: (input) => loadPublishedProcedure(deps.knex, input),
  };
}
export {
  createSupervisionActivities,
  type SupervisionDeps,
  type SupervisionScanResult,
} from './supervision-activities.js';
export {
  ORPHAN_WORKFLOW,
  ORPHAN_WORKFLOW_REASON,
  type OrphanWorkflowOptions,
  type OrphanWorkflowStats,
} from './supervision-orphans.js';
export { describeWorkflowTaskFailure, type WorkflowTaskFailure } from './supervision-temporal.js';
