/**
 * `motcua catalog import [--out procedure-models/catalog] [--agencies procedure-models/agencies.json]
 *  [--report file.json] <file>...`: imports national-portal records (JSONL), Ministry of Defence records (JSONL)
 * and internal land processes (JSON) into the committed catalog. Progress on stderr, summary on stdout.
 * Exit codes like a compiler: 0 done, 1 input errors (unreadable file, bad lines), 2 usage.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import {
  DEFAULT_AGENCIES_FILE,
  DEFAULT_CATALOG_DIR,
  importRecords,
  readSource,
  writeAgencies,
  writeCatalog,
  type ImportReport,
  type SourceFile,
} from '../catalog/index.js';

const USAGE = `Cách dùng / usage:
  motcua catalog import [--out <thư mục/dir>] [--agencies <file>] [--report <file.json>] <file>...

  <file>: national-tthc/records.jsonl, mod-tthc/records.jsonl, internal-procedures/*.json
  --out       thư mục danh mục / catalog folder (mặc định / default procedure-models/catalog)
  --agencies  cây cơ quan / agency tree file (mặc định / default procedure-models/agencies.json)
  --report    ghi báo cáo chi tiết (JSON) / write the detailed report (JSON)
  --quiet     không hiện tiến trình / no progress output`;

interface Options {
  out: string;
  agencies: string;
  report?: string;
  quiet: boolean;
  files: string[];
}

function parseArgs(argv: string[]): Options | string {
  const o: Options = { out: DEFAULT_CATALOG_DIR, agencies: DEFAULT_AGENCIES_FILE, quiet: false, files: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string | undefined => {
      const v = argv[i + 1];
      i++;
      return v;
    };
    if (a === '--out' || a === '--agencies' || a === '--report') {
      const v = value();
      if (!v || v.startsWith('--')) return `thiếu giá trị cho ${a} / missing value for ${a}`;
      if (a === '--out') o.out = path.resolve(v);
      else if (a === '--agencies') o.agencies = path.resolve(v);
      else o.report = path.resolve(v);
    } else if (a === '--quiet') o.quiet = true;
    else if (a.startsWith('--')) return `tùy chọn không hợp lệ ${a} / unknown option ${a}`;
    else o.files.push(a);
  }
  if (o.files.length === 0) return 'cần ít nhất một tệp / at least one input file is required';
  return o;
}

/** A one-line bar on a TTY; plain lines every quarter otherwise (CI logs). */
function progressBar(quiet: boolean): { tick: (done: number, total: number) => void; end: () => void } {
  const tty = process.stderr.isTTY === true;
  let lastQuarter = -1;
  return {
    tick(done, total) {
      if (quiet || total === 0) return;
      const frac = done / total;
      if (tty) {
        const width = 30;
        const fill = Math.round(frac * width);
        process.stderr.write(
          `\rnhập / importing [${'#'.repeat(fill)}${'-'.repeat(width - fill)}] ${(frac * 100).toFixed(0).padStart(3)}% ${done}/${total}`,
        );
      } else {
        const q = Math.floor(frac * 4);
        if (q > lastQuarter) {
          lastQuarter = q;
          process.stderr.write(`nhập / importing: ${done}/${total} (${(frac * 100).toFixed(0)}%)\n`);
        }
      }
    },
    end() {
      if (!quiet && tty) process.stderr.write('\n');
    },
  };
}

function pct(p: number, t: number): string {
  return t === 0 ? '  n/a' : `${((100 * p) / t).toFixed(1).padStart(5)}%`;
}

const FIELD_LABELS: Record<string, string> = {
  code: 'mã / code',
  name: 'tên / name',
  level: 'cấp / level',
  sector: 'lĩnh vực / sector',
  channels: 'cách thức / channels',
  duration: 'thời hạn / time limit (per row)',
  fees: 'phí, lệ phí / fees (per row)',
  components: 'thành phần / components',
  result: 'kết quả / result',
  agency: 'cơ quan / agency (per entry)',
};

export function formatSummary(
  report: ImportReport,
  extra: { written?: number; unchanged?: number; removed?: number; out?: string; reportFile?: string },
): string {
  const r = report;
  const lines: string[] = [];
  const n = (x: number): string => x.toLocaleString('en-US');
  lines.push('motcua catalog import — tóm tắt / summary');
  lines.push(
    `  bản ghi đã đọc / records read: ${n(r.records.read)} (${Object.entries(r.records.bySource)
      .map(([k, v]) => `${k} ${n(v)}`)
      .join(', ')})`,
  );
  lines.push(
    `  đã nhập / imported: ${n(r.records.imported)}; không hợp lệ / invalid: ${n(r.records.invalid)}`,
  );
  lines.push(
    `  bỏ qua (không thực hiện ở tỉnh/huyện/xã) / skipped (not carried out in a province): ${n(r.records.skipped)} (${Object.entries(
      r.records.skippedLevels,
    )
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${k} ${n(v)}`)
      .join(', ')})`,
  );
  const levelOrder = ['province', 'district', 'commune', 'ministry', 'other'];
  const byLevel = levelOrder
    .filter((l) => r.entries.byLevel[l] !== undefined)
    .map((l) => `${l} ${n(r.entries.byLevel[l]!)}`);
  const national = r.entries.total - r.entries.coordination;
  lines.push(
    `  thủ tục trong danh mục / catalog entries: ${n(r.entries.total)} = ${n(national)} procedures + ${n(r.entries.coordination)} coordination (liên thông)`,
  );
  lines.push(`    theo cấp / by level: ${byLevel.join(', ')}`);
  lines.push(
    `    theo nguồn / by source: ${Object.entries(r.entries.bySource)
      .map(([k, v]) => `${k} ${n(v)}`)
      .join(', ')}`,
  );
  lines.push(
    `    mô hình / models: ${Object.entries(r.entries.byModel)
      .map(([k, v]) => `${k} ${n(v)}`)
      .join(', ')}`,
  );
  if (extra.written !== undefined) {
    lines.push(
      `    tệp / files: ${n(extra.written)} written, ${n(extra.unchanged ?? 0)} unchanged, ${n(extra.removed ?? 0)} removed → ${extra.out ?? ''}`,
    );
  }
  lines.push('  tỉ lệ đọc được theo trường / per-field parse rates:');
  for (const [field, s] of Object.entries(r.fields)) {
    lines.push(
      `    ${(FIELD_LABELS[field] ?? field).padEnd(34)} ${pct(s.parsed, s.total)}  (${n(s.parsed)}/${n(s.total)})`,
    );
  }
  const top = Object.entries(r.defaults.byField)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 6)
    .map(([k, v]) => `${k} ${n(v)}`)
    .join(', ');
  lines.push(
    `  giá trị mặc định / defaults: ${n(r.defaults.total)} in ${n(r.defaults.entriesWithDefaults)} entries (${top})`,
  );
  lines.push(
    `  vấn đề theo bản ghi / per-record issues: ${n(r.issues.length)}; cảnh báo / warnings: ${n(r.warnings.length)}`,
  );
  if (extra.reportFile) lines.push(`  báo cáo chi tiết / detailed report: ${extra.reportFile}`);
  else lines.push('  (--report <file.json> ghi chi tiết từng bản ghi / writes every record’s issues)');
  return lines.join('\n');
}

export async function runCatalogCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    process.stdout.write(USAGE + '\n');
    return sub === undefined ? 2 : 0;
  }
  if (sub !== 'import') {
    process.stderr.write(`motcua catalog: lệnh không hợp lệ "${sub}" / unknown command "${sub}"\n${USAGE}\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  const opts = parseArgs(rest);
  if (typeof opts === 'string') {
    process.stderr.write(`motcua catalog import: ${opts}\n${USAGE}\n`);
    return 2;
  }
  const sources: SourceFile[] = [];
  const errors: string[] = [];
  for (const f of opts.files) {
    const { source, errors: errs } = await readSource(f);
    errors.push(...errs);
    if (source) sources.push(source);
  }
  for (const e of errors) process.stderr.write(`motcua catalog import: ${e}\n`);
  if (sources.length === 0) return 1;

  const bar = progressBar(opts.quiet);
  const { entries, report } = await importRecords(sources, bar.tick);
  bar.end();
  const kinds = [...new Set(sources.map((s) => s.kind))];
  // Coordination procedures are regenerated with the records that call them.
  const replace =
    kinds.includes('national-tthc') || kinds.includes('mod-tthc') ? [...kinds, 'generated'] : kinds;
  const written = await writeCatalog(opts.out, entries, replace);
  await writeAgencies(opts.agencies);
  if (opts.report) {
    await fs.mkdir(path.dirname(opts.report), { recursive: true });
    await fs.writeFile(opts.report, JSON.stringify(report, null, 2) + '\n');
  }
  process.stdout.write(
    formatSummary(report, {
      ...written,
      out: path.relative(process.cwd(), opts.out) || '.',
      ...(opts.report ? { reportFile: opts.report } : {}),
    }) + '\n',
  );
  return errors.length ? 1 : 0;
}
