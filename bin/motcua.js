#!/usr/bin/env node
// `npx motcua <command>`: the project's command line (compile, catalog import, ...). Runs the compiled CLI.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist', 'cli', 'index.js');
if (!fs.existsSync(cli)) {
  console.error('motcua: chưa build — chạy `npm run build` / not built yet — run `npm run build`');
  process.exit(2);
}
try {
  const { main } = await import(pathToFileURL(cli).href);
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  console.error(`motcua: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
