/**
 * bench/compile — compile and validate every procedure folder under procedure-models/ (samples + catalog), as the
 * API does when it publishes the catalog (DESIGN.md §5: ≥ 1,848 procedures in < 3 s on 2 cores).
 *
 * The folders are split between worker threads (one per core, BENCH_WORKERS to override; 0 = compile in this
 * thread). Time is wall-clock from the start of the run to the last result, worker start-up included. The last
 * line is one JSON object: { procedures, errors, seconds, perSecond, workers, bpmn, steps, ... }.
 * Env: BENCH_ROOT (default procedure-models/), BENCH_WORKERS.
 */
import os from 'node:os';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import {
  compileModel,
  compileProcedure,
  findProcedureFolders,
  loadProcedureFolder,
  loadRegistry,
  type CompilerRegistry,
} from '../compiler/index.js';
import { repoRoot } from '../config/index.js';

interface Job {
  folders: string[];
  codes: string[];
}
interface Outcome {
  procedures: number;
  errors: number;
  warnings: number;
  bpmn: number;
  steps: number;
  failed: Array<{ file: string; code: string; message: string }>;
}

async function compileAll(job: Job, registry: CompilerRegistry): Promise<Outcome> {
  const out: Outcome = { procedures: 0, errors: 0, warnings: 0, bpmn: 0, steps: 0, failed: [] };
  // A few compiles in flight so file reads overlap compiling.
  let next = 0;
  const run = async (): Promise<void> => {
    while (next < job.folders.length) {
      const folder = job.folders[next++] as string;
      const loaded = await loadProcedureFolder(folder);
      const r =
        'diagnostics' in loaded
          ? { ok: false, diagnostics: loaded.diagnostics }
          : await compileProcedure({ metadata: loaded.metadata, model: loaded.model, registry });
      out.procedures++;
      if (!r.ok) {
        out.errors++;
        const d = r.diagnostics.find((x) => x.severity === 'error');
        if (d && out.failed.length < 10)
          out.failed.push({ file: path.relative(repoRoot, folder), code: d.code, message: d.messageEn });
      }
      out.warnings += r.diagnostics.filter((d) => d.severity === 'warning').length;
      if (!('diagnostics' in loaded)) out[loaded.model.kind]++;
    }
  };
  await Promise.all(Array.from({ length: 4 }, run));
  return out;
}

/** Codes of all procedures compiled, so procedures of the catalog may call each other. */
async function readCodes(folders: string[]): Promise<string[]> {
  const codes: string[] = [];
  await Promise.all(
    folders.map(async (f) => {
      try {
        const code = (
          JSON.parse(await readFile(path.join(f, 'procedure.json'), 'utf8')) as { code?: unknown }
        ).code;
        if (typeof code === 'string') codes.push(code);
      } catch {
        // reported by the compile itself
      }
    }),
  );
  return codes;
}

/** Load and initialise the compiler (schemas, BPMN reader) while the main thread is still listing folders. */
async function warmUp(): Promise<void> {
  await compileModel({ model: { kind: 'steps', steps: {} } });
  await compileModel({ model: { kind: 'bpmn', xml: WARM_UP_BPMN } });
}
const WARM_UP_BPMN =
  '<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d"><process id="p"><startEvent id="s"/></process></definitions>';

async function workerMain(): Promise<void> {
  const warm = warmUp();
  parentPort?.once('message', (job: Job) => {
    void (async () => {
      await warm;
      const registry = await loadRegistry({ procedures: job.codes });
      parentPort?.postMessage(await compileAll(job, registry));
    })();
  });
}

async function main(): Promise<void> {
  const root = path.resolve(process.env.BENCH_ROOT ?? path.join(repoRoot, 'procedure-models'));
  const requested = process.env.BENCH_WORKERS;
  const workers =
    requested !== undefined ? Math.max(0, Number(requested) | 0) : Math.min(os.availableParallelism(), 8);
  const started = performance.now();
  // Workers start loading the compiler at once; they get their folders when the listing is done.
  const pool = Array.from(
    { length: workers },
    () => new Worker(new URL(import.meta.url), { workerData: null }),
  );
  const folders = await findProcedureFolders(root);
  const codes = await readCodes(folders);
  const found = performance.now();

  let results: Outcome[];
  if (workers === 0) {
    results = [await compileAll({ folders, codes }, await loadRegistry({ procedures: codes }))];
  } else {
    // Interleaved slices keep the mix of BPMN and step lists even between workers.
    const slices = Array.from({ length: workers }, (_, w) => folders.filter((_, i) => i % workers === w));
    results = await Promise.all(
      slices.map(
        (slice, i) =>
          new Promise<Outcome>((resolve, reject) => {
            const w = pool[i] as Worker;
            w.once('message', (m: Outcome) => {
              resolve(m);
              void w.terminate();
            });
            w.once('error', reject);
            w.once('exit', (code) =>
              code !== 0 ? reject(new Error(`worker exited with ${code}`)) : undefined,
            );
            w.postMessage({ folders: slice, codes } satisfies Job);
          }),
      ),
    );
  }
  const seconds = (performance.now() - started) / 1000;
  const total: Outcome = { procedures: 0, errors: 0, warnings: 0, bpmn: 0, steps: 0, failed: [] };
  for (const r of results) {
    total.procedures += r.procedures;
    total.errors += r.errors;
    total.warnings += r.warnings;
    total.bpmn += r.bpmn;
    total.steps += r.steps;
    total.failed.push(...r.failed);
  }
  const perSecond = total.procedures / seconds;
  console.log(
    `bench/compile: ${path.relative(repoRoot, root) || '.'}: ${total.procedures} procedures (${total.bpmn} BPMN, ${total.steps} step lists)`,
  );
  console.log(`  workers          ${workers === 0 ? 'none (main thread)' : workers}`);
  console.log(`  finding folders  ${(found - started).toFixed(0)} ms`);
  console.log(`  total            ${seconds.toFixed(2)} s (target < 3 s for ≥ 1,848 procedures)`);
  console.log(`  throughput       ${perSecond.toFixed(0)} procedures/s`);
  console.log(`  with errors      ${total.errors}; warnings ${total.warnings}`);
  for (const f of total.failed) console.log(`    ${f.file}: ${f.code} ${f.message}`);
  console.log(
    JSON.stringify({
      procedures: total.procedures,
      errors: total.errors,
      seconds: Number(seconds.toFixed(3)),
      perSecond: Number(perSecond.toFixed(1)),
      workers,
      bpmn: total.bpmn,
      steps: total.steps,
      warnings: total.warnings,
      target: { procedures: 1848, seconds: 3 },
    }),
  );
}

if (isMainThread) {
  main().catch((e: unknown) => {
    console.error(`bench/compile: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  });
} else {
  workerMain().catch((e: unknown) => {
    console.error(`bench/compile worker: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  });
}
