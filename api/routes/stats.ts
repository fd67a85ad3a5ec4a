/**
 * /api/stats: figures for reports and evaluation (received, resolved early / on time / late, pending, supplement,
 * waiting for payment, refused, withdrawn, stopped; staff handled / on-time % / average time), as JSON, CSV or XLSX; /api/audit; and the
 * public screens' figures (/api/public/stats, no personal data).
 */
import express from 'express';
import {
  dossierStatistics,
  listAudit,
  staffStatistics,
  sumDossierStats,
  type DossierStatsRow,
  type StatsGroup,
} from '../../store/index.js';
import { requireRole, scopesOf } from '../auth.js';
import type { ApiContext } from '../context.js';
import { ValidationError } from '../errors.js';
import { sendTable, type Column } from '../export.js';
import { ADMIN_ROLES, STATS_ROLES, SUPERVISOR_ROLES } from '../roles.js';
import { auditQuery, publicStatsQuery, statsQuery } from '../schemas.js';
import { listParam, validateQuery } from '../validation.js';

const VN_OFFSET_MS = 7 * 3_600_000;

/** Local (Vietnam) day 'YYYY-MM-DD' → the UTC instant of its midnight. */
function vnMidnight(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - VN_OFFSET_MS);
}
function vnToday(): string {
  return new Date(Date.now() + VN_OFFSET_MS).toISOString().slice(0, 10);
}

export function periodOf(
  from: string | undefined,
  to: string | undefined,
): { from: Date; to: Date; fromDay: string; toDay: string } {
  const today = vnToday();
  const fromDay = from ?? `${today.slice(0, 7)}-01`;
  const toDay = to ?? today;
  const start = vnMidnight(fromDay);
  const end = new Date(vnMidnight(toDay).getTime() + 86_400_000);
  if (end <= start) {
    throw new ValidationError([
      { field: 'query.to', message: { vi: 'phải không sớm hơn "from"', en: 'must not be before "from"' } },
    ]);
  }
  return { from: start, to: end, fromDay, toDay };
}

function withRates(r: DossierStatsRow) {
  return {
    ...r,
    onTimeRate: r.resolved ? Math.round(((r.early + r.onTime) / r.resolved) * 10000) / 100 : null,
  };
}

const DOSSIER_COLUMNS: Column[] = [
  { key: 'key', header: 'Nhóm / Group' },
  { key: 'received', header: 'Tiếp nhận / Received' },
  { key: 'resolved', header: 'Đã giải quyết / Resolved' },
  { key: 'early', header: 'Trước hạn / Early' },
  { key: 'onTime', header: 'Đúng hạn / On time' },
  { key: 'late', header: 'Quá hạn / Late' },
  { key: 'onTimeRate', header: 'Tỷ lệ đúng hạn % / On-time %' },
  { key: 'pending', header: 'Đang giải quyết / Pending' },
  { key: 'pendingOnTime', header: 'Chưa đến hạn / Pending on time' },
  { key: 'pendingOverdue', header: 'Quá hạn chưa xong / Pending overdue' },
  { key: 'supplement', header: 'Chờ bổ sung / Supplement' },
  { key: 'waitingPayment', header: 'Chờ nghĩa vụ tài chính / Waiting for payment' },
  { key: 'refused', header: 'Từ chối / Refused' },
  { key: 'withdrawn', header: 'Rút / Withdrawn' },
  { key: 'stopped', header: 'Dừng / Stopped' },
];

const STAFF_COLUMNS: Column[] = [
  { key: 'assignee', header: 'Cán bộ / Staff' },
  { key: 'handled', header: 'Đã xử lý / Handled' },
  { key: 'onTime', header: 'Đúng hạn / On time' },
  { key: 'late', header: 'Trễ hạn / Late' },
  { key: 'onTimeRate', header: 'Tỷ lệ đúng hạn % / On-time %' },
  { key: 'averageHours', header: 'Thời gian TB (giờ) / Average hours' },
  { key: 'openNow', header: 'Đang giữ / Open now' },
  { key: 'overdueNow', header: 'Đang quá hạn / Overdue now' },
];

export function createStatsRouter(ctx: ApiContext): express.Router {
  const router = express.Router();

  const agenciesFor = async (req: express.Request, asked: string | undefined) => {
    const p = await requireRole(req, ctx.auth, STATS_ROLES);
    const allowed = await ctx.auth.agencies.expand(scopesOf(p, STATS_ROLES));
    const list = listParam(asked);
    if (!list) return allowed;
    return allowed ? list.filter((a) => allowed.includes(a)) : list;
  };

  router.get('/stats/dossiers', async (req, res) => {
    const q = validateQuery<{
      groupBy: StatsGroup;
      from?: string;
      to?: string;
      agency?: string;
      procedure?: string;
      sector?: string;
      level?: string;
      format: 'json' | 'csv' | 'xlsx';
    }>(statsQuery, req.query);
    const agencies = await agenciesFor(req, q.agency);
    const period = periodOf(q.from, q.to);
    const rows = (
      await dossierStatistics({
        knex: ctx.knex,
        groupBy: q.groupBy,
        filter: {
          from: period.from,
          to: period.to,
          agencies,
          procedureCode: q.procedure,
          sector: q.sector,
          level: q.level,
        },
      })
    ).map(withRates);
    const total = sumDossierStats(rows);
    await sendTable(
      res,
      q.format,
      `thong-ke-ho-so-${period.fromDay}-${period.toDay}`,
      DOSSIER_COLUMNS,
      [...rows, withRates(total)],
      () => ({
        groupBy: q.groupBy,
        from: period.fromDay,
        to: period.toDay,
        items: rows,
        total: withRates(total),
      }),
    );
  });

  router.get('/stats/staff', async (req, res) => {
    const q = validateQuery<{ from?: string; to?: string; agency?: string; format: 'json' | 'csv' | 'xlsx' }>(
      statsQuery,
      req.query,
    );
    const agencies = await agenciesFor(req, q.agency);
    const period = periodOf(q.from, q.to);
    const rows = (
      await staffStatistics({ knex: ctx.knex, filter: { from: period.from, to: period.to, agencies } })
    ).map((r) => ({
      ...r,
      onTimeRate: r.handled ? Math.round((r.onTime / r.handled) * 10000) / 100 : null,
    }));
    await sendTable(
      res,
      q.format,
      `danh-gia-can-bo-${period.fromDay}-${period.toDay}`,
      STAFF_COLUMNS,
      rows,
      () => ({
        from: period.fromDay,
        to: period.toDay,
        items: rows,
      }),
    );
  });

  router.get('/audit', async (req, res) => {
    await requireRole(req, ctx.auth, [...ADMIN_ROLES, ...SUPERVISOR_ROLES]);
    const q = validateQuery<{
      actor?: string;
      action?: string;
      targetType?: string;
      targetId?: string;
      since?: string;
      limit: number;
      offset: number;
    }>(auditQuery, req.query);
    const page = await listAudit({
      knex: ctx.knex,
      filter: { ...q, since: q.since ? new Date(q.since) : undefined },
    });
    res.json({
      items: page.items.map((a) => ({
        id: a.id,
        at: new Date(a.at).toISOString(),
        actor: a.actor,
        action: a.action,
        targetType: a.target_type,
        targetId: a.target_id,
        oldValue: a.old_value,
        newValue: a.new_value,
        reason: a.reason,
        requestId: a.request_id,
      })),
      total: page.total,
      limit: q.limit,
      offset: q.offset,
    });
  });

  router.get('/public/stats', async (req, res) => {
    const q = validateQuery<{ agency?: string; period: 'today' | 'month' | 'year' }>(
      publicStatsQuery,
      req.query,
    );
    const today = vnToday();
    const from =
      q.period === 'today'
        ? today
        : q.period === 'month'
          ? `${today.slice(0, 7)}-01`
          : `${today.slice(0, 4)}-01-01`;
    const period = periodOf(from, today);
    const agencies = q.agency ? await ctx.auth.agencies.expand([q.agency]) : undefined;
    const rows = await dossierStatistics({
      knex: ctx.knex,
      groupBy: 'agency',
      filter: { from: period.from, to: period.to, agencies },
    });
    res.setHeader('Cache-Control', 'public, max-age=30');
    res.json({ period: q.period, from: period.fromDay, to: period.toDay, items: rows.map(withRates) });
  });

  return router;
}
