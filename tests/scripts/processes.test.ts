/**
 * API and worker as separate processes, two API processes at once (as behind a proxy): nothing either keeps in
 * memory may be needed by the other. Real processes (dist/scripts/api.js, worker.js) on the test stack: health from
 * the worker's heartbeat, a rate limit counted across both APIs, a deactivated account refused at once by the API
 * that did not make the change, and a graceful drain of each kind on SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { expect } from 'chai';
import { repoRoot } from '../../config/index.js';
import { createUser, hashPassword, seedAdmin } from '../../store/index.js';
import { testStack, uniqueSuffix, type TestStack } from '../support/stack.js';

interface Proc {
  child: ChildProcess;
  lines: string[];
  exited: Promise<number | null>;
}

function run(script: 'api' | 'worker', env: NodeJS.ProcessEnv): Proc {
  const child = spawn(process.execPath, [path.join(repoRoot, 'dist', 'scripts', `${script}.js`)], {
    cwd: repoRoot,
    env: { ...process.env, MOTCUA_PROFILE: 'test', PORT: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const take = (d: Buffer) => lines.push(...d.toString().split('\n').filter(Boolean));
  child.stdout!.on('data', take);
  child.stderr!.on('data', take);
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, lines, exited };
}

async function lineOf(p: Proc, re: RegExp, timeoutMs = 60_000): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const l of p.lines) {
      const m = re.exec(l);
      if (m) return m;
    }
    if (p.child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`no line ${re} (exit ${p.child.exitCode}): ${p.lines.slice(-5).join(' | ')}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function json(base: string, method: string, p: string, body?: unknown, token?: string) {
  const res = await fetch(`${base}${p}`, {
    method,
    headers: {
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

async function health(base: string) {
  return (await json(base, 'GET', '/healthz')).body as {
    components: { worker: { state: string; detail?: string } };
  };
}

describe('processes: API and workers apart, two API processes at once', function () {
  this.timeout(180_000);
  let stack: TestStack;
  let a: Proc;
  let b: Proc;
  let worker: Proc;
  let baseA: string;
  let baseB: string;
  const taskQueue = `proc-${uniqueSuffix()}`;

  before(async () => {
    stack = await testStack();
    const env = { TEMPORAL_TASK_QUEUE: taskQueue, AUTH_SECRET: `processes-test-${'x'.repeat(32)}` };
    worker = run('worker', env);
    a = run('api', env);
    b = run('api', env);
    baseA = (await lineOf(a, /api listening on (\S+)/))[1]!;
    baseB = (await lineOf(b, /api listening on (\S+)/))[1]!;
    await lineOf(worker, / running: task queue /);
  });

  after(async () => {
    for (const p of [a, b, worker]) if (p && p.child.exitCode === null) p.child.kill('SIGKILL');
  });

  it('each API process reports the worker process from its heartbeat', async () => {
    for (const base of [baseA, baseB]) {
      const h = await health(base);
      expect(h.components.worker).to.deep.equal({ state: 'ok', detail: '1 running' });
    }
  });

  it('a rate limit holds across both API processes (counted in PostgreSQL)', async () => {
    await stack.knex('rate_limits').where('key', 'like', 'lookup:%').delete();
    const lookup = (base: string) =>
      fetch(`${base}/api/public/dossiers/KHONG-CO-${uniqueSuffix()}?secret=1234`).then((r) => r.status);
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push(await lookup(baseA));
    for (let i = 0; i < 10; i++) statuses.push(await lookup(baseB));
    expect(statuses.every((s) => s === 404)).to.equal(true);
    // 30 per minute and address: the 31st, on either process, is refused
    expect(await lookup(baseB)).to.equal(429);
    expect(await lookup(baseA)).to.equal(429);
  });

  it('an account deactivated through one API process is refused by the other at once', async () => {
    const adminName = `admin-${uniqueSuffix()}`;
    await seedAdmin({ knex: stack.knex, username: adminName, password: 'mat-khau-quan-tri-2026' });
    const username = `cb-${uniqueSuffix()}`;
    await createUser({
      knex: stack.knex,
      user: {
        username,
        passwordHash: await hashPassword('mat-khau-can-bo-2026'),
        fullName: 'Trần Văn Cán Bộ',
        roles: [{ role: 'specialist', agencyCode: 'STP' }],
      },
    });
    const admin = (
      await json(baseA, 'POST', '/api/auth/token', {
        username: adminName,
        password: 'mat-khau-quan-tri-2026',
      })
    ).body.accessToken as string;
    const token = (
      await json(baseB, 'POST', '/api/auth/token', { username, password: 'mat-khau-can-bo-2026' })
    ).body.accessToken as string;
    // B has the account in its cache now
    expect((await json(baseB, 'GET', '/api/auth/me', undefined, token)).status).to.equal(200);
    const off = await json(
      baseA,
      'PATCH',
      `/api/users/${username}`,
      { active: false, reason: 'nghỉ việc' },
      admin,
    );
    expect(off.status).to.equal(200);
    const deadline = Date.now() + 2_000;
    let status = 200;
    while (status === 200 && Date.now() < deadline) {
      status = (await json(baseB, 'GET', '/api/auth/me', undefined, token)).status;
      if (status === 200) await new Promise((r) => setTimeout(r, 50));
    }
    // within the announcement's round trip, far below B's 5-second cache
    expect(status).to.equal(401);
  });

  it('an API process drains on SIGTERM: the request in flight is answered, then it exits 0', async () => {
    const { port } = new URL(baseA);
    const body = JSON.stringify({ username: 'khong-ai', password: 'sai-mat-khau-12345' });
    const socket = net.connect(Number(port), '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    let answer = '';
    socket.on('data', (d) => (answer += d.toString()));
    // half a request, then SIGTERM, then the rest
    socket.write(
      `POST /api/auth/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n` +
        body.slice(0, 10),
    );
    await new Promise((r) => setTimeout(r, 200));
    a.child.kill('SIGTERM');
    await lineOf(a, /api draining/);
    socket.write(body.slice(10));
    const code = await a.exited;
    expect(answer).to.match(/^HTTP\/1\.1 401 /);
    expect(code).to.equal(0);
    socket.destroy();
    // the other API process serves on
    expect((await json(baseB, 'GET', '/api/procedures?limit=1')).status).to.equal(200);
  });

  it('a worker process drains on SIGTERM, exits 0 and leaves the health report', async () => {
    worker.child.kill('SIGTERM');
    expect(await worker.exited).to.equal(0);
    expect(worker.lines.join('\n')).to.match(/draining/);
    const h = await health(baseB);
    expect(h.components.worker.state).to.equal('down');
  });
});
