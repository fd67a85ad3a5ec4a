/**
 * The real console against the real API: createApp on the test stack (PostgreSQL, Temporal, MinIO of the test
 * profile) with the built console (dist/console/) served beside it, as `npm start` serves them, on 127.0.0.1 and a
 * random port. The shape matches tests/api/support.ts's TestApp so its helpers (users, calls, worker) apply.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import helmet from 'helmet';
import pino from 'pino';
import { createApp } from '../../../api/index.js';
import { testStack } from '../../support/stack.js';
import { okHealth, type TestApp } from '../../api/support.js';
import { CONSOLE_DIR } from './static-server.js';

export async function startConsoleApp(taskQueue: string): Promise<TestApp> {
  if (!fs.existsSync(path.join(CONSOLE_DIR, 'app.js'))) {
    throw new Error(
      `dist/console/ chưa được build: chạy \`node dist/scripts/build-console.js\` / ` +
        'dist/console/ is not built: run `node dist/scripts/build-console.js` (npm test does it)',
    );
  }
  const stack = await testStack();
  if (!(await stack.minio.bucketExists(stack.s3.bucket)))
    await stack.minio.makeBucket(stack.s3.bucket, stack.s3.region);
  const app = createApp({
    config: stack.config,
    knex: stack.knex,
    temporal: stack.client,
    s3: stack.s3,
    health: okHealth,
    logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    authSecret: new TextEncoder().encode('e2e-secret-' + 'x'.repeat(32)),
    taskQueue,
    rateLimitPrefix: `e2e-${taskQueue}:`,
  });
  // The console under the same strict Content-Security-Policy as production.
  app.use(helmet(), express.static(CONSOLE_DIR, { index: 'index.html' }));
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
