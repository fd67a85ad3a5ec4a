/**
 * Supervision reads and writes: what is stuck (open incidents, dossiers without progress, findings of the
 * scheduled scan), what is late or near its deadline, report snapshots and the supervisors' settings.
 */
import type { Db, DossierRow } from './types.js';

export interface SupervisionSettings {
  /** Working days (fractions allowed) without any event after which a running dossier counts as stuck. */
  idleWorkingDays: number;
}
export const DEFAULT_SUPERVISION_SETTINGS: SupervisionSettings = { idleWorkingDays: 1 };

export async function getSupervisionSettings({ knex }: { knex: Db }): Promise<SupervisionSettings> {
  const rows = (await knex('supervision_settings').select('key', 'value')) as Array<{
    key: string;
    value: unknown;
  }>;
  const out: SupervisionSettings = { ...DEFAULT_SUPERVISION_SETTINGS };
  for (const r of rows)
    if (r.key === 'idleWorkingDays' && typeof r.value === 'number') out.idleWorkingDays = r.value;
  return out;
}

export async function setSupervisionSettings({
  knex,
  settings,
  actor,
}: {
  knex: Db;
  settings: Partial<SupervisionSettings>;
  actor: string;
}): Promise<SupervisionSettings> {
  for (const [key, value] of Object.entries(settings)) {
    if (value === undefined) continue;
    await knex('supervision_settings')
      .insert({ key, value: JSON.stringify(value), updated_by: actor, updated_at: new Date() })
      .onConflict('key')
      .merge();
  }
  return getSupervisionSettings({ knex });
}

export interface OpenIncidentItem {
  incident_id: string;
  workflow_id: string;
  node_id: string;
  kind: string;
  message: string;
  opened_at: Date;
  dossier_id: string;
  dossier_code: string;
  agency_code: string;
  procedure_code: string;
  status: string;
}

/** Open incidents of running dossiers (a call child's incident shows under its dossier). */
export async function listOpenIncidents({
  knex,
  agencies,
  limit = 500,
}: {
  knex: Db;
  agencies?: string[];
  limit?: number;
}): Promise<OpenIncidentItem[]> {
  const q = knex('dossier_incidents as i')
    .join('dossiers as d', 'd.id', 'i.dossier_id')
    .where('i.status', 'open')
    .whereNull('d.finished_at')
    .select(
      'i.incident_id',
      'i.workflow_id',
      'i.node_id',
      'i.kind',
      'i.message',
      'i.opened_at',
      'd.id as dossier_id',
      'd.code as dossier_code',
      'd.agency_code',
      'd.procedure_code',
      'd.status',
    )
    .orderBy('i.opened_at', 'asc')
    .limit(limit);
  if (agencies) q.whereIn('d.agency_code', agencies);
  return (await q) as OpenIncidentItem[];
}

export interface IdleCandidate {
  dossier_id: string;
  dossier_code: string;
  workflow_id: string;
  agency_code: string;
  procedure_code: string;
  status: string;
  current_step: string | null;
  last_event_at: Date;
  last_event_type: string | null;
  last_event_node: string | null;
}

/**
 * Running dossiers (not finished, not paused for a supplement: that clock is the applicant's) whose last event is
 * older than `before`, the longest-idle first.
 */
export async function listIdleCandidates({
  knex,
  before,
  limit = 500,
}: {
  knex: Db;
  before: Date;
  limit?: number;
}): Promise<IdleCandidate[]> {
  const rows = await knex
    .with('last', (w) =>
      w
        .from('dossier_events')
        .select('dossier_id')
        .max({ last_event_at: 'at' })
        .max({ last_seq: 'seq' })
        .groupBy('dossier_id'),
    )
    .from('dossiers as d')
    .join('last as l', 'l.dossier_id', 'd.id')
    .leftJoin('dossier_events as e', (j) =>
      j.on('e.workflow_id', 'd.workflow_id').andOn('e.seq', 'l.last_seq'),
    )
    .whereNull('d.finished_at')
    .whereNull('d.outcome')
    // Waiting for the applicant (papers or payment) is not a stall of the centre.
    .whereNotIn('d.status', ['supplement-requested', 'financial-obligation'])
    .where('l.last_event_at', '<', before)
    .select(
      'd.id as dossier_id',
      'd.code as dossier_code',
      'd.workflow_id',
      'd.agency_code',
      'd.procedure_code',
      'd.status',
      'd.current_step',
      'l.last_event_at',
      'e.type as last_event_type',
      'e.node_id as last_event_node',
    )
    .orderBy('l.last_event_at', 'asc')
    .limit(limit);
  return rows as IdleCandidate[];
}

export interface Finding {
  dossierId: string;
  dossierCode: string;
  workflowId: string;
  agencyCode: string;
  kind: string;
  nodeId: string | null;
  reason: string;
  since: Date;
  idleWorkingMs?: number | null;
}

export interface FindingRow {
  id: number;
  dossier_id: string;
  dossier_code: string;
  workflow_id: string;
  agency_code: string;
  kind: string;
  node_id: string | null;
  reason: string;
  since: Date;
  idle_working_ms: string | number | null;
  detected_at: Date;
  last_seen_at: Date;
  resolved_at: Date | null;
}

/**
 * Writes one scan's findings: open rows are refreshed (or added), open rows the scan did not see again are closed.
 * Idempotent for a retried activity (the same scan time gives the same rows).
 */
export async function recordFindings({
  knex,
  scannedAt,
  findings,
  uncheckedKinds = [],
}: {
  knex: Db;
  scannedAt: Date;
  findings: Finding[];
  /** Kinds this scan could not check (e.g. Temporal unreachable): their open rows stay open. */
  uncheckedKinds?: string[];
}): Promise<{ open: number; resolved: number }> {
  const run = async (trx: Db) => {
    for (const f of findings) {
      await trx.raw(
        `INSERT INTO supervision_findings
           (dossier_id, dossier_code, workflow_id, agency_code, kind, node_id, reason, since, idle_working_ms,
            detected_at, last_seen_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (workflow_id, kind) WHERE resolved_at IS NULL
         DO UPDATE SET reason = EXCLUDED.reason, node_id = EXCLUDED.node_id, since = EXCLUDED.since,
           idle_working_ms = EXCLUDED.idle_working_ms, last_seen_at = EXCLUDED.last_seen_at`,
        [
          f.dossierId,
          f.dossierCode,
          f.workflowId,
          f.agencyCode,
          f.kind,
          f.nodeId,
          f.reason,
          f.since,
          f.idleWorkingMs ?? null,
          scannedAt,
          scannedAt,
        ],
      );
    }
    const stale = trx('supervision_findings').whereNull('resolved_at').where('last_seen_at', '<', scannedAt);
    if (uncheckedKinds.length > 0) stale.whereNotIn('kind', uncheckedKinds);
    const resolved = await stale.update({ resolved_at: scannedAt });
    return { open: findings.length, resolved: Number(resolved) };
  };
  return 'isTransaction' in knex && knex.isTransaction
    ? run(knex)
    : (knex as import('knex').Knex).transaction(run);
}

export async function listFindings({
  knex,
  agencies,
  open = true,
  dossierId,
  limit = 500,
}: {
  knex: Db;
  agencies?: string[];
  open?: boolean;
  dossierId?: string;
  limit?: number;
}): Promise<FindingRow[]> {
  const q = knex<FindingRow>('supervision_findings').orderBy('since', 'asc').limit(limit);
  if (open) q.whereNull('resolved_at');
  if (agencies) q.whereIn('agency_code', agencies);
  if (dossierId) q.where('dossier_id', dossierId);
  return (await q) as FindingRow[];
}

export interface RunningWorkflow {
  workflow_id: string;
  dossier_id: string;
  dossier_code: string;
  agency_code: string;
  current_step: string | null;
}

/**
 * Running dossier workflows (top-level dossiers and call children, which show under their dossier), by workflow id
 * after `after` (byte order, whatever the database collation: the cursor must compare like JavaScript strings), at
 * most `limit`: the rotation of the workflow-task probe.
 */
export async function listRunningWorkflows({
  knex,
  after = '',
  limit,
  workflowIds,
}: {
  knex: Db;
  after?: string;
  limit: number;
  /** Only these workflows (re-checks); `after` still applies. */
  workflowIds?: string[];
}): Promise<RunningWorkflow[]> {
  if (workflowIds && workflowIds.length === 0) return [];
  const top = knex('dossiers as d')
    .whereNull('d.finished_at')
    .whereNull('d.outcome')
    .whereRaw('d.workflow_id COLLATE "C" > ?', [after])
    .select(
      'd.workflow_id',
      'd.id as dossier_id',
      'd.code as dossier_code',
      'd.agency_code',
      'd.current_step',
    )
    .orderByRaw('d.workflow_id COLLATE "C"')
    .limit(limit);
  const calls = knex('dossier_calls as c')
    .join('dossiers as d', 'd.id', 'c.dossier_id')
    .whereNull('c.finished_at')
    .whereNull('c.outcome')
    .whereRaw('c.workflow_id COLLATE "C" > ?', [after])
    .select(
      'c.workflow_id',
      'd.id as dossier_id',
      'd.code as dossier_code',
      'd.agency_code',
      'c.current_step',
    )
    .orderByRaw('c.workflow_id COLLATE "C"')
    .limit(limit);
  if (workflowIds) {
    top.whereIn('d.workflow_id', workflowIds);
    calls.whereIn('c.workflow_id', workflowIds);
  }
  const rows = [...((await top) as RunningWorkflow[]), ...((await calls) as RunningWorkflow[])];
  rows.sort((a, b) => (a.workflow_id < b.workflow_id ? -1 : a.workflow_id > b.workflow_id ? 1 : 0));
  return rows.slice(0, limit);
}

const PROBE_CURSOR_KEY = 'workflowTaskProbeCursor';

/** Where the workflow-task probe's rotation stopped last time ('' = start from the beginning). */
export async function getProbeCursor({ knex }: { knex: Db }): Promise<string> {
  const row = (await knex('supervision_settings').where({ key: PROBE_CURSOR_KEY }).first('value')) as
    { value: unknown } | undefined;
  return typeof row?.value === 'string' ? row.value : '';
}

export async function setProbeCursor({ knex, cursor }: { knex: Db; cursor: string }): Promise<void> {
  await knex('supervision_settings')
    .insert({
      key: PROBE_CURSOR_KEY,
      value: JSON.stringify(cursor),
      updated_by: 'scan',
      updated_at: new Date(),
    })
    .onConflict('key')
    .merge();
}

export async function lastScanAt({ knex }: { knex: Db }): Promise<Date | null> {
  const row = (await knex('supervision_settings').where({ key: 'lastScanAt' }).first('value')) as
    { value: string } | undefined;
  return row ? new Date(row.value) : null;
}

export async function markScanned({ knex, at }: { knex: Db; at: Date }): Promise<void> {
  await knex('supervision_settings')
    .insert({
      key: 'lastScanAt',
      value: JSON.stringify(at.toISOString()),
      updated_by: 'scan',
      updated_at: at,
    })
    .onConflict('key')
    .merge();
}

export interface DeadlineItem extends DossierRow {
  task_id: string | null;
  task_node_id: string | null;
  task_name_vi: string | null;
  task_name_en: string | null;
  task_assignee: string | null;
  task_role: string | null;
  task_due_at: Date | null;
  task_warn_at: Date | null;
}

/**
 * Running dossiers with the open task that decides their urgency. `late`: the appointment or an open task's
 * deadline has passed. `near`: not late, and the appointment falls before `within` or an open task has reached its
 * warning time.
 */
export async function listDeadlineDossiers({
  knex,
  which,
  now,
  within,
  agencies,
  limit = 200,
}: {
  knex: Db;
  which: 'late' | 'near';
  now: Date;
  within: Date;
  agencies?: string[];
  limit?: number;
}): Promise<DeadlineItem[]> {
  const q = knex('dossiers as d')
    .leftJoin(
      knex('tasks')
        .whereIn('status', ['open', 'claimed'])
        .select(
          knex.raw('DISTINCT ON (dossier_id) dossier_id'),
          'task_id',
          'node_id',
          'name_vi',
          'name_en',
          'assignee',
          'role',
          'due_at',
          'warn_at',
          'overdue',
        )
        .orderBy([{ column: 'dossier_id' }, { column: 'due_at', order: 'asc' }])
        .as('t'),
      't.dossier_id',
      'd.id',
    )
    .whereNull('d.finished_at')
    .whereNull('d.outcome')
    .select(
      'd.*',
      't.task_id',
      't.node_id as task_node_id',
      't.name_vi as task_name_vi',
      't.name_en as task_name_en',
      't.assignee as task_assignee',
      't.role as task_role',
      't.due_at as task_due_at',
      't.warn_at as task_warn_at',
    )
    .orderByRaw('LEAST(d.due_at, t.due_at) ASC NULLS LAST')
    .limit(limit);
  if (agencies) q.whereIn('d.agency_code', agencies);
  if (which === 'late') {
    q.where((w) => w.where('d.due_at', '<', now).orWhere('t.due_at', '<', now).orWhere('t.overdue', true));
  } else {
    q.where((w) => w.whereNull('d.due_at').orWhere('d.due_at', '>=', now))
      .where((w) => w.whereNull('t.due_at').orWhere('t.due_at', '>=', now))
      .where((w) => w.whereNot('t.overdue', true).orWhereNull('t.overdue'))
      .where((w) => w.whereBetween('d.due_at', [now, within]).orWhere('t.warn_at', '<=', now));
  }
  return (await q) as DeadlineItem[];
}

export interface ReportSnapshotRow {
  id: number;
  kind: 'daily' | 'monthly';
  period: string;
  rows: unknown;
  total: unknown;
  created_at: Date;
}

export async function saveReportSnapshot({
  knex,
  kind,
  period,
  rows,
  total,
}: {
  knex: Db;
  kind: 'daily' | 'monthly';
  period: string;
  rows: unknown;
  total: unknown;
}): Promise<void> {
  await knex('report_snapshots')
    .insert({
      kind,
      period,
      rows: JSON.stringify(rows),
      total: JSON.stringify(total),
      created_at: new Date(),
    })
    .onConflict(['kind', 'period'])
    .merge();
}

export async function listReportSnapshots({
  knex,
  kind,
  limit = 60,
}: {
  knex: Db;
  kind?: 'daily' | 'monthly';
  limit?: number;
}): Promise<ReportSnapshotRow[]> {
  const q = knex<ReportSnapshotRow>('report_snapshots').orderBy('period', 'desc').limit(limit);
  if (kind) q.where({ kind });
  return (await q) as ReportSnapshotRow[];
}
