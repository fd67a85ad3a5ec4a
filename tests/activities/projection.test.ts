/**
 * The projection writes a transition once: a retry or replay of a batch writes nothing, and a stale retry of an
 * older batch never overwrites newer state.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { applyTransition, type TaskRow, type TransitionInput } from '../../activities/index.js';
import { testKnex, uniqueSuffix } from '../support/stack.js';
import type { Knex } from '../../db/index.js';

function batch(
  workflowId: string,
  dossierId: string,
  seqs: number[],
  task: Partial<TaskRow>,
): TransitionInput {
  return {
    workflowId,
    dossierId,
    dossierCode: workflowId,
    events: seqs.map((seq) => ({ seq, type: `e${seq}`, at: new Date().toISOString(), payload: { seq } })),
    tasks: [
      {
        taskId: 'appraise#1',
        nodeId: 'appraise',
        nameVi: 'Thẩm định',
        nameEn: 'Appraise',
        role: 'specialist',
        agency: 'SO-TP',
        assignee: null,
        status: 'open',
        outcome: null,
        openedAt: '2026-11-23T01:00:00.000Z',
        warnAt: null,
        dueAt: '2026-11-25T01:00:00.000Z',
        completedAt: null,
        overdue: false,
        outcomes: ['done'],
        ...task,
      },
    ],
    pauses: [
      {
        n: 1,
        reason: 'thiếu giấy',
        actor: 'sp1',
        missing: ['a'],
        startedAt: '2026-11-23T02:00:00.000Z',
        endedAt: null,
        pausedWorkingMs: null,
      },
    ],
    escalations: [],
    incidents: [],
    calendar: [],
    describePlugins: [],
  };
}

describe('activities: projection', () => {
  let knex: Knex;
  before(async () => {
    knex = await testKnex();
  });

  it('applies a batch once; a retried or stale batch writes nothing', async () => {
    const workflowId = `dossier-PROJ-${uniqueSuffix()}`;
    const dossierId = randomUUID();
    const first = batch(workflowId, dossierId, [1, 2], {});
    expect(await applyTransition(knex, first)).to.equal(true);
    expect(await applyTransition(knex, first)).to.equal(false);
    const second = batch(workflowId, dossierId, [3], {
      status: 'completed',
      assignee: 'sp1',
      outcome: 'approve',
      completedAt: '2026-11-24T01:00:00.000Z',
    });
    second.pauses[0]!.endedAt = '2026-11-23T05:00:00.000Z';
    second.pauses[0]!.pausedWorkingMs = 3_600_000;
    expect(await applyTransition(knex, second)).to.equal(true);
    // a late retry of the first batch must not reopen the task or the pause
    expect(await applyTransition(knex, first)).to.equal(false);

    const events = await knex('dossier_events').where({ workflow_id: workflowId }).orderBy('seq');
    expect(events.map((e) => [e.seq, e.type])).to.deep.equal([
      [1, 'e1'],
      [2, 'e2'],
      [3, 'e3'],
    ]);
    const tasks = await knex('tasks').where({ workflow_id: workflowId });
    expect(tasks.map((t) => [t.task_id, t.status, t.assignee, t.outcome])).to.deep.equal([
      ['appraise#1', 'completed', 'sp1', 'approve'],
    ]);
    const pauses = await knex('dossier_pauses').where({ workflow_id: workflowId });
    expect(pauses.map((p) => [p.n, Number(p.paused_working_ms)])).to.deep.equal([[1, 3_600_000]]);
  });

  it('writes a child dossier into dossier_calls, never into dossiers', async () => {
    const workflowId = `dossier-PARENT-${uniqueSuffix()}/tax#1`;
    const b = batch(workflowId, randomUUID(), [1], {});
    b.parentWorkflowId = 'dossier-PARENT';
    b.dossier = {
      status: 'in-progress',
      nationalStatus: 4,
      currentStep: 'appraise',
      dueAt: '2026-11-30T10:00:00.000Z',
      call: {
        parentWorkflowId: 'dossier-PARENT',
        parentNodeId: 'tax',
        procedureCode: 'TAX',
        agencyCode: 'CUC-THUE',
        startedAt: '2026-11-23T01:00:00.000Z',
      },
    };
    await applyTransition(knex, b);
    const later = batch(workflowId, b.dossierId, [2], { status: 'completed' });
    later.parentWorkflowId = 'dossier-PARENT';
    later.dossier = {
      status: 'returned',
      nationalStatus: 10,
      currentStep: null,
      finishedAt: '2026-11-24T01:00:00.000Z',
      outcome: 'returned',
      classification: 'early',
    };
    await applyTransition(knex, later);
    const row = await knex('dossier_calls').where({ workflow_id: workflowId }).first();
    expect([row.status, row.national_status, row.agency_code, row.outcome, row.classification]).to.deep.equal(
      ['returned', 10, 'CUC-THUE', 'returned', 'early'],
    );
    expect(await knex('dossiers').where({ workflow_id: workflowId }).first()).to.equal(undefined);
  });

  describe('the kind of a pause (supplement, status 5 / payment, status 6)', () => {
    const pauseRow = (n: number, endedAt: string | null = null) => ({
      n,
      reason: `pause ${n}`,
      actor: 'sp1',
      missing: [],
      startedAt: `2026-11-2${n}T02:00:00.000Z`,
      endedAt,
      pausedWorkingMs: endedAt ? 3_600_000 : null,
    });
    const withPause = (
      workflowId: string,
      dossierId: string,
      seq: number,
      event: { type: string; payload: Record<string, unknown> } | null,
      pause: ReturnType<typeof pauseRow>,
    ): TransitionInput => ({
      ...batch(workflowId, dossierId, [seq], {}),
      events: [
        {
          seq,
          type: event?.type ?? `e${seq}`,
          at: new Date().toISOString(),
          payload: event?.payload ?? {},
        },
      ],
      tasks: [],
      pauses: [pause],
    });
    const kinds = async (workflowId: string) =>
      (await knex('dossier_pauses').where({ workflow_id: workflowId }).orderBy('n')).map((p) => [
        p.n,
        p.kind,
        p.ended_at === null ? 'open' : 'ended',
      ]);

    it('is read from the event that opened the pause, and kept when the pause ends', async () => {
      const workflowId = `dossier-KIND-${uniqueSuffix()}`;
      const id = randomUUID();
      await applyTransition(
        knex,
        withPause(
          workflowId,
          id,
          1,
          { type: 'payment-requested', payload: { pause: 1, amount: 150_000 } },
          pauseRow(1),
        ),
      );
      // Ended by an event that does not name the kind (deadlines moved): the row keeps 'payment'.
      await applyTransition(
        knex,
        withPause(workflowId, id, 2, null, pauseRow(1, '2026-11-21T05:00:00.000Z')),
      );
      await applyTransition(
        knex,
        withPause(
          workflowId,
          id,
          3,
          { type: 'supplement-requested', payload: { pause: 2, reason: 'x', missing: ['y'] } },
          pauseRow(2),
        ),
      );
      expect(await kinds(workflowId)).to.deep.equal([
        [1, 'payment', 'ended'],
        [2, 'supplement', 'open'],
      ]);
    });

    it('a pause row without its opening event in the batch takes the kind of the stored event', async () => {
      const workflowId = `dossier-KIND-${uniqueSuffix()}`;
      const id = randomUUID();
      // The opening event alone, then the row in a later batch (a batch split the projection never makes today).
      const opening = withPause(
        workflowId,
        id,
        1,
        { type: 'payment-requested', payload: { pause: 1, amount: 1 } },
        pauseRow(1),
      );
      opening.pauses = [];
      await applyTransition(knex, opening);
      await applyTransition(knex, withPause(workflowId, id, 2, null, pauseRow(1)));
      // Nothing says which kind: a supplement pause (the only kind before payments existed).
      await applyTransition(knex, withPause(workflowId, id, 3, null, pauseRow(2)));
      expect(await kinds(workflowId)).to.deep.equal([
        [1, 'payment', 'open'],
        [2, 'supplement', 'open'],
      ]);
    });

    it('the migration backfills existing rows from their events', async () => {
      const { backfillPauseKinds } = await import('../../db/migrations/20261122000500_pause-kind.js');
      const workflowId = `dossier-KIND-${uniqueSuffix()}`;
      const id = randomUUID();
      // Rows as a worker of the previous release wrote them: no kind (the column default, 'supplement').
      await knex('dossier_events').insert([
        {
          dossier_id: id,
          workflow_id: workflowId,
          seq: 1,
          type: 'supplement-requested',
          payload: { pause: 1 },
          at: new Date(),
        },
        {
          dossier_id: id,
          workflow_id: workflowId,
          seq: 2,
          type: 'payment-requested',
          payload: { pause: 2 },
          at: new Date(),
        },
      ]);
      await knex('dossier_pauses').insert(
        [1, 2, 3].map((n) => ({
          dossier_id: id,
          workflow_id: workflowId,
          n,
          reason: 'r',
          actor: 'a',
          started_at: new Date(),
        })),
      );
      expect((await kinds(workflowId)).map((k) => k[1])).to.deep.equal([
        'supplement',
        'supplement',
        'supplement',
      ]);
      await backfillPauseKinds(knex, [workflowId]);
      expect((await kinds(workflowId)).map((k) => k[1])).to.deep.equal([
        'supplement',
        'payment',
        'supplement',
      ]);
      // The column only takes the two kinds.
      let rejected = false;
      await knex('dossier_pauses')
        .where({ workflow_id: workflowId, n: 3 })
        .update({ kind: 'holiday' })
        .catch(() => (rejected = true));
      expect(rejected).to.equal(true);
    });
  });
});
