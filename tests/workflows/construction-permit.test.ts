/**
 * Done-when scenario: the construction permit (receive → appraise → approve | supplement | refuse → leader
 * approval → return, with the fire-police opinion as an inter-agency call) runs to each of its ends with the
 * deadlines and statuses of DESIGN.md §1. One working day lasts one minute here, so the deadlines are exact
 * multiples and no timer fires while the test drives the dossier.
 */
import { expect } from 'chai';
import type { WorkflowHandle } from '@temporalio/client';
import { constructionPermit, fireSafetyOpinion } from './fixtures/construction-permit.js';
import {
  claimAndComplete,
  events,
  maybeRecordHistory,
  seedProcedure,
  startDossier,
  startWorker,
  state,
  testStack,
  uniqueSuffix,
  waitFor,
  type StartedDossier,
  type TestWorker,
} from './support/harness.js';
import {
  completeTaskUpdate,
  claimTaskUpdate,
  requestSupplementUpdate,
  stopDossierUpdate,
  supplementReceivedSignal,
  withdrawDossierUpdate,
  type DossierWorkflowResult,
  type OpenTaskView,
} from '../../workflows/index.js';
import type { TestStack } from '../support/stack.js';

const DAY = 60_000;

describe('construction permit (realistic procedure) to each of its ends', function () {
  let stack: TestStack;
  let w: TestWorker;
  let pcccCode: string;
  const permit = () => constructionPermit(`1.009974-${uniqueSuffix()}`, pcccCode);

  before(async () => {
    stack = await testStack();
    w = await startWorker(stack, { msPerWorkingDay: DAY });
    pcccCode = `1.010802-${uniqueSuffix()}`;
    await seedProcedure(stack.knex, fireSafetyOpinion(pcccCode));
  });
  after(async () => {
    await w?.stop();
  });

  const dossierRow = (d: StartedDossier) => stack.knex('dossiers').where({ id: d.dossierId }).first();
  const expectSla = (t: OpenTaskView, workingDays: number) => {
    expect(Date.parse(t.dueAt!) - Date.parse(t.openedAt)).to.equal(workingDays * DAY);
    expect(Date.parse(t.warnAt!) - Date.parse(t.openedAt)).to.equal(0.75 * workingDays * DAY);
  };
  const openWithDeadlines = (h: WorkflowHandle) =>
    waitFor(h, (s) => s.openTasks.length > 0 && s.openTasks.every((t) => t.dueAt !== null));

  /** Fire police: inspect and sign their opinion inside the child dossier. */
  async function fireSafety(d: StartedDossier, n = 1): Promise<void> {
    const child = stack.client.workflow.getHandle(`dossier-${d.code}/fire-safety#${n}`);
    const cs = await openWithDeadlines(child);
    expect(cs.openTasks.map((t) => [t.taskId, t.agency, t.role])).to.deep.equal([
      ['inspect#1', 'CA-PCCC', 'specialist'],
    ]);
    expectSla(cs.openTasks[0]!, 3);
    expect(Date.parse(cs.appointmentAt!) - Date.parse(String(cs.timeline[0]!.payload.receivedAt))).to.equal(
      5 * DAY,
    );
    await claimAndComplete(child, 'inspect#1', 'pccc-sp', 'agree');
    await claimAndComplete(child, 'sign-opinion#1', 'pccc-ld', 'signed');
    expect(((await child.result()) as DossierWorkflowResult).outcome).to.equal('returned');
    // the parent moves on once it has seen the child's result
    await waitFor(d.handle, (s) => s.openTasks.some((t) => t.taskId === `leader-approval#${n}`));
  }

  it('approve: 2 → 4 → (inter-agency) → 9 → 10, every step on its SLA, appointment 15 working days, early', async () => {
    const d = await startDossier(stack, w.taskQueue, permit(), {
      data: { applicant: 'Công ty A', floorArea: 120 },
    });
    let s = await openWithDeadlines(d.handle);
    expect(Date.parse(s.appointmentAt!) - Date.parse(d.input.receivedAt)).to.equal(15 * DAY);
    expect([s.status, s.nationalStatus]).to.deep.equal(['accepted', 2]);
    expectSla(s.openTasks[0]!, 0.5);

    await claimAndComplete(d.handle, 'receive#1', 'rc1', 'accept');
    s = await openWithDeadlines(d.handle);
    expect([s.status, s.nationalStatus, s.openTasks[0]!.taskId]).to.deep.equal([
      'in-progress',
      4,
      'appraise#1',
    ]);
    expectSla(s.openTasks[0]!, 7);
    expect((await dossierRow(d)).national_status).to.equal(4);

    // the form is checked against the task's schema
    await d.handle.executeUpdate(claimTaskUpdate, { args: [{ taskId: 'appraise#1', userId: 'sp1' }] });
    const bad = await d.handle
      .executeUpdate(completeTaskUpdate, {
        args: [{ taskId: 'appraise#1', userId: 'sp1', outcome: 'approve', data: { opinion: 1 } }],
      })
      .then(
        () => 'accepted',
        (e: { cause?: { type?: string } }) => e.cause?.type,
      );
    expect(bad).to.equal('invalid-form-data');
    await d.handle.executeUpdate(completeTaskUpdate, {
      args: [
        {
          taskId: 'appraise#1',
          userId: 'sp1',
          outcome: 'approve',
          data: { opinion: 'Đủ điều kiện cấp phép' },
        },
      ],
    });

    await fireSafety(d);
    s = await openWithDeadlines(d.handle);
    expect(s.openTasks.map((t) => t.taskId)).to.deep.equal(['leader-approval#1']);
    expectSla(s.openTasks[0]!, 2);
    await claimAndComplete(d.handle, 'leader-approval#1', 'gd1', 'sign');
    s = await openWithDeadlines(d.handle);
    expect([s.status, s.nationalStatus, s.openTasks[0]!.taskId]).to.deep.equal(['processed', 9, 'return#1']);
    await claimAndComplete(d.handle, 'return#1', 'rc1', 'returned');

    const result = (await d.handle.result()) as DossierWorkflowResult;
    expect(result).to.include({ outcome: 'returned', classification: 'early' });
    const row = await dossierRow(d);
    expect([row.status, row.national_status, row.outcome, row.classification]).to.deep.equal([
      'returned',
      10,
      'returned',
      'early',
    ]);
    expect(row.due_at.getTime() - Date.parse(d.input.receivedAt)).to.equal(15 * DAY);
    const call = await stack.knex('dossier_calls').where({ parent_workflow_id: d.workflowId }).first();
    expect([call.agency_code, call.procedure_code, call.outcome]).to.deep.equal([
      'CA-PCCC',
      pcccCode,
      'returned',
    ]);
    expect(call.due_at.getTime() - call.started_at.getTime()).to.equal(5 * DAY);
    const evs = await events(stack, d.workflowId);
    expect(evs.map((e) => e.seq)).to.deep.equal(evs.map((_, i) => i + 1));
    await maybeRecordHistory(d.handle, 'construction-permit-approve');
  });

  it('supplement: status 5 while paused, every deadline moved by the paused time, then returned', async () => {
    const d = await startDossier(stack, w.taskQueue, permit());
    await claimAndComplete(d.handle, 'receive#1', 'rc1', 'accept');
    const before = await openWithDeadlines(d.handle);
    const r = await d.handle.executeUpdate(requestSupplementUpdate, {
      args: [{ actor: 'sp1', reason: 'Thiếu bản vẽ thiết kế', missing: ['ban-ve-thiet-ke'] }],
    });
    expect([r.status, r.nationalStatus]).to.deep.equal(['supplement-requested', 5]);
    await new Promise((res) => setTimeout(res, 300));
    await d.handle.signal(supplementReceivedSignal, { actor: 'applicant', documents: ['ban-ve-v2.pdf'] });
    const after = await waitFor(d.handle, (s) => s.pauses[0]?.pausedWorkingMs !== undefined);
    const paused = after.pauses[0]!.pausedWorkingMs!;
    expect(paused).to.be.at.least(300);
    expect(Date.parse(after.openTasks[0]!.dueAt!) - Date.parse(before.openTasks[0]!.dueAt!)).to.equal(paused);
    expect(Date.parse(after.appointmentAt!) - Date.parse(before.appointmentAt!)).to.equal(paused);
    expect([after.status, after.nationalStatus]).to.deep.equal(['in-progress', 4]);
    await claimAndComplete(d.handle, 'appraise#1', 'sp1', 'approve', { opinion: 'Đã bổ sung đủ' });
    await fireSafety(d);
    await claimAndComplete(d.handle, 'leader-approval#1', 'gd1', 'sign');
    await claimAndComplete(d.handle, 'return#1', 'rc1', 'returned');
    expect((await d.handle.result()) as DossierWorkflowResult).to.include({
      outcome: 'returned',
      classification: 'early',
    });
    const types = (await events(stack, d.workflowId)).map((e) => e.type);
    const at = ['supplement-requested', 'supplement-received', 'deadlines-moved'].map((t) =>
      types.indexOf(t),
    );
    expect(at.every((i, k) => i >= 0 && (k === 0 || i > at[k - 1]!))).to.equal(true);
  });

  it('refuse: refusal notice by the one-stop desk, outcome refused, status 3, not classified', async () => {
    const d = await startDossier(stack, w.taskQueue, permit());
    await claimAndComplete(d.handle, 'receive#1', 'rc1', 'accept');
    const r = await claimAndComplete(d.handle, 'appraise#1', 'sp1', 'refuse', {
      opinion: 'Không phù hợp quy hoạch',
    });
    expect(r.openTasks.map((t) => [t.taskId, t.role])).to.deep.equal([['refusal-notice#1', 'receptionist']]);
    await claimAndComplete(d.handle, 'refusal-notice#1', 'rc1', 'sent');
    const result = (await d.handle.result()) as DossierWorkflowResult;
    expect(result.outcome).to.equal('refused');
    expect(result.classification).to.equal(undefined);
    const row = await dossierRow(d);
    expect([row.status, row.national_status, row.outcome, row.classification]).to.deep.equal([
      'not-accepted',
      3,
      'refused',
      null,
    ]);
    await maybeRecordHistory(d.handle, 'construction-permit-refuse');
  });

  it('leader rejects: back to appraisal (a second activation), a second call, then returned', async () => {
    const d = await startDossier(stack, w.taskQueue, permit());
    await claimAndComplete(d.handle, 'receive#1', 'rc1', 'accept');
    await claimAndComplete(d.handle, 'appraise#1', 'sp1', 'approve', { opinion: 'Đạt' });
    await fireSafety(d, 1);
    const r = await claimAndComplete(d.handle, 'leader-approval#1', 'gd1', 'reject');
    expect(r.openTasks.map((t) => t.taskId)).to.deep.equal(['appraise#2']);
    await claimAndComplete(d.handle, 'appraise#2', 'sp1', 'approve', { opinion: 'Đã điều chỉnh' });
    await fireSafety(d, 2);
    await claimAndComplete(d.handle, 'leader-approval#2', 'gd1', 'sign');
    await claimAndComplete(d.handle, 'return#1', 'rc1', 'returned');
    expect(((await d.handle.result()) as DossierWorkflowResult).outcome).to.equal('returned');
  });

  it('withdrawal during the inter-agency call stops the child too; stop by a leader at approval', async () => {
    const d = await startDossier(stack, w.taskQueue, permit());
    await claimAndComplete(d.handle, 'receive#1', 'rc1', 'accept');
    await claimAndComplete(d.handle, 'appraise#1', 'sp1', 'approve', { opinion: 'Đạt' });
    const child = stack.client.workflow.getHandle(`dossier-${d.code}/fire-safety#1`);
    await waitFor(child, (s) => s.openTasks.length === 1);
    const r = await d.handle.executeUpdate(withdrawDossierUpdate, {
      args: [{ actor: 'applicant', reason: 'Đổi thiết kế' }],
    });
    expect([r.status, r.nationalStatus]).to.deep.equal(['withdrawn', 7]);
    expect(((await d.handle.result()) as DossierWorkflowResult).outcome).to.equal('withdrawn');
    expect(((await child.result()) as DossierWorkflowResult).outcome).to.equal('stopped');
    const call = await stack.knex('dossier_calls').where({ workflow_id: child.workflowId }).first();
    expect([call.status, call.outcome]).to.deep.equal(['stopped', 'stopped']);

    const d2 = await startDossier(stack, w.taskQueue, permit());
    await claimAndComplete(d2.handle, 'receive#1', 'rc1', 'accept');
    const r2 = await d2.handle.executeUpdate(stopDossierUpdate, {
      args: [{ actor: 'gd1', reason: 'Có tranh chấp đất' }],
    });
    expect([r2.status, r2.nationalStatus]).to.deep.equal(['stopped', 8]);
    expect(((await d2.handle.result()) as DossierWorkflowResult).outcome).to.equal('stopped');
    expect((await state(d2.handle).catch(() => null))?.finished?.outcome ?? 'stopped').to.equal('stopped');
  });
});
