/**
 * Plugin host surface: the plugin contract, the built-in plugins and the registry builder. A service task names a
 * plugin type; the worker registers built-in and project plugins; the interpreter runs them as activities with
 * each plugin's timeout and retry policy, and a failure after the retries becomes an incident on the dossier.
 */
import { noopPlugin } from './noop.js';
import type { Plugin } from './types.js';
import { webhookPlugin } from './webhook.js';

export { PluginError } from './types.js';
export type { JsonSchema, Plugin, PluginContext, PluginDuration, PluginRetryPolicy } from './types.js';
export {
  createPluginRegistry,
  parseDuration,
  PluginDeclarationError,
  type NormalizedRetry,
  type PluginRegistry,
  type RegisteredPlugin,
} from './registry.js';
export { noopPlugin } from './noop.js';
export { webhookPlugin, type WebhookInput, type WebhookOutput } from './webhook.js';

/** Plugins every worker registers (project plugins are added beside them). */
export const builtinPlugins: readonly Plugin[] = Object.freeze([
  webhookPlugin as unknown as Plugin,
  noopPlugin as unknown as Plugin,
]);

import { projectPlugins } from './project.js';
export { projectPlugins } from './project.js';

/** Every plugin this deployment runs: the worker registers them, the compiler checks models against them. */
export const installedPlugins: readonly Plugin[] = Object.freeze([...builtinPlugins, ...projectPlugins]);
