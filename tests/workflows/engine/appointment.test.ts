import { expect } from 'chai';
import { apologize, validateApologize } from '../../../workflows/engine/appointment.js';
import { fireTimers } from '../../../workflows/engine/clock.js';
import { start } from '../../../workflows/engine/lifecycle.js';
import { takeBatch } from '../../../workflows/engine/outbox.js';
import { oneStepIr } from '../fixtures/build-ir.js';
import { DAY, T0, rejectionOf, settle, stateFor } from './support/state.js';

const ir = oneStepIr({ code: 'AP', agency: 'A', duration: { amount: 4, unit: 'working-day' } });
const at = (ms: number) => new Date(ms).toISOString();

describe('engine/appointment', () => {
  it('an appointment given at intake is used as it is, with a reminder one working day before', async () => {
    const s = stateFor(ir, { appointmentAt: at(T0 + 3 * DAY) });
    start(s, T0);
    const first = takeBatch(s)!;
    expect(first.events[0]!.payload.appointmentAt).to.equal(at(T0 + 3 * DAY));
    expect(first.dossier!.dueAt).to.equal(at(T0 + 3 * DAY));
    expect(first.calendar.map((c) => c.op)).to.deep.equal(['reminder']);
  });

  it('otherwise the calendar computes it (cut-off and legal duration); the received event gets it', async () => {
    const s = stateFor(ir);
    start(s, T0);
    const round = await settle(s, T0);
    const req = round.batches[0]!.calendar[0]!;
    expect(req).to.deep.include({ op: 'appointment', channel: 'counter', applyCutoff: true });
    expect(round.batches[0]!.dossier!.appointmentKey).to.equal(req.key);
    expect(s.dossier.appointmentAt).to.be.a('number');
    expect(s.dossier.originalAppointmentAt).to.equal(s.dossier.appointmentAt);
    expect(s.outbox.timeline[0]!.payload.appointmentAt).to.equal(at(s.dossier.appointmentAt!));
    const child = stateFor(ir, { parent: { workflowId: 'dossier-P', nodeId: 'c' } });
    start(child, T0);
    expect(takeBatch(child)!.calendar[0]).to.deep.include({ applyCutoff: false });
  });

  it('one apology, to a later date: the reminder is dropped, the original stays for classification', async () => {
    const s = stateFor(ir, { appointmentAt: at(T0 + 3 * DAY) });
    start(s, T0);
    await settle(s, T0);
    const args = { actor: 'lead', reason: 'chậm', newAppointmentAt: at(T0 + 2 * DAY) };
    expect(rejectionOf(() => validateApologize(s, args, T0 + 10))).to.equal('invalid-argument');
    expect(rejectionOf(() => validateApologize(s, { ...args, newAppointmentAt: 'mai' }, T0 + 10))).to.equal(
      'invalid-argument',
    );
    apologize(s, T0 + 10, { ...args, newAppointmentAt: at(T0 + 5 * DAY) });
    expect([s.dossier.appointmentAt, s.dossier.originalAppointmentAt]).to.deep.equal([
      T0 + 5 * DAY,
      T0 + 3 * DAY,
    ]);
    expect(s.timers.byId.has('apology-reminder')).to.equal(false);
    expect(s.outbox.timeline.at(-1)!.payload).to.deep.equal({
      reason: 'chậm',
      previousAppointmentAt: at(T0 + 3 * DAY),
      newAppointmentAt: at(T0 + 5 * DAY),
    });
    expect(
      rejectionOf(() => validateApologize(s, { ...args, newAppointmentAt: at(T0 + 9 * DAY) }, T0 + 20)),
    ).to.equal('already-apologized');
    // the appointment timer still fires at the original date: the dossier is late whatever the new date
    fireTimers(s, T0 + 3 * DAY);
    expect(s.outbox.timeline.at(-1)).to.deep.include({ type: 'dossier-overdue' });
    expect(s.dossier.overdue).to.equal(true);
  });

  it('an apology comes at the latest one working day before the appointment, also after a pause moved it', async () => {
    const s = stateFor(ir, { appointmentAt: at(T0 + 3 * DAY) });
    start(s, T0);
    await settle(s, T0);
    const args = { actor: 'lead', reason: 'chậm', newAppointmentAt: at(T0 + 6 * DAY) };
    // the reminder (one working day before) is at T0 + 2 days
    expect(() => validateApologize(s, args, T0 + 2 * DAY - 1)).not.to.throw();
    expect(rejectionOf(() => validateApologize(s, args, T0 + 2 * DAY))).to.equal('apology-too-late');
    expect(rejectionOf(() => validateApologize(s, args, T0 + 4 * DAY))).to.equal('apology-too-late');
    fireTimers(s, T0 + 2 * DAY);
    // once the reminder has fired, too late whatever the clock says
    expect(rejectionOf(() => validateApologize(s, args, T0))).to.equal('apology-too-late');
  });
});
