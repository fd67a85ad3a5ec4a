/**
 * A model saved by bpmn-js (the real modeler in Debian's chromium, not a simulation) compiles to the same IR hash
 * as the file it was opened from, even after its shapes were moved: layout is not part of the procedure.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { repoRoot } from '../../config/index.js';
import { compileProcedure, loadRegistry } from '../../compiler/index.js';
import { launchBrowser, type TestBrowser } from '../e2e/support/browser.js';
import { exportXml, openRoute, waitForModeler } from '../e2e/support/console-page.js';
import { serveConsole, type StaticServer } from '../e2e/support/static-server.js';

type Win = {
  motcua: {
    importXml(xml: string): Promise<void>;
    modeler: { get(name: string): unknown };
  };
};

const samplesDir = path.join(repoRoot, 'procedure-models', 'samples');
const bpmnSamples = fs
  .readdirSync(samplesDir)
  .filter((d) => fs.existsSync(path.join(samplesDir, d, 'process.bpmn')))
  .sort();

describe('compiler: round trip through bpmn-js in the browser', function () {
  this.timeout(120_000);
  let browser: TestBrowser;
  let server: StaticServer;
  let page: Page;

  before(async () => {
    server = await serveConsole();
    browser = await launchBrowser();
    page = await browser.newPage();
    await openRoute(page, server.url, '#/modeler');
    await waitForModeler(page);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('has BPMN samples to try', () => {
    expect(bpmnSamples.length).to.be.greaterThan(1);
  });

  for (const sample of bpmnSamples) {
    it(`${sample}: saved by bpmn-js after moving every shape, same hash`, async () => {
      const metadata: unknown = JSON.parse(
        fs.readFileSync(path.join(samplesDir, sample, 'procedure.json'), 'utf8'),
      );
      const original = fs.readFileSync(path.join(samplesDir, sample, 'process.bpmn'), 'utf8');
      await page.evaluate((xml) => (globalThis as unknown as Win).motcua.importXml(xml), original);
      await page.evaluate(() => {
        const m = (globalThis as unknown as Win).motcua.modeler;
        const registry = m.get('elementRegistry') as {
          filter(fn: (e: { type: string; labelTarget?: unknown; waypoints?: unknown }) => boolean): unknown[];
        };
        const modeling = m.get('modeling') as {
          moveElements(elements: unknown[], delta: { x: number; y: number }): void;
        };
        const shapes = registry.filter(
          (e) =>
            !e.waypoints && !e.labelTarget && e.type !== 'bpmn:Process' && e.type !== 'bpmn:Collaboration',
        );
        modeling.moveElements(shapes, { x: 40, y: 25 });
      });
      const saved = await exportXml(page);
      expect(saved).not.to.equal(original);
      const registry = await loadRegistry();
      const before = await compileProcedure({ metadata, model: { kind: 'bpmn', xml: original }, registry });
      const after = await compileProcedure({ metadata, model: { kind: 'bpmn', xml: saved }, registry });
      expect(before.ok, JSON.stringify(before.diagnostics)).to.equal(true);
      expect(after.ok, JSON.stringify(after.diagnostics)).to.equal(true);
      expect(after.hash).to.equal(before.hash);
    });
  }
});
