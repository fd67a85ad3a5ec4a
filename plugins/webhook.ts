/**
 * notify.webhook — POSTs a JSON notification (dossier code, event, payload) to an HTTP endpoint, e.g. the SMS /
 * Zalo gateway of the province or an agency's own system. Sends an Idempotency-Key header that stays the same
 * across retries so the receiver can drop duplicates. 2xx = done; 408, 429 and 5xx are retried; other 4xx fail
 * at once (a wrong request does not get better by repeating it).
 */
import { PluginError, type Plugin } from './types.js';

export interface WebhookInput {
  url: string;
  /** Human-readable text (SMS / Zalo body), Vietnamese. */
  message?: string;
  event?: string;
  payload?: unknown;
  headers?: Record<string, string>;
}

export interface WebhookOutput {
  status: number;
  body: unknown;
}

const MAX_BODY_CHARS = 4096;

export const webhookPlugin: Plugin<WebhookInput, WebhookOutput> = {
  type: 'notify.webhook',
  description: {
    vi: 'Gửi thông báo JSON (HTTP POST) tới một địa chỉ webhook',
    en: 'Sends a JSON notification (HTTP POST) to a webhook URL',
  },
  inputSchema: {
    type: 'object',
    required: ['url'],
    additionalProperties: false,
    properties: {
      url: { type: 'string', format: 'uri', pattern: '^https?://' },
      message: { type: 'string', maxLength: 2000 },
      event: { type: 'string', maxLength: 128 },
      payload: {},
      headers: {
        type: 'object',
        additionalProperties: { type: 'string' },
        propertyNames: { pattern: '^[A-Za-z0-9-]+$' },
      },
    },
  },
  outputSchema: {
    type: 'object',
    required: ['status'],
    properties: { status: { type: 'integer' }, body: {} },
  },
  timeout: '10s',
  retry: { maximumAttempts: 3, initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '10s' },
  async run(input, ctx) {
    let response: Response;
    try {
      response = await fetch(input.url, {
        method: 'POST',
        headers: {
          ...(input.headers ?? {}),
          'content-type': 'application/json',
          'idempotency-key': ctx.idempotencyKey,
          'user-agent': 'motcua-webhook/1',
        },
        body: JSON.stringify({
          event: input.event ?? 'dossier.notification',
          dossierCode: ctx.dossierCode,
          dossierId: ctx.dossierId,
          nodeId: ctx.nodeId,
          message: input.message ?? null,
          payload: input.payload ?? null,
        }),
        signal: ctx.signal,
      });
    } catch (err) {
      throw new PluginError(
        `không gửi được tới ${input.url}: ${(err as Error).message} / request to ${input.url} failed: ${(err as Error).message}`,
      );
    }
    const text = (await response.text()).slice(0, MAX_BODY_CHARS);
    let body: unknown = text;
    if ((response.headers.get('content-type') ?? '').includes('json')) {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    if (response.ok) return { status: response.status, body };
    const retryable = response.status === 408 || response.status === 429 || response.status >= 500;
    // Whole sentences on both sides of ' / ': consoles show one language (api/views.ts bilingualText).
    throw new PluginError(
      `${input.url} trả về HTTP ${response.status} / ${input.url} answered HTTP ${response.status}`,
      { retryable },
    );
  },
};
