/**
 * The stuck scan's orphan check against the real Temporal server and database: a running dossier workflow without
 * a dossier row, older than the grace period, is terminated with the bilingual reason and audited; one with a row,
 * a call child (by id scheme, and a real child started by the interpreter) and one younger than the grace period
 * are left alone. Also: the bound per scan (rotation, too many orphans held), and Temporal or PostgreSQL being
 * unreachable (nothing terminated). Every case runs on its own task queue (no worker: the workflows stay running
 * with a pending workflow task), so the scans never touch the shared stack's other workflows.
 */
import { expect } from 'chai';
import type { WorkflowHandle } from '@temporalio/client';
import { createSupervisionActivities } from '../../activities/supervision-activities.js';
import {
  createOrphanScan,
  isCallChild,
  listWorkflows,
  ORPHAN_AUDIT_ACTION,
  ORPHAN_WORKFLOW,
  ORPHAN_WORKFLOW_REASON,
  orphanCandidatesQuery,
  timeKey,
  type OrphanWorkflowOptions,
} from '../../activities/supervision-orphans.js';
import { WORKFLOW_TASK_FAILING } from '../../activities/supervision-activities.js';
import { createScaledCalendar } from '../../calendar/index.js';
import { createKnex } from '../../db/index.js';
import { DOSSIER_WORKFLOW_TYPE, dossierWorkflowId } from '../../ir/index.js';
import { listAudit } from '../../store/index.js';
import { testStack, uniqueSuffix, type TestStack } from '../support/stack.js';
import { buildIr, call, days, end, oneStepIr, start } from '../workflows/fixtures/build-ir.js';
import {
  seedProcedure,
  startDossier,
  startWorker,
  waitFor,
  type TestWorker,
} from '../workflows/support/harness.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('activities: orphan dossier workflows (pure parts)', () => {
  it('formats start times with nine fraction digits, so they compare as strings', () => {
    expect(timeKey(1_795_337_928, 274_370_000)).to.equal('2026-11-22T08:58:48.274370000Z');
    expect(timeKey(0, 5)).to.equal('1970-01-01T00:00:00.000000005Z');
    expect(timeKey(10, 1) < timeKey(10, 2) && timeKey(10, 999_999_999) < timeKey(11, 0)).to.equal(true);
  });

  it('queries running dossier workflows by type, id prefix, start time and task queue, quoting values', () => {
    expect(orphanCandidatesQuery({ before: 'T2', from: 'T1', taskQueue: "q'1\\" })).to.equal(
      "WorkflowType = 'dossierWorkflow' AND ExecutionStatus = 'Running' AND WorkflowId STARTS_WITH 'dossier-' " +
        "AND StartTime < 'T2' AND StartTime >= 'T1' AND TaskQueue = 'q\\'1\\\\'",
    );
    expect(orphanCandidatesQuery({ before: 'T2' })).to.not.include('TaskQueue');
  });

  it('tells call children apart: a parent execution, or the id scheme dossier-<parent code>/<activation>', () => {
    expect(isCallChild({ workflowId: 'dossier-H15-261008-0001', parentWorkflowId: null })).to.equal(false);
    expect(isCallChild({ workflowId: 'dossier-H15-261008-0001/call#1', parentWorkflowId: null })).to.equal(
      true,
    );
    expect(isCallChild({ workflowId: 'dossier-H15-261008-0002', parentWorkflowId: 'dossier-P' })).to.equal(
      true,
    );
  });
});

describe('activities: stuck scan terminates dossier workflows without a dossier row', function () {
  this.timeout(180_000);
  let stack: TestStack;
  const calendar = createScaledCalendar({ msPerWorkingDay: 3_600_000 });
  const handles: WorkflowHandle[] = [];
  const rows: string[] = [];
  let worker: TestWorker | undefined;

  before(async () => {
    stack = await testStack();
  });
  after(async () => {
    await worker?.stop();
    for (const h of handles) await h.terminate('test over').catch(() => undefined);
    if (rows.length)
      await stack
        .knex('dossiers')
        .whereIn('id', rows)
        .delete()
        .catch(() => undefined);
  });

  const procedure = (code = `ORPH-${uniqueSuffix()}`) =>
    oneStepIr({
      code,
      agency: 'SO-TP',
      duration: days(3),
    });

  /** A dossier workflow started the way intake starts it, but with no row (what the double failure leaves). */
  const startRowless = async (taskQueue: string, code: string): Promise<WorkflowHandle> => {
    const h = await stack.client.workflow.start(DOSSIER_WORKFLOW_TYPE, {
      taskQueue,
      workflowId: dossierWorkflowId(code),
      args: [],
    });
    handles.push(h);
    return h;
  };
  const startWithRow = async (taskQueue: string) => {
    const d = await startDossier(stack, taskQueue, procedure());
    handles.push(d.handle);
    rows.push(d.dossierId);
    return d;
  };
  const statusOf = async (h: WorkflowHandle) => (await h.describe()).status.name;
  /** Waits until visibility lists `n` running dossier workflows on the queue. */
  const visible = async (taskQueue: string, n: number) => {
    const q = orphanCandidatesQuery({ before: timeKey(4_000_000_000, 0), taskQueue });
    for (let i = 0; i < 100; i++) {
      if ((await listWorkflows(stack.client, q, 100)).length >= n) return;
      await sleep(100);
    }
    throw new Error(`visibility never listed ${n} workflows on ${taskQueue}`);
  };
  /** The scan as the schedule runs it; the workflow-task probe asks Temporal nothing (other tests' findings stay). */
  const activities = (orphanWorkflows?: OrphanWorkflowOptions) =>
    createSupervisionActivities({
      knex: stack.knex,
      calendarFor: async () => calendar,
      temporal: { client: stack.client },
      workflowTaskProbe: {
        budget: 0,
        describe: async () => {
          throw new Error('not asked in this test');
        },
      },
      ...(orphanWorkflows ? { orphanWorkflows } : {}),
    });
  const scan = (orphanWorkflows: OrphanWorkflowOptions) =>
    activities(orphanWorkflows).supervisionScanStuck({});

  it('terminates an old enough workflow without a row, audited; leaves one with a row, a child and a young one', async () => {
    const s = uniqueSuffix();
    const q = `orph-${s}`;
    const orphan = await startRowless(q, `ORPH-${s}-old`);
    const startedAt = Date.now();
    const rowed = await startWithRow(q);
    const child = await startRowless(q, `ORPH-${s}-parent/call#1`);
    await visible(q, 3);

    // The default grace period (10 minutes): an intake that just started its workflow is never touched.
    const early = await scan({ taskQueue: q });
    expect(early.orphanWorkflows).to.deep.include({ listed: 0, withoutRow: 0, terminated: 0 });
    expect(await statusOf(orphan)).to.equal('RUNNING');

    await sleep(Math.max(0, startedAt + 6_000 - Date.now()));
    const young = await startRowless(q, `ORPH-${s}-young`);
    const result = await scan({ taskQueue: q, graceMs: 4_000 });
    expect(result.orphanWorkflows).to.deep.equal({
      listed: 3,
      children: 1,
      withoutRow: 1,
      terminated: 1,
      alreadyEnded: 0,
      errors: 0,
      held: false,
      rotationWrapped: true,
    });
    expect(result.unchecked ?? []).to.not.include(ORPHAN_WORKFLOW);

    expect(await statusOf(orphan)).to.equal('TERMINATED');
    const history = await orphan.fetchHistory();
    const terminated = history.events?.find(
      (e) => e.workflowExecutionTerminatedEventAttributes,
    )?.workflowExecutionTerminatedEventAttributes;
    expect(terminated?.reason).to.equal(ORPHAN_WORKFLOW_REASON);
    expect(ORPHAN_WORKFLOW_REASON).to.equal('hồ sơ không tồn tại / orphan workflow: no dossier row');
    for (const h of [rowed.handle, child, young]) expect(await statusOf(h), h.workflowId).to.equal('RUNNING');

    const audit = await listAudit({
      knex: stack.knex,
      filter: { targetId: orphan.workflowId, limit: 10, offset: 0 },
    });
    expect(audit.items).to.have.length(1);
    const entry = audit.items[0]!;
    expect(entry).to.include({
      actor: 'supervision',
      action: ORPHAN_AUDIT_ACTION,
      target_type: 'workflow',
      reason: ORPHAN_WORKFLOW_REASON,
    });
    expect(entry.old_value).to.deep.include({ dossierCode: `ORPH-${s}-old`, taskQueue: q });
    for (const h of [rowed.handle, child, young]) {
      const none = await listAudit({
        knex: stack.knex,
        filter: { targetId: h.workflowId, limit: 1, offset: 0 },
      });
      expect(
        none.items.filter((a) => a.action === ORPHAN_AUDIT_ACTION),
        h.workflowId,
      ).to.have.length(0);
    }
  });

  it('leaves a real call child alone: started by its parent, no dossier row of its own', async () => {
    const s = uniqueSuffix();
    worker = await startWorker(stack, { calendar });
    const childProcedure = procedure(`ORPH-CH-${s}`);
    await seedProcedure(stack.knex, childProcedure);
    const parent = buildIr({
      code: `ORPH-PA-${s}`,
      agency: 'SO-TP',
      duration: days(10),
      nodes: [start(), call('sub', childProcedure.ir.procedure.code), end('done')],
      flows: [
        ['start', 'sub'],
        ['sub', 'done'],
      ],
    });
    const d = await startDossier(stack, worker.taskQueue, parent);
    handles.push(d.handle);
    rows.push(d.dossierId);
    const childHandle = stack.client.workflow.getHandle(`${d.workflowId}/sub#1`);
    await waitFor(childHandle, (x) => x.openTasks.some((t) => t.taskId === 'receive#1'));
    await visible(worker.taskQueue, 2);
    expect(await stack.knex('dossiers').where({ workflow_id: childHandle.workflowId }).first()).to.equal(
      undefined,
    );
    // Visibility shows the parent execution the check relies on.
    const listed = await listWorkflows(
      stack.client,
      orphanCandidatesQuery({ before: timeKey(4_000_000_000, 0), taskQueue: worker.taskQueue }),
      10,
    );
    expect(listed.find((w) => w.workflowId === childHandle.workflowId)?.parentWorkflowId).to.equal(
      d.workflowId,
    );

    const result = await scan({ taskQueue: worker.taskQueue, graceMs: 0 });
    expect(result.orphanWorkflows).to.deep.include({ listed: 2, children: 1, withoutRow: 0, terminated: 0 });
    expect(await statusOf(childHandle)).to.equal('RUNNING');
    expect(await statusOf(d.handle)).to.equal('RUNNING');
    await worker.stop();
    worker = undefined;
  });

  it('is bounded per scan: a rotation down the start times, newest first, round again at the end', async () => {
    const s = uniqueSuffix();
    const q = `orph-rot-${s}`;
    const a = await startRowless(q, `ORPH-${s}-a`);
    await sleep(20);
    const b = await startRowless(q, `ORPH-${s}-b`);
    await sleep(20);
    const c = await startRowless(q, `ORPH-${s}-c`);
    await visible(q, 3);
    const scanner = activities({ taskQueue: q, graceMs: 0, budget: 2 });

    const first = await scanner.supervisionScanStuck({});
    expect(first.orphanWorkflows).to.deep.include({
      listed: 2,
      withoutRow: 2,
      terminated: 2,
      rotationWrapped: false,
    });
    expect([await statusOf(a), await statusOf(b), await statusOf(c)]).to.deep.equal([
      'RUNNING',
      'TERMINATED',
      'TERMINATED',
    ]);
    const second = await scanner.supervisionScanStuck({});
    expect(second.orphanWorkflows).to.deep.include({
      listed: 1,
      withoutRow: 1,
      terminated: 1,
      rotationWrapped: true,
    });
    expect(await statusOf(a)).to.equal('TERMINATED');
  });

  it('terminates none when a scan finds more orphans than its limit (another database?), says so', async () => {
    const s = uniqueSuffix();
    const q = `orph-many-${s}`;
    const hs = [await startRowless(q, `ORPH-${s}-1`), await startRowless(q, `ORPH-${s}-2`)];
    await visible(q, 2);
    const held = await scan({ taskQueue: q, graceMs: 0, maxTerminations: 1 });
    expect(held.orphanWorkflows).to.deep.include({ withoutRow: 2, terminated: 0, held: true });
    for (const h of hs) expect(await statusOf(h)).to.equal('RUNNING');
    const done = await scan({ taskQueue: q, graceMs: 0 });
    expect(done.orphanWorkflows).to.deep.include({ withoutRow: 2, terminated: 2, held: false });
    for (const h of hs) expect(await statusOf(h)).to.equal('TERMINATED');
  });

  it('does nothing while Temporal or PostgreSQL is unreachable, and goes on at the next scan', async () => {
    const s = uniqueSuffix();
    const q = `orph-down-${s}`;
    const h = await startRowless(q, `ORPH-${s}-down`);
    await visible(q, 1);

    const noTemporal = await createSupervisionActivities({
      knex: stack.knex,
      calendarFor: async () => calendar,
      temporal: { address: '127.0.0.1:1', namespace: stack.config.temporal.namespace },
      orphanWorkflows: { taskQueue: q, graceMs: 0 },
    }).supervisionScanStuck({});
    expect(noTemporal.orphanWorkflows).to.equal(undefined);
    expect(noTemporal.unchecked).to.include.members([WORKFLOW_TASK_FAILING, ORPHAN_WORKFLOW]);
    expect(await statusOf(h)).to.equal('RUNNING');

    // PostgreSQL down between the listing and the row check: nothing is terminated, the check fails.
    const deadDb = createKnex('postgres://postgres@127.0.0.1:1/motcua_test');
    try {
      const orphanScan = createOrphanScan({
        knex: deadDb,
        options: { taskQueue: q, graceMs: 0 },
        now: () => new Date(),
      });
      let failed = false;
      await orphanScan(stack.client).catch(() => (failed = true));
      expect(failed).to.equal(true);
    } finally {
      await deadDb.destroy();
    }
    expect(await statusOf(h)).to.equal('RUNNING');

    const next = await scan({ taskQueue: q, graceMs: 0 });
    expect(next.orphanWorkflows).to.deep.include({ withoutRow: 1, terminated: 1 });
    expect(await statusOf(h)).to.equal('TERMINATED');
  });
});
