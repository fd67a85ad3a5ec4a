/**
 * `npm test`: the same set-up as `npm start` but into the test profile — its own database (motcua_test), data
 * folder (data/test) and ports — so it never touches the data of a running `npm start`; then mocha over every
 * compiled test, ending with mocha's summary. A test stack already running (`npm run stack -- --profile test`)
 * is reused; otherwise the test state is reset and the servers are started and stopped here.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig, repoRoot } from '../config/index.js';
import { createKnex, dropDatabase, ensureDatabase, migrateLatest } from '../db/index.js';
import { s3Settings, startStack, StartupError, temporalReachable, type Stack } from '../services/index.js';

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

async function main(): Promise<number> {
  const config = loadConfig();
  let stack: Stack | undefined;
  const embedded = !config.temporal.externalAddress && !config.s3.externalEndpoint;
  const reuse =
    embedded &&
    pidAlive(path.join(config.dataDir, 'temporal.pid')) &&
    pidAlive(path.join(config.dataDir, 'minio.pid')) &&
    (await temporalReachable(config.temporal.address, config.temporal.namespace));
  if (reuse) {
    log(`reusing the running test servers (Temporal ${config.temporal.address}, S3 ${config.s3.endpoint})`);
    await ensureDatabase(config.databaseUrl);
    s3Settings(config);
  } else {
    // A clean slate for every run: test database and embedded servers' state.
    if (!process.env.DATABASE_URL) await dropDatabase(config.databaseUrl).catch(() => undefined);
    if (embedded) {
      fs.rmSync(path.join(config.dataDir, 'temporal'), { recursive: true, force: true });
      fs.rmSync(path.join(config.dataDir, 'minio'), { recursive: true, force: true });
    }
    stack = await startStack(config, log);
  }
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
