/**
 * The motcua extension attributes as the properties panel presents them: which BPMN elements carry which
 * attribute, in which group, with which widget, labels and checks. The attribute names and the element types
 * they extend come from the compiler's moddle descriptor (compiler/moddle/motcua.json); a unit test keeps this
 * table and the descriptor in step, so the panel can never offer an attribute the compiler does not read.
 */
import {
  END_OUTCOMES,
  TASK_ROLES,
  type DurationUnit,
  type EndOutcome,
  type TaskRole,
} from '../../../ir/index.js';
import {
  diag,
  DURATION_UNITS,
  normaliseAmount,
  parseNumber,
  readDuration,
  readOutcomes,
} from './compiler-shared.js';
import type { Lang, Text } from './text.js';

export const MOTCUA_PREFIX = 'motcua';
export const MOTCUA_URI = 'http://motcua.gov.vn/schema/bpmn/1.0';

export type FieldGroupId =
  | 'motcua-assignment'
  | 'motcua-time'
  | 'motcua-outcomes'
  | 'motcua-plugin'
  | 'motcua-call'
  | 'motcua-end'
  | 'general';
export type FieldWidget = 'text' | 'number' | 'select' | 'outcome-list';
/** Every select starts with an empty choice: a new element has no value yet, and some attributes are optional. */
export type OptionSource = 'task-role' | 'duration-unit' | 'end-outcome';

export interface MotcuaField {
  /** Attribute name without the prefix, as in the moddle descriptor. */
  name: string;
  /** BPMN types the descriptor extends with this attribute. */
  types: readonly string[];
  group: FieldGroupId;
  widget: FieldWidget;
  options?: OptionSource;
  label: Text;
  description?: Text;
  /** Timer attributes only make sense on events that have a timer definition. */
  timerEventsOnly?: boolean;
}

export const ROLE_LABELS: Record<TaskRole, Text> = {
  receptionist: { vi: 'Bộ phận một cửa (tiếp nhận)', en: 'Receptionist (one-stop counter)' },
  specialist: { vi: 'Chuyên viên', en: 'Specialist' },
  'division-head': { vi: 'Lãnh đạo phòng', en: 'Head of division' },
  'department-head': { vi: 'Lãnh đạo sở / UBND', en: 'Head of department' },
  supervisor: { vi: 'Giám sát / lãnh đạo trung tâm', en: 'Supervisor / centre director' },
};

export const UNIT_LABELS: Record<DurationUnit, Text> = {
  'working-day': { vi: 'ngày làm việc', en: 'working days' },
  'working-hour': { vi: 'giờ làm việc', en: 'working hours' },
  'calendar-day': { vi: 'ngày lịch', en: 'calendar days' },
};

export const END_OUTCOME_LABELS: Record<EndOutcome, Text> = {
  returned: { vi: 'Trả kết quả', en: 'Result returned' },
  refused: { vi: 'Từ chối giải quyết', en: 'Refused' },
  withdrawn: { vi: 'Rút hồ sơ', en: 'Withdrawn' },
  stopped: { vi: 'Dừng xử lý', en: 'Stopped' },
};

export const GROUP_LABELS: Record<Exclude<FieldGroupId, 'general'> | 'motcua-inputs' | 'motcua-timer', Text> =
  {
    'motcua-assignment': { vi: 'Phân công xử lý', en: 'Assignment' },
    'motcua-time': { vi: 'Thời hạn xử lý', en: 'Time limit' },
    'motcua-timer': { vi: 'Hẹn giờ', en: 'Timer' },
    'motcua-outcomes': { vi: 'Kết quả xử lý', en: 'Outcomes' },
    'motcua-plugin': { vi: 'Tích hợp (plugin)', en: 'Integration (plugin)' },
    'motcua-inputs': { vi: 'Ánh xạ đầu vào plugin', en: 'Plugin input mapping' },
    'motcua-call': { vi: 'Thủ tục được gọi (liên thông)', en: 'Called procedure (inter-agency)' },
    'motcua-end': { vi: 'Kết thúc hồ sơ', en: 'How the dossier ends' },
  };

const TIME_TYPES = [
  'bpmn:UserTask',
  'bpmn:CallActivity',
  'bpmn:IntermediateCatchEvent',
  'bpmn:BoundaryEvent',
] as const;

export const MOTCUA_FIELDS: readonly MotcuaField[] = [
  {
    name: 'nameEn',
    types: ['bpmn:FlowElement'],
    group: 'general',
    widget: 'text',
    label: { vi: 'Tên tiếng Anh', en: 'English name' },
  },
  {
    name: 'role',
    types: ['bpmn:UserTask'],
    group: 'motcua-assignment',
    widget: 'select',
    options: 'task-role',
    label: { vi: 'Vai trò xử lý', en: 'Role' },
    description: { vi: 'Ai nhận việc này trong hộp việc.', en: 'Who gets this task in their inbox.' },
  },
  {
    name: 'agency',
    types: ['bpmn:UserTask', 'bpmn:CallActivity'],
    group: 'motcua-assignment',
    widget: 'text',
    label: { vi: 'Cơ quan xử lý (mã)', en: 'Agency (code)' },
    description: { vi: 'Để trống: cơ quan chủ trì thủ tục.', en: "Empty: the procedure's agency." },
  },
  {
    name: 'form',
    types: ['bpmn:UserTask'],
    group: 'motcua-assignment',
    widget: 'text',
    label: { vi: 'Biểu mẫu hoàn thành', en: 'Completion form' },
    description: {
      vi: 'Mã biểu mẫu (JSON Schema) của dữ liệu khi hoàn thành bước.',
      en: 'Id of the form (JSON Schema) filled when the task completes.',
    },
  },
  {
    name: 'duration',
    types: TIME_TYPES,
    group: 'motcua-time',
    widget: 'number',
    timerEventsOnly: true,
    label: { vi: 'Thời hạn', en: 'Duration' },
    description: {
      vi: 'Số dương, có thể lẻ: 0,5 hoặc 0.25.',
      en: 'A positive number; fractions such as 0.5 are fine.',
    },
  },
  {
    name: 'durationUnit',
    types: TIME_TYPES,
    group: 'motcua-time',
    widget: 'select',
    options: 'duration-unit',
    timerEventsOnly: true,
    label: { vi: 'Đơn vị thời hạn', en: 'Duration unit' },
  },
  {
    name: 'warningAt',
    types: ['bpmn:UserTask'],
    group: 'motcua-time',
    widget: 'number',
    label: { vi: 'Ngưỡng cảnh báo', en: 'Warning threshold' },
    description: {
      vi: 'Tỷ lệ thời hạn đã dùng khi cảnh báo, ví dụ 0,75 (mặc định).',
      en: 'Share of the time used when the warning fires, e.g. 0.75 (default).',
    },
  },
  {
    name: 'escalationRole',
    types: ['bpmn:UserTask'],
    group: 'motcua-time',
    widget: 'select',
    options: 'task-role',
    label: { vi: 'Vai trò nhận chuyển cấp khi quá hạn', en: 'Escalation role when late' },
  },
  {
    name: 'slaFraction',
    types: ['bpmn:BoundaryEvent'],
    group: 'motcua-time',
    widget: 'number',
    timerEventsOnly: true,
    label: { vi: 'Theo tỷ lệ thời hạn của bước', en: "Fraction of the task's time limit" },
    description: {
      vi: 'Thay cho thời hạn cố định, ví dụ 0,5 = nửa thời hạn của bước.',
      en: 'Instead of a fixed duration, e.g. 0.5 = half of the task time limit.',
    },
  },
  {
    name: 'outcomes',
    types: ['bpmn:UserTask'],
    group: 'motcua-outcomes',
    widget: 'outcome-list',
    label: { vi: 'Kết quả', en: 'Outcome' },
  },
  {
    name: 'plugin',
    types: ['bpmn:ServiceTask'],
    group: 'motcua-plugin',
    widget: 'text',
    label: { vi: 'Loại plugin', en: 'Plugin type' },
    description: { vi: 'Ví dụ notify.webhook.', en: 'E.g. notify.webhook.' },
  },
  {
    name: 'resultVariable',
    types: ['bpmn:ServiceTask'],
    group: 'motcua-plugin',
    widget: 'text',
    label: { vi: 'Biến nhận kết quả', en: 'Result variable' },
  },
  {
    name: 'procedure',
    types: ['bpmn:CallActivity'],
    group: 'motcua-call',
    widget: 'text',
    label: { vi: 'Mã thủ tục được gọi', en: 'Called procedure code' },
    description: {
      vi: 'Ví dụ 1.001193; phiên bản công bố mới nhất được dùng khi gọi.',
      en: 'E.g. 1.001193; its latest published version is used.',
    },
  },
  {
    name: 'outcome',
    types: ['bpmn:EndEvent'],
    group: 'motcua-end',
    widget: 'select',
    options: 'end-outcome',
    label: { vi: 'Kết quả hồ sơ', en: 'Dossier outcome' },
  },
];

/** Extension elements (not attributes) of the descriptor and where the panel edits them. */
export const MOTCUA_ELEMENTS = {
  inputMapping: {
    type: 'motcua:InputMapping',
    item: 'motcua:Input',
    collection: 'inputs',
    allowedIn: ['bpmn:ServiceTask'],
  },
} as const;

export const INPUT_LABELS = {
  item: { vi: 'Trường {target}', en: 'Field {target}' },
  target: { vi: 'Trường đầu vào', en: 'Input field' },
  source: { vi: 'Giá trị (biểu thức FEEL)', en: 'Value (FEEL expression)' },
  add: { vi: 'Thêm ánh xạ', en: 'Add mapping' },
} as const;

export interface SelectOption {
  value: string;
  label: string;
}

export function fieldOptions(source: OptionSource, lang: Lang): SelectOption[] {
  const none: SelectOption = { value: '', label: lang === 'vi' ? '(không chọn)' : '(none)' };
  switch (source) {
    case 'task-role':
      return [none, ...TASK_ROLES.map((r) => ({ value: r, label: `${ROLE_LABELS[r][lang]} — ${r}` }))];
    case 'duration-unit':
      return [none, ...DURATION_UNITS.map((u) => ({ value: u, label: UNIT_LABELS[u][lang] }))];
    case 'end-outcome':
      return [
        none,
        ...END_OUTCOMES.map((o) => ({ value: o, label: `${END_OUTCOME_LABELS[o][lang]} — ${o}` })),
      ];
  }
}

/**
 * The fields shown for an element. `isA` answers BPMN type membership with inheritance (bpmn-js `is`), so the
 * table stays free of the modeler and testable in Node.
 */
export function fieldsFor(isA: (type: string) => boolean, hasTimer: boolean): MotcuaField[] {
  return MOTCUA_FIELDS.filter(
    (f) => f.types.some(isA) && (!f.timerEventsOnly || hasTimer || !isTimerHost(isA)),
  );
}

/** Events only carry time attributes when they are timers; tasks and call activities always may. */
function isTimerHost(isA: (type: string) => boolean): boolean {
  return isA('bpmn:IntermediateCatchEvent') || isA('bpmn:BoundaryEvent');
}

// ---------------------------------------------------------------------------------------------------------------
// Outcome lists: motcua:outcomes holds "approve,refuse"; the panel edits it as a list.
// ---------------------------------------------------------------------------------------------------------------

export function parseOutcomes(raw: string | undefined): string[] {
  if (!raw) return [];
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export function formatOutcomes(list: readonly string[]): string | undefined {
  const clean = list.map((s) => s.trim()).filter((s) => s !== '');
  return clean.length ? clean.join(',') : undefined;
}

/** A name for a new outcome that is not taken yet: outcome-2, outcome-3, ... */
export function nextOutcomeName(list: readonly string[]): string {
  for (let i = list.length + 1; ; i++) {
    const name = `outcome-${i}`;
    if (!list.includes(name)) return name;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Checks while typing. The server compiler is the authority; these give the same message (same code) earlier.
// ---------------------------------------------------------------------------------------------------------------

/**
 * The problem with a value typed into a field, or undefined when it is acceptable. Durations and outcomes go
 * through the compiler's own readers, so the panel and the compiler accept exactly the same values.
 */
export function checkFieldValue(field: string, value: string, elementName: string): Text | undefined {
  const v = value.trim();
  const name = elementName || '?';
  const toText = (d: { message: string; messageEn: string } | undefined): Text | undefined =>
    d ? { vi: d.message, en: d.messageEn } : undefined;
  if (v === '') return undefined;
  switch (field) {
    case 'duration':
      return toText(
        readDuration({ id: name, name, duration: v, durationUnit: 'working-day' }, true).problems[0],
      );
    case 'warningAt': {
      const n = parseNumber(v);
      return n === undefined || n <= 0 || n >= 1 ? toText(diag('MC504', { value: v, name })) : undefined;
    }
    case 'slaFraction': {
      const n = parseNumber(v);
      return n === undefined || n <= 0 || n > 10 ? toText(diag('MC313', { value: v })) : undefined;
    }
    case 'outcome-item':
      return toText(readOutcomes({ id: name, name, outcomes: v }).problems[0]);
    default:
      return undefined;
  }
}

/** What is stored for a typed number: "0,5" becomes "0.5"; anything unparsable is stored as typed (and flagged). */
export function normaliseNumberInput(value: string): string | undefined {
  const v = value.trim();
  if (v === '') return undefined;
  const n = parseNumber(v);
  return n === undefined ? v : String(normaliseAmount(n));
}
