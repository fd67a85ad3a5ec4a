/**
 * The stuck scan against the real Temporal server and database: a dossier whose workflow task keeps failing (a
 * "bad release" of the workflow code that throws a plain Error) is reported with the failure message and the
 * attempt count, and the finding clears when the code is fixed (the real worker takes over) or when the workflow
 * is terminated. Also: the rotation of the probe over running workflows, and Temporal being unreachable.
 */
import path from 'node:path';
import { expect } from 'chai';
import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';
import {
  createSupervisionActivities,
  WORKFLOW_TASK_FAILING,
} from '../../activities/supervision-activities.js';
import {
  describeWorkflowTaskFailure,
  FAILING_WORKFLOW_TASK_ATTEMPT,
} from '../../activities/supervision-temporal.js';
import { createScaledCalendar } from '../../calendar/index.js';
import { repoRoot } from '../../config/index.js';
import { listFindings, type FindingRow } from '../../store/index.js';
import { listRunningWorkflows } from '../../store/index.js';
import { testStack, uniqueSuffix, type TestStack } from '../support/stack.js';
import { buildIr, days, end, oneStepIr, start } from '../workflows/fixtures/build-ir.js';
import {
  projected,
  quietLogger,
  seedProcedure,
  startDossier,
  startWorker,
  waitFor,
  type StartedDossier,
  type TestWorker,
} from '../workflows/support/harness.js';
import { BROKEN_RELEASE_MESSAGE } from './fixtures/failing-dossier-workflow.js';

const brokenWorkflowsPath = path.join(
  repoRoot,
  'dist',
  'tests',
  'activities',
  'fixtures',
  'failing-dossier-workflow.js',
);

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`not reached in ${timeoutMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('activities: stuck scan finds workflow tasks that keep failing', function () {
  this.timeout(240_000);
  let stack: TestStack;
  let taskQueue: string;
  let good: TestWorker | undefined;
  let fixed: StartedDossier;
  let terminated: StartedDossier;
  const calendar = createScaledCalendar({ msPerWorkingDay: 3_600_000 });

  const procedure = () =>
    oneStepIr({
      code: `WTF-${uniqueSuffix()}`,
      agency: 'SO-TP',
      duration: days(3),
    });

  /**
   * The scan as the schedule runs it. `only`: Temporal is really asked about these workflows alone, every other
   * running workflow of the shared test database counts as "could not be checked" (its open findings are kept, not
   * cleared), so the first detection does not depend on where the rotation stands. Without it: the production
   * path with a small rotation budget (open findings are re-checked whatever the rotation).
   */
  const scan = (only?: StartedDossier[]) => {
    const ids = new Set(only?.map((d) => d.workflowId));
    return createSupervisionActivities({
      knex: stack.knex,
      calendarFor: async () => calendar,
      temporal: { client: stack.client },
      workflowTaskProbe: only
        ? {
            budget: 1_000_000,
            describe: async (client, workflowId) => {
              if (!ids.has(workflowId)) throw new Error('not asked in this test');
              return describeWorkflowTaskFailure(client, workflowId);
            },
          }
        : { budget: 20 },
    }).supervisionScanStuck({});
  };

  const findingsOf = async (d: StartedDossier, open: boolean): Promise<FindingRow[]> =>
    (await listFindings({ knex: stack.knex, dossierId: d.dossierId, open })).filter(
      (f) => f.kind === WORKFLOW_TASK_FAILING,
    );

  /** Workers running the broken release, one per task queue. */
  const brokenWorkers: Array<{ worker: Worker; running: Promise<void> }> = [];
  let connection: NativeConnection | undefined;

  before(async () => {
    stack = await testStack();
    connection = await NativeConnection.connect({ address: stack.config.temporal.address });
    const { code } = await bundleWorkflowCode({ workflowsPath: brokenWorkflowsPath, logger: quietLogger });
    const brokenQueue = async () => {
      const queue = `wtf-${uniqueSuffix()}`;
      const worker = await Worker.create({
        connection: connection!,
        namespace: stack.config.temporal.namespace,
        taskQueue: queue,
        workflowBundle: { code },
        shutdownGraceTime: '1s',
      });
      brokenWorkers.push({ worker, running: worker.run() });
      return queue;
    };
    // Two task queues: fixing the code of one (a real worker takes it over) leaves the other one failing.
    taskQueue = await brokenQueue();
    fixed = await startDossier(stack, taskQueue, procedure());
    terminated = await startDossier(stack, await brokenQueue(), procedure());
    // The first attempt fails, Temporal schedules the next one: attempt ≥ 2 is what "failing" means.
    for (const d of [fixed, terminated]) {
      await until(`workflow task of ${d.workflowId} failing`, async () => {
        const f = await describeWorkflowTaskFailure(stack.client, d.workflowId);
        return f && f.attempt >= FAILING_WORKFLOW_TASK_ATTEMPT ? f : undefined;
      });
    }
  });

  after(async () => {
    for (const b of brokenWorkers) {
      if (b.worker.getState() === 'RUNNING') b.worker.shutdown();
      await b.running.catch(() => undefined);
    }
    await connection?.close().catch(() => undefined);
    await good?.stop();
    for (const d of [fixed, terminated]) {
      if (d) await d.handle.terminate('test over').catch(() => undefined);
    }
  });

  it('describes the failure: message, cause, attempt and a reason in Vietnamese and English', async () => {
    const f = await describeWorkflowTaskFailure(stack.client, fixed.workflowId);
    expect(f, 'failing').to.not.equal(undefined);
    expect(f!.attempt).to.be.at.least(FAILING_WORKFLOW_TASK_ATTEMPT);
    expect(f!.message).to.equal(BROKEN_RELEASE_MESSAGE);
    expect(f!.cause).to.equal('WORKFLOW_TASK_FAILED_CAUSE_WORKFLOW_WORKER_UNHANDLED_FAILURE');
    expect(f!.since).to.be.instanceOf(Date);
    expect(f!.reasonText.vi).to.include(`lần ${f!.attempt}`).and.to.include(BROKEN_RELEASE_MESSAGE);
    expect(f!.reasonText.en).to.include(`attempt ${f!.attempt}`).and.to.include(BROKEN_RELEASE_MESSAGE);
    expect(f!.reason).to.equal(`${f!.reasonText.vi} / ${f!.reasonText.en}`);
  });

  it('the scan reports both dossiers as workflow-task-failing, with the message and the attempt count', async () => {
    const result = await scan([fixed, terminated]);
    expect(result.byKind[WORKFLOW_TASK_FAILING] ?? 0).to.be.at.least(2);
    expect(result.workflowTasks?.probed).to.be.at.least(2);
    for (const d of [fixed, terminated]) {
      const rows = await findingsOf(d, true);
      expect(rows, d.workflowId).to.have.length(1);
      const row = rows[0]!;
      expect(row.workflow_id).to.equal(d.workflowId);
      expect(row.dossier_code).to.equal(d.code);
      expect(row.agency_code).to.equal('SO-TP');
      expect(row.reason).to.include(BROKEN_RELEASE_MESSAGE);
      const attempt = Number(/attempt (\d+)/.exec(row.reason)?.[1]);
      expect(attempt).to.be.at.least(FAILING_WORKFLOW_TASK_ATTEMPT);
      expect(row.reason).to.include(`lần ${attempt}`);
      expect(row.resolved_at).to.equal(null);
    }
    // Not also reported as idle: one reason per dossier, the most specific one.
    const all = await listFindings({ knex: stack.knex, dossierId: fixed.dossierId, open: true });
    expect(all.map((f) => f.kind)).to.deep.equal([WORKFLOW_TASK_FAILING]);
  });

  it('a scan without Temporal keeps the open findings instead of clearing them', async () => {
    const blind = createSupervisionActivities({ knex: stack.knex, calendarFor: async () => calendar });
    const result = await blind.supervisionScanStuck({});
    expect(result.unchecked).to.deep.equal([WORKFLOW_TASK_FAILING]);
    for (const d of [fixed, terminated]) expect(await findingsOf(d, true), d.workflowId).to.have.length(1);
  });

  it('clears once the code is fixed: the real worker takes the task over and the dossier moves', async () => {
    const b = brokenWorkers[0]!;
    b.worker.shutdown();
    await b.running.catch(() => undefined);
    good = await startWorker(stack, { taskQueue, calendar });
    // Temporal hands the retried task to the new worker after its retry delay (queries are refused meanwhile).
    await until(
      'the real worker ran the dossier',
      async () =>
        (await describeWorkflowTaskFailure(stack.client, fixed.workflowId)) === undefined &&
        (await stack.knex('tasks').where({ workflow_id: fixed.workflowId, task_id: 'receive#1' }).first())
          ? true
          : undefined,
      120_000,
    );
    await waitFor(fixed.handle, (s) => s.openTasks.some((t) => t.taskId === 'receive#1'));
    await projected(stack, fixed.handle);
    expect(await describeWorkflowTaskFailure(stack.client, fixed.workflowId)).to.equal(undefined);
    await scan();
    expect(await findingsOf(fixed, true)).to.have.length(0);
    expect((await findingsOf(fixed, false))[0]!.resolved_at).to.be.instanceOf(Date);
    // The other one is still failing: re-checked on every scan, wherever the rotation stands.
    expect(await findingsOf(terminated, true)).to.have.length(1);
  });
  it('clears once the workflow is terminated', async () => {
    await terminated.handle.terminate('hồ sơ thử nghiệm / test dossier');
    await scan();
    expect(await findingsOf(terminated, true)).to.have.length(0);
    const closed = await findingsOf(terminated, false);
    expect(closed).to.have.length(1);
    expect(closed[0]!.resolved_at).to.be.instanceOf(Date);
  });
});

describe('store: running workflows for the probe rotation', function () {
  let stack: TestStack;
  before(async () => {
    stack = await testStack();
  });

  it('pages by workflow id after a cursor, dossiers and call children together, finished ones left out', async () => {
    const p = `dossier-ROT${uniqueSuffix()}`;
    const { randomUUID } = await import('node:crypto');
    const vId = await seedProcedure(
      stack.knex,
      buildIr({
        code: `ROT-${uniqueSuffix()}`,
        agency: 'ROT',
        duration: days(1),
        nodes: [start(), end('done')],
        flows: [['start', 'done']],
      }),
    );
    const mk = (suffix: string, finished = false) => ({
      id: randomUUID(),
      code: `${p}${suffix}`.replace(/^dossier-/, ''),
      procedure_version_id: vId,
      procedure_code: 'ROT',
      agency_code: 'ROT',
      channel: 'counter',
      applicant: JSON.stringify({ name: 'A', type: 'person' }),
      status: 'in-progress',
      national_status: 4,
      workflow_id: `${p}${suffix}`,
      received_at: new Date(),
      finished_at: finished ? new Date() : null,
      outcome: finished ? 'returned' : null,
    });
    const a = mk('-a');
    const c = mk('-c');
    const gone = mk('-b0', true);
    await stack.knex('dossiers').insert([a, c, gone]);
    await stack.knex('dossier_calls').insert({
      workflow_id: `${p}-b/call#1`,
      dossier_id: a.id,
      dossier_code: `${a.code}/call#1`,
      parent_workflow_id: a.workflow_id,
      parent_node_id: 'call',
      procedure_code: 'ROT2',
      agency_code: 'ROT2',
      status: 'in-progress',
      national_status: 4,
      started_at: new Date(),
    });
    try {
      const page1 = await listRunningWorkflows({ knex: stack.knex, after: p, limit: 2 });
      expect(page1.map((w) => w.workflow_id)).to.deep.equal([`${p}-a`, `${p}-b/call#1`]);
      // The child shows under its dossier (code and agency of the dossier, for scoping and the stuck list).
      expect(page1[1]).to.include({ dossier_id: a.id, dossier_code: a.code, agency_code: 'ROT' });
      const page2 = await listRunningWorkflows({ knex: stack.knex, after: page1[1]!.workflow_id, limit: 1 });
      expect(page2.map((w) => w.workflow_id)).to.deep.equal([`${p}-c`]);
      const only = await listRunningWorkflows({
        knex: stack.knex,
        workflowIds: [`${p}-c`, `${p}-b0`],
        limit: 10,
      });
      expect(only.map((w) => w.workflow_id)).to.deep.equal([`${p}-c`]);
    } finally {
      await stack.knex('dossier_calls').where({ dossier_id: a.id }).delete();
      await stack.knex('dossiers').whereIn('id', [a.id, c.id, gone.id]).delete();
    }
  });
});
