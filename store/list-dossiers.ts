import type { Db, DossierRow } from './types.js';

export interface DossierFilter {
  agencies?: string[];
  status?: string[];
  procedureCode?: string;
  channel?: string;
  receivedFrom?: Date;
  receivedTo?: Date;
  /** Unfinished and past the appointment date. */
  overdue?: boolean;
  /** Dossier code prefix or applicant ID number (exact). */
  q?: string;
  limit: number;
  offset: number;
}

/** A page of dossiers, newest first, with the total count. */
export async function listDossiers({
  knex,
  filter,
}: {
  knex: Db;
  filter: DossierFilter;
}): Promise<{ items: DossierRow[]; total: number }> {
  const q = knex('dossiers');
  if (filter.agencies) q.whereIn('agency_code', filter.agencies);
  if (filter.status?.length) q.whereIn('status', filter.status);
  if (filter.procedureCode) q.where('procedure_code', filter.procedureCode);
  if (filter.channel) q.where('channel', filter.channel);
  if (filter.receivedFrom) q.where('received_at', '>=', filter.receivedFrom);
  if (filter.receivedTo) q.where('received_at', '<', filter.receivedTo);
  if (filter.overdue) q.whereNull('finished_at').where('due_at', '<', new Date());
  const text = filter.q;
  if (text) {
    const prefix = `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q.where((w) => w.whereLike('code', prefix).orWhereRaw("applicant->>'idNumber' = ?", [text]));
  }
  const [c] = (await q.clone().count({ count: '*' })) as Array<{ count: string | number }>;
  const items = (await q
    .clone()
    .select('*')
    .orderBy('received_at', 'desc')
    .limit(filter.limit)
    .offset(filter.offset)) as DossierRow[];
  return { items, total: Number(c?.count ?? 0) };
}
