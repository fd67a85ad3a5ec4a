/**
 * The procedure.json editor: renders the form tree of lib/schema-form.ts (built from the JSON Schema) and applies
 * edits through its immutable functions. Field problems come from the schema check and from server diagnostics
 * that carry a JSON Pointer.
 */
import { escapeHtml, lang, t } from '../i18n.js';
import {
  addItem,
  buildForm,
  parseInput,
  removeItem,
  setAt,
  validateForm,
  type FormErrors,
  type FormField,
  type FormNode,
  type JsonSchema,
  type FormLabels,
  type Lang,
} from '../lib/index.js';

export interface MetadataFormOptions {
  schema: JsonSchema;
  labels: FormLabels;
  value: unknown;
  onChange: (value: unknown) => void;
  /** Problems reported by the server, by JSON Pointer. */
  serverErrors?: FormErrors;
  readOnly?: boolean;
}

const idFor = (pointer: string) => `mc-f${pointer.replace(/[^A-Za-z0-9]/g, '_')}`;

function errorsHtml(list: ReadonlyArray<{ vi: string; en: string }> | undefined, l: Lang): string {
  return list?.length
    ? `<div class="mc-field-error" role="alert">${list.map((e) => escapeHtml(e[l])).join('<br>')}</div>`
    : '';
}

function fieldHtml(f: FormField, errors: FormErrors, l: Lang, readOnly: boolean): string {
  const id = idFor(f.pointer);
  const req =
    f.required && f.kind !== 'boolean' ? ` <span class="mc-req" title="${t('form.required')}">*</span>` : '';
  const label = `<label for="${id}">${escapeHtml(f.label[l])}${req}</label>`;
  const attrs = `id="${id}" data-pointer="${escapeHtml(f.pointer)}" data-kind="${f.kind}"${readOnly ? ' disabled' : ''}`;
  const value = f.value === undefined || f.value === null ? '' : String(f.value);
  let input: string;
  switch (f.kind) {
    case 'boolean':
      return `<div class="mc-field mc-field-check"><input type="checkbox" ${attrs}${f.value === true ? ' checked' : ''}>${label}${errorsHtml(errors[f.pointer], l)}</div>`;
    case 'select': {
      const empty = f.required && value !== '' ? '' : '<option value=""></option>';
      const options = (f.options ?? [])
        .map(
          (o) =>
            `<option value="${escapeHtml(o.value)}"${o.value === value ? ' selected' : ''}>${escapeHtml(o.label[l])}</option>`,
        )
        .join('');
      input = `<select ${attrs}>${empty}${options}</select>`;
      break;
    }
    case 'const':
      input = `<input type="text" ${attrs} value="${escapeHtml(value)}" readonly>`;
      break;
    case 'number':
    case 'integer': {
      // Text input so that "0,5" (Vietnamese decimal comma) can be typed.
      const shown = typeof f.value === 'number' && l === 'vi' ? value.replace('.', ',') : value;
      input = `<input type="text" inputmode="decimal" ${attrs} value="${escapeHtml(shown)}">`;
      break;
    }
    default:
      input = `<input type="text" ${attrs} value="${escapeHtml(value)}">`;
  }
  const description = f.description ? `<div class="mc-field-help">${escapeHtml(f.description[l])}</div>` : '';
  return `<div class="mc-field${errors[f.pointer] ? ' has-error' : ''}">${label}${input}${description}${errorsHtml(errors[f.pointer], l)}</div>`;
}

function nodeHtml(node: FormNode, errors: FormErrors, l: Lang, readOnly: boolean, depth: number): string {
  if (node.type === 'field') return fieldHtml(node, errors, l, readOnly);
  if (node.type === 'object') {
    const inner = node.children.map((c) => nodeHtml(c, errors, l, readOnly, depth + 1)).join('');
    if (depth === 0) return inner;
    // Small groups of plain fields (a duration, a bilingual name) sit side by side.
    const inline =
      node.children.length <= 3 && node.children.every((c) => c.type === 'field') ? ' mc-inline' : '';
    return `<fieldset class="mc-group${inline}" data-pointer="${escapeHtml(node.pointer)}"><legend>${escapeHtml(node.label[l])}</legend>${inner}${errorsHtml(errors[node.pointer], l)}</fieldset>`;
  }
  const items = node.items
    .map((item, i) => {
      const remove =
        !readOnly && node.canRemove
          ? `<button type="button" class="mc-remove" data-remove="${escapeHtml(node.pointer)}" data-index="${i}">${t('form.remove')}</button>`
          : '';
      return `<div class="mc-item">${nodeHtml(item, errors, l, readOnly, depth + 1)}${remove}</div>`;
    })
    .join('');
  const add =
    !readOnly && node.canAdd
      ? `<button type="button" class="mc-add" data-add="${escapeHtml(node.pointer)}">${t('form.add')}: ${escapeHtml(node.label[l].toLowerCase())}</button>`
      : '';
  return `<fieldset class="mc-group mc-list" data-pointer="${escapeHtml(node.pointer)}"><legend>${escapeHtml(node.label[l])}</legend>${items}${add}${errorsHtml(errors[node.pointer], l)}</fieldset>`;
}

/** Render the form into `container`; re-renders itself after every change. Returns the current errors. */
export function renderMetadataForm(container: HTMLElement, options: MetadataFormOptions): FormErrors {
  const l = lang();
  const errors: FormErrors = { ...validateForm(options.schema, options.value) };
  for (const [p, list] of Object.entries(options.serverErrors ?? {}))
    errors[p] = [...(errors[p] ?? []), ...list];
  const tree = buildForm(options.schema, options.value, options.labels);
  const count = Object.keys(errors).length;
  const summary = count
    ? `<p class="mc-form-summary invalid" data-testid="form-summary">${t('form.invalid', { count })}</p>`
    : `<p class="mc-form-summary valid" data-testid="form-summary">${t('form.valid')}</p>`;
  container.innerHTML = summary + nodeHtml(tree, errors, l, options.readOnly ?? false, 0);

  const update = (value: unknown, edited?: string) => {
    options.onChange(value);
    // A server finding on a field the person just changed is out of date: drop it until the next check.
    const serverErrors = Object.fromEntries(
      Object.entries(options.serverErrors ?? {}).filter(
        ([p]) => edited === undefined || (p !== edited && !p.startsWith(edited + '/')),
      ),
    );
    renderMetadataForm(container, { ...options, value, serverErrors });
  };
  container.onchange = (event) => {
    const el = event.target as HTMLInputElement | HTMLSelectElement;
    const pointer = el.dataset.pointer;
    if (!pointer || !el.dataset.kind) return;
    const field = { kind: el.dataset.kind as FormField['kind'] };
    const raw = el instanceof HTMLInputElement && el.type === 'checkbox' ? el.checked : el.value;
    update(setAt(options.value, pointer, parseInput(field, raw), options.schema), pointer);
  };
  container.onclick = (event) => {
    const button = (event.target as HTMLElement).closest('button');
    if (!button) return;
    if (button.dataset.add !== undefined) update(addItem(options.value, button.dataset.add, options.schema));
    if (button.dataset.remove !== undefined)
      update(removeItem(options.value, button.dataset.remove, Number(button.dataset.index)));
  };
  return errors;
}
