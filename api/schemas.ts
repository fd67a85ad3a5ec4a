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
const reason: SchemaObject = { ...text(2000), description: 'Lý do / reason (shown to the applicant where relevant)' };
const codeText: SchemaObject = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' };
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
};

export const taskListQuery: SchemaObject = {
  type: 'object',
  additionalProperties: false,
  properties: {
    status: { type: 'string', maxLength: 64, description: 'comma-separated: open,claimed,completed,cancelled' },
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
    agency: { type: 'string', maxLength: 64 },
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
