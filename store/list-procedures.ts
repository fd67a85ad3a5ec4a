import type { Db, ProcedureRow } from './types.js';

export interface ProcedureListFilter {
  /** Words searched in the code and the Vietnamese / English names (case- and accent-sensitive ILIKE). */
  q?: string;
  code?: string;
  sector?: string;
  level?: string;
  /** One agency, exactly (kept for callers of the single-agency filter; `agencies` takes precedence). */
  agency?: string;
  /** Agency codes: procedures of any of them (`agencyScope` 'subtree': of them or any agency under them). */
  agencies?: string[];
  /** 'exact' (default): the agencies themselves; 'subtree': also every descendant in the agency tree. */
  agencyScope?: 'exact' | 'subtree';
  status?: 'draft' | 'published' | 'retired';
  limit: number;
  offset: number;
}

export interface ProcedureListItem extends ProcedureRow {
  published_version: number | null;
  published_version_id: number | null;
  published_at: Date | null;
}

/**
 * One page of the catalog and the total count, newest-first within equal codes. With `agencies`, codes that name
 * no agency come back in `unknownAgencies` (and nothing is listed), so the caller can say which one is wrong.
 * The subtree is read by one recursive subquery inside the listing (no query per agency).
 */
export async function listProcedures({
  knex,
  filter,
}: {
  knex: Db;
  filter: ProcedureListFilter;
}): Promise<{ items: ProcedureListItem[]; total: number; unknownAgencies?: string[] }> {
  const agencies = filter.agencies?.length ? [...new Set(filter.agencies)] : undefined;
  if (agencies) {
    const found = new Set(
      ((await knex('agencies').whereIn('code', agencies).select('code')) as Array<{ code: string }>).map(
        (r) => r.code,
      ),
    );
    const unknown = agencies.filter((a) => !found.has(a));
    if (unknown.length) return { items: [], total: 0, unknownAgencies: unknown };
  }
  const base = knex('procedures as p');
  if (filter.code) base.where('p.code', filter.code);
  if (filter.sector) base.where('p.sector', filter.sector);
  if (filter.level) base.where('p.level', filter.level);
  if (agencies && filter.agencyScope === 'subtree') {
    // UNION (not UNION ALL) ends the recursion even if the tree ever held a cycle.
    base.whereRaw(
      `p.agency_code IN (WITH RECURSIVE sub(code) AS (
         SELECT code FROM agencies WHERE code = ANY(?::text[])
         UNION SELECT a.code FROM agencies a JOIN sub ON a.parent_code = sub.code)
       SELECT code FROM sub)`,
      [agencies],
    );
  } else if (agencies) base.whereIn('p.agency_code', agencies);
  else if (filter.agency) base.where('p.agency_code', filter.agency);
  if (filter.status) base.where('p.status', filter.status);
  if (filter.q) {
    for (const word of filter.q.trim().split(/\s+/).slice(0, 8)) {
      const like = `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      base.where((w) =>
        w.whereILike('p.code', like).orWhereILike('p.name_vi', like).orWhereILike('p.name_en', like),
      );
    }
  }
  const [countRow] = (await base.clone().count<Array<{ count: string | number }>>({ count: '*' })) as Array<{
    count: string | number;
  }>;
  const items = (await base
    .clone()
    .select('p.*', 'v.version as published_version', 'v.id as published_version_id', 'v.published_at')
    .leftJoin(
      knex.raw(
        `LATERAL (SELECT id, version, published_at FROM procedure_versions pv
                   WHERE pv.procedure_id = p.id AND pv.status = 'published'
                   ORDER BY pv.version DESC LIMIT 1) v ON true`,
      ),
    )
    .orderBy([{ column: 'p.code' }, { column: 'p.level' }])
    .limit(filter.limit)
    .offset(filter.offset)) as ProcedureListItem[];
  return { items, total: Number(countRow?.count ?? 0) };
}
