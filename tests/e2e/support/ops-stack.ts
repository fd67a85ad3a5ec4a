/**
 * The whole console for operations browser tests: the real API (createApp on the test stack) and the built console
 * on one port under helmet's default CSP, a real worker on its own task queue (scaled calendar: one working day =
 * one hour, so nothing is overdue during a test), users created through the store, and a procedure with a
 * notify.webhook service task published from tests/e2e/fixtures/ops-notify.bpmn.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import express from 'express';
import helmet from 'helmet';
import pino from 'pino';
import type { Worker } from '@temporalio/worker';
import { createApp } from '../../../api/index.js';
import { createScaledCalendar } from '../../../calendar/index.js';
import { compileProcedure, defaultRegistry } from '../../../compiler/index.js';
import { repoRoot } from '../../../config/index.js';
import type { ProcedureMetadata } from '../../../ir/index.js';
import { createUser, hashPassword, publishProcedures, upsertAgencies } from '../../../store/index.js';
import { testStack, uniqueSuffix, type TestStack } from '../../support/stack.js';
import { CONSOLE_DIR } from './static-server.js';

export interface OpsConsole {
  stack: TestStack;
  url: string;
  taskQueue: string;
  close(): Promise<void>;
}

let bundle: Promise<{ code: string }> | undefined;

export async function startOpsConsole(): Promise<OpsConsole> {
  if (!fs.existsSync(path.join(CONSOLE_DIR, 'app.js')))
    throw new Error('dist/console/ is not built: run node dist/scripts/build-console.js');
  const stack = await testStack();
  if (!(await stack.minio.bucketExists(stack.s3.bucket)))
    await stack.minio.makeBucket(stack.s3.bucket, stack.s3.region);
  const { NativeConnection, bundleWorkflowCode, Runtime, DefaultLogger } = await import('@temporalio/worker');
  const { createWorker, workflowsPath } = await import('../../../worker/index.js');
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    /* installed by an earlier test */
  }
  bundle ??= bundleWorkflowCode({ workflowsPath, logger: new DefaultLogger('WARN') });
  const taskQueue = `ops-e2e-${uniqueSuffix()}`;
  const connection = await NativeConnection.connect({ address: stack.config.temporal.address });
  const worker: Worker = await createWorker({
    config: stack.config,
    taskQueue,
    connection,
    knex: stack.knex,
    workflowBundle: await bundle,
    calendar: createScaledCalendar({ msPerWorkingDay: 3_600_000 }),
  });
  const running = worker.run();

  const app = express();
  app.use(
    createApp({
      config: stack.config,
      knex: stack.knex,
      temporal: stack.client,
      s3: stack.s3,
      health: async () => ({
        status: 'ok',
        components: {
          temporal: { state: 'ok' },
          postgres: { state: 'ok' },
          minio: { state: 'ok' },
          worker: { state: 'ok' },
        },
      }),
      logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
      authSecret: new TextEncoder().encode('ops-e2e-secret-' + 'x'.repeat(32)),
      taskQueue,
      rateLimitPrefix: `e2e-${taskQueue}:`,
    }),
  );
  app.use(helmet());
  app.use(express.static(CONSOLE_DIR, { index: 'index.html' }));
  const server = http.createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    stack,
    url: `http://127.0.0.1:${port}/`,
    taskQueue,
    async close() {
      server.closeAllConnections?.();
      await new Promise<void>((r) => server.close(() => r()));
      worker.shutdown();
      await running.catch(() => undefined);
      await connection.close().catch(() => undefined);
    },
  };
}

export interface OpsUser {
  username: string;
  password: string;
}

export async function opsUser(stack: TestStack, role: string, agency: string): Promise<OpsUser> {
  const username = `${role}-${uniqueSuffix()}`.toLowerCase();
  const password = `pw-${uniqueSuffix()}`;
  await createUser({
    knex: stack.knex,
    user: {
      username,
      passwordHash: await hashPassword(password),
      fullName: `Cán bộ ${role}`,
      roles: [{ role, agencyCode: agency }],
    },
  });
  return { username, password };
}

/**
 * Publishes the fixture procedure (two required components, a counter fee) with its webhook pointing at `hookUrl`,
 * in a new agency — or in `opts.agency` when given (an agency an earlier call created). `opts.xml` may rewrite the
 * model first (e.g. shorter step durations).
 */
export async function publishNotifyProcedure(
  stack: TestStack,
  hookUrl: string,
  opts: { agency?: string; xml?: (xml: string) => string } = {},
): Promise<ProcedureMetadata> {
  const suffix = uniqueSuffix();
  const agency = opts.agency ?? `OPS-${suffix}`.toUpperCase();
  if (!opts.agency) {
    await upsertAgencies({
      knex: stack.knex,
      agencies: [
        {
          code: agency,
          parentCode: null,
          level: 'province',
          names: { vi: `Sở thử nghiệm ${suffix}` },
          unitCode: `U.${agency}`,
        },
      ],
    });
  }
  const metadata: ProcedureMetadata = {
    code: `OPS.${suffix}`,
    names: { vi: `Cấp giấy phép thử nghiệm ${suffix}`, en: `Test licence ${suffix}` },
    level: 'province',
    sector: 'Thử nghiệm',
    agency,
    channels: [
      {
        channel: 'counter',
        duration: { amount: 5, unit: 'working-day' },
        fees: [{ name: { vi: 'Lệ phí', en: 'Fee' }, amount: 50000, currency: 'VND', per: 'dossier' }],
      },
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
        name: { vi: 'Bản sao căn cước', en: 'Copy of the ID card' },
        required: true,
        kind: 'copy',
        count: 1,
      },
    ],
    result: { vi: 'Giấy phép', en: 'Licence' },
    model: 'process.bpmn',
  };
  const fixture = fs
    .readFileSync(path.join(repoRoot, 'tests', 'e2e', 'fixtures', 'ops-notify.bpmn'), 'utf8')
    .replace('__HOOK_URL__', hookUrl);
  const xml = opts.xml ? opts.xml(fixture) : fixture;
  const r = await compileProcedure({
    metadata,
    model: { kind: 'bpmn', xml },
    registry: defaultRegistry({ agencies: new Set([agency]) }),
  });
  if (!r.ok || !r.compiled) throw new Error(`fixture does not compile: ${JSON.stringify(r.diagnostics)}`);
  await publishProcedures({
    knex: stack.knex,
    entries: [{ metadata, modelKind: 'bpmn', modelSource: xml, compiled: r.compiled }],
    actor: 'test',
  });
  return metadata;
}
