/**
 * The plugin contract: a service task names a plugin type; the worker's registry runs it inside an activity.
 */
import type { LocalizedText } from '../ir/index.js';

export type JsonSchema = Record<string, unknown>;

/** Milliseconds, or a short duration string: '500ms', '10s', '2m', '1h'. */
export type PluginDuration = number | string;

export interface PluginRetryPolicy {
  /** Total attempts including the first (1 = no retry). */
  maximumAttempts: number;
  initialInterval?: PluginDuration;
  backoffCoefficient?: number;
  maximumInterval?: PluginDuration;
}

export interface PluginContext {
  dossierId: string;
  dossierCode: string;
  workflowId: string;
  nodeId: string;
  /** 1 for the first try; Temporal retries count up. */
  attempt: number;
  /** Stable for one service-task activation across retries: pass it on so the side effect happens once. */
  idempotencyKey: string;
  /** Aborted at the plugin's timeout or when the dossier no longer needs the result. */
  signal: AbortSignal;
}

export interface Plugin<I = Record<string, unknown>, O = unknown> {
  type: string;
  description?: LocalizedText;
  inputSchema: JsonSchema;
  outputSchema: JsonSchema;
  timeout: PluginDuration;
  retry: PluginRetryPolicy;
  run(input: I, ctx: PluginContext): Promise<O>;
}

/** A failure a plugin reports; `retryable: false` skips the remaining attempts (e.g. HTTP 400). */
export class PluginError extends Error {
  readonly retryable: boolean;
  constructor(message: string, opts: { retryable?: boolean } = {}) {
    super(message);
    this.name = 'PluginError';
    this.retryable = opts.retryable ?? true;
  }
}
