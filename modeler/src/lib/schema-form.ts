/**
 * A form model driven by a JSON Schema (procedure.json's schema, procedure-models/schemas/procedure.schema.json):
 * the schema decides which fields exist, their kinds, choices, required marks and checks; a label table adds the
 * Vietnamese and English wording. The DOM layer only renders the tree and calls the edit functions here.
 * Validation uses @cfworker/json-schema, which needs no eval (the console runs under a strict CSP).
 */
import { Validator, type OutputUnit, type Schema } from '@cfworker/json-schema';
import { parseNumber } from './compiler-shared.js';
import type { Diagnostic } from './compiler-shared.js';
import type { Text } from './text.js';

export interface JsonSchema {
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  description?: string;
  title?: string;
  default?: unknown;
  additionalProperties?: boolean | JsonSchema;
}

export type FieldKind = 'text' | 'number' | 'integer' | 'boolean' | 'select' | 'const';

export interface FormOption {
  value: string;
  label: Text;
}

interface NodeBase {
  /** JSON Pointer of the value (RFC 6901), '' for the document. */
  pointer: string;
  /** The pointer with array indices replaced by `*`, used to look labels up. */
  path: string;
  label: Text;
  description?: Text;
  required: boolean;
  schema: JsonSchema;
}
export interface FormField extends NodeBase {
  type: 'field';
  kind: FieldKind;
  value: unknown;
  options?: FormOption[];
}
export interface FormObject extends NodeBase {
  type: 'object';
  /** False for an optional object that is absent from the value (its fields show empty). */
  present: boolean;
  children: FormNode[];
}
export interface FormArray extends NodeBase {
  type: 'array';
  items: FormNode[];
  minItems: number;
  maxItems?: number;
  canAdd: boolean;
  canRemove: boolean;
}
export type FormNode = FormField | FormObject | FormArray;

export interface FormLabels {
  /** Labels per path (`channels/*\/duration/amount`); fallback: the schema's title/description, then the key. */
  fields: Record<string, Text>;
  /** Labels of enum values per path. */
  options?: Record<string, Record<string, Text>>;
  /** Paths not shown in the form (kept in the value as they are). */
  hidden?: readonly string[];
}

// ---------------------------------------------------------------------------------------------------------------
// Pointers and immutable edits
// ---------------------------------------------------------------------------------------------------------------

export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new Error(`JSON Pointer must start with "/": ${pointer}`);
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function toPointer(segs: ReadonlyArray<string | number>): string {
  return segs.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

export function getAt(value: unknown, pointer: string): unknown {
  let cur = value;
  for (const s of parsePointer(pointer)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[s];
  }
  return cur;
}

function isEmptyValue(v: unknown): boolean {
  return (
    v === undefined ||
    v === '' ||
    (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every(isEmptyValue))
  );
}

/**
 * A copy of `root` with the value at `pointer` replaced. `undefined` (or an empty string) removes an optional
 * property, and an object left empty by that is removed too, so clearing a field never leaves `{}` or `""` behind
 * where the schema wants the property absent. Required properties keep their empty value (the check reports it).
 */
export function setAt(root: unknown, pointer: string, value: unknown, schema?: JsonSchema): unknown {
  const segs = parsePointer(pointer);
  const walk = (cur: unknown, i: number, sch: JsonSchema | undefined): unknown => {
    if (i === segs.length) return value;
    const key = segs[i] as string;
    const s = sch && schema ? resolve(sch, schema) : undefined;
    if (Array.isArray(cur)) {
      const copy = cur.slice();
      copy[Number(key)] = walk(cur[Number(key)], i + 1, s?.items);
      return copy;
    }
    const obj = cur !== null && typeof cur === 'object' ? { ...(cur as Record<string, unknown>) } : {};
    const childSchema = s?.properties?.[key];
    const next = walk(obj[key], i + 1, childSchema);
    const required = s?.required?.includes(key) ?? false;
    if (!required && isEmptyValue(next)) delete obj[key];
    else obj[key] = next;
    return obj;
  };
  return walk(root, 0, schema);
}

export function removeItem(root: unknown, arrayPointer: string, index: number): unknown {
  const arr = getAt(root, arrayPointer);
  if (!Array.isArray(arr)) return root;
  return setAt(
    root,
    arrayPointer,
    arr.filter((_, i) => i !== index),
  );
}

export function moveItem(root: unknown, arrayPointer: string, from: number, to: number): unknown {
  const arr = getAt(root, arrayPointer);
  if (!Array.isArray(arr) || to < 0 || to >= arr.length) return root;
  const copy = arr.slice();
  const [item] = copy.splice(from, 1);
  copy.splice(to, 0, item);
  return setAt(root, arrayPointer, copy);
}

/** Append a fresh item (the minimal value the item schema accepts the shape of) to the array at `arrayPointer`. */
export function addItem(root: unknown, arrayPointer: string, rootSchema: JsonSchema): unknown {
  const arraySchema = schemaAt(rootSchema, arrayPointer);
  const arr = getAt(root, arrayPointer);
  const item = arraySchema?.items ? defaultFor(arraySchema.items, rootSchema) : '';
  return setAt(root, arrayPointer, [...(Array.isArray(arr) ? arr : []), item], rootSchema);
}

// ---------------------------------------------------------------------------------------------------------------
// Schemas
// ---------------------------------------------------------------------------------------------------------------

/** Follow local `$ref`s (`#/$defs/x`). */
export function resolve(schema: JsonSchema, root: JsonSchema): JsonSchema {
  let s = schema;
  for (let guard = 0; s.$ref && guard < 32; guard++) {
    const target = getAt(root, s.$ref.replace(/^#/, '')) as JsonSchema | undefined;
    if (!target) throw new Error(`unresolved $ref ${s.$ref}`);
    // Keywords beside $ref (e.g. a description) win over the target's.
    const { $ref: _ref, ...rest } = s;
    s = { ...target, ...rest };
  }
  return s;
}

/** The schema of the value at `pointer`. */
export function schemaAt(root: JsonSchema, pointer: string): JsonSchema | undefined {
  let s: JsonSchema | undefined = resolve(root, root);
  for (const seg of parsePointer(pointer)) {
    if (!s) return undefined;
    const next: JsonSchema | undefined = s.items && /^\d+$/.test(seg) ? s.items : s.properties?.[seg];
    s = next ? resolve(next, root) : undefined;
  }
  return s;
}

function typeOf(s: JsonSchema): string | undefined {
  if (Array.isArray(s.type)) return s.type.find((t) => t !== 'null');
  if (s.type) return s.type;
  if (s.properties) return 'object';
  if (s.items) return 'array';
  return undefined;
}

/** A minimal value of the schema's shape: required properties filled, first enum choice, empty strings. */
export function defaultFor(schema: JsonSchema, root: JsonSchema): unknown {
  const s = resolve(schema, root);
  if (s.default !== undefined) return structuredClone(s.default);
  if (s.const !== undefined) return s.const;
  if (s.enum) return s.enum[0];
  switch (typeOf(s)) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const k of s.required ?? []) {
        const p = s.properties?.[k];
        const v = p ? defaultFor(p, root) : undefined;
        if (v !== undefined) out[k] = v;
      }
      return out;
    }
    case 'array':
      return s.items && s.minItems
        ? Array.from({ length: s.minItems }, () => defaultFor(s.items!, root))
        : [];
    case 'number':
    case 'integer':
      return s.minimum !== undefined ? s.minimum : s.exclusiveMinimum !== undefined ? undefined : 0;
    case 'boolean':
      return false;
    default:
      return '';
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The form tree
// ---------------------------------------------------------------------------------------------------------------

function labelFor(labels: FormLabels, path: string, key: string, s: JsonSchema): Text {
  const l = labels.fields[path];
  if (l) return l;
  const fallback = s.title ?? key;
  return { vi: fallback, en: fallback };
}

/** Build the form tree for `value` (which may be partial or invalid: the form shows what is there). */
export function buildForm(rootSchema: JsonSchema, value: unknown, labels: FormLabels): FormObject {
  const hidden = new Set(labels.hidden ?? []);
  const build = (
    schema: JsonSchema,
    v: unknown,
    segs: string[],
    paths: string[],
    required: boolean,
  ): FormNode => {
    const s = resolve(schema, rootSchema);
    const pointer = toPointer(segs);
    const path = paths.join('/');
    const key = segs[segs.length - 1] ?? '';
    const base = { pointer, path, label: labelFor(labels, path, key, s), required, schema: s };
    const description = labels.fields[`${path}#description`];
    if (description) Object.assign(base, { description });
    const t = typeOf(s);
    if (t === 'object' && s.properties) {
      const obj =
        v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
      const children: FormNode[] = [];
      for (const [k, child] of Object.entries(s.properties)) {
        const childPath = [...paths, k].join('/');
        if (k === '$schema' || hidden.has(childPath)) continue;
        children.push(build(child, obj?.[k], [...segs, k], [...paths, k], s.required?.includes(k) ?? false));
      }
      return { ...base, type: 'object', present: obj !== undefined, children };
    }
    if (t === 'array' && s.items) {
      const arr = Array.isArray(v) ? v : [];
      const itemSchema = resolve(s.items, rootSchema);
      const primitiveItems = !['object', 'array'].includes(typeOf(itemSchema) ?? '');
      const items = arr.map((item, i) =>
        build(s.items!, item, [...segs, String(i)], [...paths, '*'], primitiveItems),
      );
      const minItems = s.minItems ?? 0;
      const node: FormArray = {
        ...base,
        type: 'array',
        items,
        minItems,
        canAdd: s.maxItems === undefined || arr.length < s.maxItems,
        canRemove: arr.length > minItems,
      };
      if (s.maxItems !== undefined) node.maxItems = s.maxItems;
      return node;
    }
    let kind: FieldKind;
    let options: FormOption[] | undefined;
    if (s.const !== undefined) kind = 'const';
    else if (s.enum) {
      kind = 'select';
      const table = labels.options?.[path] ?? {};
      options = s.enum.map((e) => ({
        value: String(e),
        label: table[String(e)] ?? { vi: String(e), en: String(e) },
      }));
    } else if (t === 'number') kind = 'number';
    else if (t === 'integer') kind = 'integer';
    else if (t === 'boolean') kind = 'boolean';
    else kind = 'text';
    const field: FormField = { ...base, type: 'field', kind, value: v };
    if (options) field.options = options;
    return field;
  };
  return build(rootSchema, value, [], [], true) as FormObject;
}

/** Visit every node of the tree, depth first. */
export function walkForm(node: FormNode, visit: (n: FormNode) => void): void {
  visit(node);
  if (node.type === 'object') node.children.forEach((c) => walkForm(c, visit));
  if (node.type === 'array') node.items.forEach((c) => walkForm(c, visit));
}

/**
 * What to store for input typed into a field: numbers accept the Vietnamese decimal comma; text that is not a
 * number stays text, so the check reports it at that field instead of the form silently dropping it.
 */
export function parseInput(field: Pick<FormField, 'kind' | 'options'>, raw: string | boolean): unknown {
  if (typeof raw === 'boolean') return raw;
  switch (field.kind) {
    case 'number':
    case 'integer': {
      if (raw.trim() === '') return undefined;
      return parseNumber(raw) ?? raw;
    }
    case 'select':
      return raw === '' ? undefined : raw;
    default:
      return raw === '' ? undefined : raw;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------------------------------------------

export type FormErrors = Record<string, Text[]>;

const TYPE_NAMES: Record<string, Text> = {
  string: { vi: 'văn bản', en: 'text' },
  number: { vi: 'một số', en: 'a number' },
  integer: { vi: 'một số nguyên', en: 'a whole number' },
  boolean: { vi: 'có/không', en: 'yes/no' },
  object: { vi: 'một nhóm trường', en: 'a group of fields' },
  array: { vi: 'một danh sách', en: 'a list' },
};

/** Keywords that only say "something inside failed"; the inner error is reported on its own. */
const CONTAINER_KEYWORDS = new Set([
  'properties',
  'items',
  '$ref',
  'allOf',
  'anyOf',
  'oneOf',
  'if',
  'then',
  'else',
  'prefixItems',
  'additionalProperties',
  'dependentSchemas',
  'unevaluatedProperties',
  'unevaluatedItems',
  'contains',
  'not',
]);

function message(unit: OutputUnit, rootSchema: JsonSchema): { pointer: string; text: Text } | undefined {
  const pointer = unit.instanceLocation.replace(/^#/, '');
  const kwPointer = unit.keywordLocation.replace(/^#/, '');
  // The keyword's value in the schema: follow the keyword location through $refs.
  const kwValue = (): unknown => {
    let cur: unknown = rootSchema;
    for (const seg of parsePointer(kwPointer)) {
      if (seg === '$ref' && cur && typeof cur === 'object') {
        cur = resolve(cur as JsonSchema, rootSchema);
        continue;
      }
      cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[seg] : undefined;
    }
    return cur;
  };
  switch (unit.keyword) {
    case 'required': {
      const prop = /"([^"]+)"/.exec(unit.error)?.[1] ?? '';
      return {
        pointer: `${pointer}/${prop}`,
        text: { vi: 'Trường bắt buộc, chưa nhập.', en: 'Required, not filled in.' },
      };
    }
    case 'type': {
      const t = String(kwValue());
      const name = TYPE_NAMES[t] ?? { vi: t, en: t };
      return { pointer, text: { vi: `Phải là ${name.vi}.`, en: `Must be ${name.en}.` } };
    }
    case 'enum':
      return {
        pointer,
        text: { vi: 'Chọn một giá trị trong danh sách.', en: 'Choose one of the listed values.' },
      };
    case 'const':
      return {
        pointer,
        text: { vi: `Phải là ${JSON.stringify(kwValue())}.`, en: `Must be ${JSON.stringify(kwValue())}.` },
      };
    case 'pattern':
      return { pointer, text: patternHint(String(kwValue())) };
    case 'minLength': {
      const n = Number(kwValue());
      return {
        pointer,
        text:
          n <= 1
            ? { vi: 'Không được để trống.', en: 'Must not be empty.' }
            : { vi: `Cần ít nhất ${n} ký tự.`, en: `At least ${n} characters.` },
      };
    }
    case 'maxLength':
      return {
        pointer,
        text: { vi: `Không quá ${String(kwValue())} ký tự.`, en: `At most ${String(kwValue())} characters.` },
      };
    case 'minimum':
      return {
        pointer,
        text: {
          vi: `Phải lớn hơn hoặc bằng ${String(kwValue())}.`,
          en: `Must be at least ${String(kwValue())}.`,
        },
      };
    case 'exclusiveMinimum':
      return {
        pointer,
        text: { vi: `Phải lớn hơn ${String(kwValue())}.`, en: `Must be greater than ${String(kwValue())}.` },
      };
    case 'maximum':
      return {
        pointer,
        text: { vi: `Không được lớn hơn ${String(kwValue())}.`, en: `Must be at most ${String(kwValue())}.` },
      };
    case 'exclusiveMaximum':
      return {
        pointer,
        text: { vi: `Phải nhỏ hơn ${String(kwValue())}.`, en: `Must be less than ${String(kwValue())}.` },
      };
    case 'minItems':
      return {
        pointer,
        text: { vi: `Cần ít nhất ${String(kwValue())} mục.`, en: `At least ${String(kwValue())} item(s).` },
      };
    case 'maxItems':
      return {
        pointer,
        text: { vi: `Không quá ${String(kwValue())} mục.`, en: `At most ${String(kwValue())} item(s).` },
      };
    case 'uniqueItems':
      return { pointer, text: { vi: 'Có mục bị trùng.', en: 'Some items are duplicates.' } };
    case 'false':
      return { pointer, text: { vi: 'Trường này không được phép.', en: 'This field is not allowed.' } };
    default:
      return CONTAINER_KEYWORDS.has(unit.keyword)
        ? undefined
        : { pointer, text: { vi: unit.error, en: unit.error } };
  }
}

function patternHint(pattern: string): Text {
  if (pattern.includes('[0-9]{4}-[0-9]{2}-[0-9]{2}'))
    return { vi: 'Nhập ngày dạng YYYY-MM-DD.', en: 'Enter a date as YYYY-MM-DD.' };
  if (pattern.includes('[0-5][0-9]$'))
    return { vi: 'Nhập giờ dạng HH:MM, ví dụ 15:00.', en: 'Enter a time as HH:MM, e.g. 15:00.' };
  if (pattern.includes('A-Za-z0-9._-'))
    return {
      vi: 'Chỉ gồm chữ không dấu, số, ".", "_" hoặc "-".',
      en: 'Only letters without accents, digits, ".", "_" or "-".',
    };
  if (pattern.includes('bpmn|json'))
    return { vi: 'Tên tệp .bpmn hoặc .json.', en: 'A .bpmn or .json file name.' };
  return { vi: `Không đúng định dạng (${pattern}).`, en: `Does not match the format (${pattern}).` };
}

/** Check `value` against the schema; problems keyed by the JSON Pointer of the field they belong to. */
export function validateForm(rootSchema: JsonSchema, value: unknown): FormErrors {
  const validator = new Validator(rootSchema as Schema, '2020-12', false);
  const result = validator.validate(value);
  const errors: FormErrors = {};
  for (const unit of result.errors) {
    const m = message(unit, rootSchema);
    if (!m) continue;
    const list = (errors[m.pointer] ??= []);
    if (!list.some((t) => t.vi === m.text.vi)) list.push(m.text);
  }
  return errors;
}

/** Server diagnostics that point into procedure.json (`path`) as form errors, merged into `into`. */
export function errorsFromDiagnostics(diagnostics: readonly Diagnostic[], into: FormErrors = {}): FormErrors {
  for (const d of diagnostics) {
    if (d.path === undefined) continue;
    const list = (into[d.path] ??= []);
    if (!list.some((t) => t.vi === d.message)) list.push({ vi: d.message, en: d.messageEn });
  }
  return into;
}
