/** Finding the task a human operation names (or rejecting the operation), and the events about a task. */
import { emit } from './outbox.js';
import { Rejection, assertRunning } from './rejection.js';
import type { EngineState, Task } from './state.js';

export function task(s: EngineState, taskId: string): Task {
  const t = s.tasks.byId.get(taskId);
  if (!t) {
    throw new Rejection(
      'task-not-found',
      `không có công việc ${taskId}`,
      `no task ${taskId} in this dossier`,
    );
  }
  return t;
}

/** A task still open or claimed, in a dossier still running. */
export function openTaskOrReject(s: EngineState, taskId: string): Task {
  assertRunning(s);
  const t = task(s, taskId);
  if (t.status !== 'open' && t.status !== 'claimed') {
    throw new Rejection(
      'task-not-open',
      `công việc ${taskId} không còn mở (${t.status})`,
      `task ${taskId} is not open (${t.status})`,
    );
  }
  return t;
}

/** An event about a task: its id first in the payload, on the task's node, by the actor. */
export function taskEvent(
  s: EngineState,
  now: number,
  type: string,
  t: Task,
  actor: string,
  payload: Record<string, unknown>,
): void {
  emit(s, now, type, { taskId: t.taskId, ...payload }, t.node.id, actor);
}
