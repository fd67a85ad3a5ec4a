/**
 * bench/catalog-run — every procedure of the catalog (procedure-models/catalog) through its happy path once, for
 * real: compiled against the agency tree, published, then one dossier per procedure filed and driven (every task
 * of it and of its call-activity children completed with its happy outcome) by one worker on a unique task
 * queue, a bounded number at a time. Prints a progress line every BENCH_PROGRESS procedures on stderr, then the
 * figures (procedures, failures with their reasons, seconds, procedures/s) and one JSON line.
 *
 * Env: BENCH_CONCURRENCY (dossiers at a time, default 16), BENCH_PROGRESS (default 100), BENCH_LIMIT (only the
 * first n procedures, for a quick look), BENCH_MS_PER_DAY (scaled working day, default 600000 = 10 min, so no SLA
 * timer fires during a run), BENCH_TIMEOUT_MS (per procedure, default 180000).
 */
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import path from 'node:path';
import { createScaledCalendar } from '../calendar/index.js';
import {
  DEFAULT_CATALOG_DIR,
  compileCatalog,
  driveHappyPaths,
  loadAgencies,
  publishCatalog,
} from '../catalog/index.js';
import { loadConfig } from '../config/index.js';
import { createKnex, ensureDatabase, migrateLatest } from '../db/index.js';
import { upsertAgencies } from '../store/index.js';
import { createWorker } from '../worker/index.js';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const PROGRESS = Number(process.env.BENCH_PROGRESS ?? 100);
const LIMIT = process.env.BENCH_LIMIT ? Number(process.env.BENCH_LIMIT) : undefined;
const MS_PER_DAY = Number(process.env.BENCH_MS_PER_DAY ?? 600_000);
const TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_MS ?? 180_000);

async function main(): Promise<void> {
  // Core's notices (e.g. a workflow task superseded by a concurrent update) would drown the progress lines.
  Runtime.install({
    logger: new DefaultLogger('ERROR'),
    telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } },
  });
  const config = loadConfig();
  await ensureDatabase(config.databaseUrl);
  const knex = createKnex(config.databaseUrl, { max: Math.max(10, CONCURRENCY + 4) });
  await migrateLatest(knex);
  const connection = await Connection.connect({ address: config.temporal.address });
  const client = new Client({ connection, namespace: config.temporal.namespace });
  const native = await NativeConnection.connect({ address: config.temporal.address });
  const taskQueue = `bench-catalog-run-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  let running: Promise<void> | undefined;
  let worker: Awaited<ReturnType<typeof createWorker>> | undefined;
  try {
    const t0 = performance.now();
    const agencies = await loadAgencies();
    await upsertAgencies({ knex, agencies });
    const { procedures: all, failures: notCompiled } = await compileCatalog();
    await publishCatalog(knex, all);
    const procedures = LIMIT !== undefined ? all.slice(0, LIMIT) : all;
    const unitCodes = new Map(agencies.map((a) => [a.code, a.unitCode]));
    console.log(
      `bench/catalog-run: ${procedures.length} procedures (${all.length} compiled, ${notCompiled.length} not), ` +
        `concurrency ${CONCURRENCY}, working day ${MS_PER_DAY / 1000} s, Temporal ${config.temporal.address} ` +
        `(compiled and published in ${((performance.now() - t0) / 1000).toFixed(1)} s)`,
    );
    worker = await createWorker({
      config,
      connection: native,
      knex,
      taskQueue,
      calendar: createScaledCalendar({ msPerWorkingDay: MS_PER_DAY }),
      workerOptions: { shutdownGraceTime: '1s' },
    });
    running = worker.run();

    const started = performance.now();
    let failedSoFar = 0;
    let tasks = 0;
    let children = 0;
    const { runs, failures } = await driveHappyPaths({
      client,
      knex,
      taskQueue,
      procedures,
      concurrency: CONCURRENCY,
      timeoutMs: TIMEOUT_MS,
      unitCodeOf: (agency) => unitCodes.get(agency),
      onSettled: (_p, outcome, done) => {
        if (outcome.error) failedSoFar++;
        else {
          tasks += outcome.run!.tasks;
          children += outcome.run!.children;
        }
        if (done % PROGRESS === 0 || done === procedures.length) {
          const s = (performance.now() - started) / 1000;
          console.error(
            `  ${done}/${procedures.length} procedures, ${failedSoFar} failed, ${s.toFixed(1)} s, ` +
              `${(done / s).toFixed(1)} procedures/s`,
          );
        }
      },
    });
    const seconds = (performance.now() - started) / 1000;
    const allFailures = [
      ...notCompiled.map((f) => ({
        where: path.relative(DEFAULT_CATALOG_DIR, f.dir),
        reason: `not compiled: ${f.reason}`,
      })),
      ...failures.map((f) => ({
        where: `${path.relative(DEFAULT_CATALOG_DIR, f.procedure.dir)} (${f.procedure.metadata.code}@${f.procedure.metadata.level})`,
        reason: f.reason,
      })),
    ];
    // The projection must agree: every returned dossier has national status 10 in `dossiers`.
    const returned = new Set<string>();
    for (let i = 0; i < runs.length; i += 1000) {
      const ids = runs.slice(i, i + 1000).map((r) => r.run.dossierId);
      for (const id of await knex('dossiers').whereIn('id', ids).andWhere('national_status', 10).pluck('id'))
        returned.add(String(id));
    }
    for (const { procedure, run } of runs) {
      if (!returned.has(run.dossierId))
        allFailures.push({
          where: `${path.relative(DEFAULT_CATALOG_DIR, procedure.dir)} (${run.code})`,
          reason: 'the workflow returned but the dossiers row is not at national status 10',
        });
    }
    for (const f of allFailures) console.log(`  FAILED ${f.where}: ${f.reason}`);
    const figures = {
      procedures: procedures.length,
      failures: allFailures.length,
      seconds: +seconds.toFixed(1),
      proceduresPerSecond: +(procedures.length / seconds).toFixed(2),
    };
    console.log(`procedures     ${figures.procedures} (${returned.size} returned, status 10 in dossiers)`);
    console.log(`failures       ${figures.failures}`);
    console.log(`tasks          ${tasks} completed, ${children} child dossiers (call activities)`);
    console.log(`seconds        ${figures.seconds}`);
    console.log(`procedures/s   ${figures.proceduresPerSecond}`);
    console.log(JSON.stringify(figures));
    if (figures.failures > 0) process.exitCode = 1;
  } finally {
    if (worker && worker.getState() === 'RUNNING') worker.shutdown();
    await running?.catch(() => undefined);
    await native.close().catch(() => undefined);
    await connection.close().catch(() => undefined);
    await knex.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(`bench/catalog-run: ${(err as Error).message}`);
  process.exit(1);
});
