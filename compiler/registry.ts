/**
 * The default registry for tests, samples and the CLI: what a model may refer to when no deployment registry
 * (agency tree, plugin list, published procedures) is passed to the compiler.
 */
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
export const SAMPLE_PROCEDURES: readonly string[] = ['MC.000001', 'MC.000002', 'MC.000003', 'MC.000004', 'MC.000005'];

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
