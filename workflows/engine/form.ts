/**
 * Checks completion data against a task's form schema. @cfworker/json-schema interprets schemas without code
 * generation (no eval), so it runs inside the deterministic workflow sandbox.
 */
import { Validator, type Schema } from '@cfworker/json-schema';

const cache = new Map<string, Validator>();

/** Returns the problems found (empty when valid). `key` identifies the schema for caching (IR hash + node id). */
export function checkForm(key: string, schema: Record<string, unknown>, data: unknown): string[] {
  let validator = cache.get(key);
  if (!validator) {
    validator = new Validator(schema as Schema, '2020-12', false);
    cache.set(key, validator);
  }
  const result = validator.validate(data);
  if (result.valid) return [];
  // The innermost units name the offending field; keep a few for a readable message.
  return result.errors
    .filter((e) => e.keyword !== 'properties' && e.keyword !== 'allOf' && e.keyword !== '$ref')
    .slice(0, 5)
    .map((e) => `${e.instanceLocation || '#'}: ${e.error}`);
}
