/**
 * bench/dashboard — dashboard statistics over 1,000,000 dossiers (DESIGN.md §5: on-time/late statistics in
 * < 200 ms). Self-contained: its own database (default `motcua_bench_dashboard` on the server of DATABASE_URL,
 * or BENCH_DATABASE_URL), created and migrated here, seeded once with set-based SQL and reused afterwards while
 * it holds the asked number of dossiers (BENCH_RESEED=1 seeds again). No Temporal, no MinIO.
 *
 * The data: ~40 agencies (24 province departments, 8 districts, 8 communes) under a province root, 2,000
 * procedures over 30 sectors and 3 levels (10% with a second version), dossiers over the last 24 months of
 * working days, skewed towards the popular procedures, counter / online / postal; finished ones returned early /
 * on time / late, refused, withdrawn, stopped; open ones in progress, supplement requested (status 5), waiting
 * for payment (6), accepted, processed, on time or overdue; two tasks per dossier (reception, appraisal) for the
 * staff figures.
 *
 * It then measures, warm, what the console and the public screen ask — each through the store function and
 * through HTTP (createApp in this process, a province-wide supervisor's token) — and prints p50 / p95 / max.
 * Env: BENCH_DOSSIERS (default 1,000,000), BENCH_RUNS (measured runs per query and path, default 15).
 * The last line is one JSON object with the figures.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import pino from 'pino';
import { createApp } from '../api/index.js';
import { loadConfig } from '../config/index.js';
import { createKnex, ensureDatabase, migrateLatest, type Knex } from '../db/index.js';
import { s3Settings } from '../services/index.js';
import {
  createUser,
  dossierStatistics,
  hashPassword,
  staffStatistics,
  type StatsFilter,
  type StatsGroup,
} from '../store/index.js';

process.env.MOTCUA_PROFILE ??= 'test';
const DOSSIERS = Number(process.env.BENCH_DOSSIERS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const WARMUP = 2;
const CHUNK = 100_000;
const TARGET_MS = 200;
const config = loadConfig();
const databaseUrl =
  process.env.BENCH_DATABASE_URL ??
  (() => {
    const u = new URL(config.databaseUrl);
    u.pathname = '/motcua_bench_dashboard';
    return u.toString();
  })();

const SECTORS = [
  'Hộ tịch',
  'Chứng thực',
  'Đất đai',
  'Xây dựng',
  'Nhà ở',
  'Đăng ký kinh doanh',
  'Đầu tư',
  'Thuế',
  'Lao động',
  'Bảo trợ xã hội',
  'Người có công',
  'Giáo dục',
  'Y tế',
  'Dược phẩm',
  'Văn hóa',
  'Du lịch',
  'Thể thao',
  'Giao thông vận tải',
  'Đường bộ',
  'Tài nguyên nước',
  'Môi trường',
  'Nông nghiệp',
  'Thủy sản',
  'Lâm nghiệp',
  'Công thương',
  'An toàn thực phẩm',
  'Tư pháp',
  'Nội vụ',
  'Thông tin truyền thông',
  'Khoa học công nghệ',
];
const DEPARTMENTS = 24;
const DISTRICTS = 8;
const COMMUNES = 8;
const PROCEDURES = 2000;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
const round1 = (n: number) => Math.round(n * 10) / 10;

// ---------------------------------------------------------------------------------------------------------------
// Seeding
// ---------------------------------------------------------------------------------------------------------------

async function seeded(knex: Knex): Promise<{ dossiers: number; anchor: Date } | undefined> {
  if (!(await knex.schema.hasTable('bench_dashboard_seed'))) return undefined;
  const row = (await knex('bench_dashboard_seed').first()) as
    { dossiers: number; anchor: Date; complete: boolean } | undefined;
  if (!row?.complete) return undefined;
  return { dossiers: row.dossiers, anchor: row.anchor };
}

async function seed(knex: Knex): Promise<Date> {
  const t0 = performance.now();
  const log = (line: string) =>
    console.log(`seed: ${line} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  await knex.schema.dropTableIfExists('bench_dashboard_seed');
  await knex.schema.dropTableIfExists('bench_procs');
  // TRUNCATE fires no row trigger: the summaries the triggers keep go with the rows.
  await knex.raw(
    `TRUNCATE dossiers, tasks, dossier_events, procedure_versions, procedures, user_roles, users, agencies,
       dossier_stats_agency_monthly, dossier_stats_procedure_monthly, task_stats_monthly CASCADE`,
  );
  const anchor = (await knex.raw('SELECT now() AS now')).rows[0].now as Date;
  await knex.schema.createTable('bench_dashboard_seed', (t) => {
    t.integer('dossiers').notNullable();
    t.timestamp('anchor', { useTz: true }).notNullable();
    t.boolean('complete').notNullable();
  });
  await knex('bench_dashboard_seed').insert({ dossiers: DOSSIERS, anchor, complete: false });
  await knex.raw('SELECT setseed(0.42)');

  // Agencies: a province root, its departments and districts, a commune under each district.
  const agencies: Array<Record<string, string | null>> = [
    {
      code: 'BD',
      parent_code: null,
      level: 'province',
      name_vi: 'UBND tỉnh',
      name_en: 'Province',
      unit_code: 'H15',
    },
  ];
  for (let i = 1; i <= DEPARTMENTS; i += 1) {
    const n = String(i).padStart(2, '0');
    agencies.push({
      code: `BD.S${n}`,
      parent_code: 'BD',
      level: 'province',
      name_vi: `Sở ${n}`,
      name_en: `Department ${n}`,
      unit_code: `H15.${n}`,
    });
  }
  for (let i = 1; i <= DISTRICTS; i += 1) {
    const n = String(i).padStart(2, '0');
    agencies.push({
      code: `BD.H${n}`,
      parent_code: 'BD',
      level: 'district',
      name_vi: `UBND huyện ${n}`,
      name_en: `District ${n}`,
      unit_code: `H15.5${n}`,
    });
  }
  for (let i = 1; i <= COMMUNES; i += 1) {
    const n = String(i).padStart(2, '0');
    agencies.push({
      code: `BD.X${n}`,
      parent_code: `BD.H${n}`,
      level: 'commune',
      name_vi: `UBND xã ${n}`,
      name_en: `Commune ${n}`,
      unit_code: `H15.5${n}.01`,
    });
  }
  await knex('agencies').insert(agencies);
  log(`${agencies.length} agencies`);

  // Procedures: 60% province (departments), 25% district, 15% commune; sector by department; duration 1-30 days.
  await knex.raw(
    `CREATE TABLE bench_procs AS
     SELECT i AS idx,
            CASE WHEN i % 20 < 12 THEN 'province' WHEN i % 20 < 17 THEN 'district' ELSE 'commune' END AS level,
            CASE WHEN i % 20 < 12 THEN 'BD.S' || lpad((1 + (i * 7) % ${DEPARTMENTS})::text, 2, '0')
                 WHEN i % 20 < 17 THEN 'BD.H' || lpad((1 + (i * 3) % ${DISTRICTS})::text, 2, '0')
                 ELSE 'BD.X' || lpad((1 + (i * 5) % ${COMMUNES})::text, 2, '0') END AS agency_code,
            (ARRAY[1, 1, 3, 3, 5, 5, 7, 10, 10, 15, 20, 30])[1 + (i * 13) % 12] AS days,
            'BD.' || lpad(i::text, 6, '0') AS code,
            NULL::bigint AS procedure_id, NULL::bigint AS v1, NULL::bigint AS v2
     FROM generate_series(1, ${PROCEDURES}) AS i`,
  );
  await knex.raw(
    `WITH ins AS (
       INSERT INTO procedures (code, level, name_vi, name_en, sector, agency_code, status, latest_version)
       SELECT bp.code, bp.level, 'Thủ tục ' || bp.idx, 'Procedure ' || bp.idx,
              (?::text[])[1 + (CASE WHEN bp.level = 'province' THEN (substr(bp.agency_code, 5)::int * 5 + bp.idx % 4)
                                     ELSE bp.idx END) % ${SECTORS.length}],
              bp.agency_code, 'published', CASE WHEN bp.idx % 10 = 0 THEN 2 ELSE 1 END
       FROM bench_procs bp RETURNING id, code)
     UPDATE bench_procs bp SET procedure_id = ins.id FROM ins WHERE ins.code = bp.code`,
    [SECTORS],
  );
  await knex.raw(
    `WITH ins AS (
       INSERT INTO procedure_versions (procedure_id, version, status, metadata, model_kind, model_source, published_at, published_by)
       SELECT bp.procedure_id, v, CASE WHEN v = 1 AND bp.idx % 10 = 0 THEN 'retired' ELSE 'published' END,
              jsonb_build_object('code', bp.code, 'level', bp.level, 'agency', bp.agency_code), 'steps', '{"steps":[]}',
              now() - interval '800 days', 'bench'
       FROM bench_procs bp CROSS JOIN LATERAL generate_series(1, CASE WHEN bp.idx % 10 = 0 THEN 2 ELSE 1 END) AS v
       RETURNING id, procedure_id, version)
     UPDATE bench_procs bp SET v1 = (SELECT id FROM ins WHERE ins.procedure_id = bp.procedure_id AND version = 1),
                               v2 = (SELECT id FROM ins WHERE ins.procedure_id = bp.procedure_id AND version = 2)`,
  );
  await knex.raw('CREATE UNIQUE INDEX ON bench_procs (idx)');
  await knex.raw('ANALYZE bench_procs');
  log(`${PROCEDURES} procedures`);

  // Dossiers (and their two tasks), chunk by chunk. One statement per chunk: the base draws, the fate of the
  // dossier (when and how it finished, or its open status), then the rows.
  for (let start = 1; start <= DOSSIERS; start += CHUNK) {
    const end = Math.min(DOSSIERS, start + CHUNK - 1);
    await knex.raw(
      `WITH draws AS MATERIALIZED (
         SELECT g.i, 1 + floor(${PROCEDURES} * power(random(), 2.5))::int AS pidx, random() AS r_v,
                random() AS r_ch, random() AS r_out, random() AS r_cls, random() AS r_t, random() AS r_open,
                random() AS r_st,
                ((?::timestamptz AT TIME ZONE 'Asia/Ho_Chi_Minh')::date - floor(random() * 730)::int) AS day0,
                random() AS r_tod
         FROM generate_series(?::int, ?::int) AS g(i)),
       base AS (
         SELECT d.*, bp.code AS procedure_code, bp.agency_code, bp.days,
                CASE WHEN bp.v2 IS NOT NULL AND d.r_v < 0.7 THEN bp.v2 ELSE bp.v1 END AS version_id
         FROM draws d JOIN bench_procs bp ON bp.idx = d.pidx),
       timed AS (
         SELECT b.*,
                least(((b.day0 - CASE extract(isodow FROM b.day0) WHEN 6 THEN 1 WHEN 7 THEN 2 ELSE 0 END)
                       + time '07:30' + b.r_tod * interval '9 hours 30 minutes') AT TIME ZONE 'Asia/Ho_Chi_Minh',
                      ?::timestamptz - b.r_tod * interval '1 hour') AS received_at
         FROM base b),
       due AS (
         SELECT t.*, t.received_at + t.days * interval '1 day' * 1.4 AS due_at,
                CASE WHEN t.r_out < 0.03 THEN 'refused' WHEN t.r_out < 0.06 THEN 'withdrawn'
                     WHEN t.r_out < 0.08 THEN 'stopped' ELSE 'returned' END AS fate,
                CASE WHEN t.r_cls < 0.40 THEN 'early' WHEN t.r_cls < 0.92 THEN 'on-time' ELSE 'late' END AS cls
         FROM timed t),
       fin AS (
         SELECT d.*,
                CASE WHEN d.fate <> 'returned' THEN d.received_at + (d.due_at - d.received_at) * 0.5 * d.r_t
                     WHEN d.cls = 'early' THEN d.received_at + (d.due_at - d.received_at) * (0.2 + 0.6 * d.r_t)
                     WHEN d.cls = 'on-time' THEN d.due_at - d.r_t * interval '6 hours'
                     ELSE d.due_at + (1 + 9 * d.r_t) * interval '1 day' END AS fin_at
         FROM due d),
       fate AS (
         SELECT f.*, (f.fin_at > ?::timestamptz OR f.r_open < 0.01) AS open FROM fin f),
       rows AS (
         SELECT gen_random_uuid() AS id,
                f.agency_code || '-' || to_char(f.received_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYMMDD') || '-' ||
                  lpad(f.i::text, 7, '0') AS code,
                f.*,
                CASE WHEN NOT f.open THEN CASE f.fate WHEN 'returned' THEN 'returned' WHEN 'refused' THEN 'not-accepted'
                                                     ELSE f.fate END
                     WHEN f.r_st < 0.70 THEN 'in-progress' WHEN f.r_st < 0.82 THEN 'supplement-requested'
                     WHEN f.r_st < 0.88 THEN 'financial-obligation' WHEN f.r_st < 0.95 THEN 'accepted'
                     ELSE 'processed' END AS status
         FROM fate f),
       ins AS (
         INSERT INTO dossiers (id, code, procedure_version_id, procedure_code, agency_code, channel, applicant, data,
                               status, national_status, workflow_id, received_at, due_at, finished_at, outcome,
                               classification, current_step, created_at, updated_at)
         SELECT r.id, r.code, r.version_id, r.procedure_code, r.agency_code,
                CASE WHEN r.r_ch < 0.6 THEN 'counter' WHEN r.r_ch < 0.95 THEN 'online' ELSE 'postal' END,
                jsonb_build_object('type', 'person', 'name', 'Nguyễn Văn ' || (r.i % 997),
                                   'idNumber', '0380' || lpad((r.i::bigint * 7919 % 100000000)::text, 8, '0'),
                                   'phone', '09' || lpad((r.i::bigint * 104729 % 100000000)::text, 8, '0'),
                                   'address', 'Số ' || (r.i % 300) || ' đường Lê Lợi, phường Quang Trung'),
                jsonb_build_object('soBanSao', 1 + r.i % 3),
                r.status,
                CASE r.status WHEN 'accepted' THEN 2 WHEN 'not-accepted' THEN 3 WHEN 'in-progress' THEN 4
                              WHEN 'supplement-requested' THEN 5 WHEN 'financial-obligation' THEN 6
                              WHEN 'withdrawn' THEN 7 WHEN 'stopped' THEN 8 WHEN 'processed' THEN 9 ELSE 10 END,
                'dossier-' || r.code, r.received_at, r.due_at,
                CASE WHEN r.open THEN NULL ELSE r.fin_at END,
                CASE WHEN r.open THEN NULL ELSE r.fate END,
                CASE WHEN r.open OR r.fate <> 'returned' THEN NULL ELSE r.cls END,
                CASE WHEN r.open THEN 'appraise' END,
                r.received_at, CASE WHEN r.open THEN r.received_at ELSE r.fin_at END
         FROM rows r
         RETURNING id, workflow_id, agency_code, received_at, due_at, finished_at, outcome)
       INSERT INTO tasks (dossier_id, workflow_id, task_id, node_id, name_vi, name_en, role, agency_code, assignee,
                          status, outcome, opened_at, warn_at, due_at, completed_at, overdue)
       SELECT ins.id, ins.workflow_id, t.task_id, t.node_id, t.name_vi, t.name_en, t.role, ins.agency_code,
              t.assignee, t.status, t.outcome, t.opened_at, NULL, t.due_at, t.completed_at,
              t.status IN ('open', 'claimed') AND t.due_at < ?::timestamptz
       FROM ins CROSS JOIN LATERAL (VALUES
         ('receive#1', 'receive', 'Tiếp nhận hồ sơ', 'Receive the dossier', 'receptionist',
          ins.agency_code || '.tn' || (1 + (hashtext(ins.workflow_id) & 3)), 'completed', 'accept',
          ins.received_at, ins.received_at + interval '30 minutes',
          ins.received_at + interval '20 minutes'),
         ('appraise#1', 'appraise', 'Thẩm định hồ sơ', 'Appraise the dossier', 'specialist',
          CASE WHEN ins.finished_at IS NULL AND hashtext(ins.workflow_id) % 5 = 0 THEN NULL
               ELSE ins.agency_code || '.cv' || (1 + ((hashtext(ins.workflow_id) >> 4) & 7)) END,
          CASE WHEN ins.finished_at IS NULL THEN CASE WHEN hashtext(ins.workflow_id) % 5 = 0 THEN 'open' ELSE 'claimed' END
               WHEN ins.outcome = 'returned' THEN 'completed' ELSE 'cancelled' END,
          CASE WHEN ins.outcome = 'returned' THEN 'approve' END,
          ins.received_at + interval '20 minutes', ins.received_at + (ins.due_at - ins.received_at) * 0.8,
          CASE WHEN ins.outcome = 'returned' THEN ins.received_at + (ins.finished_at - ins.received_at) * 0.8 END)
       ) AS t(task_id, node_id, name_vi, name_en, role, assignee, status, outcome, opened_at, due_at, completed_at)`,
      [anchor, start, end, anchor, anchor, anchor],
    );
    log(`${end.toLocaleString('en-US')} / ${DOSSIERS.toLocaleString('en-US')} dossiers`);
  }
  await knex.raw('VACUUM (ANALYZE) dossiers');
  await knex.raw('VACUUM (ANALYZE) tasks');
  await knex.raw('ANALYZE procedures; ANALYZE procedure_versions');
  log('vacuumed and analysed');
  await knex('bench_dashboard_seed').update({ complete: true });
  return anchor;
}

// ---------------------------------------------------------------------------------------------------------------
// Measuring
// ---------------------------------------------------------------------------------------------------------------

interface Case {
  name: string;
  /** What the console / public screen sends. */
  path: string;
  store: () => Promise<unknown>;
}

interface Figures {
  p50: number;
  p95: number;
  max: number;
}

async function measure(fn: () => Promise<unknown>): Promise<Figures> {
  for (let i = 0; i < WARMUP; i += 1) await fn();
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return {
    p50: round1(percentile(ms, 50)),
    p95: round1(percentile(ms, 95)),
    max: round1(ms[ms.length - 1]!),
  };
}

const VN_OFFSET_MS = 7 * 3_600_000;
const vnDay = (d: Date) => new Date(d.getTime() + VN_OFFSET_MS).toISOString().slice(0, 10);
const vnMidnight = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) - VN_OFFSET_MS);

async function main() {
  await ensureDatabase(databaseUrl);
  const knex = createKnex(databaseUrl, { max: 10 });
  await migrateLatest(knex);
  let info = process.env.BENCH_RESEED === '1' ? undefined : await seeded(knex);
  if (info && info.dossiers !== DOSSIERS) info = undefined;
  if (info) {
    console.log(
      `reusing ${new URL(databaseUrl).pathname.slice(1)}: ${info.dossiers.toLocaleString('en-US')} dossiers seeded at ${info.anchor.toISOString()}`,
    );
  } else {
    console.log(
      `seeding ${DOSSIERS.toLocaleString('en-US')} dossiers into ${new URL(databaseUrl).pathname.slice(1)}`,
    );
    info = { dossiers: DOSSIERS, anchor: await seed(knex) };
  }
  const shape = (
    await knex.raw(
      `SELECT count(*) AS dossiers, count(*) FILTER (WHERE finished_at IS NULL) AS open,
              count(*) FILTER (WHERE status = 'financial-obligation') AS payment,
              (SELECT count(*) FROM tasks) AS tasks, pg_size_pretty(pg_total_relation_size('dossiers')) AS size,
              (SELECT count(*) FROM dossier_stats_agency_monthly) AS agency_cells,
              (SELECT count(*) FROM dossier_stats_procedure_monthly) AS cells,
              (SELECT count(*) FROM task_stats_monthly) AS staff_cells
       FROM dossiers`,
    )
  ).rows[0] as Record<string, string>;
  console.log(
    `data: ${Number(shape.dossiers).toLocaleString('en-US')} dossiers (${shape.size} with indexes), ${Number(shape.open).toLocaleString('en-US')} open (${shape.payment} waiting for payment), ${Number(shape.tasks).toLocaleString('en-US')} tasks; monthly summaries: ${Number(shape.agency_cells).toLocaleString('en-US')} agency cells, ${Number(shape.cells).toLocaleString('en-US')} procedure cells, ${Number(shape.staff_cells).toLocaleString('en-US')} staff cells`,
  );

  // A province-wide supervisor, signed in through the API.
  const username = `bench-sup-${randomUUID().slice(0, 8)}`;
  const password = randomUUID();
  await createUser({
    knex,
    user: {
      username,
      passwordHash: await hashPassword(password),
      fullName: 'Bench supervisor',
      roles: [{ role: 'supervisor', agencyCode: '*' }],
    },
  });
  const app = createApp({
    config,
    knex,
    // The stats endpoints never reach Temporal: a lazy connection that is never used.
    temporal: new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) }),
    s3: s3Settings(config),
    health: async () => ({ status: 'ok', components: {} as never }),
    logger: pino({ level: 'warn' }),
    authSecret: new TextEncoder().encode(`bench-dashboard-${randomUUID()}`),
    taskQueue: 'bench-dashboard',
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const signIn = await fetch(`${base}/api/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const token = ((await signIn.json()) as { accessToken: string }).accessToken;

  // The periods as the console computes them (Vietnam days), relative to now.
  const today = vnDay(new Date());
  const monthStart = `${today.slice(0, 7)}-01`;
  const yearAgo = vnDay(new Date(Date.now() - 364 * 86_400_000));
  const yearStart = `${today.slice(0, 4)}-01-01`;
  const period = (from: string, to: string) => ({
    from: vnMidnight(from),
    to: new Date(vnMidnight(to).getTime() + 86_400_000),
  });
  const month = period(monthStart, today);
  const year = period(yearAgo, today);
  const thisYear = period(yearStart, today);
  const day = period(today, today);
  const busiest = (
    await knex.raw(`SELECT agency_code FROM dossiers GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`)
  ).rows[0].agency_code as string;
  const stats = (groupBy: StatsGroup, filter: StatsFilter) => () =>
    dossierStatistics({ knex, groupBy, filter });
  const cases: Case[] = [
    {
      name: 'month by agency (console default)',
      path: `/api/stats/dossiers?groupBy=agency&from=${monthStart}&to=${today}`,
      store: stats('agency', month),
    },
    {
      name: '12 months by agency',
      path: `/api/stats/dossiers?groupBy=agency&from=${yearAgo}&to=${today}`,
      store: stats('agency', year),
    },
    {
      name: '12 months by sector',
      path: `/api/stats/dossiers?groupBy=sector&from=${yearAgo}&to=${today}`,
      store: stats('sector', year),
    },
    {
      name: '12 months by level',
      path: `/api/stats/dossiers?groupBy=level&from=${yearAgo}&to=${today}`,
      store: stats('level', year),
    },
    {
      name: '12 months by month',
      path: `/api/stats/dossiers?groupBy=month&from=${yearAgo}&to=${today}`,
      store: stats('month', year),
    },
    {
      name: 'month by day',
      path: `/api/stats/dossiers?groupBy=day&from=${monthStart}&to=${today}`,
      store: stats('day', month),
    },
    {
      name: `12 months by procedure, ${busiest}`,
      path: `/api/stats/dossiers?groupBy=procedure&agency=${busiest}&from=${yearAgo}&to=${today}`,
      store: stats('procedure', { ...year, agencies: [busiest] }),
    },
    {
      name: '12 months by procedure (all)',
      path: `/api/stats/dossiers?groupBy=procedure&from=${yearAgo}&to=${today}`,
      store: stats('procedure', year),
    },
    {
      name: '12 months by agency, XLSX',
      path: `/api/stats/dossiers?groupBy=agency&from=${yearAgo}&to=${today}&format=xlsx`,
      store: stats('agency', year),
    },
    {
      name: 'public screen, today',
      path: '/api/public/stats?period=today',
      store: stats('agency', day),
    },
    {
      name: 'public screen, month',
      path: '/api/public/stats?period=month',
      store: stats('agency', month),
    },
    {
      name: 'public screen, year',
      path: '/api/public/stats?period=year',
      store: stats('agency', thisYear),
    },
    {
      name: 'staff, month (console)',
      path: '/api/stats/staff',
      store: () => staffStatistics({ knex, filter: month }),
    },
    {
      name: 'staff, 12 months',
      path: `/api/stats/staff?from=${yearAgo}&to=${today}`,
      store: () => staffStatistics({ knex, filter: year }),
    },
  ];

  const results: Array<{ name: string; path: string; store: Figures; http: Figures }> = [];
  console.log(
    `\n${'query'.padEnd(40)} ${'store p50'.padStart(9)} ${'p95'.padStart(7)} ${'max'.padStart(7)}   ${'http p50'.padStart(9)} ${'p95'.padStart(7)} ${'max'.padStart(7)}   (ms, ${RUNS} warm runs)`,
  );
  for (const c of cases) {
    const store = await measure(c.store);
    const http = await measure(async () => {
      const res = await fetch(`${base}${c.path}`, { headers: { authorization: `Bearer ${token}` } });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${c.path}: HTTP ${res.status}`);
    });
    results.push({ name: c.name, path: c.path, store, http });
    console.log(
      `${c.name.padEnd(40)} ${String(store.p50).padStart(9)} ${String(store.p95).padStart(7)} ${String(store.max).padStart(7)}   ${String(http.p50).padStart(9)} ${String(http.p95).padStart(7)} ${String(http.max).padStart(7)}`,
    );
  }
  const worstP95 = Math.max(...results.map((r) => r.http.p95));
  const worstMax = Math.max(...results.map((r) => r.http.max));
  console.log(`\nworst HTTP p95 ${worstP95} ms, worst max ${worstMax} ms (target < ${TARGET_MS} ms)`);

  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await knex.destroy();
  console.log(
    JSON.stringify({
      bench: 'dashboard',
      dossiers: Number(shape.dossiers),
      openDossiers: Number(shape.open),
      tasks: Number(shape.tasks),
      seededAt: info.anchor.toISOString(),
      runs: RUNS,
      agencySummaryCells: Number(shape.agency_cells),
      procedureSummaryCells: Number(shape.cells),
      staffSummaryCells: Number(shape.staff_cells),
      targetMs: TARGET_MS,
      worstHttpP95Ms: worstP95,
      worstHttpMaxMs: worstMax,
      meetsTarget: worstP95 < TARGET_MS,
      queries: Object.fromEntries(
        results.map((r) => [r.name, { path: r.path, store: r.store, http: r.http }]),
      ),
    }),
  );
}

await main();
