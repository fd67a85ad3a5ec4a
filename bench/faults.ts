/**
 * bench/faults — DESIGN.md §5: "killing a worker, restarting Temporal, a PostgreSQL or MinIO outage — no dossier
 * lost, no duplicate side effect, every dossier completes after recovery."
 *
 * Runs its own servers, never the shared test stack: Temporal dev server and MinIO on their own ports with their
 * state under data/bench-faults/ (wiped at each start), and its own database motcua_bench_faults on the machine's
 * PostgreSQL (dropped, created and migrated at each start). PostgreSQL itself is shared and is never stopped: the
 * API and the worker reach it through a TCP proxy in this process, which the bench cuts (every connection
 * destroyed, new ones refused) and restores. The bench's own checks read PostgreSQL directly.
 *
 * Processes: this process runs the servers, the proxy, the webhook receiver, the API (createApp) and the load;
 * BENCH_WORKERS workers (default 2) run in child processes (`--worker`): one is killed with SIGKILL under load
 * while the others keep serving, then started again. MOTCUA_TEMPORAL=cluster runs the bench on the embedded
 * Temporal cluster (its own databases temporal_bench_faults*), whose server process is the one restarted.
 *
 * Scenario: a procedure with two human steps, a notify.webhook service task calling a receiver the bench runs
 * (it records every call with its Idempotency-Key), and a return step. BENCH_DOSSIERS dossiers are filed through
 * the API with a PDF each (streamed to MinIO) at BENCH_RATE per second; a client retries a refused filing with
 * the same Idempotency-Key, as the reception desk does. Each accepted dossier is driven by Temporal updates
 * (completeTask) to its end. Meanwhile, one after another with pauses: worker kill -9 + restart, Temporal
 * restart, PostgreSQL outage, MinIO outage. Then every dossier is driven to its end and the bench checks: filed /
 * accepted / completed, lost, webhook calls (raw and distinct keys) per dossier, projection rows against the
 * workflows, half-written state (rows without workflows, workflows without rows, objects without rows, rows
 * without objects), refused intake attempts per fault and their answers, and recovery times. Last line: JSON.
 *
 * Env: BENCH_DOSSIERS (default 200), BENCH_RATE (filings/s, default 1.5), BENCH_OUTAGE_MS (PostgreSQL and MinIO
 * outages, default 10000), BENCH_PAUSE_MS (between faults, default 20000), BENCH_DRAIN_TIMEOUT_MS (default 600000),
 * BENCH_FAULTS_PORTS (Temporal, Temporal UI, MinIO, MinIO console, PostgreSQL proxy; default
 * 27233,28233,29000,29001,29432).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  Client,
  Connection,
  WorkflowFailedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type WorkflowHandle,
} from '@temporalio/client';
import { ApplicationFailure, defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import pino from 'pino';
import { createApp } from '../api/index.js';
import { createScaledCalendar } from '../calendar/index.js';
import { compileProcedure, defaultRegistry } from '../compiler/index.js';
import { loadConfig, repoRoot, type Config } from '../config/index.js';
import { createKnex, dropDatabase, ensureDatabase, migrateLatest } from '../db/index.js';
import { DOSSIER_WORKFLOW_TYPE, type ProcedureMetadata } from '../ir/index.js';
import { createS3Client, type S3Settings } from '../services/index.js';
import { startMinio } from '../services/minio.js';
import { stopStale, type ManagedProcess } from '../services/process.js';
import { startTemporal } from '../services/temporal.js';
import { toolPath, TOOLS } from '../services/tools.js';
import { createUser, hashPassword, publishProcedures, upsertAgencies } from '../store/index.js';
import { createWorker, workflowsPath } from '../worker/index.js';
import { completeTaskUpdate, type DossierWorkflowResult } from '../workflows/index.js';
import { faultsModel } from './support/faults-model.js';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.js';

const DOSSIERS = Number(process.env.BENCH_DOSSIERS ?? 200);
const RATE = Number(process.env.BENCH_RATE ?? 1.5);
const OUTAGE_MS = Number(process.env.BENCH_OUTAGE_MS ?? 10_000);
const PAUSE_MS = Number(process.env.BENCH_PAUSE_MS ?? 20_000);
const DRAIN_TIMEOUT_MS = Number(process.env.BENCH_DRAIN_TIMEOUT_MS ?? 600_000);
const WORKER_DOWN_MS = 3_000;
/** Worker processes; with two or more, the kill takes one down while the others keep serving the task queue. */
const WORKERS = Math.max(1, Number(process.env.BENCH_WORKERS ?? 2));
const TEMPORAL_DOWN_MS = Number(process.env.BENCH_TEMPORAL_DOWN_MS ?? 5_000);
/** The webhook receiver answers after this long, so a killed worker leaves calls in flight. */
const WEBHOOK_DELAY_MS = Number(process.env.BENCH_WEBHOOK_DELAY_MS ?? 1_000);
/** A filing keeps being retried (same Idempotency-Key) this long before the desk gives up. */
const FILING_GIVE_UP_MS = 180_000;
const MAX_FILINGS_IN_FLIGHT = 24;
const [TEMPORAL_PORT, TEMPORAL_UI_PORT, MINIO_PORT, MINIO_CONSOLE_PORT, PG_PROXY_PORT] = (
  process.env.BENCH_FAULTS_PORTS ?? '27233,28233,29000,29001,29432'
)
  .split(',')
  .map(Number) as [number, number, number, number, number];
const DATA_DIR = path.join(repoRoot, 'data', 'bench-faults');
const DB_NAME = 'motcua_bench_faults';
const BUNDLE_FILE = path.join(DATA_DIR, 'workflow-bundle.js');
const workerPidFile = (i: number) => path.join(DATA_DIR, `worker-${i}.pid`);
/** The embedded cluster's databases in cluster mode (MOTCUA_TEMPORAL=cluster): the bench's own, reset each run. */
const TEMPORAL_DB = 'temporal_bench_faults';
const USER_ID = 'bench-faults';
const TASKS: Array<[taskId: string, outcome: string]> = [
  ['appraise#1', 'approve'],
  ['approve#1', 'approve'],
  ['return#1', 'returned'],
];

const emergencyStops: Array<() => Promise<unknown>> = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The machine's PostgreSQL (from DATABASE_URL, default local trust auth), on our own database. */
function databaseUrls(): { direct: string; proxied: string } {
  const base = new URL(process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres');
  base.pathname = `/${DB_NAME}`;
  const proxied = new URL(base.toString());
  proxied.hostname = '127.0.0.1';
  proxied.port = String(PG_PROXY_PORT);
  return { direct: base.toString(), proxied: proxied.toString() };
}

/** Environment of the bench's own stack: ports, data folder, database through the proxy; nothing external. */
function stackEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    MOTCUA_PROFILE: 'test',
    MOTCUA_DATA_DIR: DATA_DIR,
    TEMPORAL_PORT: String(TEMPORAL_PORT),
    TEMPORAL_UI_PORT: String(TEMPORAL_UI_PORT),
    MINIO_PORT: String(MINIO_PORT),
    MINIO_CONSOLE_PORT: String(MINIO_CONSOLE_PORT),
    DATABASE_URL: databaseUrls().proxied,
    TEMPORAL_ADDRESS: '',
    MOTCUA_TEMPORAL_DATABASE: TEMPORAL_DB,
    TEMPORAL_NAMESPACE: 'default',
    TEMPORAL_TASK_QUEUE: 'motcua',
    S3_ENDPOINT: '',
    S3_ACCESS_KEY: '',
    S3_SECRET_KEY: '',
    S3_BUCKET: 'motcua-documents',
    LOG_LEVEL: 'warn',
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Child mode: the worker alone in its process (killed with SIGKILL by the bench, started again).
// ---------------------------------------------------------------------------------------------------------------
async function workerMain(): Promise<void> {
  Runtime.install({
    logger: new DefaultLogger('WARN'),
    telemetryOptions: { logging: { filter: { core: 'WARN', other: 'WARN' } } },
  });
  const config = loadConfig();
  const knex = createKnex(config.databaseUrl, { max: 10 });
  let connection: NativeConnection | undefined;
  while (!connection) {
    try {
      connection = await NativeConnection.connect({ address: config.temporal.address });
    } catch {
      await sleep(500);
    }
  }
  const worker = await createWorker({
    config,
    connection,
    knex,
    workflowBundle: { codePath: process.env.BENCH_FAULTS_BUNDLE! },
    // One working day = one hour, every day a working day: no SLA timer fires during a run.
    calendar: createScaledCalendar({ msPerWorkingDay: 3_600_000 }),
  });
  process.once('SIGTERM', () => worker.shutdown());
  const running = worker.run();
  process.stdout.write('READY\n');
  try {
    await running;
    process.exit(0);
  } catch (err) {
    console.error('worker stopped:', err);
    process.exit(1);
  }
}

if (process.argv[2] === '--worker') {
  await workerMain();
} else {
  /** Stops what the bench started when it fails or is interrupted (the servers run detached). */
  const emergencyStop = async () => {
    for (const stop of emergencyStops.splice(0).reverse()) await stop().catch(() => undefined);
  };
  process.once('SIGINT', () => void emergencyStop().then(() => process.exit(130)));
  process.once('SIGTERM', () => void emergencyStop().then(() => process.exit(143)));
  try {
    await main();
  } catch (err) {
    process.stderr.write(`bench/faults failed: ${(err as Error)?.stack ?? String(err)}\n`);
    await emergencyStop();
    process.exitCode = 1;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The bench
// ---------------------------------------------------------------------------------------------------------------
interface Attempt {
  i: number;
  at: number;
  end: number;
  status: number;
  code?: string;
  problemJson: boolean;
  fault: string | undefined;
}
interface Fault {
  kind: 'worker-kill' | 'temporal-restart' | 'postgres-outage' | 'minio-outage';
  startedAt: number;
  restoredAt: number;
}
interface Filing {
  i: number;
  key: string;
  code?: string;
  workflowId?: string;
  acceptedAt?: number;
  completedAt?: number;
  outcome?: string;
  error?: string;
}

function pct(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main(): Promise<void> {
  const t0 = Date.now();
  // The bench's lines go to stdout; what libraries print (knex's reconnect attempts, minio's retries) goes to
  // data/bench-faults/logs/libraries.log.
  const say = (line: string) => void process.stdout.write(`${line}\n`);
  const log = (line: string) => say(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${line}`);
  const env = stackEnv();
  const config: Config = loadConfig(env);
  const urls = databaseUrls();
  const runId = randomUUID().slice(0, 8);
  // The API's native connection creates the SDK runtime in this process: keep its own log lines to warnings.
  Runtime.install({
    logger: new DefaultLogger('WARN'),
    telemetryOptions: { logging: { filter: { core: 'WARN', other: 'WARN' } } },
  });

  // --- reset our own state: leftover servers of a crashed run, the data folder, the database -------------------
  for (const [pidFile, tool] of [
    ['temporal.pid', config.temporal.mode === 'cluster' ? TOOLS.temporalServer : TOOLS.temporal],
    ['minio.pid', TOOLS.minio],
  ] as const) {
    await stopStale(path.join(DATA_DIR, pidFile), toolPath(config.toolsDir, tool));
  }
  for (let i = 1; i <= 8; i++) {
    if (!fs.existsSync(workerPidFile(i))) continue;
    const pid = Number(fs.readFileSync(workerPidFile(i), 'utf8'));
    try {
      if (fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--worker')) process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  if (config.temporal.mode === 'cluster') {
    for (const db of [TEMPORAL_DB, `${TEMPORAL_DB}_visibility`]) {
      const u = new URL(urls.direct);
      u.pathname = `/${db}`;
      await dropDatabase(u.toString()).catch(() => undefined);
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
  await dropDatabase(urls.direct);
  await ensureDatabase(urls.direct);
  const knex = createKnex(urls.direct, { max: 6 });
  await migrateLatest(knex);
  log(`database ${DB_NAME} created and migrated; data in ${path.relative(repoRoot, DATA_DIR)}/`);

  const proxy: TcpProxy = await startTcpProxy({
    listenPort: PG_PROXY_PORT,
    targetPort: Number(new URL(urls.direct).port || 5432),
    host: new URL(urls.direct).hostname,
  });
  const receiver: WebhookReceiver = await startWebhookReceiver({ delayMs: WEBHOOK_DELAY_MS });
  const progress = (l: string) => log(l);
  const [temporalStarted, minioStarted] = await Promise.all([
    startTemporal(config, progress),
    startMinio(config, progress),
  ]);
  let temporalProc: ManagedProcess = temporalStarted!;
  let minioProc: ManagedProcess = minioStarted.proc!;
  emergencyStops.push(
    () => temporalProc.stop(),
    () => minioProc.stop(),
    () => proxy.close(),
    () => receiver.close(),
  );
  const s3: S3Settings = minioStarted.s3;

  // --- procedure, agency, receptionist -------------------------------------------------------------------------
  const agency = `FLT-${runId}`.toUpperCase();
  await upsertAgencies({
    knex,
    agencies: [
      {
        code: agency,
        parentCode: null,
        level: 'province',
        names: { vi: `Sở thử lỗi ${runId}` },
        unitCode: `U.${agency}`,
      },
    ],
  });
  const metadata: ProcedureMetadata = {
    code: `FLT.${runId}`.toUpperCase(),
    names: { vi: `Thủ tục đo chịu lỗi ${runId}`, en: `Fault bench procedure ${runId}` },
    level: 'province',
    sector: 'Thử nghiệm',
    agency,
    channels: [{ channel: 'counter', duration: { amount: 5, unit: 'working-day' }, fees: [] }],
    components: [
      {
        id: 'don',
        name: { vi: 'Đơn đề nghị', en: 'Application form' },
        required: true,
        kind: 'original',
        count: 1,
      },
    ],
    result: { vi: 'Giấy phép', en: 'Licence' },
    model: 'process.bpmn',
  };
  const xml = faultsModel(receiver.url);
  const compiled = await compileProcedure({
    metadata,
    model: { kind: 'bpmn', xml },
    registry: defaultRegistry({ agencies: new Set([agency]) }),
  });
  if (!compiled.ok || !compiled.compiled)
    throw new Error(`the bench model does not compile: ${JSON.stringify(compiled.diagnostics)}`);
  await publishProcedures({
    knex,
    entries: [{ metadata, modelKind: 'bpmn', modelSource: xml, compiled: compiled.compiled }],
    actor: 'bench',
  });
  const username = `faults-${runId}`;
  const password = randomUUID();
  await createUser({
    knex,
    user: {
      username,
      passwordHash: await hashPassword(password),
      fullName: 'Bench',
      roles: [{ role: 'receptionist', agencyCode: agency }],
    },
  });

  // --- worker child ----------------------------------------------------------------------------------------------
  const { code: bundle } = await bundleWorkflowCode({ workflowsPath, logger: new DefaultLogger('ERROR') });
  fs.writeFileSync(BUNDLE_FILE, bundle);
  const self = fileURLToPath(import.meta.url);
  const workerLog = fs.openSync(path.join(DATA_DIR, 'logs', 'worker.log'), 'a');
  const workerChildren: Array<ChildProcess | undefined> = Array.from({ length: WORKERS + 1 });
  const workerExpectedExit = new Set<number>();
  let workerCrashes = 0;
  let closing = false;
  const spawnWorker = (i: number) =>
    new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, [self, '--worker'], {
        cwd: repoRoot,
        env: { ...env, BENCH_FAULTS_BUNDLE: BUNDLE_FILE },
        stdio: ['ignore', 'pipe', workerLog],
      });
      workerChildren[i] = child;
      workerExpectedExit.delete(i);
      fs.writeFileSync(workerPidFile(i), String(child.pid));
      let buf = '';
      child.stdout!.on('data', (c: Buffer) => {
        buf += c.toString();
        if (buf.includes('READY')) resolve();
      });
      child.once('exit', (code, signal) => {
        reject(new Error(`worker ${i} exited before it was ready (${code ?? signal})`));
        if (workerChildren[i] !== child || workerExpectedExit.has(i) || closing) return;
        // Not ours: the worker died by itself. Count it and start another (a supervisor would).
        workerCrashes += 1;
        log(`worker ${i} exited by itself (${code ?? signal}) — starting another`);
        void spawnWorker(i).catch((err: Error) => log(`worker ${i} restart failed: ${err.message}`));
      });
    });
  emergencyStops.push(async () => {
    closing = true;
    for (const c of workerChildren) c?.kill('SIGKILL');
  });
  for (let i = 1; i <= WORKERS; i++) await spawnWorker(i);
  log(
    `${WORKERS} worker(s) ready (child pids ${workerChildren
      .slice(1)
      .map((c) => c!.pid)
      .join(', ')})`,
  );

  // --- API in this process, through the proxy ---------------------------------------------------------------------
  const apiKnex = createKnex(urls.proxied, { max: 10 });
  // As `npm start` runs it: the API's client on its own native (Rust core) connection.
  const apiConnection = await NativeConnection.connect({ address: config.temporal.address });
  const apiClient = new Client({ connection: apiConnection, namespace: config.temporal.namespace });
  const apiLogFile = path.join(DATA_DIR, 'logs', 'api.log');
  const app = createApp({
    config,
    knex: apiKnex,
    temporal: apiClient,
    s3,
    health: async () => ({
      status: 'ok',
      components: {
        temporal: { state: 'ok' },
        postgres: { state: 'ok' },
        minio: { state: 'ok' },
        worker: { state: 'ok' },
      },
    }),
    logger: pino({ level: 'warn' }, pino.destination({ dest: apiLogFile, sync: false })),
    authSecret: new TextEncoder().encode(`bench-faults-${randomUUID()}-${randomUUID()}`),
  });
  const server = http.createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const signIn = await fetch(`${base}/api/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const token = ((await signIn.json()) as { accessToken: string }).accessToken;

  // The bench's own Temporal client (drives tasks, checks at the end).
  const connection = await Connection.connect({ address: config.temporal.address });
  const client = new Client({ connection, namespace: config.temporal.namespace });

  // --- load: filings, then each dossier driven to its end -------------------------------------------------------
  const filings: Filing[] = Array.from({ length: DOSSIERS }, (_, i) => ({
    i,
    key: `faults-${runId}-${i}`,
  }));
  const attempts: Attempt[] = [];
  const updateOkAt: number[] = [];
  let transientUpdateErrors = 0;
  let activeFault: string | undefined;
  let filingsInFlight = 0;
  let drivenDone = 0;
  const drainDeadline = { at: Number.POSITIVE_INFINITY };
  const pdf = (i: number) =>
    Buffer.concat([Buffer.from(`%PDF-1.4\n% dossier ${runId}-${i}\n`), Buffer.alloc(8 * 1024, 0x20)]);
  const applicant = {
    type: 'person',
    name: 'Nguyễn Văn An',
    idNumber: '038090001234',
    phone: '0912345678',
    address: '12 Lê Lợi, Thanh Hóa',
  };

  const file = async (f: Filing): Promise<void> => {
    const started = Date.now();
    let backoff = 500;
    for (;;) {
      const at = Date.now();
      const fault = activeFault;
      let status = 0;
      type Answer = { code?: string; workflowId?: string; component?: string } | null;
      let body: Answer = null;
      let contentType = '';
      try {
        const form = new FormData();
        form.append(
          'dossier',
          JSON.stringify({ procedureCode: metadata.code, channel: 'counter', applicant, data: {} }),
        );
        form.append('don', new Blob([new Uint8Array(pdf(f.i))], { type: 'application/pdf' }), 'don.pdf');
        const res = await fetch(`${base}/api/dossiers`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'idempotency-key': f.key },
          body: form,
          signal: AbortSignal.timeout(60_000),
        });
        status = res.status;
        contentType = res.headers.get('content-type') ?? '';
        body = (await res.json().catch(() => null)) as Answer;
      } catch {
        // No answer (connection error or timeout): status stays 0.
      }
      attempts.push({
        i: f.i,
        at,
        end: Date.now(),
        status,
        code:
          body?.code && status >= 400
            ? `${body.code}${body.component ? ` (${body.component})` : ''}`
            : undefined,
        problemJson: contentType.includes('application/problem+json'),
        fault,
      });
      if ((status === 201 || status === 200) && body?.code && body.workflowId) {
        f.code = body.code;
        f.workflowId = body.workflowId;
        f.acceptedAt = Date.now();
        return;
      }
      // A 4xx other than "in progress" / rate limit is a bench bug or a real rejection: no point retrying.
      if (status >= 400 && status < 500 && status !== 409 && status !== 429) {
        f.error = `HTTP ${status} ${body?.code ?? ''}`;
        return;
      }
      if (Date.now() - started > FILING_GIVE_UP_MS) {
        f.error = `gave up after ${attempts.filter((a) => a.i === f.i).length} attempts (last HTTP ${status})`;
        return;
      }
      await sleep(backoff);
      backoff = Math.min(backoff * 2, 4_000);
    }
  };

  const withTimeout = <T>(p: Promise<T>, ms: number): Promise<T> =>
    Promise.race([
      p,
      new Promise<T>((_, reject) =>
        setTimeout(() => reject(Object.assign(new Error('timeout'), { name: 'BenchTimeout' })), ms),
      ),
    ]);

  const finishedAlready = (err: unknown) =>
    err instanceof WorkflowNotFoundError ||
    /already completed|workflow execution already completed/i.test((err as Error)?.message ?? '');

  const drive = async (f: Filing): Promise<void> => {
    const handle: WorkflowHandle = client.workflow.getHandle(f.workflowId!);
    for (const [taskId, outcome] of TASKS) {
      for (;;) {
        if (Date.now() > drainDeadline.at) {
          f.error = `not finished: stuck before ${taskId}`;
          return;
        }
        try {
          await withTimeout(
            handle.executeUpdate(completeTaskUpdate, { args: [{ taskId, userId: USER_ID, outcome }] }),
            60_000,
          );
          updateOkAt.push(Date.now());
          break;
        } catch (err) {
          if (err instanceof WorkflowUpdateFailedError) {
            const type = (err.cause as ApplicationFailure | undefined)?.type;
            // Done by an earlier call whose answer was lost (Temporal restart, timeout).
            if (type === 'task-not-open') break;
            // Not opened yet (the return step opens after the webhook).
            if (type === 'task-not-found') {
              await sleep(500);
              continue;
            }
            f.error = `${taskId}: rejected ${type ?? ''} ${err.message}`;
            return;
          }
          if (finishedAlready(err)) break;
          transientUpdateErrors += 1;
          await sleep(1_000);
        }
      }
    }
    for (;;) {
      if (Date.now() > drainDeadline.at) {
        f.error = 'not finished: no result';
        return;
      }
      try {
        const result = (await withTimeout(handle.result(), 60_000)) as DossierWorkflowResult;
        f.outcome = result.outcome;
        f.completedAt = Date.now();
        return;
      } catch (err) {
        // The workflow's own failure (failed, terminated, cancelled) is an answer; anything else is transient.
        if (err instanceof WorkflowFailedError) {
          f.error = `result: ${err.message}`;
          return;
        }
        transientUpdateErrors += 1;
        await sleep(1_000);
      }
    }
  };

  const load = (async () => {
    const gap = 1000 / RATE;
    const tLoad = Date.now();
    const drivers: Array<Promise<void>> = [];
    const filers: Array<Promise<void>> = [];
    for (const f of filings) {
      const due = tLoad + f.i * gap;
      while (Date.now() < due || filingsInFlight >= MAX_FILINGS_IN_FLIGHT) await sleep(20);
      filingsInFlight += 1;
      filers.push(
        file(f).then(() => {
          filingsInFlight -= 1;
          if (f.workflowId)
            drivers.push(
              drive(f)
                .catch((err: Error) => {
                  f.error = `driver: ${err.message}`;
                })
                .finally(() => {
                  drivenDone += 1;
                }),
            );
        }),
      );
    }
    await Promise.all(filers);
    await Promise.all(drivers);
  })();

  const ticker = setInterval(() => {
    const accepted = filings.filter((f) => f.workflowId).length;
    const completed = filings.filter((f) => f.completedAt).length;
    const refused = attempts.filter((a) => a.status !== 201 && a.status !== 200).length;
    log(
      `filed ${Math.min(DOSSIERS, attempts.length ? Math.max(...attempts.map((a) => a.i)) + 1 : 0)}/${DOSSIERS}` +
        `  accepted ${accepted}  completed ${completed}  filings in flight ${filingsInFlight}` +
        `  refused attempts ${refused}  webhook calls ${receiver.calls.length}${activeFault ? `  [${activeFault}]` : ''}`,
    );
  }, 10_000);

  // --- faults, one after another ---------------------------------------------------------------------------------
  const faults: Fault[] = [];
  const s3Client = createS3Client(s3);
  const run = async (kind: Fault['kind'], inject: () => Promise<void>) => {
    activeFault = kind;
    const startedAt = Date.now();
    log(`FAULT ${kind}: start`);
    await inject();
    const restoredAt = Date.now();
    activeFault = undefined;
    faults.push({ kind, startedAt, restoredAt });
    log(`FAULT ${kind}: restored after ${((restoredAt - startedAt) / 1000).toFixed(1)} s`);
  };
  await sleep(12_000);
  // Kill the worker while a webhook call is in flight (at-least-once: Temporal retries it after the timeout).
  for (let waited = 0; receiver.inFlight === 0 && waited < 10_000; waited += 50) await sleep(50);
  const webhooksInFlightAtKill = receiver.inFlight;
  await run('worker-kill', async () => {
    // One worker killed under load; with others running they take over its dossiers at once.
    workerExpectedExit.add(1);
    workerChildren[1]!.kill('SIGKILL');
    await sleep(WORKER_DOWN_MS);
    await spawnWorker(1);
  });
  await sleep(PAUSE_MS);
  await run('temporal-restart', async () => {
    await temporalProc.stop();
    await sleep(TEMPORAL_DOWN_MS);
    temporalProc = (await startTemporal(config, progress))!;
  });
  await sleep(PAUSE_MS);
  await run('postgres-outage', async () => {
    await proxy.cut();
    await sleep(OUTAGE_MS);
    await proxy.restore();
  });
  await sleep(PAUSE_MS);
  await run('minio-outage', async () => {
    await minioProc.stop();
    await sleep(OUTAGE_MS);
    minioProc = (await startMinio(config, progress)).proc!;
  });
  const lastRestore = Date.now();
  drainDeadline.at = lastRestore + DRAIN_TIMEOUT_MS;
  log(`all faults injected; driving every dossier to its end (at most ${DRAIN_TIMEOUT_MS / 1000} s)`);
  await load;
  clearInterval(ticker);
  const allDoneAt = Date.now();
  log(`load finished: ${drivenDone} dossiers driven`);

  // --- checks --------------------------------------------------------------------------------------------------
  const accepted = filings.filter((f) => f.workflowId);
  const completed = accepted.filter((f) => f.outcome === 'returned');
  const byCode = new Map(accepted.map((f) => [f.code!, f]));

  // Webhook calls per dossier: raw deliveries and distinct idempotency keys.
  const perDossier = new Map<string, { raw: number; keys: Set<string> }>();
  for (const c of receiver.calls) {
    const e = perDossier.get(c.dossierCode) ?? { raw: 0, keys: new Set<string>() };
    e.raw += 1;
    e.keys.add(c.key);
    perDossier.set(c.dossierCode, e);
  }
  const webhook = {
    rawCalls: receiver.calls.length,
    distinctKeys: new Set(receiver.calls.map((c) => c.key)).size,
    dossiersWithCalls: perDossier.size,
    dossiersCalledMoreThanOnceRaw: [...perDossier.values()].filter((e) => e.raw > 1).length,
    dossiersWithMoreThanOneKey: [...perDossier.values()].filter((e) => e.keys.size > 1).length,
    completedWithoutCall: completed.filter((f) => !perDossier.has(f.code!)).length,
    callsForUnknownDossiers: [...perDossier.keys()].filter((c) => !byCode.has(c)).length,
  };

  // Temporal: every dossier workflow with its state and McStatus.
  const mcStatus = defineSearchAttributeKey('McStatus', SearchAttributeType.KEYWORD);
  const workflows = new Map<string, { status: string; mcStatus?: string }>();
  for await (const w of client.workflow.list({ query: `WorkflowType = '${DOSSIER_WORKFLOW_TYPE}'` })) {
    workflows.set(w.workflowId, { status: w.status.name, mcStatus: w.typedSearchAttributes.get(mcStatus) });
  }

  // PostgreSQL (directly): rows, projection consistency, half-written state. The projection gets 30 s to catch up.
  type Row = {
    id: string;
    code: string;
    workflow_id: string;
    status: string;
    outcome: string | null;
    finished_at: Date | null;
  };
  let inconsistent: Array<{ code: string; pg: string; temporal: string }>;
  let rows: Row[];
  const checkUntil = Date.now() + 30_000;
  for (;;) {
    rows = (await knex('dossiers').select(
      'id',
      'code',
      'workflow_id',
      'status',
      'outcome',
      'finished_at',
    )) as Row[];
    inconsistent = [];
    for (const r of rows) {
      const w = workflows.get(r.workflow_id);
      if (!w) continue;
      const finished = w.status !== 'RUNNING';
      const ok =
        r.status === w.mcStatus &&
        (finished
          ? w.status === 'COMPLETED' && r.finished_at !== null && r.outcome === byCode.get(r.code)?.outcome
          : r.finished_at === null);
      if (!ok)
        inconsistent.push({
          code: r.code,
          pg: `${r.status}/${r.outcome ?? '-'}/${r.finished_at ? 'finished' : 'open'}`,
          temporal: `${w.status}/${w.mcStatus ?? '-'}`,
        });
    }
    if (inconsistent.length === 0 || Date.now() > checkUntil) break;
    await sleep(2_000);
  }
  const rowIds = new Set(rows.map((r) => r.workflow_id));
  const rowsWithoutWorkflow = rows.filter((r) => !workflows.has(r.workflow_id)).map((r) => r.code);
  const workflowsWithoutRow = [...workflows.keys()].filter((id) => !rowIds.has(id));
  const openTasksOfFinished = Number(
    (
      (await knex('tasks as t')
        .join('dossiers as d', 'd.id', 't.dossier_id')
        .whereNotNull('d.finished_at')
        .whereIn('t.status', ['open', 'claimed'])
        .count({ n: '*' })
        .first()) as { n: string | number }
    ).n,
  );
  const eventGaps = (
    (await knex.raw(
      `SELECT workflow_id FROM dossier_events GROUP BY workflow_id HAVING count(*) <> max(seq) OR count(DISTINCT seq) <> count(*)`,
    )) as { rows: unknown[] }
  ).rows.length;
  const duplicateServiceEvents = (
    (await knex.raw(
      `SELECT workflow_id FROM dossier_events WHERE type = 'service-completed' GROUP BY workflow_id HAVING count(*) > 1`,
    )) as { rows: unknown[] }
  ).rows.length;
  const docs = (await knex('documents').select('object_key', 'dossier_id')) as Array<{
    object_key: string;
    dossier_id: string | null;
  }>;
  const docKeys = new Set(docs.map((d) => d.object_key));
  const objects: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const stream = s3Client.listObjectsV2(s3.bucket, '', true);
    stream.on('data', (o: { name?: string }) => o.name && objects.push(o.name));
    stream.on('end', () => resolve());
    stream.on('error', reject);
  });
  const objectSet = new Set(objects);
  const objectsWithoutRow = objects.filter((k) => !docKeys.has(k)).length;
  const rowsWithoutObject = docs.filter((d) => !objectSet.has(d.object_key)).length;
  const documentsWithoutDossier = docs.filter((d) => d.dossier_id === null).length;
  const keysWithoutDossier = Number(
    (
      (await knex('idempotency_keys as k')
        .leftJoin('dossiers as d', 'd.id', 'k.dossier_id')
        .whereNull('d.id')
        .count({ n: '*' })
        .first()) as { n: string | number }
    ).n,
  );

  // Intake attempts: refused ones per fault, their answers.
  const refused = attempts.filter((a) => a.status !== 201 && a.status !== 200);
  const answers = (list: Attempt[]) => {
    const m: Record<string, number> = {};
    for (const a of list) {
      const k = a.status === 0 ? 'no-answer' : `${a.status}${a.code ? ` ${a.code}` : ''}`;
      m[k] = (m[k] ?? 0) + 1;
    }
    return m;
  };
  const perFault = faults.map((f) => {
    // Attempts sent while the fault was on, or answered during it.
    const during = attempts.filter(
      (a) => a.fault === f.kind || (a.end >= f.startedAt && a.at <= f.restoredAt),
    );
    const after = (xs: number[]) => {
      const x = xs.filter((t) => t >= f.restoredAt).sort((a, b) => a - b)[0];
      return x === undefined ? null : x - f.restoredAt;
    };
    return {
      kind: f.kind,
      downMs: f.restoredAt - f.startedAt,
      intakeAttempts: during.length,
      intakeRefused: during.filter((a) => a.status !== 201 && a.status !== 200).length,
      answers: answers(during.filter((a) => a.status !== 201 && a.status !== 200)),
      non503Failures: during.filter((a) => a.status !== 201 && a.status !== 200 && a.status !== 503).length,
      refusedNotProblemJson: during.filter((a) => a.status >= 400 && !a.problemJson).length,
      firstIntakeAfterRestoreMs: after(
        attempts.filter((a) => a.status === 201 || a.status === 200).map((a) => a.end),
      ),
      firstTaskUpdateAfterRestoreMs: after(updateOkAt),
      firstWebhookAfterRestoreMs: after(receiver.calls.map((c) => c.at)),
    };
  });
  const latencies = completed.map((f) => f.completedAt! - f.acceptedAt!).sort((a, b) => a - b);
  const lost = accepted.length - completed.length;
  const errors = accepted.filter((f) => f.error).map((f) => `${f.code}: ${f.error}`);
  const notAccepted = filings.filter((f) => !f.workflowId).map((f) => `#${f.i}: ${f.error ?? '?'}`);

  // --- figures ---------------------------------------------------------------------------------------------------
  say('');
  say(`bench/faults — run ${runId}, ${DOSSIERS} dossiers at ${RATE}/s`);
  say(
    `dossiers: filed ${DOSSIERS}, accepted ${accepted.length}, completed (returned) ${completed.length}, lost ${lost}` +
      (notAccepted.length ? `; not accepted: ${notAccepted.slice(0, 5).join('; ')}` : ''),
  );
  if (errors.length) say(`  unfinished: ${errors.slice(0, 10).join('; ')}`);
  say(
    `intake attempts: ${attempts.length}, refused ${refused.length} ${JSON.stringify(answers(refused))}` +
      `, 500s ${refused.filter((a) => a.status === 500).length}`,
  );
  say(
    `webhook (at-least-once, receiver dedups by Idempotency-Key): raw calls ${webhook.rawCalls}, distinct keys ` +
      `${webhook.distinctKeys}, dossiers called >1× raw ${webhook.dossiersCalledMoreThanOnceRaw}, dossiers with >1 ` +
      `distinct key ${webhook.dossiersWithMoreThanOneKey}, completed without a call ${webhook.completedWithoutCall}`,
  );
  say(
    `projection: ${rows.length} rows, ${workflows.size} workflows; inconsistent ${inconsistent.length}` +
      (inconsistent.length ? ` e.g. ${JSON.stringify(inconsistent.slice(0, 3))}` : '') +
      `; open tasks of finished dossiers ${openTasksOfFinished}; event seq gaps ${eventGaps}; ` +
      `duplicate service-completed ${duplicateServiceEvents}`,
  );
  say(
    `half-written: rows without workflow ${rowsWithoutWorkflow.length}, workflows without row ` +
      `${workflowsWithoutRow.length}, objects without row ${objectsWithoutRow}, document rows without object ` +
      `${rowsWithoutObject}, idempotency keys without dossier ${keysWithoutDossier}`,
  );
  for (const f of perFault) {
    const ms = (x: number | null) => (x === null ? '—' : `${(x / 1000).toFixed(1)} s`);
    say(
      `  ${f.kind.padEnd(17)} down ${ms(f.downMs)}; intake during it: ${f.intakeAttempts} attempts, ` +
        `${f.intakeRefused} refused ${JSON.stringify(f.answers)}; after restore: first intake ${ms(f.firstIntakeAfterRestoreMs)}, ` +
        `first task update ${ms(f.firstTaskUpdateAfterRestoreMs)}, first webhook ${ms(f.firstWebhookAfterRestoreMs)}`,
    );
  }
  say(
    `webhook calls in flight when the worker was killed ${webhooksInFlightAtKill}; worker exits by itself ${workerCrashes}; transient update/result errors retried ${transientUpdateErrors}; ` +
      `accepted→returned p50 ${(pct(latencies, 50) / 1000).toFixed(1)} s, p95 ${(pct(latencies, 95) / 1000).toFixed(1)} s; ` +
      `all done ${((allDoneAt - lastRestore) / 1000).toFixed(1)} s after the last fault`,
  );
  const halfWritten =
    rowsWithoutWorkflow.length +
    workflowsWithoutRow.length +
    objectsWithoutRow +
    rowsWithoutObject +
    keysWithoutDossier +
    documentsWithoutDossier;
  const summary = {
    bench: 'faults',
    temporal: config.temporal.mode,
    workers: WORKERS,
    dossiers: { filed: DOSSIERS, accepted: accepted.length, completed: completed.length, lost },
    intake: {
      attempts: attempts.length,
      refused: refused.length,
      answers: answers(refused),
      http500: refused.filter((a) => a.status === 500).length,
      refusedNotProblemJson: refused.filter((a) => a.status >= 400 && !a.problemJson).length,
    },
    webhook,
    projection: {
      rows: rows.length,
      workflows: workflows.size,
      inconsistent: inconsistent.length,
      openTasksOfFinished,
      eventSeqGaps: eventGaps,
      duplicateServiceCompleted: duplicateServiceEvents,
    },
    halfWritten: {
      rowsWithoutWorkflow: rowsWithoutWorkflow.length,
      workflowsWithoutRow: workflowsWithoutRow.length,
      objectsWithoutRow,
      documentRowsWithoutObject: rowsWithoutObject,
      documentsWithoutDossier,
      idempotencyKeysWithoutDossier: keysWithoutDossier,
    },
    faults: perFault,
    webhooksInFlightAtKill,
    workerExitsByItself: workerCrashes,
    acceptedToReturnedP50Ms: pct(latencies, 50),
    acceptedToReturnedP95Ms: pct(latencies, 95),
    drainMsAfterLastFault: allDoneAt - lastRestore,
    meetsTarget:
      lost === 0 &&
      completed.length === accepted.length &&
      webhook.dossiersWithMoreThanOneKey === 0 &&
      webhook.completedWithoutCall === 0 &&
      inconsistent.length === 0 &&
      halfWritten === 0 &&
      refused.every((a) => a.status === 503 || a.status === 0 || a.status === 409),
  };

  // --- shut down what we started ---------------------------------------------------------------------------------
  closing = true;
  for (let i = 1; i <= WORKERS; i++) {
    workerExpectedExit.add(i);
    const child = workerChildren[i];
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(10_000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    fs.rmSync(workerPidFile(i), { force: true });
  }
  fs.closeSync(workerLog);
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
  await Promise.allSettled([connection.close(), apiConnection.close(), apiKnex.destroy(), knex.destroy()]);
  await receiver.close();
  await proxy.close();
  await Promise.allSettled([temporalProc.stop(), minioProc.stop()]);
  say(JSON.stringify(summary));
}
