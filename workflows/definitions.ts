/**
 * The public surface of the dossier interpreter workflow for its callers (API, tests, bench): input and result
 * types, and the update / signal / query definitions. Imports only `@temporalio/workflow` and ir types so that
 * both workflow code and the API can import it.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  Channel,
  Classification,
  CompiledProcedure,
  DossierStatus,
  EndOutcome,
  LocalizedText,
  UserTaskNode,
} from '../ir/index.js';

export interface DossierWorkflowInput {
  dossierId: string;
  dossierCode: string;
  procedureVersionId: number;
  /** IR travels in the input: the dossier is pinned to it forever. */
  compiled: CompiledProcedure;
  channel: Channel;
  /** ISO instant. */
  receivedAt: string;
  /** Legal deadline computed at intake (ISO) — the interpreter computes it from the calendar if absent. */
  appointmentAt?: string;
  /** The procedure's agency (or the one a parent call passed). */
  agencyCode: string;
  data: Record<string, unknown>;
  applicantType: 'person' | 'organisation';
  /** Set for call-activity children. */
  parent?: { workflowId: string; nodeId: string };
}

export interface DossierWorkflowResult {
  outcome: EndOutcome;
  classification?: Classification;
  finishedAt: string;
}

/**
 * A user task may carry the JSON Schema of its completion form inline (the compiler resolves `form` to it).
 * Optional: without it the interpreter only checks that `data` is an object.
 */
export type UserTaskWithForm = UserTaskNode & { formSchema?: Record<string, unknown> };

// ---------------------------------------------------------------------------------------------------------------
// Update, signal and query arguments
// ---------------------------------------------------------------------------------------------------------------

export interface ClaimTaskArgs {
  taskId: string;
  userId: string;
}
export interface CompleteTaskArgs {
  taskId: string;
  userId: string;
  outcome: string;
  data?: Record<string, unknown>;
}
export interface ReturnTaskArgs {
  taskId: string;
  userId: string;
  /** A user task this task's path went through earlier. */
  toNodeId: string;
  reason: string;
}
export interface ReassignTaskArgs {
  taskId: string;
  actor: string;
  assignee: string;
  reason?: string;
}
export interface RequestSupplementArgs {
  actor: string;
  reason: string;
  missing: string[];
}
export interface ApologizeArgs {
  actor: string;
  reason: string;
  /** ISO instant, later than the current appointment. */
  newAppointmentAt: string;
}
export interface ActorReasonArgs {
  actor: string;
  reason: string;
}
export interface EscalateArgs {
  actor: string;
  taskId: string;
  toRole: string;
  reason: string;
}
export interface RetryIncidentArgs {
  actor: string;
  incidentId: string;
}
export interface SupplementReceivedArgs {
  actor: string;
  documents: string[];
  note?: string;
}
export interface PaymentReceivedArgs {
  receiptNo: string;
  amount: number;
}
/** One line of a financial obligation (a fee, a charge, a land-use levy...). */
export interface PaymentItem {
  name: string;
  amount: number;
}
export interface RequestPaymentArgs {
  actor: string;
  reason: string;
  /** Total to pay (VND), > 0. */
  amount: number;
  items?: PaymentItem[];
}
/** What pauses a dossier's clocks: a supplement request (status 5) or a financial obligation (status 6). */
export type PauseKind = 'supplement' | 'payment';
/** A parent dossier's pause reaching a child; `kind` absent = supplement (what older parents send). */
export interface ParentPausedArgs extends RequestSupplementArgs {
  kind?: PauseKind;
  amount?: number;
  items?: PaymentItem[];
}

// ---------------------------------------------------------------------------------------------------------------
// Views returned by updates and the query
// ---------------------------------------------------------------------------------------------------------------

export interface OpenTaskView {
  taskId: string;
  nodeId: string;
  name: LocalizedText;
  role: string;
  agency: string;
  assignee: string | null;
  openedAt: string;
  warnAt: string | null;
  dueAt: string | null;
  overdue: boolean;
  outcomes: string[];
  escalatedTo: string | null;
}

export interface TokenView {
  id: number;
  nodeId: string;
  /** What the token waits for: task, timer, service, call, join, incident. */
  waiting: string;
}

export interface PauseView {
  kind: PauseKind;
  start: string;
  end?: string;
  reason: string;
  actor: string;
  missing: string[];
  /** Financial obligation only: the amount requested and its lines. */
  amount?: number;
  items?: PaymentItem[];
  /** Working time the pause lasted (ms of the calendar), known once it ended. */
  pausedWorkingMs?: number;
}

export interface EscalationView {
  id: string;
  taskId: string;
  nodeId: string;
  toRole: string;
  reason: string;
  actor: string;
  auto: boolean;
  at: string;
}

export interface IncidentView {
  id: string;
  nodeId: string;
  kind: 'plugin-failed' | 'unknown-plugin' | 'no-route' | 'expression-failed' | 'call-failed' | 'loop';
  message: string;
  status: 'open' | 'resolved';
  openedAt: string;
  resolvedAt?: string;
}

export interface TimelineEntry {
  seq: number;
  type: string;
  at: string;
  nodeId?: string;
  actor?: string;
  payload: Record<string, unknown>;
}

export interface DossierStateView {
  workflowId: string;
  dossierCode: string;
  status: DossierStatus;
  nationalStatus: number;
  tokens: TokenView[];
  openTasks: OpenTaskView[];
  pauses: PauseView[];
  escalations: EscalationView[];
  incidents: IncidentView[];
  appointmentAt: string | null;
  /** Appointment before any apology (classification compares with it). */
  originalAppointmentAt: string | null;
  apologized: boolean;
  overdue: boolean;
  finished: DossierWorkflowResult | null;
  payments: PaymentReceivedArgs[];
  timeline: TimelineEntry[];
}

/** What every update returns: a small summary of the dossier after the change (projected already). */
export interface UpdateResult {
  status: DossierStatus;
  nationalStatus: number;
  openTasks: OpenTaskView[];
  /** Last projected event sequence: the dossier_events rows up to it exist. */
  seq: number;
}

// ---------------------------------------------------------------------------------------------------------------
// Definitions (names are part of the API contract)
// ---------------------------------------------------------------------------------------------------------------

export const claimTaskUpdate = defineUpdate<UpdateResult, [ClaimTaskArgs]>('claimTask');
export const completeTaskUpdate = defineUpdate<UpdateResult, [CompleteTaskArgs]>('completeTask');
export const returnTaskUpdate = defineUpdate<UpdateResult, [ReturnTaskArgs]>('returnTask');
export const reassignTaskUpdate = defineUpdate<UpdateResult, [ReassignTaskArgs]>('reassignTask');
export const requestSupplementUpdate = defineUpdate<UpdateResult, [RequestSupplementArgs]>(
  'requestSupplement',
);
export const requestPaymentUpdate = defineUpdate<UpdateResult, [RequestPaymentArgs]>('requestPayment');
export const apologizeUpdate = defineUpdate<UpdateResult, [ApologizeArgs]>('apologize');
export const stopDossierUpdate = defineUpdate<UpdateResult, [ActorReasonArgs]>('stopDossier');
export const withdrawDossierUpdate = defineUpdate<UpdateResult, [ActorReasonArgs]>('withdrawDossier');
export const refuseDossierUpdate = defineUpdate<UpdateResult, [ActorReasonArgs]>('refuseDossier');
export const escalateUpdate = defineUpdate<UpdateResult, [EscalateArgs]>('escalate');
export const retryIncidentUpdate = defineUpdate<UpdateResult, [RetryIncidentArgs]>('retryIncident');

export const supplementReceivedSignal = defineSignal<[SupplementReceivedArgs]>('supplementReceived');
export const paymentReceivedSignal = defineSignal<[PaymentReceivedArgs]>('paymentReceived');

/** Internal: a parent dossier's pause (supplement or payment) reaching its child dossiers (inter-agency calls). */
export const parentPausedSignal = defineSignal<[ParentPausedArgs]>('parentPaused');
export const parentResumedSignal = defineSignal<[SupplementReceivedArgs]>('parentResumed');

export const dossierStateQuery = defineQuery<DossierStateView>('dossierState');

/**
 * Error types an update validator rejects with (ApplicationFailure.type). Messages are Vietnamese / English;
 * the API maps the type to an HTTP status (not-found → 404, the rest → 409/422).
 */
export const REJECTIONS = {
  TASK_NOT_FOUND: 'task-not-found',
  TASK_NOT_OPEN: 'task-not-open',
  NOT_ASSIGNEE: 'not-assignee',
  UNKNOWN_OUTCOME: 'unknown-outcome',
  INVALID_FORM_DATA: 'invalid-form-data',
  INVALID_ARGUMENT: 'invalid-argument',
  DOSSIER_FINISHED: 'dossier-finished',
  DOSSIER_PAUSED: 'dossier-paused',
  ALREADY_PAUSED: 'already-paused',
  PAYMENT_ALREADY_REQUESTED: 'payment-already-requested',
  ALREADY_APOLOGIZED: 'already-apologized',
  APOLOGY_TOO_LATE: 'apology-too-late',
  INVALID_RETURN_TARGET: 'invalid-return-target',
  INCIDENT_NOT_FOUND: 'incident-not-found',
} as const;
export type RejectionType = (typeof REJECTIONS)[keyof typeof REJECTIONS];
