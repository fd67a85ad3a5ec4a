import { launchBrowser, screenshot } from '../../dist/tests/e2e/support/browser.js';
import { serveConsole } from '../../dist/tests/e2e/support/static-server.js';
import { openRoute, waitForModeler, lintIssues } from '../../dist/tests/e2e/support/console-page.js';
const server = await serveConsole();
const b = await launchBrowser();
const page = await b.newPage();
const btn = async (w) => console.log(w, await page.$$eval('.bjsl-button', (e) => e.map((x) => x.className)), await page.$$eval('.djs-container', (e) => e.length));
try {
  await page.goto(server.url);
  await page.evaluate(() => localStorage.clear());
  await openRoute(page, server.url, '#/modeler');
  await waitForModeler(page);
  await btn('after open');
  await page.waitForSelector('.bjsl-button-success');
  await screenshot(page, 'dbg-a');
  await btn('after shot');
  await page.click('.djs-palette .entry[data-action="create.user-task"]');
  await btn('after palette click');
  const canvas = await page.locator('[data-testid="canvas"]').boundingBox();
  await page.mouse.move(canvas.x + 500, canvas.y + canvas.height - 120);
  await page.mouse.move(canvas.x + 510, canvas.y + canvas.height - 110);
  await btn('after move');
  await page.mouse.click(canvas.x + 510, canvas.y + canvas.height - 110);
  await page.waitForTimeout(800);
  await btn('after click');
  console.log(Object.values(await lintIssues(page)).flat().map(i=>i.message));
  console.log(b.errors);
} finally { await b.close(); await server.close(); }
