/**
 * Assignment through the API is the task row's, not the workflow's: a claim adds no event to the dossier's Temporal
 * history (one human step costs one update, its completion), yet shows in the dossier's history; only the assignee
 * may complete a claimed step, the person it is reassigned to may. Real API, worker and stack.
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

describe('api: claiming and assignment live in the task row', function () {
  this.timeout(120_000);
  let app: TestApp;
  let worker: TestWorker;
  let procedureCode: string;
  let agency: string;
  let a: User;
  let b: User;
  let head: User;
  const codes: string[] = [];

  before(async () => {
    const taskQueue = `assign-${uniqueSuffix()}`;
    app = await startTestApp({ taskQueue });
    worker = await startTestWorker(app, taskQueue);
    agency = `AS${uniqueSuffix()
      .replace(/[^a-z0-9]/gi, '')
      .slice(-6)
      .toUpperCase()}`;
    ({ code: procedureCode } = await publishFixture(app, { agency }));
    a = await userWithRoles(app, [{ role: 'receptionist', agency }], 'recv-a');
    b = await userWithRoles(app, [{ role: 'receptionist', agency }], 'recv-b');
    head = await userWithRoles(app, [{ role: 'department-head', agency }], 'head');
  });
  after(async () => {
    if (app) await terminateDossiers(app, codes).catch(() => undefined);
    await worker?.stop();
    await app?.close();
  });

  async function receiveTask() {
    const filed = await call(app, 'POST', '/api/dossiers', {
      token: a.token,
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
      const r = await call(app, 'GET', `/api/tasks?dossier=${encodeURIComponent(code)}`, { token: a.token });
      return (r.body.items as Array<{ nodeId: string; workflowId: string; taskId: string }>).find(
        (x) => x.nodeId === 'receive',
      );
    });
    return {
      code,
      ...t,
      base: `/api/tasks/${encodeURIComponent(t.workflowId)}/${encodeURIComponent(t.taskId)}`,
    };
  }

  it('a claim adds nothing to the workflow history, and the dossier history shows it', async () => {
    const t = await receiveTask();
    const handle = app.stack.client.workflow.getHandle(t.workflowId);
    // the workflow's first task may still be completing: wait until its history holds still
    let before = -1;
    for (let last = (await handle.describe()).historyLength; last !== before;) {
      before = last;
      await new Promise((r) => setTimeout(r, 300));
      last = (await handle.describe()).historyLength;
    }
    const claimed = await call(app, 'POST', `${t.base}/claim`, { token: a.token, json: {} });
    expect(claimed.status, JSON.stringify(claimed.body)).to.equal(200);
    expect(claimed.body.task).to.deep.include({ taskId: t.taskId, status: 'claimed', assignee: a.username });
    await new Promise((r) => setTimeout(r, 300));
    expect((await handle.describe()).historyLength).to.equal(before);
    const d = await call(app, 'GET', `/api/dossiers/${encodeURIComponent(t.code)}`, { token: a.token });
    expect(d.status).to.equal(200);
    const claims = (d.body.events as Array<{ type: string; actor: string }>).filter(
      (e) => e.type === 'task-claimed',
    );
    expect(claims.map((e) => e.actor)).to.deep.equal([a.username]);
  });

  it('only the assignee completes a claimed step; after a reassignment, the new assignee does', async () => {
    const t = await receiveTask();
    expect((await call(app, 'POST', `${t.base}/claim`, { token: a.token, json: {} })).status).to.equal(200);
    const taken = await call(app, 'POST', `${t.base}/claim`, { token: b.token, json: {} });
    expect([taken.status, taken.body.code]).to.deep.equal([403, 'not-assignee']);
    const notYours = await call(app, 'POST', `${t.base}/complete`, {
      token: b.token,
      json: { outcome: 'done' },
    });
    expect([notYours.status, notYours.body.code]).to.deep.equal([403, 'not-assignee']);
    const moved = await call(app, 'POST', `${t.base}/reassign`, {
      token: head.token,
      json: { assignee: b.username, reason: 'Cân đối công việc / workload balancing' },
    });
    expect(moved.status, JSON.stringify(moved.body)).to.equal(200);
    expect(moved.body.task.assignee).to.equal(b.username);
    const fromA = await call(app, 'POST', `${t.base}/complete`, {
      token: a.token,
      json: { outcome: 'done' },
    });
    expect(fromA.status).to.equal(403);
    const fromB = await call(app, 'POST', `${t.base}/complete`, {
      token: b.token,
      json: { outcome: 'done' },
    });
    expect(fromB.status, JSON.stringify(fromB.body)).to.equal(200);
    const row = await app.stack.knex('tasks').where({ workflow_id: t.workflowId, task_id: t.taskId }).first();
    expect([row.status, row.assignee]).to.deep.equal(['completed', b.username]);
  });
});
