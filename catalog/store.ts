/**
 * The committed catalog on disk: procedure-models/catalog/<sector-slug>/<code>-<level>/{procedure.json, model}.
 * Writing is deterministic (sorted keys, no timestamps, unchanged files left alone); reading is fast (parallel
 * reads, no per-procedure work beyond JSON.parse) because the API publishes the whole catalog at start-up.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../config/index.js';
import type { ProcedureMetadata, StepListModel } from '../ir/index.js';
import { AGENCY_TREE, type AgencyNode } from './agency-tree.js';
import type { CatalogEntry } from './importer.js';

export const DEFAULT_CATALOG_DIR = path.join(repoRoot, 'procedure-models', 'catalog');
export const DEFAULT_AGENCIES_FILE = path.join(repoRoot, 'procedure-models', 'agencies.json');

/** JSON with keys sorted at every level: the same value always gives the same bytes. */
export function stableJson(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v as Record<string, unknown>).sort()) {
        const x = (v as Record<string, unknown>)[k];
        if (x !== undefined) out[k] = sort(x);
      }
      return out;
    }
    return v;
  };
  return JSON.stringify(sort(value), null, 2) + '\n';
}

async function writeIfChanged(file: string, content: string): Promise<boolean> {
  try {
    if ((await fs.readFile(file, 'utf8')) === content) return false;
  } catch {
    // missing: write it
  }
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, content);
  return true;
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}

/** Folders (relative to root) that hold a procedure.json, two levels down. */
async function entryDirs(root: string): Promise<string[]> {
  const out: string[] = [];
  let sectors: string[];
  try {
    sectors = (await fs.readdir(root, { withFileTypes: true }))
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
  } catch {
    return out;
  }
  await Promise.all(
    sectors.map(async (sector) => {
      const items = await fs.readdir(path.join(root, sector), { withFileTypes: true });
      for (const d of items) if (d.isDirectory()) out.push(`${sector}/${d.name}`);
    }),
  );
  return out.sort();
}

export interface WriteResult {
  written: number;
  unchanged: number;
  removed: number;
}

/**
 * Writes the entries under `root`. Entries of the given source kinds (the part of provenance.source before ':',
 * e.g. 'national-tthc') that this import did not produce are removed, so re-running an import leaves exactly
 * its output; entries of other sources are kept.
 */
export async function writeCatalog(
  root: string,
  entries: CatalogEntry[],
  replaceSources: readonly string[],
): Promise<WriteResult> {
  const res: WriteResult = { written: 0, unchanged: 0, removed: 0 };
  const produced = new Set(entries.map((e) => e.dir));
  // Small batches: many concurrent writes gain nothing on two cores and can exhaust file handles.
  const batch = 64;
  for (let i = 0; i < entries.length; i += batch) {
    await Promise.all(
      entries.slice(i, i + batch).map(async (e) => {
        const dir = path.join(root, e.dir);
        const modelFile = e.metadata.model;
        const a = await writeIfChanged(path.join(dir, 'procedure.json'), stableJson(e.metadata));
        const b = await writeIfChanged(
          path.join(dir, modelFile),
          e.model.kind === 'steps' ? stableJson(e.model.steps) : e.model.xml,
        );
        // A model that changed kind leaves its old file behind: remove it.
        for (const other of ['steps.json', 'process.bpmn']) {
          if (other !== modelFile && (await exists(path.join(dir, other))))
            await fs.rm(path.join(dir, other));
        }
        if (a || b) res.written++;
        else res.unchanged++;
      }),
    );
  }
  for (const rel of await entryDirs(root)) {
    if (produced.has(rel)) continue;
    let source: string;
    try {
      const m = JSON.parse(
        await fs.readFile(path.join(root, rel, 'procedure.json'), 'utf8'),
      ) as ProcedureMetadata;
      source = (m.provenance?.source ?? '').split(':')[0] ?? '';
    } catch {
      continue;
    }
    if (replaceSources.includes(source)) {
      await fs.rm(path.join(root, rel), { recursive: true, force: true });
      res.removed++;
    }
  }
  // Sector folders left empty.
  try {
    for (const d of await fs.readdir(root, { withFileTypes: true })) {
      if (d.isDirectory() && (await fs.readdir(path.join(root, d.name))).length === 0)
        await fs.rmdir(path.join(root, d.name));
    }
  } catch {
    // root missing: nothing to tidy
  }
  return res;
}

export async function writeAgencies(
  file: string = DEFAULT_AGENCIES_FILE,
  tree: readonly AgencyNode[] = AGENCY_TREE,
): Promise<boolean> {
  // The tree order (parents first) is meaningful, so keys are sorted but the list is kept in order.
  return writeIfChanged(file, stableJson(tree));
}

export async function loadAgencies(file: string = DEFAULT_AGENCIES_FILE): Promise<AgencyNode[]> {
  return JSON.parse(await fs.readFile(file, 'utf8')) as AgencyNode[];
}

export interface LoadedProcedure {
  /** Absolute folder of the entry. */
  dir: string;
  metadata: ProcedureMetadata;
  model: { kind: 'bpmn'; xml: string } | { kind: 'steps'; steps: StepListModel };
}

/**
 * Reads the committed catalog (default procedure-models/catalog): every folder with a procedure.json, in folder
 * order. A folder whose files are unreadable is an error naming the folder; the catalog is the project's own data.
 */
export async function loadCatalog(root: string = DEFAULT_CATALOG_DIR): Promise<LoadedProcedure[]> {
  const dirs = await entryDirs(root);
  const out: LoadedProcedure[] = new Array(dirs.length);
  const batch = 128;
  for (let i = 0; i < dirs.length; i += batch) {
    await Promise.all(
      dirs.slice(i, i + batch).map(async (rel, k) => {
        const dir = path.join(root, rel);
        let metadata: ProcedureMetadata;
        try {
          metadata = JSON.parse(
            await fs.readFile(path.join(dir, 'procedure.json'), 'utf8'),
          ) as ProcedureMetadata;
        } catch (e) {
          throw new Error(
            `Danh mục: không đọc được ${rel}/procedure.json / catalog: cannot read ${rel}/procedure.json: ${(e as Error).message}`,
            {
              cause: e,
            },
          );
        }
        const file = path.join(dir, metadata.model);
        let text: string;
        try {
          text = await fs.readFile(file, 'utf8');
        } catch (e) {
          throw new Error(
            `Danh mục: thiếu mô hình ${rel}/${metadata.model} / catalog: model ${rel}/${metadata.model} missing: ${(e as Error).message}`,
            {
              cause: e,
            },
          );
        }
        const model: LoadedProcedure['model'] = metadata.model.endsWith('.bpmn')
          ? { kind: 'bpmn', xml: text }
          : { kind: 'steps', steps: JSON.parse(text) as StepListModel };
        out[i + k] = { dir, metadata, model };
      }),
    );
  }
  return out.filter((x) => x !== undefined && x.metadata !== undefined);
}
