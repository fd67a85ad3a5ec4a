/**
 * The one state of a dossier's interpreter, as slices. Every module takes the whole state (`s`) but writes only the
 * slices it owns; the table says who (README.md of this folder has the same map):
 *
 * | slice       | written by                                             | what                                          |
 * | ----------- | ------------------------------------------------------ | --------------------------------------------- |
 * | `model`     | createState (immutable)                                | nodes, flows, reachability of the IR          |
 * | `dossier`   | lifecycle, status, tasks, services, calls, appointment | status, data, variables, appointment, result  |
 * | `tokens`    | tokens (and the element modules moving them)           | live tokens, ready queue, activation counters |
 * | `tasks`     | tasks, escalations                                     | human tasks, their deadline requests          |
 * | `timers`    | timers (add/clear), pauses (shift)                     | pending timers                                |
 * | `services`  | services, incidents (attempt counts)                   | running plugins, plugin descriptors           |
 * | `calls`     | calls                                                  | child dossiers being run                      |
 * | `incidents` | incidents                                              | incidents and what they stopped               |
 * | `pauses`    | pauses, payments                                       | supplement and payment pauses, receipts       |
 * | `outbox`    | outbox, rows                                           | events, dirty rows, calendar requests, effects |
 */
import type { CallActivityNode, DossierStatus, EndOutcome, ServiceTaskNode } from '../../ir/index.js';
import type {
  CalendarRequest,
  CalendarResult,
  DossierPatch,
  PluginDescriptor,
  ProjectedEvent,
} from '../activity-contract.js';
import type {
  DossierWorkflowInput,
  DossierWorkflowResult,
  IncidentView,
  ParentPausedArgs,
  PauseKind,
  PaymentItem,
  PaymentReceivedArgs,
  SupplementReceivedArgs,
  UserTaskWithForm,
} from '../definitions.js';
import { createModel, type Model } from './model.js';

export type Wait =
  | { kind: 'ready' }
  | { kind: 'task'; activation: string }
  | { kind: 'service'; activation: string }
  | { kind: 'call'; activation: string }
  | { kind: 'timer'; timerId: string }
  | { kind: 'join' }
  | { kind: 'incident'; incidentId: string };

export interface Token {
  id: number;
  nodeId: string;
  /** Flow the token arrived by (joins count arrivals per incoming flow). */
  via?: string;
  /** User tasks completed on this token's path, for "return to a previous step". */
  trail: string[];
  wait: Wait;
}

export interface Task {
  taskId: string;
  node: UserTaskWithForm;
  tokenId: number;
  agency: string;
  assignee: string | null;
  status: 'open' | 'claimed' | 'completed' | 'cancelled';
  outcome: string | null;
  openedAt: number;
  warnAt?: number;
  dueAt?: number;
  completedAt?: number;
  overdue: boolean;
  escalatedTo: string | null;
}

export type TimerKind =
  'task-warn' | 'task-due' | 'boundary' | 'intermediate' | 'call-due' | 'appointment' | 'apology-reminder';

export interface Timer {
  id: string;
  kind: TimerKind;
  /** Unknown until the calendar answered. */
  at?: number;
  /** Activation (task / service / call id) the timer belongs to. */
  activation?: string;
  tokenId?: number;
  /** Boundary event or intermediate timer node. */
  nodeId?: string;
}

export interface ServiceCall {
  activation: string;
  node: ServiceTaskNode;
  tokenId: number;
  attempt: number;
  input: Record<string, unknown>;
  state: 'describing' | 'running';
}

export interface CallState {
  activation: string;
  node: CallActivityNode;
  tokenId: number;
  attempt: number;
  childWorkflowId: string;
  childCode: string;
  dueAt?: number;
  overdue: boolean;
}

export interface Incident {
  id: string;
  nodeId: string;
  tokenId: number;
  kind: IncidentView['kind'];
  message: string;
  status: 'open' | 'resolved';
  openedAt: number;
  resolvedAt?: number;
}

export interface Pause {
  n: number;
  kind: PauseKind;
  start: number;
  end?: number;
  reason: string;
  actor: string;
  missing: string[];
  pausedWorkingMs?: number;
  /** Paused because the parent dossier paused (its resume ends it). */
  fromParent: boolean;
  /** Financial obligation: amount requested and its lines. */
  amount?: number;
  items?: PaymentItem[];
}

export interface Escalation {
  id: string;
  taskId: string;
  nodeId: string;
  toRole: string;
  agency: string;
  reason: string;
  actor: string;
  auto: boolean;
  at: number;
}

/** Side effects the workflow carries out. */
export type Effect =
  | {
      kind: 'run-plugin';
      activation: string;
      attempt: number;
      nodeId: string;
      descriptor: PluginDescriptor;
      input: Record<string, unknown>;
    }
  | {
      kind: 'start-call';
      activation: string;
      attempt: number;
      nodeId: string;
      procedure: string;
      agency?: string;
      childWorkflowId: string;
      childCode: string;
      /** Dossier data handed to the child (a copy at call time). */
      data: Record<string, unknown>;
    }
  | { kind: 'cancel'; activation: string }
  /** A supplement pause of this dossier pauses its child dossiers' clocks too. */
  | { kind: 'pause-child'; childWorkflowId: string; args: ParentPausedArgs }
  | { kind: 'resume-child'; childWorkflowId: string; args: SupplementReceivedArgs };

export interface ChildStarted {
  childWorkflowId: string;
  procedureCode: string;
  procedureVersionId: number;
  agencyCode: string;
}

/** The dossier as a whole: status phases, variables FEEL sees, the appointment, the result. */
export interface DossierSlice {
  status: DossierStatus;
  statusBeforePause: DossierStatus;
  /** A non-reception step has opened once (the next reception step means "processed"). */
  processedOnce: boolean;
  data: Record<string, unknown>;
  readonly taskResults: Record<string, { outcome: string | null; data: Record<string, unknown> }>;
  readonly callResults: Record<string, { outcome: string; classification: string | null }>;
  lastOutcome: string | null;
  /** Who completed each node last: returned work goes back to them. */
  readonly lastAssignee: Map<string, string>;
  appointmentAt?: number;
  /** The appointment before any apology (moved by pauses only): what classification compares with. */
  originalAppointmentAt?: number;
  apologized: boolean;
  /** The apology reminder fired: one working day before the appointment has passed, an apology is too late. */
  apologyWindowClosed: boolean;
  overdue: boolean;
  finished?: DossierWorkflowResult;
  classificationPending: boolean;
  lastEndOutcome: EndOutcome | null;
}

export interface TokenSlice {
  readonly byId: Map<number, Token>;
  /** FIFO of tokens to move. */
  readonly ready: number[];
  nextId: number;
  /** Activations per node: ids are `<nodeId>#<n>`. */
  readonly activations: Map<string, number>;
}

export interface TaskSlice {
  readonly byId: Map<string, Task>;
  /** Calendar request that answers each task's deadline (the row carries it until it is known). */
  readonly deadlineKeys: Map<string, string>;
  readonly escalations: Escalation[];
  nextEscalation: number;
}

export interface TimerSlice {
  readonly byId: Map<string, Timer>;
  /** A pause ended and the calendar has not yet moved the deadlines: no timer may fire. */
  shiftPending: boolean;
}

export interface ServiceSlice {
  readonly byActivation: Map<string, ServiceCall>;
  /** What the worker's registry said of each plugin type (null: not installed). */
  readonly descriptors: Map<string, PluginDescriptor | null>;
  /** Plugin types to ask the registry about in the next batch. */
  describeRequests: Set<string>;
  /** Attempts per activation, kept across incidents so a retry counts on. */
  readonly attempts: Map<string, number>;
}

export interface CallSlice {
  readonly byActivation: Map<string, CallState>;
}

export interface IncidentSlice {
  readonly byId: Map<string, Incident>;
  /** The plugin run or child call an incident stopped (a retry runs it again). */
  readonly activations: Map<string, string>;
  nextId: number;
}

export interface PauseSlice {
  readonly list: Pause[];
  readonly payments: PaymentReceivedArgs[];
}

export interface OutboxSlice {
  seq: number;
  projectedSeq: number;
  readonly timeline: ProjectedEvent[];
  pendingEvents: ProjectedEvent[];
  readonly dirtyTasks: Set<string>;
  readonly dirtyPauses: Set<number>;
  readonly dirtyEscalations: Set<string>;
  readonly dirtyIncidents: Set<string>;
  dossierDirty: boolean;
  dossierExtra: Partial<DossierPatch>;
  calendarRequests: CalendarRequest[];
  readonly calendarHandlers: Map<string, (r: CalendarResult) => void>;
  nextCalendarKey: number;
  effects: Effect[];
}

export interface EngineState {
  readonly input: DossierWorkflowInput;
  readonly workflowId: string;
  /** Whether the interpreter change `id` applies (workflow: `wf.patched`). */
  readonly patched: (id: string) => boolean;
  readonly model: Model;
  readonly dossier: DossierSlice;
  readonly tokens: TokenSlice;
  readonly tasks: TaskSlice;
  readonly timers: TimerSlice;
  readonly services: ServiceSlice;
  readonly calls: CallSlice;
  readonly incidents: IncidentSlice;
  readonly pauses: PauseSlice;
  readonly outbox: OutboxSlice;
}

export function createState(
  input: DossierWorkflowInput,
  workflowId: string,
  patched: (id: string) => boolean,
): EngineState {
  return {
    input,
    workflowId,
    patched,
    model: createModel(input.compiled.ir),
    dossier: {
      status: 'accepted',
      statusBeforePause: 'accepted',
      processedOnce: false,
      data: { ...input.data },
      taskResults: {},
      callResults: {},
      lastOutcome: null,
      lastAssignee: new Map(),
      apologized: false,
      apologyWindowClosed: false,
      overdue: false,
      classificationPending: false,
      lastEndOutcome: null,
    },
    tokens: { byId: new Map(), ready: [], nextId: 1, activations: new Map() },
    tasks: { byId: new Map(), deadlineKeys: new Map(), escalations: [], nextEscalation: 1 },
    timers: { byId: new Map(), shiftPending: false },
    services: {
      byActivation: new Map(),
      descriptors: new Map(),
      describeRequests: new Set(),
      attempts: new Map(),
    },
    calls: { byActivation: new Map() },
    incidents: { byId: new Map(), activations: new Map(), nextId: 1 },
    pauses: { list: [], payments: [] },
    outbox: {
      seq: 0,
      projectedSeq: 0,
      timeline: [],
      pendingEvents: [],
      dirtyTasks: new Set(),
      dirtyPauses: new Set(),
      dirtyEscalations: new Set(),
      dirtyIncidents: new Set(),
      dossierDirty: true,
      dossierExtra: {},
      calendarRequests: [],
      calendarHandlers: new Map(),
      nextCalendarKey: 1,
      effects: [],
    },
  };
}

export const iso = (ms: number): string => new Date(ms).toISOString();
export const isoOrNull = (ms: number | undefined): string | null => (ms === undefined ? null : iso(ms));
