/**
 * Brings up what motcua needs around it — Temporal, S3 (MinIO) and the PostgreSQL database — either embedded
 * (built from Go modules, data in the data folder) or external (TEMPORAL_ADDRESS, S3_ENDPOINT, DATABASE_URL).
 */
import type { Config } from '../config/index.js';
import { ensureDatabase } from '../db/index.js';
import { StartupError } from './errors.js';
import { startMinio, type S3Settings } from './minio.js';
import type { ManagedProcess } from './process.js';
import { startTemporal } from './temporal.js';

export { StartupError } from './errors.js';
export { createS3Client, ensureBucket, s3Settings, type S3Settings } from './minio.js';
export { portInUse } from './process.js';
export { readProcStat, readProcStats, type ProcStat } from './proc-stat.js';
export { runningTemporalMode, temporalReachable } from './temporal.js';
export { temporalConnectOptions, type TemporalConnectOptions } from './temporal-connection.js';
export { ensureTool, TOOLS, toolPath } from './tools.js';

export interface Stack {
  temporalAddress: string;
  s3: S3Settings;
  databaseUrl: string;
  /** Stops the servers this stack started (external ones are left alone). */
  stop(): Promise<void>;
}

export async function checkDatabase(databaseUrl: string): Promise<{ created: boolean }> {
  try {
    return await ensureDatabase(databaseUrl);
  } catch (err) {
    const e = err as { code?: string; message?: string };
    const safeUrl = databaseUrl.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
    throw new StartupError(
      'postgres',
      `không kết nối được PostgreSQL tại DATABASE_URL=${safeUrl} / cannot connect to PostgreSQL at DATABASE_URL=${safeUrl}: ${e.code ?? ''} ${e.message ?? ''}`.trim(),
      'kiểm tra DATABASE_URL và PostgreSQL đang chạy / check DATABASE_URL and that PostgreSQL is running',
    );
  }
}

export async function startStack(config: Config, progress: (line: string) => void): Promise<Stack> {
  const started: ManagedProcess[] = [];
  const stop = async () => {
    await Promise.all(started.map((p) => p.stop()));
  };
  try {
    const db = await checkDatabase(config.databaseUrl);
    progress(`postgres: ${db.created ? 'created database' : 'database ready'}`);
    // Build (first run) and start both servers at once.
    const [temporal, minio] = await Promise.allSettled([
      startTemporal(config, progress),
      startMinio(config, progress),
    ]);
    if (temporal.status === 'fulfilled' && temporal.value) started.push(temporal.value);
    if (minio.status === 'fulfilled' && minio.value.proc) started.push(minio.value.proc);
    if (temporal.status === 'rejected') throw temporal.reason;
    if (minio.status === 'rejected') throw minio.reason;
    return {
      temporalAddress: config.temporal.address,
      s3: (minio as PromiseFulfilledResult<{ s3: S3Settings }>).value.s3,
      databaseUrl: config.databaseUrl,
      stop,
    };
  } catch (err) {
    await stop();
    throw err instanceof StartupError
      ? err
      : new StartupError('motcua', (err as Error).message, 'xem nhật ký ở trên / see the log above');
  }
}
