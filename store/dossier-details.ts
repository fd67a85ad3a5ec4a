import type { Db, DocumentRow, DossierEventRow, TaskRow } from './types.js';

export async function listDossierEvents({
  knex,
  dossierId,
}: {
  knex: Db;
  dossierId: string;
}): Promise<DossierEventRow[]> {
  const [events, assignments] = await Promise.all([
    knex<DossierEventRow>('dossier_events').where({ dossier_id: dossierId }).orderBy('seq'),
    knex('task_assignments').where({ dossier_id: dossierId }).orderBy('id'),
  ]);
  if (assignments.length === 0) return events;
  // Claims and reassignments (store/task-assignments.ts) read as the task events the workflow wrote before they
  // left it, each right after the last event projected when it happened.
  const shown: DossierEventRow[] = assignments.map((a) => ({
    id: -Number(a.id),
    dossier_id: a.dossier_id,
    workflow_id: a.workflow_id,
    seq: a.after_seq,
    type: a.action === 'claim' ? 'task-claimed' : 'task-reassigned',
    node_id: a.node_id,
    actor: a.actor,
    payload:
      a.action === 'claim'
        ? { taskId: a.task_id }
        : { taskId: a.task_id, from: a.previous, to: a.assignee, reason: a.reason ?? '' },
    at: a.at,
  }));
  const rank = (e: DossierEventRow) => (e.id < 0 ? 1 : 0);
  return [...events, ...shown].sort(
    (x, y) => x.seq - y.seq || rank(x) - rank(y) || Math.abs(x.id) - Math.abs(y.id),
  );
}

export async function listDossierTasks({
  knex,
  dossierId,
}: {
  knex: Db;
  dossierId: string;
}): Promise<TaskRow[]> {
  return knex<TaskRow>('tasks')
    .where({ dossier_id: dossierId })
    .orderBy([{ column: 'opened_at' }, { column: 'id' }]);
}

export async function listDocuments({
  knex,
  dossierId,
}: {
  knex: Db;
  dossierId: string;
}): Promise<DocumentRow[]> {
  return knex<DocumentRow>('documents')
    .where({ dossier_id: dossierId })
    .orderBy([{ column: 'uploaded_at' }, { column: 'id' }]);
}

export async function getDocument({ knex, id }: { knex: Db; id: string }): Promise<DocumentRow | undefined> {
  return knex<DocumentRow>('documents').where({ id }).first();
}
