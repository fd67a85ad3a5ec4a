/**
 * The interpreter's state machine without Temporal: determinism, incidents (no route, FEEL errors, loops),
 * form validation, pause bookkeeping. Calendar answers come from the real activity code on a scaled calendar.
 */
import { expect } from 'chai';
import { createScaledCalendar } from '../../calendar/index.js';
import { computeCalendar } from '../../activities/index.js';
import type { CompiledProcedure } from '../../ir/index.js';
import { DossierEngine, Rejection } from '../../workflows/engine.js';
import { buildIr, days, end, gateway, start, task } from './fixtures/build-ir.js';

const calendar = createScaledCalendar({ msPerWorkingDay: 1000 });
const T0 = Date.parse('2026-11-23T01:00:00Z');

function engineFor(compiled: CompiledProcedure, data: Record<string, unknown> = {}): DossierEngine {
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
  );
}

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
        nodes: [start(), gateway('fork', 'parallelGateway'), task('a', 'specialist', days(1)), task('b', 'specialist', days(2)), gateway('join', 'parallelGateway'), end('done')],
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
            formSchema: { type: 'object', required: ['amount'], properties: { amount: { type: 'integer', minimum: 1 } } },
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
    expect(() => e.validateComplete({ taskId: 't#1', userId: 'u', outcome: 'done', data: { amount: 0 } })).to.throw(Rejection, /amount/);
    expect(() => e.validateComplete({ taskId: 't#1', userId: 'u', outcome: 'done', data: {} })).to.throw(Rejection, /invalid/);
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
});
