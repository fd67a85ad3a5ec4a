/**
 * Vertical inter-agency chain (liên thông dọc): commune → district → province, each level a child dossier under
 * its own agency and SLA; a supplement pause at the commune pauses the clocks of the whole chain.
 */
import { expect } from 'chai';
import { buildIr, call, days, end, start, task } from './fixtures/build-ir.js';
import {
  claimAndComplete,
  maybeRecordHistory,
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
  supplementReceivedSignal,
  type DossierWorkflowResult,
} from '../../workflows/index.js';
import type { TestStack } from '../support/stack.js';

const DAY = 60_000;

describe('interpreter: three-level vertical chain', function () {
  let stack: TestStack;
  let w: TestWorker;
  before(async () => {
    stack = await testStack();
    w = await startWorker(stack, { msPerWorkingDay: DAY });
  });
  after(async () => {
    await w?.stop();
  });

  it('commune → district → province, each under its own agency and SLA; pauses reach every level', async () => {
    const s = uniqueSuffix();
    const province = buildIr({
      code: `P-${s}`,
      agency: 'UBND-TINH',
      level: 'province',
      duration: days(10),
      nodes: [start(), task('decide', 'department-head', days(4), { outcomes: ['approve'] }), end('ok')],
      flows: [
        ['start', 'decide'],
        ['decide', 'ok'],
      ],
    });
    const district = buildIr({
      code: `D-${s}`,
      agency: 'UBND-HUYEN',
      level: 'district',
      duration: days(7),
      nodes: [
        start(),
        task('appraise', 'specialist', days(3)),
        call('to-province', province.ir.procedure.code),
        task('forward', 'receptionist', days(1)),
        end('ok'),
      ],
      flows: [
        ['start', 'appraise'],
        ['appraise', 'to-province'],
        ['to-province', 'forward'],
        ['forward', 'ok'],
      ],
    });
    const commune = buildIr({
      code: `C-${s}`,
      agency: 'UBND-XA',
      level: 'commune',
      duration: days(20),
      nodes: [
        start(),
        task('receive', 'receptionist', days(1)),
        call('to-district', district.ir.procedure.code),
        task('return', 'receptionist', days(1)),
        end('ok'),
      ],
      flows: [
        ['start', 'receive'],
        ['receive', 'to-district'],
        ['to-district', 'return'],
        ['return', 'ok'],
      ],
    });
    await seedProcedure(stack.knex, province);
    await seedProcedure(stack.knex, district);

    const d = await startDossier(stack, w.taskQueue, commune);
    await claimAndComplete(d.handle, 'receive#1', 'xa-rc');
    const districtH = stack.client.workflow.getHandle(`dossier-${d.code}/to-district#1`);
    const ds = await waitFor(districtH, (x) => x.openTasks.length === 1 && x.appointmentAt !== null);
    expect(ds.openTasks[0]).to.include({ taskId: 'appraise#1', agency: 'UBND-HUYEN' });
    expect(Date.parse(ds.appointmentAt!) - Date.parse(String(ds.timeline[0]!.payload.receivedAt))).to.equal(
      7 * DAY,
    );
    await claimAndComplete(districtH, 'appraise#1', 'huyen-sp');

    const provinceH = stack.client.workflow.getHandle(`dossier-${d.code}/to-district#1/to-province#1`);
    const ps = await waitFor(provinceH, (x) => x.openTasks.length === 1 && x.openTasks[0]!.dueAt !== null);
    expect(ps.openTasks[0]).to.include({ taskId: 'decide#1', agency: 'UBND-TINH', role: 'department-head' });
    expect(Date.parse(ps.appointmentAt!) - Date.parse(String(ps.timeline[0]!.payload.receivedAt))).to.equal(
      10 * DAY,
    );
    const provinceDue = Date.parse(ps.openTasks[0]!.dueAt!);

    // the commune asks the applicant for a paper: every level's clock stops, then moves on by the paused time
    await d.handle.executeUpdate(requestSupplementUpdate, {
      args: [{ actor: 'xa-rc', reason: 'thiếu giấy tờ', missing: ['cccd'] }],
    });
    await waitFor(provinceH, (x) => x.status === 'supplement-requested');
    await waitFor(districtH, (x) => x.status === 'supplement-requested');
    await new Promise((r) => setTimeout(r, 300));
    await d.handle.signal(supplementReceivedSignal, { actor: 'applicant', documents: ['cccd.pdf'] });
    const resumed = await waitFor(provinceH, (x) => x.pauses[0]?.pausedWorkingMs !== undefined);
    expect(resumed.status).to.equal('in-progress');
    expect(Date.parse(resumed.openTasks[0]!.dueAt!) - provinceDue).to.equal(
      resumed.pauses[0]!.pausedWorkingMs,
    );
    expect(resumed.pauses[0]!.pausedWorkingMs).to.be.at.least(300);

    await claimAndComplete(provinceH, 'decide#1', 'tinh-ld', 'approve');
    expect(((await provinceH.result()) as DossierWorkflowResult).outcome).to.equal('returned');
    await waitFor(districtH, (x) => x.openTasks.some((t) => t.taskId === 'forward#1'));
    await claimAndComplete(districtH, 'forward#1', 'huyen-rc');
    await waitFor(d.handle, (x) => x.openTasks.some((t) => t.taskId === 'return#1'));
    await claimAndComplete(d.handle, 'return#1', 'xa-rc');
    expect((await d.handle.result()) as DossierWorkflowResult).to.include({
      outcome: 'returned',
      classification: 'early',
    });

    const calls = await stack.knex('dossier_calls').where({ dossier_id: d.dossierId }).orderBy('started_at');
    expect(calls.map((c) => [c.agency_code, c.parent_workflow_id, c.outcome])).to.deep.equal([
      ['UBND-HUYEN', d.workflowId, 'returned'],
      ['UBND-TINH', districtH.workflowId, 'returned'],
    ]);
    const agencies = await stack
      .knex('tasks')
      .where({ dossier_id: d.dossierId })
      .orderBy('opened_at')
      .pluck('agency_code');
    expect(agencies).to.deep.equal(['UBND-XA', 'UBND-HUYEN', 'UBND-TINH', 'UBND-HUYEN', 'UBND-XA']);
    const pauses = await stack.knex('dossier_pauses').where({ dossier_id: d.dossierId });
    expect(pauses).to.have.length(3);
    await maybeRecordHistory(d.handle, 'vertical-chain-commune');
    await maybeRecordHistory(districtH, 'vertical-chain-district');
  });
});
