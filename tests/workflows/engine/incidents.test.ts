import { expect } from 'chai';
import {
  hasOpenIncident,
  openIncident,
  resolveForRetry,
  validateRetry,
} from '../../../workflows/engine/incidents.js';
import { newToken } from '../../../workflows/engine/tokens.js';
import { oneStepIr } from '../fixtures/build-ir.js';
import { T0, rejectionOf, stateFor } from './support/state.js';

const ir = oneStepIr({ code: 'IN', agency: 'A', duration: { amount: 1, unit: 'working-day' } });

describe('engine/incidents', () => {
  it('an incident holds its token, remembers the run it stopped and that run attempt, and is projected', () => {
    const s = stateFor(ir);
    const token = newToken(s, 'receive', undefined, []);
    s.services.byActivation.set('svc#1', {
      activation: 'svc#1',
      node: {} as never,
      tokenId: token.id,
      attempt: 3,
      input: {},
      state: 'running',
    });
    openIncident(s, T0, token, 'plugin-failed', 'webhook: 500', 'svc#1');
    expect(token.wait).to.deep.equal({ kind: 'incident', incidentId: 'inc-1' });
    expect([s.incidents.activations.get('inc-1'), s.services.attempts.get('svc#1')]).to.deep.equal([
      'svc#1',
      3,
    ]);
    expect([...s.outbox.dirtyIncidents]).to.deep.equal(['inc-1']);
    expect(s.outbox.timeline.at(-1)).to.deep.include({ type: 'incident-opened', nodeId: 'receive' });
    expect(hasOpenIncident(s)).to.equal(true);
  });

  it('a retry resolves an open incident only, and says which token and run to take up again', () => {
    const s = stateFor(ir);
    const token = newToken(s, 'receive', undefined, []);
    openIncident(s, T0, token, 'no-route', 'x');
    expect(rejectionOf(() => validateRetry(s, { actor: 'sup', incidentId: 'inc-9' }))).to.equal(
      'incident-not-found',
    );
    expect(rejectionOf(() => validateRetry(s, { actor: '', incidentId: 'inc-1' }))).to.equal(
      'invalid-argument',
    );
    const { token: t, activation } = resolveForRetry(s, T0 + 1, { actor: 'sup', incidentId: 'inc-1' });
    expect([t, activation]).to.deep.equal([token, undefined]);
    expect(s.incidents.byId.get('inc-1')).to.deep.include({ status: 'resolved', resolvedAt: T0 + 1 });
    expect(s.outbox.timeline.at(-1)).to.deep.include({ type: 'incident-retried', actor: 'sup' });
    expect(hasOpenIncident(s)).to.equal(false);
    expect(rejectionOf(() => validateRetry(s, { actor: 'sup', incidentId: 'inc-1' }))).to.equal(
      'incident-not-found',
    );
  });
});
