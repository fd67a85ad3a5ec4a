/**
 * `npm start`: servers (embedded or external), database migrations, the agency tree, calendars and procedures,
 * the supervision schedules; then one API process (API + console on one port) and MOTCUA_WORKERS worker processes
 * as children, with one log stream. Ctrl-C (or SIGTERM) drains them all, then stops the servers it started; the
 * next start reuses the data folder and the database.
 */
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { loadConfig, repoRoot, ConfigError } from '../config/index.js';
import { createKnex, migrateLatest } from '../db/index.js';
import { startStack, StartupError, temporalConnectOptions, type Stack } from '../services/index.js';
import { seedAdmin } from '../store/index.js';
import { ensureSupervisionSchedules } from '../worker/index.js';
import { createSupervisor } from './lib/children.js';
import { seedDatabase } from './lib/seed.js';

const log = (line: string) => console.log(`motcua: ${line}`);

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    console.error(err instanceof ConfigError ? `motcua: [config] ${err.message} — ${err.fix}` : String(err));
    process.exit(1);
  }
  let stack: Stack | undefined;
  const children = createSupervisor({ out: (l) => console.log(l), err: (l) => console.error(l) });
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log('stopping (API and workers drain first)...');
    await children.stopAll();
    await stack?.stop();
    log('stopped');
    process.exit(code);
  };
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));

  try {
    stack = await startStack(config, log);
    const knex = createKnex(config.databaseUrl);
    try {
      const applied = await migrateLatest(knex);
      log(`postgres: ${applied.length ? `applied ${applied.length} migration(s)` : 'schema up to date'}`);
      await seedDatabase({ knex, progress: log });
      if (process.env.ADMIN_USERNAME && process.env.ADMIN_PASSWORD) {
        await seedAdmin({ knex, username: process.env.ADMIN_USERNAME, password: process.env.ADMIN_PASSWORD });
      }
    } finally {
      await knex.destroy();
    }
    // Periodic supervision (stuck scan, daily and monthly report snapshots) runs as Temporal schedules.
    const connection = await Connection.connect(temporalConnectOptions(config.temporal));
    try {
      const client = new Client({ connection, namespace: config.temporal.namespace });
      await ensureSupervisionSchedules({ client, taskQueue: config.temporal.taskQueue });
    } finally {
      await connection.close();
    }

    const script = (name: string) => path.join(repoRoot, 'dist', 'scripts', `${name}.js`);
    const workers = Array.from({ length: config.workers }, (_, i) =>
      children.spawn({ name: config.workers === 1 ? 'worker' : `worker-${i + 1}`, script: script('worker') }),
    );
    const api = children.spawn({ name: 'api', script: script('api') });
    const [[, base]] = await Promise.all([
      api.waitForLine(/api listening on (\S+)/),
      ...workers.map((w) => w.waitForLine(/ running: task queue /)),
    ]);
    log('ready / sẵn sàng:');
    log(`  console     ${base}/`);
    log(`  API         ${base}/api (OpenAPI: ${base}/api/openapi.json)`);
    log(`  health      ${base}/healthz`);
    log(`  processes   1 API, ${config.workers} worker(s) (MOTCUA_WORKERS)`);
    if (config.temporal.mode === 'dev') log(`  Temporal UI http://127.0.0.1:${config.temporal.uiPort}`);
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
