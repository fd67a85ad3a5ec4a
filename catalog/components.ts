/**
 * Dossier components (thành phần hồ sơ). The national portal flattens tables into one string:
 *   [<case title>]Tên giấy tờMẫu đơn, tờ khaiSố lượng<name>[<template file>]<n bản chính[,m bản sao]>...
 * with one table per case ("--" when there is a single case). mod-tthc has structured rows. Pure.
 */
import type { ComponentKind, ComponentSpec } from '../ir/index.js';
import { oneLine, truncate } from './text.js';

export interface ComponentParse {
  components: ComponentSpec[];
  /** True when at least one item was read and no text was left over. */
  parsed: boolean;
  /** Items whose count could not be read or text that belongs to no item. */
  issues: string[];
  /** Case titles of the tables (empty for a single "--" table). */
  cases: string[];
  /** Values assumed because the source had none (field → reason), reported as provenance defaults. */
  defaults: Array<{ field: string; reason: string }>;
}

const TABLE_HEADER = 'Tên giấy tờMẫu đơn, tờ khaiSố lượng';
// "1 bản chính", "0 bản chính,1 bản sao", "2 bản sao", "1 bản chụp"; followed by the next item or the end — in a
// name they are followed by a blank or punctuation ("(01 bản sao có chứng thực)").
const COUNT = /(\d+)\s*bản\s*(chính|sao|chụp)(?:\s*,\s*(\d+)\s*bản\s*(sao|chụp))?(?=$|[^\s).;,:])/g;
const TEMPLATE_EXT = /\.(docx?|pdf|xlsx?|rtf|odt|zip|rar|png|jpe?g)$/i;

function kindOf(originals: number, copies: number, copyWord: string): { kind: ComponentKind; count: number } {
  if (originals > 0 && copies > 0) return { kind: 'original', count: originals + copies };
  if (originals > 0) return { kind: 'original', count: originals };
  if (copies > 0) return { kind: copyWord === 'chụp' ? 'copy' : 'copy', count: copies };
  return { kind: 'original-or-copy', count: 0 };
}

/**
 * Separates a template file name glued to the end of an item name ("...NĐ-CPMẫu số 01.docx"). The file name
 * starts after the last sentence punctuation or at the last lower→upper case change; best effort.
 */
export function splitTemplate(text: string): { name: string; template?: string } {
  const t = text.trimEnd();
  if (!TEMPLATE_EXT.test(t)) return { name: t };
  const tail = t.slice(Math.max(0, t.length - 90));
  const offset = t.length - tail.length;
  let start = -1;
  for (let i = tail.length - 1; i > 0; i--) {
    const c = tail[i - 1]!;
    const d = tail[i]!;
    if (/[;:)]/.test(c) || (c === '.' && !/\d/.test(d) && i < tail.length - 6)) {
      start = i;
      break;
    }
    if (/\p{Ll}|\d/u.test(c) && /\p{Lu}/u.test(d) && i < tail.length - 5) {
      start = i;
      break;
    }
  }
  if (start < 0) return { name: t };
  const template = tail.slice(start).trim();
  const name = t.slice(0, offset + start).trim();
  if (!name || template.length < 5) return { name: t };
  return { name, template };
}

/**
 * A table title that names a case ("Trường hợp ủy quyền:", "a) Hồ sơ đề nghị ...", "Ngoài hồ sơ ... nộp thêm")
 * makes its components conditional; a title that only names the kind ("* Giấy tờ phải nộp:") does not.
 */
export function isCaseTitle(title: string): boolean {
  const t = oneLine(title).toLowerCase();
  if (!t || /phải nộp|phải xuất trình|thành phần hồ sơ|hồ sơ gồm|giấy tờ gồm/.test(t)) return false;
  return /^[*\-+\s]*(trường hợp|đối với|nếu|ngoài|tùy|tuỳ|[a-zđ]\)|\(?\d+[.)])/.test(t);
}

/** Conditional components: in a per-case table, "(nếu có)" (if any), or starting with "Trường hợp" (in case). */
function isRequired(name: string, inCase: boolean): boolean {
  return !(inCase || /nếu có/i.test(name) || /^(\(?trường hợp|đối với trường hợp)/i.test(name));
}

function cleanName(name: string): string {
  return oneLine(name)
    .replace(/^[-+*•]\s*/, '')
    .replace(/[;,]\s*$/, '');
}

export function parseComponents(text: string | undefined | null): ComponentParse {
  const raw = text ?? '';
  const issues: string[] = [];
  const cases: string[] = [];
  const components: ComponentSpec[] = [];
  const assumed: Array<[ComponentSpec, string]> = [];
  if (!raw.includes(TABLE_HEADER)) {
    const t = oneLine(raw);
    if (t && t !== '--' && !/^không có thông tin$/i.test(t))
      issues.push(`components given as free text without a table ("${truncate(t, 80)}")`);
    else issues.push('no components listed / không có thành phần hồ sơ');
    return { components, parsed: false, issues, cases, defaults: [] };
  }
  const parts = raw.split(TABLE_HEADER);
  // parts[0] = title of table 1; parts[i] = items of table i followed by the title of table i+1.
  let title = oneLine(parts[0]);
  const multi = parts.length > 2;
  for (let p = 1; p < parts.length; p++) {
    const body = parts[p] ?? '';
    const caseTitle = title === '--' || title === '' ? '' : title;
    if (caseTitle) cases.push(truncate(caseTitle, 160));
    let last = 0;
    // "nộp 01 bản sao0 bản chính,1 bản sao": a count glued to the next count is part of the item's name.
    const all = [...body.matchAll(COUNT)];
    const counts = all.filter((m, i) => all[i + 1]?.index !== m.index + m[0].length);
    for (const m of counts) {
      // The count cell is glued to the name: "...ngày 24/7/20231 bản chính" is year 2023 + count 1, "Mẫu số 011
      // bản chính" is "01" + 1. The portal writes counts without leading zeros and they are small, so a run of
      // three or more digits, or one with a leading zero, keeps only its last digit as the count.
      const run = m[1] ?? '';
      const glued = run.length >= 3 || (run.length === 2 && run.startsWith('0')) ? run.length - 1 : 0;
      const itemText = body.slice(last, m.index + glued);
      last = m.index + m[0].length;
      const { name, template } = splitTemplate(itemText);
      const clean = cleanName(name);
      if (!clean) {
        issues.push(`count "${m[0]}" without a name`);
        continue;
      }
      const first = Number(run.slice(glued));
      const second = m[3] !== undefined ? Number(m[3]) : 0;
      const originals = m[2] === 'chính' ? first : 0;
      const copies = m[2] === 'chính' ? second : first + second;
      const k = kindOf(originals, copies, m[2] === 'chụp' || m[4] === 'chụp' ? 'chụp' : 'sao');
      const spec: ComponentSpec = {
        id: '',
        name: { vi: truncate(clean, 300) },
        required: isRequired(clean, multi && isCaseTitle(caseTitle)),
        kind: k.kind,
        count: k.count,
      };
      if (template) spec.template = truncate(template, 120);
      if (k.count === 0) {
        spec.count = 1;
        assumed.push([spec, 'count 0 in source ("0 bản chính"); 1 assumed / số lượng 0, mặc định 1']);
      }
      components.push(spec);
    }
    // What follows the last count is the next table's title (or leftovers on the last table).
    const rest = oneLine(body.slice(last));
    if (p < parts.length - 1) title = rest;
    else if (rest && rest !== '--') issues.push(`text after the last item ("${truncate(rest, 80)}")`);
  }
  return finish(components, issues, cases, assumed);
}

/** mod-tthc rows: { ten_giay_to, so_luong (often the template file), ghi_chu "Bản chính: 1\nBản sao: 0" }. */
export function parseModComponents(
  rows: Array<{ ten_giay_to?: string; so_luong?: string; ghi_chu?: string }> | undefined,
): ComponentParse {
  const components: ComponentSpec[] = [];
  const issues: string[] = [];
  const assumed: Array<[ComponentSpec, string]> = [];
  for (const r of rows ?? []) {
    const name = cleanName(r.ten_giay_to ?? '');
    if (!name) continue;
    const note = r.ghi_chu ?? '';
    const o = /bản chính\s*:\s*(\d+)/i.exec(note);
    const c = /bản sao\s*:\s*(\d+)/i.exec(note);
    const k = kindOf(o ? Number(o[1]) : 0, c ? Number(c[1]) : 0, 'sao');
    const spec: ComponentSpec = {
      id: '',
      name: { vi: truncate(name, 300) },
      required: isRequired(name, false),
      kind: k.kind,
      count: k.count,
    };
    const sl = oneLine(r.so_luong);
    if (sl && TEMPLATE_EXT.test(sl.replace(/\.do$/i, '.doc'))) spec.template = truncate(sl, 120);
    else if (/^\d+$/.test(sl) && Number(sl) > 0 && k.count === 0) spec.count = Number(sl);
    if (spec.count === 0) {
      spec.count = 1;
      assumed.push([
        spec,
        'no count in source ("Bản chính: 0, Bản sao: 0"); 1 assumed / không có số lượng, mặc định 1',
      ]);
    }
    components.push(spec);
  }
  if (components.length === 0) issues.push('no components listed / không có thành phần hồ sơ');
  return finish(components, issues, [], assumed);
}

function finish(
  components: ComponentSpec[],
  issues: string[],
  cases: string[],
  assumed: Array<[ComponentSpec, string]>,
): ComponentParse {
  components.forEach((c, i) => (c.id = `tp-${String(i + 1).padStart(2, '0')}`));
  return {
    components,
    parsed: components.length > 0 && issues.length === 0,
    issues,
    cases,
    // One default per record, listing the components: a per-component entry would bloat procedure.json.
    defaults: assumed.length
      ? [{ field: 'components.count', reason: `${assumed[0]![1]}: ${assumed.map(([c]) => c.id).join(', ')}` }]
      : [],
  };
}
