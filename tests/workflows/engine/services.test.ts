import { expect } from 'chai';
import { start } from '../../../workflows/engine/lifecycle.js';
import { onServiceFailure, onServiceResult } from '../../../workflows/engine/services.js';
import { buildIr, days, end, service, start as startEvent } from '../fixtures/build-ir.js';
import { T0, WEBHOOK, settle, stateFor } from './support/state.js';

const ir = (plugin: string, input: Record<string, string>) =>
  buildIr({
    code: `SV-${plugin}`,
    agency: 'A',
    duration: days(3),
    nodes: [startEvent(), service('svc', plugin, input, 'reply'), end('done')],
    flows: [
      ['start', 'svc'],
      ['svc', 'done'],
    ],
  });

describe('engine/services', () => {
  it('asks the registry once, then runs the plugin with inputs evaluated in FEEL', async () => {
    const s = stateFor(ir('webhook', { code: 'dossier.code', double: 'amount * 2' }), {
      data: { amount: 21 },
    });
    start(s, T0);
    const round = await settle(s, T0);
    expect(round.batches[0]!.describePlugins).to.deep.equal(['webhook']);
    expect(round.effects).to.deep.equal([
      {
        kind: 'run-plugin',
        activation: 'svc#1',
        attempt: 1,
        nodeId: 'svc',
        descriptor: WEBHOOK,
        input: { code: 'C', double: 42 },
      },
    ]);
    expect(s.tokens.byId.get(1)!.wait).to.deep.equal({ kind: 'service', activation: 'svc#1' });
  });

  it('the output lands in the result variable; a stale attempt or a second answer changes nothing', async () => {
    const s = stateFor(ir('webhook', {}));
    start(s, T0);
    await settle(s, T0);
    onServiceResult(s, T0 + 1, 'svc#1', 2, { stale: true });
    expect(s.dossier.data).to.deep.equal({});
    onServiceResult(s, T0 + 1, 'svc#1', 1, { id: 'X' });
    onServiceFailure(s, T0 + 2, 'svc#1', 1, 'late');
    await settle(s, T0 + 2);
    expect(s.dossier.data).to.deep.equal({ reply: { id: 'X' } });
    expect(s.outbox.timeline.map((e) => e.type)).to.include.members(['service-completed', 'result']);
    expect(s.incidents.byId.size).to.equal(0);
  });

  it('a failure after the retries, an unknown plugin and a FEEL error in an input are incidents', async () => {
    const failed = stateFor(ir('webhook', {}));
    start(failed, T0);
    await settle(failed, T0);
    onServiceFailure(failed, T0 + 1, 'svc#1', 1, 'HTTP 503');
    expect([...failed.incidents.byId.values()].map((i) => [i.kind, i.message])).to.deep.equal([
      ['plugin-failed', 'webhook: HTTP 503'],
    ]);
    expect(failed.services.attempts.get('svc#1')).to.equal(1);

    const unknown = stateFor(ir('sms', {}));
    start(unknown, T0);
    await settle(unknown, T0, {});
    expect([...unknown.incidents.byId.values()][0]!.kind).to.equal('unknown-plugin');
    expect(unknown.services.byActivation.size).to.equal(0);

    const bad = stateFor(ir('webhook', { x: 'amount >>> (' }));
    start(bad, T0);
    await settle(bad, T0);
    expect([...bad.incidents.byId.values()][0]!.kind).to.equal('expression-failed');
  });
});
