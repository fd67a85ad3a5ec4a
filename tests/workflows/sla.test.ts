/**
 * Increment 3: per-step SLA with a non-interrupting warning, escalation at 100%, the dossier's appointment with an
 * apology reminder one working day before, overdue flags. A working day lasts one second, so timers really fire.
 */
import { expect } from 'chai';
import { defineSearchAttributeKey } from '@temporalio/common';
import { buildIr, days, end, start, task } from './fixtures/build-ir.js';
import {
  claimAndComplete,
  describeWhen,
  events,
  projected,
  maybeRecordHistory,
  startDossier,
  startWorker,
  testStack,
  uniqueSuffix,
  waitFor,
  type TestWorker,
} from './support/harness.js';
import { escalateUpdate, type DossierWorkflowResult } from '../../workflows/index.js';
import type { TestStack } from '../support/stack.js';

const MS_PER_DAY = 1000;

describe('interpreter: SLA, escalation, appointment', function () {
  let stack: TestStack;
  let w: TestWorker;
  before(async () => {
    stack = await testStack();
    w = await startWorker(stack, { msPerWorkingDay: MS_PER_DAY });
  });
  after(async () => {
    await w?.stop();
  });

  it('warns at 75%, flags and escalates at 100% to the configured role; the overdue step keeps running', async () => {
    const ir = buildIr({
      code: `SLA-${uniqueSuffix()}`,
      agency: 'SO-XD',
      duration: days(100),
      nodes: [
        start(),
        task('appraise', 'specialist', days(2), { escalationRole: 'division-head' }),
        task('sign', 'department-head', days(100)),
        end('done'),
      ],
      flows: [
        ['start', 'appraise'],
        ['appraise', 'sign'],
        ['sign', 'done'],
      ],
    });
    const d = await startDossier(stack, w.taskQueue, ir);
    const opened = await waitFor(d.handle, (s) => s.openTasks[0]?.dueAt !== null);
    const task0 = opened.openTasks[0]!;
    // 2 working days of 1 s: warning at 1.5 s, deadline at 2 s after opening
    expect(Date.parse(task0.dueAt!) - Date.parse(task0.openedAt)).to.equal(2 * MS_PER_DAY);
    expect(Date.parse(task0.warnAt!) - Date.parse(task0.openedAt)).to.equal(1.5 * MS_PER_DAY);

    const warned = await waitFor(d.handle, (s) => s.timeline.some((e) => e.type === 'task-warning'));
    const warning = warned.timeline.find((e) => e.type === 'task-warning')!;
    expect(Date.parse(warning.at)).to.be.at.least(Date.parse(task0.warnAt!));
    const overdue = await waitFor(d.handle, (s) => s.openTasks[0]?.overdue === true);
    expect(overdue.escalations).to.have.length(1);
    expect(overdue.escalations[0]).to.include({ taskId: 'appraise#1', toRole: 'division-head', auto: true });
    expect(overdue.openTasks[0]!.escalatedTo).to.equal('division-head');

    // The query sees the overdue flag as soon as the deadline fires; the search attributes are upserted once the
    // projection activity of that same step has returned, a workflow task later.
    const desc = await describeWhen(d.handle, (x) =>
      x.typedSearchAttributes.get(defineSearchAttributeKey('McOverdue', 'BOOL')),
    );
    expect(desc.typedSearchAttributes.get(defineSearchAttributeKey('McOverdue', 'BOOL'))).to.equal(true);
    // Per-step attributes are no longer written (patch fewer-search-attributes): supervision reads steps from
    // PostgreSQL, and each step costs one history event less.
    expect(
      desc.typedSearchAttributes.get(defineSearchAttributeKey('McCurrentSteps', 'KEYWORD_LIST')),
    ).to.equal(undefined);
    expect(desc.typedSearchAttributes.get(defineSearchAttributeKey('McStatus', 'KEYWORD'))).to.equal(
      'in-progress',
    );

    await projected(stack, d.handle);
    const row = await stack.knex('tasks').where({ workflow_id: d.workflowId, task_id: 'appraise#1' }).first();
    expect(row.overdue).to.equal(true);
    const esc = await stack.knex('dossier_escalations').where({ workflow_id: d.workflowId });
    expect(esc.map((e) => [e.task_id, e.to_role, e.auto, e.agency_code])).to.deep.equal([
      ['appraise#1', 'division-head', true, 'SO-XD'],
    ]);

    // overdue, still workable; a supervisor may escalate the next step by hand
    const next = await claimAndComplete(d.handle, 'appraise#1', 'sp1');
    expect(next.openTasks.map((t) => t.taskId)).to.deep.equal(['sign#1']);
    await d.handle.executeUpdate(escalateUpdate, {
      args: [{ actor: 'sup1', taskId: 'sign#1', toRole: 'supervisor', reason: 'khiếu nại' }],
    });
    await claimAndComplete(d.handle, 'sign#1', 'ld1');
    const result = (await d.handle.result()) as DossierWorkflowResult;
    expect(result.classification).to.equal('early');
    const types = (await events(stack, d.workflowId)).map((e) => e.type);
    expect(types.indexOf('task-warning')).to.be.lessThan(types.indexOf('task-overdue'));
    expect(types.filter((t) => t === 'escalated')).to.have.length(2);
    await maybeRecordHistory(d.handle, 'sla-warning-escalation');
  });

  it('reminds one working day before the appointment, flags the dossier overdue, classifies it late', async () => {
    const ir = buildIr({
      code: `APT-${uniqueSuffix()}`,
      agency: 'SO-XD',
      duration: days(2),
      nodes: [start(), task('appraise', 'specialist', days(100)), end('done')],
      flows: [
        ['start', 'appraise'],
        ['appraise', 'done'],
      ],
    });
    const d = await startDossier(stack, w.taskQueue, ir);
    const s0 = await waitFor(d.handle, (s) => s.appointmentAt !== null);
    const received = Date.parse(d.input.receivedAt);
    expect(Date.parse(s0.appointmentAt!) - received).to.equal(2 * MS_PER_DAY);
    const reminded = await waitFor(d.handle, (s) => s.timeline.some((e) => e.type === 'apology-reminder'));
    const reminder = reminded.timeline.find((e) => e.type === 'apology-reminder')!;
    expect(Date.parse(reminder.at)).to.be.at.least(received + MS_PER_DAY);
    const late = await waitFor(d.handle, (s) => s.overdue);
    expect(late.timeline.map((e) => e.type)).to.include('dossier-overdue');
    // a working day after the appointment day (same day would still be on time)
    await new Promise((r) =>
      setTimeout(r, Math.max(0, Date.parse(s0.appointmentAt!) + 1.1 * MS_PER_DAY - Date.now())),
    );
    await claimAndComplete(d.handle, 'appraise#1', 'sp1');
    const result = (await d.handle.result()) as DossierWorkflowResult;
    expect(result).to.include({ outcome: 'returned', classification: 'late' });
    const row = await stack.knex('dossiers').where({ id: d.dossierId }).first();
    expect(row.classification).to.equal('late');
  });
});
