/**
 * Bundles the browser console (modeler/) with esbuild into dist/console/, which the API process serves.
 * Skips the work when no source changed since the last bundle.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { repoRoot } from '../config/index.js';

const src = path.join(repoRoot, 'modeler');
const out = path.join(repoRoot, 'dist', 'console');

function newest(dir: string): number {
  let t = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const p = path.join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

const stampFile = path.join(out, '.stamp');
const sourceTime = String(Math.max(newest(src), fs.statSync(path.join(repoRoot, 'package-lock.json')).mtimeMs));
if (fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === sourceTime) process.exit(0);

const started = Date.now();
fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });
const result = await esbuild.build({
  entryPoints: [path.join(src, 'src', 'main.ts')],
  bundle: true,
  format: 'esm',
  target: 'es2022',
  outdir: out,
  entryNames: 'app',
  minify: true,
  sourcemap: true,
  loader: { '.bpmn': 'text', '.svg': 'dataurl', '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.eot': 'file' },
  logLevel: 'warning',
});
if (result.errors.length) process.exit(1);
for (const file of fs.readdirSync(src)) {
  if (/\.(html|css|ico|png|svg)$/.test(file)) fs.copyFileSync(path.join(src, file), path.join(out, file));
}
fs.writeFileSync(stampFile, sourceTime);
console.log(`motcua: console bundled in ${((Date.now() - started) / 1000).toFixed(1)} s`);
