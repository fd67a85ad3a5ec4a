/**
 * The compiler's output runs on the interpreter: every sample procedure in procedure-models/samples (steps lists and
 * BPMN, with a webhook service task and an inter-agency call activity) is compiled and driven to its end by a
 * generic inbox robot that completes each open task with its first outcome.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { expect } from 'chai';
import type { WorkflowHandle } from '@temporalio/client';
import { compilePath, findProcedureFolders } from '../../compiler/index.js';
import { repoRoot } from '../../config/index.js';
import type { CompiledProcedure } from '../../ir/index.js';
import {
  claimAndComplete,
  seedProcedure,
  startDossier,
  startWorker,
  state,
  testStack,
  uniqueSuffix,
  type TestWorker,
} from './support/harness.js';
import type { DossierWorkflowResult } from '../../workflows/index.js';
import type { TestStack } from '../support/stack.js';

/** Completes whatever is open (here and in child dossiers) until the dossier finishes. */
async function robot(
  stack: TestStack,
  handle: WorkflowHandle,
  deadline = Date.now() + 30_000,
): Promise<DossierWorkflowResult> {
  while (Date.now() < deadline) {
    const s = await state(handle);
    if (s.finished) return (await handle.result()) as DossierWorkflowResult;
    let acted = false;
    for (const t of s.openTasks) {
      await claimAndComplete(handle, t.taskId, 'robot', t.outcomes[0]);
      acted = true;
    }
    const started = s.timeline
      .filter((e) => e.type === 'call-started')
      .map((e) => String(e.payload.childWorkflowId));
    const done = new Set(
      s.timeline.filter((e) => e.type === 'call-completed').map((e) => String(e.payload.childWorkflowId)),
    );
    for (const id of started.filter((x) => !done.has(x))) {
      await robot(stack, stack.client.workflow.getHandle(id), deadline);
      acted = true;
    }
    if (!acted) await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`dossier ${handle.workflowId} did not finish`);
}

describe('compiled sample procedures run on the interpreter', function () {
  let stack: TestStack;
  let w: TestWorker;
  let server: http.Server;
  let hookUrl: string;
  const hooks: unknown[] = [];
  const compiled = new Map<string, CompiledProcedure>();

  before(async () => {
    server = http.createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        hooks.push(JSON.parse(raw));
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    hookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    stack = await testStack();
    w = await startWorker(stack);
    // Unique codes so other test files' procedures with the sample codes are left alone; webhooks stay local.
    const suffix = uniqueSuffix();
    for (const folder of await findProcedureFolders(path.join(repoRoot, 'procedure-models', 'samples'))) {
      const r = await compilePath(folder);
      expect(r.ok, `${folder}: ${JSON.stringify(r.diagnostics)}`).to.equal(true);
      const c = structuredClone(r.compiled!);
      const code = c.ir.procedure.code;
      c.ir.procedure.code = `${code}-${suffix}`;
      for (const n of c.ir.nodes) {
        if (n.kind === 'callActivity') n.procedure = `${n.procedure}-${suffix}`;
        if (n.kind === 'serviceTask' && 'url' in n.input) n.input.url = JSON.stringify(hookUrl);
      }
      compiled.set(code, c);
    }
    for (const c of compiled.values()) await seedProcedure(stack.knex, c);
  });
  after(async () => {
    await w?.stop();
    await new Promise((r) => server.close(r));
  });

  it('compiles at least the five samples', () => {
    expect(compiled.size).to.be.at.least(5);
  });

  for (const code of ['MC.000001', 'MC.000002', 'MC.000003', 'MC.000004', 'MC.000005']) {
    it(`${code} runs to an end`, async function () {
      const c = compiled.get(code);
      if (!c) throw new Error(`sample ${code} not found`);
      const d = await startDossier(stack, w.taskQueue, c);
      const result = await robot(stack, d.handle);
      expect(result.outcome).to.be.oneOf(['returned', 'refused']);
      const row = await stack.knex('dossiers').where({ id: d.dossierId }).first();
      expect(row.outcome).to.equal(result.outcome);
      expect(row.finished_at).to.be.instanceOf(Date);
    });
  }
});
