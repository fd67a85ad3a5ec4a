import { expect } from 'chai';
import { isPaused, openPause, setStatus, updatePhaseOnOpen } from '../../../workflows/engine/status.js';
import { oneStepIr } from '../fixtures/build-ir.js';
import { T0, stateFor } from './support/state.js';

const ir = oneStepIr({ code: 'ST', agency: 'A', duration: { amount: 1, unit: 'working-day' } });

describe('engine/status', () => {
  it('phases: accepted → in progress at the first non-reception step → processed back at the desk', () => {
    const s = stateFor(ir);
    updatePhaseOnOpen(s, 'receptionist');
    expect(s.dossier.status).to.equal('accepted');
    updatePhaseOnOpen(s, 'specialist');
    expect([s.dossier.status, s.dossier.processedOnce]).to.deep.equal(['in-progress', true]);
    updatePhaseOnOpen(s, 'receptionist');
    expect(s.dossier.status).to.equal('processed');
    updatePhaseOnOpen(s, 'call');
    expect(s.dossier.status).to.equal('in-progress');
  });

  it('no phase change while paused; the dossier row is dirty only when the status changes', () => {
    const s = stateFor(ir);
    s.outbox.dossierDirty = false;
    setStatus(s, 'accepted');
    expect(s.outbox.dossierDirty).to.equal(false);
    s.pauses.list.push({
      n: 1,
      kind: 'payment',
      start: T0,
      reason: '',
      actor: 'a',
      missing: [],
      fromParent: false,
    });
    expect([isPaused(s), openPause(s)?.n]).to.deep.equal([true, 1]);
    updatePhaseOnOpen(s, 'specialist');
    expect([s.dossier.status, s.outbox.dossierDirty]).to.deep.equal(['accepted', false]);
    setStatus(s, 'financial-obligation');
    expect(s.outbox.dossierDirty).to.equal(true);
  });
});
