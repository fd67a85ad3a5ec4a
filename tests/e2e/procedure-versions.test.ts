/**
 * Published versions in the browser: comparing two versions, and a department's duration edit published as a new
 * version. The procedures API is stood in for by Playwright's request routing, answering in the shapes of
 * api/routes/procedures.ts with versions compiled here by the real compiler; the full flow against the running
 * API is console-publish-flow.test.ts; this one keeps the refusal cases cheap to reach.
 */
import { expect } from 'chai';
import type { Page, Route } from 'playwright-core';
import { compileProcedure, defaultRegistry } from '../../compiler/index.js';
import type { ProcedureMetadata } from '../../ir/index.js';
import { sampleMetadata, templateXml } from '../modeler/helpers.js';
import { launchBrowser, screenshot, type TestBrowser } from './support/browser.js';
import { attributesOf, exportXml, openRoute, selectElement, waitForModeler } from './support/console-page.js';
import { serveConsole, type StaticServer } from './support/static-server.js';

/** GET /api/procedures/:code/versions/:version */
async function versionBody(n: number, metadata: ProcedureMetadata, bpmn: string) {
  const r = await compileProcedure({
    metadata,
    model: { kind: 'bpmn', xml: bpmn },
    registry: defaultRegistry(),
  });
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
  return {
    id: n,
    version: n,
    status: 'published',
    modelKind: 'bpmn',
    irHash: r.hash,
    metadata,
    modelSource: bpmn,
    ir: r.compiled!.ir,
  };
}

const problem = (
  status: number,
  code: string,
  vi: string,
  en: string,
  extra: Record<string, unknown> = {},
) => ({
  status,
  contentType: 'application/problem+json',
  body: JSON.stringify({ status, code, message: { vi, en }, ...extra }),
});

describe('e2e: published versions (API stand-in)', function () {
  this.timeout(120_000);
  let server: StaticServer;
  let browser: TestBrowser;
  let page: Page;
  const posted: unknown[] = [];

  before(async () => {
    server = await serveConsole();
    browser = await launchBrowser();
    page = await browser.newPage();
    const v1 = await versionBody(1, sampleMetadata(), templateXml());
    const m2 = sampleMetadata();
    m2.channels[0]!.duration = { amount: 9, unit: 'working-day' };
    const v2 = await versionBody(
      2,
      m2,
      templateXml().replace(
        'motcua:role="specialist" motcua:duration="6"',
        'motcua:role="specialist" motcua:duration="5"',
      ),
    );
    const summary = {
      id: 1,
      code: 'T.000001',
      level: 'province',
      names: m2.names,
      sector: m2.sector,
      agencyCode: m2.agency,
      status: 'published',
      latestVersion: 2,
      publishedVersion: 2,
      publishedAt: null,
    };
    // A signed-in duration editor of the procedure's agency (the duration edit page asks for a session).
    await page.route(
      (url) => url.pathname === '/api/auth/me' || url.pathname === '/api/agencies',
      (route: Route) =>
        route.fulfill({
          status: 200,
          contentType: 'application/json',
          body: JSON.stringify(
            new URL(route.request().url()).pathname === '/api/agencies'
              ? { items: [{ code: m2.agency, parentCode: null, level: 'province', names: { vi: m2.agency }, unitCode: 'U' }] }
              : { userId: 1, username: 'editor', fullName: 'Biên tập viên', roles: [{ role: 'duration-editor', agency: m2.agency }] },
          ),
        }),
    );
    await page.goto(server.url);
    await page.evaluate(() =>
      (globalThis as unknown as { sessionStorage: { setItem(k: string, v: string): void } }).sessionStorage.setItem(
        'motcua.token',
        'stand-in-token',
      ),
    );
    await page.route(
      (url) => url.pathname.startsWith('/api/procedures/T.000001'),
      async (route: Route) => {
        const req = route.request();
        const path = new URL(req.url()).pathname;
        if (req.method() === 'GET' && path === '/api/procedures/T.000001') {
          return route.fulfill({
            status: 200,
            contentType: 'application/json',
            body: JSON.stringify({
              ...summary,
              version: { id: 2, version: 2, status: 'published', ir: v2.ir },
            }),
          });
        }
        const m = /^\/api\/procedures\/T\.000001\/versions\/(\d+)$/.exec(path);
        if (req.method() === 'GET' && m) {
          const body = m[1] === '1' ? v1 : m[1] === '2' ? v2 : undefined;
          return body
            ? route.fulfill({
                status: 200,
                contentType: 'application/json',
                body: JSON.stringify({ procedure: summary, ...body }),
              })
            : route.fulfill(
                problem(
                  404,
                  'version-not-found',
                  `Không tìm thấy phiên bản T.000001 v${m[1]}`,
                  `Version T.000001 v${m[1]} not found`,
                ),
              );
        }
        if (req.method() === 'POST' && path === '/api/procedures/T.000001/durations') {
          const body = req.postDataJSON() as { durations: Record<string, { amount: number }> };
          posted.push(body);
          if (Object.values(body.durations).some((d) => d.amount > 8)) {
            return route.fulfill(
              problem(400, 'durations-invalid', 'Dữ liệu không hợp lệ', 'Invalid data', {
                diagnostics: [
                  {
                    severity: 'error',
                    code: 'MC505',
                    message: {
                      vi: 'Tổng thời hạn vượt thời hạn pháp định.',
                      en: 'Over the legal time limit.',
                    },
                    elementId: 'Task_Review',
                  },
                ],
              }),
            );
          }
          return route.fulfill({
            status: 201,
            contentType: 'application/json',
            body: JSON.stringify({
              code: 'T.000001',
              level: 'province',
              version: 3,
              changed: true,
              irHash: 'x',
            }),
          });
        }
        return route.fulfill(problem(404, 'no-such-endpoint', 'Không có điểm cuối', 'No endpoint'));
      },
    );
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  afterEach(function () {
    // The server's refusals (400/404) are answers the page shows, not page errors.
    const errors = browser.errors
      .splice(0)
      .filter((e) => !/status of (400|404)/.test(e) && !/\/healthz\)/.test(e));
    expect(errors, `errors in the page during "${this.currentTest?.title}"`).to.deep.equal([]);
  });

  it('compares two versions: changed legal time limit and step duration, coloured on both diagrams', async () => {
    await page.reload();
    await openRoute(page, server.url, '#/procedures/T.000001/diff/1/2?level=province');
    await page.waitForSelector('[data-testid="diagram-after"] .djs-element[data-element-id="Task_Appraise"]');
    expect(await page.textContent('[data-testid="diff"]')).to.contain('So sánh phiên bản 1 với phiên bản 2');
    const metaRow = page.locator('[data-section="metadata"] tr[data-path="channels/counter/duration"]');
    expect(await metaRow.locator('td').allTextContents()).to.deep.equal([
      'Thời hạn giải quyết — cách thức trực tiếp',
      '10 ngày làm việc',
      '9 ngày làm việc',
    ]);
    const stepRow = page.locator('[data-section="nodes"] tr[data-element="Task_Appraise"]');
    expect(await stepRow.locator('td').allTextContents()).to.deep.equal([
      'Sửa Bước xử lý “Thẩm định hồ sơ” Task_Appraise',
      'Thời hạn',
      '6 ngày làm việc',
      '5 ngày làm việc',
    ]);
    for (const side of ['before', 'after']) {
      const cls = await page.getAttribute(
        `[data-testid="diagram-${side}"] .djs-element[data-element-id="Task_Appraise"]`,
        'class',
      );
      expect(cls, side).to.contain('mc-diff-changed');
    }
    expect(
      await page.getAttribute(
        '[data-testid="diagram-after"] .djs-element[data-element-id="Task_Review"]',
        'class',
      ),
    ).to.not.contain('mc-diff-');
    await screenshot(page, '10-version-diff');
  });

  it('says which version is missing, in Vietnamese', async () => {
    await openRoute(page, server.url, '#/procedures/T.000001/diff/1/7');
    expect(await page.textContent('[data-testid="notice"]')).to.equal('Không tìm thấy phiên bản T.000001 v7');
  });

  it('publishes a duration edit: only the changed step goes to the server, with the change note', async () => {
    await openRoute(page, server.url, '#/procedures/T.000001/durations');
    await waitForModeler(page);
    expect(
      attributesOf(await exportXml(page), 'Task_Appraise')['motcua:duration'],
      'the published version 2 is loaded',
    ).to.equal('5');
    await selectElement(page, 'Task_Review');
    await page.fill('[data-entry-id="motcua-duration"] input', '1,5');
    await page.waitForFunction(
      () => {
        const m = (globalThis as unknown as { motcua: { exportXml(): Promise<string> } }).motcua;
        return m.exportXml().then((x) => x.includes('motcua:duration="1.5"'));
      },
      undefined,
      { polling: 100 },
    );
    await page.click('[data-action="save-durations"]');
    expect(await page.textContent('[data-testid="notice"]')).to.equal(
      'Nhập ghi chú thay đổi trước khi công bố.',
    );
    expect(posted).to.deep.equal([]);
    await page.fill('[data-testid="change-note"]', 'Tăng thời hạn trình ký theo Quyết định 12/QĐ-UBND');
    await page.click('[data-action="save-durations"]');
    await page.waitForSelector('[data-testid="notice"]:has-text("Đã công bố phiên bản 3.")');
    expect(posted).to.deep.equal([
      {
        durations: { Task_Review: { amount: 1.5, unit: 'working-day' } },
        changeNote: 'Tăng thời hạn trình ký theo Quyết định 12/QĐ-UBND',
      },
    ]);
    await screenshot(page, '11-duration-published');
  });

  it("shows the server's refusal on the offending step", async () => {
    await page.fill('[data-entry-id="motcua-duration"] input', '9');
    await page.waitForFunction(
      () => {
        const m = (globalThis as unknown as { motcua: { exportXml(): Promise<string> } }).motcua;
        return m.exportXml().then((x) => x.includes('motcua:duration="9"'));
      },
      undefined,
      { polling: 100 },
    );
    await page.click('[data-action="save-durations"]');
    await page.waitForSelector('[data-testid="server-diagnostic"][data-element-id="Task_Review"]');
    expect(await page.textContent('[data-testid="notice"]')).to.equal('Dữ liệu không hợp lệ');
    expect(await page.textContent('[data-testid="problems"]')).to.contain(
      'MC505: Tổng thời hạn vượt thời hạn pháp định.',
    );
    expect(posted).to.have.length(2);
  });
});
