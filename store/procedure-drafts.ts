import type { CompiledProcedure, ProcedureMetadata } from '../ir/index.js';
import type { Db, ProcedureVersionRow } from './types.js';
import { inTransaction } from './transaction.js';

/**
 * Creates a draft version (status 'draft') of a procedure, creating the procedure as a draft when new. Drafts take
 * the next version number, like published versions, so numbers never collide.
 */
export async function createDraftVersion({
  knex,
  draft,
}: {
  knex: Db;
  draft: {
    metadata: ProcedureMetadata;
    modelKind: 'bpmn' | 'steps';
    modelSource: string;
    changeNote?: string | null;
    actor: string;
  };
}): Promise<ProcedureVersionRow> {
  return inTransaction(knex, async (trx) => {
    const m = draft.metadata;
    const [proc] = (await trx('procedures')
      .insert({
        code: m.code,
        level: m.level,
        name_vi: m.names.vi,
        name_en: m.names.en ?? null,
        sector: m.sector,
        agency_code: m.agency,
        status: 'draft',
        latest_version: 1,
      })
      .onConflict(['code', 'level'])
      .merge({ latest_version: trx.raw('procedures.latest_version + 1'), updated_at: trx.fn.now() })
      .returning(['id', 'latest_version'])) as Array<{ id: number; latest_version: number }>;
    const [row] = (await trx('procedure_versions')
      .insert({
        procedure_id: proc!.id,
        version: proc!.latest_version,
        status: 'draft',
        metadata: JSON.stringify(m),
        model_kind: draft.modelKind,
        model_source: draft.modelSource,
        change_note: draft.changeNote ?? null,
        created_by: draft.actor,
      })
      .returning('*')) as ProcedureVersionRow[];
    return row!;
  });
}

export async function updateDraftVersion({
  knex,
  id,
  draft,
}: {
  knex: Db;
  id: number;
  draft: {
    metadata: ProcedureMetadata;
    modelKind: 'bpmn' | 'steps';
    modelSource: string;
    changeNote?: string | null;
  };
}): Promise<boolean> {
  const n = await knex('procedure_versions')
    .where({ id, status: 'draft' })
    .update({
      metadata: JSON.stringify(draft.metadata),
      model_kind: draft.modelKind,
      model_source: draft.modelSource,
      change_note: draft.changeNote ?? null,
      updated_at: knex.fn.now(),
    });
  return n === 1;
}

export async function deleteDraftVersion({ knex, id }: { knex: Db; id: number }): Promise<boolean> {
  return (await knex('procedure_versions').where({ id, status: 'draft' }).del()) === 1;
}

/** Turns a draft into the current published version (with its compiled IR). */
export async function publishDraftVersion({
  knex,
  id,
  compiled,
  metadata,
  changeNote,
  actor,
}: {
  knex: Db;
  id: number;
  compiled: CompiledProcedure;
  metadata: ProcedureMetadata;
  changeNote: string;
  actor: string;
}): Promise<boolean> {
  return inTransaction(knex, async (trx) => {
    const [row] = (await trx('procedure_versions')
      .where({ id, status: 'draft' })
      .update({
        status: 'published',
        ir: JSON.stringify(compiled.ir),
        ir_hash: compiled.hash,
        change_note: changeNote,
        published_at: trx.fn.now(),
        published_by: actor,
        updated_at: trx.fn.now(),
      })
      .returning(['procedure_id'])) as Array<{ procedure_id: number }>;
    if (!row) return false;
    await trx('procedures')
      .where({ id: row.procedure_id })
      .update({
        status: 'published',
        name_vi: metadata.names.vi,
        name_en: metadata.names.en ?? null,
        sector: metadata.sector,
        agency_code: metadata.agency,
        updated_at: trx.fn.now(),
      });
    return true;
  });
}

/** No new dossiers for a retired procedure; running ones keep their version. */
export async function setProcedureStatus({
  knex,
  procedureId,
  status,
}: {
  knex: Db;
  procedureId: number;
  status: 'published' | 'retired';
}): Promise<void> {
  await knex('procedures').where({ id: procedureId }).update({ status, updated_at: knex.fn.now() });
}
