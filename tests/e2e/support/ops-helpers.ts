/**
 * Helpers for the operations browser tests: signing in a fresh tab, calling the API as a user (to set a scene the
 * test is not about), filing a dossier, waiting for the projection, and catching a printed slip's PDF response.
 */
import { expect } from 'chai';
import type { Page, Route } from 'playwright-core';
import type { TestBrowser } from './browser.js';
import type { OpsConsole, OpsUser } from './ops-stack.js';

/** A small but well-formed PDF (the API sniffs the type of what is uploaded). */
export const pdf = (text: string) =>
  Buffer.from(
    `%PDF-1.4\n% ${text}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 obj >>\n%%EOF\n`,
  );

/** A phone number of the test applicant; its last 4 digits are the lookup secret. */
export const testPhone = () => `09${Math.floor(10_000_000 + Math.random() * 89_999_999)}`;

/** A fresh tab (its own session: the token lives in sessionStorage) signed in at `route`. */
export async function signedIn(
  browser: TestBrowser,
  c: OpsConsole,
  user: OpsUser,
  route: string,
): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(`${c.url}${route}`);
  await page.waitForSelector('[data-testid="sign-in"]');
  await page.fill('[data-testid="username"]', user.username);
  await page.fill('[data-testid="password"]', user.password);
  await page.click('[data-testid="sign-in-submit"]');
  await page.waitForSelector('body[data-ready="true"] [data-testid="user-name"]');
  return page;
}

/** Polls `fn` until it returns something truthy; fails naming `what` after `ms`. */
export async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined | null | false>,
  ms = 60_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** The API as one user. */
export class ApiAs {
  private token: string | undefined;
  constructor(
    private readonly c: OpsConsole,
    readonly user: OpsUser,
  ) {}

  async call<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }> {
    if (!this.token) {
      const r = await fetch(`${this.c.url}api/auth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: this.user.username, password: this.user.password }),
      });
      expect(r.status, 'sign-in').to.equal(200);
      this.token = ((await r.json()) as { accessToken: string }).accessToken;
    }
    const init: RequestInit = { method, headers: { authorization: `Bearer ${this.token}` } };
    if (body instanceof FormData) init.body = body;
    else if (body !== undefined) {
      init.body = JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] = 'application/json';
    }
    const r = await fetch(`${this.c.url}${path.replace(/^\//, '')}`, init);
    const text = await r.text();
    return { status: r.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  /** Files a complete dossier of the fixture procedure (components don + cccd) at the counter; returns its code. */
  async file(procedureCode: string, phone: string, name = 'Phạm Văn Cường'): Promise<string> {
    const form = new FormData();
    form.append(
      'dossier',
      JSON.stringify({
        procedureCode,
        channel: 'counter',
        applicant: { type: 'person', name, idNumber: '038090007777', phone, address: '1 Lê Lợi, Thanh Hóa' },
        data: {},
      }),
    );
    form.append('don', new Blob([pdf('don')], { type: 'application/pdf' }), 'don.pdf');
    form.append('cccd', new Blob([pdf('cccd')], { type: 'application/pdf' }), 'cccd.pdf');
    const r = await this.call<{ code: string }>('POST', '/api/dossiers', form);
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    return r.body.code;
  }

  /** The open (or claimed) task of `node` in a dossier, once the projection has it. */
  async task(
    code: string,
    node: string,
  ): Promise<{ workflowId: string; taskId: string; status: string; assignee: string | null }> {
    return waitFor(`task ${node} of ${code}`, async () => {
      const r = await this.call<{
        items: Array<{
          workflowId: string;
          taskId: string;
          nodeId: string;
          status: string;
          assignee: string | null;
        }>;
      }>('GET', `/api/tasks?dossier=${encodeURIComponent(code)}`);
      return r.body.items?.find((t) => t.nodeId === node);
    });
  }

  async claim(code: string, node: string): Promise<{ workflowId: string; taskId: string }> {
    const t = await this.task(code, node);
    const r = await this.call(
      'POST',
      `/api/tasks/${encodeURIComponent(t.workflowId)}/${encodeURIComponent(t.taskId)}/claim`,
      {},
    );
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    return t;
  }

  /** Claims and completes the step `node` with `outcome`. */
  async work(code: string, node: string, outcome: string): Promise<void> {
    const t = await this.claim(code, node);
    const r = await this.call(
      'POST',
      `/api/tasks/${encodeURIComponent(t.workflowId)}/${encodeURIComponent(t.taskId)}/complete`,
      { outcome },
    );
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
  }
}

/**
 * Clicks `selector` (a button that fetches a slip and opens it in a new tab) and checks the slip: the server's
 * answer at `urlPart` is 200 application/pdf, more than `minBytes`, starting with %PDF, and the console opened it
 * in a new tab. Returns the size. (The page's request passes through a route that keeps a copy of the body:
 * Chromium does not keep the bodies of fetches read as blobs.)
 */
export async function printedPdf(
  page: Page,
  selector: string,
  urlPart: string,
  minBytes = 2_000,
): Promise<{ size: number }> {
  const tabs: Page[] = [];
  const onTab = (tab: Page) => tabs.push(tab);
  let answer: { status: number; type: string; body: Buffer } | undefined;
  const match = (url: URL) => url.href.includes(urlPart);
  const handler = async (route: Route) => {
    const response = await route.fetch();
    answer = {
      status: response.status(),
      type: response.headers()['content-type'] ?? '',
      body: await response.body(),
    };
    await route.fulfill({ response });
  };
  page.context().on('page', onTab);
  await page.route(match, handler);
  try {
    await page.click(selector);
    const got = await waitFor(`the answer of ${urlPart}`, async () => answer, 20_000);
    expect(got.status, `${urlPart}: ${got.body.toString('utf8').slice(0, 300)}`).to.equal(200);
    expect(got.type).to.match(/^application\/pdf/);
    expect(got.body.subarray(0, 5).toString('latin1')).to.equal('%PDF-');
    expect(got.body.length).to.be.greaterThan(minBytes);
    const tab = await waitFor(`the tab of ${urlPart}`, async () => tabs[0], 10_000);
    await tab.waitForURL(/^blob:/);
    return { size: got.body.length };
  } finally {
    await page.unroute(match, handler);
    page.context().off('page', onTab);
    for (const tab of tabs) await tab.close().catch(() => undefined);
  }
}
