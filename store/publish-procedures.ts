import type { CompiledProcedure, ProcedureMetadata } from '../ir/index.js';
import type { Db } from './types.js';

export interface PublishEntry {
  metadata: ProcedureMetadata;
  modelKind: 'bpmn' | 'steps';
  modelSource: string;
  compiled: CompiledProcedure;
  changeNote?: string;
}

const CHUNK = 500;
/** One key for every publisher: publishing is rare and serialising it keeps version numbers and the
 * "unchanged" check exact when two processes publish the same catalog at once. */
const PUBLISH_LOCK = 0x6d63_7075; // "mcpu"

/**
 * Publishes many procedure versions at once, idempotently: an entry whose IR hash equals the latest published
 * version of its procedure (code + level) is left unchanged; any other becomes a new published version. A few
 * statements per 500 entries, all in one transaction.
 */
export async function publishProcedures({
  knex,
  entries,
  actor,
}: {
  knex: Db;
  entries: PublishEntry[];
  actor: string;
}): Promise<{
  published: number;
  unchanged: number;
  versions: Array<{ code: string; level: string; version: number; procedureVersionId: number }>;
}> {
  // Later entries for the same code and level win (a catalog re-read within one call).
  const byKey = new Map<string, PublishEntry>();
  for (const e of entries) byKey.set(`${e.metadata.code}\u0000${e.metadata.level}`, e);
  const unique = [...byKey.values()];
  const duplicates = entries.length - unique.length;

  const run = async (trx: Db) => {
    await trx.raw('SELECT pg_advisory_xact_lock(?)', [PUBLISH_LOCK]);
    const latest = new Map<string, string | null>();
    for (let i = 0; i < unique.length; i += CHUNK) {
      const part = unique.slice(i, i + CHUNK);
      const rows = (
        await trx.raw(
          `SELECT p.code, p.level, v.ir_hash
             FROM unnest(?::text[], ?::text[]) AS k(code, level)
             JOIN procedures p ON p.code = k.code AND p.level = k.level
             LEFT JOIN LATERAL (
               SELECT ir_hash FROM procedure_versions pv
                WHERE pv.procedure_id = p.id AND pv.status = 'published'
                ORDER BY pv.version DESC LIMIT 1) v ON true`,
          [part.map((e) => e.metadata.code), part.map((e) => e.metadata.level)],
        )
      ).rows as Array<{ code: string; level: string; ir_hash: string | null }>;
      for (const r of rows) latest.set(`${r.code}\u0000${r.level}`, r.ir_hash);
    }
    const changed = unique.filter(
      (e) => latest.get(`${e.metadata.code}\u0000${e.metadata.level}`) !== e.compiled.hash,
    );
    const versions: Array<{ code: string; level: string; version: number; procedureVersionId: number }> = [];
    const now = new Date();
    for (let i = 0; i < changed.length; i += CHUNK) {
      const part = changed.slice(i, i + CHUNK);
      // Atomic version numbers: a new procedure starts at 1, an existing one takes latest_version + 1.
      const procs = (await trx('procedures')
        .insert(
          part.map((e) => ({
            code: e.metadata.code,
            level: e.metadata.level,
            name_vi: e.metadata.names.vi,
            name_en: e.metadata.names.en ?? null,
            sector: e.metadata.sector,
            agency_code: e.metadata.agency,
            status: 'published',
            latest_version: 1,
          })),
        )
        .onConflict(['code', 'level'])
        .merge({
          name_vi: trx.raw('excluded.name_vi'),
          name_en: trx.raw('excluded.name_en'),
          sector: trx.raw('excluded.sector'),
          agency_code: trx.raw('excluded.agency_code'),
          status: 'published',
          latest_version: trx.raw('procedures.latest_version + 1'),
          updated_at: now,
        })
        .returning(['id', 'code', 'level', 'latest_version'])) as Array<{
        id: number;
        code: string;
        level: string;
        latest_version: number;
      }>;
      const procByKey = new Map(procs.map((p) => [`${p.code}\u0000${p.level}`, p]));
      const inserted = (await trx('procedure_versions')
        .insert(
          part.map((e) => {
            const p = procByKey.get(`${e.metadata.code}\u0000${e.metadata.level}`)!;
            return {
              procedure_id: p.id,
              version: p.latest_version,
              status: 'published',
              metadata: JSON.stringify(e.metadata),
              model_kind: e.modelKind,
              model_source: e.modelSource,
              ir_hash: e.compiled.hash,
              ir: JSON.stringify(e.compiled.ir),
              change_note: e.changeNote ?? null,
              created_by: actor,
              published_at: now,
              published_by: actor,
            };
          }),
        )
        .returning(['id', 'procedure_id', 'version'])) as Array<{
        id: number;
        procedure_id: number;
        version: number;
      }>;
      const procById = new Map(procs.map((p) => [p.id, p]));
      for (const v of inserted) {
        const p = procById.get(v.procedure_id)!;
        versions.push({ code: p.code, level: p.level, version: v.version, procedureVersionId: v.id });
      }
    }
    return { published: changed.length, unchanged: unique.length - changed.length + duplicates, versions };
  };
  return 'isTransaction' in knex && knex.isTransaction
    ? run(knex)
    : (knex as import('knex').Knex).transaction(run);
}
