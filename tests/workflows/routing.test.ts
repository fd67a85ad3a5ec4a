/**
 * Increment 2: gateways with FEEL conditions, intermediate timers, boundary timers (interrupting and not), call
 * activities as child dossiers under their own agency and SLA. A working day lasts one second here.
 */
import { expect } from 'chai';
import { boundary, buildIr, call, days, end, gateway, start, task, timer } from './fixtures/build-ir.js';
import {
  claimAndComplete,
  events,
  projected,
  maybeRecordHistory,
  startDossier,
  startWorker,
  state,
  testStack,
  uniqueSuffix,
  waitFor,
  seedProcedure,
  type TestWorker,
} from './support/harness.js';
import type { DossierWorkflowResult } from '../../workflows/index.js';
import type { TestStack } from '../support/stack.js';

const LONG = days(1000);

describe('interpreter: gateways, timers, boundary events, call activities', function () {
  let stack: TestStack;
  let w: TestWorker;
  before(async () => {
    stack = await testStack();
    w = await startWorker(stack, { msPerWorkingDay: 1000 });
  });
  after(async () => {
    await w?.stop();
  });

  const decision = () =>
    buildIr({
      code: `XOR-${uniqueSuffix()}`,
      agency: 'SO-TP',
      duration: LONG,
      nodes: [
        start(),
        task('appraise', 'specialist', LONG, { outcomes: ['approve', 'refuse'] }),
        gateway('decide', 'exclusiveGateway'),
        gateway('fee', 'exclusiveGateway', 'fee->free'),
        task('pay', 'receptionist', LONG),
        task('sign', 'department-head', LONG),
        end('free'),
        end('refused', 'refused'),
      ],
      flows: [
        ['start', 'appraise'],
        ['appraise', 'decide'],
        ['decide', 'fee', 'outcome = "approve"'],
        ['decide', 'refused', '"refuse"'],
        ['fee', 'pay', 'fee > 0'],
        ['fee', 'free'],
        ['pay', 'sign'],
        ['sign', 'free'],
      ],
    });

  it('exclusive gateway: first true condition in model order, unary tests on the outcome, default flow', async () => {
    const refused = await startDossier(stack, w.taskQueue, decision(), { data: { fee: 0 } });
    await claimAndComplete(refused.handle, 'appraise#1', 'sp1', 'refuse');
    expect(((await refused.handle.result()) as DossierWorkflowResult).outcome).to.equal('refused');
    const row = await stack.knex('dossiers').where({ id: refused.dossierId }).first();
    expect([row.status, row.national_status, row.classification]).to.deep.equal(['not-accepted', 3, null]);

    const free = await startDossier(stack, w.taskQueue, decision(), { data: { fee: 0 } });
    const r = await claimAndComplete(free.handle, 'appraise#1', 'sp1', 'approve');
    expect(r.openTasks).to.have.length(0);
    expect(((await free.handle.result()) as DossierWorkflowResult).outcome).to.equal('returned');

    const paying = await startDossier(stack, w.taskQueue, decision(), { data: { fee: 0 } });
    // completion data feeds the conditions: the fee becomes 50000 at appraisal
    const r2 = await claimAndComplete(paying.handle, 'appraise#1', 'sp1', 'approve', { fee: 50000 });
    expect(r2.openTasks.map((t) => t.taskId)).to.deep.equal(['pay#1']);
    await claimAndComplete(paying.handle, 'pay#1', 'rc1');
    await claimAndComplete(paying.handle, 'sign#1', 'ld1');
    expect(((await paying.handle.result()) as DossierWorkflowResult).outcome).to.equal('returned');
    const routes = (await events(stack, paying.workflowId)).filter((e) => e.type === 'route');
    expect(routes.map((e) => e.payload.flows)).to.deep.equal([['decide->fee'], ['fee->pay']]);
    await maybeRecordHistory(paying.handle, 'exclusive-gateway');
  });

  it('parallel gateway: both branches open together and the join waits for both', async () => {
    const ir = buildIr({
      code: `AND-${uniqueSuffix()}`,
      agency: 'SO-TP',
      duration: LONG,
      nodes: [
        start(),
        gateway('fork', 'parallelGateway'),
        task('land', 'specialist', LONG),
        task('tax', 'specialist', LONG, { agency: 'CUC-THUE' }),
        gateway('join', 'parallelGateway'),
        task('sign', 'department-head', LONG),
        end('done'),
      ],
      flows: [
        ['start', 'fork'],
        ['fork', 'land'],
        ['fork', 'tax'],
        ['land', 'join'],
        ['tax', 'join'],
        ['join', 'sign'],
        ['sign', 'done'],
      ],
    });
    const d = await startDossier(stack, w.taskQueue, ir);
    const s = await state(d.handle);
    expect(s.openTasks.map((t) => [t.taskId, t.agency])).to.deep.equal([
      ['land#1', 'SO-TP'],
      ['tax#1', 'CUC-THUE'],
    ]);
    const afterTax = await claimAndComplete(d.handle, 'tax#1', 'sp2');
    expect(afterTax.openTasks.map((t) => t.taskId)).to.deep.equal(['land#1']);
    const afterLand = await claimAndComplete(d.handle, 'land#1', 'sp1');
    expect(afterLand.openTasks.map((t) => t.taskId)).to.deep.equal(['sign#1']);
    await claimAndComplete(d.handle, 'sign#1', 'ld1');
    expect(((await d.handle.result()) as DossierWorkflowResult).outcome).to.equal('returned');
    const taxRow = await stack.knex('tasks').where({ workflow_id: d.workflowId, task_id: 'tax#1' }).first();
    expect(taxRow.agency_code).to.equal('CUC-THUE');
    await maybeRecordHistory(d.handle, 'parallel-gateway');
  });

  it('inclusive gateway: only the matching branches run and the join waits for exactly those', async () => {
    const ir = buildIr({
      code: `OR-${uniqueSuffix()}`,
      agency: 'SO-TP',
      duration: LONG,
      nodes: [
        start(),
        gateway('split', 'inclusiveGateway', 'split->archive'),
        task('tax', 'specialist', LONG),
        task('land', 'specialist', LONG),
        task('archive', 'specialist', LONG),
        gateway('merge', 'inclusiveGateway'),
        task('sign', 'department-head', LONG),
        end('done'),
      ],
      flows: [
        ['start', 'split'],
        ['split', 'tax', 'needsTax = true'],
        ['split', 'land', 'area > 100'],
        ['split', 'archive'],
        ['tax', 'merge'],
        ['land', 'merge'],
        ['archive', 'merge'],
        ['merge', 'sign'],
        ['sign', 'done'],
      ],
    });
    const both = await startDossier(stack, w.taskQueue, ir, { data: { needsTax: true, area: 250 } });
    expect((await state(both.handle)).openTasks.map((t) => t.taskId)).to.deep.equal(['tax#1', 'land#1']);
    const r1 = await claimAndComplete(both.handle, 'land#1', 'sp1');
    expect(r1.openTasks.map((t) => t.taskId)).to.deep.equal(['tax#1']);
    const r2 = await claimAndComplete(both.handle, 'tax#1', 'sp1');
    expect(r2.openTasks.map((t) => t.taskId)).to.deep.equal(['sign#1']);

    const one = await startDossier(stack, w.taskQueue, ir, { data: { needsTax: true, area: 50 } });
    expect((await state(one.handle)).openTasks.map((t) => t.taskId)).to.deep.equal(['tax#1']);
    const r3 = await claimAndComplete(one.handle, 'tax#1', 'sp1');
    expect(r3.openTasks.map((t) => t.taskId)).to.deep.equal(['sign#1']);

    const none = await startDossier(stack, w.taskQueue, ir, { data: { needsTax: false, area: 0 } });
    expect((await state(none.handle)).openTasks.map((t) => t.taskId)).to.deep.equal(['archive#1']);
    await claimAndComplete(none.handle, 'archive#1', 'sp1');
    await claimAndComplete(none.handle, 'sign#1', 'ld1');
    expect(((await none.handle.result()) as DossierWorkflowResult).outcome).to.equal('returned');
    await maybeRecordHistory(both.handle, 'inclusive-gateway');
  });

  it('intermediate timer waits its working time before the next step', async () => {
    const ir = buildIr({
      code: `TMR-${uniqueSuffix()}`,
      agency: 'SO-TP',
      duration: LONG,
      nodes: [start(), timer('cool-off', days(0.6)), task('sign', 'department-head', LONG), end('done')],
      flows: [
        ['start', 'cool-off'],
        ['cool-off', 'sign'],
        ['sign', 'done'],
      ],
    });
    const t0 = Date.now();
    const d = await startDossier(stack, w.taskQueue, ir);
    expect((await state(d.handle)).openTasks).to.have.length(0);
    const s = await waitFor(d.handle, (x) => x.openTasks.length === 1);
    expect(Date.now() - t0).to.be.greaterThanOrEqual(600);
    expect(s.timeline.map((e) => e.type)).to.include('timer-fired');
    await claimAndComplete(d.handle, 'sign#1', 'ld1');
    expect(((await d.handle.result()) as DossierWorkflowResult).outcome).to.equal('returned');
  });

  it('interrupting boundary timer cancels the task and takes its path; a non-interrupting one adds a path', async () => {
    const ir = buildIr({
      code: `BND-${uniqueSuffix()}`,
      agency: 'SO-TP',
      duration: LONG,
      nodes: [
        start(),
        task('appraise', 'specialist', days(4)),
        boundary('remind', 'appraise', { slaFraction: 0.25 }, false),
        task('notify', 'receptionist', LONG),
        end('notified'),
        boundary('timeout', 'appraise', { duration: days(2.5) }, true),
        task('review', 'division-head', LONG),
        end('done'),
      ],
      flows: [
        ['start', 'appraise'],
        ['remind', 'notify'],
        ['notify', 'notified'],
        ['appraise', 'done'],
        ['timeout', 'review'],
        ['review', 'done'],
      ],
    });
    const d = await startDossier(stack, w.taskQueue, ir);
    // 1 s: the non-interrupting reminder opens notify; appraise stays open
    const s1 = await waitFor(d.handle, (x) => x.openTasks.some((t) => t.nodeId === 'notify'));
    expect(s1.openTasks.map((t) => t.taskId)).to.have.members(['appraise#1', 'notify#1']);
    // 2.5 s: the interrupting timeout cancels appraise and opens review
    const s2 = await waitFor(d.handle, (x) => x.openTasks.some((t) => t.nodeId === 'review'));
    expect(s2.openTasks.map((t) => t.taskId)).to.have.members(['notify#1', 'review#1']);
    await projected(stack, d.handle);
    const row = await stack.knex('tasks').where({ workflow_id: d.workflowId, task_id: 'appraise#1' }).first();
    expect(row.status).to.equal('cancelled');
    await claimAndComplete(d.handle, 'notify#1', 'rc1');
    await claimAndComplete(d.handle, 'review#1', 'dh1');
    expect(((await d.handle.result()) as DossierWorkflowResult).outcome).to.equal('returned');
    const types = (await events(stack, d.workflowId)).map((e) => e.type);
    expect(types.filter((t) => t === 'boundary-fired')).to.have.length(2);
  });

  it('call activity: the called procedure runs as a child dossier under its own agency and SLA', async () => {
    const child = buildIr({
      code: `TAX-${uniqueSuffix()}`,
      agency: 'CUC-THUE',
      duration: days(5),
      nodes: [
        start(),
        task('assess', 'specialist', LONG, { outcomes: ['confirmed', 'rejected'] }),
        end('ok'),
      ],
      flows: [
        ['start', 'assess'],
        ['assess', 'ok'],
      ],
    });
    await seedProcedure(stack.knex, child);
    const parent = buildIr({
      code: `PAR-${uniqueSuffix()}`,
      agency: 'SO-TNMT',
      duration: LONG,
      nodes: [
        start(),
        call('tax', child.ir.procedure.code),
        gateway('check', 'exclusiveGateway'),
        task('sign', 'department-head', LONG),
        end('done'),
        end('refused', 'refused'),
      ],
      flows: [
        ['start', 'tax'],
        ['tax', 'check'],
        ['check', 'sign', 'calls.tax.outcome = "returned"'],
        ['check', 'refused', 'outcome != "returned"'],
        ['sign', 'done'],
      ],
    });
    const d = await startDossier(stack, w.taskQueue, parent);
    const childId = `dossier-${d.code}/tax#1`;
    const childHandle = stack.client.workflow.getHandle(childId);
    const cs = await waitFor(childHandle, (x) => x.openTasks.length === 1);
    expect(cs.openTasks[0]!.agency).to.equal('CUC-THUE');
    expect(cs.appointmentAt).to.be.a('string');
    await claimAndComplete(childHandle, 'assess#1', 'tax1', 'confirmed');
    const ps = await waitFor(d.handle, (x) => x.openTasks.length === 1);
    expect(ps.openTasks[0]!.taskId).to.equal('sign#1');
    await claimAndComplete(d.handle, 'sign#1', 'ld1');
    expect(((await d.handle.result()) as DossierWorkflowResult).outcome).to.equal('returned');

    const callRow = await stack.knex('dossier_calls').where({ workflow_id: childId }).first();
    expect([callRow.agency_code, callRow.status, callRow.outcome, callRow.parent_workflow_id]).to.deep.equal([
      'CUC-THUE',
      'returned',
      'returned',
      d.workflowId,
    ]);
    const childTask = await stack.knex('tasks').where({ workflow_id: childId }).first();
    expect(childTask.dossier_id).to.equal(d.dossierId);
    expect(childTask.agency_code).to.equal('CUC-THUE');
    const parentTypes = (await events(stack, d.workflowId)).map((e) => e.type);
    expect(parentTypes).to.include.members(['call-requested', 'call-started', 'call-completed']);
    await maybeRecordHistory(d.handle, 'call-activity-parent');
  });
});
