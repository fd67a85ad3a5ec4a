import type { AuditLogRow, Db } from './types.js';

export interface AuditEntry {
  actor: string;
  action: string;
  targetType: string;
  targetId: string;
  oldValue?: unknown;
  newValue?: unknown;
  reason?: string | null;
  requestId?: string | null;
}

/** Appends audit entries (the table refuses updates and deletes). */
export async function writeAudit({ knex, entries }: { knex: Db; entries: AuditEntry[] }): Promise<void> {
  if (entries.length === 0) return;
  await knex('audit_log').insert(
    entries.map((e) => ({
      actor: e.actor,
      action: e.action,
      target_type: e.targetType,
      target_id: e.targetId,
      old_value: e.oldValue === undefined ? null : JSON.stringify(e.oldValue),
      new_value: e.newValue === undefined ? null : JSON.stringify(e.newValue),
      reason: e.reason ?? null,
      request_id: e.requestId ?? null,
    })),
  );
}

export async function listAudit({
  knex,
  filter,
}: {
  knex: Db;
  filter: {
    actor?: string;
    action?: string;
    targetType?: string;
    targetId?: string;
    since?: Date;
    limit: number;
    offset: number;
  };
}): Promise<{ items: AuditLogRow[]; total: number }> {
  const q = knex('audit_log');
  if (filter.actor) q.where('actor', filter.actor);
  if (filter.action) q.where('action', filter.action);
  if (filter.targetType) q.where('target_type', filter.targetType);
  if (filter.targetId) q.where('target_id', filter.targetId);
  if (filter.since) q.where('at', '>=', filter.since);
  const [c] = (await q.clone().count({ count: '*' })) as Array<{ count: string | number }>;
  const items = (await q
    .clone()
    .select('*')
    .orderBy('id', 'desc')
    .limit(filter.limit)
    .offset(filter.offset)) as AuditLogRow[];
  return { items, total: Number(c?.count ?? 0) };
}
