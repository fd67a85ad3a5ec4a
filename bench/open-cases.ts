/**
 * bench/open-cases — DESIGN.md §5: "100,000 open dossiers with pending SLA timers on one machine; timer lag p99
 * < 2 s; worker memory bounded."
 *
 * Runs its own servers, never the shared test stack: a Temporal dev server on its own ports with its state under
 * data/bench-open-cases/ (wiped at each start) and its own database motcua_bench_open_cases on the machine's
 * PostgreSQL (dropped, created and migrated at each start). No MinIO: nothing here stores a document.
 *
 * The real worker (createWorker from worker/, the real dossierWorkflow bundle) runs in a child process
 * (`--worker`) so its memory is its own; it runs with a scaled calendar (one working day = BENCH_MS_PER_WORKING_DAY,
 * every day a working day), as MOTCUA_TIME_SCALE_MS_PER_DAY does.
 *
 * 1. BENCH_OPEN dossiers are started with raw client starts of dossierWorkflow (dossier rows inserted first, as
 *    intake does) on a published one-step procedure whose first human step has an SLA of BENCH_BULK_DAYS working
 *    days: each holds a pending durable timer (the step warning at 75 %, then the deadline, then the appointment)
 *    that does not fire during the run. The bench waits until the worker has opened every first step.
 * 2. With all of them open, BENCH_SAMPLE more dossiers are started whose step SLA is chosen so that their
 *    deadlines fall at known instants spread evenly from BENCH_LEAD_S to BENCH_LEAD_S + BENCH_SPREAD_S seconds
 *    later (their 75 % warnings fall before). Lag of a timer = the time the workflow observed it (the `at` of the
 *    task-warning / task-overdue event in dossier_events, i.e. the workflow clock when the timer fired) minus its
 *    due instant (tasks.warn_at / tasks.due_at, computed by the worker when the step opened).
 *
 * Prints progress (started/s, steps opened), p50/p90/p99/max lag, worker RSS and heap and Temporal server RSS
 * sampled every 2 s (min/max/last, and at every tenth of the starts), the start rate. Last line: one JSON object.
 * Env: BENCH_OPEN (default 100000), BENCH_SAMPLE (200), BENCH_CONCURRENCY (starts in flight, 32),
 * BENCH_LEAD_S (30), BENCH_SPREAD_S (120), BENCH_MS_PER_WORKING_DAY (60000), BENCH_BULK_DAYS (100000),
 * BENCH_OPEN_CASES_PORTS (Temporal, Temporal UI; default 57233,58233, on the cluster 23233,23333), BENCH_KEEP=1 keeps
 * the Temporal database. MOTCUA_TEMPORAL=cluster runs it on the embedded Temporal cluster (databases
 * temporal_bench_open_cases*) instead of the dev server.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { createScaledCalendar } from '../calendar/index.js';
import { loadConfig, repoRoot, type Config } from '../config/index.js';
import { createKnex, dropDatabase, ensureDatabase, migrateLatest } from '../db/index.js';
import { DOSSIER_WORKFLOW_TYPE, type CompiledProcedure } from '../ir/index.js';
import { stopStale, type ManagedProcess } from '../services/process.js';
import { startTemporal } from '../services/temporal.js';
import { toolPath, TOOLS } from '../services/tools.js';
import { upsertAgencies } from '../store/index.js';
import { createWorker, workflowsPath } from '../worker/index.js';
import type { DossierWorkflowInput } from '../workflows/index.js';

const OPEN = Number(process.env.BENCH_OPEN ?? 100_000);
const SAMPLE = Number(process.env.BENCH_SAMPLE ?? 200);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const LEAD_S = Number(process.env.BENCH_LEAD_S ?? 30);
const SPREAD_S = Number(process.env.BENCH_SPREAD_S ?? 120);
const MS_PER_DAY = Number(process.env.BENCH_MS_PER_WORKING_DAY ?? 60_000);
const BULK_DAYS = Number(process.env.BENCH_BULK_DAYS ?? 100_000);
const CHUNK = 1_000;
/** In cluster mode (MOTCUA_TEMPORAL=cluster) the bench's own Temporal databases; its ports stay below 32768. */
const CLUSTER = process.env.MOTCUA_TEMPORAL === 'cluster';
const TEMPORAL_DB = 'temporal_bench_open_cases';
const [TEMPORAL_PORT, TEMPORAL_UI_PORT] = (
  process.env.BENCH_OPEN_CASES_PORTS ?? (CLUSTER ? '23233,23333' : '57233,58233')
)
  .split(',')
  .map(Number) as [number, number];
const DATA_DIR = path.join(repoRoot, 'data', 'bench-open-cases');
const DB_NAME = 'motcua_bench_open_cases';
const BUNDLE_FILE = path.join(DATA_DIR, 'workflow-bundle.js');
const WORKER_PID_FILE = path.join(DATA_DIR, 'worker.pid');
const AGENCY = 'BENCH-OPEN';

const emergencyStops: Array<() => Promise<unknown>> = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function databaseUrl(): string {
  const base = new URL(process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres');
  base.pathname = `/${DB_NAME}`;
  return base.toString();
}

/** Environment of the bench's own stack: its ports, data folder and database; nothing external. */
function stackEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    MOTCUA_PROFILE: 'test',
    MOTCUA_DATA_DIR: DATA_DIR,
    TEMPORAL_PORT: String(TEMPORAL_PORT),
    TEMPORAL_UI_PORT: String(TEMPORAL_UI_PORT),
    DATABASE_URL: databaseUrl(),
    TEMPORAL_ADDRESS: '',
    MOTCUA_TEMPORAL_DATABASE: TEMPORAL_DB,
    TEMPORAL_NAMESPACE: 'default',
    TEMPORAL_TASK_QUEUE: 'motcua',
    MOTCUA_TIME_SCALE_MS_PER_DAY: '',
    LOG_LEVEL: 'warn',
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Child mode: the worker alone in its process; it reports its heap every 2 s on stdout.
// ---------------------------------------------------------------------------------------------------------------
async function workerMain(): Promise<void> {
  Runtime.install({
    logger: new DefaultLogger('WARN'),
    telemetryOptions: { logging: { filter: { core: 'WARN', other: 'WARN' } } },
  });
  const config = loadConfig();
  const knex = createKnex(config.databaseUrl, { max: 10 });
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const worker = await createWorker({
    config,
    connection,
    knex,
    workflowBundle: { codePath: process.env.BENCH_OPEN_CASES_BUNDLE! },
    calendar: createScaledCalendar({ msPerWorkingDay: MS_PER_DAY }),
  });
  process.once('SIGTERM', () => worker.shutdown());
  const running = worker.run();
  const report = () => {
    const m = process.memoryUsage();
    process.stdout.write(`MEM ${m.rss} ${m.heapUsed} ${m.heapTotal}\n`);
  };
  const timer = setInterval(report, 2_000);
  process.stdout.write('READY\n');
  report();
  try {
    await running;
    clearInterval(timer);
    await knex.destroy();
    await connection.close();
    process.exit(0);
  } catch (err) {
    console.error('worker stopped:', err);
    process.exit(1);
  }
}

if (process.argv[2] === '--worker') {
  await workerMain();
} else {
  const emergencyStop = async () => {
    for (const stop of emergencyStops.splice(0).reverse()) await stop().catch(() => undefined);
  };
  process.once('SIGINT', () => void emergencyStop().then(() => process.exit(130)));
  process.once('SIGTERM', () => void emergencyStop().then(() => process.exit(143)));
  try {
    await main();
  } catch (err) {
    process.stderr.write(`bench/open-cases failed: ${(err as Error)?.stack ?? String(err)}\n`);
    await emergencyStop();
    process.exitCode = 1;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The bench
// ---------------------------------------------------------------------------------------------------------------
function pct(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Resident set size of a process in bytes (0 when it is gone). */
function rssOf(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** One user step with an SLA of `days` working days, then the end (the appointment comes from the input). */
function oneStepIr(code: string, days: number): CompiledProcedure {
  return {
    hash: `bench-open-${code}-${days}`,
    ir: {
      irVersion: 1,
      procedure: {
        code,
        names: { vi: 'Thủ tục một bước (đo hồ sơ mở)', en: 'One-step procedure (open-cases bench)' },
        level: 'province',
        sector: 'Bench',
        agency: AGENCY,
        channels: [{ channel: 'counter', duration: { amount: 10, unit: 'working-day' } }],
        cutoff: { paper: '15:00', online: 'next-session' },
        participants: [],
      },
      startNode: 'start',
      nodes: [
        {
          id: 'start',
          kind: 'startEvent',
          name: { vi: 'Bắt đầu', en: 'Start' },
          incoming: [],
          outgoing: ['f1'],
        },
        {
          id: 'appraise',
          kind: 'userTask',
          name: { vi: 'Thẩm định', en: 'Appraise' },
          incoming: ['f1'],
          outgoing: ['f2'],
          role: 'specialist',
          duration: { amount: days, unit: 'working-day' },
          warningAt: 0.75,
          outcomes: ['done'],
          boundaryEvents: [],
        },
        {
          id: 'done',
          kind: 'endEvent',
          name: { vi: 'Trả kết quả', en: 'Result returned' },
          incoming: ['f2'],
          outgoing: [],
          outcome: 'returned',
        },
      ],
      flows: [
        { id: 'f1', source: 'start', target: 'appraise' },
        { id: 'f2', source: 'appraise', target: 'done' },
      ],
    },
  };
}

interface Stats {
  min: number;
  max: number;
  last: number;
}
function stats(xs: number[]): Stats {
  if (xs.length === 0) return { min: 0, max: 0, last: 0 };
  return { min: Math.min(...xs), max: Math.max(...xs), last: xs[xs.length - 1]! };
}
function mb(bytes: number): number {
  return Math.round(bytes / 1048576);
}

async function main(): Promise<void> {
  const t0 = Date.now();
  const say = (line: string) => void process.stdout.write(`${line}\n`);
  const log = (line: string) => say(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(7)} s] ${line}`);
  const env = stackEnv();
  const config: Config = loadConfig(env);
  const url = databaseUrl();
  const runId = randomUUID().slice(0, 6).toUpperCase();

  // --- reset our own state ----------------------------------------------------------------------------------------
  await stopStale(
    path.join(DATA_DIR, 'temporal.pid'),
    toolPath(config.toolsDir, config.temporal.mode === 'cluster' ? TOOLS.temporalServer : TOOLS.temporal),
  );
  if (config.temporal.mode === 'cluster' && process.env.BENCH_KEEP !== '1') {
    for (const db of [TEMPORAL_DB, `${TEMPORAL_DB}_visibility`]) {
      const u = new URL(url);
      u.pathname = `/${db}`;
      await dropDatabase(u.toString()).catch(() => undefined);
    }
  }
  if (fs.existsSync(WORKER_PID_FILE)) {
    const pid = Number(fs.readFileSync(WORKER_PID_FILE, 'utf8'));
    try {
      if (fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--worker')) process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  fs.rmSync(DATA_DIR, { recursive: true, force: true });
  fs.mkdirSync(path.join(DATA_DIR, 'logs'), { recursive: true });
  const noise = fs.createWriteStream(path.join(DATA_DIR, 'logs', 'libraries.log'));
  const toNoise = (...args: unknown[]) =>
    void noise.write(
      `${args.map((a) => (a instanceof Error ? (a.stack ?? a.message) : String(a))).join(' ')}\n`,
    );
  console.log = toNoise;
  console.warn = toNoise;
  console.error = toNoise;
  console.info = toNoise;
  await dropDatabase(url);
  await ensureDatabase(url);
  const knex = createKnex(url, { max: 6 });
  await migrateLatest(knex);
  log(`database ${DB_NAME} created and migrated; data in ${path.relative(repoRoot, DATA_DIR)}/`);

  const temporalProc: ManagedProcess = (await startTemporal(config, (l) => log(l)))!;
  emergencyStops.push(() => temporalProc.stop());
  const temporalPid = temporalProc.child.pid;

  // --- procedure and agency -------------------------------------------------------------------------------------
  await upsertAgencies({
    knex,
    agencies: [
      {
        code: AGENCY,
        parentCode: null,
        level: 'province',
        names: { vi: 'Sở đo tải' },
        unitCode: `U.${AGENCY}`,
      },
    ],
  });
  const procCode = `OPEN.${runId}`;
  const bulk = oneStepIr(procCode, BULK_DAYS);
  const [proc] = (await knex('procedures')
    .insert({
      code: procCode,
      level: 'province',
      name_vi: 'Thủ tục một bước (đo hồ sơ mở)',
      sector: 'Bench',
      agency_code: AGENCY,
      status: 'published',
      latest_version: 1,
    })
    .returning('id')) as Array<{ id: number }>;
  const [version] = (await knex('procedure_versions')
    .insert({
      procedure_id: proc!.id,
      version: 1,
      status: 'published',
      metadata: '{}',
      model_kind: 'steps',
      model_source: '{}',
      ir_hash: bulk.hash,
      ir: JSON.stringify(bulk.ir),
    })
    .returning('id')) as Array<{ id: number }>;
  const versionId = Number(version!.id);

  // --- worker child ---------------------------------------------------------------------------------------------
  const { code: bundle } = await bundleWorkflowCode({ workflowsPath, logger: new DefaultLogger('ERROR') });
  fs.writeFileSync(BUNDLE_FILE, bundle);
  const workerLog = fs.openSync(path.join(DATA_DIR, 'logs', 'worker.log'), 'a');
  const heap: number[] = [];
  let workerHeapUsed = 0;
  let workerHeapTotal = 0;
  let workerExited: string | undefined;
  const workerChild: ChildProcess = spawn(process.execPath, [fileURLToPath(import.meta.url), '--worker'], {
    cwd: repoRoot,
    env: { ...env, BENCH_OPEN_CASES_BUNDLE: BUNDLE_FILE },
    stdio: ['ignore', 'pipe', workerLog],
  });
  fs.writeFileSync(WORKER_PID_FILE, String(workerChild.pid));
  emergencyStops.push(async () => void workerChild.kill('SIGKILL'));
  workerChild.once('exit', (code, signal) => {
    workerExited = String(code ?? signal);
  });
  await new Promise<void>((resolve, reject) => {
    let buf = '';
    workerChild.stdout!.on('data', (c: Buffer) => {
      buf += c.toString();
      for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line === 'READY') resolve();
        const m = /^MEM (\d+) (\d+) (\d+)$/.exec(line);
        if (m) {
          workerHeapUsed = Number(m[2]);
          workerHeapTotal = Number(m[3]);
        }
      }
    });
    workerChild.once('exit', (code, signal) => reject(new Error(`worker exited (${code ?? signal})`)));
  });
  log(`worker ready (child pid ${workerChild.pid}); 1 working day = ${MS_PER_DAY} ms`);

  // --- sampling ---------------------------------------------------------------------------------------------------
  const workerRss: number[] = [];
  const temporalRss: number[] = [];
  const sampleNow = () => {
    workerRss.push(rssOf(workerChild.pid));
    temporalRss.push(rssOf(temporalPid));
    heap.push(workerHeapUsed);
  };
  sampleNow();
  const sampler = setInterval(sampleNow, 2_000);
  emergencyStops.push(async () => clearInterval(sampler));

  const connection = await Connection.connect({ address: config.temporal.address });
  const client = new Client({ connection, namespace: config.temporal.namespace });
  const sa = {
    code: defineSearchAttributeKey('McDossierCode', SearchAttributeType.KEYWORD),
    procedure: defineSearchAttributeKey('McProcedureCode', SearchAttributeType.KEYWORD),
    agency: defineSearchAttributeKey('McAgency', SearchAttributeType.KEYWORD),
    level: defineSearchAttributeKey('McLevel', SearchAttributeType.KEYWORD),
    sector: defineSearchAttributeKey('McSector', SearchAttributeType.KEYWORD),
    status: defineSearchAttributeKey('McStatus', SearchAttributeType.KEYWORD),
    dueAt: defineSearchAttributeKey('McDueAt', SearchAttributeType.DATETIME),
  };

  /** Dossier rows first (as intake writes them), then the raw workflow starts, CONCURRENCY in flight. */
  let startFailures = 0;
  let firstStartError: string | undefined;
  const startAll = async (inputs: DossierWorkflowInput[]) => {
    await knex.batchInsert(
      'dossiers',
      inputs.map((input) => ({
        id: input.dossierId,
        code: input.dossierCode,
        procedure_version_id: versionId,
        procedure_code: procCode,
        agency_code: AGENCY,
        channel: 'counter',
        applicant: '{}',
        status: 'accepted',
        national_status: 2,
        workflow_id: `dossier-${input.dossierCode}`,
        received_at: input.receivedAt,
        due_at: input.appointmentAt,
      })),
      500,
    );
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(CONCURRENCY, inputs.length) }, async () => {
        for (;;) {
          const input = inputs[next++];
          if (!input) return;
          try {
            await client.workflow.start(DOSSIER_WORKFLOW_TYPE, {
              taskQueue: config.temporal.taskQueue,
              workflowId: `dossier-${input.dossierCode}`,
              args: [input],
              typedSearchAttributes: [
                { key: sa.code, value: input.dossierCode },
                { key: sa.procedure, value: procCode },
                { key: sa.agency, value: AGENCY },
                { key: sa.level, value: 'province' },
                { key: sa.sector, value: 'Bench' },
                { key: sa.status, value: 'accepted' },
                { key: sa.dueAt, value: new Date(input.appointmentAt!) },
              ],
            });
          } catch (err) {
            startFailures += 1;
            firstStartError ??= (err as Error).message;
          }
        }
      }),
    );
  };
  const input = (
    code: string,
    compiled: CompiledProcedure,
    appointmentInMs: number,
  ): DossierWorkflowInput => {
    const receivedAt = new Date();
    return {
      dossierId: randomUUID(),
      dossierCode: code,
      procedureVersionId: versionId,
      compiled,
      channel: 'counter',
      receivedAt: receivedAt.toISOString(),
      appointmentAt: new Date(receivedAt.getTime() + appointmentInMs).toISOString(),
      agencyCode: AGENCY,
      data: {},
      applicantType: 'person',
    };
  };
  const countOpened = async (like: string) =>
    Number(
      (
        (await knex('tasks').where('workflow_id', 'like', like).count({ n: '*' }).first()) as {
          n: string | number;
        }
      ).n,
    );

  // --- 1. the bulk: OPEN dossiers, each holding its step timers ---------------------------------------------------
  const bulkPrefix = `OPEN-${runId}-B`;
  const farAway = Math.max(BULK_DAYS * MS_PER_DAY * 2, 365 * 86_400_000);
  let started = 0;
  const checkpoints: Array<{
    started: number;
    atS: number;
    workerRssMb: number;
    workerHeapMb: number;
    temporalRssMb: number;
  }> = [];
  const tStart = Date.now();
  let lastLog = tStart;
  let lastLogged = 0;
  for (let c = 0; c < OPEN; c += CHUNK) {
    const n = Math.min(CHUNK, OPEN - c);
    await startAll(Array.from({ length: n }, (_, i) => input(`${bulkPrefix}${c + i}`, bulk, farAway)));
    started += n;
    const now = Date.now();
    if (now - lastLog >= 10_000 || started === OPEN) {
      const opened = await countOpened(`dossier-${bulkPrefix}%`);
      log(
        `started ${started}/${OPEN}  ${(((started - lastLogged) * 1000) / (now - lastLog)).toFixed(0)}/s now, ` +
          `${((started * 1000) / (now - tStart)).toFixed(0)}/s overall; steps opened ${opened}; ` +
          `worker RSS ${mb(rssOf(workerChild.pid))} MB heap ${mb(workerHeapUsed)}/${mb(workerHeapTotal)} MB, ` +
          `Temporal RSS ${mb(rssOf(temporalPid))} MB` +
          (startFailures ? `; ${startFailures} starts failed (${firstStartError})` : ''),
      );
      lastLog = now;
      lastLogged = started;
    }
    if (workerExited) throw new Error(`the worker exited (${workerExited})`);
    if (checkpoints.length < Math.floor((started * 10) / OPEN))
      checkpoints.push({
        started,
        atS: Math.round((Date.now() - tStart) / 1000),
        workerRssMb: mb(rssOf(workerChild.pid)),
        workerHeapMb: mb(workerHeapUsed),
        temporalRssMb: mb(rssOf(temporalPid)),
      });
  }
  const startSeconds = (Date.now() - tStart) / 1000;
  const startRate = OPEN / startSeconds;
  log(
    `all ${OPEN} started in ${startSeconds.toFixed(1)} s (${startRate.toFixed(1)}/s); waiting for the worker`,
  );
  for (;;) {
    const opened = await countOpened(`dossier-${bulkPrefix}%`);
    if (opened >= OPEN - startFailures) break;
    if (workerExited) throw new Error(`the worker exited (${workerExited})`);
    log(`steps opened ${opened}/${OPEN}; worker RSS ${mb(rssOf(workerChild.pid))} MB`);
    await sleep(5_000);
  }
  const openedSeconds = (Date.now() - tStart) / 1000;
  log(`every bulk step open ${openedSeconds.toFixed(1)} s after the first start`);

  // --- 2. the sample: deadlines at known instants while all of them are open -------------------------------------
  const samplePrefix = `OPEN-${runId}-S`;
  const tSample = Date.now();
  const sampleInputs = Array.from({ length: SAMPLE }, (_, i) => {
    const dueIn = (LEAD_S + (SAMPLE > 1 ? (i * SPREAD_S) / (SAMPLE - 1) : 0)) * 1000;
    // The step opens a little after the start; its due instant is read back from tasks.due_at.
    return input(`${samplePrefix}${i}`, oneStepIr(procCode, dueIn / MS_PER_DAY), farAway);
  });
  await startAll(sampleInputs);
  log(`${SAMPLE} sample dossiers started; deadlines from +${LEAD_S} s to +${LEAD_S + SPREAD_S} s`);
  const waitUntil = tSample + (LEAD_S + SPREAD_S + 90) * 1000;
  type LagRow = { type: string; lag_ms: string | number };
  let lags: LagRow[] = [];
  for (;;) {
    await sleep(5_000);
    lags = (
      (await knex.raw(
        `SELECT e.type, EXTRACT(EPOCH FROM (e.at - CASE WHEN e.type = 'task-warning' THEN t.warn_at ELSE t.due_at END)) * 1000 AS lag_ms
           FROM dossier_events e JOIN tasks t ON t.workflow_id = e.workflow_id
          WHERE e.workflow_id LIKE ? AND e.type IN ('task-warning', 'task-overdue')`,
        [`dossier-${samplePrefix}%`],
      )) as { rows: LagRow[] }
    ).rows;
    const overdue = lags.filter((r) => r.type === 'task-overdue').length;
    log(
      `sample timers fired: ${lags.length - overdue} warnings, ${overdue} deadlines of ${SAMPLE}; ` +
        `worker RSS ${mb(rssOf(workerChild.pid))} MB heap ${mb(workerHeapUsed)} MB`,
    );
    if (overdue >= SAMPLE || Date.now() > waitUntil || workerExited) break;
  }
  clearInterval(sampler);
  sampleNow();

  // --- checks: the bulk still open, nothing of it fired ------------------------------------------------------------
  const bulkFired = Number(
    (
      (await knex('dossier_events')
        .where('workflow_id', 'like', `dossier-${bulkPrefix}%`)
        .whereIn('type', ['task-warning', 'task-overdue', 'dossier-overdue', 'apology-reminder'])
        .count({ n: '*' })
        .first()) as { n: string | number }
    ).n,
  );
  let running: number | undefined;
  try {
    running = (
      await client.workflow.count(`WorkflowType = '${DOSSIER_WORKFLOW_TYPE}' AND ExecutionStatus = 'Running'`)
    ).count;
  } catch {
    running = undefined;
  }
  const all = lags.map((r) => Number(r.lag_ms)).sort((a, b) => a - b);
  const of = (type: string) =>
    lags
      .filter((r) => r.type === type)
      .map((r) => Number(r.lag_ms))
      .sort((a, b) => a - b);
  const lagSummary = (xs: number[]) => ({
    n: xs.length,
    p50Ms: Math.round(pct(xs, 50)),
    p90Ms: Math.round(pct(xs, 90)),
    p99Ms: Math.round(pct(xs, 99)),
    maxMs: Math.round(xs.length ? xs[xs.length - 1]! : 0),
    minMs: Math.round(xs.length ? xs[0]! : 0),
  });
  const lag = {
    all: lagSummary(all),
    warning: lagSummary(of('task-warning')),
    deadline: lagSummary(of('task-overdue')),
  };
  const w = stats(workerRss);
  const h = stats(heap.filter((x) => x > 0));
  const tr = stats(temporalRss);

  say('');
  say(
    `bench/open-cases — run ${runId}: ${OPEN} open dossiers + ${SAMPLE} sampled, concurrency ${CONCURRENCY}`,
  );
  say(
    `starts: ${OPEN} in ${startSeconds.toFixed(1)} s = ${startRate.toFixed(1)}/s (failed ${startFailures}); ` +
      `every first step open after ${openedSeconds.toFixed(1)} s`,
  );
  say(
    `open when measured: ${running ?? '?'} running dossier workflows (Temporal), timers fired in the bulk ${bulkFired}`,
  );
  for (const [name, l] of Object.entries(lag))
    say(
      `timer lag ${name.padEnd(8)} n ${String(l.n).padStart(4)}  p50 ${l.p50Ms} ms  p90 ${l.p90Ms} ms  p99 ${l.p99Ms} ms  max ${l.maxMs} ms  min ${l.minMs} ms`,
    );
  say(
    `worker RSS min/max/last ${mb(w.min)}/${mb(w.max)}/${mb(w.last)} MB, heap used ${mb(h.min)}/${mb(h.max)}/${mb(h.last)} MB; ` +
      `Temporal RSS ${mb(tr.min)}/${mb(tr.max)}/${mb(tr.last)} MB`,
  );
  say(
    `at each tenth of the starts (started: worker RSS / heap / Temporal RSS MB): ` +
      checkpoints
        .map((c) => `${c.started}: ${c.workerRssMb}/${c.workerHeapMb}/${c.temporalRssMb}`)
        .join(', '),
  );
  const summary = {
    bench: 'open-cases',
    open: OPEN,
    sample: SAMPLE,
    concurrency: CONCURRENCY,
    msPerWorkingDay: MS_PER_DAY,
    startSeconds: Math.round(startSeconds * 10) / 10,
    startsPerSecond: Math.round(startRate * 10) / 10,
    startFailures,
    allStepsOpenSeconds: Math.round(openedSeconds * 10) / 10,
    runningWhenMeasured: running ?? null,
    bulkTimersFired: bulkFired,
    lag,
    workerRssMb: { min: mb(w.min), max: mb(w.max), last: mb(w.last) },
    workerHeapUsedMb: { min: mb(h.min), max: mb(h.max), last: mb(h.last) },
    temporalRssMb: { min: mb(tr.min), max: mb(tr.max), last: mb(tr.last) },
    checkpoints,
    meetsTarget:
      OPEN >= 100_000 &&
      lag.deadline.n === SAMPLE &&
      lag.all.p99Ms < 2_000 &&
      bulkFired === 0 &&
      startFailures === 0,
  };

  // --- shut down what we started ----------------------------------------------------------------------------------
  if (workerChild.exitCode === null) {
    const exited = new Promise((r) => workerChild.once('exit', r));
    workerChild.kill('SIGTERM');
    await Promise.race([exited, sleep(15_000)]);
    if (workerChild.exitCode === null) workerChild.kill('SIGKILL');
  }
  fs.rmSync(WORKER_PID_FILE, { force: true });
  fs.closeSync(workerLog);
  await Promise.allSettled([connection.close(), knex.destroy()]);
  await temporalProc.stop();
  if (process.env.BENCH_KEEP !== '1')
    fs.rmSync(path.join(DATA_DIR, 'temporal'), { recursive: true, force: true });
  say(JSON.stringify(summary));
}
