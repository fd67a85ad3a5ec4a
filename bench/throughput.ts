/**
 * bench/throughput — task completions end to end, as the console makes them: signed-in staff claim and complete
 * each step of filed dossiers through the HTTP API (one API process), the interpreter running in 1, then 2 worker
 * processes (the real dist/scripts/api.js and worker.js, as `npm start` runs them). Target: ≥ 100 completions/s on
 * a 2-core machine (issue: province scale).
 *
 * A completion is one claim + complete pair (the next step's row is projected before complete answers). Printed per
 * worker count: completions/s, p50/p99 latency of a pair, history events per step, and the CPU each process spends
 * per completion (API, workers, the Temporal server, PostgreSQL; from /proc), so what limits it is visible. The
 * Temporal in use is the test profile's: the dev server, or the cluster with MOTCUA_TEMPORAL=cluster.
 *
 * Env: BENCH_COMPLETIONS per run (default 1200), BENCH_CONCURRENCY (default 16 dossiers worked at once),
 * BENCH_WORKERS (default "1,2"), BENCH_STEPS (default 6), BENCH_WARMUP completions (default 300). The last line
 * is one JSON object.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { compileFolder, defaultRegistry } from '../compiler/index.js';
import { loadConfig, repoRoot } from '../config/index.js';
import { createKnex } from '../db/index.js';
import type { ProcedureMetadata } from '../ir/index.js';
import { ensureBucket, readProcStats, s3Settings } from '../services/index.js';
import { createUser, getAgency, hashPassword, publishProcedures, upsertAgencies } from '../store/index.js';

process.env.MOTCUA_PROFILE ??= 'test';
const COMPLETIONS = Number(process.env.BENCH_COMPLETIONS ?? 1200);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const WORKER_COUNTS = (process.env.BENCH_WORKERS ?? '1,2').split(',').map(Number);
const STEPS = Number(process.env.BENCH_STEPS ?? 6);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 300);
const ROLES = [
  'receptionist',
  'specialist',
  'division-head',
  'specialist',
  'department-head',
  'receptionist',
];
const config = loadConfig();
const runId = randomUUID().slice(0, 8);
const taskQueue = `bench-throughput-${runId}`;
const AGENCY = 'STP';

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0
    ? 0
    : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

interface Child {
  proc: ChildProcess;
  lines: string[];
}

function spawnChild(script: 'api' | 'worker', name: string): Child {
  const proc = spawn(process.execPath, [path.join(repoRoot, 'dist', 'scripts', `${script}.js`)], {
    cwd: repoRoot,
    env: {
      ...process.env,
      MOTCUA_PROCESS_NAME: name,
      TEMPORAL_TASK_QUEUE: taskQueue,
      PORT: '0',
      LOG_LEVEL: 'warn',
      AUTH_SECRET: `bench-throughput-${'x'.repeat(32)}`,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const take = (d: Buffer) => lines.push(...d.toString().split('\n').filter(Boolean));
  proc.stdout!.on('data', take);
  proc.stderr!.on('data', (d: Buffer) => {
    take(d);
    process.stderr.write(d);
  });
  return { proc, lines };
}

async function waitLine(c: Child, re: RegExp): Promise<RegExpMatchArray> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    for (const l of c.lines) {
      const m = re.exec(l);
      if (m) return m;
    }
    if (c.proc.exitCode !== null || Date.now() > deadline)
      throw new Error(`no ${re}: ${c.lines.slice(-3).join(' | ')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function stopChild(c: Child): Promise<void> {
  if (c.proc.exitCode !== null) return;
  const exited = new Promise((r) => c.proc.once('exit', r));
  c.proc.kill('SIGTERM');
  await exited;
}

/** CPU ms used so far by the given pids and by every process named `temporal`/`temporal-server`/`postgres`. */
function cpuNow(pids: Record<string, number[]>): Record<string, number> {
  const stats = readProcStats();
  const out: Record<string, number> = { temporal: 0, postgres: 0 };
  for (const p of stats) {
    if (p.comm === 'temporal' || p.comm === 'temporal-server') out.temporal! += p.cpuMs;
    if (p.comm === 'postgres') out.postgres! += p.cpuMs;
  }
  for (const [name, list] of Object.entries(pids)) {
    out[name] = stats.filter((p) => list.includes(p.pid)).reduce((s, p) => s + p.cpuMs, 0);
  }
  return out;
}

async function setUp(knex: ReturnType<typeof createKnex>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-bench-throughput-'));
  const code = `BENCH.TP${STEPS}`;
  const metadata = {
    code,
    names: { vi: `Thủ tục đo thông lượng ${STEPS} bước`, en: `Throughput procedure, ${STEPS} steps` },
    level: 'province',
    sector: 'Thử nghiệm',
    agency: AGENCY,
    channels: [{ channel: 'counter', duration: { amount: 15, unit: 'working-day' }, fees: [] }],
    components: [
      {
        id: 'don',
        name: { vi: 'Đơn đề nghị', en: 'Application' },
        required: true,
        kind: 'original',
        count: 1,
      },
    ],
    result: { vi: 'Kết quả', en: 'Result' },
    model: 'steps.json',
  };
  const steps = {
    steps: Array.from({ length: STEPS }, (_, i) => ({
      id: `s${i + 1}`,
      name: { vi: `Bước ${i + 1}`, en: `Step ${i + 1}` },
      role: ROLES[i % ROLES.length],
      duration: { amount: 1, unit: 'working-day' },
      outcomes: ['done'],
    })),
  };
  fs.writeFileSync(path.join(dir, 'procedure.json'), JSON.stringify(metadata));
  fs.writeFileSync(path.join(dir, 'steps.json'), JSON.stringify(steps));
  if (!(await getAgency({ knex, code: AGENCY }))) {
    await upsertAgencies({
      knex,
      agencies: [{ code: AGENCY, level: 'province', names: { vi: 'Sở Tư pháp' }, unitCode: AGENCY }],
    });
  }
  const compiled = await compileFolder(dir, defaultRegistry({ agencies: [AGENCY] }));
  if (!compiled.ok || !compiled.compiled)
    throw new Error(`does not compile: ${JSON.stringify(compiled.diagnostics)}`);
  await publishProcedures({
    knex,
    entries: [
      {
        metadata: metadata as ProcedureMetadata,
        modelKind: 'steps',
        modelSource: JSON.stringify(steps),
        compiled: compiled.compiled,
      },
    ],
    actor: 'bench',
  });
  fs.rmSync(dir, { recursive: true, force: true });
  const username = `bench-tp-${runId}`;
  const password = randomUUID();
  await createUser({
    knex,
    user: {
      username,
      passwordHash: await hashPassword(password),
      fullName: 'Cán bộ đo thông lượng',
      roles: [...new Set(ROLES)].map((role) => ({ role, agencyCode: AGENCY })),
    },
  });
  return { code, username, password };
}

async function main() {
  const knex = createKnex(config.databaseUrl);
  await ensureBucket(s3Settings(config));
  const { code, username, password } = await setUp(knex);
  const connection = await Connection.connect({ address: config.temporal.address });
  const client = new Client({ connection, namespace: config.temporal.namespace });

  const api = spawnChild('api', 'api');
  const base = (await waitLine(api, /api listening on (\S+)/))[1]!;
  const port = Number(new URL(base).port);
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY * 2 });
  const post = (route: string, token: string | undefined, body: unknown) =>
    new Promise<{ status: number; out: Record<string, unknown> }>((resolve, reject) => {
      const text = JSON.stringify(body);
      const req = http.request(
        {
          agent,
          host: '127.0.0.1',
          port,
          path: route,
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': String(Buffer.byteLength(text)),
            ...(token ? { authorization: `Bearer ${token}` } : {}),
            'idempotency-key': randomUUID(),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const raw = Buffer.concat(chunks).toString('utf8');
            resolve({ status: res.statusCode ?? 0, out: raw ? JSON.parse(raw) : {} });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(text);
    });
  const token = (await post('/api/auth/token', undefined, { username, password })).out.accessToken as string;

  const file = async (): Promise<string> => {
    const r = await post('/api/dossiers', token, {
      procedureCode: code,
      channel: 'counter',
      applicant: {
        type: 'person',
        name: 'Nguyễn Văn An',
        idNumber: '038090001234',
        phone: '0912345678',
        address: 'Thanh Hóa',
      },
      data: {},
      paperComponents: ['don'],
    });
    if (r.status !== 201) throw new Error(`intake HTTP ${r.status}: ${JSON.stringify(r.out)}`);
    return r.out.workflowId as string;
  };

  /** Works `completions` steps over dossiers filed beforehand, `CONCURRENCY` dossiers at a time. */
  const work = async (completions: number) => {
    const dossiers = Math.ceil(completions / STEPS);
    const ids: string[] = [];
    for (let i = 0; i < dossiers; i += 32)
      ids.push(...(await Promise.all(Array.from({ length: Math.min(32, dossiers - i) }, file))));
    // Each dossier's first step is opened by the worker a moment after intake answered: wait for them all, as the
    // inbox would show them, before the clock starts.
    for (const deadline = Date.now() + 120_000; ;) {
      const row = await knex('tasks')
        .whereIn('workflow_id', ids)
        .andWhere({ task_id: 's1#1' })
        .count('* as n')
        .first();
      if (Number(row?.n ?? 0) >= ids.length) break;
      if (Date.now() > deadline) throw new Error('first steps were not opened within 2 minutes');
      await new Promise((r) => setTimeout(r, 100));
    }
    const latencies: number[] = [];
    let failures = 0;
    let firstError: string | undefined;
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (;;) {
          const i = next++;
          if (i >= ids.length) return;
          const wf = ids[i]!;
          for (let s = 1; s <= STEPS; s++) {
            const task = `/api/tasks/${encodeURIComponent(wf)}/${encodeURIComponent(`s${s}#1`)}`;
            const a = performance.now();
            const claimed = await post(`${task}/claim`, token, {});
            const done =
              claimed.status === 200 ? await post(`${task}/complete`, token, { outcome: 'done' }) : claimed;
            if (done.status === 200) latencies.push(performance.now() - a);
            else {
              failures++;
              firstError ??= `HTTP ${done.status} ${JSON.stringify(done.out).slice(0, 200)}`;
              break;
            }
          }
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    latencies.sort((x, y) => x - y);
    return { ids, seconds, latencies, failures, firstError };
  };

  const results: Array<Record<string, unknown>> = [];
  for (const n of WORKER_COUNTS) {
    const workers = Array.from({ length: n }, (_, i) => spawnChild('worker', `worker-${i + 1}`));
    await Promise.all(workers.map((w) => waitLine(w, / running: task queue /)));
    const warm = await work(WARMUP);
    if (warm.failures) throw new Error(`warm-up: ${warm.firstError}`);
    const pids = { api: [api.proc.pid!], workers: workers.map((w) => w.proc.pid!) };
    const c0 = cpuNow(pids);
    const r = await work(COMPLETIONS);
    const c1 = cpuNow(pids);
    // History events per step: whole histories of finished dossiers, divided by their steps.
    const sample = r.ids.slice(0, 20);
    let events = 0;
    for (const id of sample) events += (await client.workflow.getHandle(id).describe()).historyLength;
    const done = r.latencies.length;
    const perCompletion = Object.fromEntries(
      Object.keys(c1).map((k) => [k, Number(((c1[k]! - c0[k]!) / Math.max(1, done)).toFixed(2))]),
    );
    const row = {
      workers: n,
      completionsPerSecond: Number((done / r.seconds).toFixed(1)),
      p50Ms: Number(percentile(r.latencies, 50).toFixed(1)),
      p99Ms: Number(percentile(r.latencies, 99).toFixed(1)),
      eventsPerStep: Number((events / (sample.length * STEPS)).toFixed(2)),
      cpuMsPerCompletion: perCompletion,
      failures: r.failures,
    };
    results.push(row);
    console.log(
      `${n} worker(s): ${row.completionsPerSecond} completions/s, p50 ${row.p50Ms} ms, p99 ${row.p99Ms} ms, ` +
        `${row.eventsPerStep} history events per step; CPU ms per completion ${JSON.stringify(perCompletion)}` +
        (r.failures ? `; ${r.failures} failed (${r.firstError})` : ''),
    );
    await Promise.all(workers.map(stopChild));
  }
  await stopChild(api);
  agent.destroy();
  await connection.close();
  await knex.destroy();
  console.log(
    JSON.stringify({
      bench: 'throughput',
      temporal: config.temporal.mode,
      steps: STEPS,
      concurrency: CONCURRENCY,
      completions: COMPLETIONS,
      results,
    }),
  );
}

await main();
