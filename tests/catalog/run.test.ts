/**
 * Issue 8: real catalog procedures run end to end on Temporal. A seeded random sample (different each run; the
 * seed is printed, MOTCUA_SAMPLE_SEED repeats a run) of steps.json and BPMN procedures — one with a call activity
 * at least — is compiled, published and driven through its happy path by one worker on its own task queue; each
 * dossier must end `returned`, with national status 10 in `dossiers` and its `result` event in `dossier_events`.
 */
import { expect } from 'chai';
import fs from 'node:fs/promises';
import path from 'node:path';
import { createScaledCalendar } from '../../calendar/index.js';
import {
  DEFAULT_CATALOG_DIR,
  HappyPathError,
  calledProcedures,
  compileCatalog,
  driveHappyPaths,
  happyOutcome,
  loadAgencies,
  loadCatalog,
  publishCatalog,
  type CatalogProcedure,
} from '../../catalog/index.js';
import { buildIr, days, end, gateway, start, task } from '../workflows/fixtures/build-ir.js';
import { startWorker, testStack, type TestWorker } from '../workflows/support/harness.js';
import type { TestStack } from '../support/stack.js';
import { drawSample, sampleSeed, seededRandom } from './support/sample.js';

const SAMPLE_SIZE = 12;
const BPMN_IN_SAMPLE = 4;

describe('catalog: happy-path planning from the IR', () => {
  const vars = (data: Record<string, unknown> = {}) => ({
    data,
    tasks: {},
    calls: {},
    dossier: { channel: 'counter' as const, applicantType: 'person' as const, procedure: 'X', code: 'X-1' },
  });
  // appraise: refuse (listed first) → notice → refused; rework → back to appraise; approve → case gateway → sign.
  const { ir } = buildIr({
    code: 'HP-1',
    agency: 'STP',
    duration: days(10),
    nodes: [
      start(),
      task('appraise', 'specialist', days(1), { outcomes: ['refuse', 'rework', 'approve'] }),
      gateway('g', 'exclusiveGateway'),
      task('notice', 'receptionist', days(1)),
      end('refused', 'refused'),
      gateway('cases', 'exclusiveGateway', 'cases->sign'),
      task('field', 'specialist', days(1), { outcomes: ['done', 'stop'] }),
      gateway('g2', 'exclusiveGateway'),
      end('stopped', 'stopped'),
      task('sign', 'department-head', days(1)),
      end('ok'),
    ],
    flows: [
      ['start', 'appraise'],
      ['appraise', 'g'],
      ['g', 'notice', 'outcome = "refuse"'],
      ['g', 'appraise', 'outcome = "rework"'],
      ['g', 'cases', 'outcome = "approve"'],
      ['notice', 'refused'],
      ['cases', 'field', 'case = "B"'],
      ['cases', 'sign'],
      ['field', 'g2'],
      ['g2', 'stopped', '"stop"'],
      ['g2', 'sign', 'outcome = "done"'],
      ['sign', 'ok'],
    ],
  });

  it('takes the outcome that reaches a returned end, never a refuse or rework branch', () => {
    expect(happyOutcome(ir, 'appraise', vars())).to.equal('approve');
    expect(happyOutcome(ir, 'sign', vars())).to.equal('done');
  });

  it('evaluates FEEL as the interpreter does (unary tests on the outcome, data conditions)', () => {
    expect(happyOutcome(ir, 'field', vars({ case: 'B' }))).to.equal('done');
    expect(happyOutcome(ir, 'appraise', vars({ case: 'B' }))).to.equal('approve');
  });

  it('names the task when no outcome can reach a returned end', () => {
    expect(() => happyOutcome(ir, 'notice', vars())).to.throw(HappyPathError, /notice/);
  });
});

describe('catalog: a random sample of real procedures runs end to end on Temporal', function () {
  this.timeout(300_000);
  let stack: TestStack;
  let w: TestWorker | undefined;
  const seed = sampleSeed();
  let sample: CatalogProcedure[] = [];
  let unitCodes = new Map<string, string>();

  before(async () => {
    console.log(`      catalog sample seed: ${seed} (repeat with MOTCUA_SAMPLE_SEED=${seed})`);
    stack = await testStack();
    const [catalog, agencies] = await Promise.all([loadCatalog(), loadAgencies()]);
    unitCodes = new Map(agencies.map((a) => [a.code, a.unitCode]));
    const candidates = await Promise.all(
      catalog.map(async (c) => {
        const modelKind = c.metadata.model.endsWith('.bpmn') ? ('bpmn' as const) : ('steps' as const);
        const hasCall =
          modelKind === 'bpmn' &&
          (await fs.readFile(path.join(c.dir, c.metadata.model), 'utf8')).includes('callActivity');
        return { key: path.relative(DEFAULT_CATALOG_DIR, c.dir), dir: c.dir, modelKind, hasCall };
      }),
    );
    const chosen = drawSample(candidates, { size: SAMPLE_SIZE, bpmn: BPMN_IN_SAMPLE }, seededRandom(seed));
    console.log(`      sample: ${chosen.map((c) => c.key).join(', ')}`);
    const dirs = new Set(chosen.map((c) => c.dir));
    const compiled = await compileCatalog({ include: (dir) => dirs.has(dir) });
    expect(compiled.failures, 'sample compiles').to.deep.equal([]);
    sample = compiled.procedures;
    // Children run the latest published version of the procedures the sample calls.
    const called = new Set(sample.flatMap((p) => calledProcedures(p.compiled.ir)));
    const callees = await compileCatalog({ include: (dir, m) => called.has(m.code) && !dirs.has(dir) });
    expect(callees.failures, 'called procedures compile').to.deep.equal([]);
    const known = new Set([...sample, ...callees.procedures].map((p) => p.metadata.code));
    expect(
      [...called].filter((c) => !known.has(c)),
      'called procedures in the catalog',
    ).to.deep.equal([]);
    await publishCatalog(stack.knex, [...sample, ...callees.procedures]);
    // A long working day: no SLA warning or escalation fires while a dossier runs.
    w = await startWorker(stack, { calendar: createScaledCalendar({ msPerWorkingDay: 600_000 }) });
  });
  after(async () => {
    await w?.stop();
  });

  it(`runs ${SAMPLE_SIZE} procedures (steps.json and BPMN, with a call activity) to 'returned'`, async () => {
    expect(sample).to.have.length(SAMPLE_SIZE);
    expect(sample.filter((p) => p.modelKind === 'bpmn').length).to.be.at.least(1);
    expect(sample.filter((p) => p.modelKind === 'steps').length).to.be.at.least(1);
    expect(
      sample.some((p) => calledProcedures(p.compiled.ir).length > 0),
      'a procedure with a call activity',
    ).to.equal(true);

    const { runs, failures } = await driveHappyPaths({
      client: stack.client,
      knex: stack.knex,
      taskQueue: w!.taskQueue,
      procedures: sample,
      concurrency: 4,
      timeoutMs: 120_000,
      unitCodeOf: (agency) => unitCodes.get(agency),
    });
    expect(
      failures.map((f) => `${f.procedure.metadata.code}@${f.procedure.metadata.level}: ${f.reason}`),
    ).to.deep.equal([]);
    expect(runs).to.have.length(SAMPLE_SIZE);

    for (const { procedure, run } of runs) {
      const label = `${procedure.metadata.code}@${procedure.metadata.level} (${run.code})`;
      expect(run.result.outcome, label).to.equal('returned');
      const row = await stack
        .knex('dossiers')
        .where({ id: run.dossierId })
        .first('national_status', 'status', 'outcome');
      expect(row, label).to.include({ national_status: 10, status: 'returned' });
      const result = await stack
        .knex('dossier_events')
        .where({ workflow_id: run.workflowId, type: 'result' })
        .first('payload');
      expect(result?.payload, label).to.include({ outcome: 'returned' });
      const steps = procedure.compiled.ir.nodes.filter((n) => n.kind === 'userTask').length;
      expect(run.tasks, label)
        .to.be.at.least(1)
        .and.at.most(steps + run.children * 50);
      if (calledProcedures(procedure.compiled.ir).length > 0) {
        expect(run.children, `${label} starts its child dossiers`).to.be.at.least(1);
        const calls = await stack.knex('dossier_calls').where({ dossier_id: run.dossierId }).pluck('outcome');
        expect(calls, `${label} children returned`)
          .to.have.length(run.children)
          .and.satisfy((o: string[]) => o.every((x) => x === 'returned'));
      }
    }
  });
});
