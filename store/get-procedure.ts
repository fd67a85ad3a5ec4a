import type { Db, ProcedureRow, ProcedureVersionRow } from './types.js';

/** Procedures with a code (one per level). */
export async function getProceduresByCode({
  knex,
  code,
}: {
  knex: Db;
  code: string;
}): Promise<ProcedureRow[]> {
  return knex<ProcedureRow>('procedures').where({ code }).orderBy('level');
}

export async function getProcedureById({
  knex,
  id,
}: {
  knex: Db;
  id: number;
}): Promise<ProcedureRow | undefined> {
  return knex<ProcedureRow>('procedures').where({ id }).first();
}

/** The latest published version of a procedure, with its IR. */
export async function getLatestPublishedVersion({
  knex,
  procedureId,
}: {
  knex: Db;
  procedureId: number;
}): Promise<ProcedureVersionRow | undefined> {
  return knex<ProcedureVersionRow>('procedure_versions')
    .where({ procedure_id: procedureId, status: 'published' })
    .orderBy('version', 'desc')
    .first();
}

export async function getProcedureVersion({
  knex,
  procedureId,
  version,
}: {
  knex: Db;
  procedureId: number;
  version: number;
}): Promise<ProcedureVersionRow | undefined> {
  return knex<ProcedureVersionRow>('procedure_versions')
    .where({ procedure_id: procedureId, version })
    .first();
}

export async function getProcedureVersionById({
  knex,
  id,
}: {
  knex: Db;
  id: number;
}): Promise<ProcedureVersionRow | undefined> {
  return knex<ProcedureVersionRow>('procedure_versions').where({ id }).first();
}

/** Version history without the heavy columns (model source, IR). */
export async function listProcedureVersions({
  knex,
  procedureId,
}: {
  knex: Db;
  procedureId: number;
}): Promise<Array<Omit<ProcedureVersionRow, 'model_source' | 'ir' | 'metadata'>>> {
  return knex('procedure_versions')
    .select(
      'id',
      'procedure_id',
      'version',
      'status',
      'model_kind',
      'ir_hash',
      'change_note',
      'created_by',
      'published_at',
      'published_by',
      'created_at',
      'updated_at',
    )
    .where({ procedure_id: procedureId })
    .orderBy('version', 'desc');
}
