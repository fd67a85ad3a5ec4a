/**
 * Reassigning a task checks the new assignee before anything reaches the workflow: the account must exist, be
 * active and hold the task's role for a scope covering the task's agency (the rule a person must meet to work
 * the step). A mistyped username, a deactivated account, the wrong role or another agency answer 422 on the
 * field `assignee` (Vietnamese and English) and the task keeps its assignee; a role held for a parent agency is
 * accepted and that person can then complete the step. Real API and worker on the test stack.
 */
import { expect } from 'chai';
import { uniqueSuffix } from '../support/stack.js';
import {
  applicant,
  call,
  publishFixture,
  startTestApp,
  startTestWorker,
  terminateDossiers,
  until,
  userWithRoles,
  type TestApp,
  type TestWorker,
} from './support.js';

type User = { token: string; username: string };

describe('api: reassigning a task checks the new assignee', function () {
  this.timeout(120_000);
  let app: TestApp;
  let worker: TestWorker;
  let procedureCode: string;
  let parent: string;
  let agency: string;
  let other: string;
  let head: User;
  let holder: User;
  const codes: string[] = [];

  before(async function () {
    const taskQueue = `reassign-${uniqueSuffix()}`;
    app = await startTestApp({ taskQueue });
    worker = await startTestWorker(app, taskQueue);
    const s = uniqueSuffix()
      .replace(/[^a-z0-9]/gi, '')
      .slice(-6)
      .toUpperCase();
    parent = `RP${s}`;
    agency = `RC${s}`;
    other = `RO${s}`;
    await publishFixture(app, { agency: parent });
    ({ code: procedureCode } = await publishFixture(app, { agency, parent }));
    await publishFixture(app, { agency: other });
    head = await userWithRoles(app, [{ role: 'department-head', agency }], 'head');
    holder = await userWithRoles(app, [{ role: 'receptionist', agency }], 'recv');
  });
  after(async function () {
    if (app) await terminateDossiers(app, codes).catch(() => undefined);
    await worker?.stop();
    await app?.close();
  });

  /** Files a dossier (papers at the counter) and has `holder` claim its receive step; returns the task. */
  async function claimedTask() {
    const filed = await call(app, 'POST', '/api/dossiers', {
      token: holder.token,
      json: {
        procedureCode,
        channel: 'counter',
        applicant: applicant(),
        data: {},
        paperComponents: ['don', 'cccd'],
      },
    });
    expect(filed.status, JSON.stringify(filed.body)).to.equal(201);
    const code = filed.body.code as string;
    codes.push(code);
    const t = await until('the receive task', async () => {
      const r = await call(app, 'GET', `/api/tasks?dossier=${encodeURIComponent(code)}`, {
        token: holder.token,
      });
      return (r.body.items as Array<{ nodeId: string; workflowId: string; taskId: string }>).find(
        (x) => x.nodeId === 'receive',
      );
    });
    const base = `/api/tasks/${encodeURIComponent(t.workflowId)}/${encodeURIComponent(t.taskId)}`;
    const claim = await call(app, 'POST', `${base}/claim`, { token: holder.token, json: {} });
    expect(claim.status, JSON.stringify(claim.body)).to.equal(200);
    await until('the claim in the projection', async () => {
      const row = await taskRow(t.workflowId, t.taskId);
      return row?.assignee === holder.username ? row : undefined;
    });
    return { code, base, ...t };
  }

  const taskRow = (workflowId: string, taskId: string) =>
    app.stack.knex('tasks').where({ workflow_id: workflowId, task_id: taskId }).first();

  const reassign = (base: string, assignee: string) =>
    call(app, 'POST', `${base}/reassign`, {
      token: head.token,
      json: { assignee, reason: 'Cân đối công việc / workload balancing' },
    });

  /** 422 problem+json naming `assignee` in both languages, with `mention` in the message. */
  function expectRefused(res: Awaited<ReturnType<typeof call>>, mention: RegExp) {
    expect(res.status, JSON.stringify(res.body)).to.equal(422);
    expect(res.headers.get('content-type')).to.match(/^application\/problem\+json/);
    expect(res.body.code).to.equal('invalid-assignee');
    expect(res.body.errors).to.have.length(1);
    const e = res.body.errors[0] as { field: string; message: { vi: string; en: string } };
    expect(e.field).to.equal('assignee');
    expect(e.message.vi).to.match(mention);
    expect(e.message.en).to.match(mention);
    expect(e.message.vi).to.not.equal(e.message.en);
  }

  it('refuses a mistyped, unknown username and the task keeps its assignee', async function () {
    const colleague = await userWithRoles(app, [{ role: 'receptionist', agency }], 'recv2');
    const t = await claimedTask();
    const typo = `${colleague.username}x`;
    const res = await reassign(t.base, typo);
    expectRefused(res, new RegExp(typo));
    expect(res.body.errors[0].message.vi).to.include('Không có tài khoản');
    expect(res.body.errors[0].message.en).to.include('no account');

    // Nothing reached the workflow: its live state and the projection still name the holder; nothing audited.
    const state = await call(app, 'GET', `/api/dossiers/${encodeURIComponent(t.code)}/state`, {
      token: head.token,
    });
    expect(state.status, JSON.stringify(state.body)).to.equal(200);
    const open = (state.body.openTasks as Array<{ taskId: string; assignee: string | null }>).find(
      (x) => x.taskId === t.taskId,
    );
    expect(open?.assignee).to.equal(holder.username);
    expect((await taskRow(t.workflowId, t.taskId)).assignee).to.equal(holder.username);
    const audits = await app.stack
      .knex('audit_log')
      .where({ action: 'task.reassign', target_id: `${t.workflowId}/${t.taskId}` });
    expect(audits).to.have.length(0);
  });

  it('refuses a deactivated account, the wrong role and a role of another agency', async function () {
    const t = await claimedTask();
    const inactive = await userWithRoles(app, [{ role: 'receptionist', agency }], 'gone');
    await app.stack.knex('users').where({ username: inactive.username }).update({ active: false });
    expectRefused(await reassign(t.base, inactive.username), /khóa|deactivated/);

    const specialist = await userWithRoles(app, [{ role: 'specialist', agency }], 'spec');
    expectRefused(await reassign(t.base, specialist.username), /receptionist/);

    const elsewhere = await userWithRoles(app, [{ role: 'receptionist', agency: other }], 'recvo');
    const res = await reassign(t.base, elsewhere.username);
    expectRefused(res, new RegExp(agency));

    expect((await taskRow(t.workflowId, t.taskId)).assignee).to.equal(holder.username);
  });

  it('accepts someone holding the role for a parent agency, who can then complete the step', async function () {
    const t = await claimedTask();
    const upper = await userWithRoles(app, [{ role: 'receptionist', agency: parent }], 'recvp');
    const res = await reassign(t.base, upper.username);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    await until('the reassignment in the projection', async () => {
      const row = await taskRow(t.workflowId, t.taskId);
      return row?.assignee === upper.username ? row : undefined;
    });
    const done = await call(app, 'POST', `${t.base}/complete`, {
      token: upper.token,
      json: { outcome: 'done' },
    });
    expect(done.status, JSON.stringify(done.body)).to.equal(200);
    const audits = await app.stack
      .knex('audit_log')
      .where({ action: 'task.reassign', target_id: `${t.workflowId}/${t.taskId}` });
    expect(audits).to.have.length(1);
  });
});
