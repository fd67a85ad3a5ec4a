#!/usr/bin/env node
// Entry point of `npm start`, `npm test`, `npm run stack` and the benches. Plain Node with no dependencies,
// because it runs before anything is installed: installs what is missing, builds, then hands over to the
// compiled command in dist/scripts/.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { pruneStaleOutputs } from './prune-dist.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [command = 'start', ...args] = process.argv.slice(2);
const commands = {
  start: 'start.js',
  test: 'test.js',
  stack: 'stack.js',
  bench: 'bench.js',
  api: 'api.js',
  worker: 'worker.js',
};

function fail(line) {
  console.error(`motcua: ${line}`);
  process.exit(1);
}

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  fail(
    `cần Node.js ≥ 20.19, đang chạy ${process.versions.node} / Node.js ≥ 20.19 is required, this is ${process.versions.node}`,
  );
}
if (!(command in commands))
  fail(`lệnh không rõ / unknown command: ${command} (${Object.keys(commands).join(', ')})`);

function run(cmd, argv, what) {
  const started = Date.now();
  const r = spawnSync(cmd, argv, { cwd: root, stdio: 'inherit', env: process.env });
  if (r.error) fail(`${what}: ${r.error.message}`);
  if (r.status !== 0) fail(`${what} thất bại / failed (exit ${r.status})`);
  return Date.now() - started;
}

// 1. Dependencies: (re)install when node_modules is missing or the lock file changed since the last install.
const lock = path.join(root, 'package-lock.json');
const stamp = path.join(root, 'node_modules', '.motcua-lock-sha256');
const lockHash = crypto.createHash('sha256').update(fs.readFileSync(lock)).digest('hex');
if (!fs.existsSync(stamp) || fs.readFileSync(stamp, 'utf8') !== lockHash) {
  console.log('motcua: installing npm dependencies (npm ci)...');
  const ms = run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], 'npm ci');
  fs.writeFileSync(stamp, lockHash);
  console.log(`motcua: dependencies installed in ${(ms / 1000).toFixed(1)} s`);
}

// 1b. The browser for the UI tests: Debian's chromium, driven by playwright-core (no browser download of its own).
if (command === 'test' && !process.env.CHROMIUM_PATH && !fs.existsSync('/usr/bin/chromium')) {
  if (process.getuid?.() === 0 && fs.existsSync('/usr/bin/apt-get')) {
    console.log('motcua: installing Debian chromium for the browser tests (apt-get)...');
    run('apt-get', ['update', '-qq'], 'apt-get update');
    run(
      'apt-get',
      ['install', '-y', '-qq', '--no-install-recommends', 'chromium'],
      'apt-get install chromium',
    );
  } else {
    fail(
      'các kiểm thử giao diện cần chromium: chạy `sudo apt-get install chromium` hoặc đặt CHROMIUM_PATH / ' +
        'the browser tests need chromium: run `sudo apt-get install chromium` or set CHROMIUM_PATH',
    );
  }
}

// 2. Build: TypeScript (incremental) and the browser console bundle.
console.log('motcua: building (tsc)...');
const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
let ms = run(process.execPath, [tsc, '-p', 'tsconfig.json'], 'tsc');
ms += run(process.execPath, [tsc, '-p', 'modeler/tsconfig.json'], 'tsc (console)');
console.log(`motcua: built in ${(ms / 1000).toFixed(1)} s`);
const stale = pruneStaleOutputs(root);
if (stale.length > 0) console.log(`motcua: removed ${stale.length} stale compiled file(s) from dist/`);
run(process.execPath, [path.join(root, 'dist/scripts/build-console.js')], 'console build');

// 3. Hand over (same process, so signals reach the command directly).
process.argv = [process.argv[0], path.join(root, 'dist/scripts', commands[command]), ...args];
await import(pathToFileURL(path.join(root, 'dist/scripts', commands[command])).href);
