/**
 * Fees and charges (phí, lệ phí) as the portals write them: "Miễn phí", "8,000 VNĐ", "2,000 Việt Nam Đồng(/trang)",
 * "Phí : 2.000.000 Đồng (Thẩm định ...)", "Lệ phí : 1.5 USD", "Phí : 0 Đồng", "Không có thông tin".
 * Pure. Amounts that are not VND (USD) cannot be a `Fee` (the contract is VND only): they are reported, not
 * converted.
 */
import type { Fee } from '../ir/index.js';
import { oneLine, truncate } from './text.js';

export interface FeeParse {
  fees: Fee[];
  /** The text says the procedure is free (or every amount is 0). */
  free: boolean;
  /** A definite answer was read (free, or at least one amount). */
  parsed: boolean;
  /** Parts that could not be read, each with the reason. */
  issues: string[];
}

const PER_UNITS: Array<[RegExp, string]> = [
  [/^trang/, 'page'],
  [/^bản sao/, 'copy'],
  [/^bản/, 'copy'],
  [/^hồ sơ/, 'dossier'],
  [/^bộ hồ sơ/, 'dossier'],
  [/^lần/, 'time'],
  [/^giấy phép/, 'licence'],
  [/^giấy chứng nhận/, 'certificate'],
  [/^chứng chỉ/, 'certificate'],
  [/^tờ khai/, 'declaration'],
  [/^(01 )?đơn hàng/, 'order'],
  [/^loại/, 'type'],
  [/^chiếc/, 'item'],
  [/^người/, 'person'],
  [/^trường hợp/, 'case'],
  [/^việc/, 'case'],
  [/^sự việc/, 'case'],
  [/^thẻ/, 'card'],
  [/^hộ chiếu/, 'passport'],
];

/** Maps "/trang", "/01 hồ sơ" to a short per-unit key; unknown units keep their Vietnamese words. */
export function parsePer(text: string): string | undefined {
  const t = oneLine(text)
    .toLowerCase()
    .replace(/^\/\s*/, '')
    .replace(/^0?1\s+/, '')
    .replace(/[.;)]+$/, '')
    .trim();
  if (!t) return undefined;
  for (const [re, key] of PER_UNITS) if (re.test(t)) return key;
  return t.length <= 30 ? t : undefined;
}

/**
 * "2,000,000" and "2.000.000" (thousands separators) → 2000000; "1.5" / "0,5" (decimals) → 1.5 / 0.5;
 * "15000000" → 15000000. Undefined when it is not a number.
 */
export function parseMoney(s: string): number | undefined {
  const t = s.trim().replace(/\s+/g, '');
  if (/^\d{1,3}([.,]\d{3})+$/.test(t)) return Number(t.replace(/[.,]/g, ''));
  if (/^\d+$/.test(t)) return Number(t);
  if (/^\d+[.,]\d{1,2}$/.test(t)) return Number(t.replace(',', '.'));
  return undefined;
}

const CURRENCY = /(việt nam đồng|vnđ|vnd|đồng|usd)/i;

interface AmountRead {
  amount?: number;
  currency?: 'VND' | 'USD';
  per?: string;
  reason?: string;
}

/** Reads "<amount>[/per] <currency>" at the start of a text. */
function readAmount(text: string): AmountRead {
  const t = oneLine(text);
  const m = /^([\d.,]+)\s*(?:\/\s*([^\s\d][^Đđ]{0,25}?))?\s*(việt nam đồng|vnđ|vnd|đồng|usd)/i.exec(t);
  if (!m) {
    if (/^(miễn phí|không|0)\b/i.test(t)) return { amount: 0, currency: 'VND' };
    return { reason: `amount not readable ("${truncate(t, 80)}")` };
  }
  const amount = parseMoney(m[1] ?? '');
  if (amount === undefined) return { reason: `amount not readable ("${truncate(t, 80)}")` };
  const currency = /usd/i.test(m[3] ?? '') ? 'USD' : 'VND';
  const per = m[2] ? parsePer(m[2]) : undefined;
  return { amount, currency, ...(per ? { per } : {}) };
}

/** Text inside the first balanced parentheses at the start of `s` (after blanks), and what follows. */
export function readParenthesised(s: string): { inner: string; rest: string } | undefined {
  const i = s.search(/\S/);
  if (i < 0 || s[i] !== '(') return undefined;
  let depth = 0;
  for (let j = i; j < s.length; j++) {
    const c = s[j];
    if (c === '(') depth++;
    else if (c === ')') {
      depth--;
      if (depth === 0) return { inner: s.slice(i + 1, j), rest: s.slice(j + 1) };
    }
  }
  // Unbalanced: the note runs to the end.
  return { inner: s.slice(i + 1), rest: '' };
}

function feeFromRead(
  r: AmountRead,
  name: string | undefined,
  note: string | undefined,
  issues: string[],
): Fee | undefined {
  if (r.amount === undefined) {
    if (r.reason) issues.push(r.reason);
    return undefined;
  }
  if (r.currency === 'USD') {
    issues.push(
      `fee in USD (${r.amount} USD) is not representable in VND; kept as a note / phí bằng USD, giữ trong ghi chú`,
    );
    return undefined;
  }
  if (r.amount === 0) return undefined;
  const fee: Fee = { amount: r.amount, currency: 'VND' };
  if (name)
    fee.name = { vi: name, ...(name === 'Lệ phí' ? { en: 'Charge' } : name === 'Phí' ? { en: 'Fee' } : {}) };
  let per = r.per;
  let n = note ? oneLine(note) : undefined;
  if (n && /^\//.test(n)) {
    per = per ?? parsePer(n);
    n = undefined;
  }
  if (per) fee.per = per;
  if (n) fee.note = truncate(n, 300);
  return fee;
}

/**
 * Parses the fee cell of a national-portal channel row: "Miễn phí", "Không có thông tin", or
 * "<amount> <currency>" optionally followed by a parenthesised note. `text` is the whole cell.
 */
export function parseFees(text: string | undefined | null): FeeParse {
  const t = oneLine(text);
  if (!t || /^không có thông tin/i.test(t))
    return { fees: [], free: false, parsed: false, issues: ['no fee information / không có thông tin phí'] };
  if (/^(phí|lệ phí)\s*:/i.test(t) || /\n\s*(phí|lệ phí)\s*:/i.test(text ?? ''))
    return parseLabelledFees(text ?? '');
  if (/^miễn phí/i.test(t) || /^không thu/i.test(t) || /^0\s*(đồng|vnđ)?$/i.test(t))
    return { fees: [], free: true, parsed: true, issues: [] };
  const issues: string[] = [];
  const r = readAmount(t);
  const after = t.replace(/^[\d.,]+\s*(?:\/[^Đđ]{0,25}?)?\s*(việt nam đồng|vnđ|vnd|đồng|usd)/i, '');
  const note = readParenthesised(after)?.inner;
  const fee = feeFromRead(r, undefined, note, issues);
  if (fee) return { fees: [fee], free: false, parsed: true, issues };
  if (r.amount === 0) return { fees: [], free: true, parsed: true, issues };
  return { fees: [], free: false, parsed: false, issues };
}

/**
 * The structured form of mod-tthc: one or more lines "Phí : 2.000.000 Đồng (what for)" / "Lệ phí : 1.5 USD".
 * "Phí : 0 Đồng" and "Phí : Không Đồng" mean free; "Phí :  Đồng (Theo quy định...)" has no amount.
 */
export function parseLabelledFees(text: string): FeeParse {
  const lines = text
    .split(/\n+/)
    .map((l) => oneLine(l))
    .filter((l) => l && !/^file đính kèm/i.test(l));
  if (lines.length === 0)
    return { fees: [], free: false, parsed: false, issues: ['no fee information / không có thông tin phí'] };
  const fees: Fee[] = [];
  const issues: string[] = [];
  let zero = 0;
  let read = 0;
  for (const line of lines) {
    const m = /^(phí|lệ phí)\s*:\s*(.*)$/i.exec(line);
    if (!m) {
      issues.push(`fee line not readable ("${truncate(line, 80)}")`);
      continue;
    }
    const name = /^lệ/i.test(m[1] ?? '') ? 'Lệ phí' : 'Phí';
    const body = m[2] ?? '';
    if (/^(0|không|miễn phí)\s*(đồng|vnđ)?\s*(\(|$)/i.test(body)) {
      zero++;
      read++;
      continue;
    }
    const r = readAmount(body);
    const after = body.replace(/^[\d.,]+\s*(?:\/[^Đđ]{0,25}?)?\s*(việt nam đồng|vnđ|vnd|đồng|usd)/i, '');
    const note = readParenthesised(after)?.inner;
    const fee = feeFromRead(r, name, note, issues);
    if (fee) {
      fees.push(fee);
      read++;
    } else if (r.amount !== undefined) read++;
  }
  const free = fees.length === 0 && zero > 0 && zero === read;
  return { fees, free, parsed: fees.length > 0 || free, issues };
}

export { CURRENCY as CURRENCY_PATTERN };
