/**
 * Escalation (chuyển cấp trên): a task is brought to a role's attention — by a supervisor, or automatically when
 * its deadline passes (to the model's `escalationRole`, default supervisor). The task keeps running.
 */
import { touchEscalation } from './outbox.js';
import type { EscalateArgs } from '../definitions.js';
import { assertActor } from './rejection.js';
import type { EngineState, Task } from './state.js';
import { openTaskOrReject, task as taskById, taskEvent } from './task-lookup.js';

/** Role escalated to at 100% of a step's SLA when the model names none. */
export const DEFAULT_ESCALATION_ROLE = 'supervisor';

export function addEscalation(
  s: EngineState,
  now: number,
  task: Task,
  toRole: string,
  reason: string,
  actor: string,
  auto: boolean,
): void {
  const id = `esc-${s.tasks.nextEscalation++}`;
  s.tasks.escalations.push({
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
  touchEscalation(s, id);
  taskEvent(s, now, 'escalated', task, actor, { escalationId: id, toRole, reason, auto });
}

export function validateEscalate(s: EngineState, args: EscalateArgs): void {
  assertActor(args?.actor, 'actor');
  assertActor(args?.toRole, 'toRole');
  openTaskOrReject(s, args.taskId);
}

export function escalate(s: EngineState, now: number, args: EscalateArgs): void {
  validateEscalate(s, args);
  addEscalation(s, now, taskById(s, args.taskId), args.toRole, args.reason ?? '', args.actor, false);
}
