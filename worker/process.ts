/**
 * One worker process (`motcua worker`, `npm run worker`; `npm start` runs MOTCUA_WORKERS of them): the interpreter
 * and its activities on the task queue, a heartbeat row in PostgreSQL every few seconds (API processes read it for
 * /healthz), and a graceful drain on SIGTERM or SIGINT — no new tasks are polled, the ones in flight finish, then
 * it exits 0. Any number of worker processes, on any machines, serve one task queue.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import type { Config } from '../config/index.js';
import { createKnex } from '../db/index.js';
import { temporalConnectOptions } from '../services/index.js';
import { beatWorker, removeWorkerHeartbeat } from '../store/index.js';
import { createWorker } from './index.js';

/** How often a worker writes its heartbeat; API processes count a worker alive for three of them. */
export const HEARTBEAT_MS = 5_000;

export interface WorkerProcess {
  workerId: string;
  /** Resolves when the worker has stopped (after a drain, or a fatal error, rethrown). */
  done: Promise<void>;
  /** Drains: in-flight tasks finish, then the worker stops. */
  stop(): Promise<void>;
}

export async function runWorkerProcess(opts: {
  config: Config;
  log: (line: string) => void;
  /** Stops on these signals (default SIGTERM and SIGINT). */
  signals?: NodeJS.Signals[];
}): Promise<WorkerProcess> {
  const { config, log } = opts;
  try {
    // The SDK's own lines (the workflow bundle's build report, every state change) only when debugging.
    const level = config.logLevel === 'debug' || config.logLevel === 'trace' ? 'DEBUG' : 'WARN';
    Runtime.install({ logger: new DefaultLogger(level) });
  } catch {
    // Installed already (a test running several in one process).
  }
  const workerId = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const knex = createKnex(config.databaseUrl, { min: 1, max: 10 });
  const connection = await NativeConnection.connect(temporalConnectOptions(config.temporal));
  let worker: Worker;
  try {
    worker = await createWorker({
      config,
      connection,
      knex,
      workerOptions: { identity: workerId },
    });
  } catch (err) {
    await connection.close().catch(() => undefined);
    await knex.destroy();
    throw err;
  }
  const startedAt = new Date();
  const beat = async () => {
    try {
      await beatWorker({
        knex,
        beat: {
          workerId,
          host: os.hostname(),
          pid: process.pid,
          taskQueue: config.temporal.taskQueue,
          state: worker.getState(),
          startedAt,
        },
      });
    } catch {
      // PostgreSQL away: the worker keeps working; /healthz shows it missing until the next beat lands.
    }
  };
  const timer = setInterval(() => void beat(), HEARTBEAT_MS);
  log(
    `worker ${workerId} running: task queue ${config.temporal.taskQueue}, ${config.worker.maxCachedWorkflows} ` +
      `cached workflows`,
  );
  const running = worker.run();
  await beat(); // RUNNING from here: the API's health counts this worker at once
  const done = (async () => {
    try {
      await running;
    } finally {
      clearInterval(timer);
      await removeWorkerHeartbeat({ knex, workerId }).catch(() => undefined);
      await connection.close().catch(() => undefined);
      await knex.destroy().catch(() => undefined);
    }
  })();
  const stop = async () => {
    if (worker.getState() === 'RUNNING') {
      log(`worker ${workerId} draining (in-flight tasks finish)...`);
      worker.shutdown();
    }
    await done.catch(() => undefined);
  };
  for (const sig of opts.signals ?? ['SIGTERM', 'SIGINT']) process.once(sig, () => void stop());
  return { workerId, done, stop };
}
