/**
 * Reading BPMN XML safely. bpmn-moddle parses with saxen, which never resolves external entities nor expands
 * entity declarations; we still refuse DOCTYPE/ENTITY declarations up front, and bound size and element count
 * before the parser sees the text, so that hostile files end in a diagnostic in bounded time and memory.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- the moddle tree is a dynamic object */
import type { ParseWarning } from 'bpmn-moddle';
import { diag, type Diagnostic } from '../diagnostics.js';
import type { Limits } from '../limits.js';
import { BPMN_URI, getModdle, MOTCUA_URI } from './moddle.js';
import { scanXml } from './scan.js';

/** Namespaces that are ours or part of BPMN itself; anything else declared on the root is a vendor extension. */
const KNOWN_URIS = new Set([
  BPMN_URI,
  MOTCUA_URI,
  'http://www.omg.org/spec/BPMN/20100524/DI',
  'http://www.omg.org/spec/DD/20100524/DC',
  'http://www.omg.org/spec/DD/20100524/DI',
  'http://www.w3.org/2001/XMLSchema-instance',
  'http://www.w3.org/2001/XMLSchema',
  'http://bpmn.io/schema/bpmn/biocolor/1.0',
  'http://www.omg.org/spec/BPMN/non-normative/color/1.0',
]);

export interface ParsedBpmn {
  definitions?: any;
  diagnostics: Diagnostic[];
}

const MAX_PARSER_WARNINGS = 20;

/** Strip a UTF-8 BOM (Windows tools write one). */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Cheap checks on the raw text, before any parser runs. */
export function precheckXml(xml: string, limits: Limits): Diagnostic[] {
  // A UTF-16 code unit is at most 3 UTF-8 bytes: skip the exact count when the text is clearly small.
  if (xml.length * 3 > limits.maxBytes) {
    const size = Buffer.byteLength(xml, 'utf8');
    if (size > limits.maxBytes) return [diag('MC001', { size, limit: limits.maxBytes })];
  }
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) return [diag('MC002')];
  if (xml.trim() === '') return [diag('MC003', { detail: 'tệp rỗng', detailEn: 'the file is empty' })];
  const t = xml.trimStart();
  if (t.startsWith('{') || t.startsWith('[')) {
    return [
      diag('MC003', {
        detail: 'đây là JSON, không phải XML (danh sách bước phải đặt tên steps.json)',
        detailEn: 'this is JSON, not XML (a step list must be named steps.json)',
      }),
    ];
  }
  return scanXml(xml, limits);
}

function position(message: string): string {
  const line = /line: (\d+)/.exec(message)?.[1];
  const col = /column: (\d+)/.exec(message)?.[1];
  return line !== undefined ? ` (dòng/line ${Number(line) + 1}, cột/column ${Number(col ?? 0) + 1})` : '';
}

function nested(message: string): string {
  return /nested error: (.*)/.exec(message)?.[1] ?? message.split('\n')[0] ?? message;
}

function warningDiagnostic(w: ParseWarning): Diagnostic {
  const msg = w.message ?? '';
  const dup = /duplicate ID <([^>]*)>/.exec(msg);
  if (dup) return diag('MC010', { id: dup[1] as string }, { elementId: dup[1] as string });
  const unresolved = /unresolved reference <([^>]*)>/.exec(msg);
  if (unresolved) {
    const at: { elementId?: string } = {};
    if (w.element?.id) at.elementId = w.element.id;
    return diag('MC009', { ref: unresolved[1] as string }, at);
  }
  const detail = `${nested(msg)}${position(msg)}`;
  const at: { elementId?: string } = {};
  if (w.element?.id) at.elementId = w.element.id;
  return diag('MC008', { detail }, at);
}

const SIMPLE_TYPES = new Set(['String', 'Boolean', 'Integer', 'Real']);

/**
 * bpmn-moddle keeps an attribute named like a child property (`<bpmn:process flowElements="x">`) as a plain string
 * where an element or a list is expected; every later reader would trip on it. Such values are removed, with a
 * warning. Iterative, so deep trees cannot overflow the stack.
 */
export function sanitiseTree(root: any): Diagnostic[] {
  const out: Diagnostic[] = [];
  const stack: any[] = [root];
  const seen = new Set<any>();
  while (stack.length) {
    const el = stack.pop();
    if (!el || typeof el !== 'object' || seen.has(el)) continue;
    seen.add(el);
    const descriptor = el.$descriptor;
    if (!descriptor || descriptor.isGeneric) continue;
    for (const p of descriptor.properties as Array<{
      name: string;
      type: string;
      isAttr?: boolean;
      isMany?: boolean;
      isReference?: boolean;
    }>) {
      if (p.isAttr || SIMPLE_TYPES.has(p.type)) continue;
      const value = el[p.name];
      if (value === undefined || value === null) continue;
      const bad = p.isMany ? !Array.isArray(value) : typeof value !== 'object';
      if (bad) {
        delete el[p.name];
        const at: { elementId?: string } = typeof el.id === 'string' ? { elementId: el.id } : {};
        out.push(
          diag(
            'MC008',
            {
              detail: `thuộc tính "${p.name}" phải là phần tử con, bị bỏ qua`,
              detailEn: `attribute "${p.name}" must be a child element; ignored`,
            },
            at,
          ),
        );
        continue;
      }
      if (p.isReference) continue;
      if (p.isMany) {
        const kept = (value as unknown[]).filter((v) => v !== null && typeof v === 'object');
        if (kept.length !== value.length) el[p.name] = kept;
        for (const v of kept) stack.push(v);
      } else stack.push(value);
    }
  }
  return out;
}

export async function parseBpmn(text: string, limits: Limits): Promise<ParsedBpmn> {
  const xml = stripBom(text);
  const pre = precheckXml(xml, limits);
  if (pre.length) return { diagnostics: pre };
  let result;
  try {
    result = await getModdle().fromXML(xml, 'bpmn:Definitions', { lax: true });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (/failed to parse document as <bpmn:Definitions>/.test(message)) {
      return { diagnostics: [diag('MC004', { root: 'definitions (namespace ≠ BPMN 2.0)' })] };
    }
    const detail = `${nested(message)}${position(message)}`;
    return { diagnostics: [diag('MC003', { detail })] };
  }
  const diagnostics: Diagnostic[] = [];
  let skipped = 0;
  for (const w of result.warnings) {
    const d = warningDiagnostic(w);
    if (d.code === 'MC008' && ++skipped > MAX_PARSER_WARNINGS) continue;
    diagnostics.push(d);
  }
  if (skipped > MAX_PARSER_WARNINGS) {
    diagnostics.push(
      diag('MC008', {
        detail: `… và ${skipped - MAX_PARSER_WARNINGS} nội dung khác`,
        detailEn: `… and ${skipped - MAX_PARSER_WARNINGS} more`,
      }),
    );
  }
  const definitions = result.rootElement;
  if (!definitions || definitions.$type !== 'bpmn:Definitions') {
    return { diagnostics: [...diagnostics, diag('MC004', { root: String(definitions?.$type ?? '?') })] };
  }
  diagnostics.push(...sanitiseTree(definitions));
  const vendors = new Set<string>();
  for (const [k, v] of Object.entries((definitions.$attrs ?? {}) as Record<string, unknown>)) {
    if (k.startsWith('xmlns:') && typeof v === 'string' && !KNOWN_URIS.has(v)) vendors.add(k.slice(6));
  }
  if (vendors.size) diagnostics.push(diag('MC019', { prefixes: [...vendors].sort().join(', ') }));
  return { definitions, diagnostics };
}
