import type { LocalizedText } from '../ir/index.js';
import type { Db } from './types.js';

export interface AgencyInput {
  code: string;
  parentCode?: string | null;
  level: string;
  names?: LocalizedText;
  /** Flat alternative to `names` (procedure-models/agencies.json). */
  nameVi?: string;
  nameEn?: string;
  /** Unit code used in dossier codes (e.g. H15.50.05.13); defaults to the agency code. */
  unitCode?: string;
}

/**
 * Inserts or updates agencies in one statement per 1,000 rows. Parents are written before children (a parent
 * named in the same call is fine in any order), so the parent foreign key holds.
 */
export async function upsertAgencies({
  knex,
  agencies,
}: {
  knex: Db;
  agencies: AgencyInput[];
}): Promise<number> {
  if (agencies.length === 0) return 0;
  const byCode = new Map(agencies.map((a) => [a.code, a]));
  const ordered: AgencyInput[] = [];
  const seen = new Set<string>();
  const visit = (a: AgencyInput, depth: number) => {
    if (seen.has(a.code) || depth > 64) return;
    const parent = a.parentCode ? byCode.get(a.parentCode) : undefined;
    if (parent) visit(parent, depth + 1);
    seen.add(a.code);
    ordered.push(a);
  };
  for (const a of byCode.values()) visit(a, 0);
  const rows = ordered.map((a) => ({
    code: a.code,
    parent_code: a.parentCode ?? null,
    level: a.level,
    name_vi: a.names?.vi ?? a.nameVi ?? a.code,
    name_en: a.names?.en ?? a.nameEn ?? null,
    unit_code: a.unitCode ?? a.code,
  }));
  for (let i = 0; i < rows.length; i += 1000) {
    await knex('agencies')
      .insert(rows.slice(i, i + 1000))
      .onConflict('code')
      .merge(['parent_code', 'level', 'name_vi', 'name_en', 'unit_code', 'updated_at']);
  }
  return rows.length;
}
