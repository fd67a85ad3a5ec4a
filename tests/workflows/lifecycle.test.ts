/**
 * Increment 4: lifecycle operations every procedure gets without modelling them — supplement pause and resume
 * (deadlines move by the paused working time), apology with a new appointment (once), withdrawal, stop, refusal,
 * return to a previous step, and status codes. A working day lasts one second.
 */
import { expect } from 'chai';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { buildIr, days, end, start, task } from './fixtures/build-ir.js';
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
  type TestWorker,
} from './support/harness.js';
import {
  apologizeUpdate,
  claimTaskUpdate,
  completeTaskUpdate,
  paymentReceivedSignal,
  refuseDossierUpdate,
  requestPaymentUpdate,
  requestSupplementUpdate,
  returnTaskUpdate,
  stopDossierUpdate,
  supplementReceivedSignal,
  withdrawDossierUpdate,
  type DossierWorkflowResult,
} from '../../workflows/index.js';
import type { TestStack } from '../support/stack.js';

const MS_PER_DAY = 1000;

async function rejectionType(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    expect(err).to.be.instanceOf(WorkflowUpdateFailedError);
    return (err as { cause?: { type?: string } }).cause?.type ?? 'unknown';
  }
  throw new Error('expected a rejection');
}

describe('interpreter: dossier lifecycle', function () {
  let stack: TestStack;
  let w: TestWorker;
  before(async () => {
    stack = await testStack();
    w = await startWorker(stack, { msPerWorkingDay: MS_PER_DAY });
  });
  after(async () => {
    await w?.stop();
  });

  const linear = () =>
    buildIr({
      code: `LC-${uniqueSuffix()}`,
      agency: 'SO-TP',
      duration: days(20),
      nodes: [
        start(),
        task('receive', 'receptionist', days(10)),
        task('appraise', 'specialist', days(10), { outcomes: ['approve', 'refuse'] }),
        task('return', 'receptionist', days(10)),
        end('done'),
      ],
      flows: [
        ['start', 'receive'],
        ['receive', 'appraise'],
        ['appraise', 'return'],
        ['return', 'done'],
      ],
    });

  it('supplement request pauses every clock; the supplement resumes and moves deadlines by the paused time', async () => {
    const d = await startDossier(stack, w.taskQueue, linear());
    await claimAndComplete(d.handle, 'receive#1', 'rc1');
    const before = await waitFor(d.handle, (s) => s.openTasks[0]?.dueAt !== null && s.appointmentAt !== null);
    const dueBefore = Date.parse(before.openTasks[0]!.dueAt!);
    const appointmentBefore = Date.parse(before.appointmentAt!);

    const paused = await d.handle.executeUpdate(requestSupplementUpdate, {
      args: [{ actor: 'sp1', reason: 'thiếu bản sao sổ đỏ', missing: ['so-do'] }],
    });
    expect([paused.status, paused.nationalStatus]).to.deep.equal(['supplement-requested', 5]);
    expect((await stack.knex('dossiers').where({ id: d.dossierId }).first()).national_status).to.equal(5);
    // while paused: no completion, no second request
    await d.handle.executeUpdate(claimTaskUpdate, { args: [{ taskId: 'appraise#1', userId: 'sp1' }] });
    expect(
      await rejectionType(
        d.handle.executeUpdate(completeTaskUpdate, {
          args: [{ taskId: 'appraise#1', userId: 'sp1', outcome: 'approve' }],
        }),
      ),
    ).to.equal('dossier-paused');
    expect(
      await rejectionType(
        d.handle.executeUpdate(requestSupplementUpdate, {
          args: [{ actor: 'sp1', reason: 'x', missing: [] }],
        }),
      ),
    ).to.equal('already-paused');

    await new Promise((r) => setTimeout(r, 1200));
    await d.handle.signal(supplementReceivedSignal, { actor: 'applicant', documents: ['doc-1'] });
    const resumed = await waitFor(d.handle, (s) => s.pauses[0]?.pausedWorkingMs !== undefined);
    const pause = resumed.pauses[0]!;
    expect(pause.end).to.be.a('string');
    const pausedMs = pause.pausedWorkingMs!;
    expect(pausedMs).to.be.at.least(1200);
    expect(pausedMs).to.equal(Date.parse(pause.end!) - Date.parse(pause.start));
    expect(Date.parse(resumed.openTasks[0]!.dueAt!) - dueBefore).to.equal(pausedMs);
    expect(Date.parse(resumed.appointmentAt!) - appointmentBefore).to.equal(pausedMs);
    expect(resumed.status).to.equal('in-progress');

    await projected(stack, d.handle);
    const pauseRow = await stack.knex('dossier_pauses').where({ workflow_id: d.workflowId }).first();
    expect(Number(pauseRow.paused_working_ms)).to.equal(pausedMs);
    expect(pauseRow.missing).to.deep.equal(['so-do']);
    const taskRow = await stack
      .knex('tasks')
      .where({ workflow_id: d.workflowId, task_id: 'appraise#1' })
      .first();
    expect(taskRow.due_at.getTime()).to.equal(dueBefore + pausedMs);
    const dossierRow = await stack.knex('dossiers').where({ id: d.dossierId }).first();
    expect(dossierRow.due_at.getTime()).to.equal(appointmentBefore + pausedMs);

    await d.handle.executeUpdate(completeTaskUpdate, {
      args: [{ taskId: 'appraise#1', userId: 'sp1', outcome: 'approve' }],
    });
    await claimAndComplete(d.handle, 'return#1', 'rc1');
    expect(((await d.handle.result()) as DossierWorkflowResult).classification).to.equal('early');
    await maybeRecordHistory(d.handle, 'supplement-pause');
  });

  it('financial obligation: 4 → 6 → 4, clocks paused until the payment, deadlines moved by the paused time', async () => {
    const d = await startDossier(stack, w.taskQueue, linear());
    await claimAndComplete(d.handle, 'receive#1', 'rc1');
    const before = await waitFor(d.handle, (s) => s.openTasks[0]?.dueAt !== null && s.appointmentAt !== null);
    expect([before.status, before.nationalStatus]).to.deep.equal(['in-progress', 4]);
    const dueBefore = Date.parse(before.openTasks[0]!.dueAt!);
    const appointmentBefore = Date.parse(before.appointmentAt!);

    const request = { actor: 'sp1', reason: 'nộp lệ phí trước bạ', amount: 2_150_000 };
    expect(
      await rejectionType(
        d.handle.executeUpdate(requestPaymentUpdate, { args: [{ ...request, amount: 0 }] }),
      ),
    ).to.equal('invalid-argument');
    expect(
      await rejectionType(
        d.handle.executeUpdate(requestPaymentUpdate, { args: [{ ...request, amount: -1 }] }),
      ),
    ).to.equal('invalid-argument');
    const paused = await d.handle.executeUpdate(requestPaymentUpdate, {
      args: [
        {
          ...request,
          items: [
            { name: 'Lệ phí trước bạ', amount: 2_000_000 },
            { name: 'Phí thẩm định', amount: 150_000 },
          ],
        },
      ],
    });
    expect([paused.status, paused.nationalStatus]).to.deep.equal(['financial-obligation', 6]);
    // projected before the update answered
    const row6 = await stack.knex('dossiers').where({ id: d.dossierId }).first();
    expect([row6.status, row6.national_status]).to.deep.equal(['financial-obligation', 6]);
    expect(await rejectionType(d.handle.executeUpdate(requestPaymentUpdate, { args: [request] }))).to.equal(
      'payment-already-requested',
    );
    await d.handle.executeUpdate(claimTaskUpdate, { args: [{ taskId: 'appraise#1', userId: 'sp1' }] });
    expect(
      await rejectionType(
        d.handle.executeUpdate(completeTaskUpdate, {
          args: [{ taskId: 'appraise#1', userId: 'sp1', outcome: 'approve' }],
        }),
      ),
    ).to.equal('dossier-paused');

    await new Promise((r) => setTimeout(r, 1200));
    await d.handle.signal(paymentReceivedSignal, { receiptNo: 'BL-2026-000001', amount: 2_150_000 });
    const resumed = await waitFor(d.handle, (s) => s.pauses[0]?.pausedWorkingMs !== undefined);
    const pause = resumed.pauses[0]!;
    expect(pause).to.deep.include({ kind: 'payment', reason: 'nộp lệ phí trước bạ', amount: 2_150_000 });
    const pausedMs = pause.pausedWorkingMs!;
    expect(pausedMs).to.be.at.least(1200);
    // a working day lasts a second, all of it working time: the paused working time is the wall-clock pause
    expect(pausedMs).to.equal(Date.parse(pause.end!) - Date.parse(pause.start));
    expect(Date.parse(resumed.openTasks[0]!.dueAt!) - dueBefore).to.equal(pausedMs);
    expect(Date.parse(resumed.appointmentAt!) - appointmentBefore).to.equal(pausedMs);
    expect([resumed.status, resumed.nationalStatus]).to.deep.equal(['in-progress', 4]);
    expect(resumed.payments).to.deep.equal([{ receiptNo: 'BL-2026-000001', amount: 2_150_000 }]);

    await projected(stack, d.handle);
    const row4 = await stack.knex('dossiers').where({ id: d.dossierId }).first();
    expect([row4.status, row4.national_status]).to.deep.equal(['in-progress', 4]);
    expect(row4.due_at.getTime()).to.equal(appointmentBefore + pausedMs);
    const pauseRow = await stack.knex('dossier_pauses').where({ workflow_id: d.workflowId }).first();
    expect([pauseRow.reason, pauseRow.actor, Number(pauseRow.paused_working_ms)]).to.deep.equal([
      'nộp lệ phí trước bạ',
      'sp1',
      pausedMs,
    ]);
    expect(pauseRow.ended_at).to.be.instanceOf(Date);
    const taskRow = await stack
      .knex('tasks')
      .where({ workflow_id: d.workflowId, task_id: 'appraise#1' })
      .first();
    expect(taskRow.due_at.getTime()).to.equal(dueBefore + pausedMs);
    const evs = await events(stack, d.workflowId);
    const requested = evs.find((e) => e.type === 'payment-requested')!;
    expect(requested.payload).to.deep.include({ pause: 1, amount: 2_150_000 });
    expect(requested.payload.items).to.have.length(2);
    expect(evs.find((e) => e.type === 'payment-received')!.payload).to.deep.include({
      pause: 1,
      receiptNo: 'BL-2026-000001',
    });
    expect(evs.find((e) => e.type === 'deadlines-moved')!.payload).to.deep.include({
      pause: 1,
      pausedWorkingMs: pausedMs,
    });

    await d.handle.executeUpdate(completeTaskUpdate, {
      args: [{ taskId: 'appraise#1', userId: 'sp1', outcome: 'approve' }],
    });
    await claimAndComplete(d.handle, 'return#1', 'rc1');
    expect(((await d.handle.result()) as DossierWorkflowResult).outcome).to.equal('returned');
    await maybeRecordHistory(d.handle, 'payment-pause');
  });

  it('apology: a new appointment once; the dossier still counts late against the original date', async () => {
    const ir = buildIr({
      code: `APO-${uniqueSuffix()}`,
      agency: 'SO-TP',
      duration: days(1.5),
      nodes: [start(), task('appraise', 'specialist', days(100)), end('done')],
      flows: [
        ['start', 'appraise'],
        ['appraise', 'done'],
      ],
    });
    const d = await startDossier(stack, w.taskQueue, ir);
    const s = await waitFor(d.handle, (x) => x.appointmentAt !== null);
    const newDate = new Date(Date.parse(s.appointmentAt!) + 60_000).toISOString();
    expect(
      await rejectionType(
        d.handle.executeUpdate(apologizeUpdate, {
          args: [{ actor: 'ld1', reason: 'x', newAppointmentAt: s.appointmentAt! }],
        }),
      ),
    ).to.equal('invalid-argument');
    await d.handle.executeUpdate(apologizeUpdate, {
      args: [{ actor: 'ld1', reason: 'chờ ý kiến liên ngành', newAppointmentAt: newDate }],
    });
    expect(
      await rejectionType(
        d.handle.executeUpdate(apologizeUpdate, {
          args: [
            {
              actor: 'ld1',
              reason: 'again',
              newAppointmentAt: new Date(Date.parse(newDate) + 1000).toISOString(),
            },
          ],
        }),
      ),
    ).to.equal('already-apologized');
    const after = await state(d.handle);
    expect(after.apologized).to.equal(true);
    expect(after.appointmentAt).to.equal(newDate);
    expect(after.originalAppointmentAt).to.equal(s.appointmentAt);
    await projected(stack, d.handle);
    expect((await stack.knex('dossiers').where({ id: d.dossierId }).first()).due_at.toISOString()).to.equal(
      newDate,
    );
    await waitFor(d.handle, (x) => x.overdue);
    // a working day past the original appointment (its own day still counts on time)
    await new Promise((r) =>
      setTimeout(r, Math.max(0, Date.parse(s.appointmentAt!) + 1.1 * MS_PER_DAY - Date.now())),
    );
    await claimAndComplete(d.handle, 'appraise#1', 'sp1');
    // finished well before the new date, but after the original one: late
    expect((await d.handle.result()) as DossierWorkflowResult).to.include({
      outcome: 'returned',
      classification: 'late',
    });
  });

  it('withdrawal, stop and refusal end the dossier at once with their status codes; nothing is classified', async () => {
    const cases = [
      {
        update: withdrawDossierUpdate,
        outcome: 'withdrawn',
        status: 'withdrawn',
        code: 7,
        actor: 'applicant',
      },
      { update: stopDossierUpdate, outcome: 'stopped', status: 'stopped', code: 8, actor: 'leader' },
      { update: refuseDossierUpdate, outcome: 'refused', status: 'not-accepted', code: 3, actor: 'leader' },
    ] as const;
    for (const c of cases) {
      const d = await startDossier(stack, w.taskQueue, linear());
      await claimAndComplete(d.handle, 'receive#1', 'rc1');
      expect(
        await rejectionType(d.handle.executeUpdate(c.update, { args: [{ actor: c.actor, reason: '' }] })),
      ).to.equal('invalid-argument');
      const r = await d.handle.executeUpdate(c.update, {
        args: [{ actor: c.actor, reason: 'lý do / reason' }],
      });
      expect([r.status, r.nationalStatus, r.openTasks.length]).to.deep.equal([c.status, c.code, 0]);
      const result = (await d.handle.result()) as DossierWorkflowResult;
      expect(result.outcome).to.equal(c.outcome);
      expect(result.classification).to.equal(undefined);
      const row = await stack.knex('dossiers').where({ id: d.dossierId }).first();
      expect([row.status, row.national_status, row.outcome, row.classification]).to.deep.equal([
        c.status,
        c.code,
        c.outcome,
        null,
      ]);
      const t = await stack.knex('tasks').where({ workflow_id: d.workflowId, task_id: 'appraise#1' }).first();
      expect(t.status).to.equal('cancelled');
      // the dossier is closed: no further operation reaches it
      const again = await d.handle
        .executeUpdate(c.update, { args: [{ actor: c.actor, reason: 'again' }] })
        .then(
          () => 'accepted',
          (e: Error) => e.name,
        );
      expect(again).to.not.equal('accepted');
    }
  });

  it('return to a previous step reopens it for whoever did it; only steps on the path are allowed', async () => {
    const d = await startDossier(stack, w.taskQueue, linear());
    await claimAndComplete(d.handle, 'receive#1', 'rc1');
    await d.handle.executeUpdate(claimTaskUpdate, { args: [{ taskId: 'appraise#1', userId: 'sp1' }] });
    expect(
      await rejectionType(
        d.handle.executeUpdate(returnTaskUpdate, {
          args: [{ taskId: 'appraise#1', userId: 'sp1', toNodeId: 'return', reason: 'x' }],
        }),
      ),
    ).to.equal('invalid-return-target');
    const r = await d.handle.executeUpdate(returnTaskUpdate, {
      args: [{ taskId: 'appraise#1', userId: 'sp1', toNodeId: 'receive', reason: 'thiếu chữ ký' }],
    });
    expect(r.openTasks.map((t) => [t.taskId, t.assignee])).to.deep.equal([['receive#2', 'rc1']]);
    await d.handle.executeUpdate(completeTaskUpdate, {
      args: [{ taskId: 'receive#2', userId: 'rc1', outcome: 'done' }],
    });
    await claimAndComplete(d.handle, 'appraise#2', 'sp1', 'approve');
    const last = await state(d.handle);
    expect(last.status).to.equal('processed');
    expect(last.nationalStatus).to.equal(9);
    await claimAndComplete(d.handle, 'return#1', 'rc1');
    await d.handle.result();
    const evs = await events(stack, d.workflowId);
    expect(evs.filter((e) => e.type === 'task-returned').map((e) => e.payload.toNodeId)).to.deep.equal([
      'receive',
    ]);
    await maybeRecordHistory(d.handle, 'return-to-previous');
  });
});
