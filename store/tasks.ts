import type { Db, TaskRow } from './types.js';

export interface TaskFilter {
  status?: Array<TaskRow['status']>;
  /**
   * What the caller may see: tasks of `role` (any role when absent) in `agencies` (every agency when absent).
   * A task matches when any scope matches. Undefined = no restriction.
   */
  scopes?: Array<{ role?: string; agencies?: string[] }>;
  /** Narrowing asked by the caller. */
  roles?: string[];
  agencies?: string[];
  assignee?: string;
  dossierId?: string;
  /** Only tasks past their due time (or flagged overdue). */
  overdue?: boolean;
  /** Tasks due before this instant. */
  dueBefore?: Date;
  limit: number;
  offset: number;
}

export interface TaskListItem extends TaskRow {
  dossier_code: string;
  procedure_code: string;
  dossier_due_at: Date | null;
}

/** An inbox page: tasks joined with their dossier code, most urgent first. */
export async function listTasks({
  knex,
  filter,
}: {
  knex: Db;
  filter: TaskFilter;
}): Promise<{ items: TaskListItem[]; total: number }> {
  const q = knex('tasks as t').join('dossiers as d', 'd.id', 't.dossier_id');
  if (filter.status?.length) q.whereIn('t.status', filter.status);
  if (filter.scopes) {
    const scopes = filter.scopes;
    q.where((w) => {
      if (scopes.length === 0) w.whereRaw('false');
      for (const s of scopes) {
        w.orWhere((x) => {
          if (s.role) x.where('t.role', s.role);
          if (s.agencies) x.whereIn('t.agency_code', s.agencies);
          if (!s.role && !s.agencies) x.whereRaw('true');
        });
      }
    });
  }
  if (filter.roles) q.whereIn('t.role', filter.roles);
  if (filter.agencies) q.whereIn('t.agency_code', filter.agencies);
  if (filter.assignee) q.where('t.assignee', filter.assignee);
  if (filter.dossierId) q.where('t.dossier_id', filter.dossierId);
  if (filter.overdue) q.where((w) => w.where('t.overdue', true).orWhere('t.due_at', '<', new Date()));
  if (filter.dueBefore) q.where('t.due_at', '<', filter.dueBefore);
  const [countRow] = (await q.clone().count({ count: '*' })) as Array<{ count: string | number }>;
  const items = (await q
    .clone()
    .select('t.*', 'd.code as dossier_code', 'd.procedure_code', 'd.due_at as dossier_due_at')
    .orderByRaw('t.due_at ASC NULLS LAST, t.opened_at ASC, t.id ASC')
    .limit(filter.limit)
    .offset(filter.offset)) as TaskListItem[];
  return { items, total: Number(countRow?.count ?? 0) };
}

export async function getTask({
  knex,
  workflowId,
  taskId,
}: {
  knex: Db;
  workflowId: string;
  taskId: string;
}): Promise<TaskRow | undefined> {
  return knex<TaskRow>('tasks').where({ workflow_id: workflowId, task_id: taskId }).first();
}
