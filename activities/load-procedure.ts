/** The latest published version of a called procedure (call activities pin it when the call starts). */
import { ApplicationFailure } from '@temporalio/common';
import type { Knex } from '../db/index.js';
import type { CompiledProcedure } from '../ir/index.js';
import type { LoadedProcedure, LoadProcedureInput } from '../workflows/index.js';

export async function loadPublishedProcedure(knex: Knex, req: LoadProcedureInput): Promise<LoadedProcedure> {
  const query = knex('procedure_versions as v')
    .join('procedures as p', 'p.id', 'v.procedure_id')
    .where('p.code', req.code)
    .andWhere('v.status', 'published')
    .whereNotNull('v.ir')
    .select('v.id', 'v.ir', 'v.ir_hash', 'p.agency_code', 'p.level')
    .orderBy('v.published_at', 'desc')
    .orderBy('v.version', 'desc')
    .first();
  if (req.level) query.andWhere('p.level', req.level);
  const row = (await query) as
    | { id: number; ir: CompiledProcedure['ir']; ir_hash: string | null; agency_code: string; level: string }
    | undefined;
  if (!row) {
    throw ApplicationFailure.nonRetryable(
      `không có phiên bản đã công bố của thủ tục ${req.code} / no published version of procedure ${req.code}`,
      'procedure-not-found',
    );
  }
  return {
    procedureVersionId: Number(row.id),
    compiled: { hash: row.ir_hash ?? '', ir: row.ir },
    agencyCode: row.agency_code,
  };
}
