/**
 * The contract between the interpreter workflow and its activities (projection batches, calendar requests, plugin
 * runs). Pure types, kept beside the workflow so workflow code needs no import from activities/.
 */
import type { Channel, Classification, CompiledProcedure, Duration, EndOutcome } from '../ir/index.js';

export interface ProjectedEvent {
  seq: number;
  type: string;
  /** ISO instant (workflow time). */
  at: string;
  nodeId?: string;
  actor?: string;
  payload: Record<string, unknown>;
  /** Fill `payload.warnAt` / `payload.dueAt` from this calendar request's result (instants[0] / instants[1]). */
  deadlineKey?: string;
  /** Fill `payload.appointmentAt` from this calendar request's result. */
  appointmentKey?: string;
}

export type TaskRowStatus = 'open' | 'claimed' | 'completed' | 'cancelled';

/**
 * A task as the workflow knows it. Assignment is not the workflow's: a claim or reassignment made in PostgreSQL
 * (store/task-assignments.ts) is kept when the workflow writes the row again with assignee null / status open.
 */
export interface TaskRow {
  taskId: string;
  nodeId: string;
  nameVi: string;
  nameEn: string | null;
  role: string;
  agency: string;
  assignee: string | null;
  status: TaskRowStatus;
  outcome: string | null;
  openedAt: string;
  warnAt: string | null;
  dueAt: string | null;
  completedAt: string | null;
  overdue: boolean;
  /** The step's allowed outcomes (written when the row is created). */
  outcomes: string[];
  /** Fill warnAt / dueAt from this calendar request's result. */
  deadlineKey?: string;
}

export interface DossierPatch {
  status: string;
  nationalStatus: number;
  currentStep: string | null;
  dueAt?: string | null;
  /** Fill dueAt from this calendar request's appointment. */
  appointmentKey?: string;
  finishedAt?: string;
  outcome?: EndOutcome;
  classification?: Classification | null;
  /** Fill classification from this calendar request's result. */
  classificationKey?: string;
  /** Set for call-activity children: their row lives in dossier_calls, not dossiers. */
  call?: {
    parentWorkflowId: string;
    parentNodeId: string;
    procedureCode: string;
    agencyCode: string;
    startedAt: string;
  };
}

export interface PauseRow {
  n: number;
  reason: string;
  actor: string;
  missing: string[];
  startedAt: string;
  endedAt: string | null;
  pausedWorkingMs: number | null;
}

export interface EscalationRow {
  escalationId: string;
  taskId: string;
  nodeId: string;
  toRole: string;
  agency: string;
  reason: string;
  actor: string;
  auto: boolean;
  at: string;
}

export interface IncidentRow {
  incidentId: string;
  nodeId: string;
  kind: string;
  message: string;
  status: 'open' | 'resolved';
  openedAt: string;
  resolvedAt: string | null;
}

/** Calendar work the workflow cannot do itself (the calendar is data, loaded in the worker). */
export type CalendarRequest =
  /** start + duration × each fraction (e.g. [0.75, 1] for warning and deadline). */
  | { key: string; op: 'add'; agency: string; start: string; duration: Duration; fractions: number[] }
  /** Counting start (cut-off rules unless applyCutoff is false) + legal duration; reminder one working day before. */
  | {
      key: string;
      op: 'appointment';
      agency: string;
      receivedAt: string;
      channel: Channel;
      cutoff: { paper: string; online: 'next-session' | 'immediate' };
      applyCutoff: boolean;
      duration: Duration;
    }
  /** One working day before a given appointment. */
  | { key: string; op: 'reminder'; agency: string; appointmentAt: string }
  /** Moves each instant by the working time between from and to (a pause). */
  | { key: string; op: 'shift'; agency: string; from: string; to: string; instants: Record<string, string> }
  /** Early / on time / late; appointmentAt may come from an earlier request of the same batch. */
  | {
      key: string;
      op: 'classify';
      agency: string;
      finishedAt: string;
      appointmentAt?: string;
      appointmentKey?: string;
    };

export interface CalendarResult {
  instants?: string[];
  countingStart?: string;
  appointmentAt?: string;
  reminderAt?: string;
  pausedWorkingMs?: number;
  shifted?: Record<string, string>;
  classification?: Classification;
}

/** How the workflow runs a plugin: what the registry says about it. */
export interface PluginDescriptor {
  type: string;
  timeoutMs: number;
  retry: {
    maximumAttempts: number;
    initialIntervalMs: number;
    backoffCoefficient: number;
    maximumIntervalMs: number;
  };
}

export interface TransitionInput {
  workflowId: string;
  dossierId: string;
  dossierCode: string;
  /** Set for call-activity children (their row is in dossier_calls). */
  parentWorkflowId?: string;
  events: ProjectedEvent[];
  tasks: TaskRow[];
  dossier?: DossierPatch;
  pauses: PauseRow[];
  escalations: EscalationRow[];
  incidents: IncidentRow[];
  calendar: CalendarRequest[];
  /** Plugin types whose descriptors the workflow needs (unknown types come back null). */
  describePlugins: string[];
}

export interface TransitionResult {
  calendar: Record<string, CalendarResult>;
  plugins: Record<string, PluginDescriptor | null>;
  /** False when this batch had been applied before (a retry or replay): nothing was written again. */
  applied: boolean;
}

export interface RunPluginInput {
  type: string;
  input: Record<string, unknown>;
  workflowId: string;
  dossierId: string;
  dossierCode: string;
  nodeId: string;
  /** Stable across retries: plugins pass it on (e.g. an Idempotency-Key header) so side effects happen once. */
  idempotencyKey: string;
}

export interface LoadProcedureInput {
  code: string;
  /** Level preference when several procedures share the code (province/district/commune). */
  level?: string;
}

export interface LoadedProcedure {
  procedureVersionId: number;
  compiled: CompiledProcedure;
  agencyCode: string;
}

/** The activity interface the workflow proxies. */
export interface InterpreterActivities {
  transition(input: TransitionInput): Promise<TransitionResult>;
  runPlugin(input: RunPluginInput): Promise<unknown>;
  loadProcedure(input: LoadProcedureInput): Promise<LoadedProcedure>;
}
