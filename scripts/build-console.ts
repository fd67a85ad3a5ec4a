/**
 * Bundles the browser console (modeler/) with esbuild into dist/console/, which the API process serves:
 * app.js (the console, bpmn-js Modeler/Viewer, properties panel, bpmnlint) and app.css (our styles plus the CSS
 * and fonts of bpmn-js, diagram-js, the properties panel and bpmn-js-bpmnlint), fonts under assets/.
 * Skips the work when no input changed since the last bundle.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { repoRoot } from '../config/index.js';

const src = path.join(repoRoot, 'modeler');
const out = path.join(repoRoot, 'dist', 'console');

/** Everything the bundle reads: the console itself and what it imports from shared folders. */
const inputs = [
  src,
  path.join(repoRoot, 'ir'),
  path.join(repoRoot, 'compiler'),
  path.join(repoRoot, 'procedure-models', 'schemas'),
  path.join(repoRoot, 'package-lock.json'),
  path.join(repoRoot, 'scripts', 'build-console.ts'),
];

function newest(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let t = stat.mtimeMs;
  for (const entry of fs.readdirSync(p, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    t = Math.max(t, newest(path.join(p, entry.name)));
  }
  return t;
}

const stampFile = path.join(out, '.stamp');
const sourceTime = String(Math.max(...inputs.map(newest)));
const force = process.argv.includes('--force');
if (!force && fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === sourceTime) process.exit(0);

const started = Date.now();
fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });
let result: esbuild.BuildResult;
try {
  result = await esbuild.build({
    entryPoints: { app: path.join(src, 'src', 'main.ts'), 'app-styles': path.join(src, 'src', 'styles.css') },
    bundle: true,
    format: 'esm',
    target: 'es2022',
    outdir: out,
    assetNames: 'assets/[name]-[hash]',
    minify: true,
    sourcemap: true,
    // bpmnlint's rules are CommonJS and read process.env in a few helpers; the browser has no process.
    define: { 'process.env.NODE_ENV': '"production"' },
    loader: {
      '.bpmn': 'text',
      '.svg': 'file',
      '.woff': 'file',
      '.woff2': 'file',
      '.ttf': 'file',
      '.eot': 'file',
    },
    logLevel: 'warning',
  });
} catch {
  // esbuild has printed the errors (file, line, what) already.
  process.exit(1);
}
if (result.errors.length) process.exit(1);
for (const file of fs.readdirSync(src)) {
  if (/\.(html|css|ico|png|svg)$/.test(file)) fs.copyFileSync(path.join(src, file), path.join(out, file));
}
fs.writeFileSync(stampFile, sourceTime);
console.log(`motcua: console bundled in ${((Date.now() - started) / 1000).toFixed(1)} s`);
