/**
 * Helpers for API tests against the real stack: an app on an ephemeral port, users with roles, signing in,
 * multipart requests, and a procedure fixture published straight through the store.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import pino from 'pino';
import { createApp, type HealthReport, type UploadLimits } from '../../api/index.js';
import { dossierWorkflowId } from '../../ir/index.js';
import type { CompiledProcedure, ProcedureIr, ProcedureMetadata } from '../../ir/index.js';
import { createUser, hashPassword, publishProcedures, seedAdmin, upsertAgencies } from '../../store/index.js';
import { testStack, uniqueSuffix, type TestStack } from '../support/stack.js';

export interface TestApp {
  stack: TestStack;
  baseUrl: string;
  server: Server;
  close(): Promise<void>;
}

export const okHealth = async (): Promise<HealthReport> => ({
  status: 'ok',
  components: {
    temporal: { state: 'ok' },
    postgres: { state: 'ok' },
    minio: { state: 'ok' },
    worker: { state: 'ok' },
  },
});

export async function startTestApp(
  opts: {
    taskQueue?: string;
    health?: () => Promise<HealthReport>;
    uploadLimits?: Partial<UploadLimits>;
  } = {},
): Promise<TestApp> {
  const stack = await testStack();
  // Make sure the bucket exists (the launcher creates it; a fresh stack may not have yet).
  if (!(await stack.minio.bucketExists(stack.s3.bucket)))
    await stack.minio.makeBucket(stack.s3.bucket, stack.s3.region);
  const app = createApp({
    config: stack.config,
    knex: stack.knex,
    temporal: stack.client,
    s3: stack.s3,
    health: opts.health ?? okHealth,
    logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    authSecret: new TextEncoder().encode('test-secret-' + 'x'.repeat(32)),
    taskQueue: opts.taskQueue ?? `api-test-${uniqueSuffix()}`,
    uploadLimits: opts.uploadLimits,
    rateLimitPrefix: `test-${uniqueSuffix()}:`,
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    stack,
    baseUrl: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

export interface Json {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export async function call(
  app: TestApp,
  method: string,
  path: string,
  opts: { token?: string; json?: unknown; body?: RequestInit['body']; headers?: Record<string, string> } = {},
): Promise<Json> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body = opts.body;
  if (opts.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.json);
  }
  const res = await fetch(app.baseUrl + path, { method, headers, body, redirect: 'manual' });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON */
  }
  return { status: res.status, headers: res.headers, body: parsed };
}

/** A user with the given roles; returns a signed-in token. */
export async function userWithRoles(
  app: TestApp,
  roles: Array<{ role: string; agency: string }>,
  prefix = 'u',
): Promise<{ username: string; password: string; token: string }> {
  const username = `${prefix}-${uniqueSuffix()}`.toLowerCase();
  const password = randomBytes(12).toString('hex');
  await createUser({
    knex: app.stack.knex,
    user: {
      username,
      passwordHash: await hashPassword(password),
      fullName: `Test ${prefix}`,
      roles: roles.map((r) => ({ role: r.role, agencyCode: r.agency })),
    },
  });
  const res = await call(app, 'POST', '/api/auth/token', { json: { username, password } });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { username, password, token: res.body.accessToken as string };
}

export async function adminToken(app: TestApp): Promise<string> {
  const username = 'test-admin';
  const password = 'test-admin-password';
  await seedAdmin({ knex: app.stack.knex, username, password });
  const res = await call(app, 'POST', '/api/auth/token', { json: { username, password } });
  if (res.status !== 200) throw new Error(`admin sign-in failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.accessToken as string;
}

/** A minimal valid PDF. */
export function pdfBytes(text = 'motcua test'): Buffer {
  return Buffer.from(
    `%PDF-1.4\n% ${text}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 obj >>\n%%EOF\n`,
  );
}

export function sha256(buf: Buffer): string {
  return createHash('sha256').update(buf).digest('hex');
}

export function multipart(
  dossier: unknown,
  files: Array<{ field: string; name: string; type: string; bytes: Buffer }>,
): FormData {
  const form = new FormData();
  form.append('dossier', typeof dossier === 'string' ? dossier : JSON.stringify(dossier));
  for (const f of files) form.append(f.field, new Blob([new Uint8Array(f.bytes)], { type: f.type }), f.name);
  return form;
}

export function applicant(overrides: Record<string, unknown> = {}) {
  return {
    type: 'person',
    name: 'Nguyễn Văn An',
    idNumber: '038090001234',
    phone: '0912345678',
    address: '12 Lê Lợi, Thanh Hóa',
    ...overrides,
  };
}

function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const o = value as Record<string, unknown>;
  return `{${Object.keys(o)
    .sort()
    .filter((k) => o[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
    .join(',')}}`;
}

/**
 * A fixture procedure for tests that only file dossiers (no worker runs it): agency `agency`, two required
 * components and one optional. Its IR is a plain receive → end chain written by hand; tests that run workflows
 * use the compiler instead.
 */
export async function publishFixture(
  app: TestApp,
  opts: { agency: string; code?: string; parent?: string | null } = { agency: 'TST' },
): Promise<{ code: string; agency: string; metadata: ProcedureMetadata }> {
  const code = opts.code ?? `T.${uniqueSuffix()}`;
  await upsertAgencies({
    knex: app.stack.knex,
    agencies: [
      {
        code: opts.agency,
        parentCode: opts.parent ?? null,
        level: 'province',
        names: { vi: `Cơ quan ${opts.agency}` },
        unitCode: `U.${opts.agency}`,
      },
    ],
  });
  const metadata: ProcedureMetadata = {
    code,
    names: { vi: 'Thủ tục thử nghiệm', en: 'Test procedure' },
    level: 'province',
    sector: 'Thử nghiệm',
    agency: opts.agency,
    channels: [
      { channel: 'counter', duration: { amount: 3, unit: 'working-day' }, fees: [] },
      { channel: 'online', duration: { amount: 3, unit: 'working-day' }, fees: [] },
    ],
    components: [
      {
        id: 'don',
        name: { vi: 'Đơn đề nghị', en: 'Application form' },
        required: true,
        kind: 'original',
        count: 1,
      },
      {
        id: 'cccd',
        name: { vi: 'Căn cước công dân', en: 'Citizen ID' },
        required: true,
        kind: 'copy',
        count: 1,
      },
      {
        id: 'khac',
        name: { vi: 'Giấy tờ khác', en: 'Other papers' },
        required: false,
        kind: 'copy',
        count: 1,
      },
    ],
    result: { vi: 'Giấy xác nhận', en: 'Certificate' },
    model: 'steps.json',
  };
  const ir: ProcedureIr = {
    irVersion: 1,
    procedure: {
      code,
      names: metadata.names,
      level: 'province',
      sector: metadata.sector,
      agency: opts.agency,
      channels: metadata.channels.map((c) => ({ channel: c.channel, duration: c.duration })),
      cutoff: { paper: '15:00', online: 'next-session' },
      participants: [],
    },
    startNode: 'start',
    nodes: [
      { kind: 'startEvent', id: 'start', name: { vi: 'Bắt đầu' }, incoming: [], outgoing: ['f1'] },
      {
        kind: 'userTask',
        id: 'receive',
        name: { vi: 'Tiếp nhận' },
        incoming: ['f1'],
        outgoing: ['f2'],
        role: 'receptionist',
        duration: { amount: 1, unit: 'working-day' },
        warningAt: 0.75,
        outcomes: ['done'],
        boundaryEvents: [],
      },
      {
        kind: 'endEvent',
        id: 'end',
        name: { vi: 'Kết thúc' },
        incoming: ['f2'],
        outgoing: [],
        outcome: 'returned',
      },
    ],
    flows: [
      { id: 'f1', source: 'start', target: 'receive' },
      { id: 'f2', source: 'receive', target: 'end' },
    ],
  };
  const compiled: CompiledProcedure = { hash: createHash('sha256').update(canonical(ir)).digest('hex'), ir };
  await publishProcedures({
    knex: app.stack.knex,
    entries: [{ metadata, modelKind: 'steps', modelSource: '{"steps":[]}', compiled }],
    actor: 'test',
  });
  return { code, agency: opts.agency, metadata };
}

/** Ends the workflows of dossiers a test filed without a worker (keeps the test namespace tidy). */
export async function terminateDossiers(app: TestApp, codes: string[]): Promise<void> {
  await Promise.all(
    codes.map((c) =>
      app.stack.client.workflow
        .getHandle(dossierWorkflowId(c))
        .terminate('test finished')
        .catch(() => undefined),
    ),
  );
}

export async function countObjects(app: TestApp, prefix: string): Promise<number> {
  let n = 0;
  const stream = app.stack.minio.listObjectsV2(app.stack.s3.bucket, prefix, true);
  for await (const _ of stream) n += 1;
  return n;
}

// ---------------------------------------------------------------------------------------------------------------
// A real interpreter worker for lifecycle tests (the workflow bundle is built once per test run).
// ---------------------------------------------------------------------------------------------------------------

let bundle: Promise<{ code: string }> | undefined;

export interface TestWorker {
  taskQueue: string;
  stop(): Promise<void>;
}

export async function startTestWorker(app: TestApp, taskQueue: string): Promise<TestWorker> {
  const { NativeConnection, bundleWorkflowCode, Runtime, DefaultLogger } = await import('@temporalio/worker');
  const { createWorker, workflowsPath } = await import('../../worker/index.js');
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    /* installed already by an earlier test */
  }
  bundle ??= bundleWorkflowCode({ workflowsPath, logger: new DefaultLogger('WARN') });
  const connection = await NativeConnection.connect({ address: app.stack.config.temporal.address });
  const worker = await createWorker({
    config: app.stack.config,
    taskQueue,
    connection,
    knex: app.stack.knex,
    workflowBundle: await bundle,
  });
  const running = worker.run();
  return {
    taskQueue,
    async stop() {
      worker.shutdown();
      await running.catch(() => undefined);
      await connection.close().catch(() => undefined);
    },
  };
}

/** Compiles and publishes a sample under procedure-models/samples/ (its agency is created when missing). */
export async function publishSample(app: TestApp, name: string): Promise<ProcedureMetadata> {
  const fs = await import('node:fs');
  const path = await import('node:path');
  const { repoRoot } = await import('../../config/index.js');
  const { compileFolder, defaultRegistry } = await import('../../compiler/index.js');
  const { getAgency } = await import('../../store/index.js');
  const dir = path.join(repoRoot, 'procedure-models', 'samples', name);
  const metadata = JSON.parse(fs.readFileSync(path.join(dir, 'procedure.json'), 'utf8')) as ProcedureMetadata;
  const agencies = new Set([metadata.agency, ...(metadata.participants ?? [])]);
  for (const code of agencies) {
    if (!(await getAgency({ knex: app.stack.knex, code }))) {
      await upsertAgencies({
        knex: app.stack.knex,
        agencies: [{ code, level: 'province', names: { vi: `Cơ quan ${code}` }, unitCode: code }],
      });
    }
  }
  const result = await compileFolder(dir, defaultRegistry({ agencies }));
  if (!result.ok || !result.compiled)
    throw new Error(`sample ${name} does not compile: ${JSON.stringify(result.diagnostics)}`);
  await publishProcedures({
    knex: app.stack.knex,
    entries: [
      {
        metadata,
        modelKind: metadata.model.endsWith('.bpmn') ? 'bpmn' : 'steps',
        modelSource: fs.readFileSync(path.join(dir, metadata.model), 'utf8'),
        compiled: result.compiled,
      },
    ],
    actor: 'test',
  });
  return metadata;
}

export async function until<T>(
  what: string,
  fn: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}
