/**
 * Increment 1: sequential user tasks driven by updates, validators, projection and the workflow result.
 */
import { expect } from 'chai';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { buildIr, days, end, start, task } from './fixtures/build-ir.js';
import {
  claimAndComplete,
  events,
  maybeRecordHistory,
  startDossier,
  startWorker,
  waitFor,
  testStack,
  uniqueSuffix,
  type TestWorker,
} from './support/harness.js';
import {
  claimTaskUpdate,
  completeTaskUpdate,
  reassignTaskUpdate,
  type DossierWorkflowResult,
} from '../../workflows/index.js';
import type { TestStack } from '../support/stack.js';

async function rejection(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    expect(err).to.be.instanceOf(WorkflowUpdateFailedError);
    const cause = (err as { cause?: { type?: string } }).cause;
    return cause?.type ?? 'unknown';
  }
  throw new Error('expected the update to be rejected');
}

describe('interpreter: sequential user tasks', function () {
  let stack: TestStack;
  let w: TestWorker;
  const twoStep = () =>
    buildIr({
      code: `SEQ-${uniqueSuffix()}`,
      agency: 'SO-TP',
      duration: days(3),
      nodes: [
        start(),
        task('receive', 'receptionist', days(0.5)),
        task('approve', 'department-head', days(1), { outcomes: ['approve', 'reject'] }),
        end('done'),
      ],
      flows: [
        ['start', 'receive'],
        ['receive', 'approve'],
        ['approve', 'done'],
      ],
    });

  before(async () => {
    stack = await testStack();
    w = await startWorker(stack);
  });
  after(async () => {
    await w?.stop();
  });

  it('runs receive → approve through claim/complete, projects every step and returns the result', async () => {
    const d = await startDossier(stack, w.taskQueue, twoStep(), { data: { applicant: 'A' } });
    // Deadlines come from the calendar activity just after the task opens: wait for them, not for luck.
    const s = await waitFor(d.handle, (x) => Boolean(x.openTasks[0]?.dueAt));
    expect(s.openTasks.map((t) => t.taskId)).to.deep.equal(['receive#1']);
    expect(s.openTasks[0]!.dueAt).to.be.a('string');
    expect(s.appointmentAt).to.be.a('string');

    const claimed = await d.handle.executeUpdate(claimTaskUpdate, {
      args: [{ taskId: 'receive#1', userId: 'rc1' }],
    });
    expect(claimed.openTasks[0]!.assignee).to.equal('rc1');
    // read-your-writes: the task row is projected when the update returns
    const row = await stack.knex('tasks').where({ workflow_id: d.workflowId, task_id: 'receive#1' }).first();
    expect(row.assignee).to.equal('rc1');
    expect(row.status).to.equal('claimed');

    const done = await d.handle.executeUpdate(completeTaskUpdate, {
      args: [{ taskId: 'receive#1', userId: 'rc1', outcome: 'done', data: { pages: 3 } }],
    });
    expect(done.openTasks.map((t) => t.taskId)).to.deep.equal(['approve#1']);
    expect(done.status).to.equal('in-progress');
    expect(done.nationalStatus).to.equal(4);

    await claimAndComplete(d.handle, 'approve#1', 'leader1', 'approve');
    const result = (await d.handle.result()) as DossierWorkflowResult;
    expect(result.outcome).to.equal('returned');
    expect(result.classification).to.equal('early');

    const dossier = await stack.knex('dossiers').where({ id: d.dossierId }).first();
    expect(dossier.status).to.equal('returned');
    expect(dossier.national_status).to.equal(10);
    expect(dossier.outcome).to.equal('returned');
    expect(dossier.classification).to.equal('early');
    expect(dossier.finished_at).to.be.instanceOf(Date);
    expect(dossier.due_at).to.be.instanceOf(Date);

    const evs = await events(stack, d.workflowId);
    expect(evs.map((e) => e.seq)).to.deep.equal(evs.map((_, i) => i + 1));
    expect(evs.map((e) => e.type)).to.deep.equal([
      'received',
      'task-opened',
      'task-claimed',
      'task-completed',
      'task-opened',
      'task-claimed',
      'task-completed',
      'end-reached',
      'result',
    ]);
    expect(evs[0]!.payload.appointmentAt).to.be.a('string');
    expect(evs[1]!.payload.dueAt).to.be.a('string');
    const tasks = await stack.knex('tasks').where({ workflow_id: d.workflowId }).orderBy('task_id');
    expect(tasks.map((t) => [t.task_id, t.status, t.outcome, t.assignee])).to.deep.equal([
      ['approve#1', 'completed', 'approve', 'leader1'],
      ['receive#1', 'completed', 'done', 'rc1'],
    ]);
    expect(tasks.every((t) => t.due_at instanceof Date && t.warn_at instanceof Date)).to.equal(true);
    await maybeRecordHistory(d.handle, 'sequential-two-step');
  });

  it('a step as the console works it costs one update; per-step search attributes are not written', async () => {
    // Claims are the task row's (the API); the workflow sees only the completion. Patch fewer-search-attributes.
    const d = await startDossier(stack, w.taskQueue, twoStep());
    await waitFor(d.handle, (x) => Boolean(x.openTasks[0]?.dueAt));
    await d.handle.executeUpdate(completeTaskUpdate, {
      args: [{ taskId: 'receive#1', userId: 'rc1', outcome: 'done' }],
    });
    await d.handle.executeUpdate(completeTaskUpdate, {
      args: [{ taskId: 'approve#1', userId: 'leader1', outcome: 'approve' }],
    });
    expect(((await d.handle.result()) as DossierWorkflowResult).outcome).to.equal('returned');
    const history = (await d.handle.fetchHistory()).events ?? [];
    // one patch marker for the dossier, no upsert of McCurrentSteps / McStepDueAt at either step
    const markers = history.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch');
    expect(markers).to.have.length(1);
    const upserted = history.flatMap((e) =>
      Object.keys(e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {}),
    );
    expect(upserted).to.not.include.members(['McCurrentSteps', 'McStepDueAt']);
    expect(history.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes)).to.have.length(2);
    await maybeRecordHistory(d.handle, 'two-step-complete-only');
    // Each step, from the workflow task that takes its update to the update's completion: the task (3), accepted,
    // the projection marker, the next deadline's timer started and the last one cancelled, completed = 8; the first
    // step also upserts the status (accepted → in progress).
    const steps: number[] = [];
    let from = -1;
    history.forEach((e, i) => {
      if (e.workflowTaskScheduledEventAttributes) from = i;
      if (e.workflowExecutionUpdateCompletedEventAttributes) steps.push(i - from + 1);
    });
    expect(steps).to.have.length(2);
    expect(steps[0]).to.be.at.most(9);
    expect(steps[1]).to.be.at.most(8);
  });

  it('rejects stale or invalid calls without touching history', async () => {
    const d = await startDossier(stack, w.taskQueue, twoStep());
    await d.handle.executeUpdate(claimTaskUpdate, { args: [{ taskId: 'receive#1', userId: 'rc1' }] });
    const before = (await d.handle.fetchHistory()).events?.length ?? 0;

    expect(
      await rejection(
        d.handle.executeUpdate(claimTaskUpdate, { args: [{ taskId: 'receive#1', userId: 'rc2' }] }),
      ),
    ).to.equal('not-assignee');
    // Completion by someone else is the API's to refuse (the task row says who holds it); the workflow records who
    // completed (api tests: tasks-assignment).
    expect(
      await rejection(
        d.handle.executeUpdate(completeTaskUpdate, {
          args: [{ taskId: 'receive#1', userId: 'rc1', outcome: 'bogus' }],
        }),
      ),
    ).to.equal('unknown-outcome');
    expect(
      await rejection(
        d.handle.executeUpdate(claimTaskUpdate, { args: [{ taskId: 'approve#1', userId: 'x' }] }),
      ),
    ).to.equal('task-not-found');
    expect(
      await rejection(
        d.handle.executeUpdate(completeTaskUpdate, {
          args: [
            {
              taskId: 'receive#1',
              userId: 'rc1',
              outcome: 'done',
              data: [] as unknown as Record<string, unknown>,
            },
          ],
        }),
      ),
    ).to.equal('invalid-form-data');

    const after = (await d.handle.fetchHistory()).events?.length ?? 0;
    expect(after).to.equal(before);

    await claimAndComplete(d.handle, 'receive#1', 'rc1');
    expect(
      await rejection(
        d.handle.executeUpdate(completeTaskUpdate, {
          args: [{ taskId: 'receive#1', userId: 'rc1', outcome: 'done' }],
        }),
      ),
    ).to.equal('task-not-open');

    // reassignment (the update older dossiers still take) moves the task to another person
    await d.handle.executeUpdate(reassignTaskUpdate, {
      args: [{ taskId: 'approve#1', actor: 'sup', assignee: 'leader2', reason: 'nghỉ phép' }],
    });
    await d.handle.executeUpdate(completeTaskUpdate, {
      args: [{ taskId: 'approve#1', userId: 'leader2', outcome: 'reject' }],
    });
    const result = (await d.handle.result()) as DossierWorkflowResult;
    expect(result.outcome).to.equal('returned');
    const evs = await events(stack, d.workflowId);
    expect(evs.filter((e) => e.type === 'task-reassigned')).to.have.length(1);
  });
});
