/**
 * `npm test`: the same set-up as `npm start` but into the test profile — its own database (motcua_test), data
 * folder (data/test) and ports — so it never touches the data of a running `npm start`; then mocha over every
 * compiled test, ending with mocha's summary. A test stack already running (`npm run stack -- --profile test`)
 * is reused; otherwise the test state is reset and the servers are started and stopped here.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { ConfigError, loadConfig, repoRoot } from '../config/index.js';
import { createKnex, dropDatabase, ensureDatabase, migrateLatest } from '../db/index.js';
import {
  ensureTool,
  portInUse,
  runningTemporalMode,
  s3Settings,
  startStack,
  StartupError,
  temporalReachable,
  TOOLS,
  type Stack,
} from '../services/index.js';

process.env.MOTCUA_PROFILE = 'test';
const log = (line: string) => console.log(`motcua test: ${line}`);

function pidAlive(file: string): boolean {
  try {
    const pid = Number(fs.readFileSync(file, 'utf8'));
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * A default test port held by something else (another checkout's test servers, say) is swapped for a free one,
 * so `npm test` runs wherever it is started; ports set explicitly in the environment are kept as they are.
 * The chosen ports go into process.env, which mocha and every test inherit.
 */
async function moveOffBusyPorts(): Promise<void> {
  const config = loadConfig();
  const defaults: Array<[string, number]> = [
    ['TEMPORAL_PORT', config.temporal.port],
    ['TEMPORAL_UI_PORT', config.temporal.uiPort],
    ['MINIO_PORT', config.s3.port],
    ['MINIO_CONSOLE_PORT', config.s3.consolePort],
  ];
  for (const [name, port] of defaults) {
    if (process.env[name] || !(await portInUse(port))) continue;
    process.env[name] = String(await freePort());
    log(`port ${port} is busy: ${name}=${process.env[name]} for this run`);
  }
}

async function main(): Promise<number> {
  let config = loadConfig();
  let stack: Stack | undefined;
  // The cluster-mode test runs its own Temporal server on PostgreSQL: built here, beside the other servers and with
  // their progress lines, rather than silently inside a test (minutes on the first run, cached in .tools/ after).
  const clusterTools = Promise.all(
    [TOOLS.temporalServer, TOOLS.temporalSql].map((tool) => ensureTool(config.toolsDir, tool, log)),
  );
  clusterTools.catch(() => undefined); // awaited below; a failure before then must not go unhandled
  const embedded = !config.temporal.externalAddress && !config.s3.externalEndpoint;
  const reuse =
    embedded &&
    pidAlive(path.join(config.dataDir, 'temporal.pid')) &&
    pidAlive(path.join(config.dataDir, 'minio.pid')) &&
    runningTemporalMode(config.dataDir) === config.temporal.mode &&
    (await temporalReachable(config.temporal.address, config.temporal.namespace));
  if (reuse) {
    log(`reusing the running test servers (Temporal ${config.temporal.address}, S3 ${config.s3.endpoint})`);
    await ensureDatabase(config.databaseUrl);
    s3Settings(config);
  } else {
    if (embedded) {
      await moveOffBusyPorts();
      config = loadConfig();
    }
    // A clean slate for every run: test database and embedded servers' state.
    if (!process.env.DATABASE_URL) await dropDatabase(config.databaseUrl).catch(() => undefined);
    if (embedded) {
      if (config.temporal.mode === 'cluster') {
        for (const db of [
          config.temporal.cluster.database,
          `${config.temporal.cluster.database}_visibility`,
        ]) {
          const url = new URL(config.databaseUrl);
          url.pathname = `/${db}`;
          await dropDatabase(url.toString()).catch(() => undefined);
        }
      }
      fs.rmSync(path.join(config.dataDir, 'temporal'), { recursive: true, force: true });
      fs.rmSync(path.join(config.dataDir, 'minio'), { recursive: true, force: true });
    }
    stack = await startStack(config, log);
  }
  await clusterTools;
  const knex = createKnex(config.databaseUrl);
  await migrateLatest(knex);
  await knex.destroy();

  const mocha = path.join(repoRoot, 'node_modules', 'mocha', 'bin', 'mocha.js');
  const specs = process.argv.slice(2).length ? process.argv.slice(2) : ['dist/tests/**/*.test.js'];
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, [mocha, ...specs], {
      cwd: repoRoot,
      stdio: 'inherit',
      env: { ...process.env, MOTCUA_PROFILE: 'test' },
    });
    const forward = (sig: NodeJS.Signals) => child.kill(sig);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('exit', (c, sig) => resolve(c ?? (sig ? 130 : 1)));
  });
  await stack?.stop();
  return code;
}

try {
  process.exitCode = await main();
} catch (err) {
  if (err instanceof StartupError) console.error(`motcua test: ${err.toLine()}`);
  else if (err instanceof ConfigError) console.error(`motcua test: [config] ${err.message} — ${err.fix}`);
  else console.error(`motcua test: ${(err as Error).message ?? String(err)}`);
  process.exitCode = 1;
}
