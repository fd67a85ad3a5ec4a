/**
 * `npm run bench:<name>`: sets up the test-profile servers like `npm test` (reusing a running test stack), then
 * runs dist/bench/<name>.js, which prints its figures and ends with one JSON line.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig, repoRoot } from '../config/index.js';
import { createKnex, ensureDatabase, migrateLatest } from '../db/index.js';
import { startStack, StartupError, temporalReachable, type Stack } from '../services/index.js';

process.env.MOTCUA_PROFILE = 'test';
const name = process.argv[2];
const script = name ? path.join(repoRoot, 'dist', 'bench', `${name}.js`) : '';
if (!name || !fs.existsSync(script)) {
  const known = fs.existsSync(path.join(repoRoot, 'dist', 'bench'))
    ? fs
        .readdirSync(path.join(repoRoot, 'dist', 'bench'))
        .filter((f) => f.endsWith('.js'))
        .map((f) => f.slice(0, -3))
    : [];
  console.error(`motcua bench: không có bench "${name ?? ''}" / no such bench (${known.join(', ')})`);
  process.exit(2);
}

const config = loadConfig();
let stack: Stack | undefined;
try {
  // Benches that need no servers skip them (dashboard brings its own database; faults and open-cases run their own
  // servers on other ports and must never touch the shared test stack).
  if (!['compile', 'dashboard', 'faults', 'open-cases'].includes(name)) {
    if (!(await temporalReachable(config.temporal.address, config.temporal.namespace))) {
      stack = await startStack(config, (l) => console.log(`motcua bench: ${l}`));
    }
    await ensureDatabase(config.databaseUrl);
    const knex = createKnex(config.databaseUrl);
    await migrateLatest(knex);
    await knex.destroy();
  }
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, [script, ...process.argv.slice(3)], {
      cwd: repoRoot,
      stdio: 'inherit',
    });
    child.on('exit', (c) => resolve(c ?? 1));
  });
  await stack?.stop();
  process.exitCode = code;
} catch (err) {
  await stack?.stop();
  console.error(`motcua bench: ${err instanceof StartupError ? err.toLine() : (err as Error).message}`);
  process.exitCode = 1;
}
