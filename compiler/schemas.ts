/**
 * JSON Schema validation (ajv) of procedure.json, steps.json and the IR. The schemas live in
 * procedure-models/schemas/ (shared with editors and the API); validators are compiled once per process.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { repoRoot } from '../config/index.js';

export const schemaDir = path.join(repoRoot, 'procedure-models', 'schemas');

function loadSchema(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(schemaDir, name), 'utf8')) as Record<string, unknown>;
}

let validators: { procedure: ValidateFunction; steps: ValidateFunction; ir: ValidateFunction } | undefined;

/** Compiled lazily so that importing the compiler stays cheap until something is validated. */
export function getValidators(): {
  procedure: ValidateFunction;
  steps: ValidateFunction;
  ir: ValidateFunction;
} {
  if (!validators) {
    const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
    validators = {
      procedure: ajv.compile(loadSchema('procedure.schema.json')),
      steps: ajv.compile(loadSchema('steps.schema.json')),
      ir: ajv.compile(loadSchema('ir.schema.json')),
    };
  }
  return validators;
}

export interface SchemaProblem {
  /** JSON Pointer of the offending value ('' = the document). */
  path: string;
  vi: string;
  en: string;
}

function quote(v: unknown): string {
  return JSON.stringify(v);
}

/** Translate one ajv error into Vietnamese and English. */
function describe(e: ErrorObject): { vi: string; en: string; path: string } {
  const p = e.params as Record<string, unknown>;
  let at = e.instancePath;
  switch (e.keyword) {
    case 'required':
      at = `${at}/${String(p.missingProperty)}`;
      return {
        path: at,
        vi: `thiếu trường bắt buộc "${String(p.missingProperty)}"`,
        en: `required field "${String(p.missingProperty)}" is missing`,
      };
    case 'additionalProperties':
      at = `${at}/${String(p.additionalProperty)}`;
      return {
        path: at,
        vi: `trường "${String(p.additionalProperty)}" không được phép`,
        en: `field "${String(p.additionalProperty)}" is not allowed`,
      };
    case 'type':
      return { path: at, vi: `phải có kiểu ${String(p.type)}`, en: `must be of type ${String(p.type)}` };
    case 'enum':
      return {
        path: at,
        vi: `phải là một trong ${quote(p.allowedValues)}`,
        en: `must be one of ${quote(p.allowedValues)}`,
      };
    case 'const':
      return {
        path: at,
        vi: `phải bằng ${quote(p.allowedValue)}`,
        en: `must equal ${quote(p.allowedValue)}`,
      };
    case 'pattern':
      return {
        path: at,
        vi: `không đúng dạng ${String(p.pattern)}`,
        en: `does not match ${String(p.pattern)}`,
      };
    case 'minLength':
      return {
        path: at,
        vi: `phải có ít nhất ${String(p.limit)} ký tự`,
        en: `must have at least ${String(p.limit)} characters`,
      };
    case 'maxLength':
      return {
        path: at,
        vi: `không được quá ${String(p.limit)} ký tự`,
        en: `must have at most ${String(p.limit)} characters`,
      };
    case 'minItems':
      return {
        path: at,
        vi: `phải có ít nhất ${String(p.limit)} phần tử`,
        en: `must have at least ${String(p.limit)} items`,
      };
    case 'maxItems':
      return {
        path: at,
        vi: `không được quá ${String(p.limit)} phần tử`,
        en: `must have at most ${String(p.limit)} items`,
      };
    case 'uniqueItems':
      return {
        path: at,
        vi: `có phần tử trùng (vị trí ${String(p.j)} và ${String(p.i)})`,
        en: `has duplicate items (positions ${String(p.j)} and ${String(p.i)})`,
      };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const cmp = String(p.comparison);
      const vi =
        { '>': 'lớn hơn', '>=': 'lớn hơn hoặc bằng', '<': 'nhỏ hơn', '<=': 'nhỏ hơn hoặc bằng' }[cmp] ?? cmp;
      const en = { '>': 'greater than', '>=': 'at least', '<': 'less than', '<=': 'at most' }[cmp] ?? cmp;
      return { path: at, vi: `phải ${vi} ${String(p.limit)}`, en: `must be ${en} ${String(p.limit)}` };
    }
    default:
      return { path: at, vi: e.message ?? e.keyword, en: e.message ?? e.keyword };
  }
}

/** Validate and return problems (empty = valid). `if` errors are noise from the discriminators and dropped. */
export function schemaProblems(validate: ValidateFunction, value: unknown, max = 20): SchemaProblem[] {
  if (validate(value)) return [];
  const seen = new Set<string>();
  const out: SchemaProblem[] = [];
  for (const e of validate.errors ?? []) {
    if (e.keyword === 'if' || e.keyword === 'oneOf' || e.keyword === 'allOf') continue;
    const d = describe(e);
    const key = `${d.path}|${d.en}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(d);
    if (out.length >= max) break;
  }
  return out;
}
