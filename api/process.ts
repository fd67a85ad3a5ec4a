/**
 * One API process (`motcua api`, `npm run api`; `npm start` runs one): the HTTP API and the console on one port,
 * its own Temporal client, PostgreSQL pool and S3 client. Nothing it keeps in memory must be shared with another
 * process: rate limits are counted in PostgreSQL, caches are dropped on the changes other processes announce
 * (changes.ts, LISTEN/NOTIFY), and the workers' health comes from their heartbeats. Several API processes run behind a proxy.
 *
 * On SIGTERM or SIGINT it drains: stops accepting connections, lets requests in flight finish (at most
 * `drainMs`), closes idle keep-alive connections, then closes its pools.
 */
import http from 'node:http';
import path from 'node:path';
import { Client } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import express from 'express';
import helmet from 'helmet';
import { pino } from 'pino';
import { repoRoot, type Config } from '../config/index.js';
import { createKnex } from '../db/index.js';
import { createS3Client, s3Settings, StartupError, temporalConnectOptions } from '../services/index.js';
import { liveWorkers } from '../store/index.js';
import { createApp, type HealthReport } from './app.js';
import { createSharedChanges } from './changes.js';

/** A worker counts as alive when its heartbeat is this recent (three of its beats). */
export const WORKER_ALIVE_SECONDS = 15;

type ComponentState = HealthReport['components'][keyof HealthReport['components']];

async function probe(fn: () => Promise<unknown>, timeoutMs = 2000): Promise<ComponentState> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      fn(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { state: 'ok' };
  } catch (err) {
    return { state: 'down', detail: (err as Error).message.split('\n')[0] };
  } finally {
    clearTimeout(timer);
  }
}

export interface ApiProcess {
  /** The port it listens on (PORT=0 asks for a free one). */
  port: number;
  baseUrl: string;
  /** Resolves once the process has drained and closed everything. */
  done: Promise<void>;
  stop(): Promise<void>;
}

export async function runApiProcess(opts: {
  config: Config;
  log: (line: string) => void;
  signals?: NodeJS.Signals[];
  drainMs?: number;
}): Promise<ApiProcess> {
  const { config, log } = opts;
  const logger = pino({ level: config.logLevel, name: 'motcua-api' });
  const knex = createKnex(config.databaseUrl);
  const s3 = s3Settings(config);
  const minio = createS3Client(s3);
  // The API's client rides on the Rust core like the worker: a workflow start costs about half the CPU of the
  // pure-JS gRPC client.
  const connection = await NativeConnection.connect(temporalConnectOptions(config.temporal));
  const client = new Client({ connection, namespace: config.temporal.namespace });

  const health = async (): Promise<HealthReport> => {
    let alive = 0;
    const [temporal, postgres, s3State] = await Promise.all([
      probe(() => connection.workflowService.describeNamespace({ namespace: config.temporal.namespace })),
      probe(async () => {
        alive = (await liveWorkers({ knex, withinSeconds: WORKER_ALIVE_SECONDS })).filter(
          (w) => w.taskQueue === config.temporal.taskQueue && w.state === 'RUNNING',
        ).length;
      }),
      probe(async () => {
        if (!(await minio.bucketExists(s3.bucket))) throw new Error(`bucket ${s3.bucket} missing`);
      }),
    ]);
    const worker: ComponentState =
      postgres.state !== 'ok'
        ? { state: 'down', detail: 'unknown: PostgreSQL unreachable' }
        : alive > 0
          ? { state: 'ok', detail: `${alive} running` }
          : { state: 'down', detail: `no worker heartbeat in ${WORKER_ALIVE_SECONDS} s` };
    const components = { temporal, postgres, minio: s3State, worker };
    const status = Object.values(components).every((c) => c.state === 'ok') ? 'ok' : 'degraded';
    return { status, components };
  };

  const changes = createSharedChanges({
    knex,
    databaseUrl: config.databaseUrl,
    onError: (err) =>
      logger.warn({ err: err.message }, 'change notifications: connection lost, reconnecting'),
  });
  const api = createApp({
    config,
    knex,
    changes,
    temporal: client,
    s3,
    health,
    logger,
  });
  const app = express();
  app.use(api);
  // The console (built by scripts/build-console) is served beside the API on the same port.
  app.use(helmet(), express.static(path.join(repoRoot, 'dist', 'console'), { index: 'index.html' }));
  const server = http.createServer(app);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', (err: NodeJS.ErrnoException) =>
        reject(
          err.code === 'EADDRINUSE'
            ? new StartupError(
                'api',
                `cổng ${config.port} đang bị chiếm / port ${config.port} is already in use`,
                'đặt PORT sang cổng khác / set PORT to a free port',
              )
            : err,
        ),
      );
      server.listen(config.port, config.host, () => resolve());
    });
  } catch (err) {
    await changes.close();
    await connection.close().catch(() => undefined);
    await knex.destroy().catch(() => undefined);
    throw err;
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const baseUrl = `http://${config.host}:${port}`;
  log(`api listening on ${baseUrl} (pid ${process.pid})`);

  let resolveDone!: () => void;
  const done = new Promise<void>((r) => (resolveDone = r));
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      log('api draining (requests in flight finish)...');
      const closed = new Promise<void>((r) => server.close(() => r()));
      // Keep-alive connections become idle once their request is answered: close them as they do.
      const sweep = setInterval(() => server.closeIdleConnections(), 100);
      server.closeIdleConnections();
      const timeout = new Promise<void>((r) => setTimeout(r, opts.drainMs ?? 30_000).unref());
      await Promise.race([closed, timeout]);
      clearInterval(sweep);
      server.closeAllConnections();
      await changes.close();
      await connection.close().catch(() => undefined);
      await knex.destroy().catch(() => undefined);
      resolveDone();
    })();
    return stopping;
  };
  for (const sig of opts.signals ?? ['SIGTERM', 'SIGINT']) process.once(sig, () => void stop());
  return { port, baseUrl, done, stop };
}
