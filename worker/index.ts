/**
 * The motcua worker: the interpreter workflow plus its activities and the plugin registry, on one task queue.
 * A worker process (process.ts) runs one; `npm start` runs MOTCUA_WORKERS of them; tests create their own with a
 * scaled calendar.
 *
 * Calendar: by default each agency's working calendar comes from PostgreSQL. `calendar` overrides it for every
 * agency (tests); the env variable MOTCUA_TIME_SCALE_MS_PER_DAY=<ms> does the same for demos: a working day then
 * lasts that many real milliseconds (e.g. 60000: a 3-day step takes 3 minutes), so SLA warnings, escalations and
 * apology reminders can be watched live.
 */
import path from 'node:path';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, createCalendarSource, createSupervisionActivities } from '../activities/index.js';
import { createScaledCalendar, type Calendar } from '../calendar/index.js';
import { repoRoot, type Config } from '../config/index.js';
import type { Knex } from '../db/index.js';
import { temporalConnectOptions } from '../services/index.js';
import {
  createPluginRegistry,
  installedPlugins,
  type Plugin,
  type PluginRegistry,
} from '../plugins/index.js';

export type { Plugin, PluginRegistry } from '../plugins/index.js';
export { runWorkerProcess, HEARTBEAT_MS, type WorkerProcess } from './process.js';
export {
  ensureSupervisionSchedules,
  supervisionScheduleIds,
  type SupervisionScheduleOptions,
} from './schedules.js';

/** The workflow bundle entry (compiled). */
export const workflowsPath = path.join(repoRoot, 'dist', 'workflows', 'index.js');

export interface CreateWorkerOptions {
  config: Config;
  /** Reused when given; otherwise one is opened and closed when `run()` ends. */
  connection?: NativeConnection;
  knex: Knex;
  /** Project plugins, registered beside the built-in ones; or a ready registry (replaces them). */
  plugins?: Plugin[] | PluginRegistry;
  taskQueue?: string;
  /** Calendar for every agency (tests, demos); default: each agency's calendar from PostgreSQL. */
  calendar?: Calendar;
  /** A prebuilt bundle (tests bundle once per run); default: bundle `workflowsPath` at start. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** Extra Worker options (concurrency limits, identity...). */
  workerOptions?: Partial<WorkerOptions>;
  env?: NodeJS.ProcessEnv;
}

function isRegistry(p: CreateWorkerOptions['plugins']): p is PluginRegistry {
  return !!p && !Array.isArray(p) && typeof (p as PluginRegistry).get === 'function';
}

/** The calendar override from the environment (MOTCUA_TIME_SCALE_MS_PER_DAY), if set. */
export function calendarFromEnv(env: NodeJS.ProcessEnv = process.env): Calendar | undefined {
  const raw = env.MOTCUA_TIME_SCALE_MS_PER_DAY;
  if (raw === undefined || raw === '') return undefined;
  const ms = Number(raw);
  if (!Number.isFinite(ms) || ms <= 0) {
    throw new Error(
      `MOTCUA_TIME_SCALE_MS_PER_DAY=${raw} phải là số mili giây dương / must be a positive number of milliseconds`,
    );
  }
  return createScaledCalendar({ msPerWorkingDay: ms });
}

/**
 * The options createWorker passes to Worker.create: the configured task queue and namespace, the sticky cache
 * bounded by WORKER_MAX_CACHED_WORKFLOWS (config.worker.maxCachedWorkflows), the WORKER_* tuning settings given
 * (config.worker.tuning), then `workerOptions` on top.
 */
export function buildWorkerOptions(
  opts: Pick<CreateWorkerOptions, 'config' | 'taskQueue' | 'workflowBundle' | 'workerOptions'>,
  parts: { connection: NativeConnection; activities: WorkerOptions['activities'] },
): WorkerOptions {
  return {
    connection: parts.connection,
    namespace: opts.config.temporal.namespace,
    taskQueue: opts.taskQueue ?? opts.config.temporal.taskQueue,
    ...(opts.workflowBundle ? { workflowBundle: opts.workflowBundle } : { workflowsPath }),
    activities: parts.activities,
    maxCachedWorkflows: opts.config.worker.maxCachedWorkflows,
    ...opts.config.worker.tuning,
    ...opts.workerOptions,
  };
}

export async function createWorker(opts: CreateWorkerOptions): Promise<Worker> {
  const registry = isRegistry(opts.plugins)
    ? opts.plugins
    : createPluginRegistry([...installedPlugins, ...(opts.plugins ?? [])]);
  const calendar = opts.calendar ?? calendarFromEnv(opts.env);
  const calendarFor = calendar ? async () => calendar : createCalendarSource({ knex: opts.knex });
  const taskQueue = opts.taskQueue ?? opts.config.temporal.taskQueue;
  const activities = {
    ...createActivities({ knex: opts.knex, plugins: registry, calendarFor }),
    // The scheduled supervision workflows (stuck scan, report snapshots; see worker/schedules.ts).
    ...createSupervisionActivities({
      knex: opts.knex,
      calendarFor,
      temporal: { ...temporalConnectOptions(opts.config.temporal), namespace: opts.config.temporal.namespace },
      // Dossier workflows left without their row by a failed intake: those of this worker's task queue (the one
      // intake starts them on), so workers of other queues on the same namespace never touch each other's.
      orphanWorkflows: { taskQueue },
    }),
  };
  const ownConnection = opts.connection
    ? undefined
    : await NativeConnection.connect(temporalConnectOptions(opts.config.temporal));
  const connection = opts.connection ?? ownConnection!;
  try {
    const worker = await Worker.create(
      buildWorkerOptions({ ...opts, taskQueue }, { connection, activities }),
    );
    if (ownConnection) {
      const run = worker.run.bind(worker);
      worker.run = async () => {
        try {
          await run();
        } finally {
          await ownConnection.close().catch(() => undefined);
        }
      };
    }
    return worker;
  } catch (err) {
    await ownConnection?.close().catch(() => undefined);
    throw err;
  }
}
