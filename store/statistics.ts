import type { Db } from './types.js';

export type StatsGroup = 'agency' | 'procedure' | 'sector' | 'level' | 'channel' | 'month' | 'day' | 'none';

export interface StatsFilter {
  from: Date;
  to: Date;
  agencies?: string[];
  procedureCode?: string;
  sector?: string;
  level?: string;
}

export interface DossierStatsRow {
  key: string;
  received: number;
  resolved: number;
  early: number;
  onTime: number;
  late: number;
  pending: number;
  pendingOnTime: number;
  pendingOverdue: number;
  supplement: number;
  refused: number;
  withdrawn: number;
  stopped: number;
}

const GROUP_SQL: Record<StatsGroup, string> = {
  agency: 'd.agency_code',
  procedure: 'd.procedure_code',
  sector: 'p.sector',
  level: 'p.level',
  channel: 'd.channel',
  // Periods in Vietnam time.
  month: "to_char(d.received_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM')",
  day: "to_char(d.received_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD')",
  none: "'all'",
};

/**
 * Dossier figures per group for a period: received in [from, to); resolved (returned) in the period by
 * classification; refused / withdrawn / stopped in the period; pending now (on time / overdue) and waiting for a
 * supplement among those received before `to`. One scan with FILTER clauses.
 */
export async function dossierStatistics({
  knex,
  groupBy,
  filter,
}: {
  knex: Db;
  groupBy: StatsGroup;
  filter: StatsFilter;
}): Promise<DossierStatsRow[]> {
  const key = GROUP_SQL[groupBy];
  const needsProcedure = groupBy === 'sector' || groupBy === 'level' || !!filter.sector || !!filter.level;
  const q = knex('dossiers as d');
  if (needsProcedure) {
    q.join('procedure_versions as pv', 'pv.id', 'd.procedure_version_id').join(
      'procedures as p',
      'p.id',
      'pv.procedure_id',
    );
  }
  if (filter.agencies) q.whereIn('d.agency_code', filter.agencies);
  if (filter.procedureCode) q.where('d.procedure_code', filter.procedureCode);
  if (filter.sector) q.where('p.sector', filter.sector);
  if (filter.level) q.where('p.level', filter.level);
  // Rows that can count anywhere: received before the end, and either received in the period, finished in it or
  // still open.
  q.where('d.received_at', '<', filter.to).where((w) =>
    w
      .where('d.received_at', '>=', filter.from)
      .orWhere('d.finished_at', '>=', filter.from)
      .orWhereNull('d.finished_at'),
  );
  const from = filter.from.toISOString();
  const to = filter.to.toISOString();
  const inPeriod = `d.finished_at >= '${from}' AND d.finished_at < '${to}'`;
  const rows = (await q
    .select(
      knex.raw(`${key} AS key`),
      knex.raw(`count(*) FILTER (WHERE d.received_at >= ?) AS received`, [filter.from]),
      knex.raw(`count(*) FILTER (WHERE d.outcome = 'returned' AND ${inPeriod}) AS resolved`),
      knex.raw(
        `count(*) FILTER (WHERE d.outcome = 'returned' AND d.classification = 'early' AND ${inPeriod}) AS early`,
      ),
      knex.raw(
        `count(*) FILTER (WHERE d.outcome = 'returned' AND d.classification = 'on-time' AND ${inPeriod}) AS on_time`,
      ),
      knex.raw(
        `count(*) FILTER (WHERE d.outcome = 'returned' AND d.classification = 'late' AND ${inPeriod}) AS late`,
      ),
      knex.raw(`count(*) FILTER (WHERE d.finished_at IS NULL) AS pending`),
      knex.raw(
        `count(*) FILTER (WHERE d.finished_at IS NULL AND (d.due_at IS NULL OR d.due_at >= now())) AS pending_on_time`,
      ),
      knex.raw(`count(*) FILTER (WHERE d.finished_at IS NULL AND d.due_at < now()) AS pending_overdue`),
      knex.raw(
        `count(*) FILTER (WHERE d.finished_at IS NULL AND d.status = 'supplement-requested') AS supplement`,
      ),
      knex.raw(`count(*) FILTER (WHERE d.outcome = 'refused' AND ${inPeriod}) AS refused`),
      knex.raw(`count(*) FILTER (WHERE d.outcome = 'withdrawn' AND ${inPeriod}) AS withdrawn`),
      knex.raw(`count(*) FILTER (WHERE d.outcome = 'stopped' AND ${inPeriod}) AS stopped`),
    )
    .groupByRaw('1')
    .orderByRaw('1')) as Array<Record<string, string | number | null>>;
  return rows.map((r) => ({
    key: String(r.key ?? ''),
    received: Number(r.received),
    resolved: Number(r.resolved),
    early: Number(r.early),
    onTime: Number(r.on_time),
    late: Number(r.late),
    pending: Number(r.pending),
    pendingOnTime: Number(r.pending_on_time),
    pendingOverdue: Number(r.pending_overdue),
    supplement: Number(r.supplement),
    refused: Number(r.refused),
    withdrawn: Number(r.withdrawn),
    stopped: Number(r.stopped),
  }));
}

export interface StaffStatsRow {
  assignee: string;
  handled: number;
  onTime: number;
  late: number;
  averageHours: number | null;
  openNow: number;
  overdueNow: number;
}

/** Per person: tasks completed in the period (on time = before their due time), average time held, open load. */
export async function staffStatistics({
  knex,
  filter,
}: {
  knex: Db;
  filter: { from: Date; to: Date; agencies?: string[] };
}): Promise<StaffStatsRow[]> {
  const q = knex('tasks as t').whereNotNull('t.assignee');
  if (filter.agencies) q.whereIn('t.agency_code', filter.agencies);
  q.where((w) =>
    w
      .where((x) => x.where('t.completed_at', '>=', filter.from).where('t.completed_at', '<', filter.to))
      .orWhereIn('t.status', ['open', 'claimed']),
  );
  const done = `t.status = 'completed' AND t.completed_at >= ? AND t.completed_at < ?`;
  const rows = (await q
    .select(
      't.assignee',
      knex.raw(`count(*) FILTER (WHERE ${done}) AS handled`, [filter.from, filter.to]),
      knex.raw(
        `count(*) FILTER (WHERE ${done} AND (t.due_at IS NULL OR t.completed_at <= t.due_at)) AS on_time`,
        [filter.from, filter.to],
      ),
      knex.raw(`count(*) FILTER (WHERE ${done} AND t.completed_at > t.due_at) AS late`, [
        filter.from,
        filter.to,
      ]),
      knex.raw(
        `avg(extract(epoch FROM t.completed_at - t.opened_at) / 3600.0) FILTER (WHERE ${done}) AS avg_hours`,
        [filter.from, filter.to],
      ),
      knex.raw(`count(*) FILTER (WHERE t.status IN ('open', 'claimed')) AS open_now`),
      knex.raw(
        `count(*) FILTER (WHERE t.status IN ('open', 'claimed') AND (t.overdue OR t.due_at < now())) AS overdue_now`,
      ),
    )
    .groupBy('t.assignee')
    .orderBy('t.assignee')) as Array<Record<string, string | number | null>>;
  return rows.map((r) => ({
    assignee: String(r.assignee),
    handled: Number(r.handled),
    onTime: Number(r.on_time),
    late: Number(r.late),
    averageHours: r.avg_hours === null ? null : Math.round(Number(r.avg_hours) * 100) / 100,
    openNow: Number(r.open_now),
    overdueNow: Number(r.overdue_now),
  }));
}
