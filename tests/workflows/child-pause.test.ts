/**
 * Issue 4: a pause that begins while a child dossier (call activity) is still being started reaches that child as
 * soon as it exists, and the child resumes with its parent. Made deterministic with a call that fails first (its
 * procedure is not published yet) and is retried while the parent is paused: the child starts during the pause.
 */
import { expect } from 'chai';
import { buildIr, call, days, end, start, task } from './fixtures/build-ir.js';
import {
  claimAndComplete,
  maybeRecordHistory,
  projected,
  seedProcedure,
  startDossier,
  startWorker,
  testStack,
  uniqueSuffix,
  waitFor,
  type TestWorker,
} from './support/harness.js';
import {
  requestSupplementUpdate,
  retryIncidentUpdate,
  supplementReceivedSignal,
  type DossierWorkflowResult,
} from '../../workflows/index.js';
import type { TestStack } from '../support/stack.js';

const DAY = 60_000;

describe('interpreter: a child dossier started during its parent’s pause', function () {
  let stack: TestStack;
  let w: TestWorker;
  before(async () => {
    stack = await testStack();
    w = await startWorker(stack, { msPerWorkingDay: DAY });
  });
  after(async () => {
    await w?.stop();
  });

  it('is paused as soon as it exists and resumed with the parent, its deadlines moved', async () => {
    const s = uniqueSuffix();
    const child = buildIr({
      code: `CH-${s}`,
      agency: 'UBND-HUYEN',
      level: 'district',
      duration: days(5),
      nodes: [start(), task('appraise', 'specialist', days(2)), end('ok')],
      flows: [
        ['start', 'appraise'],
        ['appraise', 'ok'],
      ],
    });
    const parent = buildIr({
      code: `PA-${s}`,
      agency: 'UBND-XA',
      level: 'commune',
      duration: days(10),
      nodes: [
        start(),
        call('to-district', child.ir.procedure.code),
        task('return', 'receptionist', days(1)),
        end('ok'),
      ],
      flows: [
        ['start', 'to-district'],
        ['to-district', 'return'],
        ['return', 'ok'],
      ],
    });
    const d = await startDossier(stack, w.taskQueue, parent);
    // the called procedure is not published yet: the call fails into an incident
    const failed = await waitFor(d.handle, (x) =>
      x.incidents.some((i) => i.kind === 'call-failed' && i.status === 'open'),
    );
    await d.handle.executeUpdate(requestSupplementUpdate, {
      args: [{ actor: 'xa-rc', reason: 'thiếu giấy tờ', missing: ['cccd'] }],
    });
    await seedProcedure(stack.knex, child);
    // retried while the parent is paused: the child dossier is started during the pause
    await d.handle.executeUpdate(retryIncidentUpdate, {
      args: [{ actor: 'sup', incidentId: failed.incidents[0]!.id }],
    });
    const childH = stack.client.workflow.getHandle(`dossier-${d.code}/to-district#1.2`);
    const paused = await waitFor(
      childH,
      (x) => x.status === 'supplement-requested' && x.openTasks[0]?.dueAt != null,
    );
    expect(paused.pauses).to.have.length(1);
    expect(paused.pauses[0]).to.deep.include({
      kind: 'supplement',
      reason: 'thiếu giấy tờ',
      missing: ['cccd'],
    });
    const dueBefore = Date.parse(paused.openTasks[0]!.dueAt!);

    await new Promise((r) => setTimeout(r, 300));
    await d.handle.signal(supplementReceivedSignal, { actor: 'applicant', documents: ['cccd.pdf'] });
    const resumed = await waitFor(childH, (x) => x.pauses[0]?.pausedWorkingMs !== undefined);
    expect(resumed.status).to.equal('in-progress');
    expect(resumed.pauses[0]!.pausedWorkingMs).to.be.at.least(300);
    expect(Date.parse(resumed.openTasks[0]!.dueAt!) - dueBefore).to.equal(resumed.pauses[0]!.pausedWorkingMs);
    await projected(stack, childH);
    const childRow = await stack.knex('dossier_calls').where({ workflow_id: childH.workflowId }).first();
    expect(childRow.national_status).to.equal(4);
    expect(await stack.knex('dossier_pauses').where({ workflow_id: childH.workflowId })).to.have.length(1);

    await claimAndComplete(childH, 'appraise#1', 'huyen-sp');
    await waitFor(d.handle, (x) => x.openTasks.some((t) => t.taskId === 'return#1'));
    await claimAndComplete(d.handle, 'return#1', 'xa-rc');
    expect(((await d.handle.result()) as DossierWorkflowResult).outcome).to.equal('returned');
    await maybeRecordHistory(d.handle, 'child-pause-on-start-parent');
    await maybeRecordHistory(childH, 'child-pause-on-start-child');
  });
});
