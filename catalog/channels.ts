/**
 * Channels (cách thức thực hiện) of the national portal, flattened into one string:
 *   "Hình thức nộpThời gianPhí, lệ phíMô tả" + rows of <channel><time limit><fee>[(<fee note>)]<description>
 * e.g. "Trực tiếp60 Ngày làm việcKhông có thông tin...Dịch vụ bưu chính5Miễn phí...". Rows repeat a channel when
 * the limit differs per case. Pure; `buildChannels` turns rows into ChannelSpecs and lists every default it used.
 */
import type { Channel, ChannelSpec, Duration } from '../ir/index.js';
import {
  approxHours,
  formatDuration,
  parseAmount,
  parseDuration,
  readUnit,
  unitFromDescription,
  type DurationParse,
} from './duration.js';
import { parseFees, parseMoney, readParenthesised, type FeeParse } from './fees.js';
import { oneLine, truncate } from './text.js';

export interface ChannelRow {
  channel: Channel;
  /** The portal's channel label (Trực tiếp, Trực tuyến, Dịch vụ bưu chính). */
  label: string;
  timeText: string;
  time: DurationParse;
  feeText: string;
  fee: FeeParse;
  description: string;
  /** Set when the time and the fee were glued digits ("Trực tuyến120 VNĐ") and had to be split. */
  ambiguity?: string;
}

export interface Defaulted {
  field: string;
  reason: string;
}

const LABELS: Record<string, Channel> = {
  'trực tiếp': 'counter',
  'trực tuyến': 'online',
  'dịch vụ bưu chính': 'postal',
  'bưu chính': 'postal',
  'bưu chính công ích': 'postal',
};

export function channelFromLabel(label: string): Channel | undefined {
  return LABELS[oneLine(label).toLowerCase()];
}

const HEADER = /^\s*Hình thức nộp\s*Thời gian\s*Phí, lệ phí\s*Mô tả/;
// A row starts where a channel label is glued to a time limit (digit, tab+digit) or to a capitalised word
// ("Không có thông tin", "Hệ thống..."); inside descriptions the labels are followed by a blank or a colon.
const ROW_START = /(Trực tiếp|Trực tuyến|Dịch vụ bưu chính)(?=\t?\d|\p{Lu})/gu;
const UNIT_WORD = /^(Ngày làm việc|Ngày|Giờ làm việc|Giờ|Tháng|Năm|Phút|Tuần)/i;
const CURRENCY_AT = /^\s*(?:\/\s*[^\s\d()]{1,20}\s*)?(Việt Nam Đồng|VNĐ|VND|Đồng|USD)/i;
const FEE_TOKEN = /(Miễn phí|Không có thông tin|\d[\d.,]*\s*(?:Việt Nam Đồng|VNĐ|VND|Đồng|USD))/i;

/** Numbers that a fee note mentions ("(20.000 vnđ /tờ khai)" → 20000, 20), to settle glued digits. */
function numbersIn(text: string): Set<number> {
  const out = new Set<number>();
  for (const m of text.matchAll(/\d[\d.,]*/g)) {
    const v = parseMoney(m[0].replace(/[.,]$/, ''));
    if (v !== undefined) {
      out.add(v);
      if (v % 1000 === 0) out.add(v / 1000);
    }
  }
  return out;
}

/**
 * "120 VNĐ" right after a channel label: a unit-less time limit glued to a fee. Tries every split time|fee where
 * the fee is a well-formed amount; prefers the split whose fee the note mentions, then the shortest time.
 */
function splitGlued(digits: string, note: string): { time: string; fee: string; ambiguity?: string } {
  const options: Array<{ time: string; fee: string }> = [];
  for (let i = 1; i < digits.length; i++) {
    const time = digits.slice(0, i);
    const fee = digits.slice(i);
    if (!/^\d+$/.test(time)) continue;
    if (!/^(0|[1-9]\d{0,2}(,\d{3})*|[1-9]\d*)$/.test(fee)) continue;
    options.push({ time, fee });
  }
  if (options.length === 0) return { time: '', fee: digits };
  if (options.length === 1) return options[0]!;
  const mentioned = numbersIn(note);
  const pick = options.find((o) => mentioned.has(parseMoney(o.fee) ?? -1)) ?? options[0]!;
  return {
    ...pick,
    ambiguity: `time and fee glued ("${digits}"): read as time ${pick.time}, fee ${pick.fee} / thời hạn và phí dính liền`,
  };
}

/** Parses one row body (the text after the channel label, up to the next row). */
export function parseRowBody(channel: Channel, label: string, body: string): ChannelRow {
  let s = body.replace(/^\t/, '');
  let timeText: string;
  let feeText = '';
  let ambiguity: string | undefined;
  const num = /^(\d+(?:[.,]\d+)?(?:\s*[-–]\s*\d+)?)/.exec(s);
  if (num) {
    const after = s.slice(num[0].length);
    const unit = UNIT_WORD.exec(after.replace(/^\s+/, ''));
    if (unit) {
      const lead = after.length - after.replace(/^\s+/, '').length;
      timeText = s.slice(0, num[0].length + lead + unit[0].length);
      s = s.slice(timeText.length);
    } else {
      // A bare number: is it glued to a fee amount ("120 VNĐ", "5000,000 VNĐ")?
      const glued = /^([\d.,]+)/.exec(s);
      const rest = glued ? s.slice(glued[0].length) : after;
      if (glued && CURRENCY_AT.test(rest)) {
        const note = readParenthesised(rest.replace(CURRENCY_AT, ''))?.inner ?? '';
        const split = splitGlued(glued[0], note);
        timeText = split.time;
        ambiguity = split.ambiguity;
        s = split.fee + rest;
      } else {
        timeText = num[0];
        s = after;
      }
    }
  } else {
    const fixed =
      /^(Không có thông tin|Không quy định|Trong ngày(?: làm việc)?|Không(?=\s*(?:Không có thông tin|Miễn phí|\d)))/i.exec(
        s,
      );
    if (fixed) {
      timeText = fixed[0];
      s = s.slice(fixed[0].length);
    } else {
      // Free text ("Không phải trả kết quả...", "Hệ thống ... phản hồi tự động.") up to the fee cell.
      const f = FEE_TOKEN.exec(s);
      const end = f ? f.index : s.length;
      timeText = s.slice(0, end);
      s = s.slice(end);
    }
  }
  s = s.replace(/^\s+/, '');
  const fee =
    /^(Miễn phí|Không có thông tin|\d[\d.,]*\s*(?:\/\s*[^\s\d()]{1,20}\s*)?(?:Việt Nam Đồng|VNĐ|VND|Đồng|USD))/i.exec(
      s,
    );
  if (fee) {
    feeText = fee[0];
    s = s.slice(fee[0].length);
    const note = readParenthesised(s);
    if (note && /^\s*\(/.test(s)) {
      feeText += `(${note.inner})`;
      s = note.rest;
    }
  }
  const time = parseDuration(timeText);
  return {
    channel,
    label,
    timeText: oneLine(timeText),
    time,
    feeText: oneLine(feeText),
    fee: parseFees(feeText),
    description: oneLine(s),
    ...(ambiguity ? { ambiguity } : {}),
  };
}

/** Splits the flattened national cell into rows. An empty array means no row could be found. */
export function parseChannels(text: string | undefined | null): ChannelRow[] {
  if (!text) return [];
  const body = text.replace(HEADER, '');
  const starts: Array<{ index: number; label: string; end: number }> = [];
  for (const m of body.matchAll(ROW_START)) {
    starts.push({ index: m.index, label: m[1] ?? '', end: m.index + m[0].length });
  }
  const rows: ChannelRow[] = [];
  starts.forEach((st, i) => {
    const next = starts[i + 1]?.index ?? body.length;
    const channel = channelFromLabel(st.label);
    if (!channel) return;
    rows.push(parseRowBody(channel, st.label, body.slice(st.end, next)));
  });
  return rows;
}

/** Structured rows of mod-tthc (`tables.hinh_thuc_nop`). */
export function parseModChannels(
  rows:
    | Array<{ hinh_thuc?: string; thoi_han_giai_quyet?: string; phi_le_phi?: string; mo_ta?: string }>
    | undefined,
): ChannelRow[] {
  const out: ChannelRow[] = [];
  for (const r of rows ?? []) {
    const label = oneLine(r.hinh_thuc);
    const channel = channelFromLabel(label);
    if (!channel) continue;
    const feeRaw = r.phi_le_phi ?? '';
    out.push({
      channel,
      label,
      timeText: oneLine(r.thoi_han_giai_quyet),
      time: parseDuration(r.thoi_han_giai_quyet),
      feeText: oneLine(feeRaw),
      fee: feeRaw.trim()
        ? parseFees(feeRaw)
        : { fees: [], free: false, parsed: false, issues: ['no fee information / không có thông tin phí'] },
      description: oneLine(r.mo_ta),
    });
  }
  return out;
}

/** The legal limit used when a record states none anywhere: visible in provenance, never silent. */
export const DEFAULT_DURATION: Duration = { amount: 10, unit: 'working-day' };
export const DEFAULT_UNIT = 'working-day' as const;

const LIMIT_MENTION = /(\d+(?:[.,]\d+)?)\s*(?:\([^)]{1,15}\)\s*)?(ngày làm việc|ngày|giờ làm việc|giờ)/gi;
const LIMIT_PHRASE =
  /thời hạn(?: giải quyết| xử lý)?(?: là| không quá| tối đa)?\s*:?\s*(\d+(?:[.,]\d+)?)\s*(?:\([^)]{1,15}\)\s*)?(ngày làm việc|ngày|giờ làm việc|giờ)/gi;

function mentions(text: string, re: RegExp): Duration[] {
  const out: Duration[] = [];
  for (const m of oneLine(text).matchAll(re)) {
    const amount = parseAmount(m[1] ?? '');
    const unit = readUnit(m[2] ?? '');
    if (amount && unit && unit.factor === 1) out.push({ amount, unit: unit.unit });
  }
  return out;
}

function longestOf(ds: Duration[]): Duration | undefined {
  return ds.length ? ds.reduce((a, b) => (approxHours(b) > approxHours(a) ? b : a)) : undefined;
}

/**
 * The longest limit stated in free text by the standard phrase "thời hạn [giải quyết] [không quá] N ngày làm
 * việc" (the number must follow the phrase, so "thời hạn từ đủ 12 đến 36 tháng" is not read).
 */
export function durationFromText(text: string): Duration | undefined {
  return longestOf(mentions(text, LIMIT_PHRASE));
}

/**
 * The portal's "Mô tả" cell often states the limit: "28 ngày làm việc kể từ ngày nhận được hồ sơ". `single` is
 * set when the description starts with the only limit it mentions (a plain reading); otherwise `longest` is the
 * longest limit it mentions (cases or stages listed: a bound, to be reported as a default).
 */
export function durationFromDescription(description: string): { single?: Duration; longest?: Duration } {
  const all = mentions(description, LIMIT_MENTION);
  if (all.length === 0) return {};
  const startsWithIt = /^(không quá |tối đa |trong (thời hạn )?)?\d/i.test(oneLine(description));
  if (all.length === 1 && startsWithIt) return { single: all[0]! };
  return { longest: longestOf(all)! };
}

export interface ChannelBuild {
  channels: ChannelSpec[];
  defaults: Defaulted[];
  /** Issues that are not defaults (ambiguous splits, merged cases). */
  warnings: string[];
  stats: { rows: number; durationsParsed: number; feesParsed: number };
}

const CHANNEL_ORDER: Channel[] = ['counter', 'online', 'postal'];

/**
 * Rows → one ChannelSpec per channel. A channel listed twice (limits per case) keeps the longest limit (the legal
 * maximum) and notes the others. Missing values are filled in this order, each reported as a default:
 * unit from the row's description, limit from another channel of the record, limit from `fallbackText`
 * (the record's steps), then DEFAULT_DURATION.
 */
export function buildChannels(rows: ChannelRow[], fallbackText = ''): ChannelBuild {
  const defaults: Defaulted[] = [];
  const warnings: string[] = [];
  let durationsParsed = 0;
  let feesParsed = 0;
  interface Resolved {
    row: ChannelRow;
    duration?: Duration;
    notes: string[];
  }
  const resolved: Resolved[] = rows.map((row) => {
    const notes: string[] = [];
    let duration: Duration | undefined;
    if (row.ambiguity) warnings.push(`${row.channel}: ${row.ambiguity}`);
    if (row.time.duration) {
      duration = row.time.duration;
      durationsParsed++;
      if (row.time.note) notes.push(row.time.note);
    } else if (row.time.unitMissing && row.time.amount !== undefined) {
      const unit = unitFromDescription(row.time.amount, row.description);
      if (unit) {
        duration = { amount: row.time.amount, unit };
        durationsParsed++;
        notes.push('unit read from the description / đơn vị lấy từ mô tả');
      } else {
        duration = { amount: row.time.amount, unit: DEFAULT_UNIT };
        defaults.push({
          field: `channels.${row.channel}.duration.unit`,
          reason: `"${row.timeText}" has no unit; working days assumed / không có đơn vị, mặc định ngày làm việc`,
        });
      }
    }
    if (row.fee.parsed) feesParsed++;
    return { row, ...(duration ? { duration } : {}), notes };
  });

  // Fill missing limits, most faithful first; all but a plain reading of the description are defaults.
  const known = resolved.filter((r) => r.duration).map((r) => r.duration!);
  const longest = longestOf(known);
  const fromSteps = durationFromText(fallbackText);
  for (const r of resolved) {
    if (r.duration) continue;
    const why = r.row.time.reason ?? `no time limit ("${r.row.timeText}")`;
    const desc = durationFromDescription(r.row.description);
    if (desc.single) {
      r.duration = desc.single;
      durationsParsed++;
      r.notes.push(
        `limit read from the description / thời hạn lấy từ mô tả: "${truncate(r.row.description, 80)}"`,
      );
      continue;
    }
    let used: Duration;
    let how: string;
    if (longest) {
      used = longest;
      how = `the record's other channel limit (${formatDuration(used)}) used / dùng thời hạn của kênh khác`;
    } else if (desc.longest) {
      used = desc.longest;
      how = `longest limit in the description (${formatDuration(used)}: "${truncate(r.row.description, 80)}") used / thời hạn dài nhất trong mô tả`;
    } else if (fromSteps) {
      used = fromSteps;
      how = `longest "thời hạn ..." in the steps text (${formatDuration(used)}) used / thời hạn dài nhất trong trình tự thực hiện`;
    } else {
      used = DEFAULT_DURATION;
      how = `default ${formatDuration(DEFAULT_DURATION)} / mặc định`;
    }
    r.duration = used;
    defaults.push({ field: `channels.${r.row.channel}.duration`, reason: `${why}; ${how}` });
  }

  const channels: ChannelSpec[] = [];
  for (const ch of CHANNEL_ORDER) {
    const mine = resolved.filter((r) => r.row.channel === ch);
    if (mine.length === 0) continue;
    const best = mine.reduce((a, b) => (approxHours(b.duration!) > approxHours(a.duration!) ? b : a));
    const notes = [...best.notes];
    if (mine.length > 1) {
      const others = mine.filter((m) => m !== best).map((m) => formatDuration(m.duration!));
      notes.push(
        `${mine.length} rows (cases); longest limit kept, others: ${[...new Set(others)].join(', ')} / nhiều trường hợp`,
      );
    }
    // Fees: the first row with a definite answer; an undefined fee cell is a default (free).
    const feeRow = mine.find((m) => m.row.fee.parsed) ?? best;
    const fee = feeRow.row.fee;
    if (!fee.parsed) {
      defaults.push({
        field: `channels.${ch}.fees`,
        reason: `${fee.issues[0] ?? 'fee not readable'}; no fee recorded / không ghi nhận phí`,
      });
      if (feeRow.row.feeText && !/^không có thông tin/i.test(feeRow.row.feeText))
        notes.push(`phí: ${truncate(feeRow.row.feeText, 200)}`);
    } else {
      for (const issue of fee.issues) warnings.push(`${ch}: ${issue}`);
    }
    const spec: ChannelSpec = { channel: ch, duration: best.duration!, fees: fee.fees };
    if (notes.length) spec.note = truncate(notes.join('; '), 400);
    channels.push(spec);
  }
  if (channels.length === 0) {
    channels.push({ channel: 'counter', duration: fromSteps ?? DEFAULT_DURATION, fees: [] });
    defaults.push({
      field: 'channels',
      reason: fromSteps
        ? `no channel row in the source; counter channel with the longest "thời hạn ..." of the steps text (${formatDuration(fromSteps)}) / không có kênh nộp`
        : `no channel row in the source; counter channel with the default ${formatDuration(DEFAULT_DURATION)} / không có kênh nộp, mặc định`,
    });
  }
  return { channels, defaults, warnings, stats: { rows: rows.length, durationsParsed, feesParsed } };
}
