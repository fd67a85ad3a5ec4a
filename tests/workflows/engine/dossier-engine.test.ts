/**
 * The interpreter's state machine without Temporal: determinism, incidents (no route, FEEL errors, loops),
 * form validation, pause bookkeeping. Calendar answers come from the real activity code on a scaled calendar.
 */
import { expect } from 'chai';
import { createScaledCalendar } from '../../../calendar/index.js';
import { computeCalendar } from '../../../activities/index.js';
import type { CompiledProcedure } from '../../../ir/index.js';
import { DossierEngine, PATCHES, Rejection, type Effect } from '../../../workflows/engine/index.js';
import { buildIr, call, days, end, gateway, start, task } from '../fixtures/build-ir.js';

const calendar = createScaledCalendar({ msPerWorkingDay: 1000 });
const T0 = Date.parse('2026-11-23T01:00:00Z');

function engineFor(
  compiled: CompiledProcedure,
  data: Record<string, unknown> = {},
  patched?: (id: string) => boolean,
): DossierEngine {
  return new DossierEngine(
    {
      dossierId: 'd',
      dossierCode: 'C',
      procedureVersionId: 1,
      compiled,
      channel: 'counter',
      receivedAt: new Date(T0).toISOString(),
      agencyCode: 'A',
      data,
      applicantType: 'person',
    },
    'dossier-C',
    patched ? { patched } : {},
  );
}

function rejection(fn: () => void): string {
  try {
    fn();
  } catch (err) {
    expect(err).to.be.instanceOf(Rejection);
    return (err as Rejection).type;
  }
  throw new Error('expected a rejection');
}

const oneStep = (code: string) =>
  buildIr({
    code,
    agency: 'A',
    duration: days(10),
    nodes: [start(), task('t', 'specialist', days(2)), end('done')],
    flows: [
      ['start', 't'],
      ['t', 'done'],
    ],
  });

/** What the workflow loop does between waits: advance, project (calendar answered), repeat. */
async function settle(e: DossierEngine, now: number): Promise<string[]> {
  const types: string[] = [];
  do {
    e.advance(now);
    const batch = e.takeBatch();
    if (batch) {
      types.push(...batch.events.map((x) => x.type));
      const cal = await computeCalendar(batch.calendar, async () => calendar);
      e.applyBatchResult(now, batch, { calendar: cal, plugins: {}, applied: true });
    }
    e.takeEffects();
  } while (e.hasWork());
  return types;
}

describe('engine (pure)', () => {
  it('is deterministic: the same inputs give the same batches', async () => {
    const run = async () => {
      const ir = buildIr({
        code: 'DET',
        agency: 'A',
        duration: days(5),
        nodes: [
          start(),
          gateway('fork', 'parallelGateway'),
          task('a', 'specialist', days(1)),
          task('b', 'specialist', days(2)),
          gateway('join', 'parallelGateway'),
          end('done'),
        ],
        flows: [
          ['start', 'fork'],
          ['fork', 'a'],
          ['fork', 'b'],
          ['a', 'join'],
          ['b', 'join'],
          ['join', 'done'],
        ],
      });
      const e = engineFor(ir);
      e.start(T0);
      const log: unknown[] = [];
      log.push(await settle(e, T0));
      e.complete(T0 + 10, { taskId: 'b#1', userId: 'u', outcome: 'done' });
      log.push(await settle(e, T0 + 10));
      e.fireTimers(T0 + 800);
      log.push(await settle(e, T0 + 800));
      e.complete(T0 + 900, { taskId: 'a#1', userId: 'u', outcome: 'done' });
      log.push(await settle(e, T0 + 900));
      log.push(e.snapshot());
      return JSON.stringify(log);
    };
    const [x, y] = [await run(), await run()];
    expect(x).to.equal(y);
    expect(x).to.contain('task-warning');
    expect(x).to.contain('"outcome":"returned"');
  });

  it('opens an incident when no flow matches, when FEEL fails, and when gateways loop without waiting', async () => {
    const noRoute = engineFor(
      buildIr({
        code: 'NR',
        agency: 'A',
        duration: days(5),
        nodes: [start(), gateway('g', 'exclusiveGateway'), end('x'), end('y')],
        flows: [
          ['start', 'g'],
          ['g', 'x', 'amount > 10'],
          ['g', 'y', 'amount < 0'],
        ],
      }),
      { amount: 5 },
    );
    noRoute.start(T0);
    expect(await settle(noRoute, T0)).to.include('incident-opened');
    expect(noRoute.snapshot().incidents[0]).to.include({ kind: 'no-route', nodeId: 'g', status: 'open' });
    noRoute.retryIncident(T0 + 1, { actor: 'sup', incidentId: 'inc-1' });
    await settle(noRoute, T0 + 1);
    expect(noRoute.snapshot().incidents.map((i) => [i.id, i.status])).to.deep.equal([
      ['inc-1', 'resolved'],
      ['inc-2', 'open'],
    ]);

    const badFeel = engineFor(
      buildIr({
        code: 'BF',
        agency: 'A',
        duration: days(5),
        nodes: [start(), gateway('g', 'exclusiveGateway'), end('x'), end('y')],
        flows: [
          ['start', 'g'],
          ['g', 'x', 'amount >>> ('],
          ['g', 'y'],
        ],
      }),
    );
    badFeel.start(T0);
    await settle(badFeel, T0);
    expect(badFeel.snapshot().incidents[0]!.kind).to.equal('expression-failed');

    const loop = engineFor(
      buildIr({
        code: 'LP',
        agency: 'A',
        duration: days(5),
        nodes: [start(), gateway('g1', 'exclusiveGateway'), gateway('g2', 'exclusiveGateway'), end('never')],
        flows: [
          ['start', 'g1'],
          ['g1', 'g2'],
          ['g2', 'g1', 'true'],
          ['g2', 'never', 'false'],
        ],
      }),
    );
    loop.start(T0);
    await settle(loop, T0);
    expect(loop.snapshot().incidents[0]!.kind).to.equal('loop');
  });

  it('validates completion data against the task form schema; rejections change nothing', async () => {
    const e = engineFor(
      buildIr({
        code: 'F',
        agency: 'A',
        duration: days(5),
        nodes: [
          start(),
          task('t', 'specialist', days(1), {
            formSchema: {
              type: 'object',
              required: ['amount'],
              properties: { amount: { type: 'integer', minimum: 1 } },
            },
          }),
          end('done'),
        ],
        flows: [
          ['start', 't'],
          ['t', 'done'],
        ],
      }),
    );
    e.start(T0);
    await settle(e, T0);
    const before = JSON.stringify(e.snapshot());
    expect(() =>
      e.validateComplete({ taskId: 't#1', userId: 'u', outcome: 'done', data: { amount: 0 } }),
    ).to.throw(Rejection, /amount/);
    expect(() => e.validateComplete({ taskId: 't#1', userId: 'u', outcome: 'done', data: {} })).to.throw(
      Rejection,
      /invalid/,
    );
    expect(JSON.stringify(e.snapshot())).to.equal(before);
    e.complete(T0 + 1, { taskId: 't#1', userId: 'u', outcome: 'done', data: { amount: 3 } });
    await settle(e, T0 + 1);
    expect(e.result).to.include({ outcome: 'returned' });
  });

  it('freezes timers while paused and moves them by the paused working time on resume', async () => {
    const e = engineFor(
      buildIr({
        code: 'P',
        agency: 'A',
        duration: days(10),
        nodes: [start(), task('t', 'specialist', days(2)), end('done')],
        flows: [
          ['start', 't'],
          ['t', 'done'],
        ],
      }),
    );
    e.start(T0);
    await settle(e, T0);
    expect(e.nextTimerAt()).to.equal(T0 + 1500);
    e.requestSupplement(T0 + 100, { actor: 'sp', reason: 'thiếu', missing: ['x'] });
    await settle(e, T0 + 100);
    expect(e.nextTimerAt()).to.equal(undefined);
    e.fireTimers(T0 + 5000);
    expect(e.snapshot().timeline.map((x) => x.type)).to.not.include('task-warning');
    e.supplementReceived(T0 + 600, { actor: 'app', documents: [] });
    expect(e.nextTimerAt()).to.equal(undefined); // until the calendar answered the shift
    await settle(e, T0 + 600);
    expect(e.nextTimerAt()).to.equal(T0 + 2000);
    expect(e.snapshot().openTasks[0]!.dueAt).to.equal(new Date(T0 + 2500).toISOString());
    expect(e.snapshot().appointmentAt).to.equal(new Date(T0 + 10_500).toISOString());
  });

  it('financial obligation: validators, status 6, a stray supplement ignored, the payment resumes and moves clocks', async () => {
    const e = engineFor(oneStep('PAY'));
    e.start(T0);
    await settle(e, T0);
    const base = { actor: 'sp', reason: 'lệ phí trước bạ' };
    expect(rejection(() => e.validateRequestPayment({ ...base, amount: 0 }))).to.equal('invalid-argument');
    expect(rejection(() => e.validateRequestPayment({ ...base, amount: -5 }))).to.equal('invalid-argument');
    expect(rejection(() => e.validateRequestPayment({ ...base, amount: Number.NaN }))).to.equal(
      'invalid-argument',
    );
    expect(
      rejection(() => e.validateRequestPayment({ ...base, amount: 10, items: [{ name: '', amount: 1 }] })),
    ).to.equal('invalid-argument');
    expect(
      rejection(() => e.validateRequestPayment({ ...base, amount: 10, items: [{ name: 'x', amount: -1 }] })),
    ).to.equal('invalid-argument');
    expect(rejection(() => e.validateRequestPayment({ actor: 'sp', reason: '', amount: 10 }))).to.equal(
      'invalid-argument',
    );
    // 0.2 working day into the 2-day task: its deadline at T0 + 2000
    e.requestPayment(T0 + 200, {
      ...base,
      amount: 2_150_000,
      items: [
        { name: 'trước bạ', amount: 2_000_000 },
        { name: 'thẩm định', amount: 150_000 },
      ],
    });
    expect([e.currentStatus, e.snapshot().nationalStatus]).to.deep.equal(['financial-obligation', 6]);
    expect(await settle(e, T0 + 200)).to.deep.equal(['payment-requested']);
    expect(e.nextTimerAt()).to.equal(undefined);
    expect(rejection(() => e.validateRequestPayment({ ...base, amount: 1 }))).to.equal(
      'payment-already-requested',
    );
    expect(rejection(() => e.validateRequestSupplement({ actor: 'sp', reason: 'x', missing: [] }))).to.equal(
      'payment-already-requested',
    );
    expect(rejection(() => e.validateComplete({ taskId: 't#1', userId: 'u', outcome: 'done' }))).to.equal(
      'dossier-paused',
    );
    e.supplementReceived(T0 + 300, { actor: 'app', documents: ['d'] });
    expect(await settle(e, T0 + 300)).to.deep.equal(['supplement-ignored']);
    expect(e.currentStatus).to.equal('financial-obligation');

    e.paymentReceived(T0 + 700, { receiptNo: 'BL-1', amount: 2_150_000 });
    expect(await settle(e, T0 + 700)).to.deep.equal(['payment-received', 'deadlines-moved']);
    const s = e.snapshot();
    expect([s.status, s.nationalStatus]).to.deep.equal(['in-progress', 4]);
    expect(s.pauses[0]).to.deep.include({
      kind: 'payment',
      amount: 2_150_000,
      reason: 'lệ phí trước bạ',
      pausedWorkingMs: 500,
    });
    expect(s.pauses[0]!.items).to.have.length(2);
    expect(s.openTasks[0]!.dueAt).to.equal(new Date(T0 + 2500).toISOString());
    expect(s.appointmentAt).to.equal(new Date(T0 + 10_500).toISOString());
    expect(s.timeline.find((x) => x.type === 'payment-received')!.payload).to.include({
      pause: 1,
      requested: 2_150_000,
    });

    // the same receipt signalled again (an API retry) is not counted twice; another request may follow
    e.paymentReceived(T0 + 800, { receiptNo: 'BL-1', amount: 2_150_000 });
    expect(await settle(e, T0 + 800)).to.deep.equal(['payment-duplicate']);
    expect(e.snapshot().payments).to.have.length(1);
    e.requestSupplement(T0 + 900, { actor: 'sp', reason: 'thiếu', missing: ['x'] });
    expect(rejection(() => e.validateRequestPayment({ ...base, amount: 1 }))).to.equal('already-paused');
    e.supplementReceived(T0 + 950, { actor: 'app', documents: [] });
    await settle(e, T0 + 950);

    e.complete(T0 + 1000, { taskId: 't#1', userId: 'u', outcome: 'done' });
    await settle(e, T0 + 1000);
    expect(e.isFinished).to.equal(true);
    expect(rejection(() => e.validateRequestPayment({ ...base, amount: 1 }))).to.equal('dossier-finished');
  });

  it('a child that starts while its parent is paused is paused at once (patch pause-child-on-start)', async () => {
    const ir = buildIr({
      code: 'PARENT',
      agency: 'A',
      duration: days(10),
      nodes: [start(), call('c', 'CHILD'), end('done')],
      flows: [
        ['start', 'c'],
        ['c', 'done'],
      ],
    });
    const run = async (patched: boolean): Promise<Effect[]> => {
      const asked: string[] = [];
      const e = engineFor(ir, {}, (id) => {
        asked.push(id);
        return patched;
      });
      e.start(T0);
      e.advance(T0);
      const effects: Effect[] = [];
      const drain = async (now: number) => {
        do {
          e.advance(now);
          const batch = e.takeBatch();
          if (batch) {
            const cal = await computeCalendar(batch.calendar, async () => calendar);
            e.applyBatchResult(now, batch, { calendar: cal, plugins: {}, applied: true });
          }
          effects.push(...e.takeEffects());
        } while (e.hasWork());
      };
      await drain(T0);
      expect(effects.map((x) => x.kind)).to.deep.equal(['start-call']);
      // paused while the child is still being started: this signal cannot reach it
      e.requestPayment(T0 + 10, { actor: 'sp', reason: 'phí', amount: 100 });
      await drain(T0 + 10);
      expect(asked).to.deep.equal([]);
      e.onCallStarted(T0 + 20, 'c#1', 1, {
        childWorkflowId: 'dossier-C/c#1',
        procedureCode: 'CHILD',
        procedureVersionId: 2,
        agencyCode: 'B',
      });
      await drain(T0 + 20);
      expect(asked).to.deep.equal([PATCHES.pauseChildOnStart]);
      e.paymentReceived(T0 + 30, { receiptNo: 'BL-9', amount: 100 });
      await drain(T0 + 30);
      return effects;
    };
    const patched = await run(true);
    expect(patched.map((x) => x.kind)).to.deep.equal([
      'start-call',
      'pause-child',
      'pause-child',
      'resume-child',
    ]);
    expect(patched[2]).to.deep.include({ childWorkflowId: 'dossier-C/c#1' });
    expect((patched[2] as Extract<Effect, { kind: 'pause-child' }>).args).to.deep.include({
      kind: 'payment',
      amount: 100,
      reason: 'phí',
    });
    // a history recorded before the patch keeps its commands
    expect((await run(false)).map((x) => x.kind)).to.deep.equal([
      'start-call',
      'pause-child',
      'resume-child',
    ]);
  });
});
