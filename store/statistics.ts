import type { Knex } from 'knex';
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
  /** Open and waiting for the applicant's financial obligation (national status 6). */
  waitingPayment: number;
  refused: number;
  withdrawn: number;
  stopped: number;
}

const VN = "'Asia/Ho_Chi_Minh'";
const VN_OFFSET_MS = 7 * 3_600_000; // Vietnam has no daylight saving time

/**
 * Group expressions on the live rows (`d`: dossiers) and on the monthly cells (`c`): per agency and channel
 * (dossier_stats_agency_monthly) or per procedure version (dossier_stats_procedure_monthly). `undefined`: that
 * summary cannot group so.
 */
const LIVE_KEY: Record<StatsGroup, string> = {
  agency: 'd.agency_code',
  procedure: 'd.procedure_code',
  sector: 'p.sector',
  level: 'p.level',
  channel: 'd.channel',
  // Periods in Vietnam time, by the day the dossier was received: dates here, formatted once per group at the end.
  month: `date_trunc('month', d.received_at AT TIME ZONE ${VN})::date`,
  day: `(d.received_at AT TIME ZONE ${VN})::date`,
  none: "'all'",
};
const AGENCY_CELL_KEY: Partial<Record<StatsGroup, string>> = {
  agency: 'c.agency_code',
  channel: 'c.channel',
  month: 'c.rmonth',
  none: "'all'",
};
const PROCEDURE_CELL_KEY: Partial<Record<StatsGroup, string>> = {
  agency: 'c.agency_code',
  procedure: 'c.procedure_code',
  sector: 'p.sector',
  level: 'p.level',
  none: "'all'",
};

/** Runs one statistics statement without parallel workers: on a small machine their start-up costs more than the
 * index-only scans they would share. */
async function runStats(
  knex: Db,
  sql: string,
  bindings: unknown[],
): Promise<Array<Record<string, string | number | null>>> {
  const run = async (trx: Knex.Transaction) => {
    await trx.raw('SET LOCAL max_parallel_workers_per_gather = 0');
    return (await trx.raw(sql, bindings as Knex.RawBinding[])).rows as Array<
      Record<string, string | number | null>
    >;
  };
  return (knex as Knex).isTransaction
    ? run(knex as Knex.Transaction)
    : (knex as Knex).transaction(run, { readOnly: true } as Knex.TransactionConfig);
}

/** The first instant of the Vietnam month holding `t`, and of the next one. */
function vnMonthStart(t: Date, add = 0): Date {
  const local = new Date(t.getTime() + VN_OFFSET_MS);
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + add, 1) - VN_OFFSET_MS);
}
const monthDate = (m: Date) => new Date(m.getTime() + VN_OFFSET_MS).toISOString().slice(0, 10);

export interface PeriodPlan {
  /** Months ('YYYY-MM-01') read from the monthly summary. */
  months: string[];
  /** Ranges read live from the rows. */
  live: Array<{ from: Date; to: Date }>;
}

/**
 * Splits [from, to) into Vietnam months answered by a monthly summary and ranges read live. A month inside the
 * period comes from the summary; so does a month the period covers only partly when every timestamp ever counted
 * in its cells lies inside the period (this month up to today: nothing is later than now); a month without cells
 * holds nothing at all. The rest of a partly covered month is read live.
 */
export async function planPeriod(
  knex: Db,
  summary: 'dossier_stats_agency_monthly' | 'task_stats_monthly',
  from: Date,
  to: Date,
): Promise<PeriodPlan> {
  const plan: PeriodPlan = { months: [], live: [] };
  if (!(to > from)) return plan;
  const months: Array<{ start: Date; end: Date }> = [];
  for (let m = vnMonthStart(from); m < to; m = vnMonthStart(m, 1))
    months.push({ start: m, end: vnMonthStart(m, 1) });
  const partial = months.filter((m) => m.start < from || m.end > to);
  const bounds = new Map<string, { lo: Date; hi: Date }>();
  if (partial.length > 0) {
    const rows = (await knex(summary)
      .whereIn(
        'month',
        partial.map((m) => monthDate(m.start)),
      )
      .groupBy('month')
      .select(
        knex.raw(`to_char(month, 'YYYY-MM-DD') AS month`),
        knex.raw('min(min_at) AS lo, max(max_at) AS hi'),
      )) as Array<{
      month: string;
      lo: Date;
      hi: Date;
    }>;
    for (const r of rows) bounds.set(r.month, { lo: new Date(r.lo), hi: new Date(r.hi) });
  }
  for (const m of months) {
    const key = monthDate(m.start);
    const full = m.start >= from && m.end <= to;
    const b = bounds.get(key);
    if (full || (b && b.lo >= from && b.hi < to)) {
      plan.months.push(key);
    } else if (b) {
      const f = m.start < from ? from : m.start;
      const t = m.end > to ? to : m.end;
      const last = plan.live[plan.live.length - 1];
      if (last && last.to.getTime() === f.getTime()) last.to = t;
      else plan.live.push({ from: f, to: t });
    }
  }
  return plan;
}

const FIGURES = [
  'received',
  'resolved',
  'early',
  'on_time',
  'late',
  'pending',
  'pending_on_time',
  'pending_overdue',
  'supplement',
  'waiting_payment',
  'refused',
  'withdrawn',
  'stopped',
] as const;
type Figure = (typeof FIGURES)[number];

/** One branch of the union: `n` (rows seen, so groups appear as before) and the figures it counts, 0 for others. */
function branch(key: string, n: string, figures: Partial<Record<Figure, string>>, from: string): string {
  const cols = FIGURES.map((f) => `${figures[f] ?? '0'}::bigint AS ${f}`).join(', ');
  return `SELECT ${key} AS key, ${n}::bigint AS n, ${cols} ${from} GROUP BY 1`;
}

/**
 * Dossier figures per group for a period: received in [from, to); resolved (returned) in the period by
 * classification; refused / withdrawn / stopped in the period; pending now (on time / overdue), waiting for a
 * supplement (national status 5) and waiting for payment (6) among those received before `to`.
 *
 * Whole months come from the monthly summaries (kept exact by triggers, see migration 20261122000600): per agency
 * and channel when neither procedure, sector nor level narrows the query, else per procedure version. The rest of
 * the period and the open dossiers come from covering indexes; grouping by day — or by month / channel narrowed to
 * a procedure, sector or level — reads rows only. One statement, so every part sees the same snapshot.
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
  if (filter.agencies && filter.agencies.length === 0) return [];
  const narrowed = !!filter.procedureCode || !!filter.sector || !!filter.level;
  const cells =
    !narrowed && AGENCY_CELL_KEY[groupBy] ? 'agency' : PROCEDURE_CELL_KEY[groupBy] ? 'procedure' : undefined;
  const plan: PeriodPlan = cells
    ? await planPeriod(knex, 'dossier_stats_agency_monthly', filter.from, filter.to)
    : { months: [], live: filter.to > filter.from ? [{ from: filter.from, to: filter.to }] : [] };
  const needsProcedure = groupBy === 'sector' || groupBy === 'level' || !!filter.sector || !!filter.level;
  const bindings: unknown[] = [];
  /** FROM … WHERE for table alias `a`, with the filters; `conds` are bound first. */
  const source = (table: string, a: 'c' | 'd', conds: string[], condBindings: unknown[]) => {
    const where = [...conds];
    bindings.push(...condBindings);
    if (filter.agencies) {
      where.push(`${a}.agency_code IN (${filter.agencies.map(() => '?').join(', ')})`);
      bindings.push(...filter.agencies);
    }
    if (filter.procedureCode) {
      where.push(`${a}.procedure_code = ?`);
      bindings.push(filter.procedureCode);
    }
    if (filter.sector) {
      where.push('p.sector = ?');
      bindings.push(filter.sector);
    }
    if (filter.level) {
      where.push('p.level = ?');
      bindings.push(filter.level);
    }
    const join = needsProcedure
      ? ` JOIN procedure_versions pv ON pv.id = ${a}.procedure_version_id JOIN procedures p ON p.id = pv.procedure_id`
      : '';
    return `FROM ${table} ${a}${join} WHERE ${where.join(' AND ')}`;
  };
  const parts: string[] = [];
  if (cells && plan.months.length > 0) {
    parts.push(
      branch(
        (cells === 'agency' ? AGENCY_CELL_KEY : PROCEDURE_CELL_KEY)[groupBy]!,
        'sum(c.received + c.finished)',
        {
          received: 'sum(c.received)',
          resolved: 'sum(c.returned)',
          early: 'sum(c.early)',
          on_time: 'sum(c.on_time)',
          late: 'sum(c.late)',
          refused: 'sum(c.refused)',
          withdrawn: 'sum(c.withdrawn)',
          stopped: 'sum(c.stopped)',
        },
        source(
          cells === 'agency' ? 'dossier_stats_agency_monthly' : 'dossier_stats_procedure_monthly',
          'c',
          [`c.month IN (${plan.months.map(() => '?::date').join(', ')})`],
          plan.months,
        ),
      ),
    );
  }
  const key = LIVE_KEY[groupBy];
  const returned = (c?: string) =>
    `count(*) FILTER (WHERE d.outcome = 'returned'${c ? ` AND d.classification = '${c}'` : ''})`;
  for (const seg of plan.live) {
    parts.push(
      branch(
        key,
        'count(*)',
        { received: 'count(*)' },
        source('dossiers', 'd', ['d.received_at >= ?', 'd.received_at < ?'], [seg.from, seg.to]),
      ),
    );
    parts.push(
      branch(
        key,
        'count(*)',
        {
          resolved: returned(),
          early: returned('early'),
          on_time: returned('on-time'),
          late: returned('late'),
          refused: `count(*) FILTER (WHERE d.outcome = 'refused')`,
          withdrawn: `count(*) FILTER (WHERE d.outcome = 'withdrawn')`,
          stopped: `count(*) FILTER (WHERE d.outcome = 'stopped')`,
        },
        source(
          'dossiers',
          'd',
          ['d.finished_at >= ?', 'd.finished_at < ?', 'd.received_at < ?'],
          [seg.from, seg.to, filter.to],
        ),
      ),
    );
  }
  parts.push(
    branch(
      key,
      'count(*)',
      {
        pending: 'count(*)',
        pending_on_time: 'count(*) FILTER (WHERE d.due_at IS NULL OR d.due_at >= now())',
        pending_overdue: 'count(*) FILTER (WHERE d.due_at < now())',
        supplement: `count(*) FILTER (WHERE d.status = 'supplement-requested')`,
        waiting_payment: `count(*) FILTER (WHERE d.status = 'financial-obligation')`,
      },
      source('dossiers', 'd', ['d.finished_at IS NULL', 'd.received_at < ?'], [filter.to]),
    ),
  );
  const outerKey =
    groupBy === 'month'
      ? "to_char(x.key, 'YYYY-MM')"
      : groupBy === 'day'
        ? "to_char(x.key, 'YYYY-MM-DD')"
        : 'x.key';
  const sql = `SELECT ${outerKey} AS key, ${FIGURES.map((f) => `sum(${f}) AS ${f}`).join(', ')}
    FROM (${parts.join('\n UNION ALL\n')}) x GROUP BY x.key HAVING sum(n) > 0 ORDER BY x.key`;
  const rows = await runStats(knex, sql, bindings);
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
    waitingPayment: Number(r.waiting_payment),
    refused: Number(r.refused),
    withdrawn: Number(r.withdrawn),
    stopped: Number(r.stopped),
  }));
}

/** A row of zeros, and the sum of rows (the `total` line of the API and of the report snapshots). */
export function emptyDossierStats(key = 'total'): DossierStatsRow {
  return {
    key,
    received: 0,
    resolved: 0,
    early: 0,
    onTime: 0,
    late: 0,
    pending: 0,
    pendingOnTime: 0,
    pendingOverdue: 0,
    supplement: 0,
    waitingPayment: 0,
    refused: 0,
    withdrawn: 0,
    stopped: 0,
  };
}
export function sumDossierStats(rows: DossierStatsRow[], key = 'total'): DossierStatsRow {
  const total = emptyDossierStats(key);
  for (const r of rows) {
    for (const k of Object.keys(total) as Array<keyof DossierStatsRow>) {
      if (k !== 'key') (total[k] as number) += r[k] as number;
    }
  }
  return total;
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

/**
 * Per person: tasks completed in the period (on time = before their due time), average time held, open load.
 * Whole months come from `task_stats_monthly` (kept exact by triggers), the rest of the period and the open tasks
 * from partial indexes; one statement.
 */
export async function staffStatistics({
  knex,
  filter,
}: {
  knex: Db;
  filter: { from: Date; to: Date; agencies?: string[] };
}): Promise<StaffStatsRow[]> {
  if (filter.agencies && filter.agencies.length === 0) return [];
  const plan = await planPeriod(knex, 'task_stats_monthly', filter.from, filter.to);
  const bindings: unknown[] = [];
  const where = (a: 'c' | 't', conds: string[], condBindings: unknown[]) => {
    bindings.push(...condBindings);
    const all = [...conds];
    if (filter.agencies) {
      all.push(`${a}.agency_code IN (${filter.agencies.map(() => '?').join(', ')})`);
      bindings.push(...filter.agencies);
    }
    return all.join(' AND ');
  };
  const cols = (
    n: string,
    handled: string,
    onTime: string,
    late: string,
    heldUs: string,
    open: string,
    overdue: string,
  ) =>
    `${n}::bigint AS n, ${handled}::bigint AS handled, ${onTime}::bigint AS on_time, ${late}::bigint AS late, ` +
    `${heldUs}::numeric AS held_us, ${open}::bigint AS open_now, ${overdue}::bigint AS overdue_now`;
  const parts: string[] = [];
  if (plan.months.length > 0) {
    parts.push(
      `SELECT c.assignee, ${cols('sum(c.touched)', 'sum(c.handled)', 'sum(c.on_time)', 'sum(c.late)', 'sum(c.held_us)', '0', '0')}
       FROM task_stats_monthly c
       WHERE ${where('c', [`c.month IN (${plan.months.map(() => '?::date').join(', ')})`], plan.months)} GROUP BY 1`,
    );
  }
  const done = `t.status = 'completed'`;
  for (const seg of plan.live) {
    parts.push(
      `SELECT t.assignee, ${cols(
        'count(*)',
        `count(*) FILTER (WHERE ${done})`,
        `count(*) FILTER (WHERE ${done} AND (t.due_at IS NULL OR t.completed_at <= t.due_at))`,
        `count(*) FILTER (WHERE ${done} AND t.completed_at > t.due_at)`,
        `coalesce(sum(extract(epoch FROM t.completed_at - t.opened_at) * 1000000) FILTER (WHERE ${done}), 0)`,
        '0',
        '0',
      )}
       FROM tasks t
       WHERE ${where('t', ['t.completed_at >= ?', 't.completed_at < ?', 't.assignee IS NOT NULL'], [seg.from, seg.to])}
       GROUP BY 1`,
    );
  }
  parts.push(
    `SELECT t.assignee, ${cols('count(*)', '0', '0', '0', '0', 'count(*)', 'count(*) FILTER (WHERE t.overdue OR t.due_at < now())')}
     FROM tasks t
     WHERE ${where('t', [`t.status IN ('open', 'claimed')`, 't.assignee IS NOT NULL'], [])} GROUP BY 1`,
  );
  const sql = `SELECT assignee, sum(handled) AS handled, sum(on_time) AS on_time, sum(late) AS late,
      sum(held_us) / nullif(sum(handled), 0) / 3600000000.0 AS avg_hours, sum(open_now) AS open_now,
      sum(overdue_now) AS overdue_now
    FROM (${parts.join('\n UNION ALL\n')}) x GROUP BY assignee HAVING sum(n) > 0 ORDER BY assignee`;
  const rows = await runStats(knex, sql, bindings);
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
