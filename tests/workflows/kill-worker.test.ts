/**
 * A worker killed (SIGKILL) in the middle of a dossier — while a plugin call is in flight — and a new worker that
 * picks the dossier up: it finishes, every projected event exists once (gap-free seq), the webhook's retries carry
 * one idempotency key (so the receiver applies the side effect once).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { repoRoot } from '../../config/index.js';
import { buildIr, days, end, service, start, task } from './fixtures/build-ir.js';
import { killTestHook } from './support/kill-plugins.js';
import {
  claimAndComplete,
  events,
  startDossier,
  startWorker,
  testStack,
  uniqueSuffix,
  waitFor,
  workflowBundle,
  type TestWorker,
} from './support/harness.js';
import type { DossierWorkflowResult } from '../../workflows/index.js';
import type { TestStack } from '../support/stack.js';

describe('interpreter: worker killed mid-dossier', function () {
  this.timeout(90_000);
  let stack: TestStack;
  let child: ChildProcess | undefined;
  let replacement: TestWorker | undefined;
  let server: http.Server;
  let bundlePath: string;
  const requests: Array<{ key: string; code: unknown }> = [];
  let onFirstRequest: (() => void) | undefined;

  before(async () => {
    stack = await testStack();
    bundlePath = path.join(os.tmpdir(), `motcua-bundle-${uniqueSuffix()}.js`);
    fs.writeFileSync(bundlePath, (await workflowBundle()).code);
    server = http.createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        requests.push({
          key: String(req.headers['idempotency-key']),
          code: (JSON.parse(raw) as { dossierCode: unknown }).dossierCode,
        });
        if (onFirstRequest) {
          // hold the answer: the worker dies while waiting for it
          const kill = onFirstRequest;
          onFirstRequest = undefined;
          kill();
          setTimeout(() => res.destroy(), 3000);
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  });
  after(async () => {
    child?.kill('SIGKILL');
    await replacement?.stop();
    await new Promise((r) => server.close(r));
    fs.rmSync(bundlePath, { force: true });
  });

  it('resumes on another worker without duplicating events or side effects', async () => {
    const taskQueue = `kill-${uniqueSuffix()}`;
    child = spawn(
      process.execPath,
      [path.join(repoRoot, 'dist/tests/workflows/support/worker-process.js'), taskQueue, bundlePath],
      {
        env: { ...process.env, MOTCUA_PROFILE: 'test' },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    await new Promise<void>((resolve, reject) => {
      child!.stdout!.on('data', (b: Buffer) => b.toString().includes('ready') && resolve());
      child!.once('exit', (code) => reject(new Error(`worker process exited early (${code})`)));
    });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    const ir = buildIr({
      code: `KILL-${uniqueSuffix()}`,
      agency: 'SO-TP',
      duration: days(100),
      nodes: [
        start(),
        task('receive', 'receptionist', days(10)),
        service('hook', killTestHook.type, { url: `"${url}"` }),
        task('sign', 'department-head', days(10)),
        end('done'),
      ],
      flows: [
        ['start', 'receive'],
        ['receive', 'hook'],
        ['hook', 'sign'],
        ['sign', 'done'],
      ],
    });
    const killed = new Promise<void>((resolve) => {
      onFirstRequest = () => {
        child!.kill('SIGKILL');
        resolve();
      };
    });
    const d = await startDossier(stack, taskQueue, ir);
    await claimAndComplete(d.handle, 'receive#1', 'rc1');
    await killed;
    await new Promise((r) => child!.once('exit', r));

    replacement = await startWorker(stack, { taskQueue, plugins: [killTestHook] });
    await waitFor(d.handle, (s) => s.openTasks.some((t) => t.taskId === 'sign#1'), 30_000);
    await claimAndComplete(d.handle, 'sign#1', 'ld1');
    expect(((await d.handle.result()) as DossierWorkflowResult).outcome).to.equal('returned');

    const evs = await events(stack, d.workflowId);
    expect(evs.map((e) => e.seq)).to.deep.equal(evs.map((_, i) => i + 1));
    const count = (type: string) => evs.filter((e) => e.type === type).length;
    expect([
      count('received'),
      count('task-opened'),
      count('service-started'),
      count('service-completed'),
      count('result'),
    ]).to.deep.equal([1, 2, 1, 1, 1]);
    const tasks = await stack.knex('tasks').where({ workflow_id: d.workflowId });
    expect(tasks).to.have.length(2);
    const mine = requests.filter((r) => r.code === d.code);
    expect(mine.length).to.be.at.least(2);
    expect(new Set(mine.map((r) => r.key)).size).to.equal(1);
  });
});
