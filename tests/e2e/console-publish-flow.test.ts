/**
 * The issue's whole flow in the browser against the REAL API and a real interpreter worker: a publisher of the
 * Department of Justice signs in, creates a procedure from the template, sets roles and durations in the
 * properties panel, sees a validation error appear on an element and disappear when fixed, publishes with a change
 * note; a department's duration editor changes one step duration (version 2) and nothing else; the two versions
 * are compared; a dossier filed for the new procedure runs on the interpreter until its result is returned; the
 * procedure is retired. Screenshots of the main screens go to test-artifacts/screenshots/.
 */
import { expect } from 'chai';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { repoRoot } from '../../config/index.js';
import { getAgency, upsertAgencies } from '../../store/index.js';
import {
  applicant,
  call,
  multipart,
  pdfBytes,
  startTestWorker,
  until,
  userWithRoles,
  type TestApp,
  type TestWorker,
} from '../api/support.js';
import { uniqueSuffix } from '../support/stack.js';
import { launchBrowser, screenshot, type TestBrowser } from './support/browser.js';
import {
  attributesOf,
  exportXml,
  lintIssues,
  openRoute,
  selectElement,
  waitForModeler,
  waitForXml,
} from './support/console-page.js';
import { startConsoleApp } from './support/real-app.js';

type User = { username: string; password: string; token: string };

describe('e2e: console against the real API — from an empty procedure to a run dossier', function () {
  this.timeout(240_000);
  const suffix = uniqueSuffix()
    .replace(/[^a-z0-9]/gi, '')
    .slice(-8)
    .toUpperCase();
  const code = `E2E.${suffix}`;
  const agency = `SXD${suffix}`;
  let app: TestApp;
  let worker: TestWorker;
  let browser: TestBrowser;
  let page: Page;
  let publisher: User;
  let editor: User;
  const staff: Record<string, User> = {};

  before(async function () {
    const taskQueue = `e2e-console-${uniqueSuffix()}`;
    app = await startConsoleApp(taskQueue);
    const knex = app.stack.knex;
    if (!(await getAgency({ knex, code: 'STP' })))
      await upsertAgencies({
        knex,
        agencies: [{ code: 'STP', level: 'province', names: { vi: 'Sở Tư pháp' }, unitCode: 'STP' }],
      });
    // The procedure's own department, under the Department of Justice's publishing scope in this test.
    await upsertAgencies({
      knex,
      agencies: [
        {
          code: agency,
          parentCode: 'STP',
          level: 'province',
          names: { vi: `Sở Xây dựng thử ${suffix}`, en: `Test construction department ${suffix}` },
          unitCode: `H99.${suffix}`,
        },
      ],
    });
    publisher = await userWithRoles(app, [{ role: 'publisher', agency: 'STP' }], 'pub');
    editor = await userWithRoles(app, [{ role: 'duration-editor', agency }], 'dur');
    for (const role of ['receptionist', 'specialist', 'division-head', 'department-head'])
      staff[role] = await userWithRoles(app, [{ role, agency }], role.slice(0, 4));
    worker = await startTestWorker(app, taskQueue);
    browser = await launchBrowser();
    page = await browser.newPage();
    page.on('dialog', (d) => void d.accept());
  });

  after(async () => {
    await browser?.close();
    await worker?.stop();
    await app?.close();
  });

  afterEach(function () {
    // Refusals the page shows (401 before sign-in, 403/400 answers) are not page errors; anything else is.
    const errors = browser.errors.splice(0).filter((e) => !/status of (400|401|403|404)/.test(e));
    expect(errors, `errors in the page during "${this.currentTest?.title}"`).to.deep.equal([]);
  });

  async function signIn(user: User): Promise<void> {
    await openRoute(page, app.baseUrl + '/', '#/sign-in');
    await page.waitForSelector('[data-testid="sign-in"]');
    await page.fill('[data-testid="username"]', user.username);
    await page.fill('[data-testid="password"]', user.password);
    await page.click('[data-testid="sign-in-submit"]');
    await page.waitForSelector('[data-testid="user-name"]');
    await page.waitForSelector('body[data-ready="true"] [data-testid="catalog"]');
  }

  async function signOut(): Promise<void> {
    await page.click('[data-testid="sign-out"]');
    await page.waitForSelector('[data-testid="sign-in-link"]');
  }

  /** Waits until the text of `selector` satisfies `ok` (the page updates it after a server answer). */
  async function waitText(
    selector: string,
    ok: (text: string) => boolean,
    timeoutMs = 15_000,
  ): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let text = '';
    while (Date.now() < deadline) {
      text = (await page.textContent(selector).catch(() => null)) ?? '';
      if (ok(text)) return text;
      await page.waitForTimeout(100);
    }
    throw new Error(`${selector} still says "${text}"`);
  }

  const nav = async () =>
    (await page.locator('[data-testid="nav"] a').allTextContents()).map((s) => s.trim());

  it('refuses a wrong password and signs a publisher in, in Vietnamese, with the publisher navigation', async () => {
    await page.goto(`${app.baseUrl}/#/sign-in`);
    await page.waitForSelector('[data-testid="sign-in"]');
    await page.fill('[data-testid="username"]', publisher.username);
    await page.fill('[data-testid="password"]', 'wrong-password');
    await page.click('[data-testid="sign-in-submit"]');
    await page.waitForSelector('[data-testid="sign-in-error"]:not([hidden])');
    expect(await page.textContent('[data-testid="sign-in-error"]')).to.equal(
      'Sai tên đăng nhập hoặc mật khẩu',
    );
    await screenshot(page, '20-sign-in');
    await page.fill('[data-testid="password"]', publisher.password);
    await page.click('[data-testid="sign-in-submit"]');
    await page.waitForSelector('[data-testid="user-name"]');
    await page.waitForSelector('body[data-ready="true"] [data-testid="catalog"]');
    expect(await page.textContent('[data-testid="user-name"]')).to.equal('Test pub');
    expect(await nav()).to.include.members(['Danh mục thủ tục', 'Vẽ quy trình']);
    expect(await nav()).to.not.include('Thủ tục của đơn vị');
  });

  it('browses the catalog with server-side search and paging', async () => {
    await page.waitForSelector('[data-testid="procedure-table"] tbody tr');
    const info = await page.textContent('[data-testid="page-info"]');
    const total = Number(/trên (\d+)/.exec(info ?? '')?.[1]);
    expect(total, info ?? '').to.be.greaterThan(0);
    if (total > 50) {
      await page.click('[data-page="next"]');
      await waitText('[data-testid="page-info"]', (x) => x.startsWith('51–'));
      expect(page.url()).to.contain('offset=50');
      await page.click('[data-page="prev"]');
      await waitText('[data-testid="page-info"]', (x) => x.startsWith('1–'));
    }
    await screenshot(page, '21-catalog');
  });

  it('creates a procedure from the template: information form, roles and durations in the properties panel', async () => {
    await openRoute(page, app.baseUrl + '/', '#/modeler');
    await waitForModeler(page);
    await page.click('[data-action="new"]');
    await page.waitForSelector('[data-testid="draft-ref"]');
    expect(await page.textContent('[data-testid="draft-ref"]')).to.equal('Bản nháp mới (chưa lưu)');
    await page.click('[data-tab="metadata"]');
    const fill = async (pointer: string, value: string) => {
      await page.fill(`[data-pointer="${pointer}"]`, value);
      await page.press(`[data-pointer="${pointer}"]`, 'Tab');
    };
    await fill('/code', code);
    await fill('/names/vi', `Cấp phép thử nghiệm ${suffix}`);
    await fill('/sector', 'Xây dựng');
    await fill('/agency', agency);
    await fill('/result/vi', 'Giấy phép');
    expect(await page.textContent('[data-testid="form-summary"]')).to.equal('Thông tin thủ tục hợp lệ.');
    await page.click('[data-tab="diagram"]');
    await selectElement(page, 'Task_Appraise');
    await page.selectOption('[data-entry-id="motcua-role"] select', 'specialist');
    await page.fill('[data-entry-id="motcua-duration"] input', '5');
    await selectElement(page, 'Task_Review');
    await page.fill('[data-entry-id="motcua-duration"] input', '1,5');
    const xml = await waitForXml(page, (x) => attributesOf(x, 'Task_Review')['motcua:duration'] === '1.5');
    expect(attributesOf(xml, 'Task_Appraise')).to.include({
      'motcua:role': 'specialist',
      'motcua:duration': '5',
    });
  });

  it('shows a validation error on the element (browser and server) and clears it when fixed', async () => {
    await page.selectOption('[data-entry-id="motcua-role"] select', '');
    const overlay = '.djs-overlays[data-container-id="Task_Review"] .bjsl-overlay';
    await page.waitForSelector(overlay);
    expect((await lintIssues(page)).Task_Review?.map((i) => i.message.slice(0, 5))).to.deep.equal(['MC302']);
    // The server's compiler agrees and puts its finding on the same element.
    await page.click('[data-testid="validate"]');
    const serverBadge = '[data-testid="server-diagnostic"][data-element-id="Task_Review"]';
    await page.waitForSelector(serverBadge);
    expect(await page.textContent('[data-testid="notice"]')).to.match(/^Máy chủ kiểm tra: còn \d+ lỗi\.$/);
    expect(await page.textContent('[data-testid="problems"]')).to.contain('MC302');
    await screenshot(page, '22-validation-error');
    await page.selectOption('[data-entry-id="motcua-role"] select', 'division-head');
    await page.waitForSelector(overlay, { state: 'detached' });
    await page.click('[data-testid="validate"]');
    await page.waitForSelector(serverBadge, { state: 'detached' });
    expect(await page.textContent('[data-testid="notice"]')).to.equal('Máy chủ kiểm tra: quy trình hợp lệ.');
  });

  it('saves a draft, refuses to publish without a change note, publishes version 1', async () => {
    await page.click('[data-testid="save-draft"]');
    await waitText('[data-testid="draft-ref"]', (x) => x.includes('v1'));
    expect(await page.textContent('[data-testid="notice"]')).to.equal(`Đã lưu bản nháp ${code} phiên bản 1.`);
    await page.click('[data-testid="publish"]');
    expect(await page.textContent('[data-testid="notice"]')).to.equal(
      'Nhập ghi chú thay đổi trước khi công bố.',
    );
    await page.fill('[data-testid="publish-note"]', 'Ban hành lần đầu');
    await page.click('[data-testid="publish"]');
    await page.waitForSelector('[data-testid="published-link"]');
    expect(await page.textContent('[data-testid="notice"]')).to.contain(`Đã công bố ${code} phiên bản 1.`);
    await screenshot(page, '23-published');
    const proc = await call(app, 'GET', `/api/procedures/${code}`);
    expect(proc.body.version.version).to.equal(1);
    expect(proc.body.version.status).to.equal('published');
    expect(proc.body.version.changeNote).to.equal('Ban hành lần đầu');
  });

  it('finds it in the catalog and opens it: metadata, versions and the diagram', async () => {
    await openRoute(page, app.baseUrl + '/', '#/procedures');
    await page.fill('[data-testid="search"]', suffix);
    await page.waitForSelector(`[data-testid="procedure-table"] tr[data-code="${code}"]`);
    // The unfiltered first page may already hold the new procedure: wait for the search's answer, not the row.
    await page
      .waitForFunction(
        () =>
          (
            globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }
          ).document.querySelectorAll('[data-testid="procedure-table"] tbody tr').length === 1,
        null,
        {
          timeout: 10_000,
        },
      )
      .catch(() => undefined);
    expect(await page.locator('[data-testid="procedure-table"] tbody tr').count()).to.equal(1);
    await page.click(`tr[data-code="${code}"] a`);
    await page.waitForSelector('[data-testid="viewer"] .djs-element[data-element-id="Task_Appraise"]');
    expect(await page.textContent('[data-testid="published-version"]')).to.equal('1');
    expect(await page.locator('[data-testid="versions"] tbody tr').count()).to.equal(1);
    expect(await page.isVisible('[data-testid="edit-model"]')).to.equal(true);
    expect(await page.isVisible('[data-testid="retire"]')).to.equal(true);
    await screenshot(page, '24-procedure');
  });

  it('lets the department editor change a duration and nothing else: version 2', async () => {
    await signOut();
    await signIn(editor);
    expect(await nav()).to.include('Thủ tục của đơn vị');
    expect(await nav()).to.not.include('Vẽ quy trình');
    await openRoute(page, app.baseUrl + '/', '#/my-procedures');
    await page.waitForSelector(`[data-testid="procedure-table"] tr[data-code="${code}"]`);
    await page.click(`tr[data-code="${code}"] a`);
    await page.waitForSelector('[data-testid="edit-durations"]');
    expect(await page.locator('[data-testid="edit-model"]').count(), 'no modeler for an editor').to.equal(0);
    expect(await page.locator('[data-testid="retire"]').count(), 'no retire for an editor').to.equal(0);
    await page.click('[data-testid="edit-durations"]');
    await waitForModeler(page);
    const before = await exportXml(page);
    await selectElement(page, 'Task_Appraise');
    expect(await page.isDisabled('[data-entry-id="motcua-role"] select')).to.equal(true);
    await page.fill('[data-entry-id="motcua-duration"] input', '4');
    await waitForXml(page, (x) => attributesOf(x, 'Task_Appraise')['motcua:duration'] === '4');
    // The warning threshold is the other thing a department may change.
    await page.fill('[data-entry-id="motcua-warningAt"] input', '0,8');
    await waitForXml(page, (x) => attributesOf(x, 'Task_Appraise')['motcua:warningAt'] === '0.8');
    await page.fill('[data-testid="change-note"]', 'Rút ngắn thời hạn thẩm định');
    await page.click('[data-action="save-durations"]');
    await waitText('[data-testid="notice"]', (x) => x === 'Đã công bố phiên bản 2.');
    await screenshot(page, '25-duration-edit');
    // Only the duration changed: the published model equals version 1 with that one attribute.
    const v1 = await call(app, 'GET', `/api/procedures/${code}/versions/1`);
    const v2 = await call(app, 'GET', `/api/procedures/${code}/versions/2`);
    expect(v2.body.status).to.equal('published');
    expect(v2.body.changeNote).to.equal('Rút ngắn thời hạn thẩm định');
    expect(v2.body.metadata).to.deep.equal(v1.body.metadata);
    expect(attributesOf(v2.body.modelSource, 'Task_Appraise')['motcua:duration']).to.equal('4');
    expect(attributesOf(v2.body.modelSource, 'Task_Appraise')['motcua:warningAt']).to.equal('0.8');
    expect(
      v2.body.modelSource
        .replace('motcua:duration="4"', 'motcua:duration="5"')
        .replace('motcua:warningAt="0.8"', 'motcua:warningAt="0.75"'),
    ).to.equal(v1.body.modelSource);
    expect(attributesOf(before, 'Task_Appraise')['motcua:duration']).to.equal('5');
    // The API, not only the UI, refuses the editor anything else.
    const draft = await call(app, 'POST', '/api/procedures/drafts', {
      token: editor.token,
      json: { metadata: v1.body.metadata, modelKind: 'bpmn', modelSource: v1.body.modelSource },
    });
    expect(draft.status).to.equal(403);
    const retire = await call(app, 'POST', `/api/procedures/${code}/retire`, {
      token: editor.token,
      json: { reason: 'thử' },
    });
    expect(retire.status).to.equal(403);
  });

  it('compares the two versions in a readable diff', async () => {
    await openRoute(page, app.baseUrl + '/', `#/procedures/${code}`);
    await page.waitForSelector('[data-testid="diff-open"]');
    expect(await page.locator('[data-testid="versions"] tbody tr').count()).to.equal(2);
    await page.click('[data-testid="diff-open"]');
    await page.waitForSelector('[data-testid="diagram-after"] .djs-element[data-element-id="Task_Appraise"]');
    expect(await page.textContent('[data-testid="diff"]')).to.contain('So sánh phiên bản 1 với phiên bản 2');
    const row = page.locator('[data-section="nodes"] tr[data-element="Task_Appraise"]');
    expect(await row.locator('td').allTextContents()).to.deep.equal([
      'Sửa Bước xử lý “Thẩm định hồ sơ” Task_Appraise',
      'Thời hạn',
      '5 ngày làm việc',
      '4 ngày làm việc',
    ]);
    await screenshot(page, '26-diff');
  });

  it('runs a dossier of the published procedure on the interpreter until the result is returned', async () => {
    const filed = await call(app, 'POST', '/api/dossiers', {
      token: staff.receptionist!.token,
      body: multipart({ procedureCode: code, channel: 'counter', applicant: applicant(), data: {} }, [
        { field: 'don-de-nghi', name: 'don.pdf', type: 'application/pdf', bytes: pdfBytes(suffix) },
      ]),
    });
    expect(filed.status, JSON.stringify(filed.body)).to.equal(201);
    const dossierCode = filed.body.code as string;
    const steps: Array<[string, string, string]> = [
      ['receptionist', 'Task_Receive', 'accept'],
      ['specialist', 'Task_Appraise', 'appraised'],
      ['division-head', 'Task_Review', 'submit'],
      ['department-head', 'Task_Approve', 'approve'],
      ['receptionist', 'Task_Return', 'returned'],
    ];
    for (const [role, node, outcome] of steps) {
      const user = staff[role]!;
      const task = await until(`${node} of ${dossierCode}`, async () => {
        const inbox = await call(app, 'GET', `/api/tasks?dossier=${encodeURIComponent(dossierCode)}`, {
          token: user.token,
        });
        return (
          inbox.body.items as Array<{ nodeId: string; workflowId: string; taskId: string; status: string }>
        ).find((t) => t.nodeId === node && t.status === 'open');
      });
      const base = `/api/tasks/${encodeURIComponent(task.workflowId)}/${encodeURIComponent(task.taskId)}`;
      const claim = await call(app, 'POST', `${base}/claim`, { token: user.token, json: {} });
      expect(claim.status, JSON.stringify(claim.body)).to.equal(200);
      const done = await call(app, 'POST', `${base}/complete`, { token: user.token, json: { outcome } });
      expect(done.status, JSON.stringify(done.body)).to.equal(200);
    }
    const row = await until('returned', async () => {
      const d = await app.stack.knex('dossiers').where({ code: dossierCode }).first();
      return d?.status === 'returned' ? d : undefined;
    });
    expect(row.status).to.equal('returned');
    // It ran the department's version 2, the one in force when it was filed.
    const pinned = await app.stack.knex('procedure_versions').where({ id: row.procedure_version_id }).first();
    expect(pinned.version).to.equal(2);
  });

  it('lets the publisher retire the procedure', async () => {
    await signOut();
    await signIn(publisher);
    await openRoute(page, app.baseUrl + '/', `#/procedures/${code}`);
    await page.waitForSelector('[data-testid="retire"]');
    await page.fill('[data-testid="retire-reason"]', 'Thủ tục thử nghiệm kết thúc');
    await page.click('[data-testid="retire"]');
    await page.waitForSelector('[data-testid="procedure-status"] [data-status="retired"]');
    expect(await page.locator('[data-testid="retire"]').count()).to.equal(0);
    const proc = await call(app, 'GET', `/api/procedures/${code}`);
    expect(proc.body.status).to.equal('retired');
  });

  it('imports a .bpmn from another tool and lists, from the server, what cannot run', async () => {
    await openRoute(page, app.baseUrl + '/', '#/modeler');
    await waitForModeler(page);
    await page.setInputFiles(
      '[data-action="open"]',
      path.join(repoRoot, 'tests/e2e/fixtures/foreign-tool.bpmn'),
    );
    await page.waitForSelector('.djs-element[data-element-id="Notify"]');
    await page.waitForSelector('[data-testid="problems"]:not([hidden])');
    const text = (await page.textContent('[data-testid="problems"]')) ?? '';
    expect(text).to.contain('MC301');
    await screenshot(page, '27-import-foreign');
  });
});
