/**
 * `npm start`: servers (embedded or external), database migrations, the agency tree, calendars and procedures,
 * then the worker, the API and the console in one process on one port. Ctrl-C stops everything it started;
 * the next start reuses the data folder and the database.
 */
import http from 'node:http';
import path from 'node:path';
import express from 'express';
import helmet from 'helmet';
import { Client } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { pino } from 'pino';
import { loadConfig, repoRoot, ConfigError } from '../config/index.js';
import { createKnex, migrateLatest } from '../db/index.js';
import { startStack, StartupError, type Stack } from '../services/index.js';
import { createApp } from '../api/index.js';
import { createWorker, ensureSupervisionSchedules } from '../worker/index.js';
import { createHealthCheck } from './lib/health.js';
import { seedDatabase } from './lib/seed.js';
import { seedAdmin } from '../store/index.js';

const log = (line: string) => console.log(`motcua: ${line}`);

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    console.error(err instanceof ConfigError ? `motcua: [config] ${err.message} — ${err.fix}` : String(err));
    process.exit(1);
  }
  const logger = pino({ level: config.logLevel });
  let stack: Stack | undefined;
  let worker: Worker | undefined;
  let server: http.Server | undefined;
  let stopping = false;
  const cleanups: Array<() => Promise<unknown>> = [];

  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log('stopping...');
    if (server) await new Promise((r) => server!.close(r));
    if (worker && worker.getState() === 'RUNNING') worker.shutdown();
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
    await stack?.stop();
    log('stopped');
    process.exit(code);
  };
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));

  try {
    stack = await startStack(config, log);
    const knex = createKnex(config.databaseUrl);
    cleanups.push(() => knex.destroy());
    const applied = await migrateLatest(knex);
    log(`postgres: ${applied.length ? `applied ${applied.length} migration(s)` : 'schema up to date'}`);
    await seedDatabase({ knex, progress: log });
    if (process.env.ADMIN_USERNAME && process.env.ADMIN_PASSWORD) {
      await seedAdmin({ knex, username: process.env.ADMIN_USERNAME, password: process.env.ADMIN_PASSWORD });
    }

    // The API's client rides on the Rust core like the worker (its own connection, so API calls never wait behind the
    // worker's long polls): a workflow start costs this process about half the CPU of the pure-JS gRPC client.
    const connection = await NativeConnection.connect({ address: stack.temporalAddress });
    cleanups.push(() => connection.close());
    const client = new Client({ connection, namespace: config.temporal.namespace });
    const workerConnection = await NativeConnection.connect({ address: stack.temporalAddress });
    cleanups.push(() => workerConnection.close());
    worker = await createWorker({ config, connection: workerConnection, knex });
    const running = worker.run();
    running.catch((err: unknown) => {
      logger.error({ err }, 'worker stopped');
    });
    cleanups.push(() => running);
    // Periodic supervision (stuck scan, daily and monthly report snapshots) runs as Temporal schedules.
    await ensureSupervisionSchedules({ client, taskQueue: config.temporal.taskQueue });

    const health = createHealthCheck({
      connection,
      namespace: config.temporal.namespace,
      knex,
      s3: stack.s3,
      worker: () => worker,
    });
    const api = createApp({ config, knex, temporal: client, s3: stack.s3, health, logger });
    const app = express();
    app.use(api);
    // The console (built by scripts/build-console) is served beside the API on the same port.
    app.use(helmet(), express.static(path.join(repoRoot, 'dist', 'console'), { index: 'index.html' }));
    server = http.createServer(app);
    await new Promise<void>((resolve, reject) => {
      server!.once('error', (err: NodeJS.ErrnoException) =>
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
      server!.listen(config.port, config.host, () => resolve());
    });
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const base = `http://${config.host}:${port}`;
    log('ready / sẵn sàng:');
    log(`  console     ${base}/`);
    log(`  API         ${base}/api (OpenAPI: ${base}/api/openapi.json)`);
    log(`  health      ${base}/healthz`);
    if (!config.temporal.externalAddress) log(`  Temporal UI http://127.0.0.1:${config.temporal.uiPort}`);
    if (!config.s3.externalEndpoint) log(`  MinIO       http://127.0.0.1:${config.s3.consolePort} (console)`);
    log('Ctrl-C to stop / Ctrl-C để dừng');
  } catch (err) {
    if (err instanceof StartupError) console.error(`motcua: ${err.toLine()}`);
    else if (err instanceof ConfigError) console.error(`motcua: [config] ${err.message} — ${err.fix}`);
    else console.error(`motcua: ${(err as Error).message ?? String(err)}`);
    await shutdown(1);
  }
}

await main();
