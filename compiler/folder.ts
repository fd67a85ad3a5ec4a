/**
 * Procedure folders on disk: `procedure.json` plus the model file it names (process.bpmn or steps.json).
 */
import { open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { CompilerRegistry } from './checks.js';
import { compileParts, NO_METADATA, type CompileResult, type ModelSource } from './compile.js';
import { diag, pointer, type Diagnostic } from './diagnostics.js';
import { resolveLimits, type Limits } from './limits.js';

export const PROCEDURE_FILE = 'procedure.json';
/** procedure.json is small; anything far bigger is not one. */
const MAX_METADATA_BYTES = 1024 * 1024;

type ReadResult = { text: string } | { diagnostic: Diagnostic };

const CHUNK = 64 * 1024;

/**
 * Read a text file with a size cap enforced while reading (a huge or endless file is never read whole), decoding
 * UTF-8 (with or without BOM) or UTF-16. Open + read + close for small files: the catalog has thousands.
 */
export async function readTextFile(file: string, maxBytes: number): Promise<ReadResult> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { diagnostic: diag('MC012', { file: path.basename(file) }) };
    if (code === 'EISDIR')
      return {
        diagnostic: diag('MC011', { detail: 'là thư mục, không phải tệp', detailEn: 'a folder, not a file' }),
      };
    return { diagnostic: diag('MC011', { detail: (e as Error).message }) };
  }
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(CHUNK);
      const { bytesRead } = await handle.read(buf, 0, CHUNK, null);
      if (bytesRead === 0) break;
      chunks.push(bytesRead === CHUNK ? buf : buf.subarray(0, bytesRead));
      total += bytesRead;
      if (total > maxBytes) {
        const size = (await handle.stat()).size;
        return { diagnostic: diag('MC001', { size: Math.max(size, total), limit: maxBytes }) };
      }
      if (bytesRead < CHUNK) break; // a short read of a regular file is its end
    }
    return decode(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EISDIR')
      return {
        diagnostic: diag('MC011', { detail: 'là thư mục, không phải tệp', detailEn: 'a folder, not a file' }),
      };
    return { diagnostic: diag('MC011', { detail: (e as Error).message }) };
  } finally {
    await handle.close();
  }
}

function decode(buf: Buffer): ReadResult {
  try {
    if (buf[0] === 0xff && buf[1] === 0xfe)
      return { text: new TextDecoder('utf-16le', { fatal: true }).decode(buf.subarray(2)) };
    if (buf[0] === 0xfe && buf[1] === 0xff)
      return { text: new TextDecoder('utf-16be', { fatal: true }).decode(buf.subarray(2)) };
    const text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
    if (text.includes('\u0000')) {
      return {
        diagnostic: diag('MC011', {
          detail: 'tệp nhị phân (có byte 0)',
          detailEn: 'binary file (contains NUL bytes)',
        }),
      };
    }
    return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
  } catch {
    return {
      diagnostic: diag('MC011', {
        detail: 'không phải văn bản UTF-8 hoặc UTF-16',
        detailEn: 'not UTF-8 or UTF-16 text',
      }),
    };
  }
}

function parseJson(text: string): { value: unknown } | { diagnostic: Diagnostic } {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (e) {
    return { diagnostic: diag('MC014', { detail: (e as Error).message }) };
  }
}

function withFile(d: Diagnostic, file: string): Diagnostic {
  return { ...d, file };
}

export type LoadedFolder =
  { metadata: unknown; model: ModelSource; modelFile: string } | { diagnostics: Diagnostic[] };

/** Read a procedure folder. Diagnostics name the file they are about. */
export async function loadProcedureFolder(dir: string, limits?: Partial<Limits>): Promise<LoadedFolder> {
  const lim = resolveLimits(limits);
  const metaFile = path.join(dir, PROCEDURE_FILE);
  const read = await readTextFile(metaFile, MAX_METADATA_BYTES);
  if ('diagnostic' in read) {
    const d = read.diagnostic.code === 'MC012' ? diag('MC015') : read.diagnostic;
    return { diagnostics: [withFile(d, metaFile)] };
  }
  const parsed = parseJson(read.text);
  if ('diagnostic' in parsed) return { diagnostics: [withFile(parsed.diagnostic, metaFile)] };
  const metadata = parsed.value;
  const modelName = (metadata as { model?: unknown } | null)?.model;
  if (typeof modelName !== 'string' || modelName.trim() === '') {
    const d = diag(
      'MC101',
      {
        at: '/model',
        detail: 'thiếu tên tệp mô hình (process.bpmn hoặc steps.json)',
        detailEn: 'the model file name (process.bpmn or steps.json) is missing',
      },
      { path: pointer('model') },
    );
    return { diagnostics: [withFile(d, metaFile)] };
  }
  if (
    modelName !== path.basename(modelName) ||
    modelName.includes('\\') ||
    modelName === '..' ||
    modelName === '.'
  ) {
    return {
      diagnostics: [withFile(diag('MC016', { file: modelName }, { path: pointer('model') }), metaFile)],
    };
  }
  const modelFile = path.join(dir, modelName);
  const ext = path.extname(modelName).toLowerCase();
  if (ext !== '.bpmn' && ext !== '.xml' && ext !== '.json') {
    return {
      diagnostics: [withFile(diag('MC013', { file: modelName }, { path: pointer('model') }), metaFile)],
    };
  }
  const text = await readTextFile(modelFile, lim.maxBytes);
  if ('diagnostic' in text) return { diagnostics: [withFile(text.diagnostic, modelFile)] };
  if (ext === '.json') {
    const steps = parseJson(text.text);
    if ('diagnostic' in steps) return { diagnostics: [withFile(steps.diagnostic, modelFile)] };
    return { metadata, model: { kind: 'steps', steps: steps.value }, modelFile };
  }
  return { metadata, model: { kind: 'bpmn', xml: text.text }, modelFile };
}

export async function compileFolder(
  dir: string,
  registry?: CompilerRegistry,
  limits?: Partial<Limits>,
): Promise<CompileResult & { file: string }> {
  const loaded = await loadProcedureFolder(dir, limits);
  if ('diagnostics' in loaded) return { file: dir, ok: false, diagnostics: loaded.diagnostics };
  const input = {
    metadata: loaded.metadata,
    model: loaded.model,
    ...(registry ? { registry } : {}),
    ...(limits ? { limits } : {}),
  };
  const parts = await compileParts(input);
  const metaFile = path.join(dir, PROCEDURE_FILE);
  const tag = new Map<Diagnostic, string>();
  for (const d of parts.metadataDiagnostics) tag.set(d, metaFile);
  for (const d of parts.modelDiagnostics) tag.set(d, loaded.modelFile);
  return {
    file: dir,
    ...parts.result,
    diagnostics: parts.result.diagnostics.map((d) => withFile(d, tag.get(d) ?? loaded.modelFile)),
  };
}

/**
 * Compile what a person points at: a procedure folder, a procedure.json, or a lone model file. A lone model
 * whose folder has a procedure.json naming it compiles as that folder; otherwise the model is checked alone.
 */
export async function compilePath(
  target: string,
  registry?: CompilerRegistry,
  limits?: Partial<Limits>,
): Promise<CompileResult & { file: string }> {
  let info;
  try {
    info = await stat(target);
  } catch {
    return { file: target, ok: false, diagnostics: [withFile(diag('MC012', { file: target }), target)] };
  }
  if (info.isDirectory()) return compileFolder(target, registry, limits);
  const dir = path.dirname(target);
  const base = path.basename(target);
  if (base === PROCEDURE_FILE) return { ...(await compileFolder(dir, registry, limits)), file: target };
  const sibling = await readTextFile(path.join(dir, PROCEDURE_FILE), MAX_METADATA_BYTES);
  if ('text' in sibling) {
    const meta = parseJson(sibling.text);
    if ('value' in meta && (meta.value as { model?: unknown } | null)?.model === base) {
      return { ...(await compileFolder(dir, registry, limits)), file: target };
    }
  }
  const lim = resolveLimits(limits);
  const ext = path.extname(base).toLowerCase();
  if (ext !== '.bpmn' && ext !== '.xml' && ext !== '.json') {
    return { file: target, ok: false, diagnostics: [withFile(diag('MC013', { file: base }), target)] };
  }
  const text = await readTextFile(target, lim.maxBytes);
  if ('diagnostic' in text)
    return { file: target, ok: false, diagnostics: [withFile(text.diagnostic, target)] };
  let model: ModelSource;
  if (ext === '.json') {
    const steps = parseJson(text.text);
    if ('diagnostic' in steps)
      return { file: target, ok: false, diagnostics: [withFile(steps.diagnostic, target)] };
    model = { kind: 'steps', steps: steps.value };
  } else model = { kind: 'bpmn', xml: text.text };
  const parts = await compileParts({
    metadata: NO_METADATA,
    model,
    ...(registry ? { registry } : {}),
    ...(limits ? { limits } : {}),
  });
  return {
    file: target,
    ...parts.result,
    diagnostics: parts.result.diagnostics.map((d) => withFile(d, target)),
  };
}

const SKIP_DIRS = new Set(['node_modules', 'dist', 'schemas']);

/** Every folder under `root` (itself included) that holds a procedure.json, sorted; symlinks are not followed. */
export async function findProcedureFolders(root: string): Promise<string[]> {
  const found: string[] = [];
  let level = [root];
  // Breadth first, one level of folders read in parallel at a time.
  while (level.length) {
    const next: string[] = [];
    await Promise.all(
      level.map(async (dir) => {
        let entries;
        try {
          entries = await readdir(dir, { withFileTypes: true });
        } catch {
          return;
        }
        if (entries.some((e) => e.isFile() && e.name === PROCEDURE_FILE)) found.push(dir);
        for (const e of entries) {
          if (e.isDirectory() && !e.name.startsWith('.') && !SKIP_DIRS.has(e.name))
            next.push(path.join(dir, e.name));
        }
      }),
    );
    level = next;
  }
  return found.sort();
}
