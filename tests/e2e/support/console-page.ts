/** Helpers to drive the console's modeler page like a person, and to read what it holds through window.motcua. */
import type { Page } from 'playwright-core';

export interface LintIssue {
  id: string;
  message: string;
  category: string;
}

export interface ServerDiagnostic {
  severity: 'error' | 'warning' | 'info';
  code: string;
  message: string;
  messageEn: string;
  elementId?: string;
  path?: string;
}

/** The part of the page's window.motcua the tests use (modeler/src/pages/modeler-page.ts). */
interface TestApi {
  mode: string;
  exportXml(): Promise<string>;
  lintIssues(): Record<string, LintIssue[]>;
  showServerDiagnostics(d: ServerDiagnostic[]): void;
  modeler: { get(name: string): unknown };
}
type Win = { motcua: TestApi };

/** Open a console route and wait until the page says it is rendered. */
export async function openRoute(page: Page, baseUrl: string, route: string): Promise<void> {
  if (page.url().startsWith(baseUrl)) {
    await page.evaluate((r) => {
      const g = globalThis as unknown as {
        location: { hash: string };
        document: { body: { dataset: Record<string, string> } };
      };
      if (g.location.hash === r) return;
      // Not ready until the router has rendered the new route (hashchange fires later).
      g.document.body.dataset.ready = 'false';
      g.location.hash = r;
    }, route);
  } else await page.goto(`${baseUrl}${route}`);
  await page.waitForSelector('body[data-ready="true"]');
}

export async function waitForModeler(page: Page): Promise<void> {
  await page.waitForSelector('body[data-ready="true"] .djs-element[data-element-id]');
  await page.waitForFunction(() => Boolean((globalThis as unknown as Partial<Win>).motcua));
}

export function exportXml(page: Page): Promise<string> {
  return page.evaluate(() => (globalThis as unknown as Win).motcua.exportXml());
}

export function lintIssues(page: Page): Promise<Record<string, LintIssue[]>> {
  return page.evaluate(() => (globalThis as unknown as Win).motcua.lintIssues());
}

export function showServerDiagnostics(page: Page, diagnostics: ServerDiagnostic[]): Promise<void> {
  return page.evaluate((d) => (globalThis as unknown as Win).motcua.showServerDiagnostics(d), diagnostics);
}

/** Click a diagram element as a user would (on its shape), which selects it and opens its properties. */
export async function selectElement(page: Page, id: string): Promise<void> {
  const box = await page.locator(`.djs-element.djs-shape[data-element-id="${id}"]`).boundingBox();
  if (!box) throw new Error(`element ${id} is not on the canvas`);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height * 0.75);
  await page.waitForSelector(`.bio-properties-panel-header-label`);
}

/** Poll the exported XML until `predicate` holds (text fields write after their debounce). */
export async function waitForXml(
  page: Page,
  predicate: (xml: string) => boolean,
  timeoutMs = 5000,
): Promise<string> {
  const started = Date.now();
  let xml = '';
  while (Date.now() - started < timeoutMs) {
    xml = await exportXml(page);
    if (predicate(xml)) return xml;
    await page.waitForTimeout(100);
  }
  throw new Error(`the exported XML did not change as expected within ${timeoutMs} ms:\n${xml}`);
}

/** The attributes of one BPMN element in exported XML (a small regex is enough for our own output). */
export function attributesOf(xml: string, id: string): Record<string, string> {
  const tag = new RegExp(`<[\\w:]+ [^>]*id="${id}"[^>]*>`).exec(xml)?.[0];
  if (!tag) throw new Error(`no element ${id} in the XML`);
  return Object.fromEntries([...tag.matchAll(/([\w:]+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
}
