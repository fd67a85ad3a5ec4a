/**
 * The IR interpreter as a pure state machine: tokens move through the nodes of one compiled procedure in model
 * order; human operations, timers and activity results are inputs; projection batches, calendar requests and
 * side effects (plugins, child dossiers) are outputs. No Temporal import here: the workflow (dossier-workflow.ts)
 * feeds it workflow time and carries its outputs out, so the same inputs always give the same history.
 *
 * Conventions: every change appends at least one event (events carry a gap-free seq, the projection's idempotency
 * key); times are epoch milliseconds of workflow time; ids are deterministic (`<nodeId>#<n>` activations).
 */
import type {
  BoundaryTimerEventNode,
  CallActivityNode,
  Classification,
  DossierStatus,
  Duration,
  EndOutcome,
  GatewayNode,
  IrFlow,
  IrNode,
  ProcedureIr,
  ServiceTaskNode,
  TimerEventNode,
  UserTaskNode,
} from '../ir/index.js';
import { NATIONAL_STATUS } from '../ir/index.js';
import type {
  CalendarRequest,
  CalendarResult,
  DossierPatch,
  EscalationRow,
  IncidentRow,
  PauseRow,
  PluginDescriptor,
  ProjectedEvent,
  TaskRow,
  TransitionInput,
  TransitionResult,
} from './activity-contract.js';
import type {
  ApologizeArgs,
  ClaimTaskArgs,
  CompleteTaskArgs,
  DossierStateView,
  DossierWorkflowInput,
  DossierWorkflowResult,
  EscalateArgs,
  IncidentView,
  OpenTaskView,
  ParentPausedArgs,
  PauseKind,
  PaymentItem,
  PaymentReceivedArgs,
  ReassignTaskArgs,
  RejectionType,
  RequestPaymentArgs,
  RequestSupplementArgs,
  ReturnTaskArgs,
  RetryIncidentArgs,
  SupplementReceivedArgs,
  UserTaskWithForm,
} from './definitions.js';
import { evalCondition, evalExpression } from './feel.js';
import { checkForm } from './form.js';

/** A rejected human operation: the update validator throws it, nothing changes. */
export class Rejection extends Error {
  constructor(
    readonly type: RejectionType,
    vi: string,
    en: string,
  ) {
    super(`${vi} / ${en}`);
    this.name = 'Rejection';
  }
}

/** Role escalated to at 100% of a step's SLA when the model names none. */
export const DEFAULT_ESCALATION_ROLE = 'supervisor';
/** Guard against models that loop through gateways without ever waiting. */
const MAX_MOVES_PER_ADVANCE = 10_000;

type Wait =
  | { kind: 'ready' }
  | { kind: 'task'; activation: string }
  | { kind: 'service'; activation: string }
  | { kind: 'call'; activation: string }
  | { kind: 'timer'; timerId: string }
  | { kind: 'join' }
  | { kind: 'incident'; incidentId: string };

interface Token {
  id: number;
  nodeId: string;
  /** Flow the token arrived by (joins count arrivals per incoming flow). */
  via?: string;
  /** User tasks completed on this token's path, for "return to a previous step". */
  trail: string[];
  wait: Wait;
}

interface Task {
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

type TimerKind =
  'task-warn' | 'task-due' | 'boundary' | 'intermediate' | 'call-due' | 'appointment' | 'apology-reminder';

interface Timer {
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

interface ServiceCall {
  activation: string;
  node: ServiceTaskNode;
  tokenId: number;
  attempt: number;
  input: Record<string, unknown>;
  state: 'describing' | 'running';
}

interface CallState {
  activation: string;
  node: CallActivityNode;
  tokenId: number;
  attempt: number;
  childWorkflowId: string;
  childCode: string;
  dueAt?: number;
  overdue: boolean;
}

/** Switches for interpreter changes that alter commands of running dossiers (workflow: `wf.patched`). */
export interface EngineOptions {
  /** Whether the change `id` applies; default true (a new dossier, or the engine outside Temporal). */
  patched?: (id: string) => boolean;
}

/**
 * Patch ids (documented in workflows/README.md). Each gates a command-level change so recorded histories of
 * dossiers that ran before it keep replaying on the old branch.
 */
export const PATCHES = {
  /** A child dossier that starts while its parent is paused is paused at once (signal on call-started). */
  pauseChildOnStart: 'pause-child-on-start',
  /** A receipt number signalled again (the API re-signals a retried receipt) is not counted twice. */
  paymentReceiptOnce: 'payment-receipt-once',
} as const;

interface Incident {
  id: string;
  nodeId: string;
  tokenId: number;
  kind: IncidentView['kind'];
  message: string;
  status: 'open' | 'resolved';
  openedAt: number;
  resolvedAt?: number;
}

interface Pause {
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

interface Escalation {
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

const iso = (ms: number): string => new Date(ms).toISOString();
const isoOrNull = (ms: number | undefined): string | null => (ms === undefined ? null : iso(ms));

const FINAL_STATUS: Record<EndOutcome, DossierStatus> = {
  returned: 'returned',
  // Refusal to resolve: the national code closest is "not accepted" (3); the outcome column says 'refused'.
  refused: 'not-accepted',
  withdrawn: 'withdrawn',
  stopped: 'stopped',
};

export class DossierEngine {
  readonly ir: ProcedureIr;
  private readonly nodes = new Map<string, IrNode>();
  private readonly flows = new Map<string, IrFlow>();
  private readonly reach = new Map<string, Set<string>>();

  // --- state -----------------------------------------------------------------------------------------------
  private status: DossierStatus = 'accepted';
  private statusBeforePause: DossierStatus = 'accepted';
  private readonly tokens = new Map<number, Token>();
  private readonly ready: number[] = [];
  private nextTokenId = 1;
  private readonly activations = new Map<string, number>();
  private readonly tasks = new Map<string, Task>();
  private readonly timers = new Map<string, Timer>();
  private readonly services = new Map<string, ServiceCall>();
  private readonly calls = new Map<string, CallState>();
  private readonly incidents = new Map<string, Incident>();
  private readonly pauses: Pause[] = [];
  private readonly escalations: Escalation[] = [];
  private readonly payments: PaymentReceivedArgs[] = [];
  private readonly lastAssignee = new Map<string, string>();
  private data: Record<string, unknown>;
  private readonly taskResults: Record<string, { outcome: string | null; data: Record<string, unknown> }> =
    {};
  private readonly callResults: Record<string, { outcome: string; classification: string | null }> = {};
  private lastOutcome: string | null = null;
  private appointmentAt?: number;
  private originalAppointmentAt?: number;
  private apologized = false;
  private overdue = false;
  private shiftPending = false;
  private processedOnce = false;
  private finished?: DossierWorkflowResult;
  private classificationPending = false;
  private lastEndOutcome: EndOutcome | null = null;

  // --- outputs ---------------------------------------------------------------------------------------------
  private seq = 0;
  private projectedSeq = 0;
  private readonly timeline: ProjectedEvent[] = [];
  private pendingEvents: ProjectedEvent[] = [];
  private readonly dirtyTasks = new Set<string>();
  private readonly dirtyPauses = new Set<number>();
  private readonly dirtyEscalations = new Set<string>();
  private readonly dirtyIncidents = new Set<string>();
  private dossierDirty = true;
  private dossierExtra: Partial<DossierPatch> = {};
  private calendarRequests: CalendarRequest[] = [];
  private readonly calendarHandlers = new Map<string, (r: CalendarResult) => void>();
  private nextCalendarKey = 1;
  private describeRequests = new Set<string>();
  private readonly descriptors = new Map<string, PluginDescriptor | null>();
  private effects: Effect[] = [];
  private nextEscalation = 1;
  private nextIncident = 1;

  private readonly patched: (id: string) => boolean;

  constructor(
    readonly input: DossierWorkflowInput,
    readonly workflowId: string,
    options: EngineOptions = {},
  ) {
    this.patched = options.patched ?? (() => true);
    this.ir = input.compiled.ir;
    for (const n of this.ir.nodes) this.nodes.set(n.id, n);
    for (const f of this.ir.flows) this.flows.set(f.id, f);
    if (!this.nodes.has(this.ir.startNode)) {
      throw new Error(
        `IR has no start node "${this.ir.startNode}" / IR thiếu nút bắt đầu "${this.ir.startNode}"`,
      );
    }
    this.data = { ...input.data };
    this.computeReach();
  }

  // =========================================================================================================
  // Lifecycle of the interpreter
  // =========================================================================================================

  start(now: number): void {
    const { input } = this;
    const payload: Record<string, unknown> = {
      procedureCode: this.ir.procedure.code,
      procedureVersionId: input.procedureVersionId,
      irHash: input.compiled.hash,
      channel: input.channel,
      receivedAt: input.receivedAt,
      agency: input.agencyCode,
    };
    if (input.parent) payload.parent = input.parent;
    const event = this.emit(now, 'received', payload);
    if (input.parent) {
      this.dossierExtra.call = {
        parentWorkflowId: input.parent.workflowId,
        parentNodeId: input.parent.nodeId,
        procedureCode: this.ir.procedure.code,
        agencyCode: input.agencyCode,
        startedAt: input.receivedAt,
      };
    }
    const spec =
      this.ir.procedure.channels.find((c) => c.channel === input.channel) ?? this.ir.procedure.channels[0];
    if (input.appointmentAt !== undefined) {
      const at = Date.parse(input.appointmentAt);
      if (Number.isFinite(at)) {
        this.appointmentAt = at;
        this.originalAppointmentAt = at;
        event.payload.appointmentAt = iso(at);
        this.dossierExtra.dueAt = iso(at);
        this.addTimer({ id: 'appointment', kind: 'appointment', at });
        const reminder = this.addTimer({ id: 'apology-reminder', kind: 'apology-reminder' });
        this.requestCalendar({ op: 'reminder', agency: input.agencyCode, appointmentAt: iso(at) }, (r) =>
          this.setTimerAt(reminder, r.reminderAt),
        );
      }
    } else if (spec) {
      const appointment = this.addTimer({ id: 'appointment', kind: 'appointment' });
      const reminder = this.addTimer({ id: 'apology-reminder', kind: 'apology-reminder' });
      const key = this.requestCalendar(
        {
          op: 'appointment',
          agency: input.agencyCode,
          receivedAt: input.receivedAt,
          channel: input.channel,
          cutoff: this.ir.procedure.cutoff,
          applyCutoff: !input.parent,
          duration: spec.duration,
        },
        (r) => {
          if (r.appointmentAt) {
            const at = Date.parse(r.appointmentAt);
            if (this.appointmentAt === undefined) this.appointmentAt = at;
            if (this.originalAppointmentAt === undefined) this.originalAppointmentAt = at;
            this.setTimerAt(appointment, r.appointmentAt);
            event.payload.appointmentAt = r.appointmentAt;
          }
          this.setTimerAt(reminder, r.reminderAt);
        },
      );
      event.appointmentKey = key;
      this.dossierExtra.appointmentKey = key;
    }
    const token = this.newToken(this.ir.startNode, undefined, []);
    this.ready.push(token.id);
  }

  /** Moves every ready token until it waits (task, timer, service, call, join, incident) or ends. */
  advance(now: number): void {
    if (this.finished) return;
    let moves = 0;
    for (;;) {
      while (this.ready.length > 0 && !this.finished) {
        const id = this.ready.shift()!;
        const token = this.tokens.get(id);
        if (!token || token.wait.kind !== 'ready') continue;
        if (++moves > MAX_MOVES_PER_ADVANCE) {
          this.openIncident(
            now,
            token,
            'loop',
            'quá nhiều bước không dừng / too many moves without a wait state',
          );
          continue;
        }
        this.enter(now, token);
      }
      if (this.finished || !this.fireInclusiveJoins(now)) break;
    }
    if (!this.finished && this.tokens.size === 0) this.finish(now, this.lastEndOutcome ?? 'returned');
  }

  get isFinished(): boolean {
    return this.finished !== undefined;
  }

  /** The workflow result, once the final classification is known. */
  get result(): DossierWorkflowResult | undefined {
    return this.finished && !this.classificationPending ? this.finished : undefined;
  }

  get lastSeq(): number {
    return this.seq;
  }

  get flushedSeq(): number {
    return this.projectedSeq;
  }

  get paused(): boolean {
    return this.openPause !== undefined;
  }

  /** The pause in progress (at most one at a time), if any. */
  private get openPause(): Pause | undefined {
    const last = this.pauses[this.pauses.length - 1];
    return last !== undefined && last.end === undefined ? last : undefined;
  }

  /** Whether the workflow must run another advance/flush round before waiting. */
  hasWork(): boolean {
    return (
      this.ready.length > 0 ||
      this.pendingEvents.length > 0 ||
      this.calendarRequests.length > 0 ||
      this.describeRequests.size > 0 ||
      this.effects.length > 0
    );
  }

  // =========================================================================================================
  // Token movement
  // =========================================================================================================

  private node(id: string): IrNode {
    const n = this.nodes.get(id);
    if (!n) throw new Error(`unknown node ${id}`);
    return n;
  }

  private newToken(nodeId: string, via: string | undefined, trail: string[]): Token {
    const token: Token = { id: this.nextTokenId++, nodeId, trail, wait: { kind: 'ready' } };
    if (via !== undefined) token.via = via;
    this.tokens.set(token.id, token);
    return token;
  }

  private activate(nodeId: string): string {
    const n = (this.activations.get(nodeId) ?? 0) + 1;
    this.activations.set(nodeId, n);
    return `${nodeId}#${n}`;
  }

  /** Sends the token along the given flows (model order); extra flows get new tokens. */
  private leave(token: Token, flowIds: string[]): void {
    if (flowIds.length === 0) {
      // An activity without outgoing flow ends its path (BPMN implicit end).
      this.tokens.delete(token.id);
      return;
    }
    flowIds.forEach((flowId, i) => {
      const flow = this.flows.get(flowId);
      if (!flow) throw new Error(`unknown flow ${flowId}`);
      const t = i === 0 ? token : this.newToken(flow.target, flowId, [...token.trail]);
      t.nodeId = flow.target;
      t.via = flowId;
      t.wait = { kind: 'ready' };
      this.ready.push(t.id);
    });
  }

  private enter(now: number, token: Token): void {
    const node = this.node(token.nodeId);
    switch (node.kind) {
      case 'startEvent':
      case 'boundaryTimerEvent':
        this.leave(token, node.outgoing);
        return;
      case 'endEvent':
        this.reachEnd(now, token, node.outcome);
        return;
      case 'userTask':
        this.openTask(now, token, node);
        return;
      case 'serviceTask':
        this.startService(now, token, node);
        return;
      case 'callActivity':
        this.startCall(now, token, node);
        return;
      case 'timerEvent':
        this.startTimerEvent(now, token, node);
        return;
      case 'exclusiveGateway':
      case 'inclusiveGateway':
      case 'parallelGateway':
        this.gateway(now, token, node);
        return;
    }
  }

  private reachEnd(now: number, token: Token, outcome: EndOutcome): void {
    this.tokens.delete(token.id);
    this.lastEndOutcome = outcome;
    this.emit(now, 'end-reached', { outcome }, token.nodeId);
    // A non-returned end (refused, stopped...) ends the dossier at once; 'returned' waits for other paths.
    if (outcome !== 'returned' || this.tokens.size === 0) this.finish(now, outcome);
  }

  private gateway(now: number, token: Token, node: GatewayNode): void {
    if (node.kind === 'parallelGateway') {
      if (node.incoming.length > 1) {
        token.wait = { kind: 'join' };
        const arrivals: Token[] = [];
        for (const flowId of node.incoming) {
          const t = this.waitingAt(node.id).find((w) => w.via === flowId);
          if (!t) return;
          arrivals.push(t);
        }
        const merged = this.merge(node.id, arrivals);
        this.leave(merged, node.outgoing);
        return;
      }
      this.leave(token, node.outgoing);
      return;
    }
    if (node.kind === 'inclusiveGateway' && node.incoming.length > 1) {
      token.wait = { kind: 'join' };
      return; // fired by fireInclusiveJoins once no other token can reach it
    }
    this.split(now, token, node);
  }

  private waitingAt(nodeId: string): Token[] {
    return [...this.tokens.values()].filter((t) => t.nodeId === nodeId && t.wait.kind === 'join');
  }

  /** Joins tokens into the lowest-id one (deterministic), merging their trails. */
  private merge(nodeId: string, arrivals: Token[]): Token {
    const sorted = [...arrivals].sort((a, b) => a.id - b.id);
    const keep = sorted[0]!;
    const trail = [...keep.trail];
    for (const t of sorted.slice(1)) {
      for (const n of t.trail) if (!trail.includes(n)) trail.push(n);
      this.tokens.delete(t.id);
    }
    keep.trail = trail;
    keep.nodeId = nodeId;
    return keep;
  }

  private split(now: number, token: Token, node: GatewayNode): void {
    if (node.outgoing.length <= 1) {
      this.leave(token, node.outgoing);
      return;
    }
    const chosen: string[] = [];
    try {
      const context = this.feelContext();
      for (const flowId of node.outgoing) {
        if (flowId === node.defaultFlow) continue;
        const flow = this.flows.get(flowId)!;
        const ok = flow.condition === undefined ? true : evalCondition(flow.condition, context);
        if (ok) {
          chosen.push(flowId);
          if (node.kind === 'exclusiveGateway') break;
        }
      }
    } catch (err) {
      this.openIncident(now, token, 'expression-failed', (err as Error).message);
      return;
    }
    if (chosen.length === 0 && node.defaultFlow) chosen.push(node.defaultFlow);
    if (chosen.length === 0) {
      this.openIncident(
        now,
        token,
        'no-route',
        `không nhánh nào thỏa điều kiện tại ${node.id} / no outgoing flow of ${node.id} matched and there is no default flow`,
      );
      return;
    }
    this.emit(now, 'route', { gateway: node.id, flows: chosen }, node.id);
    this.leave(token, chosen);
  }

  /** Fires inclusive joins that no other live token can still reach. Returns whether one fired. */
  private fireInclusiveJoins(now: number): boolean {
    const gateways = new Set<string>();
    for (const t of this.tokens.values()) {
      if (t.wait.kind === 'join' && this.node(t.nodeId).kind === 'inclusiveGateway') gateways.add(t.nodeId);
    }
    let fired = false;
    for (const g of gateways) {
      const blocked = [...this.tokens.values()].some(
        (t) =>
          !(t.nodeId === g && t.wait.kind === 'join') && (t.nodeId === g || this.reach.get(t.nodeId)?.has(g)),
      );
      if (blocked) continue;
      const merged = this.merge(g, this.waitingAt(g));
      merged.wait = { kind: 'ready' };
      this.split(now, merged, this.node(g) as GatewayNode);
      fired = true;
    }
    return fired;
  }

  private computeReach(): void {
    const next = new Map<string, string[]>();
    for (const n of this.ir.nodes) {
      const targets = n.outgoing.map((f) => this.flows.get(f)?.target).filter((t): t is string => !!t);
      if ('boundaryEvents' in n) targets.push(...n.boundaryEvents);
      next.set(n.id, targets);
    }
    for (const n of this.ir.nodes) {
      const seen = new Set<string>();
      const stack = [...(next.get(n.id) ?? [])];
      while (stack.length) {
        const id = stack.pop()!;
        if (seen.has(id)) continue;
        seen.add(id);
        stack.push(...(next.get(id) ?? []));
      }
      this.reach.set(n.id, seen);
    }
  }

  // =========================================================================================================
  // User tasks
  // =========================================================================================================

  private openTask(now: number, token: Token, node: UserTaskNode, assignee: string | null = null): void {
    const taskId = this.activate(node.id);
    const agency = node.agency ?? this.input.agencyCode;
    const task: Task = {
      taskId,
      node,
      tokenId: token.id,
      agency,
      assignee,
      status: assignee ? 'claimed' : 'open',
      outcome: null,
      openedAt: now,
      overdue: false,
      escalatedTo: null,
    };
    this.tasks.set(taskId, task);
    token.wait = { kind: 'task', activation: taskId };
    this.dirtyTasks.add(taskId);
    this.dossierDirty = true;
    this.updatePhaseOnOpen(node.role);
    const warn = this.addTimer({
      id: `warn:${taskId}`,
      kind: 'task-warn',
      activation: taskId,
      tokenId: token.id,
    });
    const due = this.addTimer({
      id: `due:${taskId}`,
      kind: 'task-due',
      activation: taskId,
      tokenId: token.id,
    });
    const key = this.requestCalendar(
      { op: 'add', agency, start: iso(now), duration: node.duration, fractions: [node.warningAt ?? 0.75, 1] },
      (r) => {
        const [w, d] = r.instants ?? [];
        if (w) task.warnAt = Date.parse(w);
        if (d) task.dueAt = Date.parse(d);
        this.setTimerAt(warn, w);
        this.setTimerAt(due, d);
      },
    );
    this.taskDeadlineKeys.set(taskId, key);
    const event = this.emit(
      now,
      'task-opened',
      { taskId, role: node.role, agency, name: node.name, assignee, duration: node.duration },
      node.id,
    );
    event.deadlineKey = key;
    this.armBoundaries(now, token, taskId, node.boundaryEvents, node.duration, agency);
  }

  private readonly taskDeadlineKeys = new Map<string, string>();

  /** Status phases without modelling them: accepted → in progress → processed (result back at the desk). */
  private updatePhaseOnOpen(role: string): void {
    if (this.paused) return;
    if (role === 'receptionist') {
      if (this.status === 'in-progress' && this.processedOnce) this.setStatus('processed');
    } else if (this.status === 'accepted' || this.status === 'processed') {
      this.setStatus('in-progress');
      this.processedOnce = true;
    }
  }

  private setStatus(status: DossierStatus): void {
    if (this.status !== status) {
      this.status = status;
      this.dossierDirty = true;
    }
  }

  private task(taskId: string): Task {
    const task = this.tasks.get(taskId);
    if (!task) {
      throw new Rejection(
        'task-not-found',
        `không có công việc ${taskId}`,
        `no task ${taskId} in this dossier`,
      );
    }
    return task;
  }

  private openTaskOrReject(taskId: string): Task {
    this.assertRunning();
    const task = this.task(taskId);
    if (task.status !== 'open' && task.status !== 'claimed') {
      throw new Rejection(
        'task-not-open',
        `công việc ${taskId} không còn mở (${task.status})`,
        `task ${taskId} is not open (${task.status})`,
      );
    }
    return task;
  }

  private assertRunning(): void {
    if (this.finished) {
      throw new Rejection('dossier-finished', 'hồ sơ đã kết thúc', 'the dossier has finished');
    }
  }

  private assertNotPaused(): void {
    const pause = this.openPause;
    if (pause?.kind === 'payment') {
      throw new Rejection(
        'dossier-paused',
        'hồ sơ đang tạm dừng chờ thực hiện nghĩa vụ tài chính',
        'the dossier is paused awaiting the applicant’s payment',
      );
    }
    if (pause) {
      throw new Rejection(
        'dossier-paused',
        'hồ sơ đang tạm dừng chờ bổ sung',
        'the dossier is paused awaiting the applicant’s supplement',
      );
    }
  }

  private assertActor(value: unknown, field: string): void {
    if (typeof value !== 'string' || value.trim() === '') {
      throw new Rejection('invalid-argument', `thiếu ${field}`, `${field} is required`);
    }
  }

  validateClaim(args: ClaimTaskArgs): void {
    this.assertActor(args?.userId, 'userId');
    const task = this.openTaskOrReject(args.taskId);
    if (task.assignee && task.assignee !== args.userId) {
      throw new Rejection(
        'not-assignee',
        `công việc ${args.taskId} đã được ${task.assignee} nhận`,
        `task ${args.taskId} is already claimed by ${task.assignee}`,
      );
    }
  }

  claim(now: number, args: ClaimTaskArgs): void {
    this.validateClaim(args);
    const task = this.task(args.taskId);
    if (task.assignee === args.userId)
      return this.note(now, 'task-claimed', task, args.userId, { again: true });
    task.assignee = args.userId;
    task.status = 'claimed';
    this.dirtyTasks.add(task.taskId);
    this.note(now, 'task-claimed', task, args.userId, {});
  }

  private note(now: number, type: string, task: Task, actor: string, payload: Record<string, unknown>): void {
    this.emit(now, type, { taskId: task.taskId, ...payload }, task.node.id, actor);
  }

  validateComplete(args: CompleteTaskArgs): void {
    this.assertActor(args?.userId, 'userId');
    const task = this.openTaskOrReject(args.taskId);
    this.assertNotPaused();
    if (task.assignee && task.assignee !== args.userId) {
      throw new Rejection(
        'not-assignee',
        `công việc ${args.taskId} do ${task.assignee} xử lý`,
        `task ${args.taskId} is assigned to ${task.assignee}, not ${args.userId}`,
      );
    }
    if (!task.node.outcomes.includes(args.outcome)) {
      throw new Rejection(
        'unknown-outcome',
        `kết quả "${args.outcome}" không hợp lệ cho ${task.node.id}; cho phép: ${task.node.outcomes.join(', ')}`,
        `outcome "${args.outcome}" is not allowed for ${task.node.id}; allowed: ${task.node.outcomes.join(', ')}`,
      );
    }
    const data = args.data ?? {};
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      throw new Rejection(
        'invalid-form-data',
        'dữ liệu biểu mẫu phải là đối tượng',
        'form data must be an object',
      );
    }
    if (task.node.formSchema) {
      const problems = checkForm(`${this.input.compiled.hash}:${task.node.id}`, task.node.formSchema, data);
      if (problems.length > 0) {
        throw new Rejection(
          'invalid-form-data',
          `dữ liệu biểu mẫu không hợp lệ: ${problems.join('; ')}`,
          `form data is invalid: ${problems.join('; ')}`,
        );
      }
    }
  }

  complete(now: number, args: CompleteTaskArgs): void {
    this.validateComplete(args);
    const task = this.task(args.taskId);
    const data = { ...(args.data ?? {}) };
    task.assignee = args.userId;
    task.status = 'completed';
    task.outcome = args.outcome;
    task.completedAt = now;
    this.dirtyTasks.add(task.taskId);
    this.dossierDirty = true;
    this.lastAssignee.set(task.node.id, args.userId);
    this.data = { ...this.data, ...data };
    this.taskResults[task.node.id] = { outcome: args.outcome, data };
    this.lastOutcome = args.outcome;
    this.clearTimers(task.taskId);
    this.note(now, 'task-completed', task, args.userId, { outcome: args.outcome, data });
    const token = this.tokens.get(task.tokenId);
    if (token) {
      token.trail.push(task.node.id);
      this.leave(token, task.node.outgoing);
    }
  }

  validateReturn(args: ReturnTaskArgs): void {
    this.assertActor(args?.userId, 'userId');
    const task = this.openTaskOrReject(args.taskId);
    this.assertNotPaused();
    if (task.assignee && task.assignee !== args.userId) {
      throw new Rejection(
        'not-assignee',
        `công việc ${args.taskId} do ${task.assignee} xử lý`,
        `task ${args.taskId} is assigned to ${task.assignee}, not ${args.userId}`,
      );
    }
    const token = this.tokens.get(task.tokenId);
    const target = this.nodes.get(args.toNodeId);
    if (!token || !target || target.kind !== 'userTask' || !token.trail.includes(args.toNodeId)) {
      throw new Rejection(
        'invalid-return-target',
        `không thể trả về bước "${args.toNodeId}": bước này chưa được thực hiện trước ${task.node.id}`,
        `cannot return to "${args.toNodeId}": it is not a step completed before ${task.node.id}`,
      );
    }
  }

  returnTo(now: number, args: ReturnTaskArgs): void {
    this.validateReturn(args);
    const task = this.task(args.taskId);
    const token = this.tokens.get(task.tokenId)!;
    this.cancelActivation(now, task.taskId, 'returned', args.userId);
    this.note(now, 'task-returned', task, args.userId, {
      toNodeId: args.toNodeId,
      reason: args.reason ?? '',
    });
    token.trail = token.trail.slice(0, token.trail.lastIndexOf(args.toNodeId));
    token.nodeId = args.toNodeId;
    delete token.via;
    // Returned work goes back to whoever did it last.
    this.openTask(
      now,
      token,
      this.node(args.toNodeId) as UserTaskNode,
      this.lastAssignee.get(args.toNodeId) ?? null,
    );
  }

  validateReassign(args: ReassignTaskArgs): void {
    this.assertActor(args?.actor, 'actor');
    this.assertActor(args?.assignee, 'assignee');
    this.openTaskOrReject(args.taskId);
  }

  reassign(now: number, args: ReassignTaskArgs): void {
    this.validateReassign(args);
    const task = this.task(args.taskId);
    const from = task.assignee;
    task.assignee = args.assignee;
    task.status = 'claimed';
    this.dirtyTasks.add(task.taskId);
    this.note(now, 'task-reassigned', task, args.actor, {
      from,
      to: args.assignee,
      reason: args.reason ?? '',
    });
  }

  validateEscalate(args: EscalateArgs): void {
    this.assertActor(args?.actor, 'actor');
    this.assertActor(args?.toRole, 'toRole');
    this.openTaskOrReject(args.taskId);
  }

  escalate(now: number, args: EscalateArgs): void {
    this.validateEscalate(args);
    this.addEscalation(now, this.task(args.taskId), args.toRole, args.reason ?? '', args.actor, false);
  }

  private addEscalation(
    now: number,
    task: Task,
    toRole: string,
    reason: string,
    actor: string,
    auto: boolean,
  ): void {
    const id = `esc-${this.nextEscalation++}`;
    this.escalations.push({
      id,
      taskId: task.taskId,
      nodeId: task.node.id,
      toRole,
      agency: task.agency,
      reason,
      actor,
      auto,
      at: now,
    });
    task.escalatedTo = toRole;
    this.dirtyEscalations.add(id);
    this.note(now, 'escalated', task, actor, { escalationId: id, toRole, reason, auto });
  }

  // =========================================================================================================
  // Service tasks (plugins), call activities, timers, boundary events
  // =========================================================================================================

  private startService(now: number, token: Token, node: ServiceTaskNode): void {
    const activation = this.activate(node.id);
    this.runService(now, token, node, activation, 1);
  }

  private runService(
    now: number,
    token: Token,
    node: ServiceTaskNode,
    activation: string,
    attempt: number,
  ): void {
    let input: Record<string, unknown>;
    try {
      const context = this.feelContext();
      input = Object.fromEntries(
        Object.entries(node.input).map(([k, expr]) => [k, evalExpression(expr, context)]),
      );
    } catch (err) {
      this.openIncident(now, token, 'expression-failed', (err as Error).message);
      return;
    }
    const call: ServiceCall = { activation, node, tokenId: token.id, attempt, input, state: 'describing' };
    this.services.set(activation, call);
    token.wait = { kind: 'service', activation };
    this.dossierDirty = true;
    this.emit(now, 'service-started', { activation, plugin: node.plugin, attempt }, node.id);
    if (attempt === 1)
      this.armBoundaries(now, token, activation, node.boundaryEvents, undefined, this.input.agencyCode);
    if (this.descriptors.has(node.plugin)) this.launchService(now, call);
    else this.describeRequests.add(node.plugin);
  }

  private launchService(now: number, call: ServiceCall): void {
    const descriptor = this.descriptors.get(call.node.plugin);
    if (!descriptor) {
      this.services.delete(call.activation);
      const token = this.tokens.get(call.tokenId);
      if (token) {
        this.openIncident(
          now,
          token,
          'unknown-plugin',
          `trình cắm "${call.node.plugin}" chưa được đăng ký / plugin "${call.node.plugin}" is not registered on the worker`,
        );
      }
      return;
    }
    call.state = 'running';
    this.effects.push({
      kind: 'run-plugin',
      activation: call.activation,
      attempt: call.attempt,
      nodeId: call.node.id,
      descriptor,
      input: call.input,
    });
  }

  onServiceResult(now: number, activation: string, attempt: number, output: unknown): void {
    const call = this.services.get(activation);
    if (!call || call.attempt !== attempt || this.finished) return;
    this.services.delete(activation);
    this.clearTimers(activation);
    const token = this.tokens.get(call.tokenId);
    if (call.node.resultVariable) this.data = { ...this.data, [call.node.resultVariable]: output ?? null };
    this.emit(
      now,
      'service-completed',
      { activation, plugin: call.node.plugin, output: output ?? null },
      call.node.id,
    );
    this.dossierDirty = true;
    if (token) this.leave(token, call.node.outgoing);
  }

  onServiceFailure(now: number, activation: string, attempt: number, message: string): void {
    const call = this.services.get(activation);
    if (!call || call.attempt !== attempt || this.finished) return;
    this.services.delete(activation);
    const token = this.tokens.get(call.tokenId);
    if (!token) return;
    this.openIncident(now, token, 'plugin-failed', `${call.node.plugin}: ${message}`, activation);
  }

  private startCall(
    now: number,
    token: Token,
    node: CallActivityNode,
    attempt = 1,
    activationId?: string,
  ): void {
    const activation = activationId ?? this.activate(node.id);
    const childCode = `${this.input.dossierCode}/${activation}${attempt > 1 ? `.${attempt}` : ''}`;
    const call: CallState = {
      activation,
      node,
      tokenId: token.id,
      attempt,
      childCode,
      childWorkflowId: `dossier-${childCode}`,
      overdue: false,
    };
    this.calls.set(activation, call);
    token.wait = { kind: 'call', activation };
    this.dossierDirty = true;
    this.updatePhaseOnOpen('call');
    const effect: Effect = {
      kind: 'start-call',
      activation,
      attempt,
      nodeId: node.id,
      procedure: node.procedure,
      childWorkflowId: call.childWorkflowId,
      childCode,
      data: { ...this.data },
    };
    if (node.agency) effect.agency = node.agency;
    this.effects.push(effect);
    const agency = node.agency ?? this.input.agencyCode;
    const event = this.emit(
      now,
      'call-requested',
      { activation, procedure: node.procedure, agency, childWorkflowId: call.childWorkflowId, attempt },
      node.id,
    );
    if (attempt === 1) {
      if (node.duration) {
        const due = this.addTimer({
          id: `call-due:${activation}`,
          kind: 'call-due',
          activation,
          tokenId: token.id,
        });
        event.deadlineKey = this.requestCalendar(
          {
            op: 'add',
            agency: this.input.agencyCode,
            start: iso(now),
            duration: node.duration,
            fractions: [1, 1],
          },
          (r) => {
            const d = r.instants?.[1];
            if (d) call.dueAt = Date.parse(d);
            this.setTimerAt(due, d);
          },
        );
      }
      this.armBoundaries(now, token, activation, node.boundaryEvents, node.duration, this.input.agencyCode);
    }
  }

  onCallStarted(now: number, activation: string, attempt: number, child: ChildStarted): void {
    const call = this.calls.get(activation);
    if (!call || call.attempt !== attempt || this.finished) return;
    this.emit(now, 'call-started', { activation, ...child }, call.node.id);
    // A pause that began while the child was being started could not reach it (it did not exist yet): pause it
    // now. Should the earlier signal have reached it after all, the child ignores the second one.
    const pause = this.openPause;
    if (pause && this.patched(PATCHES.pauseChildOnStart)) {
      this.effects.push({
        kind: 'pause-child',
        childWorkflowId: call.childWorkflowId,
        args: this.childPauseArgs(pause),
      });
    }
  }

  onCallResult(now: number, activation: string, attempt: number, result: DossierWorkflowResult): void {
    const call = this.calls.get(activation);
    if (!call || call.attempt !== attempt || this.finished) return;
    this.calls.delete(activation);
    this.clearTimers(activation);
    this.callResults[call.node.id] = {
      outcome: result.outcome,
      classification: result.classification ?? null,
    };
    this.lastOutcome = result.outcome;
    this.dossierDirty = true;
    this.emit(
      now,
      'call-completed',
      { activation, childWorkflowId: call.childWorkflowId, ...result },
      call.node.id,
    );
    const token = this.tokens.get(call.tokenId);
    if (token) this.leave(token, call.node.outgoing);
  }

  onCallFailure(now: number, activation: string, attempt: number, message: string): void {
    const call = this.calls.get(activation);
    if (!call || call.attempt !== attempt || this.finished) return;
    const token = this.tokens.get(call.tokenId);
    if (!token) return;
    this.openIncident(now, token, 'call-failed', `${call.node.procedure}: ${message}`, activation);
  }

  private startTimerEvent(now: number, token: Token, node: TimerEventNode): void {
    const activation = this.activate(node.id);
    const timer = this.addTimer({
      id: `timer:${activation}`,
      kind: 'intermediate',
      tokenId: token.id,
      nodeId: node.id,
    });
    token.wait = { kind: 'timer', timerId: timer.id };
    const event = this.emit(now, 'timer-started', { activation, duration: node.timer.duration }, node.id);
    event.deadlineKey = this.requestCalendar(
      {
        op: 'add',
        agency: this.input.agencyCode,
        start: iso(now),
        duration: node.timer.duration,
        fractions: [1, 1],
      },
      (r) => this.setTimerAt(timer, r.instants?.[1]),
    );
  }

  private armBoundaries(
    now: number,
    token: Token,
    activation: string,
    boundaryIds: string[],
    sla: Duration | undefined,
    agency: string,
  ): void {
    for (const id of boundaryIds) {
      const b = this.nodes.get(id);
      if (!b || b.kind !== 'boundaryTimerEvent') continue;
      let duration: Duration;
      let fraction = 1;
      if ('duration' in b.timer) duration = b.timer.duration;
      else if (sla) {
        duration = sla;
        fraction = b.timer.slaFraction;
      } else continue; // an SLA fraction on an activity without SLA: the compiler rejects it
      const timer = this.addTimer({
        id: `boundary:${id}:${activation}`,
        kind: 'boundary',
        activation,
        tokenId: token.id,
        nodeId: id,
      });
      this.requestCalendar(
        { op: 'add', agency, start: iso(now), duration, fractions: [fraction, fraction] },
        (r) => this.setTimerAt(timer, r.instants?.[0]),
      );
    }
  }

  private fireBoundary(now: number, timer: Timer): void {
    const b = this.node(timer.nodeId!) as BoundaryTimerEventNode;
    const activation = timer.activation!;
    const owner = this.tokens.get(timer.tokenId!);
    if (!owner) return;
    this.emit(now, 'boundary-fired', { activation, boundary: b.id, interrupting: b.interrupting }, b.id);
    if (b.interrupting) {
      this.cancelActivation(now, activation, 'boundary', 'system');
      owner.nodeId = b.id;
      delete owner.via;
      owner.wait = { kind: 'ready' };
      this.leave(owner, b.outgoing);
    } else {
      const token = this.newToken(b.id, undefined, [...owner.trail]);
      this.leave(token, b.outgoing);
    }
  }

  /** Ends a task, plugin run or child call that will not complete (returned, interrupted, dossier ended). */
  private cancelActivation(now: number, activation: string, reason: string, actor: string): void {
    this.clearTimers(activation);
    const task = this.tasks.get(activation);
    if (task && (task.status === 'open' || task.status === 'claimed')) {
      task.status = 'cancelled';
      task.outcome = reason === 'returned' ? 'returned' : null;
      task.completedAt = now;
      this.dirtyTasks.add(activation);
      this.dossierDirty = true;
      if (reason !== 'returned') this.note(now, 'task-cancelled', task, actor, { reason });
    }
    if (this.services.delete(activation)) this.effects.push({ kind: 'cancel', activation });
    if (this.calls.delete(activation)) this.effects.push({ kind: 'cancel', activation });
  }

  // =========================================================================================================
  // Timers
  // =========================================================================================================

  private addTimer(timer: Timer): Timer {
    this.timers.set(timer.id, timer);
    return timer;
  }

  private setTimerAt(timer: Timer, instant: string | undefined): void {
    if (instant === undefined) return;
    if (this.timers.get(timer.id) === timer) timer.at = Date.parse(instant);
  }

  private clearTimers(activation: string): void {
    for (const [id, t] of this.timers) if (t.activation === activation) this.timers.delete(id);
  }

  /** The earliest instant a timer waits for; none while the clocks are paused. */
  nextTimerAt(): number | undefined {
    if (this.finished || this.paused || this.shiftPending) return undefined;
    let next: number | undefined;
    for (const t of this.timers.values())
      if (t.at !== undefined && (next === undefined || t.at < next)) next = t.at;
    return next;
  }

  /** Fires every timer due at `now`, earliest first (ties in creation order). */
  fireTimers(now: number): void {
    if (this.finished || this.paused || this.shiftPending) return;
    const due = [...this.timers.values()]
      .filter((t) => t.at !== undefined && t.at <= now)
      .sort((a, b) => a.at! - b.at!);
    for (const timer of due) {
      if (this.timers.get(timer.id) !== timer || this.finished) continue;
      this.timers.delete(timer.id);
      this.fire(now, timer);
    }
  }

  private fire(now: number, timer: Timer): void {
    switch (timer.kind) {
      case 'task-warn': {
        const task = this.tasks.get(timer.activation!);
        if (task) this.note(now, 'task-warning', task, 'system', { dueAt: isoOrNull(task.dueAt) });
        return;
      }
      case 'task-due': {
        const task = this.tasks.get(timer.activation!);
        if (!task) return;
        task.overdue = true;
        this.dirtyTasks.add(task.taskId);
        this.dossierDirty = true;
        this.note(now, 'task-overdue', task, 'system', { dueAt: isoOrNull(task.dueAt) });
        this.addEscalation(
          now,
          task,
          task.node.escalationRole ?? DEFAULT_ESCALATION_ROLE,
          'quá hạn xử lý bước / step deadline reached',
          'system',
          true,
        );
        return;
      }
      case 'call-due': {
        const call = this.calls.get(timer.activation!);
        if (!call) return;
        call.overdue = true;
        this.dossierDirty = true;
        this.emit(
          now,
          'call-overdue',
          { activation: call.activation, dueAt: isoOrNull(call.dueAt) },
          call.node.id,
        );
        return;
      }
      case 'boundary':
        this.fireBoundary(now, timer);
        return;
      case 'intermediate': {
        const token = this.tokens.get(timer.tokenId!);
        if (!token) return;
        this.emit(now, 'timer-fired', {}, timer.nodeId);
        this.leave(token, this.node(timer.nodeId!).outgoing);
        return;
      }
      case 'appointment':
        this.overdue = true;
        this.dossierDirty = true;
        this.emit(now, 'dossier-overdue', { appointmentAt: isoOrNull(this.originalAppointmentAt) });
        return;
      case 'apology-reminder':
        if (!this.apologized)
          this.emit(now, 'apology-reminder', { appointmentAt: isoOrNull(this.appointmentAt) });
        return;
    }
  }

  // =========================================================================================================
  // Dossier lifecycle (every procedure, without modelling it)
  // =========================================================================================================

  validateRequestSupplement(args: RequestSupplementArgs): void {
    this.assertActor(args?.actor, 'actor');
    this.assertRunning();
    this.assertNoPause();
    if (!Array.isArray(args.missing) || args.missing.some((m) => typeof m !== 'string')) {
      throw new Rejection(
        'invalid-argument',
        'missing phải là danh sách giấy tờ',
        'missing must list documents',
      );
    }
  }

  /** One pause at a time: a second request (of either kind) waits until the first one ended. */
  private assertNoPause(): void {
    const pause = this.openPause;
    if (pause?.kind === 'payment') {
      throw new Rejection(
        'payment-already-requested',
        'hồ sơ đang chờ thực hiện nghĩa vụ tài chính',
        'a financial obligation request is already pending',
      );
    }
    if (pause) {
      throw new Rejection(
        'already-paused',
        'hồ sơ đang chờ bổ sung',
        'a supplement request is already pending',
      );
    }
  }

  requestSupplement(now: number, args: RequestSupplementArgs): void {
    this.validateRequestSupplement(args);
    this.pause(now, args, false);
  }

  validateRequestPayment(args: RequestPaymentArgs): void {
    this.assertActor(args?.actor, 'actor');
    this.assertActor(args?.reason, 'reason');
    this.assertRunning();
    this.assertNoPause();
    if (typeof args.amount !== 'number' || !Number.isFinite(args.amount) || args.amount <= 0) {
      throw new Rejection(
        'invalid-argument',
        'amount phải là số tiền dương',
        'amount must be a positive sum',
      );
    }
    if (args.items === undefined) return;
    if (!Array.isArray(args.items) || args.items.length > 100) {
      throw new Rejection(
        'invalid-argument',
        'items phải là danh sách (tối đa 100 khoản)',
        'items must be a list (at most 100 lines)',
      );
    }
    args.items.forEach((item, i) => {
      if (typeof item?.name !== 'string' || item.name.trim() === '') {
        throw new Rejection(
          'invalid-argument',
          `items[${i}].name: thiếu tên khoản thu`,
          `items[${i}].name: the line needs a name`,
        );
      }
      if (typeof item.amount !== 'number' || !Number.isFinite(item.amount) || item.amount < 0) {
        throw new Rejection(
          'invalid-argument',
          `items[${i}].amount phải là số tiền không âm`,
          `items[${i}].amount must be a sum of zero or more`,
        );
      }
    });
  }

  /** Financial obligation (national status 6): every clock pauses until the payment is received. */
  requestPayment(now: number, args: RequestPaymentArgs): void {
    this.validateRequestPayment(args);
    const items = (args.items ?? []).map((i) => ({ name: i.name, amount: i.amount }));
    this.pauseFor(
      now,
      'payment',
      { actor: args.actor, reason: args.reason, missing: [] },
      false,
      args.amount,
      items,
    );
  }

  /** The parent dossier paused: so do this one's clocks (ignored when already paused or finished). */
  parentPaused(now: number, args: ParentPausedArgs): void {
    if (this.finished || this.paused) return;
    const own = { actor: args?.actor ?? 'system', reason: args?.reason ?? '', missing: args?.missing ?? [] };
    if (args?.kind === 'payment') {
      const items = Array.isArray(args.items)
        ? args.items.map((i) => ({ name: String(i?.name ?? ''), amount: Number(i?.amount ?? 0) }))
        : [];
      this.pauseFor(now, 'payment', own, true, Number(args.amount ?? 0), items);
      return;
    }
    this.pause(now, own, true);
  }

  /** The parent dossier resumed: end the pause it caused (not one of this dossier's own). */
  parentResumed(now: number, args: SupplementReceivedArgs): void {
    const last = this.pauses[this.pauses.length - 1];
    if (!last?.fromParent) return;
    if (last.kind === 'supplement') {
      this.supplementReceived(now, args);
      return;
    }
    if (this.finished || last.end !== undefined) return;
    const actor = args?.actor ?? 'system';
    this.resume(now, last, { actor, documents: [] }, () =>
      this.emit(
        now,
        'payment-received',
        { pause: last.n, fromParent: true, receiptNo: null, amount: null },
        undefined,
        actor,
      ),
    );
  }

  private pause(now: number, args: RequestSupplementArgs, fromParent: boolean): void {
    this.pauseFor(now, 'supplement', args, fromParent);
  }

  private pauseFor(
    now: number,
    kind: PauseKind,
    args: RequestSupplementArgs,
    fromParent: boolean,
    amount?: number,
    items?: PaymentItem[],
  ): void {
    const pause: Pause = {
      n: this.pauses.length + 1,
      kind,
      start: now,
      reason: args.reason ?? '',
      actor: args.actor,
      missing: [...args.missing],
      fromParent,
    };
    if (kind === 'payment') {
      pause.amount = amount ?? 0;
      pause.items = items ?? [];
    }
    this.pauses.push(pause);
    this.dirtyPauses.add(pause.n);
    this.statusBeforePause = this.status;
    if (kind === 'payment') {
      this.setStatus('financial-obligation');
      const payload: Record<string, unknown> = {
        pause: pause.n,
        reason: pause.reason,
        amount: pause.amount,
        items: pause.items,
      };
      if (fromParent) payload.fromParent = true;
      this.emit(now, 'payment-requested', payload, undefined, args.actor);
      for (const call of this.calls.values()) {
        this.effects.push({
          kind: 'pause-child',
          childWorkflowId: call.childWorkflowId,
          args: this.childPauseArgs(pause),
        });
      }
      return;
    }
    // The supplement path emits exactly what it did before payment pauses existed (recorded histories replay it).
    this.setStatus('supplement-requested');
    this.emit(
      now,
      'supplement-requested',
      { pause: pause.n, reason: pause.reason, missing: pause.missing },
      undefined,
      args.actor,
    );
    for (const call of this.calls.values()) {
      this.effects.push({
        kind: 'pause-child',
        childWorkflowId: call.childWorkflowId,
        args: { ...args, missing: [...args.missing] },
      });
    }
  }

  /** What a child dossier is told when this one's pause reaches it. */
  private childPauseArgs(pause: Pause): ParentPausedArgs {
    const args: ParentPausedArgs = { actor: pause.actor, reason: pause.reason, missing: [...pause.missing] };
    if (pause.kind === 'payment') {
      args.kind = 'payment';
      args.amount = pause.amount ?? 0;
      args.items = (pause.items ?? []).map((i) => ({ ...i }));
    }
    return args;
  }

  supplementReceived(now: number, args: SupplementReceivedArgs): void {
    const pause = this.openPause;
    // A late or duplicate signal (or one while the dossier waits for a payment, not papers): keep it in the
    // timeline, change nothing.
    if (this.finished || !pause || pause.kind !== 'supplement') {
      this.emit(now, 'supplement-ignored', { documents: args?.documents ?? [] }, undefined, args?.actor);
      return;
    }
    this.resume(now, pause, { actor: args.actor, documents: args.documents ?? [] }, () =>
      this.emit(
        now,
        'supplement-received',
        { pause: pause.n, documents: args.documents ?? [], note: args.note ?? null },
        undefined,
        args.actor,
      ),
    );
  }

  /**
   * Ends a pause: status back to what it was, children resumed, and every pending deadline (tasks, timers, calls,
   * appointment) moved by the paused working time once the calendar answered. `announce` emits the event that
   * says why it ended; `childArgs` is what the children's resume signal carries.
   */
  private resume(now: number, pause: Pause, childArgs: SupplementReceivedArgs, announce: () => void): void {
    pause.end = now;
    this.dirtyPauses.add(pause.n);
    this.setStatus(this.statusBeforePause);
    announce();
    for (const call of this.calls.values()) {
      this.effects.push({
        kind: 'resume-child',
        childWorkflowId: call.childWorkflowId,
        args: { ...childArgs, documents: [...childArgs.documents] },
      });
    }
    // Every clock moves by the paused working time; timers wait until the calendar answered.
    const instants: Record<string, string> = {};
    for (const t of this.timers.values()) if (t.at !== undefined) instants[`timer:${t.id}`] = iso(t.at);
    for (const task of this.tasks.values()) {
      if (task.status !== 'open' && task.status !== 'claimed') continue;
      if (task.warnAt !== undefined) instants[`warn:${task.taskId}`] = iso(task.warnAt);
      if (task.dueAt !== undefined) instants[`due:${task.taskId}`] = iso(task.dueAt);
    }
    for (const call of this.calls.values())
      if (call.dueAt !== undefined) instants[`call:${call.activation}`] = iso(call.dueAt);
    if (this.appointmentAt !== undefined) instants.appointment = iso(this.appointmentAt);
    if (this.originalAppointmentAt !== undefined) instants.original = iso(this.originalAppointmentAt);
    this.shiftPending = true;
    this.requestCalendar(
      { op: 'shift', agency: this.input.agencyCode, from: iso(pause.start), to: iso(now), instants },
      (r) => this.applyShift(now, pause, r),
    );
  }

  private applyShift(now: number, pause: Pause, r: CalendarResult): void {
    this.shiftPending = false;
    const shifted = r.shifted ?? {};
    const get = (key: string): number | undefined => (shifted[key] ? Date.parse(shifted[key]) : undefined);
    pause.pausedWorkingMs = r.pausedWorkingMs ?? 0;
    this.dirtyPauses.add(pause.n);
    for (const t of this.timers.values()) t.at = get(`timer:${t.id}`) ?? t.at;
    for (const task of this.tasks.values()) {
      const w = get(`warn:${task.taskId}`);
      const d = get(`due:${task.taskId}`);
      if (w !== undefined) task.warnAt = w;
      if (d !== undefined) task.dueAt = d;
      if (w !== undefined || d !== undefined) this.dirtyTasks.add(task.taskId);
    }
    for (const call of this.calls.values()) call.dueAt = get(`call:${call.activation}`) ?? call.dueAt;
    this.appointmentAt = get('appointment') ?? this.appointmentAt;
    this.originalAppointmentAt = get('original') ?? this.originalAppointmentAt;
    this.dossierExtra.dueAt = isoOrNull(this.appointmentAt);
    this.dossierDirty = true;
    this.emit(now, 'deadlines-moved', {
      pause: pause.n,
      pausedWorkingMs: pause.pausedWorkingMs,
      appointmentAt: isoOrNull(this.appointmentAt),
    });
  }

  validateApologize(args: ApologizeArgs): void {
    this.assertActor(args?.actor, 'actor');
    this.assertRunning();
    if (this.apologized) {
      throw new Rejection(
        'already-apologized',
        'đã xin lỗi và hẹn lại một lần; không được hẹn lại lần nữa',
        'the appointment was already rescheduled once with an apology',
      );
    }
    const at = Date.parse(args.newAppointmentAt);
    if (!Number.isFinite(at)) {
      throw new Rejection(
        'invalid-argument',
        'newAppointmentAt không phải thời điểm ISO',
        'newAppointmentAt is not an ISO instant',
      );
    }
    if (this.appointmentAt !== undefined && at <= this.appointmentAt) {
      throw new Rejection(
        'invalid-argument',
        'ngày hẹn mới phải sau ngày hẹn hiện tại',
        'the new appointment must be later than the current one',
      );
    }
  }

  apologize(now: number, args: ApologizeArgs): void {
    this.validateApologize(args);
    const previous = this.appointmentAt;
    this.apologized = true;
    this.appointmentAt = Date.parse(args.newAppointmentAt);
    this.timers.delete('apology-reminder');
    this.dossierExtra.dueAt = iso(this.appointmentAt);
    this.dossierDirty = true;
    this.emit(
      now,
      'apologized',
      {
        reason: args.reason ?? '',
        previousAppointmentAt: isoOrNull(previous),
        newAppointmentAt: iso(this.appointmentAt),
      },
      undefined,
      args.actor,
    );
  }

  validateEnd(args: { actor: string; reason: string }): void {
    this.assertActor(args?.actor, 'actor');
    this.assertActor(args?.reason, 'reason');
    this.assertRunning();
  }

  /** Withdrawal, stop or refusal by a person: the dossier ends now, whatever the model. */
  endBy(
    now: number,
    outcome: 'withdrawn' | 'stopped' | 'refused',
    args: { actor: string; reason: string },
  ): void {
    this.validateEnd(args);
    this.emit(now, outcome, { reason: args.reason }, undefined, args.actor);
    this.finish(now, outcome, args.actor, args.reason);
  }

  /** The workflow itself was cancelled (Temporal cancel request, or a parent dossier that ended). */
  cancelled(now: number, reason: string): void {
    if (this.finished) return;
    this.emit(now, 'stopped', { reason }, undefined, 'system');
    this.finish(now, 'stopped', 'system', reason);
  }

  /**
   * An e-receipt was recorded. Always kept (FEEL sees `payments` / `paid`); when a financial obligation request of
   * this dossier is open, the payment ends it and the clocks resume. Any payment ends it: the receipt is the
   * proof the obligation was met, and the event shows what was requested against what was paid.
   */
  paymentReceived(now: number, args: PaymentReceivedArgs): void {
    const payment = { receiptNo: String(args?.receiptNo ?? ''), amount: Number(args?.amount ?? 0) };
    const seen = payment.receiptNo !== '' && this.payments.some((p) => p.receiptNo === payment.receiptNo);
    if (seen && this.patched(PATCHES.paymentReceiptOnce)) {
      this.emit(now, 'payment-duplicate', { receiptNo: payment.receiptNo, amount: args?.amount ?? null });
      return;
    }
    this.payments.push(payment);
    const pause = this.openPause;
    if (this.finished || !pause || pause.kind !== 'payment' || pause.fromParent) {
      this.emit(now, 'payment-received', {
        receiptNo: args?.receiptNo ?? null,
        amount: args?.amount ?? null,
      });
      return;
    }
    this.resume(now, pause, { actor: 'applicant', documents: [] }, () =>
      this.emit(now, 'payment-received', {
        receiptNo: args?.receiptNo ?? null,
        amount: args?.amount ?? null,
        pause: pause.n,
        requested: pause.amount ?? 0,
      }),
    );
  }

  validateRetry(args: RetryIncidentArgs): void {
    this.assertActor(args?.actor, 'actor');
    this.assertRunning();
    const incident = this.incidents.get(args.incidentId);
    if (!incident || incident.status !== 'open') {
      throw new Rejection(
        'incident-not-found',
        `không có sự cố đang mở ${args.incidentId}`,
        `no open incident ${args.incidentId}`,
      );
    }
  }

  retryIncident(now: number, args: RetryIncidentArgs): void {
    this.validateRetry(args);
    const incident = this.incidents.get(args.incidentId)!;
    incident.status = 'resolved';
    incident.resolvedAt = now;
    this.dirtyIncidents.add(incident.id);
    this.emit(now, 'incident-retried', { incidentId: incident.id }, incident.nodeId, args.actor);
    const token = this.tokens.get(incident.tokenId);
    if (!token) return;
    const node = this.node(token.nodeId);
    const activation = this.incidentActivations.get(incident.id);
    if (node.kind === 'serviceTask' && activation) {
      const previous = this.serviceAttempts.get(activation) ?? 1;
      this.serviceAttempts.set(activation, previous + 1);
      this.runService(now, token, node, activation, previous + 1);
    } else if (node.kind === 'callActivity' && activation) {
      const call = this.calls.get(activation);
      const attempt = (call?.attempt ?? 1) + 1;
      this.calls.delete(activation);
      this.startCall(now, token, node, attempt, activation);
    } else {
      token.wait = { kind: 'ready' };
      this.ready.push(token.id);
    }
  }

  private readonly incidentActivations = new Map<string, string>();
  private readonly serviceAttempts = new Map<string, number>();

  private openIncident(
    now: number,
    token: Token,
    kind: Incident['kind'],
    message: string,
    activation?: string,
  ): void {
    const id = `inc-${this.nextIncident++}`;
    const incident: Incident = {
      id,
      nodeId: token.nodeId,
      tokenId: token.id,
      kind,
      message,
      status: 'open',
      openedAt: now,
    };
    this.incidents.set(id, incident);
    if (activation) {
      this.incidentActivations.set(id, activation);
      if (!this.serviceAttempts.has(activation)) {
        this.serviceAttempts.set(activation, this.services.get(activation)?.attempt ?? 1);
      }
    }
    token.wait = { kind: 'incident', incidentId: id };
    this.dirtyIncidents.add(id);
    this.dossierDirty = true;
    this.emit(now, 'incident-opened', { incidentId: id, kind, message }, token.nodeId);
  }

  private finish(now: number, outcome: EndOutcome, actor?: string, reason?: string): void {
    if (this.finished) return;
    for (const task of [...this.tasks.values()]) {
      if (task.status === 'open' || task.status === 'claimed')
        this.cancelActivation(now, task.taskId, outcome, actor ?? 'system');
    }
    for (const a of [...this.services.keys(), ...this.calls.keys()])
      this.cancelActivation(now, a, outcome, actor ?? 'system');
    for (const incident of this.incidents.values()) {
      if (incident.status === 'open') {
        incident.status = 'resolved';
        incident.resolvedAt = now;
        this.dirtyIncidents.add(incident.id);
      }
    }
    const pause = this.pauses[this.pauses.length - 1];
    if (pause && pause.end === undefined) {
      pause.end = now;
      this.dirtyPauses.add(pause.n);
    }
    this.timers.clear();
    this.tokens.clear();
    this.ready.length = 0;
    this.setStatus(FINAL_STATUS[outcome]);
    this.finished = { outcome, finishedAt: iso(now) };
    this.dossierExtra.finishedAt = iso(now);
    this.dossierExtra.outcome = outcome;
    this.dossierDirty = true;
    const payload: Record<string, unknown> = { outcome };
    if (reason) payload.reason = reason;
    const event = this.emit(now, 'result', payload, undefined, actor);
    if (
      outcome === 'returned' &&
      (this.originalAppointmentAt !== undefined || this.dossierExtra.appointmentKey)
    ) {
      this.classificationPending = true;
      const req: Omit<Extract<CalendarRequest, { op: 'classify' }>, 'key'> = {
        op: 'classify',
        agency: this.input.agencyCode,
        finishedAt: iso(now),
      };
      if (this.originalAppointmentAt !== undefined) req.appointmentAt = iso(this.originalAppointmentAt);
      else req.appointmentKey = this.dossierExtra.appointmentKey!;
      const key = this.requestCalendar(req, (r) => {
        this.classificationPending = false;
        if (this.finished && r.classification) this.finished.classification = r.classification;
        event.payload.classification = r.classification ?? null;
      });
      this.dossierExtra.classificationKey = key;
    }
  }

  // =========================================================================================================
  // Projection batches
  // =========================================================================================================

  private emit(
    now: number,
    type: string,
    payload: Record<string, unknown>,
    nodeId?: string,
    actor?: string,
  ): ProjectedEvent {
    const event: ProjectedEvent = { seq: ++this.seq, type, at: iso(now), payload };
    if (nodeId !== undefined) event.nodeId = nodeId;
    if (actor !== undefined) event.actor = actor;
    this.pendingEvents.push(event);
    this.timeline.push(event);
    return event;
  }

  private requestCalendar(
    req: DistributiveOmit<CalendarRequest, 'key'>,
    handler: (r: CalendarResult) => void,
  ): string {
    const key = `c${this.nextCalendarKey++}`;
    this.calendarRequests.push({ ...req, key } as CalendarRequest);
    this.calendarHandlers.set(key, handler);
    return key;
  }

  /** The next batch for the projection activity, or undefined when there is nothing to write. */
  takeBatch(): TransitionInput | undefined {
    if (
      this.pendingEvents.length === 0 &&
      this.calendarRequests.length === 0 &&
      this.describeRequests.size === 0
    ) {
      return undefined;
    }
    const batch: TransitionInput = {
      workflowId: this.workflowId,
      dossierId: this.input.dossierId,
      dossierCode: this.input.dossierCode,
      events: this.pendingEvents,
      tasks: [...this.dirtyTasks].map((id) => this.taskRow(this.tasks.get(id)!)),
      pauses: [...this.dirtyPauses].map((n) => this.pauseRow(this.pauses[n - 1]!)),
      escalations: [...this.dirtyEscalations].map((id) => this.escalationRow(id)),
      incidents: [...this.dirtyIncidents].map((id) => this.incidentRow(this.incidents.get(id)!)),
      calendar: this.calendarRequests,
      describePlugins: [...this.describeRequests],
    };
    if (this.input.parent) batch.parentWorkflowId = this.input.parent.workflowId;
    if (this.dossierDirty) batch.dossier = this.dossierPatch();
    this.pendingEvents = [];
    this.calendarRequests = [];
    this.describeRequests = new Set();
    this.dirtyTasks.clear();
    this.dirtyPauses.clear();
    this.dirtyEscalations.clear();
    this.dirtyIncidents.clear();
    this.dossierDirty = false;
    this.dossierExtra = {};
    return batch;
  }

  /** Applies what the projection activity answered (calendar instants, plugin descriptors). */
  applyBatchResult(now: number, batch: TransitionInput, result: TransitionResult): void {
    if (batch.events.length > 0)
      this.projectedSeq = Math.max(this.projectedSeq, batch.events[batch.events.length - 1]!.seq);
    for (const [type, d] of Object.entries(result.plugins ?? {})) this.descriptors.set(type, d);
    for (const req of batch.calendar) {
      const handler = this.calendarHandlers.get(req.key);
      this.calendarHandlers.delete(req.key);
      const r = result.calendar?.[req.key];
      if (handler && r) handler(r);
    }
    // Fill the timeline copies the activity filled in the database.
    for (const e of batch.events) {
      if (e.deadlineKey) {
        const r = result.calendar?.[e.deadlineKey];
        if (r?.instants) {
          e.payload.warnAt = r.instants[0] ?? null;
          e.payload.dueAt = r.instants[1] ?? null;
        }
      }
    }
    for (const type of batch.describePlugins) {
      for (const call of [...this.services.values()]) {
        if (call.state === 'describing' && call.node.plugin === type) this.launchService(now, call);
      }
    }
  }

  private taskRow(task: Task): TaskRow {
    const row: TaskRow = {
      taskId: task.taskId,
      nodeId: task.node.id,
      nameVi: task.node.name.vi,
      nameEn: task.node.name.en ?? null,
      role: task.node.role,
      agency: task.agency,
      assignee: task.assignee,
      status: task.status,
      outcome: task.outcome,
      openedAt: iso(task.openedAt),
      warnAt: isoOrNull(task.warnAt),
      dueAt: isoOrNull(task.dueAt),
      completedAt: isoOrNull(task.completedAt),
      overdue: task.overdue,
    };
    const key = this.taskDeadlineKeys.get(task.taskId);
    if (key && task.dueAt === undefined) row.deadlineKey = key;
    return row;
  }

  private pauseRow(p: Pause): PauseRow {
    return {
      n: p.n,
      reason: p.reason,
      actor: p.actor,
      missing: p.missing,
      startedAt: iso(p.start),
      endedAt: isoOrNull(p.end),
      pausedWorkingMs: p.pausedWorkingMs ?? null,
    };
  }

  private escalationRow(id: string): EscalationRow {
    const e = this.escalations.find((x) => x.id === id)!;
    return {
      escalationId: e.id,
      taskId: e.taskId,
      nodeId: e.nodeId,
      toRole: e.toRole,
      agency: e.agency,
      reason: e.reason,
      actor: e.actor,
      auto: e.auto,
      at: iso(e.at),
    };
  }

  private incidentRow(i: Incident): IncidentRow {
    return {
      incidentId: i.id,
      nodeId: i.nodeId,
      kind: i.kind,
      message: i.message,
      status: i.status,
      openedAt: iso(i.openedAt),
      resolvedAt: isoOrNull(i.resolvedAt),
    };
  }

  private dossierPatch(): DossierPatch {
    const patch: DossierPatch = {
      status: this.status,
      nationalStatus: NATIONAL_STATUS[this.status],
      currentStep: this.currentSteps().join(',').slice(0, 128) || null,
      ...this.dossierExtra,
    };
    return patch;
  }

  /** Node ids where the dossier currently is: open tasks, running plugins and calls. */
  currentSteps(): string[] {
    const steps: string[] = [];
    for (const t of this.tokens.values()) {
      if (
        t.wait.kind === 'task' ||
        t.wait.kind === 'service' ||
        t.wait.kind === 'call' ||
        t.wait.kind === 'incident'
      ) {
        if (!steps.includes(t.nodeId)) steps.push(t.nodeId);
      }
    }
    return steps;
  }

  takeEffects(): Effect[] {
    const effects = this.effects;
    this.effects = [];
    return effects;
  }

  // =========================================================================================================
  // Views
  // =========================================================================================================

  private feelContext(): Record<string, unknown> {
    const paid = this.payments.reduce((s, p) => s + (Number.isFinite(p.amount) ? p.amount : 0), 0);
    return {
      ...this.data,
      data: this.data,
      outcome: this.lastOutcome,
      tasks: this.taskResults,
      calls: this.callResults,
      dossier: {
        channel: this.input.channel,
        applicantType: this.input.applicantType,
        procedure: this.ir.procedure.code,
        code: this.input.dossierCode,
      },
      payments: this.payments,
      paid,
    };
  }

  openTasks(): OpenTaskView[] {
    const views: OpenTaskView[] = [];
    for (const t of this.tasks.values()) {
      if (t.status !== 'open' && t.status !== 'claimed') continue;
      views.push({
        taskId: t.taskId,
        nodeId: t.node.id,
        name: t.node.name,
        role: t.node.role,
        agency: t.agency,
        assignee: t.assignee,
        openedAt: iso(t.openedAt),
        warnAt: isoOrNull(t.warnAt),
        dueAt: isoOrNull(t.dueAt),
        overdue: t.overdue,
        outcomes: t.node.outcomes,
        escalatedTo: t.escalatedTo,
      });
    }
    return views;
  }

  get currentStatus(): DossierStatus {
    return this.status;
  }

  get dossierOverdue(): boolean {
    return this.overdue;
  }

  get appointment(): number | undefined {
    return this.appointmentAt;
  }

  get hasOpenIncident(): boolean {
    for (const i of this.incidents.values()) if (i.status === 'open') return true;
    return false;
  }

  /** Earliest deadline among open tasks (the step due instant supervisors sort by). */
  stepDueAt(): number | undefined {
    let min: number | undefined;
    for (const t of this.tasks.values()) {
      if (
        (t.status === 'open' || t.status === 'claimed') &&
        t.dueAt !== undefined &&
        (min === undefined || t.dueAt < min)
      )
        min = t.dueAt;
    }
    return min;
  }

  anyOverdue(): boolean {
    if (this.overdue) return true;
    for (const t of this.tasks.values())
      if ((t.status === 'open' || t.status === 'claimed') && t.overdue) return true;
    for (const c of this.calls.values()) if (c.overdue) return true;
    return false;
  }

  snapshot(): DossierStateView {
    return {
      workflowId: this.workflowId,
      dossierCode: this.input.dossierCode,
      status: this.status,
      nationalStatus: NATIONAL_STATUS[this.status],
      tokens: [...this.tokens.values()].map((t) => ({ id: t.id, nodeId: t.nodeId, waiting: t.wait.kind })),
      openTasks: this.openTasks(),
      pauses: this.pauses.map((p) => {
        const v: DossierStateView['pauses'][number] = {
          kind: p.kind,
          start: iso(p.start),
          reason: p.reason,
          actor: p.actor,
          missing: p.missing,
        };
        if (p.amount !== undefined) v.amount = p.amount;
        if (p.items !== undefined) v.items = p.items.map((i) => ({ ...i }));
        if (p.end !== undefined) v.end = iso(p.end);
        if (p.pausedWorkingMs !== undefined) v.pausedWorkingMs = p.pausedWorkingMs;
        return v;
      }),
      escalations: this.escalations.map((e) => ({
        id: e.id,
        taskId: e.taskId,
        nodeId: e.nodeId,
        toRole: e.toRole,
        reason: e.reason,
        actor: e.actor,
        auto: e.auto,
        at: iso(e.at),
      })),
      incidents: [...this.incidents.values()].map((i) => {
        const v: IncidentView = {
          id: i.id,
          nodeId: i.nodeId,
          kind: i.kind,
          message: i.message,
          status: i.status,
          openedAt: iso(i.openedAt),
        };
        if (i.resolvedAt !== undefined) v.resolvedAt = iso(i.resolvedAt);
        return v;
      }),
      appointmentAt: isoOrNull(this.appointmentAt),
      originalAppointmentAt: isoOrNull(this.originalAppointmentAt),
      apologized: this.apologized,
      overdue: this.anyOverdue(),
      finished: this.finished ? { ...this.finished } : null,
      payments: [...this.payments],
      timeline: this.timeline.map((e) => {
        const v: DossierStateView['timeline'][number] = {
          seq: e.seq,
          type: e.type,
          at: e.at,
          payload: e.payload,
        };
        if (e.nodeId !== undefined) v.nodeId = e.nodeId;
        if (e.actor !== undefined) v.actor = e.actor;
        return v;
      }),
    };
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export type { Classification };
