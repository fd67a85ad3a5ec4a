/**
 * A readable difference between two versions of a procedure: metadata fields (procedure.json), steps and other
 * nodes added / removed / changed (durations, roles, outcomes...), and flows — never raw XML. Works on the
 * compiled IR, so a BPMN version and a step-list version compare the same way.
 */
import type {
  ComponentSpec,
  Duration,
  IrFlow,
  IrNode,
  IrNodeKind,
  LocalizedText,
  ProcedureIr,
  ProcedureMetadata,
} from '../../../ir/index.js';
import { formatDuration } from './compiler-shared.js';
import { END_OUTCOME_LABELS, ROLE_LABELS, UNIT_LABELS } from './motcua-fields.js';
import type { Lang, Text } from './text.js';

export interface VersionSnapshot {
  version?: number;
  metadata?: ProcedureMetadata;
  ir?: ProcedureIr;
}

export type ChangeKind = 'added' | 'removed' | 'changed';

export interface FieldChange {
  /** Slash-separated path of the field, e.g. `channels/counter/duration` or `duration` within a node. */
  path: string;
  label: Text;
  change: ChangeKind;
  before?: unknown;
  after?: unknown;
  beforeText: Text;
  afterText: Text;
}

export interface NodeChange {
  id: string;
  kind: IrNodeKind;
  name: LocalizedText;
  change: ChangeKind;
  /** Field changes of a changed node (empty for added / removed nodes). */
  fields: FieldChange[];
}

export interface FlowChange {
  id: string;
  change: ChangeKind;
  /** "source → target" with node names. */
  label: Text;
  fields: FieldChange[];
}

export interface VersionDiff {
  from?: number;
  to?: number;
  metadata: FieldChange[];
  nodes: NodeChange[];
  flows: FlowChange[];
}

// ---------------------------------------------------------------------------------------------------------------
// Value formatting
// ---------------------------------------------------------------------------------------------------------------

const EMPTY: Text = { vi: '—', en: '—' };

const CHANNEL_LABELS: Record<string, Text> = {
  counter: { vi: 'trực tiếp', en: 'at the counter' },
  online: { vi: 'trực tuyến', en: 'online' },
  postal: { vi: 'bưu chính', en: 'by post' },
};
const LEVEL_LABELS: Record<string, Text> = {
  province: { vi: 'cấp tỉnh', en: 'province' },
  district: { vi: 'cấp huyện', en: 'district' },
  commune: { vi: 'cấp xã', en: 'commune' },
  ministry: { vi: 'cấp bộ', en: 'ministry' },
  other: { vi: 'khác', en: 'other' },
};
const COMPONENT_KIND_LABELS: Record<string, Text> = {
  original: { vi: 'bản chính', en: 'original' },
  copy: { vi: 'bản sao', en: 'copy' },
  'certified-copy': { vi: 'bản sao chứng thực', en: 'certified copy' },
  'original-or-copy': { vi: 'bản chính hoặc bản sao', en: 'original or copy' },
  electronic: { vi: 'bản điện tử', en: 'electronic' },
};
const NODE_KIND_LABELS: Record<IrNodeKind, Text> = {
  startEvent: { vi: 'Sự kiện bắt đầu', en: 'Start event' },
  endEvent: { vi: 'Sự kiện kết thúc', en: 'End event' },
  userTask: { vi: 'Bước xử lý', en: 'Step' },
  serviceTask: { vi: 'Tác vụ tự động', en: 'Service task' },
  exclusiveGateway: { vi: 'Cổng rẽ nhánh', en: 'Exclusive gateway' },
  parallelGateway: { vi: 'Cổng song song', en: 'Parallel gateway' },
  inclusiveGateway: { vi: 'Cổng bao hàm', en: 'Inclusive gateway' },
  timerEvent: { vi: 'Hẹn giờ', en: 'Timer' },
  boundaryTimerEvent: { vi: 'Hẹn giờ trên bước', en: 'Boundary timer' },
  callActivity: { vi: 'Gọi thủ tục (liên thông)', en: 'Call activity' },
};

export function nodeKindLabel(kind: IrNodeKind): Text {
  return NODE_KIND_LABELS[kind];
}

function isDuration(v: unknown): v is Duration {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as Duration).amount === 'number' &&
    typeof (v as Duration).unit === 'string'
  );
}

function isLocalized(v: unknown): v is LocalizedText {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    typeof (v as LocalizedText).vi === 'string' &&
    Object.keys(v).every((k) => k === 'vi' || k === 'en')
  );
}

function both(f: (lang: Lang) => string): Text {
  return { vi: f('vi'), en: f('en') };
}

function num(n: number, lang: Lang): string {
  return lang === 'vi' ? String(n).replace('.', ',') : String(n);
}

/** Human text for a value; `field` (the last path segment) selects labels for coded values. */
export function formatValue(value: unknown, field = ''): Text {
  if (value === undefined || value === null || value === '') return EMPTY;
  const table: Record<string, Text> | undefined =
    field === 'role' || field === 'escalationRole'
      ? (ROLE_LABELS as Record<string, Text>)
      : field === 'channel'
        ? CHANNEL_LABELS
        : field === 'level'
          ? LEVEL_LABELS
          : field === 'unit'
            ? (UNIT_LABELS as Record<string, Text>)
            : field === 'kind'
              ? { ...COMPONENT_KIND_LABELS, ...NODE_KIND_LABELS }
              : field === 'outcome'
                ? (END_OUTCOME_LABELS as Record<string, Text>)
                : undefined;
  if (typeof value === 'string') {
    const t = table?.[value];
    return t ? both((l) => `${t[l]} (${value})`) : { vi: value, en: value };
  }
  if (typeof value === 'number') return both((l) => num(value, l));
  if (typeof value === 'boolean') return value ? { vi: 'có', en: 'yes' } : { vi: 'không', en: 'no' };
  if (isDuration(value)) return both((l) => formatDuration(value, l));
  if (isLocalized(value)) return both((l) => (l === 'en' && value.en ? value.en : value.vi));
  if (Array.isArray(value)) {
    if (value.length === 0) return EMPTY;
    const parts = value.map((v) => formatValue(v, field));
    return both((l) => parts.map((p) => p[l]).join(', '));
  }
  const o = value as Record<string, unknown>;
  // Whole objects appear when an item is added or removed: summarise by what identifies them.
  if (typeof o.channel === 'string' && isDuration(o.duration)) {
    const c = formatValue(o.channel, 'channel');
    const d = formatValue(o.duration);
    return both((l) => `${c[l]}: ${d[l]}`);
  }
  if (typeof o.amount === 'number' && o.currency === 'VND') {
    const name = isLocalized(o.name) ? formatValue(o.name) : undefined;
    const amount = o.amount;
    return both(
      (l) =>
        `${name ? name[l] + ': ' : ''}${amount.toLocaleString(l === 'vi' ? 'vi-VN' : 'en-US')} VND${o.per ? '/' + String(o.per) : ''}`,
    );
  }
  if (isLocalized(o.name)) return formatValue(o.name);
  if ('duration' in o && isDuration(o.duration)) return formatValue(o.duration);
  if (typeof o.slaFraction === 'number') {
    const f = o.slaFraction;
    return both((l) =>
      l === 'vi' ? `${num(f, l)} × thời hạn của bước` : `${num(f, l)} × the task time limit`,
    );
  }
  const s = JSON.stringify(value);
  return { vi: s, en: s };
}

// ---------------------------------------------------------------------------------------------------------------
// Generic structural diff
// ---------------------------------------------------------------------------------------------------------------

interface RawChange {
  segs: string[];
  change: ChangeKind;
  before?: unknown;
  after?: unknown;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

const isPrimitive = (x: unknown): boolean => typeof x !== 'object' || x === null;

/** Values compared as a whole: primitives, durations, and lists of primitives (outcomes, participants). */
function isLeafPair(a: unknown, b: unknown): boolean {
  if (isPrimitive(a) || isPrimitive(b) || isDuration(a) || isDuration(b)) return true;
  if (Array.isArray(a) !== Array.isArray(b)) return true;
  return Array.isArray(a) && Array.isArray(b) && [...a, ...b].every(isPrimitive);
}

/** Arrays of objects are matched by their identity field when they have one (components by id, channels by channel). */
function itemKey(item: unknown, index: number): string {
  if (typeof item === 'object' && item !== null) {
    const o = item as Record<string, unknown>;
    if (typeof o.id === 'string') return o.id;
    if (typeof o.channel === 'string') return o.channel;
  }
  return String(index);
}

function diffValue(a: unknown, b: unknown, segs: string[], out: RawChange[]): void {
  if (deepEqual(a, b)) return;
  if (a === undefined) return void out.push({ segs, change: 'added', after: b });
  if (b === undefined) return void out.push({ segs, change: 'removed', before: a });
  if (isLeafPair(a, b)) return void out.push({ segs, change: 'changed', before: a, after: b });
  if (Array.isArray(a) && Array.isArray(b)) {
    const ma = new Map(a.map((x, i) => [itemKey(x, i), x] as const));
    const mb = new Map(b.map((x, i) => [itemKey(x, i), x] as const));
    const keys = [...mb.keys(), ...[...ma.keys()].filter((k) => !mb.has(k))];
    for (const k of keys) diffValue(ma.get(k), mb.get(k), [...segs, k], out);
    return;
  }
  const oa = a as Record<string, unknown>;
  const ob = b as Record<string, unknown>;
  const keys = [...Object.keys(ob), ...Object.keys(oa).filter((k) => !(k in ob))];
  for (const k of keys) diffValue(oa[k], ob[k], [...segs, k], out);
}

function toFieldChange(c: RawChange, label: Text): FieldChange {
  const field = [...c.segs].reverse().find((s) => !/^\d+$/.test(s) && s !== 'vi' && s !== 'en') ?? '';
  const fc: FieldChange = {
    path: c.segs.join('/'),
    label,
    change: c.change,
    beforeText: formatValue(c.before, field),
    afterText: formatValue(c.after, field),
  };
  if (c.before !== undefined) fc.before = c.before;
  if (c.after !== undefined) fc.after = c.after;
  return fc;
}

// ---------------------------------------------------------------------------------------------------------------
// Labels
// ---------------------------------------------------------------------------------------------------------------

const LANG_SUFFIX: Record<string, Text> = {
  vi: { vi: ' (tiếng Việt)', en: ' (Vietnamese)' },
  en: { vi: ' (tiếng Anh)', en: ' (English)' },
};

const METADATA_LABELS: Record<string, Text> = {
  code: { vi: 'Mã thủ tục', en: 'Procedure code' },
  names: { vi: 'Tên thủ tục', en: 'Procedure name' },
  level: { vi: 'Cấp thực hiện', en: 'Level' },
  sector: { vi: 'Lĩnh vực', en: 'Sector' },
  agency: { vi: 'Cơ quan chủ trì', en: 'Responsible agency' },
  result: { vi: 'Kết quả thực hiện', en: 'Result' },
  participants: { vi: 'Cơ quan phối hợp', en: 'Participating agencies' },
  validFrom: { vi: 'Ngày có hiệu lực', en: 'Valid from' },
  validTo: { vi: 'Ngày hết hiệu lực', en: 'Valid to' },
  model: { vi: 'Tệp mô hình', en: 'Model file' },
  provenance: { vi: 'Nguồn dữ liệu', en: 'Provenance' },
  cutoff: { vi: 'Giờ chốt nhận hồ sơ', en: 'Cut-off' },
  'cutoff/paper': { vi: 'Giờ chốt nhận hồ sơ giấy', en: 'Paper cut-off time' },
  'cutoff/online': { vi: 'Cách tính hồ sơ trực tuyến ngoài giờ', en: 'Online filings outside working time' },
};

const CHANNEL_FIELD_LABELS: Record<string, Text> = {
  duration: { vi: 'Thời hạn giải quyết', en: 'Time limit' },
  fees: { vi: 'Phí, lệ phí', en: 'Fees' },
  note: { vi: 'Ghi chú', en: 'Note' },
};
const FEE_FIELD_LABELS: Record<string, Text> = {
  amount: { vi: 'mức thu', en: 'amount' },
  name: { vi: 'tên', en: 'name' },
  per: { vi: 'đơn vị tính', en: 'charged per' },
  note: { vi: 'ghi chú', en: 'note' },
  currency: { vi: 'tiền tệ', en: 'currency' },
};
const COMPONENT_FIELD_LABELS: Record<string, Text> = {
  name: { vi: 'tên', en: 'name' },
  required: { vi: 'bắt buộc', en: 'required' },
  kind: { vi: 'loại bản', en: 'kind' },
  count: { vi: 'số lượng', en: 'count' },
  template: { vi: 'mẫu đơn, tờ khai', en: 'form template' },
};

function join(parts: Text[], sep = ' — '): Text {
  return both((l) => parts.map((p) => p[l]).join(sep));
}

function metadataLabel(
  segs: string[],
  a: ProcedureMetadata | undefined,
  b: ProcedureMetadata | undefined,
): Text {
  const [head = '', second, third, fourth, fifth] = segs;
  const lang = (s: string | undefined): Text => (s && LANG_SUFFIX[s]) || { vi: '', en: '' };
  if (head === 'channels' && second !== undefined) {
    const ch = CHANNEL_LABELS[second] ?? { vi: second, en: second };
    const channel = both((l) => (l === 'vi' ? `cách thức ${ch[l]}` : `channel ${ch[l]}`));
    if (third === undefined)
      return both((l) => (l === 'vi' ? `Cách thức thực hiện: ${ch[l]}` : `Channel: ${ch[l]}`));
    const field = CHANNEL_FIELD_LABELS[third] ?? { vi: third, en: third };
    if (third === 'fees' && fourth !== undefined) {
      const n = Number(fourth) + 1;
      const fee = both((l) => `${field[l]} ${n}`);
      const sub = fifth ? join([FEE_FIELD_LABELS[fifth] ?? { vi: fifth, en: fifth }], '') : undefined;
      return sub ? join([both((l) => `${fee[l]}, ${sub[l]}`), channel]) : join([fee, channel]);
    }
    return join([field, channel]);
  }
  if (head === 'components' && second !== undefined) {
    const find = (m?: ProcedureMetadata): ComponentSpec | undefined =>
      m?.components.find((c) => c.id === second);
    const comp = find(b) ?? find(a);
    const name = comp ? comp.name : { vi: second };
    const base = both(
      (l) =>
        `${l === 'vi' ? 'Thành phần hồ sơ' : 'Dossier component'} “${l === 'en' && name.en ? name.en : name.vi}”`,
    );
    if (third === undefined) return base;
    const field = COMPONENT_FIELD_LABELS[third] ?? { vi: third, en: third };
    return both((l) => `${base[l]}: ${field[l]}${lang(fourth)[l]}`);
  }
  const key = segs.filter((s) => s !== 'vi' && s !== 'en').join('/');
  const label = METADATA_LABELS[key] ?? METADATA_LABELS[head] ?? { vi: key, en: key };
  const last = segs[segs.length - 1];
  return both((l) => `${label[l]}${segs.length > 1 ? lang(last)[l] : ''}`);
}

const NODE_FIELD_LABELS: Record<string, Text> = {
  kind: { vi: 'Loại phần tử', en: 'Element type' },
  name: { vi: 'Tên', en: 'Name' },
  role: { vi: 'Vai trò xử lý', en: 'Role' },
  agency: { vi: 'Cơ quan xử lý', en: 'Agency' },
  duration: { vi: 'Thời hạn', en: 'Duration' },
  warningAt: { vi: 'Ngưỡng cảnh báo', en: 'Warning threshold' },
  escalationRole: { vi: 'Vai trò nhận chuyển cấp', en: 'Escalation role' },
  outcomes: { vi: 'Kết quả xử lý', en: 'Outcomes' },
  form: { vi: 'Biểu mẫu', en: 'Form' },
  plugin: { vi: 'Plugin', en: 'Plugin' },
  input: { vi: 'Đầu vào plugin', en: 'Plugin input' },
  resultVariable: { vi: 'Biến nhận kết quả', en: 'Result variable' },
  defaultFlow: { vi: 'Luồng mặc định', en: 'Default flow' },
  timer: { vi: 'Hẹn giờ', en: 'Timer' },
  attachedTo: { vi: 'Gắn vào bước', en: 'Attached to' },
  interrupting: { vi: 'Ngắt bước', en: 'Interrupting' },
  procedure: { vi: 'Thủ tục được gọi', en: 'Called procedure' },
  outcome: { vi: 'Kết quả hồ sơ', en: 'Dossier outcome' },
  source: { vi: 'Từ', en: 'From' },
  target: { vi: 'Tới', en: 'To' },
  condition: { vi: 'Điều kiện', en: 'Condition' },
};

function nodeFieldLabel(segs: string[]): Text {
  const [head = '', second, third] = segs;
  const base = NODE_FIELD_LABELS[head] ?? { vi: head, en: head };
  if (head === 'name' || (head === 'timer' && second === undefined))
    return both((l) => `${base[l]}${second ? (LANG_SUFFIX[second]?.[l] ?? '') : ''}`);
  if (head === 'input' && second !== undefined) return both((l) => `${base[l]} “${second}”`);
  if (head === 'timer' && second !== undefined) {
    const sub =
      second === 'slaFraction'
        ? { vi: 'theo tỷ lệ thời hạn', en: 'fraction of the SLA' }
        : (NODE_FIELD_LABELS[second] ?? { vi: second, en: second });
    return both((l) => `${base[l]}: ${sub[l]}${third ? ' ' + third : ''}`);
  }
  return second === undefined ? base : both((l) => `${base[l]} ${segs.slice(1).join('/')}`);
}

// ---------------------------------------------------------------------------------------------------------------
// The diff
// ---------------------------------------------------------------------------------------------------------------

/** Node fields that are structure already shown by the flow and node lists. */
const STRUCTURAL = new Set(['id', 'incoming', 'outgoing', 'boundaryEvents']);

function nodeBody(n: IrNode): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(n)) if (!STRUCTURAL.has(k)) out[k] = v;
  return out;
}

function flowBody(f: IrFlow, names: Map<string, LocalizedText>): Record<string, unknown> {
  const out: Record<string, unknown> = {
    source: names.get(f.source) ?? { vi: f.source },
    target: names.get(f.target) ?? { vi: f.target },
  };
  if (f.name) out.name = f.name;
  if (f.condition !== undefined) out.condition = f.condition;
  return out;
}

/** Compare two versions; either side may lack metadata or IR (then that part is not compared). */
export function diffVersions(a: VersionSnapshot, b: VersionSnapshot): VersionDiff {
  const diff: VersionDiff = { metadata: [], nodes: [], flows: [] };
  if (a.version !== undefined) diff.from = a.version;
  if (b.version !== undefined) diff.to = b.version;

  if (a.metadata && b.metadata) {
    const raw: RawChange[] = [];
    diffValue(a.metadata, b.metadata, [], raw);
    diff.metadata = raw.map((c) => toFieldChange(c, metadataLabel(c.segs, a.metadata, b.metadata)));
  }

  if (a.ir && b.ir) {
    const na = new Map(a.ir.nodes.map((n) => [n.id, n]));
    const nb = new Map(b.ir.nodes.map((n) => [n.id, n]));
    for (const n of b.ir.nodes) {
      const old = na.get(n.id);
      if (!old) {
        diff.nodes.push({ id: n.id, kind: n.kind, name: n.name, change: 'added', fields: [] });
        continue;
      }
      const raw: RawChange[] = [];
      diffValue(nodeBody(old), nodeBody(n), [], raw);
      if (raw.length)
        diff.nodes.push({
          id: n.id,
          kind: n.kind,
          name: n.name,
          change: 'changed',
          fields: raw.map((c) => toFieldChange(c, nodeFieldLabel(c.segs))),
        });
    }
    for (const n of a.ir.nodes)
      if (!nb.has(n.id))
        diff.nodes.push({ id: n.id, kind: n.kind, name: n.name, change: 'removed', fields: [] });

    const names = new Map<string, LocalizedText>([...a.ir.nodes, ...b.ir.nodes].map((n) => [n.id, n.name]));
    const fa = new Map(a.ir.flows.map((f) => [f.id, f]));
    const fb = new Map(b.ir.flows.map((f) => [f.id, f]));
    const flowLabel = (f: IrFlow): Text => {
      const s = formatValue(names.get(f.source) ?? f.source);
      const t = formatValue(names.get(f.target) ?? f.target);
      return both((l) => `${s[l]} → ${t[l]}`);
    };
    for (const f of b.ir.flows) {
      const old = fa.get(f.id);
      if (!old) {
        diff.flows.push({
          id: f.id,
          change: 'added',
          label: flowLabel(f),
          fields: f.condition
            ? [
                toFieldChange(
                  { segs: ['condition'], change: 'added', after: f.condition },
                  NODE_FIELD_LABELS.condition!,
                ),
              ]
            : [],
        });
        continue;
      }
      const raw: RawChange[] = [];
      diffValue(flowBody(old, names), flowBody(f, names), [], raw);
      if (raw.length)
        diff.flows.push({
          id: f.id,
          change: 'changed',
          label: flowLabel(f),
          fields: raw.map((c) => toFieldChange(c, nodeFieldLabel(c.segs))),
        });
    }
    for (const f of a.ir.flows)
      if (!fb.has(f.id)) diff.flows.push({ id: f.id, change: 'removed', label: flowLabel(f), fields: [] });
  }
  return diff;
}

export function isEmptyDiff(d: VersionDiff): boolean {
  return d.metadata.length === 0 && d.nodes.length === 0 && d.flows.length === 0;
}

/** Fields a duration editor may change, per node kind (mirrors duration-edit.ts on the IR side). */
const DURATION_FIELDS: Partial<Record<IrNodeKind, readonly string[]>> = {
  userTask: ['duration', 'warningAt'],
  callActivity: ['duration'],
};

/** True when the only differences are step durations and warning thresholds (what a duration editor may do). */
export function isDurationOnly(d: VersionDiff): boolean {
  if (d.metadata.length || d.flows.length) return false;
  return d.nodes.every(
    (n) => n.change === 'changed' && n.fields.every((f) => (DURATION_FIELDS[n.kind] ?? []).includes(f.path)),
  );
}

const CHANGE_WORDS: Record<ChangeKind, Text> = {
  added: { vi: 'Thêm', en: 'Added' },
  removed: { vi: 'Xóa', en: 'Removed' },
  changed: { vi: 'Sửa', en: 'Changed' },
};

export function changeWord(c: ChangeKind): Text {
  return CHANGE_WORDS[c];
}

function fieldLine(f: FieldChange, lang: Lang): string {
  if (f.change === 'added') return `${f.label[lang]}: ${f.afterText[lang]}`;
  if (f.change === 'removed') return `${f.label[lang]}: ${f.beforeText[lang]} → ${EMPTY[lang]}`;
  return `${f.label[lang]}: ${f.beforeText[lang]} → ${f.afterText[lang]}`;
}

/** The diff as plain lines, e.g. for a change note or a text export. */
export function describeDiff(d: VersionDiff, lang: Lang): string[] {
  const lines: string[] = [];
  const nothing = { vi: 'Không có thay đổi.', en: 'No changes.' };
  if (isEmptyDiff(d)) return [nothing[lang]];
  for (const f of d.metadata) lines.push(`${CHANGE_WORDS[f.change][lang]} ${fieldLine(f, lang)}`);
  for (const n of d.nodes) {
    const head = `${CHANGE_WORDS[n.change][lang]} ${NODE_KIND_LABELS[n.kind][lang].toLowerCase()} “${formatValue(n.name)[lang]}” (${n.id})`;
    lines.push(n.fields.length ? `${head}: ${n.fields.map((f) => fieldLine(f, lang)).join('; ')}` : head);
  }
  for (const f of d.flows) {
    const word = `${CHANGE_WORDS[f.change][lang]} ${lang === 'vi' ? 'luồng' : 'flow'} ${f.label[lang]}`;
    lines.push(f.fields.length ? `${word}: ${f.fields.map((x) => fieldLine(x, lang)).join('; ')}` : word);
  }
  return lines;
}
