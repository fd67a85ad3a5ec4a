/**
 * The default registry for tests, samples and the CLI: what a model may refer to when no deployment registry
 * (agency tree, plugin list, published procedures) is passed to the compiler.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { repoRoot } from '../config/index.js';
import { TASK_ROLES } from '../ir/index.js';
import type { CompilerRegistry } from './checks.js';

export type PluginSpec = { inputSchema: object; outputSchema?: object };

/** Default agency codes (a stand-in for the agency tree). */
export const DEFAULT_AGENCIES: Readonly<Record<string, string>> = {
  'UBND-T': 'UBND tỉnh',
  STP: 'Sở Tư pháp',
  STNMT: 'Sở Tài nguyên và Môi trường',
  SXD: 'Sở Xây dựng',
  SKHDT: 'Sở Kế hoạch và Đầu tư',
  TTHCC: 'Trung tâm Phục vụ hành chính công',
  'UBND-H': 'UBND huyện',
  'UBND-X': 'UBND xã',
};

export const DEFAULT_PLUGINS: Readonly<Record<string, PluginSpec>> = {
  'notify.webhook': {
    inputSchema: {
      type: 'object',
      required: ['url', 'message'],
      additionalProperties: false,
      properties: { url: { type: 'string' }, message: { type: 'string' } },
    },
  },
  noop: { inputSchema: { type: 'object' } },
};

/** Codes of the sample procedures in procedure-models/samples/. */
export const SAMPLE_PROCEDURES: readonly string[] = [
  'MC.000001',
  'MC.000002',
  'MC.000003',
  'MC.000004',
  'MC.000005',
];

export interface RegistryExtra {
  roles?: Iterable<string>;
  agencies?: Iterable<string>;
  plugins?: Iterable<[string, PluginSpec]> | Record<string, PluginSpec>;
  procedures?: Iterable<string>;
}

export function defaultRegistry(extra: RegistryExtra = {}): CompilerRegistry {
  const plugins = new Map<string, PluginSpec>(Object.entries(DEFAULT_PLUGINS));
  const extraPlugins = extra.plugins
    ? Symbol.iterator in extra.plugins
      ? [...(extra.plugins as Iterable<[string, PluginSpec]>)]
      : Object.entries(extra.plugins)
    : [];
  for (const [k, v] of extraPlugins) plugins.set(k, v);
  return {
    roles: new Set([...TASK_ROLES, ...(extra.roles ?? [])]),
    agencies: new Set([...Object.keys(DEFAULT_AGENCIES), ...(extra.agencies ?? [])]),
    plugins,
    procedures: new Set([...SAMPLE_PROCEDURES, ...(extra.procedures ?? [])]),
  };
}

/** The agency tree the catalog importer writes (an array of `{ code, ... }`), when the repository has one. */
export const DEFAULT_AGENCY_TREE_FILE = path.join(repoRoot, 'procedure-models', 'agencies.json');

/** Agency codes from a JSON file holding an array of `{ code }` objects or of codes; [] when unreadable. */
export async function readAgencyCodes(file: string): Promise<string[]> {
  try {
    const data = JSON.parse(await readFile(file, 'utf8')) as unknown;
    if (!Array.isArray(data)) return [];
    return data
      .map((a: unknown) => (typeof a === 'string' ? a : (a as { code?: unknown } | null)?.code))
      .filter((c): c is string => typeof c === 'string');
  } catch {
    return [];
  }
}

/**
 * The default registry plus the repository's agency tree (procedure-models/agencies.json, or `agenciesFile`) and
 * any extra codes: what the CLI and the benchmark check catalogs against.
 */
export async function loadRegistry(
  options: RegistryExtra & { agenciesFile?: string } = {},
): Promise<CompilerRegistry> {
  const tree = await readAgencyCodes(options.agenciesFile ?? DEFAULT_AGENCY_TREE_FILE);
  return defaultRegistry({ ...options, agencies: [...tree, ...(options.agencies ?? [])] });
}
