/**
 * Access to the real servers for integration tests. `npm test` starts them (test profile: own database, data folder
 * and ports) before mocha; a developer can start them with `npm run stack -- --profile test`.
 * Everything is created lazily and closed by the root hook below.
 */
import { Client } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import type { Client as MinioClient } from 'minio';
import { loadConfig, type Config } from '../../config/index.js';
import { createKnex, ensureDatabase, migrateLatest, type Knex } from '../../db/index.js';
import { createS3Client, s3Settings, type S3Settings } from '../../services/index.js';

process.env.MOTCUA_PROFILE ??= 'test';

export interface TestStack {
  config: Config;
  knex: Knex;
  connection: NativeConnection;
  client: Client;
  s3: S3Settings;
  minio: MinioClient;
}

let pending: Promise<TestStack> | undefined;

export function testStack(): Promise<TestStack> {
  pending ??= (async () => {
    const config = loadConfig();
    await ensureDatabase(config.databaseUrl);
    const knex = createKnex(config.databaseUrl);
    await migrateLatest(knex);
    // The client kind the API uses in `npm start` (native, Rust core), so API tests exercise its errors and retries.
    try {
      Runtime.install({ logger: new DefaultLogger('WARN') });
    } catch {
      // A test file installed the runtime first (with its own log level).
    }
    const connection = await NativeConnection.connect({ address: config.temporal.address });
    const client = new Client({ connection, namespace: config.temporal.namespace });
    const s3 = s3Settings(config);
    return { config, knex, connection, client, s3, minio: createS3Client(s3) };
  })();
  return pending;
}

/** Only the database, for tests that need no Temporal or S3. */
let pendingKnex: Promise<Knex> | undefined;
export function testKnex(): Promise<Knex> {
  pendingKnex ??= (async () => {
    const config = loadConfig();
    await ensureDatabase(config.databaseUrl);
    const knex = createKnex(config.databaseUrl);
    await migrateLatest(knex);
    return knex;
  })();
  return pendingKnex;
}

/** Mocha root hooks (loaded with --require): close shared connections after the whole run. */
export const mochaHooks = {
  async afterAll() {
    if (pending) {
      const s = await pending.catch(() => undefined);
      await s?.connection.close().catch(() => undefined);
      await s?.knex.destroy().catch(() => undefined);
    }
    if (pendingKnex) {
      const k = await pendingKnex.catch(() => undefined);
      await k?.destroy().catch(() => undefined);
    }
  },
};

/** A unique suffix for names (task queues, ids) so tests never collide with each other or earlier runs. */
export function uniqueSuffix(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
