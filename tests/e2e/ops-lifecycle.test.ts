/**
 * Issue 7 in the browser, the rest of a dossier's life (tests/e2e/ops-console.test.ts covers intake → specialist →
 * leader → stuck webhook → retry → lookup): the inbox colours deadlines (on track / warning / overdue); a
 * supervisor reassigns, escalates and stops a dossier from the inspector, each audited; a specialist requests a
 * supplement and prints its slip, the citizen sees what is missing on the lookup page and uploads it; a refused
 * dossier gives its refusal slip, and the desk prints the slips of a filing it does not receive; the desk collects
 * the fee and returns the result; the citizen rates the service once; the inspector shows step timing in working
 * time and each pause with its kind; a dossier whose workflow task keeps failing (a broken release on its own task
 * queue) is named in the stuck list and bannered in the inspector. Real API, worker, Temporal, PostgreSQL,
 * MinIO; screenshots in test-artifacts/screenshots/ (ops-life-*.png). Scenes a test is not about (filing, claiming)
 * are set through the API.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { expect } from 'chai';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Worker } from '@temporalio/worker';
import type { Page } from 'playwright-core';
import { createSupervisionActivities } from '../../activities/supervision-activities.js';
import { describeWorkflowTaskFailure } from '../../activities/supervision-temporal.js';
import { createScaledCalendar } from '../../calendar/index.js';
import { repoRoot } from '../../config/index.js';
import type { ProcedureMetadata } from '../../ir/index.js';
import type { StepTiming } from '../../store/index.js';
import { BROKEN_RELEASE_MESSAGE } from '../activities/fixtures/failing-dossier-workflow.js';
import { uniqueSuffix } from '../support/stack.js';
import { days, oneStepIr } from '../workflows/fixtures/build-ir.js';
import { startDossier, type StartedDossier } from '../workflows/support/harness.js';
import { launchBrowser, screenshot, type TestBrowser } from './support/browser.js';
import { ApiAs, pdf, printedPdf, signedIn, testPhone, waitFor } from './support/ops-helpers.js';
import {
  opsUser,
  publishNotifyProcedure,
  startOpsConsole,
  type OpsConsole,
  type OpsUser,
} from './support/ops-stack.js';

describe('e2e: operations console — supervisor actions, slips, fees, return, supplement and rating', function () {
  this.timeout(300_000);
  let c: OpsConsole;
  let browser: TestBrowser;
  let hook: http.Server;
  let meta: ProcedureMetadata;
  let receptionist: OpsUser;
  let specialistA: OpsUser;
  let specialistB: OpsUser;
  let leader: OpsUser;
  let supervisor: OpsUser;
  let desk: ApiAs;
  let specA: ApiAs;
  let lead: ApiAs;
  let sup: ApiAs;
  let broken: { worker: Worker; running: Promise<void>; connection: NativeConnection } | undefined;
  let stuck: StartedDossier | undefined;
  const codes: string[] = [];
  let returnedCode = '';
  const returnedPhone = testPhone();

  before(async () => {
    // The fixture's webhook step: here the receiving system always answers.
    hook = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'));
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    c = await startOpsConsole();
    meta = await publishNotifyProcedure(
      c.stack,
      `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`,
    );
    receptionist = await opsUser(c.stack, 'receptionist', meta.agency);
    specialistA = await opsUser(c.stack, 'specialist', meta.agency);
    specialistB = await opsUser(c.stack, 'specialist', meta.agency);
    leader = await opsUser(c.stack, 'department-head', meta.agency);
    supervisor = await opsUser(c.stack, 'supervisor', '*');
    desk = new ApiAs(c, receptionist);
    specA = new ApiAs(c, specialistA);
    lead = new ApiAs(c, leader);
    sup = new ApiAs(c, supervisor);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    if (broken?.worker.getState() === 'RUNNING') broken.worker.shutdown();
    await broken?.running.catch(() => undefined);
    await broken?.connection.close().catch(() => undefined);
    await stuck?.handle.terminate('test finished').catch(() => undefined);
    for (const code of codes)
      await c?.stack.client.workflow
        .getHandle(`dossier-${code}`)
        .terminate('test finished')
        .catch(() => undefined);
    await c?.close();
    await new Promise((r) => hook?.close(r));
  });

  const file = async (procedureCode: string, phone = testPhone()) => {
    const code = await desk.file(procedureCode, phone);
    codes.push(code);
    return code;
  };
  const dossierRow = (code: string) => c.stack.knex('dossiers').where({ code }).first();
  const auditRows = (code: string, workflowId: string) =>
    c.stack
      .knex('audit_log')
      .where((w) =>
        w.where({ target_type: 'dossier', target_id: code }).orWhere('target_id', 'like', `${workflowId}/%`),
      )
      .orderBy('at', 'asc');

  /** Reloads `page` until `selector` is there (the projection follows the workflow within a moment). */
  async function reloadUntil(page: Page, selector: string, ms = 30_000): Promise<void> {
    await waitFor(
      selector,
      async () => {
        if (await page.locator(selector).count()) return true;
        await page.reload();
        await page.waitForSelector('body[data-ready="true"]');
        await page.waitForTimeout(300);
        return (await page.locator(selector).count()) > 0;
      },
      ms,
    );
  }

  it('the inbox colours each deadline: on track, warning, overdue', async () => {
    // Same model, same agency: one version warns at 0.1% of a one-day step (3.6 s on the test calendar, where a
    // working day is an hour), one gives the step 0.001 day — it is overdue after 3.6 s.
    const appraise = 'motcua:role="specialist" motcua:duration="1" motcua:durationUnit="working-day"';
    const hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
    const warnMeta = await publishNotifyProcedure(c.stack, hookUrl, {
      agency: meta.agency,
      xml: (x) => x.replace(appraise, `${appraise} motcua:warningAt="0.001"`),
    });
    const overMeta = await publishNotifyProcedure(c.stack, hookUrl, {
      agency: meta.agency,
      xml: (x) => x.replace(appraise, appraise.replace('duration="1"', 'duration="0.001"')),
    });
    const ok = await file(meta.code);
    const warn = await file(warnMeta.code);
    const over = await file(overMeta.code);
    const tasks = await waitFor('the three appraisal tasks with their deadlines', async () => {
      const rows = await c.stack
        .knex('tasks as t')
        .join('dossiers as d', 'd.id', 't.dossier_id')
        .whereIn('d.code', [ok, warn, over])
        .where('t.node_id', 'appraise')
        .whereNotNull('t.due_at')
        .select('d.code', 't.warn_at', 't.due_at');
      return rows.length === 3 ? (rows as Array<{ code: string; warn_at: Date; due_at: Date }>) : undefined;
    });
    const at = (code: string) => tasks.find((t) => t.code === code)!;
    // The warning instant and the overdue instant have both passed; the on-track task is far from its warning.
    await waitFor(
      'the deadlines to pass',
      async () => Date.now() > Math.max(at(warn).warn_at.getTime(), at(over).due_at.getTime()) + 500,
    );
    expect(at(warn).due_at.getTime()).to.be.greaterThan(Date.now() + 60_000);
    expect(at(ok).warn_at.getTime()).to.be.greaterThan(Date.now() + 60_000);

    const page = await signedIn(browser, c, specialistA, '#/inbox');
    await page.waitForSelector(`[data-testid="unit-tasks"] tr[data-dossier="${over}"]`);
    const state = async (code: string) => {
      const row = page.locator(`[data-testid="unit-tasks"] tr[data-dossier="${code}"]`);
      return {
        badge: await row.locator('[data-deadline]').getAttribute('data-deadline'),
        cls: await row.getAttribute('class'),
        text: await row.locator('[data-deadline]').textContent(),
      };
    };
    expect(await state(ok)).to.deep.equal({ badge: 'ok', cls: 'ops-row-ok', text: 'Trong hạn' });
    expect(await state(warn)).to.deep.equal({
      badge: 'warning',
      cls: 'ops-row-warning',
      text: 'Sắp đến hạn',
    });
    expect(await state(over)).to.deep.equal({ badge: 'overdue', cls: 'ops-row-overdue', text: 'Quá hạn' });
    // The badge colours differ (green / amber / red).
    const colour = (code: string) =>
      page
        .locator(`[data-testid="unit-tasks"] tr[data-dossier="${code}"] [data-deadline]`)
        .evaluate(
          (el) =>
            (
              globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }
            ).getComputedStyle(el).backgroundColor,
        );
    expect(new Set([await colour(ok), await colour(warn), await colour(over)]).size).to.equal(3);
    await screenshot(page, 'ops-life-1-inbox-deadlines');
    // The same screen in English.
    await page.click('[data-testid="language"]');
    await page.waitForSelector(
      `[data-testid="unit-tasks"] tr[data-dossier="${over}"] [data-deadline]:has-text("Overdue")`,
    );
    expect(
      await page
        .locator(`[data-testid="unit-tasks"] tr[data-dossier="${warn}"] [data-deadline]`)
        .textContent(),
    ).to.equal('Warning');
    await screenshot(page, 'ops-life-1-inbox-deadlines-en');
    await page.click('[data-testid="language"]');
    await page.waitForSelector(
      `[data-testid="unit-tasks"] tr[data-dossier="${over}"] [data-deadline]:has-text("Quá hạn")`,
    );
    await page.close();
  });

  it('a supervisor reassigns, escalates and stops a dossier from the inspector, each shown and audited', async () => {
    const code = await file(meta.code);
    await specA.claim(code, 'appraise');
    const d = await dossierRow(code);
    const page = await signedIn(browser, c, supervisor, `#/inspect/${encodeURIComponent(code)}`);
    await reloadUntil(
      page,
      `[data-testid="inspector-tasks"] tr[data-node="appraise"][data-assignee="${specialistA.username}"]`,
    );

    // A reason is required before anything is done.
    await page.fill('[data-testid="action-assignee"]', specialistB.username);
    await page.click('[data-testid="reassign"]');
    await page.waitForSelector('[data-testid="inspector-message"].mc-notice-error:has-text("Cần nêu lý do")');

    // Reassign to specialist B.
    await page.fill('[data-testid="action-reason"]', 'Chuyên viên A nghỉ phép / A is on leave');
    await page.click('[data-testid="reassign"]');
    await page.waitForSelector('[data-testid="inspector-message"][data-done="true"]');
    expect(await page.textContent('[data-testid="inspector-message"]')).to.equal(
      'Đã thực hiện và ghi nhật ký.',
    );
    expect(await page.textContent('[data-testid="inspector-message"]')).to.equal(
      'Đã thực hiện và ghi nhật ký.',
    );
    await reloadUntil(
      page,
      `[data-testid="inspector-tasks"] tr[data-node="appraise"][data-assignee="${specialistB.username}"]`,
    );
    expect(await page.locator('[data-testid="audit"] tr[data-action="task.reassign"]').count()).to.equal(1);

    // Escalate to the head of department.
    await page.selectOption('[data-testid="action-role"]', 'department-head');
    await page.fill(
      '[data-testid="action-reason"]',
      'Hồ sơ phức tạp, cần lãnh đạo chỉ đạo / needs a decision from the head',
    );
    await page.click('[data-testid="escalate"]');
    await page.waitForSelector('[data-testid="inspector-message"][data-done="true"]');
    expect(await page.textContent('[data-testid="inspector-message"]')).to.equal(
      'Đã thực hiện và ghi nhật ký.',
    );
    await reloadUntil(
      page,
      '[data-testid="escalations"] tr[data-escalation="appraise"][data-to-role="department-head"]',
    );
    expect(await page.textContent('[data-testid="escalations"]')).to.contain('Lãnh đạo sở');
    expect(await page.locator('[data-testid="audit"] tr[data-action="task.escalate"]').count()).to.equal(1);
    expect(
      await page.locator('[data-testid="diagram"] [data-overlay-for="appraise"]').allTextContents(),
    ).to.include('⇧ Lãnh đạo sở');
    await screenshot(page, 'ops-life-2-inspector-reassigned-escalated', { fullPage: true });

    // Specialist B now holds the step in the inbox.
    const b = await signedIn(browser, c, specialistB, '#/inbox');
    await b.waitForSelector(`[data-testid="my-tasks"] tr[data-dossier="${code}"]`);
    await b.close();

    // Stop with a reason.
    await page.fill('[data-testid="action-reason"]', 'Người nộp đề nghị dừng / the applicant asked to stop');
    await page.click('[data-testid="stop"]');
    await page.waitForSelector('[data-testid="inspector-message"][data-done="true"]');
    expect(await page.textContent('[data-testid="inspector-message"]')).to.equal(
      'Đã thực hiện và ghi nhật ký.',
    );
    await reloadUntil(page, '[data-testid="stopped-notice"]');
    expect(await page.locator('[data-testid="supervisor-actions"]').count()).to.equal(0);
    expect(await page.locator('[data-testid="audit"] tr[data-action="dossier.stop"]').count()).to.equal(1);
    expect(await page.textContent('[data-testid="inspector"]')).to.contain('Dừng xử lý');
    await printedPdf(
      page,
      '[data-testid="print-stop"]',
      `/api/dossiers/${encodeURIComponent(code)}/slips/stop.pdf`,
    );
    await screenshot(page, 'ops-life-3-inspector-stopped', { fullPage: true });
    await page.close();

    // The audit log (database and the inspector's API) names the supervisor, the action and the reason.
    const rows = await auditRows(code, d.workflow_id);
    const byAction = (a: string) => rows.filter((r: { action: string }) => r.action === a);
    expect(byAction('task.reassign')).to.have.length(1);
    expect(byAction('task.reassign')[0]).to.include({
      actor: supervisor.username,
      reason: 'Chuyên viên A nghỉ phép / A is on leave',
    });
    expect(byAction('task.reassign')[0].new_value).to.include({ assignee: specialistB.username });
    expect(byAction('task.escalate')[0]).to.include({ actor: supervisor.username });
    expect(byAction('task.escalate')[0].new_value).to.include({ toRole: 'department-head' });
    expect(byAction('dossier.stop')[0]).to.include({
      actor: supervisor.username,
      reason: 'Người nộp đề nghị dừng / the applicant asked to stop',
    });
    const sup = new ApiAs(c, supervisor);
    const inspect = await sup.call<{ audit: Array<{ action: string }>; dossier: { status: string } }>(
      'GET',
      `/api/supervision/dossiers/${encodeURIComponent(code)}`,
    );
    expect(inspect.body.audit.map((a) => a.action)).to.include.members([
      'task.reassign',
      'task.escalate',
      'dossier.stop',
    ]);
    expect(inspect.body.dossier.status).to.equal('stopped');
    expect((await dossierRow(code)).status).to.equal('stopped');
  });

  it('a specialist requests a supplement and prints its slip; the citizen sees what is missing and uploads it', async () => {
    const phone = testPhone();
    const code = await file(meta.code, phone);
    await specA.claim(code, 'appraise');
    const page = await signedIn(browser, c, specialistA, `#/dossiers/${encodeURIComponent(code)}`);
    await page.waitForSelector('[data-testid="task-actions"]');
    await page.click('[data-testid="supplement-section"] summary');
    await page.fill('[data-testid="supplement-reason"]', 'Bản sao căn cước chưa chứng thực');
    await page.fill(
      '[data-testid="supplement-missing"]',
      'Bản sao căn cước có chứng thực\nẢnh 4x6 chụp trong 6 tháng',
    );
    await page.click('[data-testid="request-supplement"]');
    await reloadUntil(page, '[data-testid="print-supplement-request"]');
    expect(await page.textContent('[data-testid="dossier-status"]')).to.equal('Chờ bổ sung');
    // Paused: the step cannot be completed until the papers come.
    expect(await page.textContent('[data-testid="paused"]')).to.contain('tạm dừng');
    expect(await page.locator('[data-testid="complete"]').count()).to.equal(0);
    await printedPdf(
      page,
      '[data-testid="print-supplement-request"]',
      `/api/dossiers/${encodeURIComponent(code)}/slips/supplement-request.pdf`,
    );
    await screenshot(page, 'ops-life-4-supplement-requested', { fullPage: true });
    await page.close();

    const citizen = await browser.newPage();
    await citizen.goto(`${c.url}?lookup=${encodeURIComponent(code)}`);
    await citizen.fill('[data-testid="lookup-secret"]', phone.slice(-4));
    await citizen.click('[data-testid="lookup-submit"]');
    await citizen.waitForSelector('[data-testid="public-missing"]');
    expect(await citizen.textContent('[data-testid="public-status"]')).to.equal('Chờ bổ sung');
    const missing = await citizen.locator('[data-testid="public-missing"] li').allTextContents();
    expect(missing).to.deep.equal(['Bản sao căn cước có chứng thực', 'Ảnh 4x6 chụp trong 6 tháng']);
    expect(await citizen.textContent('[data-testid="public-missing"]')).to.contain(
      'Bản sao căn cước chưa chứng thực',
    );
    expect(await citizen.textContent('[data-testid="public-timeline"]')).to.contain('Yêu cầu bổ sung hồ sơ');
    // Nothing of the staff: no usernames in the citizen's view.
    expect(await citizen.textContent('[data-testid="lookup-result"]')).not.to.contain(specialistA.username);
    await citizen.selectOption('[data-testid="supplement-component"]', 'cccd');
    await citizen.setInputFiles('[data-testid="supplement-files"]', {
      name: 'cccd-chung-thuc.pdf',
      mimeType: 'application/pdf',
      buffer: pdf('cccd chứng thực'),
    });
    await citizen.fill('[data-testid="supplement-note"]', 'Bản sao đã chứng thực');
    await screenshot(citizen, 'ops-life-5-lookup-missing', { fullPage: true });
    await citizen.click('[data-testid="supplement-submit"]');
    await citizen.waitForSelector('[data-testid="lookup-message"]:has-text("Đã nhận 1 tệp bổ sung")');
    expect(await citizen.textContent('[data-testid="public-status"]')).to.equal('Đang giải quyết');
    expect(await citizen.locator('[data-testid="supplement-form"]').count()).to.equal(0);
    expect(await citizen.textContent('[data-testid="public-timeline"]')).to.contain('Đã nhận hồ sơ bổ sung');
    await screenshot(citizen, 'ops-life-6-lookup-supplied', { fullPage: true });
    await citizen.close();

    const d = await dossierRow(code);
    expect(d.status).to.equal('in-progress');
    const docs = await c.stack
      .knex('documents')
      .where({ dossier_id: d.id, uploaded_by: 'applicant' })
      .select('component_id', 'filename');
    expect(docs).to.deep.equal([{ component_id: 'cccd', filename: 'cccd-chung-thuc.pdf' }]);
    // The pause is closed: the clock runs again.
    await waitFor('the pause to end', async () => {
      const pauses = await c.stack.knex('dossier_pauses').where({ dossier_id: d.id });
      return pauses.length === 1 && pauses[0].ended_at !== null;
    });

    // The specialist finishes the step; the supervisor's inspector tells early/late in WORKING time (the API's
    // label, in the table and on the diagram) and names the pause's kind.
    const t = await specA.task(code, 'appraise');
    const done = await specA.call(
      'POST',
      `/api/tasks/${encodeURIComponent(t.workflowId)}/${encodeURIComponent(t.taskId)}/complete`,
      { outcome: 'approve' },
    );
    expect(done.status, JSON.stringify(done.body)).to.equal(200);
    type Inspect = {
      tasks: Array<{ nodeId: string; status: string; timing: StepTiming | null }>;
      pauses: Array<{ kind: string; nationalStatus: number; kindName: { vi: string; en: string } }>;
    };
    const x = await waitFor('the completed step with its timing', async () => {
      const r = await sup.call<Inspect>('GET', `/api/supervision/dossiers/${encodeURIComponent(code)}`);
      const step = r.body.tasks.find((s) => s.nodeId === 'appraise' && s.status === 'completed');
      return step?.timing && r.body.pauses[0]?.kind ? { ...r.body, step, timing: step.timing } : undefined;
    });
    expect(x.pauses).to.have.length(1);
    expect(x.pauses[0]).to.deep.include({ kind: 'supplement', nationalStatus: 5 });
    const insp = await signedIn(browser, c, supervisor, `#/inspect/${encodeURIComponent(code)}`);
    await reloadUntil(
      insp,
      '[data-testid="inspector-tasks"] tr[data-node="appraise"][data-status="completed"]',
    );
    const cell = insp.locator(
      '[data-testid="inspector-tasks"] tr[data-node="appraise"][data-status="completed"] [data-testid="step-timing"]',
    );
    expect(await cell.textContent()).to.equal(x.timing.label.vi);
    expect(await cell.getAttribute('data-timing')).to.equal(x.timing.state);
    // Working time says its unit; never the clock format the console used to print ("2 h 5 min", "3 d 4 h").
    expect(x.timing.label.vi).to.match(/giờ làm việc|ngày làm việc|Đúng hạn/);
    expect(await cell.textContent()).not.to.match(/\d+ (h|d) \d+ (min|h)/);
    expect(await cell.getAttribute('title')).to.contain(x.timing.calendarAgency);
    await insp.waitForSelector('[data-testid="diagram"] [data-overlay-for="appraise"]');
    expect(
      await insp.locator('[data-testid="diagram"] [data-overlay-for="appraise"]').allTextContents(),
    ).to.include(x.timing.label.vi);
    // The pause: its kind (papers, national status 5) under a heading that covers payment waits as well.
    const pause = insp.locator('[data-testid="pauses"] tr[data-kind="supplement"]');
    expect(await pause.count()).to.equal(1);
    expect(await pause.locator('[data-testid="pause-kind"]').textContent()).to.equal(
      `${x.pauses[0]!.kindName.vi} (trạng thái 5)`,
    );
    expect(await pause.textContent()).to.contain('Bản sao căn cước chưa chứng thực');
    expect(await insp.textContent('[data-testid="inspector"]')).to.contain(
      'Tạm dừng (chờ bổ sung hồ sơ hoặc chờ thực hiện nghĩa vụ tài chính)',
    );
    expect(await insp.locator('[data-testid="workflow-task-failing"]').count()).to.equal(0);
    await screenshot(insp, 'ops-life-6b-inspector-working-time', { fullPage: true });
    // English: the same facts in English.
    await insp.click('[data-testid="language"]');
    await insp.waitForSelector(
      '[data-testid="inspector"] h3:has-text("Pauses (waiting for papers or for a payment)")',
    );
    expect(await cell.textContent()).to.equal(x.timing.label.en);
    expect(await pause.locator('[data-testid="pause-kind"]').textContent()).to.equal(
      `${x.pauses[0]!.kindName.en} (status 5)`,
    );
    await screenshot(insp, 'ops-life-6c-inspector-working-time-en', { fullPage: true });
    await insp.click('[data-testid="language"]');
    await insp.waitForSelector('[data-testid="inspector"] h3:has-text("Tạm dừng")');
    await insp.close();
  });

  it('a dossier whose workflow task keeps failing is named in the stuck list and bannered in the inspector', async () => {
    // A "bad release" of the workflow code on its own task queue: every workflow task throws.
    const brokenQueue = `ops-broken-${uniqueSuffix()}`;
    const connection = await NativeConnection.connect({ address: c.stack.config.temporal.address });
    const { code: bundleCode } = await bundleWorkflowCode({
      workflowsPath: path.join(
        repoRoot,
        'dist',
        'tests',
        'activities',
        'fixtures',
        'failing-dossier-workflow.js',
      ),
      logger: new DefaultLogger('WARN'),
    });
    const w = await Worker.create({
      connection,
      namespace: c.stack.config.temporal.namespace,
      taskQueue: brokenQueue,
      workflowBundle: { code: bundleCode },
      shutdownGraceTime: '1s',
    });
    broken = { worker: w, running: w.run(), connection };
    stuck = await startDossier(
      c.stack,
      brokenQueue,
      oneStepIr({
        code: `OPSBRK-${uniqueSuffix()}`,
        agency: meta.agency,
        duration: days(2),
      }),
    );
    const failure = await waitFor('the workflow task to fail twice', async () => {
      const f = await describeWorkflowTaskFailure(c.stack.client, stuck!.workflowId);
      return f && f.attempt >= 2 ? f : undefined;
    });
    // One scan asking Temporal about this workflow only (the shared test database holds thousands of others).
    await createSupervisionActivities({
      knex: c.stack.knex,
      calendarFor: async () => createScaledCalendar({ msPerWorkingDay: 3_600_000 }),
      temporal: { client: c.stack.client },
      workflowTaskProbe: {
        budget: 1_000_000,
        describe: async (client, id) => {
          if (id !== stuck!.workflowId) throw new Error('not asked in this test');
          return describeWorkflowTaskFailure(client, id);
        },
      },
    }).supervisionScanStuck({});

    const page = await signedIn(browser, c, supervisor, '#/supervision?tab=stuck');
    const row = page.locator(`[data-testid="stuck-list"] tr[data-stuck="${stuck.code}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-kind')).to.equal('workflow-task-failing');
    expect(await row.locator('[data-testid="stuck-kind"]').textContent()).to.equal('Tác vụ quy trình lỗi');
    expect(await row.locator('[data-testid="stuck-reason"]').textContent()).to.contain(
      BROKEN_RELEASE_MESSAGE,
    );
    await row.scrollIntoViewIfNeeded();
    await screenshot(page, 'ops-life-14-stuck-workflow-task');

    await page.click(`[data-testid="inspect-${stuck.code}"]`);
    const banner = page.locator('[data-testid="workflow-task-failing"]');
    await banner.waitFor();
    const attempt = Number(await banner.getAttribute('data-attempt'));
    expect(attempt).to.be.at.least(failure.attempt);
    expect(await banner.textContent()).to.contain('Quy trình của hồ sơ đang lỗi: hồ sơ không thể tiến triển');
    const reason = (await banner.locator('[data-testid="workflow-task-reason"]').textContent()) ?? '';
    expect(reason).to.contain(`Tác vụ quy trình lỗi, đang thử lại lần ${attempt}`);
    expect(reason).to.contain(BROKEN_RELEASE_MESSAGE);
    expect(await banner.locator('[data-testid="workflow-task-meta"]').textContent()).to.match(
      new RegExp(`^Lần thử ${attempt} · lỗi từ \\d`),
    );
    // It comes first: above the diagram, where the eye lands.
    const bannerTop = (await banner.boundingBox())!.y;
    expect(bannerTop).to.be.lessThan((await page.locator('[data-testid="diagram"]').boundingBox())!.y);
    expect(await page.textContent('[data-testid="inspector"]')).to.contain('Tác vụ quy trình lỗi');
    await screenshot(page, 'ops-life-15-inspector-workflow-task-failing');
    await page.click('[data-testid="language"]');
    await page.waitForSelector(
      '[data-testid="workflow-task-failing"]:has-text("The dossier\'s workflow is failing")',
    );
    expect(await page.textContent('[data-testid="workflow-task-reason"]')).to.contain(
      `Workflow task failing, attempt ${attempt}`,
    );
    expect(await page.textContent('[data-testid="workflow-task-meta"]')).to.match(
      new RegExp(`^Attempt ${attempt} · failing since \\d`),
    );
    await screenshot(page, 'ops-life-15-inspector-workflow-task-failing-en');
    await page.click('[data-testid="language"]');
    await page.close();
  });

  it('a refused dossier gives the refusal slip; the desk prints the slips of a filing it does not receive', async () => {
    const code = await file(meta.code);
    await specA.claim(code, 'appraise');
    const page = await signedIn(browser, c, specialistA, `#/dossiers/${encodeURIComponent(code)}`);
    await page.waitForSelector('[data-testid="task-actions"]');
    await page.click('[data-testid="refuse-section"] summary');
    await page.fill('[data-testid="refuse-reason"]', 'Không thuộc thẩm quyền giải quyết của Sở');
    await page.click('[data-testid="refuse"]');
    await reloadUntil(page, '[data-testid="print-refusal"]');
    expect(await page.textContent('[data-testid="dossier-status"]')).to.equal('Từ chối');
    expect(await page.locator('[data-testid="task-actions"]').count()).to.equal(0);
    await printedPdf(
      page,
      '[data-testid="print-refusal"]',
      `/api/dossiers/${encodeURIComponent(code)}/slips/refusal.pdf`,
    );
    await printedPdf(
      page,
      '[data-testid="print-control"]',
      `/api/dossiers/${encodeURIComponent(code)}/slips/control.pdf`,
    );
    await screenshot(page, 'ops-life-7-refused', { fullPage: true });
    await page.close();
    expect((await dossierRow(code)).status).to.equal('not-accepted');

    // At the desk, an incomplete filing is not received: the supplement request lists what is missing, or a refusal.
    const r = await signedIn(browser, c, receptionist, '#/reception');
    // Search-first: the catalog (thousands of procedures) is never listed whole — one page of 20 at most.
    const results = '[data-testid="procedure-results"]';
    // The desk starts on its own agencies (and those under them); cleared, the search covers the whole catalog.
    await r.waitForSelector(`${results}[data-loading="false"][data-scope="mine"][data-total]`);
    await r.uncheck('[data-testid="procedure-only-mine"]');
    await r.waitForSelector(`${results}[data-loading="false"][data-scope="all"][data-total]`);
    const rows = await r.locator(`${results} tr`).count();
    const total = Number(await r.getAttribute(results, 'data-total'));
    expect(rows).to.be.within(1, 20);
    expect(await r.textContent('[data-testid="procedure-page-info"]')).to.equal(
      `1–${rows} trong ${total.toLocaleString('vi-VN')} thủ tục`,
    );
    expect(await r.isDisabled('[data-testid="procedure-prev"]')).to.equal(true);
    if (total > 20) {
      await r.click('[data-testid="procedure-next"]');
      await r.waitForSelector('[data-testid="procedure-page-info"]:has-text("21–")');
      expect(await r.locator(`${results} tr`).count()).to.be.within(1, 20);
    }
    // Typing searches on the server (after a pause, no Enter needed).
    await r.fill('[data-testid="procedure-search"]', meta.code);
    // Wait for the search's answer, not for the row: the procedure may already be on the page shown before it.
    await r.waitForSelector(`${results}[data-loading="false"][data-total="1"]`);
    await r.waitForSelector(`${results} [data-testid="choose-${meta.code}"]`);
    expect(await r.textContent('[data-testid="procedure-page-info"]')).to.equal('1–1 trong 1 thủ tục');
    await screenshot(r, 'ops-life-8a-desk-search');
    await r.press('[data-testid="procedure-search"]', 'Enter');
    await r.click(`[data-testid="choose-${meta.code}"]`);
    await r.waitForSelector('[data-testid="intake-form"]');
    await r.fill('[data-testid="applicant-name"]', 'Lê Văn Dũng');
    await r.fill('[data-testid="applicant-id"]', '038090005555');
    await r.fill('[data-testid="applicant-phone"]', testPhone());
    await r.fill('[data-testid="applicant-address"]', '9 Hàm Nghi, Thanh Hóa');
    await r.setInputFiles('[data-testid="file-don"]', {
      name: 'don.pdf',
      mimeType: 'application/pdf',
      buffer: pdf('don'),
    });
    await r.click('[data-testid="check-completeness"]');
    expect(await r.getAttribute('[data-testid="completeness"]', 'data-complete')).to.equal('false');
    await printedPdf(r, '[data-testid="print-supplement"]', '/api/intake/supplement-request.pdf');
    await r.fill('#refusal-reason', 'Hồ sơ thuộc thẩm quyền cấp xã');
    await printedPdf(r, '[data-testid="print-refusal"]', '/api/intake/refusal.pdf');
    await screenshot(r, 'ops-life-8-desk-not-received', { fullPage: true });
    await r.close();
  });

  it('the desk collects the fee with an e-receipt and returns the result; the dossier is returned', async () => {
    returnedCode = await file(meta.code, returnedPhone);
    const code = returnedCode;
    await specA.work(code, 'appraise', 'approve');
    await lead.work(code, 'approve', 'approve');
    await desk.task(code, 'return');

    const page = await signedIn(browser, c, receptionist, '#/reception');
    await page.fill('[data-testid="return-code"]', code);
    await page.press('[data-testid="return-code"]', 'Enter');
    await page.waitForSelector('[data-testid="return-panel"] [data-testid="fees"][data-fee-state="unpaid"]');
    expect(await page.textContent('[data-testid="return-status"]')).to.equal('Có kết quả, chờ trả');
    expect(await page.textContent('[data-testid="fee-state"]')).to.contain('50.000');
    const receiptNo = `BL-${uniqueSuffix()}`.toUpperCase();
    await page.fill('[data-testid="receipt-no"]', receiptNo);
    await page.click('[data-testid="collect-fee"]');
    await page.waitForSelector('[data-testid="fees"][data-fee-state="paid"]');
    expect(await page.textContent(`[data-testid="fee-payments"] tr[data-receipt="${receiptNo}"]`)).to.contain(
      '50.000',
    );
    expect(await page.textContent('[data-testid="return-message"]')).to.equal(
      `Đã ghi nhận biên lai ${receiptNo}.`,
    );

    await page.setInputFiles('[data-testid="result-files"]', {
      name: 'Giấy phép (bản ký).pdf',
      mimeType: 'application/pdf',
      buffer: pdf('giấy phép'),
    });
    expect(await page.inputValue('[data-testid="return-outcome"]')).to.equal('returned');
    await screenshot(page, 'ops-life-9-desk-return', { fullPage: true });
    await page.click('[data-testid="do-return"]');
    await page.waitForSelector('[data-testid="return-message"][data-returned="true"]');
    expect(await page.textContent('[data-testid="return-message"]')).to.equal(
      `Đã trả kết quả hồ sơ ${code}.`,
    );
    await waitFor('the dossier to be returned', async () => (await dossierRow(code)).status === 'returned');
    await page.press('[data-testid="return-code"]', 'Enter');
    await page.waitForSelector(
      '[data-testid="return-panel"][data-status="returned"] [data-testid="return-none"]',
    );
    expect(await page.textContent('[data-testid="return-status"]')).to.equal('Đã trả kết quả');
    await screenshot(page, 'ops-life-10-desk-returned', { fullPage: true });
    await page.close();

    const d = await dossierRow(code);
    const fees = await desk.call<{
      paidTotal: number;
      payments: Array<{ receiptNo: string; amount: number; recordedBy: string }>;
    }>('GET', `/api/dossiers/${encodeURIComponent(code)}/fees`);
    expect(fees.body.paidTotal).to.equal(50000);
    expect(fees.body.payments).to.have.length(1);
    expect(fees.body.payments[0]).to.include({ receiptNo, amount: 50000, recordedBy: receptionist.username });
    const results = await c.stack
      .knex('documents')
      .where({ dossier_id: d.id })
      .where('component_id', 'like', 'result:%')
      .select('filename');
    expect(results.map((x: { filename: string }) => x.filename)).to.deep.equal(['Giấy phép (bản ký).pdf']);
    const returnTask = await c.stack.knex('tasks').where({ dossier_id: d.id, node_id: 'return' }).first();
    expect(returnTask).to.include({
      status: 'completed',
      outcome: 'returned',
      assignee: receptionist.username,
    });
  });

  it('after the return the citizen rates the service once; a second rating is refused', async () => {
    expect(returnedCode, 'the return test ran').not.to.equal('');
    const code = returnedCode;
    const page = await browser.newPage();
    await page.goto(`${c.url}?lookup=${encodeURIComponent(code)}`);
    await page.fill('[data-testid="lookup-secret"]', returnedPhone.slice(-4));
    await page.click('[data-testid="lookup-submit"]');
    await page.waitForSelector('[data-testid="rating"]');
    expect(await page.textContent('[data-testid="public-status"]')).to.equal('Đã trả kết quả');
    expect(await page.textContent('[data-testid="public-timeline"]')).to.contain(
      'Kết thúc xử lý: Đã trả kết quả',
    );
    await page.fill('[data-testid="rating-comment"]', 'Cán bộ hướng dẫn tận tình');
    await screenshot(page, 'ops-life-11-lookup-rate');
    await page.click('[data-testid="rate-4"]');
    await page.waitForSelector('[data-testid="rated"][data-score="4"]');
    expect(await page.locator('[data-testid="rating"]').count()).to.equal(0);
    expect(await page.textContent('[data-testid="rated"]')).to.equal('Cảm ơn bạn đã đánh giá (4/5).');
    await screenshot(page, 'ops-life-12-lookup-rated');
    await page.click('[data-testid="language"]');
    await page.waitForSelector('[data-testid="lookup"] h2:has-text("Look up a dossier")');
    await page.fill('[data-testid="lookup-secret"]', returnedPhone.slice(-4));
    await page.click('[data-testid="lookup-submit"]');
    await page.waitForSelector('[data-testid="rated"]');
    expect(await page.textContent('[data-testid="public-status"]')).to.equal('Result returned');
    expect(await page.textContent('[data-testid="rated"]')).to.equal('Thank you for rating (4/5).');
    await screenshot(page, 'ops-life-13-lookup-rated-en');
    await page.click('[data-testid="language"]');
    await page.waitForSelector('[data-testid="lookup"] h2:has-text("Tra cứu tình trạng hồ sơ")');
    await page.close();

    const d = await dossierRow(code);
    const rating = await c.stack.knex('ratings').where({ dossier_id: d.id }).first();
    expect(rating).to.include({ score: 4, comment: 'Cán bộ hướng dẫn tận tình' });
    // The API's rule: one rating per dossier, a second one is refused (409) and changes nothing.
    const again = await fetch(`${c.url}api/public/dossiers/${encodeURIComponent(code)}/rating`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-lookup-secret': returnedPhone.slice(-4) },
      body: JSON.stringify({ score: 1 }),
    });
    expect(again.status).to.equal(409);
    expect(((await again.json()) as { code: string }).code).to.equal('already-rated');
    expect(await c.stack.knex('ratings').where({ dossier_id: d.id })).to.have.length(1);
    expect((await c.stack.knex('ratings').where({ dossier_id: d.id }).first()).score).to.equal(4);
    expect(browser.errors.filter((e) => !/status of (400|404|401|409)/.test(e))).to.deep.equal([]);
  });
});
