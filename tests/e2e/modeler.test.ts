/**
 * The browser modeler in a real browser (Debian chromium via playwright-core), served as static files: template,
 * properties panel, live validation, server diagnostics, duration mode, language. Screenshots of the main screens
 * go to test-artifacts/screenshots/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { repoRoot } from '../../config/index.js';
import { launchBrowser, screenshot, type TestBrowser } from './support/browser.js';
import {
  attributesOf,
  exportXml,
  lintIssues,
  openRoute,
  selectElement,
  showServerDiagnostics,
  waitForModeler,
  waitForXml,
} from './support/console-page.js';
import { serveConsole, type StaticServer } from './support/static-server.js';

describe('e2e: the browser modeler', function () {
  this.timeout(120_000);
  let server: StaticServer;
  let browser: TestBrowser;
  let page: Page;

  before(async () => {
    server = await serveConsole();
    browser = await launchBrowser();
    page = await browser.newPage();
    // Vietnamese is the default; start from a clean preference.
    await page.goto(server.url);
    await page.evaluate(() =>
      (globalThis as unknown as { localStorage: { clear(): void } }).localStorage.clear(),
    );
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  afterEach(function () {
    // Any error the page logged (CSP refusals, exceptions in bpmn-js or the panel) fails the test it happened in.
    // The static server has no API: requests to /healthz and /api/ fail by design (404) and the page copes.
    const errors = browser.errors
      .splice(0)
      .filter((e) => !/\(http:\/\/127\.0\.0\.1:\d+\/(healthz|api\/)/.test(e));
    expect(errors, `errors in the page during "${this.currentTest?.title}"`).to.deep.equal([]);
  });

  it('shows the start page in Vietnamese', async () => {
    await openRoute(page, server.url, '#/');
    await page.waitForSelector('[data-testid="health"]');
    expect(await page.textContent('h1')).to.equal('Một cửa — Trung tâm Phục vụ hành chính công');
    // No API behind the static server: the page says so instead of failing.
    expect(await page.textContent('[data-testid="health"] tbody')).to.contain('Không kết nối được máy chủ');
    await screenshot(page, '01-start-page');
  });

  it('opens the template in the modeler with a trimmed, Vietnamese palette and no problems', async () => {
    await openRoute(page, server.url, '#/modeler');
    await waitForModeler(page);
    for (const id of [
      'StartEvent_1',
      'Task_Receive',
      'Task_Appraise',
      'Task_Review',
      'Task_Approve',
      'Gateway_Decision',
      'Task_Return',
      'End_Returned',
      'End_Refused',
    ]) {
      expect(await page.locator(`.djs-element[data-element-id="${id}"]`).count(), id).to.equal(1);
    }
    const palette = await page.$$eval('.djs-palette .entry[data-action]', (els) =>
      els.map((e) => e.getAttribute('data-action')),
    );
    expect(palette).to.include.members([
      'create.start-event',
      'create.end-event',
      'create.user-task',
      'create.service-task',
      'create.call-activity',
      'create.exclusive-gateway',
      'create.parallel-gateway',
      'create.inclusive-gateway',
      'create.timer-event',
    ]);
    expect(palette).to.not.include.members([
      'create.participant-expanded',
      'create.data-object',
      'create.subprocess-expanded',
      'create.task',
      'create.group',
    ]);
    expect(
      await page.getAttribute('.djs-palette .entry[data-action="create.user-task"]', 'aria-label'),
    ).to.equal('Thêm bước xử lý (user task)');
    // Live validation ran and found nothing wrong with the template.
    await page.waitForSelector('.bjsl-button-success');
    expect(await page.textContent('.bjsl-button')).to.contain('Không có lỗi');
    expect(await lintIssues(page)).to.deep.equal({});
    await screenshot(page, '02-modeler-template');
  });

  it('sets a role and a duration in the properties panel and they land in the BPMN', async () => {
    await selectElement(page, 'Task_Appraise');
    await page.waitForSelector('[data-group-id="group-motcua-assignment"]');
    expect(
      await page.textContent(
        '[data-group-id="group-motcua-assignment"] .bio-properties-panel-group-header-title',
      ),
    ).to.equal('Phân công xử lý');
    await page.selectOption('[data-entry-id="motcua-role"] select', 'division-head');
    await page.fill('[data-entry-id="motcua-duration"] input', '4,5');
    await page.selectOption('[data-entry-id="motcua-durationUnit"] select', 'working-hour');
    const xml = await waitForXml(page, (x) => attributesOf(x, 'Task_Appraise')['motcua:duration'] === '4.5');
    expect(attributesOf(xml, 'Task_Appraise')).to.include({
      'motcua:role': 'division-head',
      'motcua:durationUnit': 'working-hour',
      'motcua:duration': '4.5',
    });
    // The outcome list edits motcua:outcomes.
    await page.click('[data-group-id="group-motcua-outcomes"] .bio-properties-panel-add-entry');
    const withOutcome = await waitForXml(
      page,
      (x) => attributesOf(x, 'Task_Appraise')['motcua:outcomes'] === 'appraised,outcome-2',
    );
    expect(attributesOf(withOutcome, 'Task_Appraise')['motcua:outcomes']).to.equal('appraised,outcome-2');
    await screenshot(page, '03-properties-panel');
  });

  it('shows a validation error on the element while its role is missing, in Vietnamese', async () => {
    await page.selectOption('[data-entry-id="motcua-role"] select', '');
    const overlay = '.djs-overlays[data-container-id="Task_Appraise"] .bjsl-overlay';
    await page.waitForSelector(overlay);
    const issues = await lintIssues(page);
    expect(issues.Task_Appraise?.map((i) => i.message)).to.deep.equal([
      'MC302: Bước "Thẩm định hồ sơ" chưa có vai trò xử lý (motcua:role).',
    ]);
    expect(await page.textContent('.bjsl-button')).to.contain('1 lỗi');
    await page.hover(overlay);
    await screenshot(page, '04-validation-error');
    await page.selectOption('[data-entry-id="motcua-role"] select', 'specialist');
    await page.waitForSelector(overlay, { state: 'detached' });
    expect(await lintIssues(page)).to.deep.equal({});
  });

  it('shows server diagnostics on the offending element and in the list below', async () => {
    await showServerDiagnostics(page, [
      {
        severity: 'error',
        code: 'MC505',
        message:
          'Tổng thời hạn các bước trên đường dài nhất (12 ngày làm việc) vượt thời hạn giải quyết pháp định 10 ngày làm việc.',
        messageEn:
          'The steps on the longest path take 12 working days, more than the legal time limit of 10 working days.',
        elementId: 'Task_Appraise',
      },
      {
        severity: 'warning',
        code: 'MC101',
        message: 'procedure.json không hợp lệ tại /code',
        messageEn: 'procedure.json is invalid at /code',
        path: '/code',
      },
    ]);
    const badge = page.locator('[data-testid="server-diagnostic"][data-element-id="Task_Appraise"]');
    expect(await badge.count()).to.equal(1);
    expect(await badge.locator('.mc-diag-count').textContent()).to.equal('1');
    expect(await badge.locator('li').textContent()).to.match(/^MC505: Tổng thời hạn/);
    expect(await page.textContent('[data-testid="problems"]')).to.contain('1 lỗi, 1 cảnh báo, 0 lưu ý');
    await badge.hover();
    await screenshot(page, '05-server-diagnostics');
    await showServerDiagnostics(page, []);
    expect(await badge.count()).to.equal(0);
  });

  it('creates a user task from the palette, which live validation flags until it has a role and a duration', async () => {
    await page.click('.djs-palette .entry[data-action="create.user-task"]');
    const canvas = await page.locator('[data-testid="canvas"]').boundingBox();
    // Creating follows the mouse over the canvas (hover decides where the shape goes), then a click drops it.
    await page.mouse.move(canvas!.x + 500, canvas!.y + canvas!.height - 120);
    await page.mouse.move(canvas!.x + 510, canvas!.y + canvas!.height - 110);
    await page.mouse.click(canvas!.x + 510, canvas!.y + canvas!.height - 110);
    // A new task opens its label for typing, as in every bpmn-js modeler.
    await page.keyboard.type('Ký số kết quả');
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      () => {
        const m = (
          globalThis as unknown as { motcua: { lintIssues(): Record<string, Array<{ message: string }>> } }
        ).motcua;
        return Object.values(m.lintIssues()).some((list) => list.some((i) => i.message.startsWith('MC302')));
      },
      undefined,
      { polling: 100 },
    );
    const issues = await lintIssues(page);
    const [id, list] = Object.entries(issues).find(([, l]) => l.some((i) => i.message.startsWith('MC302')))!;
    expect(id).to.match(/^Activity_/);
    expect(list.map((i) => i.message.slice(0, 5))).to.include.members(['MC302', 'MC501', 'MC801']);
    expect(
      list.map((i) => i.message),
      'named, so no missing-name warning',
    ).to.not.include('MC814: Phần tử cần có tên.');
    expect(attributesOf(await exportXml(page), id).name).to.equal('Ký số kết quả');
    // Deleting it from its context pad brings the diagram back to the template.
    await page.click('.djs-context-pad .entry[data-action="delete"]');
    await page.waitForFunction(
      () => {
        const m = (globalThis as unknown as { motcua: { lintIssues(): Record<string, unknown> } }).motcua;
        return Object.keys(m.lintIssues()).length === 0;
      },
      undefined,
      { polling: 100 },
    );
  });

  it('edits procedure.json in a form driven by its JSON Schema', async () => {
    await page.click('[data-tab="metadata"]');
    await page.waitForSelector('[data-testid="form-summary"]');
    expect(await page.textContent('[data-testid="form-summary"]')).to.match(/^Còn \d+ chỗ cần sửa\.$/);
    await page.fill('[data-pointer="/code"]', 'T.000001');
    await page.press('[data-pointer="/code"]', 'Tab');
    await page.fill('[data-pointer="/names/vi"]', 'Cấp giấy phép thử nghiệm');
    await page.press('[data-pointer="/names/vi"]', 'Tab');
    await page.fill('[data-pointer="/sector"]', 'Đất đai');
    await page.press('[data-pointer="/sector"]', 'Tab');
    await page.fill('[data-pointer="/agency"]', 'STNMT');
    await page.press('[data-pointer="/agency"]', 'Tab');
    await page.fill('[data-pointer="/result/vi"]', 'Giấy phép');
    await page.press('[data-pointer="/result/vi"]', 'Tab');
    await page.fill('[data-pointer="/channels/0/duration/amount"]', '0');
    await page.press('[data-pointer="/channels/0/duration/amount"]', 'Tab');
    expect(await page.textContent('[data-testid="form-summary"]')).to.equal('Còn 1 chỗ cần sửa.');
    expect(await page.textContent('.mc-field.has-error .mc-field-error')).to.equal('Phải lớn hơn 0.');
    await screenshot(page, '06-metadata-form');
    await page.fill('[data-pointer="/channels/0/duration/amount"]', '7,5');
    await page.press('[data-pointer="/channels/0/duration/amount"]', 'Tab');
    expect(await page.textContent('[data-testid="form-summary"]')).to.equal('Thông tin thủ tục hợp lệ.');
    const metadata = await page.evaluate(() =>
      (globalThis as unknown as { motcua: { metadata(): unknown } }).motcua.metadata(),
    );
    expect(metadata).to.deep.include({ code: 'T.000001', sector: 'Đất đai', agency: 'STNMT' });
    expect((metadata as { channels: Array<{ duration: unknown }> }).channels[0]!.duration).to.deep.equal({
      amount: 7.5,
      unit: 'working-day',
    });
    await page.click('[data-tab="diagram"]');
  });

  it('lets a duration editor change only durations: read-only diagram, other fields disabled', async () => {
    await openRoute(page, server.url, '#/modeler/durations');
    await waitForModeler(page);
    expect(await page.textContent('[data-testid="mode"]')).to.equal('Chỉ sửa thời hạn các bước');
    expect(await page.isVisible('.djs-palette')).to.equal(false);
    const before = await exportXml(page);
    await selectElement(page, 'Task_Review');
    expect(await page.isDisabled('[data-entry-id="motcua-role"] select')).to.equal(true);
    expect(await page.isDisabled('[data-entry-id="motcua-duration"] input')).to.equal(false);
    expect(await page.locator('[data-group-id="group-general"]').count(), 'no name / id editing').to.equal(0);
    expect(await page.locator('.djs-context-pad .entry').count(), 'no context pad actions').to.equal(0);
    // Deleting and moving are refused, whatever the keyboard or mouse does.
    await page.keyboard.press('Delete');
    const box = await page.locator('.djs-element.djs-shape[data-element-id="Task_Review"]').boundingBox();
    await page.mouse.move(box!.x + box!.width / 2, box!.y + box!.height / 2);
    await page.mouse.down();
    await page.mouse.move(box!.x + box!.width / 2 + 150, box!.y + 200, { steps: 5 });
    await page.mouse.up();
    expect(await exportXml(page)).to.equal(before);
    await selectElement(page, 'Task_Review');
    await page.fill('[data-entry-id="motcua-duration"] input', '0,5');
    await page.fill('[data-entry-id="motcua-warningAt"] input', '0.5');
    const xml = await waitForXml(page, (x) => attributesOf(x, 'Task_Review')['motcua:warningAt'] === '0.5');
    expect(attributesOf(xml, 'Task_Review')).to.include({
      'motcua:duration': '0.5',
      'motcua:role': 'division-head',
    });
    await screenshot(page, '07-duration-mode');
  });

  it('switches the whole console, modeler included, to English', async () => {
    await openRoute(page, server.url, '#/modeler');
    await waitForModeler(page);
    await page.click('[data-testid="language"]');
    await page.waitForSelector('body[data-ready="true"] .djs-palette');
    await waitForModeler(page);
    expect(
      await page.getAttribute('.djs-palette .entry[data-action="create.user-task"]', 'aria-label'),
    ).to.equal('Create user task');
    await selectElement(page, 'Task_Approve');
    expect(
      await page.textContent('[data-group-id="group-motcua-time"] .bio-properties-panel-group-header-title'),
    ).to.equal('Time limit');
    await page.selectOption('[data-entry-id="motcua-role"] select', '');
    await page.waitForSelector('.djs-overlays[data-container-id="Task_Approve"] .bjsl-overlay');
    expect((await lintIssues(page)).Task_Approve?.map((i) => i.message)).to.deep.equal([
      'MC302: Task "Phê duyệt" has no role (motcua:role).',
    ]);
    await screenshot(page, '08-english');
    await page.click('[data-testid="language"]');
    await page.waitForSelector('body[data-ready="true"]');
  });

  it('opens a .bpmn drawn in another tool and shows what cannot run; downloads the model', async () => {
    await openRoute(page, server.url, '#/modeler');
    await waitForModeler(page);
    await page.setInputFiles(
      '[data-action="open"]',
      path.join(repoRoot, 'tests/e2e/fixtures/foreign-tool.bpmn'),
    );
    await page.waitForSelector('.djs-element[data-element-id="Notify"]');
    await page.waitForFunction(
      () => {
        const m = (globalThis as unknown as { motcua: { lintIssues(): Record<string, unknown> } }).motcua;
        return 'Notify' in m.lintIssues();
      },
      undefined,
      { polling: 100 },
    );
    const issues = await lintIssues(page);
    const codes = (id: string) => (issues[id] ?? []).map((i) => i.message.slice(0, 5));
    expect(codes('Check'), 'manual task').to.deep.equal(['MC301']);
    expect(codes('Notify'), 'send task').to.deep.equal(['MC301']);
    expect(codes('End'), 'message end event').to.deep.equal(['MC301']);
    expect(codes('Approve'), 'user task without motcua attributes').to.include.members(['MC302', 'MC501']);
    expect(issues.Check![0]!.message).to.contain('ManualTask "Kiểm tra giấy tờ"');
    await screenshot(page, '09-imported-foreign-model');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-action="download"]'),
    ]);
    expect(download.suggestedFilename()).to.equal('process.bpmn');
    const saved = fs.readFileSync((await download.path())!, 'utf8');
    expect(saved).to.contain('id="Notify"').and.contain('<bpmn:sendTask');

    await page.click('[data-action="new"]');
    await page.waitForSelector('.djs-element[data-element-id="Task_Appraise"]');
    await page.waitForSelector('.bjsl-button-success');
    expect(await lintIssues(page)).to.deep.equal({});
  });
});
