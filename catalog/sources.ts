/** Input files of `motcua catalog import`: read and recognised by content (not by name). */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { SourceFile } from './importer.js';

/** Reads one input file and recognises its kind from its content. */
export async function readSource(file: string): Promise<{ source?: SourceFile; errors: string[] }> {
  const errors: string[] = [];
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    return {
      errors: [
        `${file}: không đọc được / cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      ],
    };
  }
  const name = path.basename(file);
  const trimmed = text.trimStart();
  if (trimmed.startsWith('[')) {
    let records: unknown[];
    try {
      records = JSON.parse(text) as unknown[];
    } catch (e) {
      return { errors: [`${file}: JSON không hợp lệ / invalid JSON: ${(e as Error).message}`] };
    }
    if (!Array.isArray(records)) return { errors: [`${file}: cần một mảng / expected an array`] };
    const objs = records.filter((r): r is Record<string, unknown> => !!r && typeof r === 'object');
    if (objs.some((r) => Array.isArray(r.stages)))
      return { source: { kind: 'internal-procedures', name, records, variant: 'staged' }, errors };
    if (objs.some((r) => 'internalSteps' in r || 'authority' in r)) {
      const commune = objs.filter((r) => /xã/i.test(String(r.authority ?? ''))).length > objs.length / 2;
      return {
        source: { kind: 'internal-procedures', name, records, variant: commune ? 'commune' : 'province' },
        errors,
      };
    }
    return {
      errors: [
        `${file}: không nhận ra định dạng / unrecognised format (expected internal-procedures records)`,
      ],
    };
  }
  // JSON Lines.
  const records: unknown[] = [];
  let kind: SourceFile['kind'] | undefined;
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    try {
      const r = JSON.parse(line) as Record<string, unknown>;
      if (!kind)
        kind =
          'ma_thu_tuc' in r ? 'national-tthc' : 'thu_tuc_id' in r || 'tables' in r ? 'mod-tthc' : undefined;
      records.push(r);
    } catch (e) {
      errors.push(`${file}:${i + 1}: dòng JSON không hợp lệ / invalid JSON line: ${(e as Error).message}`);
    }
  });
  if (!kind)
    return {
      errors: [
        ...errors,
        `${file}: không nhận ra định dạng / unrecognised format (expected national-tthc or mod-tthc JSONL)`,
      ],
    };
  return { source: { kind, name, records }, errors };
}
