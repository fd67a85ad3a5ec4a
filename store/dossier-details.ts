import type { Db, DocumentRow, DossierEventRow, TaskRow } from './types.js';

export async function listDossierEvents({
  knex,
  dossierId,
}: {
  knex: Db;
  dossierId: string;
}): Promise<DossierEventRow[]> {
  return knex<DossierEventRow>('dossier_events').where({ dossier_id: dossierId }).orderBy('seq');
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
