/**
 * A linear pre-pass over BPMN XML with saxen (the parser bpmn-moddle uses), before bpmn-moddle reads it.
 *
 * Why: for every problem it meets (unknown or misplaced element, stray text, duplicate id, malformed attribute)
 * bpmn-moddle computes a line/column by rescanning the document from its start, so a file with thousands of such
 * problems costs O(problems × size): minutes for a crafted file of a few hundred kilobytes. This pass walks the
 * document the way bpmn-moddle's reader does (same type registry, same handler rules) without computing positions,
 * counts those problem sites, and rejects a file with more than a handful. It also checks the root element in its
 * namespace and bounds the number of elements.
 */
import { Parser } from 'saxen';
import { diag, type Diagnostic } from '../diagnostics.js';
import type { Limits } from '../limits.js';
import { getModdle } from './moddle.js';

/** More misplaced elements or stray texts than this: not a usable model, and not worth reading. */
export const MAX_PROBLEM_SITES = 30;

/* eslint-disable @typescript-eslint/no-explicit-any -- moddle descriptors are dynamic objects */
interface Descriptor {
  name: string;
  isGeneric?: boolean;
  properties: any[];
  propertiesByName: Record<string, any>;
  bodyProperty?: unknown;
  idProperty?: { name: string };
  allTypesByName: Record<string, unknown>;
}

type Frame =
  /** `broken`: list properties an attribute has overwritten with a string; children filed there fail. */
  | { kind: 'element'; descriptor: Descriptor; broken?: Set<string> }
  | { kind: 'generic' }
  | { kind: 'body' } // value and reference handlers: text only
  | { kind: 'noop' }; // what moddle pushes after a problem: the subtree is ignored

const SIMPLE = new Set(['String', 'Boolean', 'Integer', 'Real']);
const ID_RE = /^([a-z][\w-.]*:)?[a-z_][\w-.]*$/i;

const moddleAny = (): any => getModdle() as any;
const descriptors = new Map<string, Descriptor | null>();
/** The effective descriptor of a type name, or null when the registry does not know it. */
function descriptorOf(typeName: string): Descriptor | null {
  let d = descriptors.get(typeName);
  if (d === undefined) {
    try {
      d = moddleAny().getElementDescriptor(moddleAny().getType(typeName)) as Descriptor;
    } catch {
      d = null;
    }
    descriptors.set(typeName, d);
  }
  return d;
}

function split(name: string): { prefix: string; local: string } {
  const i = name.indexOf(':');
  return i < 0 ? { prefix: '', local: name } : { prefix: name.slice(0, i), local: name.slice(i + 1) };
}

/** Type name of a prefixed element name in a registered package (`bpmn:userTask` → `bpmn:UserTask`). */
function typeNameOf(prefix: string, local: string): string | undefined {
  const pkg = moddleAny().getPackage(prefix);
  if (!pkg) return undefined;
  return pkg.xml?.tagAlias === 'lowerCase'
    ? `${prefix}:${local.charAt(0).toUpperCase()}${local.slice(1)}`
    : `${prefix}:${local}`;
}

/** xsi:type="bpmn:tFormalExpression" → the registered type, following the document's prefix mapping. */
function serializedType(value: string, ns: Record<string, string>): Descriptor | null {
  const { prefix, local } = split(value);
  const mapped = ns[prefix] ?? prefix;
  const pkg = moddleAny().getPackage(mapped);
  const typePrefix: string | undefined = pkg?.xml?.typePrefix;
  const name = typePrefix && local.startsWith(typePrefix) ? local.slice(typePrefix.length) : local;
  return descriptorOf(`${mapped}:${name}`);
}

/** List (containment) properties given as attributes: moddle stores the string, so pushing children fails. */
function brokenLists(descriptor: Descriptor, attrs: Record<string, string>): Set<string> | undefined {
  let out: Set<string> | undefined;
  for (const name of Object.keys(attrs)) {
    const p = descriptor.propertiesByName[name];
    // An empty value is harmless: moddle replaces a falsy list with [] on first access.
    if (p && p.isMany && !p.isReference && !p.isAttr && attrs[name]) (out ??= new Set()).add(p.name);
  }
  return out;
}

/** The frame moddle's reader pushes for a child element of `parent`, or undefined when it reports a problem. */
function childFrame(
  parentFrame: { descriptor: Descriptor; broken?: Set<string> },
  name: string,
  attrs: Record<string, string>,
  ns: Record<string, string>,
): Frame | undefined {
  const parent = parentFrame.descriptor;
  const { prefix, local } = split(name);
  // By the full (normalised) name, as moddle-xml does: `ns0:waypoint` (an unknown namespace) is not `di:waypoint`.
  let property = parent.propertiesByName[name];
  let type: string | undefined;
  if (property && !property.isAttr) {
    type = property.type;
    const serialize = property.xml?.serialize;
    if (serialize && serialize !== 'property' && attrs[serialize]) {
      const t = serializedType(attrs[serialize] as string, ns);
      if (!t) return undefined;
      type = t.name;
    }
  } else if (moddleAny().getPackage(prefix)) {
    const typeName = typeNameOf(prefix, local) as string;
    const element = descriptorOf(typeName);
    if (!element) return undefined;
    property = parent.properties.find(
      (p) => !p.isVirtual && !p.isReference && !p.isAttribute && p.type in element.allTypesByName,
    );
    if (!property) return undefined;
    type = element.name;
  } else {
    property = parent.properties.find((p) => !p.isReference && !p.isAttribute && p.type === 'Element');
    if (!property) return undefined;
    type = property.type;
  }
  if (property.isMany && parentFrame.broken?.has(property.name)) return undefined;
  if (SIMPLE.has(type as string) || property.isReference) return { kind: 'body' };
  if (type === 'Element') return { kind: 'generic' };
  const d = descriptorOf(type as string);
  return d ? { kind: 'element', descriptor: d } : undefined;
}

/** moddle refuses to create an element with an attribute named `a:b:c` (more than one prefix). */
function badAttributeName(attrs: Record<string, string>): boolean {
  for (const name of Object.keys(attrs)) if (name.indexOf(':') !== name.lastIndexOf(':')) return true;
  return false;
}

interface ProxyNode {
  name: string;
  attrs: Record<string, string> | false;
  ns: Record<string, string>;
}

export function scanXml(xml: string, limits: Limits): Diagnostic[] {
  return scan(xml, limits, MAX_PROBLEM_SITES).diagnostics;
}

/** The scan itself; `budget` is the number of problem sites tolerated (exposed for fidelity tests). */
export function scan(
  xml: string,
  limits: Limits,
  budget: number,
): { diagnostics: Diagnostic[]; problems: number } {
  const moddle = moddleAny();
  const parser = new Parser({ proxy: true });
  // The same prefix normalisation as bpmn-moddle's reader.
  const uriMap: Record<string, string> = {
    'http://www.w3.org/2001/XMLSchema-instance': 'xsi',
    'http://www.w3.org/XML/1998/namespace': 'xml',
  };
  for (const p of moddle.getPackages() as Array<{ uri: string; prefix: string }>) uriMap[p.uri] = p.prefix;
  parser.ns(uriMap);

  const definitions = descriptorOf('bpmn:Definitions') as Descriptor;
  const stack: Frame[] = [];
  const ids = new Set<string>();
  let elements = 0;
  let attributes = 0;
  let problems = 0;
  let stop: Diagnostic | undefined;
  let parseError: { message: string; line: number; column: number } | undefined;

  const fail = (d: Diagnostic): void => {
    stop ??= d;
    parser.stop();
  };
  const problem = (): void => {
    if (++problems > budget) fail(diag('MC021', { count: `> ${budget}`, limit: budget }));
  };
  const registerId = (descriptor: Descriptor, attrs: Record<string, string>): boolean => {
    const idName = descriptor.idProperty?.name;
    const id = idName ? attrs[idName] : undefined;
    if (!id) return true;
    if (!ID_RE.test(id) || ids.has(id)) return false;
    ids.add(id);
    return true;
  };

  parser.on('openTag', (node: ProxyNode) => {
    if (stop) return;
    const attrs = node.attrs || {}; // reading attrs makes saxen report malformed ones (counted as warnings)
    elements++;
    attributes += Object.keys(attrs).length;
    // Attributes cost work too: every four count as one element against the limit.
    if (elements + attributes / 4 > limits.maxElements) {
      return fail(diag('MC005', { count: `> ${limits.maxElements}`, limit: limits.maxElements }));
    }
    let frame: Frame | undefined;
    const top = stack[stack.length - 1];
    if (!top) {
      if (node.name !== 'bpmn:definitions') {
        const local = split(node.name).local;
        return fail(
          diag('MC004', { root: local === 'definitions' ? `${node.name} (namespace ≠ BPMN 2.0)` : local }),
        );
      }
      frame =
        registerId(definitions, attrs) && !badAttributeName(attrs)
          ? { kind: 'element', descriptor: definitions }
          : undefined;
      if (frame?.kind === 'element') {
        const broken = brokenLists(definitions, attrs);
        if (broken) frame.broken = broken;
      }
    } else if (top.kind === 'noop' || top.kind === 'generic') {
      frame = top;
    } else if (top.kind === 'body') {
      frame = undefined; // no child elements inside a value
    } else {
      frame = childFrame(top, node.name, attrs, node.ns);
      if (frame?.kind === 'element') {
        if (!registerId(frame.descriptor, attrs) || badAttributeName(attrs)) frame = undefined;
        else {
          const broken = brokenLists(frame.descriptor, attrs);
          if (broken) frame.broken = broken;
        }
      }
    }
    if (!frame) {
      problem();
      frame = { kind: 'noop' };
    }
    stack.push(frame); // saxen emits closeTag for self-closing elements too
  });
  parser.on('closeTag', () => {
    stack.pop();
  });
  const text = (value: string, trim: boolean): void => {
    if (stop || (trim && !value.trim())) return;
    const top = stack[stack.length - 1];
    if (top?.kind === 'element' && !top.descriptor.bodyProperty) problem();
    // CDATA outside the root element: bpmn-moddle reports it (no element to give it to); saxen does not warn
    // about it as it does about stray text there, so it is counted here.
    else if (!top && !trim) problem();
  };
  parser.on('text', (value: string) => text(value, true));
  parser.on('cdata', (value: string) => text(value, false));
  parser.on('warn', () => {
    if (!stop) problem();
  });
  parser.on('error', (err: Error, getContext: () => { line: number; column: number }) => {
    // Parsing stops at the first error: one position computation is fine.
    const ctx = getContext();
    parseError = { message: err.message, line: ctx.line, column: ctx.column };
  });
  parser.parse(xml);
  const out = (d?: Diagnostic): { diagnostics: Diagnostic[]; problems: number } => ({
    diagnostics: d ? [d] : [],
    problems,
  });
  if (stop) return out(stop);
  if (parseError) {
    const where = `(dòng/line ${parseError.line + 1}, cột/column ${parseError.column + 1})`;
    return out(
      diag('MC003', {
        detail: `${parseError.message} ${where}`,
        detailEn: `${parseError.message} (line ${parseError.line + 1}, column ${parseError.column + 1})`,
      }),
    );
  }
  if (elements === 0)
    return out(diag('MC003', { detail: 'không có phần tử XML nào', detailEn: 'no XML element at all' }));
  return out();
}
