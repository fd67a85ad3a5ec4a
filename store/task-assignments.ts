/**
 * Claiming and reassigning a task: guarded updates of its row (the workflow is not involved), each recorded in
 * task_assignments. A claim succeeds only while the task is open or already the caller's; a reassignment only while
 * it is open or claimed. When the update matches nothing, the answer says why.
 */
import { inTransaction } from './transaction.js';
import type { Db, TaskRow } from './types.js';

export type AssignmentRefusal = 'task-not-found' | 'task-not-open' | 'not-assignee';

export type AssignmentResult =
  { ok: true; task: TaskRow } | { ok: false; reason: AssignmentRefusal; task?: TaskRow };

async function record(
  knex: Db,
  task: TaskRow,
  a: {
    action: 'claim' | 'reassign';
    actor: string;
    assignee: string;
    previous: string | null;
    reason?: string;
  },
): Promise<void> {
  await knex.raw(
    `INSERT INTO task_assignments (dossier_id, workflow_id, task_id, node_id, action, actor, assignee, previous,
       reason, after_seq)
     SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, COALESCE(MAX(seq), 0) FROM dossier_events WHERE workflow_id = ?`,
    [
      task.dossier_id,
      task.workflow_id,
      task.task_id,
      task.node_id,
      a.action,
      a.actor,
      a.assignee,
      a.previous,
      a.reason ?? null,
      task.workflow_id,
    ],
  );
}

async function refusal(knex: Db, workflowId: string, taskId: string): Promise<AssignmentResult> {
  const task = await knex<TaskRow>('tasks').where({ workflow_id: workflowId, task_id: taskId }).first();
  if (!task) return { ok: false, reason: 'task-not-found' };
  if (task.status !== 'open' && task.status !== 'claimed')
    return { ok: false, reason: 'task-not-open', task };
  return { ok: false, reason: 'not-assignee', task };
}

/** The caller takes the task (again: a no-op that still answers ok). */
export async function claimTaskRow({
  knex,
  workflowId,
  taskId,
  username,
}: {
  knex: Db;
  workflowId: string;
  taskId: string;
  username: string;
}): Promise<AssignmentResult> {
  return inTransaction(knex, async (trx) => {
    const [task] = (await trx('tasks')
      .where({ workflow_id: workflowId, task_id: taskId })
      .whereIn('status', ['open', 'claimed'])
      .andWhere((q) => q.whereNull('assignee').orWhere('assignee', username))
      .update({ assignee: username, status: 'claimed' })
      .returning('*')) as TaskRow[];
    if (!task) return refusal(trx, workflowId, taskId);
    await record(trx, task, { action: 'claim', actor: username, assignee: username, previous: null });
    return { ok: true, task };
  });
}

/** A supervisor or leader gives the task to someone (whoever held it). */
export async function reassignTaskRow({
  knex,
  workflowId,
  taskId,
  actor,
  assignee,
  reason,
}: {
  knex: Db;
  workflowId: string;
  taskId: string;
  actor: string;
  assignee: string;
  reason?: string;
}): Promise<AssignmentResult> {
  return inTransaction(knex, async (trx) => {
    const before = await trx<TaskRow>('tasks')
      .where({ workflow_id: workflowId, task_id: taskId })
      .forUpdate()
      .first();
    const [task] = (await trx('tasks')
      .where({ workflow_id: workflowId, task_id: taskId })
      .whereIn('status', ['open', 'claimed'])
      .update({ assignee, status: 'claimed' })
      .returning('*')) as TaskRow[];
    if (!task) return refusal(trx, workflowId, taskId);
    const entry = { action: 'reassign' as const, actor, assignee, previous: before?.assignee ?? null };
    await record(trx, task, reason === undefined ? entry : { ...entry, reason });
    return { ok: true, task };
  });
}
