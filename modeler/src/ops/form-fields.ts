/**
 * Fields of a flat JSON Schema (a task's completion form, an intake form) as plain inputs, and the value read
 * back with the schema's types. Nested objects and arrays are left to the JSON fallback field.
 */
import { lang } from '../i18n.js';
import { esc } from './ui.js';

export interface FlatSchema {
  type?: string;
  properties?: Record<
    string,
    { type?: string | string[]; enum?: unknown[]; title?: string; description?: string }
  >;
  required?: string[];
}

export function schemaFieldsHtml(schema: FlatSchema | undefined, prefix: string): string {
  const props = schema?.properties ?? {};
  const required = new Set(schema?.required ?? []);
  return Object.entries(props)
    .map(([key, p]) => {
      const type = Array.isArray(p.type) ? p.type[0] : p.type;
      const label = `${esc(p.title ?? key)}${required.has(key) ? ' *' : ''}`;
      const name = `${prefix}${key}`;
      let input: string;
      if (p.enum) {
        input = `<select name="${esc(name)}" data-field="${esc(key)}" data-type="${esc(type ?? 'string')}"><option value=""></option>${p.enum
          .map((v) => `<option>${esc(v)}</option>`)
          .join('')}</select>`;
      } else if (type === 'boolean') {
        input = `<input type="checkbox" name="${esc(name)}" data-field="${esc(key)}" data-type="boolean">`;
      } else if (type === 'number' || type === 'integer') {
        input = `<input type="number" name="${esc(name)}" data-field="${esc(key)}" data-type="${type}"${type === 'integer' ? ' step="1"' : ''}>`;
      } else if (type === 'object' || type === 'array') {
        return '';
      } else {
        input = `<input type="text" name="${esc(name)}" data-field="${esc(key)}" data-type="string">`;
      }
      return `<label><span>${label}</span> ${input}</label>`;
    })
    .join('');
}

/** Reads the fields rendered by schemaFieldsHtml under `root`; returns the value and the missing required keys. */
export function readSchemaFields(
  root: HTMLElement,
  schema: FlatSchema | undefined,
): { value: Record<string, unknown>; missing: string[] } {
  const value: Record<string, unknown> = {};
  for (const el of root.querySelectorAll<HTMLInputElement | HTMLSelectElement>('[data-field]')) {
    const key = el.dataset.field!;
    const type = el.dataset.type;
    if (type === 'boolean') value[key] = (el as HTMLInputElement).checked;
    else if (el.value !== '')
      value[key] = type === 'number' || type === 'integer' ? Number(el.value) : el.value;
  }
  const missing = (schema?.required ?? []).filter((k) => value[k] === undefined || value[k] === '');
  return { value, missing: missing.map((k) => schema?.properties?.[k]?.title ?? k) };
}

export const hasFields = (schema: FlatSchema | undefined) =>
  Object.values(schema?.properties ?? {}).some((p) => p.type !== 'object' && p.type !== 'array');

export const langKey = () => lang();
