/** The plugin both the killed worker process and its replacement register (a webhook with a short timeout). */
import { webhookPlugin, type Plugin } from '../../../plugins/index.js';

export const killTestHook: Plugin = {
  ...(webhookPlugin as unknown as Plugin),
  type: 'test.hook',
  timeout: '2s',
  retry: { maximumAttempts: 5, initialInterval: '100ms', backoffCoefficient: 1 },
};
