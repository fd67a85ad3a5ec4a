/**
 * The browser for the UI tests: Debian's chromium driven by playwright-core (no browser download of its own),
 * headless, with a fresh profile per launch. Installing chromium is the set-up's job (scripts/bootstrap.mjs runs
 * `apt-get install -y chromium` when it can); a missing browser fails the tests with the command to run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { repoRoot } from '../../../config/index.js';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags for a container without a GPU or a sandbox, and no background traffic. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const SCREENSHOT_DIR = path.join(repoRoot, 'test-artifacts', 'screenshots');

export interface TestBrowser {
  context: BrowserContext;
  /** A new page that fails the test on any console error or uncaught exception in the page. */
  newPage(): Promise<Page>;
  /** Errors the pages reported (console.error, page errors). */
  errors: string[];
  close(): Promise<void>;
}

export class ChromiumMissingError extends Error {}

export async function launchBrowser(): Promise<TestBrowser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new ChromiumMissingError(
      `không tìm thấy chromium tại ${CHROMIUM_PATH}: chạy \`apt-get install -y chromium\` (hoặc đặt CHROMIUM_PATH) / ` +
        `chromium not found at ${CHROMIUM_PATH}: run \`apt-get install -y chromium\` (or set CHROMIUM_PATH)`,
    );
  }
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1440, height: 900 },
    locale: 'vi-VN',
  });
  const errors: string[] = [];
  return {
    context,
    errors,
    async newPage() {
      const page = await context.newPage();
      page.on('console', (m) => {
        if (m.type() === 'error')
          errors.push(`console: ${m.text()}${m.location().url ? ` (${m.location().url})` : ''}`);
      });
      page.on('pageerror', (e) => errors.push(`page: ${e.message}`));
      return page;
    },
    async close() {
      await context.close().catch(() => undefined);
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Save a screenshot under test-artifacts/screenshots/ (kept for people to look at; not compared); `fullPage` takes
 * the whole scrollable page instead of the viewport.
 */
export async function screenshot(
  page: Page,
  name: string,
  opts: { fullPage?: boolean } = {},
): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: opts.fullPage ?? false });
  return file;
}
