/**
 * Issue 7 in the browser, against the real API, worker, Temporal, PostgreSQL and MinIO: a receptionist files a
 * dossier with two documents and prints the slip; a specialist claims and completes; a leader approves; the
 * webhook step then fails (HTTP 500) and the dossier is stuck — a supervisor finds it in the stuck list with the
 * reason, opens the inspector, sees the failing step on the diagram and retries it after the fault is fixed; a
 * citizen looks the dossier up. The stuck scan also runs from its Temporal schedule. Screenshots are kept in
 * test-artifacts/screenshots/ (ops-*.png).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import type { ProcedureMetadata } from '../../ir/index.js';
import { ensureSupervisionSchedules } from '../../worker/index.js';
import { uniqueSuffix } from '../support/stack.js';
import { launchBrowser, screenshot, type TestBrowser } from './support/browser.js';
import { pdf, signedIn as openSignedIn } from './support/ops-helpers.js';
import {
  opsUser,
  publishNotifyProcedure,
  startOpsConsole,
  type OpsConsole,
  type OpsUser,
} from './support/ops-stack.js';

describe('e2e: operations console (reception, inbox, supervision, inspector, lookup)', function () {
  this.timeout(240_000);
  let c: OpsConsole;
  let browser: TestBrowser;
  let hook: http.Server;
  let hookFails = true;
  let hookCalls = 0;
  let meta: ProcedureMetadata;
  let receptionist: OpsUser;
  let specialist: OpsUser;
  let leader: OpsUser;
  let supervisor: OpsUser;
  let code = '';
  const phone = `09${Math.floor(10_000_000 + Math.random() * 89_999_999)}`;

  before(async () => {
    hook = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        hookCalls++;
        if (hookFails) res.writeHead(500).end('down');
        else res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    c = await startOpsConsole();
    meta = await publishNotifyProcedure(
      c.stack,
      `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`,
    );
    receptionist = await opsUser(c.stack, 'receptionist', meta.agency);
    specialist = await opsUser(c.stack, 'specialist', meta.agency);
    leader = await opsUser(c.stack, 'department-head', meta.agency);
    supervisor = await opsUser(c.stack, 'supervisor', '*');
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    if (code)
      await c?.stack.client.workflow
        .getHandle(`dossier-${code}`)
        .terminate('test finished')
        .catch(() => undefined);
    await c?.close();
    await new Promise((r) => hook?.close(r));
  });

  const signedIn = (user: OpsUser, route: string): Promise<Page> => openSignedIn(browser, c, user, route);

  async function claimAndComplete(user: OpsUser, outcome: string, shot: string): Promise<void> {
    const page = await signedIn(user, '#/inbox');
    const claim = page.locator(`[data-testid="unit-tasks"] [data-testid="claim-${code}"]`);
    for (let i = 0; i < 120 && !(await claim.count()); i++) {
      await page.waitForTimeout(500);
      await page.reload();
      await page.waitForSelector('[data-testid="unit-tasks"] tr');
    }
    expect(
      await page
        .locator(`[data-testid="unit-tasks"] tr[data-dossier="${code}"] [data-deadline]`)
        .getAttribute('data-deadline'),
    ).to.equal('ok');
    await claim.click();
    await page.waitForSelector(`[data-testid="my-tasks"] tr[data-dossier="${code}"]`);
    await screenshot(page, `${shot}-inbox`);
    await page.click(`[data-testid="my-tasks"] [data-testid="work-${code}"]`);
    await page.waitForSelector('[data-testid="task-actions"]');
    await page.selectOption('[data-testid="outcome"]', outcome);
    await screenshot(page, `${shot}-dossier`);
    await page.click('[data-testid="complete"]');
    await page.waitForSelector('[data-testid="dossier-message"]:not([hidden])');
    expect(await page.textContent('[data-testid="dossier-message"]')).to.match(/Đã xong/);
    await page.close();
  }

  it('a receptionist files a dossier with two documents and prints the receipt slip', async () => {
    const page = await signedIn(receptionist, '#/reception');
    expect(await page.locator('[data-testid="nav"] a[href="#/reception"]').count()).to.equal(1);
    expect(await page.locator('[data-testid="nav"] a[href="#/supervision"]').count()).to.equal(0);
    await page.fill('[data-testid="procedure-search"]', meta.code);
    await page.press('[data-testid="procedure-search"]', 'Enter');
    await page.click(`[data-testid="choose-${meta.code}"]`);
    await page.waitForSelector('[data-testid="intake-form"]');
    await page.fill('[data-testid="applicant-name"]', 'Trần Thị Bình');
    await page.fill('[data-testid="applicant-id"]', '038190004321');
    await page.fill('[data-testid="applicant-phone"]', phone);
    await page.fill('[data-testid="applicant-address"]', '5 Trần Phú, Thanh Hóa');
    await page.setInputFiles('[data-testid="file-don"]', {
      name: 'don.pdf',
      mimeType: 'application/pdf',
      buffer: pdf('don'),
    });
    // Incomplete first: the check names what is missing and offers the supplement-request slip.
    await page.click('[data-testid="check-completeness"]');
    expect(await page.getAttribute('[data-testid="completeness"]', 'data-complete')).to.equal('false');
    expect(await page.textContent('[data-testid="completeness"]')).to.contain('Bản sao căn cước');
    await screenshot(page, 'ops-1-reception-incomplete');
    await page.setInputFiles('[data-testid="file-cccd"]', {
      name: 'cccd.pdf',
      mimeType: 'application/pdf',
      buffer: pdf('cccd'),
    });
    await page.click('[data-testid="check-completeness"]');
    expect(await page.getAttribute('[data-testid="completeness"]', 'data-complete')).to.equal('true');
    await page.click('[data-testid="receive"]');
    await page.waitForSelector('[data-testid="intake-message"][data-code]');
    code = (await page.getAttribute('[data-testid="intake-message"]', 'data-code'))!;
    expect(code).to.match(/-\d{6}-\d{4,}$/);
    expect(await page.getAttribute('[data-testid="upload-progress"]', 'value')).to.equal('1');
    const [slip] = await Promise.all([
      browser.context.waitForEvent('page'),
      page.click('[data-testid="print-receipt"]'),
    ]);
    expect(slip.url()).to.match(/^blob:/);
    await page.waitForSelector('[data-testid="after-message"]:not([hidden])');
    expect(await page.textContent('[data-testid="after-message"]')).to.match(/Đã mở phiếu để in \(\d+ KB\)/);
    await page.fill('[data-testid="receipt-no"]', `BL-${uniqueSuffix()}`);
    await page.click('[data-testid="collect-fee"]');
    await page.waitForSelector('[data-testid="after-message"]:has-text("Đã ghi nhận biên lai")');
    await screenshot(page, 'ops-2-reception-received');
    await slip.close();
    await page.close();
    const docs = await c.stack
      .knex('documents as d')
      .join('dossiers as x', 'x.id', 'd.dossier_id')
      .where('x.code', code)
      .select('d.component_id');
    expect(docs.map((d: { component_id: string }) => d.component_id).sort()).to.deep.equal(['cccd', 'don']);
  });

  it('a specialist claims and completes; a leader approves', async () => {
    await claimAndComplete(specialist, 'approve', 'ops-3-specialist');
    await claimAndComplete(leader, 'approve', 'ops-4-leader');
    const tasks = await c.stack
      .knex('tasks as t')
      .join('dossiers as d', 'd.id', 't.dossier_id')
      .where('d.code', code)
      .select('t.node_id', 't.status');
    expect(
      tasks
        .filter((t: { status: string }) => t.status === 'completed')
        .map((t: { node_id: string }) => t.node_id),
    ).to.have.members(['appraise', 'approve']);
  });

  it('a supervisor finds the stuck dossier, sees the failing step on the diagram and retries it once fixed', async () => {
    // The webhook answers 500 until fixed: after its retries the step becomes an incident.
    const deadline = Date.now() + 60_000;
    while (
      !(await c.stack
        .knex('dossier_incidents as i')
        .join('dossiers as d', 'd.id', 'i.dossier_id')
        .where({ 'd.code': code, 'i.status': 'open' })
        .first())
    ) {
      if (Date.now() > deadline) throw new Error('no incident');
      await new Promise((r) => setTimeout(r, 300));
    }
    const callsBefore = hookCalls;
    expect(callsBefore).to.be.greaterThan(1);
    const page = await signedIn(supervisor, '#/supervision?tab=stuck');
    // The scan (a workflow on the worker) runs on demand from the same screen.
    await page.click('[data-testid="scan-now"]');
    await page.waitForSelector(`[data-testid="stuck-list"] tr[data-stuck="${code}"]`);
    const row = page.locator(`[data-testid="stuck-list"] tr[data-stuck="${code}"]`);
    expect(await row.getAttribute('data-kind')).to.equal('plugin-failed');
    expect(await row.locator('[data-testid="stuck-reason"]').textContent()).to.contain('HTTP 500');
    expect(await row.textContent()).to.contain('Gửi kết quả sang hệ thống của Sở');
    await screenshot(page, 'ops-5-stuck-list');

    await page.click(`[data-testid="inspect-${code}"]`);
    await page.waitForSelector('[data-testid="diagram"] .djs-element[data-element-id="notify"].ops-failing');
    expect(
      await page
        .locator('[data-testid="diagram"] .djs-element[data-element-id="appraise"].ops-done-ok')
        .count(),
    ).to.equal(1);
    expect((await page.locator('[data-overlay-for="notify"]').allTextContents()).join(' ')).to.contain(
      'Dịch vụ tích hợp lỗi',
    );
    await page.waitForSelector('[data-testid="history"] tr.ops-failed');
    expect(await page.textContent('[data-testid="history"]')).to.contain('Gửi kết quả sang hệ thống của Sở');
    expect(await page.getAttribute('[data-testid="temporal-link"]', 'href')).to.contain(
      `/workflows/dossier-${code}`,
    );
    await screenshot(page, 'ops-6-inspector-failing');

    hookFails = false;
    await page.fill('[data-testid="action-reason"]', 'Đã sửa máy chủ nhận / receiver fixed');
    await page.click('[data-testid="retry-notify"]');
    await page.waitForSelector('[data-testid="inspector-message"]:not([hidden])');
    expect(await page.textContent('[data-testid="inspector-message"]')).to.contain('ghi nhật ký');
    await page.waitForSelector('[data-testid="diagram"] .djs-element[data-element-id="return"].ops-here', {
      timeout: 30_000,
    });
    expect(
      await page
        .locator('[data-testid="diagram"] .djs-element[data-element-id="notify"].ops-failing')
        .count(),
    ).to.equal(0);
    expect(await page.textContent('[data-testid="audit"]')).to.contain('dossier.retry-incident');
    expect(hookCalls).to.be.greaterThan(callsBefore);
    await screenshot(page, 'ops-7-inspector-retried');

    // The dashboard and the public screen count the dossier.
    await page.click('[data-testid="nav"] a[href="#/supervision"]');
    await page.waitForSelector('[data-testid="chart-bar"]');
    expect(await page.textContent('[data-testid="stats-table"]')).to.contain(meta.agency);
    // Every figure of the agency's row is the API's, the paused ones (papers: status 5, payment: status 6) included.
    const headers = await page.locator('[data-testid="stats-table"] th').allTextContents();
    expect(headers).to.include.members(['Chờ bổ sung', 'Chờ nghĩa vụ tài chính', 'Từ chối', 'Rút hồ sơ']);
    const cells = await page
      .locator('[data-testid="stats-table"] tr', { hasText: meta.agency })
      .first()
      .locator('td')
      .allTextContents();
    const token = (await (
      await fetch(new URL('api/auth/token', c.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: supervisor.username, password: supervisor.password }),
      })
    ).json()) as { accessToken: string };
    const vn = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
    const stats = (await (
      await fetch(new URL(`api/stats/dossiers?groupBy=agency&from=${vn.slice(0, 7)}-01&to=${vn}`, c.url), {
        headers: { authorization: `Bearer ${token.accessToken}` },
      })
    ).json()) as { items: Array<Record<string, number | string | null>> };
    const apiRow = stats.items.find((x) => x.key === meta.agency)!;
    const keys = [
      'received',
      'early',
      'onTime',
      'late',
      'pending',
      'pendingOverdue',
      'supplement',
      'waitingPayment',
      'refused',
      'withdrawn',
    ];
    expect(cells.slice(1, 1 + keys.length)).to.deep.equal(keys.map((k) => String(apiRow[k])));
    await screenshot(page, 'ops-8-dashboard');
    await page.close();
  });

  it('the stuck scan runs from its Temporal schedule on the worker', async () => {
    const idPrefix = `ops-e2e-${uniqueSuffix()}`;
    const ids = await ensureSupervisionSchedules({
      client: c.stack.client,
      taskQueue: c.taskQueue,
      idPrefix,
      scanEvery: '1 hour',
    });
    // Created once, updated (not duplicated) on the next start.
    await ensureSupervisionSchedules({
      client: c.stack.client,
      taskQueue: c.taskQueue,
      idPrefix,
      scanEvery: '1 hour',
    });
    const before = await c.stack.knex('supervision_settings').where({ key: 'lastScanAt' }).first();
    const handle = c.stack.client.schedule.getHandle(ids.stuckScan);
    try {
      await handle.trigger();
      const deadline = Date.now() + 30_000;
      let desc = await handle.describe();
      while (!desc.info.recentActions.length) {
        if (Date.now() > deadline) throw new Error('the schedule did not run');
        await new Promise((r) => setTimeout(r, 300));
        desc = await handle.describe();
      }
      const run = c.stack.client.workflow.getHandle(
        desc.info.recentActions[0]!.action.workflow.workflowId,
        desc.info.recentActions[0]!.action.workflow.firstExecutionRunId,
      );
      const result = (await run.result()) as { scannedAt: string };
      const after = await c.stack.knex('supervision_settings').where({ key: 'lastScanAt' }).first();
      expect(JSON.parse(JSON.stringify(after.value))).to.equal(result.scannedAt);
      expect(after.value).not.to.equal(before?.value);
    } finally {
      for (const id of Object.values(ids))
        await c.stack.client.schedule
          .getHandle(id)
          .delete()
          .catch(() => undefined);
    }
  });

  it('a citizen looks the dossier up with its code and the phone tail, without signing in', async () => {
    const page = await browser.newPage();
    await page.goto(`${c.url}?lookup=${encodeURIComponent(code)}`);
    await page.waitForSelector('[data-testid="lookup"]');
    expect(await page.inputValue('[data-testid="lookup-code"]')).to.equal(code);
    await page.fill('[data-testid="lookup-secret"]', '0000');
    await page.click('[data-testid="lookup-submit"]');
    await page.waitForSelector('#lookup-msg:not([hidden])');
    await page.fill('[data-testid="lookup-secret"]', phone.slice(-4));
    await page.click('[data-testid="lookup-submit"]');
    await page.waitForSelector('[data-testid="public-status"]');
    expect(await page.textContent('[data-testid="public-status"]')).to.equal('Có kết quả, chờ trả');
    expect(await page.textContent('[data-testid="public-appointment"]')).not.to.equal('—');
    const text = (await page.textContent('[data-testid="lookup-result"]')) ?? '';
    expect(text).not.to.contain(phone);
    expect(text).not.to.contain('Bình');
    await screenshot(page, 'ops-9-public-lookup');
    await page.close();
    expect(browser.errors.filter((e) => !/status of (404|401)/.test(e))).to.deep.equal([]);
  });
});
