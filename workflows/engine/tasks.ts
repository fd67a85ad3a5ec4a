/**
 * Human tasks (user tasks): opened with a deadline on the task agency's calendar (a warning at `warningAt` of
 * it), claimed, completed with an outcome and form data, returned to an earlier step, reassigned. At the
 * deadline the task is flagged overdue and escalated; it keeps running.
 */
import type { UserTaskNode } from '../../ir/index.js';
import type { ClaimTaskArgs, CompleteTaskArgs, ReassignTaskArgs, ReturnTaskArgs } from '../definitions.js';
import { addEscalation, DEFAULT_ESCALATION_ROLE } from './escalations.js';
import { checkForm } from './form.js';
import { cancelActivation } from './lifecycle.js';
import { node } from './model.js';
import { emit, requestCalendar, touchDossier, touchTask } from './outbox.js';
import { assertNotPaused } from './pauses.js';
import { assertActor, Rejection } from './rejection.js';
import { iso, isoOrNull, type EngineState, type Task, type Timer, type Token } from './state.js';
import { updatePhaseOnOpen } from './status.js';
import { openTaskOrReject, task as taskById, taskEvent } from './task-lookup.js';
import { armBoundaries } from './timer-events.js';
import { addTimer, clearTimers, setTimerAt } from './timers.js';
import { activate, leave } from './tokens.js';

export function openTask(
  s: EngineState,
  now: number,
  token: Token,
  n: UserTaskNode,
  assignee: string | null = null,
): void {
  const taskId = activate(s, n.id);
  const agency = n.agency ?? s.input.agencyCode;
  const task: Task = {
    taskId,
    node: n,
    tokenId: token.id,
    agency,
    assignee,
    status: assignee ? 'claimed' : 'open',
    outcome: null,
    openedAt: now,
    overdue: false,
    escalatedTo: null,
  };
  s.tasks.byId.set(taskId, task);
  token.wait = { kind: 'task', activation: taskId };
  touchTask(s, taskId);
  touchDossier(s);
  updatePhaseOnOpen(s, n.role);
  const warn = addTimer(s, {
    id: `warn:${taskId}`,
    kind: 'task-warn',
    activation: taskId,
    tokenId: token.id,
  });
  const due = addTimer(s, { id: `due:${taskId}`, kind: 'task-due', activation: taskId, tokenId: token.id });
  const key = requestCalendar(
    s,
    { op: 'add', agency, start: iso(now), duration: n.duration, fractions: [n.warningAt ?? 0.75, 1] },
    (r) => {
      const [w, d] = r.instants ?? [];
      if (w) task.warnAt = Date.parse(w);
      if (d) task.dueAt = Date.parse(d);
      setTimerAt(s, warn, w);
      setTimerAt(s, due, d);
    },
  );
  s.tasks.deadlineKeys.set(taskId, key);
  const event = emit(
    s,
    now,
    'task-opened',
    { taskId, role: n.role, agency, name: n.name, assignee, duration: n.duration },
    n.id,
  );
  event.deadlineKey = key;
  armBoundaries(s, now, token, taskId, n.boundaryEvents, n.duration, agency);
}

/** The warning (at `warningAt` of the SLA) or the deadline of a task. */
export function onTaskTimer(s: EngineState, now: number, timer: Timer): void {
  const task = s.tasks.byId.get(timer.activation!);
  if (!task) return;
  if (timer.kind === 'task-warn') {
    taskEvent(s, now, 'task-warning', task, 'system', { dueAt: isoOrNull(task.dueAt) });
    return;
  }
  task.overdue = true;
  touchTask(s, task.taskId);
  touchDossier(s);
  taskEvent(s, now, 'task-overdue', task, 'system', { dueAt: isoOrNull(task.dueAt) });
  addEscalation(
    s,
    now,
    task,
    task.node.escalationRole ?? DEFAULT_ESCALATION_ROLE,
    'quá hạn xử lý bước / step deadline reached',
    'system',
    true,
  );
}

export function validateClaim(s: EngineState, args: ClaimTaskArgs): void {
  assertActor(args?.userId, 'userId');
  const task = openTaskOrReject(s, args.taskId);
  if (task.assignee && task.assignee !== args.userId) {
    throw new Rejection(
      'not-assignee',
      `công việc ${args.taskId} đã được ${task.assignee} nhận`,
      `task ${args.taskId} is already claimed by ${task.assignee}`,
    );
  }
}

export function claim(s: EngineState, now: number, args: ClaimTaskArgs): void {
  validateClaim(s, args);
  const task = taskById(s, args.taskId);
  if (task.assignee === args.userId)
    return taskEvent(s, now, 'task-claimed', task, args.userId, { again: true });
  task.assignee = args.userId;
  task.status = 'claimed';
  touchTask(s, task.taskId);
  taskEvent(s, now, 'task-claimed', task, args.userId, {});
}

export function validateComplete(s: EngineState, args: CompleteTaskArgs): void {
  assertActor(args?.userId, 'userId');
  const task = openTaskOrReject(s, args.taskId);
  assertNotPaused(s);
  // Who may complete is not checked here: assignment lives in PostgreSQL (store/task-assignments.ts) and the API
  // checks the task row before it calls. The engine records who completed. (Validators do not run on replay, so
  // histories that had this check replay as they were.)
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
    const problems = checkForm(`${s.input.compiled.hash}:${task.node.id}`, task.node.formSchema, data);
    if (problems.length > 0) {
      throw new Rejection(
        'invalid-form-data',
        `dữ liệu biểu mẫu không hợp lệ: ${problems.join('; ')}`,
        `form data is invalid: ${problems.join('; ')}`,
      );
    }
  }
}

export function complete(s: EngineState, now: number, args: CompleteTaskArgs): void {
  validateComplete(s, args);
  const task = taskById(s, args.taskId);
  const d = s.dossier;
  const data = { ...(args.data ?? {}) };
  task.assignee = args.userId;
  task.status = 'completed';
  task.outcome = args.outcome;
  task.completedAt = now;
  touchTask(s, task.taskId);
  touchDossier(s);
  d.lastAssignee.set(task.node.id, args.userId);
  d.data = { ...d.data, ...data };
  d.taskResults[task.node.id] = { outcome: args.outcome, data };
  d.lastOutcome = args.outcome;
  clearTimers(s, task.taskId);
  taskEvent(s, now, 'task-completed', task, args.userId, { outcome: args.outcome, data });
  const token = s.tokens.byId.get(task.tokenId);
  if (token) {
    token.trail.push(task.node.id);
    leave(s, token, task.node.outgoing);
  }
}

export function validateReturn(s: EngineState, args: ReturnTaskArgs): void {
  assertActor(args?.userId, 'userId');
  const task = openTaskOrReject(s, args.taskId);
  assertNotPaused(s);
  // As for completion, the API checks the assignee (the task row) before it calls.
  const token = s.tokens.byId.get(task.tokenId);
  const target = s.model.nodes.get(args.toNodeId);
  if (!token || !target || target.kind !== 'userTask' || !token.trail.includes(args.toNodeId)) {
    throw new Rejection(
      'invalid-return-target',
      `không thể trả về bước "${args.toNodeId}": bước này chưa được thực hiện trước ${task.node.id}`,
      `cannot return to "${args.toNodeId}": it is not a step completed before ${task.node.id}`,
    );
  }
}

/** Sends the work back to an earlier step on this token's path, to whoever did it last. */
export function returnTo(s: EngineState, now: number, args: ReturnTaskArgs): void {
  validateReturn(s, args);
  const task = taskById(s, args.taskId);
  const token = s.tokens.byId.get(task.tokenId)!;
  cancelActivation(s, now, task.taskId, 'returned', args.userId);
  taskEvent(s, now, 'task-returned', task, args.userId, {
    toNodeId: args.toNodeId,
    reason: args.reason ?? '',
  });
  token.trail = token.trail.slice(0, token.trail.lastIndexOf(args.toNodeId));
  token.nodeId = args.toNodeId;
  delete token.via;
  openTask(
    s,
    now,
    token,
    node(s.model, args.toNodeId) as UserTaskNode,
    s.dossier.lastAssignee.get(args.toNodeId) ?? null,
  );
}

export function validateReassign(s: EngineState, args: ReassignTaskArgs): void {
  assertActor(args?.actor, 'actor');
  assertActor(args?.assignee, 'assignee');
  openTaskOrReject(s, args.taskId);
}

export function reassign(s: EngineState, now: number, args: ReassignTaskArgs): void {
  validateReassign(s, args);
  const task = taskById(s, args.taskId);
  const from = task.assignee;
  task.assignee = args.assignee;
  task.status = 'claimed';
  touchTask(s, task.taskId);
  taskEvent(s, now, 'task-reassigned', task, args.actor, {
    from,
    to: args.assignee,
    reason: args.reason ?? '',
  });
}
