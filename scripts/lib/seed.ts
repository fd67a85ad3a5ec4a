/**
 * What `npm start` loads into a fresh (or existing) database: the agency tree, the working calendars and every
 * procedure under procedure-models/ (samples and the imported catalog), compiled and published in bulk.
 * Idempotent: an unchanged procedure (same IR hash) is not published again.
 */
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../config/index.js';
import type { Knex } from '../../db/index.js';
import { compileFolder, defaultRegistry, findProcedureFolders } from '../../compiler/index.js';
import { publishProcedures, upsertAgencies } from '../../store/index.js';
import { seedCalendars } from '../../calendar/index.js';
import { installedPlugins } from '../../plugins/index.js';
import { TASK_ROLES, type ProcedureMetadata } from '../../ir/index.js';

export interface AgencyEntry {
  code: string;
  parentCode?: string | null;
  level: string;
  nameVi: string;
  nameEn?: string;
  unitCode: string;
}

export function readAgencies(): AgencyEntry[] {
  const file = path.join(repoRoot, 'procedure-models', 'agencies.json');
  return JSON.parse(fs.readFileSync(file, 'utf8')) as AgencyEntry[];
}

export async function seedDatabase(opts: {
  knex: Knex;
  progress: (line: string) => void;
  root?: string;
}): Promise<{ agencies: number; published: number; unchanged: number; failed: number }> {
  const { knex, progress } = opts;
  const agencies = readAgencies();
  await upsertAgencies({ knex, agencies });
  const year = new Date().getUTCFullYear();
  await seedCalendars({ knex, years: [year - 1, year, year + 1, year + 2] });

  const root = opts.root ?? path.join(repoRoot, 'procedure-models');
  const folders = await findProcedureFolders(root);
  const codes = new Set<string>();
  for (const dir of folders) {
    try {
      const meta = JSON.parse(fs.readFileSync(path.join(dir, 'procedure.json'), 'utf8')) as ProcedureMetadata;
      codes.add(meta.code);
    } catch {
      /* reported by the compiler below */
    }
  }
  const registry = defaultRegistry({
    roles: new Set<string>(TASK_ROLES),
    agencies: new Set(agencies.map((a) => a.code)),
    plugins: new Map(
      installedPlugins.map((p) => [p.type, { inputSchema: p.inputSchema, outputSchema: p.outputSchema }]),
    ),
    procedures: codes,
  });
  const entries = [];
  let failed = 0;
  let done = 0;
  const started = Date.now();
  for (const dir of folders) {
    const result = await compileFolder(dir, registry);
    done++;
    if (done % 500 === 0) progress(`  compiled ${done}/${folders.length} procedures...`);
    if (!result.ok || !result.compiled) {
      failed++;
      const first = result.diagnostics.find((d) => d.severity === 'error');
      progress(
        `  skipped ${path.relative(repoRoot, dir)}: ${first ? `${first.code} ${first.messageEn}` : 'not compiled'}`,
      );
      continue;
    }
    const metadata = JSON.parse(
      fs.readFileSync(path.join(dir, 'procedure.json'), 'utf8'),
    ) as ProcedureMetadata;
    const modelFile = path.join(dir, metadata.model);
    entries.push({
      metadata,
      modelKind: (metadata.model.endsWith('.bpmn') ? 'bpmn' : 'steps') as 'bpmn' | 'steps',
      modelSource: fs.readFileSync(modelFile, 'utf8'),
      compiled: result.compiled,
      changeNote: 'Nạp từ procedure-models/ khi khởi động / loaded from procedure-models/ at start-up',
    });
  }
  const { published, unchanged } = await publishProcedures({ knex, entries, actor: 'system' });
  progress(
    `procedures: ${folders.length} found, ${published} published, ${unchanged} unchanged, ${failed} not compiled ` +
      `(${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
  return { agencies: agencies.length, published, unchanged, failed };
}
