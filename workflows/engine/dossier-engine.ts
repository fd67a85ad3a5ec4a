/**
 * The IR interpreter as a pure state machine: tokens move through the nodes of one compiled procedure in model
 * order; human operations, timers and activity results are inputs; projection batches, calendar requests and
 * side effects (plugins, child dossiers) are outputs. No Temporal import here: the workflow (dossier-workflow.ts)
 * feeds it workflow time and carries its outputs out, so the same inputs always give the same history.
 *
 * This class is the facade: the state lives in one typed structure (state.ts) and each concern in its module
 * (README.md of this folder maps them). Conventions: every change appends at least one event (events carry a
 * gap-free seq, the projection's idempotency key); times are epoch milliseconds of workflow time; ids are
 * deterministic (`<nodeId>#<n>` activations).
 */
import type { DossierStatus, ProcedureIr } from '../../ir/index.js';
import type { TransitionInput, TransitionResult } from '../activity-contract.js';
import type {
  ApologizeArgs,
  ClaimTaskArgs,
  CompleteTaskArgs,
  DossierStateView,
  DossierWorkflowInput,
  DossierWorkflowResult,
  EscalateArgs,
  OpenTaskView,
  ParentPausedArgs,
  PaymentReceivedArgs,
  ReassignTaskArgs,
  RequestPaymentArgs,
  RequestSupplementArgs,
  ReturnTaskArgs,
  RetryIncidentArgs,
  SupplementReceivedArgs,
} from '../definitions.js';
import * as appointment from './appointment.js';
import * as calls from './calls.js';
import { fireTimers } from './clock.js';
import * as escalations from './escalations.js';
import { hasOpenIncident, validateRetry } from './incidents.js';
import * as lifecycle from './lifecycle.js';
import * as outbox from './outbox.js';
import * as pauses from './pauses.js';
import * as payments from './payments.js';
import { advance, retryIncident } from './routing.js';
import * as services from './services.js';
import { createState, type ChildStarted, type Effect, type EngineState } from './state.js';
import { isPaused } from './status.js';
import * as tasks from './tasks.js';
import { nextTimerAt } from './timers.js';
import { currentSteps } from './tokens.js';
import * as views from './views.js';

/** Switches for interpreter changes that alter commands of running dossiers (workflow: `wf.patched`). */
export interface EngineOptions {
  /** Whether the change `id` applies; default true (a new dossier, or the engine outside Temporal). */
  patched?: (id: string) => boolean;
}

export class DossierEngine {
  readonly ir: ProcedureIr;
  /** The whole state: the modules take it, nothing outside the engine reads it. */
  private readonly state: EngineState;

  constructor(
    readonly input: DossierWorkflowInput,
    readonly workflowId: string,
    options: EngineOptions = {},
  ) {
    this.state = createState(input, workflowId, options.patched ?? (() => true));
    this.ir = this.state.model.ir;
  }

  // --- the workflow loop ---------------------------------------------------------------------------------------

  start(now: number): void {
    lifecycle.start(this.state, now);
  }

  /** Moves every ready token until it waits (task, timer, service, call, join, incident) or ends. */
  advance(now: number): void {
    advance(this.state, now);
  }

  /** Whether the workflow must run another advance/flush round before waiting. */
  hasWork(): boolean {
    return this.state.tokens.ready.length > 0 || outbox.hasOutput(this.state);
  }

  /** The next batch for the projection activity, or undefined when there is nothing to write. */
  takeBatch(): TransitionInput | undefined {
    return outbox.takeBatch(this.state);
  }

  /** Applies what the projection activity answered (calendar instants, plugin descriptors). */
  applyBatchResult(now: number, batch: TransitionInput, result: TransitionResult): void {
    services.launchDescribed(this.state, now, outbox.applyBatchResult(this.state, batch, result));
  }

  takeEffects(): Effect[] {
    return outbox.takeEffects(this.state);
  }

  /** The earliest instant a timer waits for; none while the clocks are paused. */
  nextTimerAt(): number | undefined {
    return nextTimerAt(this.state);
  }

  /** Fires every timer due at `now`, earliest first (ties in creation order). */
  fireTimers(now: number): void {
    fireTimers(this.state, now);
  }

  get isFinished(): boolean {
    return this.state.dossier.finished !== undefined;
  }

  /** The workflow result, once the final classification is known. */
  get result(): DossierWorkflowResult | undefined {
    const d = this.state.dossier;
    return d.finished && !d.classificationPending ? d.finished : undefined;
  }

  get lastSeq(): number {
    return this.state.outbox.seq;
  }

  get flushedSeq(): number {
    return this.state.outbox.projectedSeq;
  }

  // --- human tasks (updates: validate, then apply) ----------------------------------------------------------------

  validateClaim(args: ClaimTaskArgs): void {
    tasks.validateClaim(this.state, args);
  }
  claim(now: number, args: ClaimTaskArgs): void {
    tasks.claim(this.state, now, args);
  }
  validateComplete(args: CompleteTaskArgs): void {
    tasks.validateComplete(this.state, args);
  }
  complete(now: number, args: CompleteTaskArgs): void {
    tasks.complete(this.state, now, args);
  }
  validateReturn(args: ReturnTaskArgs): void {
    tasks.validateReturn(this.state, args);
  }
  returnTo(now: number, args: ReturnTaskArgs): void {
    tasks.returnTo(this.state, now, args);
  }
  validateReassign(args: ReassignTaskArgs): void {
    tasks.validateReassign(this.state, args);
  }
  reassign(now: number, args: ReassignTaskArgs): void {
    tasks.reassign(this.state, now, args);
  }
  validateEscalate(args: EscalateArgs): void {
    escalations.validateEscalate(this.state, args);
  }
  escalate(now: number, args: EscalateArgs): void {
    escalations.escalate(this.state, now, args);
  }

  // --- plugin runs and child dossiers (results of the workflow's activities and children) -------------------------

  onServiceResult(now: number, activation: string, attempt: number, output: unknown): void {
    services.onServiceResult(this.state, now, activation, attempt, output);
  }
  onServiceFailure(now: number, activation: string, attempt: number, message: string): void {
    services.onServiceFailure(this.state, now, activation, attempt, message);
  }
  onCallStarted(now: number, activation: string, attempt: number, child: ChildStarted): void {
    calls.onCallStarted(this.state, now, activation, attempt, child);
  }
  onCallResult(now: number, activation: string, attempt: number, result: DossierWorkflowResult): void {
    calls.onCallResult(this.state, now, activation, attempt, result);
  }
  onCallFailure(now: number, activation: string, attempt: number, message: string): void {
    calls.onCallFailure(this.state, now, activation, attempt, message);
  }

  // --- the dossier's lifecycle: pauses, payments, apology, ends, incidents -----------------------------------------

  get paused(): boolean {
    return isPaused(this.state);
  }
  validateRequestSupplement(args: RequestSupplementArgs): void {
    pauses.validateRequestSupplement(this.state, args);
  }
  requestSupplement(now: number, args: RequestSupplementArgs): void {
    pauses.requestSupplement(this.state, now, args);
  }
  supplementReceived(now: number, args: SupplementReceivedArgs): void {
    pauses.supplementReceived(this.state, now, args);
  }
  /** The parent dossier paused: so do this one's clocks (ignored when already paused or finished). */
  parentPaused(now: number, args: ParentPausedArgs): void {
    pauses.parentPaused(this.state, now, args);
  }
  /** The parent dossier resumed: end the pause it caused (not one of this dossier's own). */
  parentResumed(now: number, args: SupplementReceivedArgs): void {
    pauses.parentResumed(this.state, now, args);
  }
  validateRequestPayment(args: RequestPaymentArgs): void {
    payments.validateRequestPayment(this.state, args);
  }
  requestPayment(now: number, args: RequestPaymentArgs): void {
    payments.requestPayment(this.state, now, args);
  }
  paymentReceived(now: number, args: PaymentReceivedArgs): void {
    payments.paymentReceived(this.state, now, args);
  }
  /** `now`: workflow time (an apology must come one working day before the appointment at the latest). */
  validateApologize(args: ApologizeArgs, now: number): void {
    appointment.validateApologize(this.state, args, now);
  }
  apologize(now: number, args: ApologizeArgs): void {
    appointment.apologize(this.state, now, args);
  }
  validateEnd(args: { actor: string; reason: string }): void {
    lifecycle.validateEnd(this.state, args);
  }
  /** Withdrawal, stop or refusal by a person: the dossier ends now, whatever the model. */
  endBy(
    now: number,
    outcome: 'withdrawn' | 'stopped' | 'refused',
    args: { actor: string; reason: string },
  ): void {
    lifecycle.endBy(this.state, now, outcome, args);
  }
  /** The workflow itself was cancelled (Temporal cancel request, or a parent dossier that ended). */
  cancelled(now: number, reason: string): void {
    lifecycle.cancelled(this.state, now, reason);
  }
  validateRetry(args: RetryIncidentArgs): void {
    validateRetry(this.state, args);
  }
  retryIncident(now: number, args: RetryIncidentArgs): void {
    retryIncident(this.state, now, args);
  }

  // --- views ----------------------------------------------------------------------------------------------------

  /** Node ids where the dossier currently is: open tasks, running plugins and calls. */
  currentSteps(): string[] {
    return currentSteps(this.state);
  }
  openTasks(): OpenTaskView[] {
    return views.openTasks(this.state);
  }
  get currentStatus(): DossierStatus {
    return this.state.dossier.status;
  }
  get dossierOverdue(): boolean {
    return this.state.dossier.overdue;
  }
  get appointment(): number | undefined {
    return this.state.dossier.appointmentAt;
  }
  get hasOpenIncident(): boolean {
    return hasOpenIncident(this.state);
  }
  /** Earliest deadline among open tasks (the step due instant supervisors sort by). */
  stepDueAt(): number | undefined {
    return views.stepDueAt(this.state);
  }
  anyOverdue(): boolean {
    return views.anyOverdue(this.state);
  }
  snapshot(): DossierStateView {
    return views.snapshot(this.state);
  }
}
