/**
 * bench/intake — API intake throughput against raw Temporal workflow starts (DESIGN.md §5: intake ≥ 0.8× the raw
 * start rate on the same server). Same run, same server, same workflow type and input size; rounds alternate
 * A B B A so drift hits both sides alike.
 *
 *   raw   the bench process calls client.workflow.start(dossierWorkflow) directly (same native client as the API)
 *   api   the bench process POSTs /api/dossiers to the API running in a child process (as `npm start` runs it):
 *         validation, idempotency key, code allocation, appointment date, the dossier rows and audit entry in
 *         PostgreSQL, then the same workflow start
 *
 * No worker polls the bench task queue (both sides measure "accepted and started"); the bench terminates what it
 * started at the end. Env: BENCH_DOSSIERS (per round and side, default 500), BENCH_CONCURRENCY (default 32: enough
 * to saturate the server on 2 cores, so both sides measure capacity rather than one request's latency),
 * BENCH_ROUNDS (A B B A sequences, default 3: the Temporal server's own cost per start drifts by ±20 % within a run
 * and single rounds swing by ±10 %), BENCH_WARMUP (filings per side before measuring, default 2000, in steps of 500
 * alternating sides), BENCH_DOCUMENT=1 to attach a 40 KB PDF to every API filing (streamed
 * to MinIO). The last line is one JSON object with the figures.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@temporalio/client';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import pino from 'pino';
import { createApp } from '../api/index.js';
import { compileFolder, defaultRegistry } from '../compiler/index.js';
import { loadConfig, repoRoot } from '../config/index.js';
import { createKnex, ensureDatabase, migrateLatest } from '../db/index.js';
import { DOSSIER_WORKFLOW_TYPE, type ProcedureMetadata } from '../ir/index.js';
import { ensureBucket, readProcStats, s3Settings } from '../services/index.js';
import { createUser, getAgency, hashPassword, publishProcedures, upsertAgencies } from '../store/index.js';

process.env.MOTCUA_PROFILE ??= 'test';
const DOSSIERS = Number(process.env.BENCH_DOSSIERS ?? 500);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WITH_DOCUMENT = process.env.BENCH_DOCUMENT === '1';
const WARMUP = Math.max(20, Number(process.env.BENCH_WARMUP ?? 2000));
const SAMPLE = path.join(repoRoot, 'procedure-models', 'samples', 'two-step');
const config = loadConfig();

// ---------------------------------------------------------------------------------------------------------------
// Child mode: the API server alone in its process, on an ephemeral port, for a given task queue.
// ---------------------------------------------------------------------------------------------------------------
if (process.argv[2] === '--serve') {
  const taskQueue = process.argv[3]!;
  const knex = createKnex(config.databaseUrl, { max: 20 });
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const client = new Client({ connection, namespace: config.temporal.namespace });
  const app = createApp({
    config,
    knex,
    temporal: client,
    s3: s3Settings(config),
    health: async () => ({
      status: 'ok',
      components: {
        temporal: { state: 'ok' },
        postgres: { state: 'ok' },
        minio: { state: 'ok' },
        worker: { state: 'ok' },
      },
    }),
    logger: pino({ level: 'warn' }),
    taskQueue,
  });
  const server = app.listen(0, '127.0.0.1', () => {
    process.stdout.write(`PORT ${(server.address() as AddressInfo).port}\n`);
  });
  server.keepAliveTimeout = 60_000;
  // The bench asks for this process's CPU time around each API round (CPU ms per filing is steadier than a rate
  // on a shared machine).
  process.on('SIGUSR2', () => {
    const u = process.cpuUsage();
    process.stdout.write(`CPU ${u.user + u.system}\n`);
  });
  process.on('SIGTERM', () => {
    server.close();
    void Promise.allSettled([knex.destroy(), connection.close()]).then(() => process.exit(0));
  });
} else {
  await main();
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Busy and total CPU time of the whole machine so far (ms, all cores), from the kernel's counters. */
function machineCpu(): { busy: number; total: number } {
  let busy = 0;
  let total = 0;
  for (const c of os.cpus()) {
    const t = c.times.user + c.times.nice + c.times.sys + c.times.irq + c.times.idle;
    total += t;
    busy += t - c.times.idle;
  }
  return { busy, total };
}

/**
 * CPU time (ms) used so far by every process whose command name is one of `names` (Linux /proc; 0 elsewhere).
 * Processes that ended between two readings drop out, so only long-lived ones (the servers) are compared.
 */
function processCpu(names: string[]): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries(names.map((n) => [n, 0]));
  for (const p of readProcStats()) if (p.comm in out) out[p.comm]! += p.cpuMs;
  return out;
}

async function runPool(n: number, concurrency: number, one: (i: number) => Promise<void>) {
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  let firstError: string | undefined;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (;;) {
        const i = next++;
        if (i >= n) return;
        const t0 = performance.now();
        try {
          await one(i);
          latencies.push(performance.now() - t0);
        } catch (err) {
          failures += 1;
          firstError ??= (err as Error).message;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    perSecond: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p90: percentile(latencies, 90),
    p99: percentile(latencies, 99),
    failures,
    firstError,
  };
}

async function main() {
  await ensureDatabase(config.databaseUrl);
  const knex = createKnex(config.databaseUrl);
  await migrateLatest(knex);
  const s3 = s3Settings(config);
  await ensureBucket(s3);
  // The same client kind on both sides: the native (Rust core) connection the API uses in `npm start`. It is also the
  // cheaper one for the raw side (≈ 0.9 ms of client CPU per start against ≈ 1.3–1.8 ms for the pure-JS gRPC client),
  // so the raw rate is the server's best, not held back by its client.
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const client = new Client({ connection, namespace: config.temporal.namespace });
  const runId = randomUUID().slice(0, 8);
  const taskQueue = `bench-intake-${runId}`;

  // The two-step sample, compiled and published (idempotent), and a receptionist for its agency.
  const metadata = JSON.parse(
    fs.readFileSync(path.join(SAMPLE, 'procedure.json'), 'utf8'),
  ) as ProcedureMetadata;
  if (!(await getAgency({ knex, code: metadata.agency }))) {
    await upsertAgencies({
      knex,
      agencies: [
        {
          code: metadata.agency,
          level: metadata.level,
          names: { vi: 'Sở Tư pháp' },
          unitCode: metadata.agency,
        },
      ],
    });
  }
  const compiled = await compileFolder(SAMPLE, defaultRegistry({ agencies: [metadata.agency] }));
  if (!compiled.ok || !compiled.compiled)
    throw new Error(`the two-step sample does not compile: ${JSON.stringify(compiled.diagnostics)}`);
  await publishProcedures({
    knex,
    entries: [
      {
        metadata,
        modelKind: 'steps',
        modelSource: fs.readFileSync(path.join(SAMPLE, 'steps.json'), 'utf8'),
        compiled: compiled.compiled,
      },
    ],
    actor: 'bench',
  });
  const version = (await knex('procedure_versions as v')
    .join('procedures as p', 'p.id', 'v.procedure_id')
    .where({ 'p.code': metadata.code, 'p.level': metadata.level, 'v.status': 'published' })
    .orderBy('v.version', 'desc')
    .first('v.id')) as { id: number };
  const username = `bench-${runId}`;
  const password = randomUUID();
  await createUser({
    knex,
    user: {
      username,
      passwordHash: await hashPassword(password),
      fullName: 'Bench',
      roles: [{ role: 'receptionist', agencyCode: metadata.agency }],
    },
  });

  // The API in its own process.
  const self = fileURLToPath(import.meta.url);
  const child = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_PROFILE_DIR
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`]
        : []),
      self,
      '--serve',
      taskQueue,
    ],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'], env: process.env },
  );
  let cpuWaiter: ((us: number) => void) | undefined;
  const port = await new Promise<number>((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (c: Buffer) => {
      buf += c.toString();
      const m = /PORT (\d+)/.exec(buf);
      if (m) resolve(Number(m[1]));
      for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        const cpu = /^CPU (\d+)$/.exec(line);
        if (cpu && cpuWaiter) cpuWaiter(Number(cpu[1]));
      }
    });
    child.on('exit', (code) => reject(new Error(`the API process exited (${code})`)));
  });
  const base = `http://127.0.0.1:${port}`;
  /** CPU time (µs) the API process has used so far. */
  const apiCpu = () =>
    new Promise<number>((resolve) => {
      cpuWaiter = resolve;
      child.kill('SIGUSR2');
    });
  // The load generator must not be what limits the API side on 2 cores: node:http over kept-alive sockets costs
  // the bench process a fraction of the CPU undici's fetch does per request (the raw side's gRPC client is lean too).
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const postJson = (route: string, headers: Record<string, string>, body: string) =>
    new Promise<{ status: number; out: { workflowId?: string; detail?: string } }>((resolve, reject) => {
      const req = http.request(
        {
          agent,
          host: '127.0.0.1',
          port,
          path: route,
          method: 'POST',
          headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            try {
              resolve({
                status: res.statusCode ?? 0,
                out: JSON.parse(Buffer.concat(chunks).toString('utf8')),
              });
            } catch (err) {
              reject(err as Error);
            }
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const signIn = await fetch(`${base}/api/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const token = ((await signIn.json()) as { accessToken: string }).accessToken;

  const started: string[] = [];
  const applicant = {
    type: 'person',
    name: 'Nguyễn Văn An',
    idNumber: '038090001234',
    phone: '0912345678',
    address: '12 Lê Lợi, Thanh Hóa',
  };
  const pdf = Buffer.concat([
    Buffer.from('%PDF-1.4\n'),
    Buffer.alloc(40 * 1024, 0x20),
    Buffer.from('\n%%EOF\n'),
  ]);
  const sa = {
    code: defineSearchAttributeKey('McDossierCode', SearchAttributeType.KEYWORD),
    procedure: defineSearchAttributeKey('McProcedureCode', SearchAttributeType.KEYWORD),
    agency: defineSearchAttributeKey('McAgency', SearchAttributeType.KEYWORD),
    level: defineSearchAttributeKey('McLevel', SearchAttributeType.KEYWORD),
    sector: defineSearchAttributeKey('McSector', SearchAttributeType.KEYWORD),
    status: defineSearchAttributeKey('McStatus', SearchAttributeType.KEYWORD),
    dueAt: defineSearchAttributeKey('McDueAt', SearchAttributeType.DATETIME),
  };

  const raw = async (i: number) => {
    const code = `BENCH-${runId}-${i}-${randomUUID().slice(0, 6)}`;
    const workflowId = `dossier-${code}`;
    const receivedAt = new Date();
    await client.workflow.start(DOSSIER_WORKFLOW_TYPE, {
      taskQueue,
      workflowId,
      args: [
        {
          dossierId: randomUUID(),
          dossierCode: code,
          procedureVersionId: version.id,
          compiled: compiled.compiled,
          channel: 'counter',
          receivedAt: receivedAt.toISOString(),
          appointmentAt: new Date(receivedAt.getTime() + 2 * 86_400_000).toISOString(),
          agencyCode: metadata.agency,
          data: {},
          applicantType: 'person',
        },
      ],
      typedSearchAttributes: [
        { key: sa.code, value: code },
        { key: sa.procedure, value: metadata.code },
        { key: sa.agency, value: metadata.agency },
        { key: sa.level, value: metadata.level },
        { key: sa.sector, value: metadata.sector },
        { key: sa.status, value: 'accepted' },
        { key: sa.dueAt, value: new Date(receivedAt.getTime() + 2 * 86_400_000) },
      ],
    });
    started.push(workflowId);
  };

  const api = async (i: number) => {
    const dossier = {
      procedureCode: metadata.code,
      channel: 'counter',
      applicant,
      data: {},
      ...(WITH_DOCUMENT ? {} : { paperComponents: ['don'] }),
    };
    const headers: Record<string, string> = {
      authorization: `Bearer ${token}`,
      'idempotency-key': `bench-${runId}-${i}-${randomUUID()}`,
    };
    let status: number;
    let out: { workflowId?: string; detail?: string };
    if (WITH_DOCUMENT) {
      const form = new FormData();
      form.append('dossier', JSON.stringify(dossier));
      form.append('don', new Blob([new Uint8Array(pdf)], { type: 'application/pdf' }), 'don.pdf');
      const res = await fetch(`${base}/api/dossiers`, { method: 'POST', headers, body: form });
      status = res.status;
      out = (await res.json()) as typeof out;
    } else {
      headers['content-type'] = 'application/json';
      ({ status, out } = await postJson('/api/dossiers', headers, JSON.stringify(dossier)));
    }
    if (status !== 201) throw new Error(`HTTP ${status}: ${out.detail ?? ''}`);
    started.push(out.workflowId!);
  };

  // Warm-up to steady state: connections, caches and, above all, V8's JIT. The API's request path (express, router,
  // pino, ajv, knex, pg, the Temporal client) is far larger than the raw client's; V8 was still optimising ≈ 100 of
  // its functions per 1,200 filings after 2,400, and the API process's CPU per filing fell from 3.6 to 2.2 ms over
  // the first 5,000. A server runs for days, so both sides are measured warm. Printed, not counted.
  for (let w = 0; w < WARMUP; w += 500) {
    const n = Math.min(500, WARMUP - w);
    const wr = await runPool(n, CONCURRENCY, raw);
    const wa = await runPool(n, CONCURRENCY, api);
    if (wr.failures || wa.failures) throw new Error(`warm-up failed: ${wr.firstError ?? wa.firstError}`);
    console.log(
      `warm-up ${w + n}/${WARMUP} per side: raw ${wr.perSecond.toFixed(1)}/s, api ${wa.perSecond.toFixed(1)}/s`,
    );
  }

  const results: Record<'raw' | 'api', Array<Awaited<ReturnType<typeof runPool>>>> = { raw: [], api: [] };
  const order: Array<'raw' | 'api'> = [];
  for (let r = 0; r < ROUNDS; r += 1) order.push('raw', 'api', 'api', 'raw');
  // CPU per dossier, besides the rates: what the client process (raw: the gRPC start; api: the HTTP request) and
  // the API process spend on one filing. On a busy 2-core machine the rates swing; these stay put.
  const cpu: Record<'raw' | 'api', Record<'client' | 'server' | 'temporal' | 'postgres', number[]>> = {
    raw: { client: [], server: [], temporal: [], postgres: [] },
    api: { client: [], server: [], temporal: [], postgres: [] },
  };
  // How busy the whole machine was during each round: a side far from 100 % is held back by waiting (the Temporal
  // server's persistence, commits), not by CPU.
  const busy: Record<'raw' | 'api', number[]> = { raw: [], api: [] };
  for (const side of order) {
    const c0 = process.cpuUsage();
    const s0 = await apiCpu();
    const m0 = machineCpu();
    const p0 = processCpu(['temporal', 'postgres']);
    const r = await runPool(DOSSIERS, CONCURRENCY, side === 'raw' ? raw : api);
    const p1 = processCpu(['temporal', 'postgres']);
    const m1 = machineCpu();
    const c1 = process.cpuUsage(c0);
    const s1 = await apiCpu();
    busy[side].push((m1.busy - m0.busy) / Math.max(1, m1.total - m0.total));
    const done0 = Math.max(1, DOSSIERS - r.failures);
    cpu[side].temporal.push((p1.temporal! - p0.temporal!) / done0);
    cpu[side].postgres.push((p1.postgres! - p0.postgres!) / done0);
    const done = DOSSIERS - r.failures;
    cpu[side].client.push((c1.user + c1.system) / 1000 / done);
    cpu[side].server.push((s1 - s0) / 1000 / done);
    results[side].push(r);
    console.log(
      `${side.padEnd(3)}  ${r.perSecond.toFixed(1).padStart(7)} dossiers/s   p50 ${r.p50.toFixed(1)} ms   p90 ${r.p90.toFixed(1)} ms   p99 ${r.p99.toFixed(1)} ms` +
        `   CPU/dossier: client ${cpu[side].client.at(-1)!.toFixed(2)} ms` +
        (side === 'api' ? `, API process ${cpu[side].server.at(-1)!.toFixed(2)} ms` : '') +
        `, Temporal ${cpu[side].temporal.at(-1)!.toFixed(1)} ms, PostgreSQL ${cpu[side].postgres.at(-1)!.toFixed(1)} ms` +
        `   machine busy ${(busy[side].at(-1)! * 100).toFixed(0)} %` +
        (r.failures ? `   ${r.failures} failed (${r.firstError})` : ''),
    );
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const summary = (side: 'raw' | 'api') => ({
    perSecond: Math.round(mean(results[side].map((r) => r.perSecond)) * 10) / 10,
    p50Ms: Math.round(mean(results[side].map((r) => r.p50)) * 10) / 10,
    p90Ms: Math.round(mean(results[side].map((r) => r.p90)) * 10) / 10,
    p99Ms: Math.round(mean(results[side].map((r) => r.p99)) * 10) / 10,
    failures: results[side].reduce((a, r) => a + r.failures, 0),
    clientCpuMsPerDossier: Math.round(mean(cpu[side].client) * 100) / 100,
    ...(side === 'api' ? { apiCpuMsPerDossier: Math.round(mean(cpu[side].server) * 100) / 100 } : {}),
    temporalCpuMsPerDossier: Math.round(mean(cpu[side].temporal) * 100) / 100,
    postgresCpuMsPerDossier: Math.round(mean(cpu[side].postgres) * 100) / 100,
    machineBusy: Math.round(mean(busy[side]) * 100) / 100,
  });
  const rawSummary = summary('raw');
  const apiSummary = summary('api');
  const ratio = Math.round((apiSummary.perSecond / rawSummary.perSecond) * 1000) / 1000;
  console.log(`api / raw = ${ratio} (target ≥ 0.8)`);

  // Clean up: end every workflow this run started, stop the API.
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      for (;;) {
        const id = started[next++];
        if (!id) return;
        await client.workflow
          .getHandle(id)
          .terminate('bench finished')
          .catch(() => undefined);
      }
    }),
  );
  agent.destroy();
  child.kill('SIGTERM');
  await connection.close();
  await knex.destroy();
  console.log(
    JSON.stringify({
      bench: 'intake',
      dossiersPerRound: DOSSIERS,
      warmupPerSide: WARMUP,
      concurrency: CONCURRENCY,
      rounds: ROUNDS,
      document: WITH_DOCUMENT,
      api: apiSummary,
      rawTemporalStart: rawSummary,
      ratio,
      target: 0.8,
      meetsTarget: ratio >= 0.8,
    }),
  );
}
