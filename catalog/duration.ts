/**
 * Time limits (thời hạn giải quyết) as the portals write them: "60 Ngày làm việc", "15 Ngày", "8 Giờ", "3 Tháng",
 * "0,5 ngày", "Không quá 17 ngày làm việc.", "10-25", "Trong ngày", a bare "5", or no value at all.
 * Pure: the caller decides what to do with a missing unit or an unparsable text, and reports it.
 */
import type { Duration, DurationUnit } from '../ir/index.js';
import { oneLine } from './text.js';

export interface DurationParse {
  /** The parsed limit; absent when the text holds none (see `reason`) or the unit is missing. */
  duration?: Duration;
  /** A number without a unit ("5"): `amount` is set, the caller must find or default the unit. */
  unitMissing?: boolean;
  amount?: number;
  /** How the value was read when it was not literal (range, month conversion, "trong ngày"). */
  note?: string;
  /** Why nothing could be read. */
  reason?: string;
}

const UNIT_WORDS: Array<[RegExp, DurationUnit, number, string]> = [
  // [pattern, unit, factor, label]; order matters: "ngày làm việc" before "ngày".
  [/^ngày\s*làm\s*việc/i, 'working-day', 1, 'ngày làm việc'],
  [/^ngày/i, 'calendar-day', 1, 'ngày'],
  [/^giờ\s*làm\s*việc/i, 'working-hour', 1, 'giờ làm việc'],
  [/^giờ/i, 'working-hour', 1, 'giờ'],
  [/^phút/i, 'working-hour', 1 / 60, 'phút'],
  [/^tuần/i, 'calendar-day', 7, 'tuần'],
  [/^tháng/i, 'calendar-day', 30, 'tháng'],
  [/^năm/i, 'calendar-day', 365, 'năm'],
];

/** "05" → 5, "0,5" → 0.5, "1.5" → 1.5. */
export function parseAmount(s: string): number | undefined {
  const t = s.trim().replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(t)) return undefined;
  return Number(t);
}

/** Reads a unit word at the start of `rest`. */
export function readUnit(
  rest: string,
): { unit: DurationUnit; factor: number; label: string; length: number } | undefined {
  const r = rest.replace(/^\s+/, '');
  for (const [re, unit, factor, label] of UNIT_WORDS) {
    const m = re.exec(r);
    if (m) return { unit, factor, label, length: rest.length - r.length + m[0].length };
  }
  return undefined;
}

function round(n: number): number {
  return Math.round(n * 10000) / 10000;
}

/**
 * Parses one time-limit text. Leading "Không quá", "Tối đa", "Trong thời hạn" are skipped; the first number with
 * its unit wins; ranges keep their upper bound (the legal maximum) and say so in `note`.
 */
export function parseDuration(text: string | undefined | null): DurationParse {
  const raw = oneLine(text);
  if (!raw) return { reason: 'empty / trống' };
  const low = raw.toLowerCase().replace(/[.;]+$/, '');
  if (low === 'không có thông tin' || low === 'không' || low === '--')
    return { reason: `no value ("${raw}")` };
  if (/^không quy định/.test(low)) return { reason: `no time limit set ("${raw}")` };
  if (/^(trong|ngay trong)\s+(ngày|ngày làm việc)$/.test(low) || /^trong ngày( làm việc)?\b/.test(low)) {
    return {
      duration: { amount: 1, unit: 'working-day' },
      note: `"${raw}" = 1 ngày làm việc / within the working day`,
    };
  }
  const body = low.replace(/^(không quá|tối đa|trong thời hạn|trong vòng|thời hạn|chậm nhất)\s*:?\s*/, '');
  const m = /^(\d+(?:[.,]\d+)?)(?:\s*(?:-|–|đến)\s*(\d+(?:[.,]\d+)?))?/.exec(body);
  if (!m) return { reason: `not a duration ("${raw}")` };
  const lo = parseAmount(m[1] ?? '');
  const hi = m[2] !== undefined ? parseAmount(m[2]) : undefined;
  const amount = hi ?? lo;
  if (amount === undefined) return { reason: `not a duration ("${raw}")` };
  const note =
    hi !== undefined
      ? `range ${m[1]}–${m[2]}: upper bound used / khoảng thời gian, lấy mức tối đa`
      : undefined;
  const rest = body.slice(m[0].length);
  const unit = readUnit(rest);
  if (!unit) {
    if (rest.trim() !== '' && /^\s*\(/.test(rest) === false && /^\s*[a-zà-ỹ]/i.test(rest)) {
      return { reason: `unknown unit ("${raw}")` };
    }
    if (amount <= 0) return { reason: `zero time limit ("${raw}")` };
    return { unitMissing: true, amount, ...(note ? { note } : {}) };
  }
  if (amount <= 0) return { reason: `zero time limit ("${raw}")` };
  const converted = round(amount * unit.factor);
  const conv =
    unit.factor !== 1
      ? `${m[0]} ${unit.label} = ${converted} ${unit.unit === 'calendar-day' ? 'ngày (calendar days)' : 'giờ (working hours)'}`
      : undefined;
  const notes = [note, conv].filter((x): x is string => !!x);
  return {
    duration: { amount: converted, unit: unit.unit },
    ...(notes.length ? { note: notes.join('; ') } : {}),
  };
}

/**
 * Finds the unit of a bare number in a description ("05 (năm) ngày làm việc kể từ..."): the same number followed by
 * a unit word. Returns undefined when the description does not say.
 */
export function unitFromDescription(amount: number, description: string): DurationUnit | undefined {
  const d = oneLine(description).toLowerCase();
  const re = /(\d+(?:[.,]\d+)?)\s*(?:\([^)]{1,20}\)\s*)?(ngày làm việc|ngày|giờ làm việc|giờ)/g;
  for (let m = re.exec(d); m; m = re.exec(d)) {
    if (parseAmount(m[1] ?? '') === amount) {
      const u = readUnit(m[2] ?? '');
      if (u && u.factor === 1) return u.unit;
    }
  }
  return undefined;
}

/** Rough size of a duration in working hours, only to compare limits of different units. */
export function approxHours(d: Duration): number {
  switch (d.unit) {
    case 'working-hour':
      return d.amount;
    case 'working-day':
      return d.amount * 8;
    case 'calendar-day':
      return (d.amount * 8 * 5) / 7;
  }
}

export function formatDuration(d: Duration): string {
  const u = d.unit === 'working-day' ? 'ngày làm việc' : d.unit === 'working-hour' ? 'giờ làm việc' : 'ngày';
  return `${d.amount} ${u}`;
}
