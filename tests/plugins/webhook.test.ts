/** notify.webhook against a real HTTP server on 127.0.0.1. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { PluginError, webhookPlugin, type PluginContext } from '../../plugins/index.js';

describe('plugins: notify.webhook', () => {
  let server: http.Server;
  let url: string;
  const seen: Array<{ method?: string; path?: string; headers: http.IncomingHttpHeaders; body: unknown }> =
    [];

  before(async () => {
    server = http.createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        seen.push({ method: req.method, path: req.url, headers: req.headers, body: JSON.parse(raw) });
        const status = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('status') ?? 200);
        if (req.url?.startsWith('/slow')) return void setTimeout(() => res.end('{}'), 2000);
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ received: true }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise((r) => server.close(r)));

  const ctx = (signal = new AbortController().signal): PluginContext => ({
    dossierId: 'd-1',
    dossierCode: 'H15-261122-0001',
    workflowId: 'dossier-H15-261122-0001',
    nodeId: 'notify',
    attempt: 1,
    idempotencyKey: 'dossier-H15-261122-0001:notify#1:1',
    signal,
  });

  it('POSTs the JSON notification with an idempotency key and returns status and body', async () => {
    const out = await webhookPlugin.run(
      {
        url: `${url}/hook`,
        event: 'result-ready',
        payload: { phone: '0912' },
        headers: { 'x-api-key': 's3' },
      },
      ctx(),
    );
    expect(out).to.deep.equal({ status: 200, body: { received: true } });
    const req = seen[seen.length - 1]!;
    expect([req.method, req.path]).to.deep.equal(['POST', '/hook']);
    expect(req.headers['idempotency-key']).to.equal('dossier-H15-261122-0001:notify#1:1');
    expect(req.headers['x-api-key']).to.equal('s3');
    expect(req.body).to.deep.equal({
      event: 'result-ready',
      dossierCode: 'H15-261122-0001',
      dossierId: 'd-1',
      nodeId: 'notify',
      message: null,
      payload: { phone: '0912' },
    });
  });

  it('5xx and 429 are retryable, other 4xx are not, an unreachable host is retryable', async () => {
    const err = async (u: string) => {
      try {
        await webhookPlugin.run({ url: u }, ctx());
      } catch (e) {
        expect(e).to.be.instanceOf(PluginError);
        return (e as PluginError).retryable;
      }
      throw new Error('expected a failure');
    };
    expect(await err(`${url}/x?status=503`)).to.equal(true);
    expect(await err(`${url}/x?status=429`)).to.equal(true);
    expect(await err(`${url}/x?status=404`)).to.equal(false);
    expect(await err('http://127.0.0.1:1/unreachable')).to.equal(true);
  });

  it('stops waiting when the signal aborts (the plugin timeout)', async () => {
    const t0 = Date.now();
    try {
      await webhookPlugin.run({ url: `${url}/slow` }, ctx(AbortSignal.timeout(200)));
      throw new Error('expected a failure');
    } catch (e) {
      expect(e).to.be.instanceOf(PluginError);
    }
    expect(Date.now() - t0).to.be.lessThan(1500);
  });
});
