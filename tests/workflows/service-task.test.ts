/**
 * Increment 5: service tasks through the plugin host — a real webhook call whose output feeds routing, a plugin
 * failing after its retries becoming a visible incident that a supervisor retries, an unknown plugin type.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { defineSearchAttributeKey } from '@temporalio/common';
import { buildIr, days, end, gateway, service, start, task } from './fixtures/build-ir.js';
import {
  claimAndComplete,
  describeWhen,
  events,
  projected,
  maybeRecordHistory,
  startDossier,
  startWorker,
  testStack,
  uniqueSuffix,
  waitFor,
  type TestWorker,
} from './support/harness.js';
import { PluginError, type Plugin } from '../../plugins/index.js';
import { retryIncidentUpdate, type DossierWorkflowResult } from '../../workflows/index.js';
import type { TestStack } from '../support/stack.js';

const LONG = days(1000);

describe('interpreter: service tasks and incidents', function () {
  let stack: TestStack;
  let w: TestWorker;
  let server: http.Server;
  let baseUrl: string;
  let failing = true;
  const received: Array<{ path: string; key: string | undefined; body: Record<string, unknown> }> = [];
  let flakyCalls = 0;
  let flakyHealthy = false;

  const flaky: Plugin = {
    type: 'test.flaky',
    inputSchema: { type: 'object' },
    outputSchema: { type: 'object' },
    timeout: '2s',
    retry: { maximumAttempts: 2, initialInterval: '50ms', backoffCoefficient: 1 },
    async run() {
      flakyCalls++;
      if (!flakyHealthy) throw new PluginError('dịch vụ thuế không trả lời / tax service down');
      return { ok: true };
    },
  };

  before(async () => {
    server = http.createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        const body = JSON.parse(raw || '{}') as Record<string, unknown>;
        received.push({
          path: req.url ?? '',
          key: req.headers['idempotency-key'] as string | undefined,
          body,
        });
        if (req.url === '/fail' && failing) {
          res.writeHead(400).end('bad');
          return;
        }
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ accepted: true, smsId: 'S1' }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    stack = await testStack();
    w = await startWorker(stack, { plugins: [flaky] });
  });
  after(async () => {
    await w?.stop();
    await new Promise((r) => server.close(r));
  });

  it('calls the webhook with the mapped input; its output feeds the next gateway', async () => {
    const ir = buildIr({
      code: `SVC-${uniqueSuffix()}`,
      agency: 'SO-TP',
      duration: LONG,
      nodes: [
        start(),
        service(
          'sms',
          'notify.webhook',
          { url: `"${baseUrl}/sms"`, event: '"result-ready"', payload: '{ phone: phone, fee: fee * 2 }' },
          'sms',
        ),
        gateway('sent', 'exclusiveGateway'),
        task('return', 'receptionist', LONG),
        end('done'),
        end('stuck', 'stopped'),
      ],
      flows: [
        ['start', 'sms'],
        ['sms', 'sent'],
        ['sent', 'return', 'sms.status = 200 and sms.body.accepted'],
        ['sent', 'stuck', 'not(sms.body.accepted)'],
        ['return', 'done'],
      ],
    });
    const d = await startDossier(stack, w.taskQueue, ir, { data: { phone: '0912345678', fee: 25000 } });
    const s = await waitFor(d.handle, (x) => x.openTasks.length === 1);
    expect(s.openTasks[0]!.taskId).to.equal('return#1');
    const call = received.find((r) => r.body.dossierCode === d.code)!;
    expect(call.path).to.equal('/sms');
    expect(call.body).to.deep.include({
      event: 'result-ready',
      nodeId: 'sms',
      payload: { phone: '0912345678', fee: 50000 },
    });
    expect(call.key).to.equal(`${d.workflowId}:sms#1:1`);
    await claimAndComplete(d.handle, 'return#1', 'rc1');
    expect(((await d.handle.result()) as DossierWorkflowResult).outcome).to.equal('returned');
    const types = (await events(stack, d.workflowId)).map((e) => e.type);
    expect(types).to.include.members(['service-started', 'service-completed']);
    await maybeRecordHistory(d.handle, 'service-webhook');
  });

  it('a plugin failing after its retries becomes an incident; retryIncident runs it again', async () => {
    flakyHealthy = false;
    flakyCalls = 0;
    const ir = buildIr({
      code: `INC-${uniqueSuffix()}`,
      agency: 'SO-TP',
      duration: LONG,
      nodes: [start(), service('tax', 'test.flaky', {}), task('sign', 'department-head', LONG), end('done')],
      flows: [
        ['start', 'tax'],
        ['tax', 'sign'],
        ['sign', 'done'],
      ],
    });
    const d = await startDossier(stack, w.taskQueue, ir);
    const s = await waitFor(d.handle, (x) => x.incidents.some((i) => i.status === 'open'));
    expect(flakyCalls).to.equal(2);
    const incident = s.incidents[0]!;
    expect(incident).to.include({ nodeId: 'tax', kind: 'plugin-failed' });
    expect(incident.message).to.contain('tax service down');
    expect(s.tokens.map((t) => t.waiting)).to.deep.equal(['incident']);
    await projected(stack, d.handle);
    const row = await stack.knex('dossier_incidents').where({ workflow_id: d.workflowId }).first();
    expect([row.kind, row.status]).to.deep.equal(['plugin-failed', 'open']);
    const desc = await describeWhen(d.handle, (x) =>
      x.typedSearchAttributes.get(defineSearchAttributeKey('McIncident', 'BOOL')),
    );
    expect(desc.typedSearchAttributes.get(defineSearchAttributeKey('McIncident', 'BOOL'))).to.equal(true);

    flakyHealthy = true;
    const r = await d.handle.executeUpdate(retryIncidentUpdate, {
      args: [{ actor: 'sup1', incidentId: incident.id }],
    });
    expect(r.openTasks).to.have.length(0);
    const s2 = await waitFor(d.handle, (x) => x.openTasks.length === 1);
    expect(s2.incidents[0]!.status).to.equal('resolved');
    await projected(stack, d.handle);
    expect(
      (await stack.knex('dossier_incidents').where({ workflow_id: d.workflowId }).first()).status,
    ).to.equal('resolved');
    await claimAndComplete(d.handle, 'sign#1', 'ld1');
    expect(((await d.handle.result()) as DossierWorkflowResult).outcome).to.equal('returned');
    await maybeRecordHistory(d.handle, 'incident-retry');
  });

  it('a non-retryable webhook failure (HTTP 400) and an unknown plugin type are incidents at once', async () => {
    failing = true;
    const ir = buildIr({
      code: `BAD-${uniqueSuffix()}`,
      agency: 'SO-TP',
      duration: LONG,
      nodes: [
        start(),
        service('hook', 'notify.webhook', { url: `"${baseUrl}/fail"` }),
        service('ghost', 'no.such-plugin', {}),
        end('done'),
      ],
      flows: [
        ['start', 'hook'],
        ['hook', 'ghost'],
        ['ghost', 'done'],
      ],
    });
    const d = await startDossier(stack, w.taskQueue, ir);
    const s = await waitFor(d.handle, (x) => x.incidents.length === 1);
    expect(s.incidents[0]!.message).to.contain('HTTP 400');
    expect(received.filter((r) => r.body.dossierCode === d.code)).to.have.length(1);
    failing = false;
    await d.handle.executeUpdate(retryIncidentUpdate, {
      args: [{ actor: 'sup1', incidentId: s.incidents[0]!.id }],
    });
    const s2 = await waitFor(d.handle, (x) => x.incidents.length === 2);
    expect(s2.incidents[1]).to.include({ nodeId: 'ghost', kind: 'unknown-plugin', status: 'open' });
    const keys = received.filter((r) => r.body.dossierCode === d.code).map((r) => r.key);
    expect(keys).to.deep.equal([`${d.workflowId}:hook#1:1`, `${d.workflowId}:hook#1:2`]);
    await d.handle.terminate('test done');
  });
});
