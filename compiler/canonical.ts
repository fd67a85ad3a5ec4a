/**
 * Canonical JSON and the IR content hash. Canonical = object keys sorted by UTF-16 code units, no whitespace,
 * `undefined` members omitted, numbers in ECMAScript shortest form. For the values an IR holds (strings, finite
 * numbers, booleans, arrays, plain objects) this is the JSON Canonicalization Scheme (RFC 8785).
 */
import { createHash } from 'node:crypto';
import type { ProcedureIr } from '../ir/index.js';

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('non-finite number in IR');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return '[' + value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',') + ']';
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).sort();
  let out = '{';
  for (const k of keys) {
    const v = obj[k];
    if (v === undefined) continue;
    if (out.length > 1) out += ',';
    out += JSON.stringify(k) + ':' + canonicalJson(v);
  }
  return out + '}';
}

/** sha256 (hex) of the canonical JSON of the IR. */
export function hashIr(ir: ProcedureIr): string {
  return createHash('sha256').update(canonicalJson(ir), 'utf8').digest('hex');
}
