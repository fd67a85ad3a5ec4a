/**
 * `motcua compile [--json] <file-or-folder>...`: compile procedure folders (procedure.json + model), whole
 * catalogs (folders are searched recursively) or lone .bpmn / steps.json files, and print the diagnostics.
 * Exit 0 when there is no error, 1 when any error, 2 on usage errors.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  compilePath,
  loadRegistry,
  findProcedureFolders,
  PROCEDURE_FILE,
  type CompileResult,
  type Diagnostic,
} from '../compiler/index.js';
import type { CliIo } from './io.js';

export const COMPILE_USAGE = `Cách dùng / Usage: motcua compile [--json] [--no-registry] <thư-mục-hoặc-tệp / file-or-folder>...

  Biên dịch thủ tục: thư mục chứa procedure.json và mô hình (process.bpmn hoặc steps.json),
  thư mục danh mục (tìm đệ quy), hoặc một tệp .bpmn riêng lẻ.
  Compiles procedures: a folder with procedure.json and its model (process.bpmn or steps.json),
  a catalog folder (searched recursively), or a lone .bpmn file.

  --json          in một mảng JSON / print one JSON array:
                  [{ "file", "ok", "hash", "diagnostics": [{ "severity", "code", "message", "elementId", ... }] }]
  --agencies <f>  cây cơ quan (mảng JSON { "code" }); mặc định procedure-models/agencies.json nếu có
                  agency tree (JSON array of { "code" }); default procedure-models/agencies.json when present
  --no-registry   bỏ qua kiểm tra vai trò, cơ quan, plugin, thủ tục được gọi / skip registry checks
  -h, --help      hướng dẫn này / this help

  Mã thoát / exit code: 0 không có lỗi / no errors, 1 có lỗi / errors, 2 sai cách dùng / usage error.
`;

interface Options {
  json: boolean;
  registry: boolean;
  agencies?: string;
  targets: string[];
}

function parseArgs(argv: string[]): Options | { usage: string } | 'help' {
  const o: Options = { json: false, registry: true, targets: [] };
  let onlyPaths = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (!onlyPaths && a === '--') onlyPaths = true;
    else if (!onlyPaths && (a === '--agencies' || a.startsWith('--agencies='))) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (!v) return { usage: 'Thiếu tệp sau --agencies / --agencies needs a file' };
      o.agencies = v;
    } else if (!onlyPaths && (a === '-h' || a === '--help')) return 'help';
    else if (!onlyPaths && a === '--json') o.json = true;
    else if (!onlyPaths && a === '--no-registry') o.registry = false;
    else if (!onlyPaths && a.startsWith('-') && a !== '-') {
      return { usage: `Tùy chọn không hợp lệ / unknown option: ${a}` };
    } else o.targets.push(a);
  }
  if (!o.targets.length) return { usage: 'Thiếu tệp hoặc thư mục cần biên dịch / no file or folder given' };
  return o;
}

/** What to compile for one command-line argument: a folder becomes every procedure folder below it. */
async function expand(target: string): Promise<string[]> {
  let info;
  try {
    info = await stat(target);
  } catch {
    return [target]; // compilePath reports the missing file
  }
  if (!info.isDirectory()) return [target];
  const folders = await findProcedureFolders(target);
  if (folders.length) return folders;
  // A folder of models drawn without procedure.json: check each model on its own.
  const models = await findModelFiles(target);
  return models.length ? models : [target];
}

async function findModelFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  const queue = [root];
  while (queue.length && out.length < 100_000) {
    const dir = queue.shift() as string;
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      if (e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules')
        queue.push(path.join(dir, e.name));
      else if (e.isFile() && /\.bpmn$/i.test(e.name)) out.push(path.join(dir, e.name));
    }
  }
  return out.sort();
}

/** Codes of the procedures being compiled, so procedures of one catalog may call each other. */
async function catalogCodes(items: string[]): Promise<string[]> {
  const codes: string[] = [];
  await Promise.all(
    items.map(async (item) => {
      const file =
        item.endsWith('.json') && path.basename(item) === PROCEDURE_FILE
          ? item
          : path.join(item, PROCEDURE_FILE);
      try {
        const text = await readFile(file, 'utf8');
        if (text.length > 1024 * 1024) return;
        const code = (JSON.parse(text) as { code?: unknown }).code;
        if (typeof code === 'string') codes.push(code);
      } catch {
        // Not a procedure folder, or unreadable: compilePath reports it.
      }
    }),
  );
  return codes;
}

class Progress {
  private last = 0;
  private shown = false;
  constructor(
    private readonly io: CliIo,
    private readonly total: number,
  ) {}
  tick(done: number, label: string): void {
    if (!this.io.errIsTty || this.total < 2) return;
    const now = Date.now();
    if (done < this.total && now - this.last < 80) return;
    this.last = now;
    const width = 30;
    const filled = Math.round((done / this.total) * width);
    const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
    const name = label.length > 40 ? '…' + label.slice(-39) : label;
    this.io.err(`\r\x1b[2K${bar} ${done}/${this.total} ${name}`);
    this.shown = true;
  }
  clear(): void {
    if (this.shown) this.io.err('\r\x1b[2K');
  }
}

const COLORS = {
  error: '\x1b[31m',
  warning: '\x1b[33m',
  info: '\x1b[36m',
  ok: '\x1b[32m',
  dim: '\x1b[2m',
  reset: '\x1b[0m',
};

function paint(io: CliIo, color: keyof typeof COLORS, text: string): string {
  return io.color ? `${COLORS[color]}${text}${COLORS.reset}` : text;
}

function count(ds: Diagnostic[], severity: Diagnostic['severity']): number {
  return ds.filter((d) => d.severity === severity).length;
}

function printResult(io: CliIo, r: CompileResult & { file: string }, showOk: boolean): void {
  const errors = count(r.diagnostics, 'error');
  const warnings = count(r.diagnostics, 'warning');
  const visible = r.diagnostics.filter((d) => d.severity !== 'info' || !r.ok || showOk);
  if (r.ok && !warnings && !showOk) return;
  const status = r.ok
    ? paint(io, 'ok', `✔ đạt / ok`) + paint(io, 'dim', r.hash ? `  ${r.hash.slice(0, 12)}` : '')
    : paint(io, 'error', `✖ ${errors} lỗi / error(s)`);
  const warn = warnings ? paint(io, 'warning', `, ${warnings} cảnh báo / warning(s)`) : '';
  io.out(`${r.file}: ${status}${warn}\n`);
  for (const d of visible) {
    const where = [
      d.file && d.file !== r.file ? path.relative(r.file, d.file) || path.basename(d.file) : '',
      d.elementId ? `[${d.elementId}]` : '',
      d.path ?? '',
    ]
      .filter(Boolean)
      .join(' ');
    const sev =
      d.severity === 'error' ? 'lỗi/error' : d.severity === 'warning' ? 'cảnh báo/warning' : 'ghi chú/info';
    io.out(`  ${paint(io, d.severity, `${sev} ${d.code}`)}${where ? ' ' + where : ''}\n`);
    io.out(`    ${d.message}\n`);
    if (d.messageEn && d.messageEn !== d.message) io.out(`    ${paint(io, 'dim', d.messageEn)}\n`);
    if (d.fix) {
      io.out(`    → ${d.fix.vi}\n`);
      if (d.fix.en && d.fix.en !== d.fix.vi) io.out(`    ${paint(io, 'dim', `→ ${d.fix.en}`)}\n`);
    }
  }
}

function jsonEntry(r: CompileResult & { file: string }): object {
  return {
    file: r.file,
    ok: r.ok,
    hash: r.hash ?? null,
    diagnostics: r.diagnostics.map((d) => ({
      severity: d.severity,
      code: d.code,
      message: d.message,
      messageEn: d.messageEn,
      elementId: d.elementId ?? null,
      ...(d.path !== undefined ? { path: d.path } : {}),
      ...(d.file !== undefined ? { file: d.file } : {}),
      ...(d.fix !== undefined ? { fix: d.fix } : {}),
    })),
  };
}

export async function runCompileCommand(argv: string[], io: CliIo): Promise<number> {
  const opts = parseArgs(argv);
  if (opts === 'help') {
    io.out(COMPILE_USAGE);
    return 0;
  }
  if ('usage' in opts) {
    io.err(`${opts.usage}\n\n${COMPILE_USAGE}`);
    return 2;
  }
  const started = performance.now();
  const items: string[] = [];
  const seen = new Set<string>();
  for (const t of opts.targets) {
    for (const item of await expand(t)) {
      const key = path.resolve(item);
      if (!seen.has(key)) {
        seen.add(key);
        items.push(item);
      }
    }
  }
  const registry = opts.registry
    ? await loadRegistry({
        procedures: await catalogCodes(items),
        ...(opts.agencies ? { agenciesFile: opts.agencies } : {}),
      })
    : undefined;
  const progress = new Progress(io, items.length);
  const results: Array<CompileResult & { file: string }> = new Array(items.length);
  // A few compiles in flight overlap file reads with compiling; order of output stays the input order.
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      const item = items[i] as string;
      results[i] = await compilePath(item, registry);
      progress.tick(++done, item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(4, items.length) }, worker));
  progress.clear();

  if (opts.json) {
    io.out(JSON.stringify(results.map(jsonEntry), null, 2) + '\n');
  } else {
    const showOk = results.length <= 20;
    for (const r of results) printResult(io, r, showOk);
    const failed = results.filter((r) => !r.ok).length;
    const warnings = results.reduce((n, r) => n + count(r.diagnostics, 'warning'), 0);
    const secs = ((performance.now() - started) / 1000).toFixed(2);
    io.out(
      `\nĐã biên dịch ${results.length} thủ tục: ${results.length - failed} đạt, ${failed} có lỗi, ${warnings} cảnh báo (${secs.replace('.', ',')} s).\n` +
        paint(
          io,
          'dim',
          `Compiled ${results.length} procedure(s): ${results.length - failed} ok, ${failed} with errors, ${warnings} warning(s) (${secs} s).`,
        ) +
        '\n',
    );
  }
  return results.some((r) => !r.ok) ? 1 : 0;
}
