/**
 * Assignment in PostgreSQL (store/task-assignments.ts): claims and reassignments are guarded row updates, recorded
 * for the dossier's history, and the workflow's later writes of the same row do not undo them. Real database.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { applyTransition } from '../../activities/index.js';
import type { Knex } from '../../db/index.js';
import { claimTaskRow, listDossierEvents, reassignTaskRow } from '../../store/index.js';
import type { TaskRow, TransitionInput } from '../../workflows/index.js';
import { testKnex, uniqueSuffix } from '../support/stack.js';

function taskRow(over: Partial<TaskRow> = {}): TaskRow {
  return {
    taskId: 'appraise#1',
    nodeId: 'appraise',
    nameVi: 'Thẩm định',
    nameEn: 'Appraise',
    role: 'specialist',
    agency: 'STP',
    assignee: null,
    status: 'open',
    outcome: null,
    openedAt: '2026-12-07T01:00:00.000Z',
    warnAt: null,
    dueAt: '2026-12-09T01:00:00.000Z',
    completedAt: null,
    overdue: false,
    outcomes: ['approve', 'refuse'],
    ...over,
  };
}

function batch(workflowId: string, dossierId: string, seq: number, task: TaskRow): TransitionInput {
  return {
    workflowId,
    dossierId,
    dossierCode: workflowId,
    events: [{ seq, type: `e${seq}`, at: new Date().toISOString(), payload: {} }],
    tasks: [task],
    pauses: [],
    escalations: [],
    incidents: [],
    calendar: [],
    describePlugins: [],
  };
}

describe('store: task assignment (claims and reassignments)', () => {
  let knex: Knex;
  let workflowId: string;
  let dossierId: string;
  const row = () => knex('tasks').where({ workflow_id: workflowId, task_id: 'appraise#1' }).first();

  before(async () => {
    knex = await testKnex();
  });
  beforeEach(async () => {
    workflowId = `dossier-ASSIGN-${uniqueSuffix()}`;
    dossierId = randomUUID();
    await applyTransition(knex, batch(workflowId, dossierId, 1, taskRow()));
  });

  it('a claim takes an open task; the same person again is fine; anyone else is refused', async () => {
    const claim = (username: string) => claimTaskRow({ knex, workflowId, taskId: 'appraise#1', username });
    const first = await claim('cb1');
    expect(first.ok).to.equal(true);
    expect(first.ok && [first.task.status, first.task.assignee, first.task.outcomes]).to.deep.equal([
      'claimed',
      'cb1',
      ['approve', 'refuse'],
    ]);
    expect((await claim('cb1')).ok).to.equal(true);
    const other = await claim('cb2');
    expect(!other.ok && [other.reason, other.task?.assignee]).to.deep.equal(['not-assignee', 'cb1']);
    const missing = await claimTaskRow({ knex, workflowId, taskId: 'nope#1', username: 'cb1' });
    expect(!missing.ok && missing.reason).to.equal('task-not-found');
  });

  it('of two people claiming at the same moment exactly one gets the task', async () => {
    const results = await Promise.all(
      ['cb1', 'cb2', 'cb3', 'cb4'].map((username) =>
        claimTaskRow({ knex, workflowId, taskId: 'appraise#1', username }),
      ),
    );
    expect(results.filter((r) => r.ok)).to.have.length(1);
    expect(results.filter((r) => !r.ok && r.reason === 'not-assignee')).to.have.length(3);
    const winner = results.find((r) => r.ok);
    expect((await row()).assignee).to.equal(winner?.ok ? winner.task.assignee : 'none');
  });

  it('the workflow writing the row again keeps the claim; its completion and a returned step’s own assignee win', async () => {
    await claimTaskRow({ knex, workflowId, taskId: 'appraise#1', username: 'cb1' });
    // e.g. deadlines moved after a pause: the workflow knows no assignee and says 'open'
    await applyTransition(
      knex,
      batch(workflowId, dossierId, 2, taskRow({ dueAt: '2026-12-10T01:00:00.000Z' })),
    );
    const kept = await row();
    expect([kept.status, kept.assignee, new Date(kept.due_at).toISOString()]).to.deep.equal([
      'claimed',
      'cb1',
      '2026-12-10T01:00:00.000Z',
    ]);
    await applyTransition(
      knex,
      batch(
        workflowId,
        dossierId,
        3,
        taskRow({
          status: 'completed',
          assignee: 'cb1',
          outcome: 'approve',
          completedAt: '2026-12-08T01:00:00.000Z',
        }),
      ),
    );
    const done = await row();
    expect([done.status, done.assignee, done.outcome]).to.deep.equal(['completed', 'cb1', 'approve']);
    const again = await claimTaskRow({ knex, workflowId, taskId: 'appraise#1', username: 'cb1' });
    expect(!again.ok && again.reason).to.equal('task-not-open');
  });

  it('a reassignment records who had it; the history shows claims and reassignments after the events before them', async () => {
    await claimTaskRow({ knex, workflowId, taskId: 'appraise#1', username: 'cb1' });
    await applyTransition(knex, batch(workflowId, dossierId, 2, taskRow()));
    const r = await reassignTaskRow({
      knex,
      workflowId,
      taskId: 'appraise#1',
      actor: 'ld1',
      assignee: 'cb2',
      reason: 'nghỉ phép',
    });
    expect(r.ok && r.task.assignee).to.equal('cb2');
    const events = await listDossierEvents({ knex, dossierId });
    expect(events.map((e) => [e.seq, e.type, e.actor])).to.deep.equal([
      [1, 'e1', null],
      [1, 'task-claimed', 'cb1'],
      [2, 'e2', null],
      [2, 'task-reassigned', 'ld1'],
    ]);
    expect(events[3]!.payload).to.deep.equal({
      taskId: 'appraise#1',
      from: 'cb1',
      to: 'cb2',
      reason: 'nghỉ phép',
    });
  });
});
