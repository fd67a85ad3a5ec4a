/**
 * The plugin registry the worker builds from built-in and project plugins: checks each declaration once
 * (unique type, compilable schemas, sane timeout and retry) and validates inputs and outputs at run time.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { Plugin, PluginDuration, PluginRetryPolicy } from './types.js';

type AddFormats = (ajv: Ajv) => Ajv;
const addFormats: AddFormats =
  (addFormatsModule as unknown as { default?: AddFormats }).default ??
  (addFormatsModule as unknown as AddFormats);

export interface NormalizedRetry {
  maximumAttempts: number;
  initialIntervalMs: number;
  backoffCoefficient: number;
  maximumIntervalMs: number;
}

export interface RegisteredPlugin {
  plugin: Plugin;
  timeoutMs: number;
  retry: NormalizedRetry;
  /** Problems with the input, empty when valid. */
  checkInput(input: unknown): string[];
  checkOutput(output: unknown): string[];
}

export interface PluginRegistry {
  get(type: string): RegisteredPlugin | undefined;
  types(): string[];
}

export class PluginDeclarationError extends Error {
  constructor(type: string, vi: string, en: string) {
    super(`trình cắm "${type}": ${vi} / plugin "${type}": ${en}`);
    this.name = 'PluginDeclarationError';
  }
}

/** '500ms' | '10s' | '2m' | '1h' | milliseconds → milliseconds. */
export function parseDuration(value: PluginDuration, field: string, type: string): number {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value;
  const m = typeof value === 'string' ? /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(value.trim()) : null;
  if (!m) {
    throw new PluginDeclarationError(
      type,
      `${field} phải là số mili giây dương hoặc chuỗi như "10s"`,
      `${field} must be positive milliseconds or a string like "10s"`,
    );
  }
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h'];
  return Number(m[1]) * unit;
}

function normalizeRetry(retry: PluginRetryPolicy, type: string): NormalizedRetry {
  if (!retry || !Number.isInteger(retry.maximumAttempts) || retry.maximumAttempts < 1) {
    throw new PluginDeclarationError(
      type,
      'retry.maximumAttempts phải là số nguyên ≥ 1',
      'retry.maximumAttempts must be an integer ≥ 1',
    );
  }
  const initialIntervalMs = parseDuration(retry.initialInterval ?? 1000, 'retry.initialInterval', type);
  const backoffCoefficient = retry.backoffCoefficient ?? 2;
  if (!(backoffCoefficient >= 1)) {
    throw new PluginDeclarationError(
      type,
      'retry.backoffCoefficient phải ≥ 1',
      'retry.backoffCoefficient must be ≥ 1',
    );
  }
  const maximumIntervalMs = parseDuration(
    retry.maximumInterval ?? initialIntervalMs * 100,
    'retry.maximumInterval',
    type,
  );
  return { maximumAttempts: retry.maximumAttempts, initialIntervalMs, backoffCoefficient, maximumIntervalMs };
}

function explain(validate: ValidateFunction): string[] {
  return (validate.errors ?? [])
    .slice(0, 5)
    .map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
}

export function createPluginRegistry(plugins: Iterable<Plugin>): PluginRegistry {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const byType = new Map<string, RegisteredPlugin>();
  for (const plugin of plugins) {
    const type = plugin?.type;
    if (typeof type !== 'string' || !/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/.test(type)) {
      throw new PluginDeclarationError(
        String(type),
        'kiểu phải gồm chữ thường, số, "-" và "." (ví dụ notify.webhook)',
        'type must be lower-case words joined by "." (e.g. notify.webhook)',
      );
    }
    if (byType.has(type)) throw new PluginDeclarationError(type, 'đăng ký hai lần', 'registered twice');
    if (typeof plugin.run !== 'function')
      throw new PluginDeclarationError(type, 'thiếu hàm run', 'run is not a function');
    let input: ValidateFunction;
    let output: ValidateFunction;
    try {
      input = ajv.compile(plugin.inputSchema);
      output = ajv.compile(plugin.outputSchema);
    } catch (err) {
      throw new PluginDeclarationError(
        type,
        `lược đồ JSON lỗi: ${(err as Error).message}`,
        `invalid JSON Schema: ${(err as Error).message}`,
      );
    }
    byType.set(type, {
      plugin,
      timeoutMs: parseDuration(plugin.timeout, 'timeout', type),
      retry: normalizeRetry(plugin.retry, type),
      checkInput: (value) => (input(value) ? [] : explain(input)),
      checkOutput: (value) => (output(value) ? [] : explain(output)),
    });
  }
  return {
    get: (type) => byType.get(type),
    types: () => [...byType.keys()],
  };
}
