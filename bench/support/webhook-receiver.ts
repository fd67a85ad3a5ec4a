/**
 * An HTTP endpoint for the notify.webhook plugin that records every call it receives (idempotency key, dossier,
 * time), so a bench can count side effects: raw deliveries and distinct keys per dossier.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WebhookCall {
  key: string;
  dossierCode: string;
  at: number;
}

export interface WebhookReceiver {
  url: string;
  calls: WebhookCall[];
  /** Calls received and not answered yet. */
  readonly inFlight: number;
  close(): Promise<void>;
}

/** `delayMs`: the receiver answers this long after a call arrived (a slow remote system). */
export async function startWebhookReceiver(opts: { delayMs?: number } = {}): Promise<WebhookReceiver> {
  const calls: WebhookCall[] = [];
  let inFlight = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let dossierCode = '';
      try {
        dossierCode = String(
          (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { dossierCode?: string }).dossierCode ?? '',
        );
      } catch {
        /* recorded without a code */
      }
      const key = String(req.headers['idempotency-key'] ?? '');
      calls.push({ key, dossierCode, at: Date.now() });
      inFlight += 1;
      setTimeout(() => {
        inFlight -= 1;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ received: true }));
      }, opts.delayMs ?? 0);
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    calls,
    get inFlight() {
      return inFlight;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
