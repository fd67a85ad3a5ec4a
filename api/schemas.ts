/**
 * JSON Schemas of request bodies and queries. ajv validates requests with these very objects and the OpenAPI
 * document publishes them, so the two never disagree. Keep to keywords both understand (no $ref across schemas:
 * shared parts are composed in TypeScript).
 */
import type { SchemaObject } from 'ajv';
import { CHANNELS, END_OUTCOMES } from '../ir/index.js';

export const LEVELS = ['province', 'district', 'commune', 'ministry', 'other'] as const;

const text = (max: number, min = 1): SchemaObject => ({ type: 'string', minLength: min, maxLength: max });
const localized: SchemaObject = {
  type: 'object',
  required: ['vi'],
  additionalProperties: false,
  properties: { vi: text(2000), en: text(2000) },
};
const reason: SchemaObject = {
  ...text(2000),
  description: 'Lý do / reason (shown to the applicant where relevant)',
};
const codeText: SchemaObject = {
  type: 'string',
  minLength: 1,
  maxLength: 64,
  pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$',
};
const page = {
  limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
  offset: { type: 'integer', minimum: 0, maximum: 1_000_000, default: 0 },
};

export const applicantSchema: SchemaObject = {
  type: 'object',
  required: ['type', 'name', 'idNumber', 'phone', 'address'],
  additionalProperties: false,
  properties: {
    type: { type: 'string', enum: ['person', 'organisation'] },
    name: text(256),
    /** Citizen ID (CCCD, 12 digits), passport, or enterprise / tax code. */
    idNumber: { type: 'string', minLength: 6, maxLength: 20, pattern: '^[A-Za-z0-9-]+$' },
    phone: { type: 'string', minLength: 8, maxLength: 20, pattern: '^\\+?[0-9][0-9 .-]{6,18}[0-9]$' },
    address: text(512),
    email: { type: 'string', format: 'email', maxLength: 256 },
    representative: text(256),
  },
  examples: [
    {
      type: 'person',
      name: 'Nguyễn Văn An',
      idNumber: '038090001234',
      phone: '0912345678',
      address: '12 Lê Lợi, phường Điện Biên, Thanh Hóa',
    },
  ],
};

export const intakeSchema: SchemaObject = {
  type: 'object',
  required: ['procedureCode', 'channel', 'applicant'],
  additionalProperties: false,
  properties: {
    procedureCode: codeText,
    level: { type: 'string', enum: [...LEVELS] },
    channel: { type: 'string', enum: [...CHANNELS] },
    applicant: applicantSchema,
    data: { type: 'object', maxProperties: 200, default: {} },
    /**
     * Components handed over on paper at the counter or by post (counted as supplied, to be digitised later).
     */
    paperComponents: {
      type: 'array',
      maxItems: 100,
      uniqueItems: true,
      items: { type: 'string', minLength: 1, maxLength: 64 },
    },
    note: text(2000, 0),
  },
  examples: [
    {
      procedureCode: 'MC.000001',
      channel: 'counter',
      applicant: {
        type: 'person',
        name: 'Nguyễn Văn An',
        idNumber: '038090001234',
        phone: '0912345678',
        address: '12 Lê Lợi, Thanh Hóa',
      },
      data: {},
    },
  ],
};

export const taskClaimSchema: SchemaObject = {
  type: 'object',
  additionalProperties: false,
  properties: {},
  examples: [{}],
};

export const taskCompleteSchema: SchemaObject = {
  type: 'object',
  required: ['outcome'],
  additionalProperties: false,
  properties: {
    outcome: text(64),
    data: { type: 'object', maxProperties: 200 },
    note: text(2000, 0),
  },
  examples: [{ outcome: 'done', data: {} }],
};

export const taskReturnSchema: SchemaObject = {
  type: 'object',
  required: ['toNodeId', 'reason'],
  additionalProperties: false,
  properties: { toNodeId: text(128), reason },
  examples: [{ toNodeId: 'receive', reason: 'Thiếu chữ ký / missing signature' }],
};

export const taskReassignSchema: SchemaObject = {
  type: 'object',
  required: ['assignee'],
  additionalProperties: false,
  properties: { assignee: text(128), reason },
  examples: [{ assignee: 'chuyenvien2', reason: 'Cân đối khối lượng / workload balancing' }],
};

export const taskEscalateSchema: SchemaObject = {
  type: 'object',
  required: ['toRole', 'reason'],
  additionalProperties: false,
  properties: { toRole: text(64), reason },
  examples: [{ toRole: 'department-head', reason: 'Quá hạn / overdue' }],
};

export const taskListQuery: SchemaObject = {
  type: 'object',
  additionalProperties: false,
  properties: {
    status: {
      type: 'string',
      maxLength: 64,
      description: 'comma-separated: open,claimed,completed,cancelled',
    },
    role: { type: 'string', maxLength: 256, description: 'comma-separated roles' },
    agency: { type: 'string', maxLength: 1024, description: 'comma-separated agency codes' },
    assignee: { type: 'string', maxLength: 128, description: '"me" for the caller' },
    dossier: { type: 'string', maxLength: 64, description: 'dossier code' },
    overdue: { type: 'boolean' },
    dueBefore: { type: 'string', format: 'date-time' },
    ...page,
  },
};

export const procedureListQuery: SchemaObject = {
  type: 'object',
  additionalProperties: false,
  properties: {
    q: { type: 'string', maxLength: 200 },
    code: { type: 'string', maxLength: 64 },
    sector: { type: 'string', maxLength: 200 },
    level: { type: 'string', enum: [...LEVELS] },
    agency: {
      type: 'string',
      maxLength: 1024,
      description:
        'Mã cơ quan, nhiều mã cách nhau bằng dấu phẩy; mã không tồn tại → 422 / ' +
        'agency code, or several comma-separated; an unknown code answers 422',
      examples: ['STP', 'STP,UBND-TP'],
    },
    agencyScope: {
      type: 'string',
      enum: ['exact', 'subtree'],
      default: 'exact',
      description:
        "'exact': chỉ các cơ quan đã nêu; 'subtree': cả các cơ quan trực thuộc (cần agency) / " +
        "'exact': only the agencies given; 'subtree': they and every agency under them (needs agency)",
      examples: ['subtree'],
    },
    status: { type: 'string', enum: ['draft', 'published', 'retired'] },
    ...page,
  },
};

export const procedureGetQuery: SchemaObject = {
  type: 'object',
  additionalProperties: false,
  properties: { level: { type: 'string', enum: [...LEVELS] }, version: { type: 'integer', minimum: 1 } },
};

export { localized, reason, text, codeText, page };
export const endOutcomeSchema: SchemaObject = { type: 'string', enum: [...END_OUTCOMES] };

export const dossierListQuery: SchemaObject = {
  type: 'object',
  additionalProperties: false,
  properties: {
    status: { type: 'string', maxLength: 256, description: 'comma-separated internal statuses' },
    agency: { type: 'string', maxLength: 1024, description: 'comma-separated agency codes' },
    procedure: { type: 'string', maxLength: 64 },
    channel: { type: 'string', enum: [...CHANNELS] },
    from: { type: 'string', format: 'date-time' },
    to: { type: 'string', format: 'date-time' },
    overdue: { type: 'boolean' },
    q: { type: 'string', maxLength: 64, description: 'dossier code prefix or applicant ID number' },
    ...page,
  },
};

export const signInSchema: SchemaObject = {
  type: 'object',
  required: ['username', 'password'],
  additionalProperties: false,
  properties: { username: text(128), password: text(256) },
  examples: [{ username: 'admin', password: 'change-me' }],
};

export const passwordChangeSchema: SchemaObject = {
  type: 'object',
  required: ['currentPassword', 'newPassword'],
  additionalProperties: false,
  properties: { currentPassword: text(256), newPassword: text(256, 10) },
  examples: [{ currentPassword: 'mat-khau-cu', newPassword: 'mat-khau-moi-du-dai' }],
};

const roleGrant: SchemaObject = {
  type: 'object',
  required: ['role', 'agency'],
  additionalProperties: false,
  properties: {
    role: {
      type: 'string',
      enum: [
        'receptionist',
        'specialist',
        'division-head',
        'department-head',
        'supervisor',
        'publisher',
        'duration-editor',
        'admin',
      ],
    },
    agency: {
      type: 'string',
      minLength: 1,
      maxLength: 64,
      description: "agency code, or '*' for every agency",
    },
  },
};

export const userCreateSchema: SchemaObject = {
  type: 'object',
  required: ['username', 'password', 'fullName', 'roles'],
  additionalProperties: false,
  properties: {
    username: { type: 'string', minLength: 3, maxLength: 64, pattern: '^[a-z0-9][a-z0-9._-]*$' },
    password: text(256, 10),
    fullName: text(256),
    email: { type: 'string', format: 'email', maxLength: 256 },
    phone: { type: 'string', minLength: 8, maxLength: 20, pattern: '^\\+?[0-9][0-9 .-]{6,18}[0-9]$' },
    roles: { type: 'array', maxItems: 50, items: roleGrant },
  },
  examples: [
    {
      username: 'tiepnhan1',
      password: 'mat-khau-du-dai',
      fullName: 'Lê Thị Bình',
      roles: [{ role: 'receptionist', agency: 'STP' }],
    },
  ],
};

export const userUpdateSchema: SchemaObject = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    password: text(256, 10),
    fullName: text(256),
    email: { type: ['string', 'null'], format: 'email', maxLength: 256 },
    phone: { type: ['string', 'null'], maxLength: 20 },
    active: { type: 'boolean' },
    roles: { type: 'array', maxItems: 50, items: roleGrant },
    reason,
  },
  examples: [{ roles: [{ role: 'specialist', agency: 'STP' }], reason: 'Điều chuyển / transfer' }],
};

export const userListQuery: SchemaObject = {
  type: 'object',
  additionalProperties: false,
  properties: {
    q: { type: 'string', maxLength: 64 },
    role: { type: 'string', maxLength: 64 },
    agency: { type: 'string', maxLength: 64 },
    ...page,
  },
};

export const agencyUpsertSchema: SchemaObject = {
  type: 'object',
  required: ['level', 'names'],
  additionalProperties: false,
  properties: {
    parentCode: { type: ['string', 'null'], maxLength: 64 },
    level: { type: 'string', enum: [...LEVELS] },
    names: localized,
    unitCode: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9.]*$' },
    reason,
  },
  examples: [
    { level: 'province', names: { vi: 'Sở Tư pháp', en: 'Department of Justice' }, unitCode: 'H15.01' },
  ],
};

export const reasonBodySchema: SchemaObject = {
  type: 'object',
  required: ['reason'],
  additionalProperties: false,
  properties: { reason },
  examples: [{ reason: 'Công dân có đơn xin rút hồ sơ / the applicant asked in writing to withdraw' }],
};

export const supplementRequestSchema: SchemaObject = {
  type: 'object',
  required: ['reason', 'missing'],
  additionalProperties: false,
  properties: {
    reason,
    missing: { type: 'array', minItems: 1, maxItems: 100, items: text(500) },
  },
  examples: [
    {
      reason: 'Bản sao chưa chứng thực / copy not certified',
      missing: ['Bản sao chứng thực CCCD / certified copy of the citizen ID'],
    },
  ],
};

/** Financial obligation (national status 6): the clocks pause until the e-receipt is recorded (POST .../fees). */
export const paymentRequestSchema: SchemaObject = {
  type: 'object',
  required: ['reason', 'amount'],
  additionalProperties: false,
  properties: {
    reason,
    amount: {
      type: 'integer',
      minimum: 1,
      maximum: 1_000_000_000_000,
      description: 'Tổng số tiền phải nộp (VND) / total to pay (VND)',
    },
    items: {
      type: 'array',
      maxItems: 100,
      items: {
        type: 'object',
        required: ['name', 'amount'],
        additionalProperties: false,
        properties: {
          name: text(500),
          amount: { type: 'integer', minimum: 0, maximum: 1_000_000_000_000 },
        },
      },
    },
  },
  examples: [
    {
      reason: 'Nộp lệ phí trước bạ và phí thẩm định / registration fee and appraisal charge',
      amount: 2_150_000,
      items: [
        { name: 'Lệ phí trước bạ / registration fee', amount: 2_000_000 },
        { name: 'Phí thẩm định hồ sơ / appraisal charge', amount: 150_000 },
      ],
    },
  ],
};

export const supplementSchema: SchemaObject = {
  type: 'object',
  additionalProperties: false,
  properties: {
    note: text(2000, 0),
    paperComponents: { type: 'array', maxItems: 100, uniqueItems: true, items: text(64) },
  },
  examples: [{ note: 'Đã nộp bản sao chứng thực / certified copy supplied' }],
};

export const apologySchema: SchemaObject = {
  type: 'object',
  required: ['reason', 'newAppointmentAt'],
  additionalProperties: false,
  properties: { reason, newAppointmentAt: { type: 'string', format: 'date-time' } },
  examples: [
    {
      reason: 'Cần xác minh thực địa / a site check is needed',
      newAppointmentAt: '2026-12-01T10:00:00+07:00',
    },
  ],
};

export const feeSchema: SchemaObject = {
  type: 'object',
  required: ['receiptNo', 'amount'],
  additionalProperties: false,
  properties: {
    receiptNo: { type: 'string', minLength: 3, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9/._-]*$' },
    amount: { type: 'integer', minimum: 0, maximum: 1_000_000_000_000 },
    note: text(500, 0),
  },
  examples: [{ receiptNo: 'BL-2026-000123', amount: 50000 }],
};

export const resultsSchema: SchemaObject = {
  type: 'object',
  additionalProperties: false,
  properties: { note: text(2000, 0) },
  examples: [{ note: 'Giấy chứng nhận đã ký / signed certificate' }],
};

export const retryIncidentSchema: SchemaObject = {
  type: 'object',
  additionalProperties: false,
  properties: { reason: text(2000, 0) },
  examples: [{ reason: 'Dịch vụ đã hoạt động lại / the service is back' }],
};

export const intakeSlipSchema: SchemaObject = {
  type: 'object',
  required: ['procedureCode', 'applicant'],
  additionalProperties: false,
  properties: {
    procedureCode: codeText,
    level: { type: 'string', enum: [...LEVELS] },
    applicant: applicantSchema,
    /** Components the applicant brought (the slip lists the required ones missing). */
    supplied: { type: 'array', maxItems: 100, uniqueItems: true, items: text(64) },
    reason: text(2000, 0),
  },
  examples: [
    {
      procedureCode: 'MC.000001',
      applicant: {
        type: 'person',
        name: 'Nguyễn Văn An',
        idNumber: '038090001234',
        phone: '0912345678',
        address: '12 Lê Lợi, Thanh Hóa',
      },
      supplied: [],
    },
  ],
};

export const lookupQuery: SchemaObject = {
  type: 'object',
  additionalProperties: false,
  properties: { secret: { type: 'string', minLength: 4, maxLength: 32 } },
};

export const ratingSchema: SchemaObject = {
  type: 'object',
  required: ['score'],
  additionalProperties: false,
  properties: {
    secret: { type: 'string', minLength: 4, maxLength: 32 },
    score: { type: 'integer', minimum: 1, maximum: 5 },
    comment: text(2000, 0),
  },
  examples: [{ secret: '5678', score: 5, comment: 'Nhanh, chu đáo / quick and helpful' }],
};

export const publicSupplementSchema: SchemaObject = {
  type: 'object',
  additionalProperties: false,
  properties: { secret: { type: 'string', minLength: 4, maxLength: 32 }, note: text(2000, 0) },
  examples: [{ secret: '5678', note: 'Bổ sung bản sao / copy supplied' }],
};

const durationSchema: SchemaObject = {
  type: 'object',
  required: ['amount', 'unit'],
  additionalProperties: false,
  properties: {
    amount: { type: 'number', exclusiveMinimum: 0, maximum: 3650 },
    unit: { type: 'string', enum: ['working-day', 'working-hour', 'calendar-day'] },
  },
};

export const draftSchema: SchemaObject = {
  type: 'object',
  required: ['metadata', 'modelKind', 'modelSource'],
  additionalProperties: false,
  properties: {
    /** procedure.json (checked in full by the compiler; the fields below are needed to file the draft). */
    metadata: {
      type: 'object',
      required: ['code', 'level', 'names', 'sector', 'agency'],
      properties: {
        code: codeText,
        level: { type: 'string', enum: [...LEVELS] },
        names: { type: 'object', required: ['vi'], properties: { vi: text(2000), en: text(2000) } },
        sector: text(200),
        agency: codeText,
      },
    },
    modelKind: { type: 'string', enum: ['bpmn', 'steps'] },
    /** The BPMN XML or the steps.json text. */
    modelSource: { type: 'string', minLength: 1, maxLength: 2_000_000 },
    changeNote: text(2000, 0),
  },
  examples: [
    {
      metadata: {
        code: 'MC.000099',
        names: { vi: 'Thủ tục mẫu', en: 'Sample procedure' },
        level: 'province',
        sector: 'Hộ tịch',
        agency: 'STP',
        channels: [{ channel: 'counter', duration: { amount: 2, unit: 'working-day' }, fees: [] }],
        components: [
          { id: 'don', name: { vi: 'Đơn', en: 'Form' }, required: true, kind: 'original', count: 1 },
        ],
        result: { vi: 'Kết quả', en: 'Result' },
        model: 'steps.json',
      },
      modelKind: 'steps',
      modelSource:
        '{"steps":[{"id":"receive","name":{"vi":"Tiếp nhận"},"role":"receptionist","duration":{"amount":0.5,"unit":"working-day"}}]}',
      changeNote: 'Bản nháp đầu / first draft',
    },
  ],
};

export const publishSchema: SchemaObject = {
  type: 'object',
  required: ['changeNote'],
  additionalProperties: false,
  properties: { changeNote: text(2000) },
  examples: [{ changeNote: 'Rút ngắn thời hạn thẩm định / shorter appraisal' }],
};

export const durationsSchema: SchemaObject = {
  type: 'object',
  required: ['changeNote'],
  additionalProperties: false,
  properties: {
    /** Step (user task) id → its new duration. */
    durations: {
      type: 'object',
      maxProperties: 200,
      additionalProperties: durationSchema,
    },
    /** Step (user task) id → its warning threshold, a fraction of the step's SLA (0.75 = warn at 75%). */
    warningThresholds: {
      type: 'object',
      maxProperties: 200,
      additionalProperties: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
    },
    changeNote: text(2000),
  },
  // At least one change of either kind.
  anyOf: [
    { required: ['durations'], properties: { durations: { type: 'object', minProperties: 1 } } },
    {
      required: ['warningThresholds'],
      properties: { warningThresholds: { type: 'object', minProperties: 1 } },
    },
  ],
  examples: [
    {
      durations: { approve: { amount: 0.5, unit: 'working-day' } },
      warningThresholds: { approve: 0.8 },
      changeNote: 'Cắt giảm thời gian phê duyệt / faster approval',
    },
  ],
};

export const versionPathQuery: SchemaObject = {
  type: 'object',
  additionalProperties: false,
  properties: { level: { type: 'string', enum: [...LEVELS] } },
};

export const statsQuery: SchemaObject = {
  type: 'object',
  additionalProperties: false,
  properties: {
    groupBy: {
      type: 'string',
      enum: ['agency', 'procedure', 'sector', 'level', 'channel', 'month', 'day', 'none'],
      default: 'agency',
    },
    from: {
      type: 'string',
      format: 'date',
      description: 'first day (Vietnam time), default: the first of this month',
    },
    to: { type: 'string', format: 'date', description: 'last day included (Vietnam time), default: today' },
    agency: { type: 'string', maxLength: 1024 },
    procedure: { type: 'string', maxLength: 64 },
    sector: { type: 'string', maxLength: 200 },
    level: { type: 'string', enum: [...LEVELS] },
    format: { type: 'string', enum: ['json', 'csv', 'xlsx'], default: 'json' },
  },
};

/** Answers of the statistics endpoints (documented in OpenAPI; the API builds them, ajv does not check them). */
const count = (description: string): SchemaObject => ({ type: 'integer', minimum: 0, description });
export const dossierStatsRowSchema: SchemaObject = {
  type: 'object',
  required: [
    'key',
    'received',
    'resolved',
    'early',
    'onTime',
    'late',
    'onTimeRate',
    'pending',
    'pendingOnTime',
    'pendingOverdue',
    'supplement',
    'waitingPayment',
    'refused',
    'withdrawn',
    'stopped',
  ],
  properties: {
    key: {
      type: 'string',
      description: 'the group (agency, procedure, sector, level, channel, YYYY-MM, YYYY-MM-DD, all)',
    },
    received: count('Tiếp nhận / received in the period'),
    resolved: count('Đã giải quyết / returned in the period'),
    early: count('Trước hạn / returned early'),
    onTime: count('Đúng hạn / returned on time'),
    late: count('Quá hạn / returned late'),
    onTimeRate: {
      type: ['number', 'null'],
      description: '(early + onTime) / resolved in %, null when nothing was resolved',
    },
    pending: count('Đang giải quyết / open now (received before the end of the period)'),
    pendingOnTime: count('Chưa đến hạn / open, not yet due'),
    pendingOverdue: count('Quá hạn chưa xong / open and past the appointment date'),
    supplement: count('Chờ bổ sung / open, waiting for a supplement (national status 5); part of pending'),
    waitingPayment: count(
      'Chờ nghĩa vụ tài chính / open, waiting for the financial obligation (national status 6); part of pending',
    ),
    refused: count('Từ chối / refused in the period'),
    withdrawn: count('Rút / withdrawn in the period'),
    stopped: count('Dừng / stopped in the period'),
  },
};
export const dossierStatsResponse: SchemaObject = {
  type: 'object',
  required: ['groupBy', 'from', 'to', 'items', 'total'],
  properties: {
    groupBy: { type: 'string' },
    from: { type: 'string', format: 'date' },
    to: { type: 'string', format: 'date' },
    items: { type: 'array', items: dossierStatsRowSchema },
    total: dossierStatsRowSchema,
  },
};
export const publicStatsResponse: SchemaObject = {
  type: 'object',
  required: ['period', 'from', 'to', 'items'],
  properties: {
    period: { type: 'string', enum: ['today', 'month', 'year'] },
    from: { type: 'string', format: 'date' },
    to: { type: 'string', format: 'date' },
    items: { type: 'array', items: dossierStatsRowSchema, description: 'per agency' },
  },
};

export const publicStatsQuery: SchemaObject = {
  type: 'object',
  additionalProperties: false,
  properties: {
    agency: { type: 'string', maxLength: 64 },
    period: { type: 'string', enum: ['today', 'month', 'year'], default: 'month' },
  },
};

export const auditQuery: SchemaObject = {
  type: 'object',
  additionalProperties: false,
  properties: {
    actor: { type: 'string', maxLength: 128 },
    action: { type: 'string', maxLength: 64 },
    targetType: { type: 'string', maxLength: 32 },
    targetId: { type: 'string', maxLength: 160 },
    since: { type: 'string', format: 'date-time' },
    ...page,
  },
};

// Supervision (routes/supervision.ts)

/** Working days (fractions allowed) without progress after which a running dossier counts as stuck. */
const idleWorkingDays: SchemaObject = {
  type: 'number',
  exclusiveMinimum: 0,
  maximum: 60,
  description:
    'Số ngày làm việc không có tiến triển thì coi là ách tắc / idle working days before a dossier counts as stuck',
};

export const supervisionSettingsSchema: SchemaObject = {
  type: 'object',
  additionalProperties: false,
  required: ['idleWorkingDays'],
  properties: { idleWorkingDays, reason: { type: 'string', maxLength: 500 } },
  examples: [{ idleWorkingDays: 1.5, reason: 'Giảm cảnh báo giả / fewer false alarms' }],
};

export const supervisionScanSchema: SchemaObject = {
  type: 'object',
  additionalProperties: false,
  properties: {
    idleWorkingDays: {
      ...idleWorkingDays,
      description: 'Chỉ cho lượt quét này / for this run only (default: the saved setting)',
    },
  },
  examples: [{ idleWorkingDays: 0.5 }],
};

export const supervisionDeadlinesQuery: SchemaObject = {
  type: 'object',
  additionalProperties: false,
  properties: {
    which: {
      type: 'string',
      enum: ['late', 'near'],
      default: 'late',
      description: 'late = quá hạn / overdue; near = sắp đến hạn / near the deadline',
    },
    withinHours: {
      type: 'number',
      minimum: 0,
      maximum: 24 * 60,
      default: 48,
      description: 'which=near: hạn trong số giờ tới / due within these hours',
    },
    limit: { type: 'integer', minimum: 1, maximum: 500, default: 200 },
  },
};

export const supervisionReportsQuery: SchemaObject = {
  type: 'object',
  additionalProperties: false,
  properties: { kind: { type: 'string', enum: ['daily', 'monthly'] } },
};
