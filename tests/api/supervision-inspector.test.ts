/**
 * The supervisor's view of a real dossier through HTTP, with the interpreter on a real worker: step timing in
 * working time (unit said), pauses with their kind (payment wait, status 6 / supplement, status 5), and a dossier
 * whose workflow task keeps failing (a broken release of the workflow code) shown in the stuck list with the
 * failure message and attempt count, and in the inspector, asked of Temporal on demand.
 */
import path from 'node:path';
import { expect } from 'chai';
import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';
import { createSupervisionActivities } from '../../activities/supervision-activities.js';
import { describeWorkflowTaskFailure } from '../../activities/supervision-temporal.js';
import { createCalendar, createScaledCalendar, loadCalendarData } from '../../calendar/index.js';
import { repoRoot } from '../../config/index.js';
import type { ProcedureMetadata } from '../../ir/index.js';
import type { StepTiming } from '../../store/index.js';
import { uniqueSuffix } from '../support/stack.js';
import { days, oneStepIr } from '../workflows/fixtures/build-ir.js';
import { quietLogger, startDossier, type StartedDossier } from '../workflows/support/harness.js';
import { BROKEN_RELEASE_MESSAGE } from '../activities/fixtures/failing-dossier-workflow.js';
import {
  applicant,
  call,
  multipart,
  pdfBytes,
  publishSample,
  startTestApp,
  startTestWorker,
  until,
  userWithRoles,
  type TestApp,
  type TestWorker,
} from './support.js';

type User = { token: string; username: string };

describe('api: supervision inspector and stuck list on a real worker', function () {
  this.timeout(180_000);
  let app: TestApp;
  let worker: TestWorker;
  let meta: ProcedureMetadata;
  let receptionist: User;
  let specialist: User;
  let supervisor: User;
  let broken: { worker: Worker; running: Promise<void>; connection: NativeConnection } | undefined;
  let stuck: StartedDossier | undefined;

  before(async function () {
    const taskQueue = `insp-${uniqueSuffix()}`;
    app = await startTestApp({ taskQueue });
    worker = await startTestWorker(app, taskQueue);
    meta = await publishSample(app, 'two-step');
    receptionist = await userWithRoles(app, [{ role: 'receptionist', agency: meta.agency }], 'recv');
    specialist = await userWithRoles(app, [{ role: 'specialist', agency: meta.agency }], 'spec');
    supervisor = await userWithRoles(app, [{ role: 'supervisor', agency: meta.agency }], 'sup');
  });
  after(async function () {
    if (broken?.worker.getState() === 'RUNNING') broken.worker.shutdown();
    await broken?.running.catch(() => undefined);
    await broken?.connection.close().catch(() => undefined);
    await stuck?.handle.terminate('test over').catch(() => undefined);
    await worker?.stop();
    await app?.close();
  });

  const dossier = (code: string) => app.stack.knex('dossiers').where({ code }).first();

  it('shows step timing in working time with its unit, and each pause with its kind', async function () {
    const filed = await call(app, 'POST', '/api/dossiers', {
      token: receptionist.token,
      body: multipart({ procedureCode: meta.code, channel: 'counter', applicant: applicant(), data: {} }, [
        { field: 'don', name: 'don.pdf', type: 'application/pdf', bytes: pdfBytes(uniqueSuffix()) },
      ]),
    });
    expect(filed.status, JSON.stringify(filed.body)).to.equal(201);
    const code = filed.body.code as string;

    // The first step, done at once.
    const receive = await until('receive open', async () => {
      const r = await call(app, 'GET', `/api/tasks?dossier=${encodeURIComponent(code)}`, {
        token: receptionist.token,
      });
      return (
        r.body.items as Array<{ nodeId: string; workflowId: string; taskId: string; dueAt: string }>
      ).find((t) => t.nodeId === 'receive' && t.dueAt);
    });
    const base = `/api/tasks/${encodeURIComponent(receive.workflowId)}/${encodeURIComponent(receive.taskId)}`;
    expect(
      (await call(app, 'POST', `${base}/claim`, { token: receptionist.token, json: {} })).status,
    ).to.equal(200);
    const done = await call(app, 'POST', `${base}/complete`, {
      token: receptionist.token,
      json: { outcome: 'accept' },
    });
    expect(done.status, JSON.stringify(done.body)).to.equal(200);
    await until('in progress', async () => ((await dossier(code))?.national_status === 4 ? true : undefined));

    // A payment wait (status 6), paid; then a supplement request (status 5), supplied.
    const pay = await call(app, 'POST', `/api/dossiers/${code}/payment-request`, {
      token: specialist.token,
      json: { reason: 'Lệ phí / fee', amount: 50_000 },
    });
    expect(pay.status, JSON.stringify(pay.body)).to.equal(200);
    const fee = await call(app, 'POST', `/api/dossiers/${code}/fees`, {
      token: receptionist.token,
      json: { receiptNo: `BL-${uniqueSuffix()}`, amount: 50_000 },
    });
    expect(fee.status, JSON.stringify(fee.body)).to.equal(201);
    await until('resumed after paying', async () =>
      (await dossier(code))?.national_status === 4 ? true : undefined,
    );
    const sup = await call(app, 'POST', `/api/dossiers/${code}/supplement-request`, {
      token: specialist.token,
      json: { reason: 'Thiếu bản sao / copy missing', missing: ['Bản sao CCCD'] },
    });
    expect(sup.status, JSON.stringify(sup.body)).to.equal(200);
    const row = await dossier(code);
    await app.stack.client.workflow
      .getHandle(row.workflow_id)
      .signal('supplementReceived', { actor: receptionist.username, documents: [] });
    await until('pause 2 ended', async () =>
      (await app.stack.knex('dossier_pauses').where({ workflow_id: row.workflow_id, n: 2 }).first())?.ended_at
        ? true
        : undefined,
    );

    const res = await call(app, 'GET', `/api/supervision/dossiers/${code}`, { token: supervisor.token });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    const body = res.body as {
      pauses: Array<{
        n: number;
        kind: string;
        nationalStatus: number;
        kindName: { vi: string; en: string };
      }>;
      tasks: Array<{
        taskId: string;
        dueAt: string;
        completedAt: string | null;
        timing: StepTiming;
      }>;
      workflowTask: { failing: boolean } | null;
    };
    expect(body.pauses.map((p) => [p.n, p.kind, p.nationalStatus])).to.deep.equal([
      [1, 'payment', 6],
      [2, 'supplement', 5],
    ]);
    expect(body.pauses[0]!.kindName.en).to.equal('Waiting for a payment');
    expect(body.workflowTask).to.deep.include({ failing: false });

    // The finished step: early by the working time between its finish and its deadline on the agency calendar.
    const t = body.tasks.find((x) => x.taskId === 'receive#1')!;
    const cal = createCalendar(
      await loadCalendarData({
        knex: app.stack.knex,
        agencyCode: meta.agency,
        years: [new Date().getUTCFullYear(), new Date().getUTCFullYear() + 1],
      }),
    );
    const expected = -cal.workingMillisBetween(new Date(t.completedAt!), new Date(t.dueAt));
    expect(t.timing.state).to.equal('early');
    expect(t.timing.deltaMs).to.equal(expected);
    expect(t.timing.clockDeltaMs).to.equal(new Date(t.completedAt!).getTime() - new Date(t.dueAt).getTime());
    expect(t.timing.unit).to.be.oneOf(['working-hour', 'working-day']);
    expect(t.timing.msPerWorkingDay).to.equal(cal.msPerWorkingDay);
    expect(t.timing.workingHours).to.equal(Math.round((expected / 3_600_000) * 100) / 100);
    expect(t.timing.label.vi).to.match(/^Sớm .* (giờ|ngày) làm việc$/);
    expect(t.timing.label.en).to.match(/ working (hours?|days?) early$/);
    // The open step is still running, its working time left said the same way.
    const approve = body.tasks.find((x) => x.taskId === 'approve#1')!;
    expect(approve.timing.state).to.be.oneOf(['running', 'late']);
    expect(approve.timing.unit).to.be.oneOf(['working-hour', 'working-day']);
  });

  it('lists a dossier whose workflow task keeps failing, with the message and the attempt count', async function () {
    const brokenQueue = `insp-broken-${uniqueSuffix()}`;
    const connection = await NativeConnection.connect({ address: app.stack.config.temporal.address });
    const { code } = await bundleWorkflowCode({
      workflowsPath: path.join(
        repoRoot,
        'dist',
        'tests',
        'activities',
        'fixtures',
        'failing-dossier-workflow.js',
      ),
      logger: quietLogger,
    });
    const w = await Worker.create({
      connection,
      namespace: app.stack.config.temporal.namespace,
      taskQueue: brokenQueue,
      workflowBundle: { code },
      shutdownGraceTime: '1s',
    });
    broken = { worker: w, running: w.run(), connection };
    stuck = await startDossier(
      app.stack,
      brokenQueue,
      oneStepIr({
        code: `INSP-${uniqueSuffix()}`,
        agency: meta.agency,
        duration: days(2),
      }),
    );
    await until('failing', async () => {
      const f = await describeWorkflowTaskFailure(app.stack.client, stuck!.workflowId);
      return f && f.attempt >= 2 ? f : undefined;
    });
    // One scan, asking Temporal about this workflow only (the shared test database holds thousands of others).
    await createSupervisionActivities({
      knex: app.stack.knex,
      calendarFor: async () => createScaledCalendar({ msPerWorkingDay: 3_600_000 }),
      temporal: { client: app.stack.client },
      workflowTaskProbe: {
        budget: 1_000_000,
        describe: async (client, id) => {
          if (id !== stuck!.workflowId) throw new Error('not asked in this test');
          return describeWorkflowTaskFailure(client, id);
        },
      },
    }).supervisionScanStuck({});

    const list = await call(app, 'GET', '/api/supervision/stuck', { token: supervisor.token });
    expect(list.status).to.equal(200);
    const item = (list.body.items as Array<Record<string, unknown>>).find(
      (i) => i.dossierCode === stuck!.code,
    );
    expect(item, 'in the stuck list').to.not.equal(undefined);
    expect(item).to.deep.include({ kind: 'workflow-task-failing', source: 'scan', agencyCode: meta.agency });
    const reason = item!.reason as string;
    expect(reason).to.include(BROKEN_RELEASE_MESSAGE);
    const attempt = Number(/attempt (\d+)/.exec(reason)?.[1]);
    expect(attempt).to.be.at.least(2);
    expect(reason).to.include(`lần ${attempt}`);

    const insp = await call(app, 'GET', `/api/supervision/dossiers/${stuck.code}`, {
      token: supervisor.token,
    });
    expect(insp.status, JSON.stringify(insp.body)).to.equal(200);
    const wt = insp.body.workflowTask as {
      failing: boolean;
      attempt: number;
      message: string;
      cause: string;
      reason: { vi: string; en: string };
    };
    expect(wt.failing).to.equal(true);
    expect(wt.attempt).to.be.at.least(attempt);
    expect(wt.message).to.equal(BROKEN_RELEASE_MESSAGE);
    expect(wt.cause).to.equal('WORKFLOW_TASK_FAILED_CAUSE_WORKFLOW_WORKER_UNHANDLED_FAILURE');
    expect(wt.reason.vi).to.include('Tác vụ quy trình lỗi');
    expect(wt.reason.en).to.include('Workflow task failing');
    // The live state cannot be asked of a workflow whose task fails; the inspector says why instead of failing.
    expect(insp.body.stateError).to.be.a('string');
    const findings = insp.body.findings as Array<{ kind: string; resolvedAt: string | null }>;
    expect(findings.filter((f) => f.kind === 'workflow-task-failing' && !f.resolvedAt)).to.have.length(1);
  });
});
