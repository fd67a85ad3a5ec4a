/** The embedded MinIO server (S3 on loopback, data in the data folder), or a check of an external S3 endpoint. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Client as MinioClient } from 'minio';
import type { Config } from '../config/index.js';
import { StartupError } from './errors.js';
import { startProcess, tail, waitFor, type ManagedProcess } from './process.js';
import { ensureTool, TOOLS } from './tools.js';

export interface S3Settings {
  endpoint: string;
  accessKey: string;
  secretKey: string;
  bucket: string;
  region: string;
}

export function createS3Client(s3: S3Settings): MinioClient {
  const url = new URL(s3.endpoint);
  return new MinioClient({
    endPoint: url.hostname,
    port: url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80,
    useSSL: url.protocol === 'https:',
    accessKey: s3.accessKey,
    secretKey: s3.secretKey,
    region: s3.region,
  });
}

/** Credentials of the embedded server, generated once per data folder and kept there (mode 600). */
function embeddedCredentials(config: Config): { accessKey: string; secretKey: string } {
  const file = path.join(config.dataDir, 'minio-credentials.json');
  if (fs.existsSync(file))
    return JSON.parse(fs.readFileSync(file, 'utf8')) as { accessKey: string; secretKey: string };
  const creds = {
    accessKey: 'motcua-' + crypto.randomBytes(6).toString('hex'),
    secretKey: crypto.randomBytes(24).toString('base64url'),
  };
  fs.mkdirSync(config.dataDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(creds), { mode: 0o600 });
  return creds;
}

/** The S3 settings the app uses, whether the server is embedded or external. */
export function s3Settings(config: Config): S3Settings {
  const external = config.s3.externalEndpoint;
  if (external) {
    if (!config.s3.accessKey || !config.s3.secretKey) {
      throw new StartupError(
        'minio',
        'S3_ENDPOINT được đặt nhưng thiếu S3_ACCESS_KEY / S3_SECRET_KEY / S3_ENDPOINT is set without S3_ACCESS_KEY and S3_SECRET_KEY',
        'đặt cả hai khóa / set both keys',
      );
    }
  }
  const creds = external
    ? { accessKey: config.s3.accessKey!, secretKey: config.s3.secretKey! }
    : config.s3.accessKey && config.s3.secretKey
      ? { accessKey: config.s3.accessKey, secretKey: config.s3.secretKey }
      : embeddedCredentials(config);
  return { endpoint: config.s3.endpoint, bucket: config.s3.bucket, region: config.s3.region, ...creds };
}

export async function ensureBucket(s3: S3Settings): Promise<void> {
  const client = createS3Client(s3);
  try {
    if (!(await client.bucketExists(s3.bucket))) await client.makeBucket(s3.bucket, s3.region);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'BucketAlreadyOwnedByYou') return;
    throw new StartupError(
      'minio',
      `không tạo/kiểm tra được bucket ${s3.bucket} tại ${s3.endpoint} / cannot check or create bucket ${s3.bucket} at ${s3.endpoint}: ${code ?? (err as Error).message}`,
      'kiểm tra S3_ENDPOINT, S3_ACCESS_KEY, S3_SECRET_KEY / check S3_ENDPOINT and the keys',
    );
  }
}

async function live(endpoint: string): Promise<boolean> {
  try {
    const res = await fetch(new URL('/minio/health/live', endpoint), { signal: AbortSignal.timeout(1000) });
    return res.ok;
  } catch {
    return false;
  }
}

export async function startMinio(
  config: Config,
  progress: (line: string) => void,
): Promise<{ proc: ManagedProcess | undefined; s3: S3Settings }> {
  const s3 = s3Settings(config);
  if (config.s3.externalEndpoint) {
    await ensureBucket(s3);
    progress(`s3: external endpoint ${s3.endpoint}, bucket ${s3.bucket}`);
    return { proc: undefined, s3 };
  }
  const exe = await ensureTool(config.toolsDir, TOOLS.minio, progress);
  const dir = path.join(config.dataDir, 'minio');
  fs.mkdirSync(dir, { recursive: true });
  const proc = await startProcess({
    name: 'minio',
    exe,
    args: [
      'server',
      dir,
      '--address',
      `127.0.0.1:${config.s3.port}`,
      '--console-address',
      `127.0.0.1:${config.s3.consolePort}`,
      '--quiet',
    ],
    env: {
      MINIO_ROOT_USER: s3.accessKey,
      MINIO_ROOT_PASSWORD: s3.secretKey,
      // No phoning home from a closed network.
      MINIO_UPDATE: 'off',
      MINIO_CALLHOME_ENABLE: 'off',
    },
    runDir: config.dataDir,
    ports: [
      { port: config.s3.port, envName: 'MINIO_PORT' },
      { port: config.s3.consolePort, envName: 'MINIO_CONSOLE_PORT' },
    ],
  });
  const ok = await waitFor(() => live(s3.endpoint), {
    timeoutMs: 60_000,
    child: proc.child,
    intervalMs: 250,
  });
  if (!ok) {
    await proc.stop();
    throw new StartupError(
      'minio',
      `MinIO không khởi động được / MinIO did not come up: ${tail(proc.logFile, 3)}`,
      `xem / see ${proc.logFile}`,
    );
  }
  await ensureBucket(s3);
  progress(
    `minio: S3 on ${s3.endpoint}, console http://127.0.0.1:${config.s3.consolePort}, bucket ${s3.bucket}`,
  );
  return { proc, s3 };
}
