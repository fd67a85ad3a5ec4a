/**
 * Request validation with ajv from the same JSON Schemas the OpenAPI document publishes (schemas.ts). Errors name
 * the field and the reason in Vietnamese and English.
 */
import { Ajv, type ErrorObject, type SchemaObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { ValidationError, type FieldProblem } from './errors.js';

type AddFormats = (ajv: Ajv) => Ajv;
const addFormats: AddFormats =
  (addFormatsModule as unknown as { default?: AddFormats }).default ??
  (addFormatsModule as unknown as AddFormats);

const bodyAjv = new Ajv({ allErrors: true, strict: true, useDefaults: true });
// Query strings carry text only: coerce "20" to 20 and "true" to true there, never in bodies.
const queryAjv = new Ajv({ allErrors: true, strict: true, useDefaults: true, coerceTypes: 'array' });
addFormats(bodyAjv);
addFormats(queryAjv);

const cache = new Map<SchemaObject, ValidateFunction>();
const queryCache = new Map<SchemaObject, ValidateFunction>();

function compiled(schema: SchemaObject, query: boolean): ValidateFunction {
  const map = query ? queryCache : cache;
  let fn = map.get(schema);
  if (!fn) {
    fn = (query ? queryAjv : bodyAjv).compile(schema);
    map.set(schema, fn);
  }
  return fn;
}

function fieldOf(e: ErrorObject, prefix: string): string {
  const path = e.instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (e.keyword === 'required') path.push(String((e.params as { missingProperty: string }).missingProperty));
  if (e.keyword === 'additionalProperties') {
    path.push(String((e.params as { additionalProperty: string }).additionalProperty));
  }
  const joined = path
    .map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`))
    .join('')
    .replace(/^\./, '');
  return prefix ? (joined ? `${prefix}.${joined}`.replace('.[', '[') : prefix) : joined || '(body)';
}

function messageOf(e: ErrorObject): { vi: string; en: string } {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return { vi: 'thiếu trường bắt buộc', en: 'is required' };
    case 'type':
      return { vi: `phải có kiểu ${String(p.type)}`, en: `must be of type ${String(p.type)}` };
    case 'enum': {
      const allowed = (p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ');
      return { vi: `phải là một trong: ${allowed}`, en: `must be one of: ${allowed}` };
    }
    case 'const':
      return {
        vi: `phải bằng ${JSON.stringify(p.allowedValue)}`,
        en: `must equal ${JSON.stringify(p.allowedValue)}`,
      };
    case 'minLength':
      return {
        vi: `cần ít nhất ${String(p.limit)} ký tự`,
        en: `must have at least ${String(p.limit)} characters`,
      };
    case 'maxLength':
      return { vi: `tối đa ${String(p.limit)} ký tự`, en: `must have at most ${String(p.limit)} characters` };
    case 'minimum':
    case 'exclusiveMinimum':
      return {
        vi: `phải ${String(p.comparison)} ${String(p.limit)}`,
        en: `must be ${String(p.comparison)} ${String(p.limit)}`,
      };
    case 'maximum':
    case 'exclusiveMaximum':
      return {
        vi: `phải ${String(p.comparison)} ${String(p.limit)}`,
        en: `must be ${String(p.comparison)} ${String(p.limit)}`,
      };
    case 'pattern':
      return {
        vi: `không đúng định dạng (${String(p.pattern)})`,
        en: `does not match the format ${String(p.pattern)}`,
      };
    case 'format':
      return { vi: `không đúng định dạng ${String(p.format)}`, en: `must be a valid ${String(p.format)}` };
    case 'additionalProperties':
      return { vi: 'trường không được phép', en: 'is not an allowed field' };
    case 'minItems':
      return {
        vi: `cần ít nhất ${String(p.limit)} phần tử`,
        en: `must have at least ${String(p.limit)} items`,
      };
    case 'maxItems':
      return { vi: `tối đa ${String(p.limit)} phần tử`, en: `must have at most ${String(p.limit)} items` };
    case 'uniqueItems':
      return { vi: 'các phần tử không được trùng nhau', en: 'items must be unique' };
    case 'minProperties':
      return { vi: 'không được để trống', en: 'must not be empty' };
    case 'maxProperties':
      return { vi: `tối đa ${String(p.limit)} trường`, en: `must have at most ${String(p.limit)} fields` };
    default:
      return { vi: `không hợp lệ (${e.keyword})`, en: `is invalid (${e.keyword})` };
  }
}

function problems(errors: ErrorObject[] | null | undefined, prefix: string): FieldProblem[] {
  const out: FieldProblem[] = [];
  const seen = new Set<string>();
  for (const e of errors ?? []) {
    // oneOf/anyOf summaries repeat what their branches said.
    if (e.keyword === 'oneOf' || e.keyword === 'anyOf' || e.keyword === 'if') continue;
    const field = fieldOf(e, prefix);
    const message = messageOf(e);
    const key = `${field}\u0000${message.en}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ field, message });
  }
  return out;
}

/** Validates (and fills defaults into) a parsed JSON body; throws ValidationError naming each bad field. */
export function validateBody<T>(schema: SchemaObject, body: unknown, prefix = ''): T {
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ValidationError([
      {
        field: prefix || '(body)',
        message: { vi: 'phải là một đối tượng JSON', en: 'must be a JSON object' },
      },
    ]);
  }
  const fn = compiled(schema, false);
  if (!fn(body)) throw new ValidationError(problems(fn.errors, prefix));
  return body as T;
}

/** Validates a query string (values coerced to the schema's types, defaults filled); returns a fresh object. */
export function validateQuery<T>(schema: SchemaObject, query: unknown): T {
  const copy = { ...((query as Record<string, unknown>) ?? {}) };
  const fn = compiled(schema, true);
  if (!fn(copy)) throw new ValidationError(problems(fn.errors, 'query'));
  return copy as T;
}

/** Splits a comma-separated query value ("open,claimed") into a list. */
export function listParam(value: string | string[] | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const parts = (Array.isArray(value) ? value : [value]).flatMap((v) => v.split(',')).map((v) => v.trim());
  const list = parts.filter((v) => v !== '');
  return list.length ? list : undefined;
}
