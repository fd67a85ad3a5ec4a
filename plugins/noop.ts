/** noop — does nothing and returns its input: placeholders in models, smoke tests, benchmarks. */
import type { Plugin } from './types.js';

export const noopPlugin: Plugin<Record<string, unknown>, { ok: true; input: Record<string, unknown> }> = {
  type: 'noop',
  description: { vi: 'Không làm gì, trả lại đầu vào', en: 'Does nothing and returns its input' },
  inputSchema: { type: 'object' },
  outputSchema: {
    type: 'object',
    required: ['ok'],
    properties: { ok: { const: true }, input: { type: 'object' } },
  },
  timeout: '5s',
  retry: { maximumAttempts: 1 },
  async run(input) {
    return { ok: true, input };
  },
};
