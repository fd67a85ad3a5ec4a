/**
 * Configuration from the environment, in one place. Every variable is listed in the README's configuration table.
 * `npm test` sets its own values (own database, data folder and ports) so it never touches `npm start`'s data.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root, whether running from source (ts) or from dist/. */
export const repoRoot = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  // config/ or dist/config/
  dir = path.resolve(dir, '..');
  return path.basename(dir) === 'dist' ? path.resolve(dir, '..') : dir;
})();

export interface Config {
  /** 'dev' for npm start, 'test' for npm test: selects data folder, ports and database defaults. */
  profile: 'dev' | 'test';
  dataDir: string;
  toolsDir: string;
  host: string;
  port: number;
  databaseUrl: string;
  temporal: {
    /** host:port of an external server; undefined = start an embedded one (see `mode`). */
    externalAddress: string | undefined;
    /**
     * What runs Temporal: `external` (TEMPORAL_ADDRESS), or embedded — `dev` (the CLI dev server on SQLite, the quick
     * default) or `cluster` (the Temporal server on PostgreSQL, as a province runs it; MOTCUA_TEMPORAL=cluster).
     */
    mode: 'external' | 'dev' | 'cluster';
    address: string;
    port: number;
    uiPort: number;
    namespace: string;
    taskQueue: string;
    /**
     * TLS to an external Temporal (TEMPORAL_TLS=1, or any TEMPORAL_TLS_* file): client certificate and key for mTLS
     * (Temporal Cloud's certificate auth, a self-hosted cluster's), the server's CA when the system does not trust
     * it, the name to check it against. Files are read at connection time (services/temporal-connection.ts).
     */
    tls?: { certFile?: string; keyFile?: string; caFile?: string; serverName?: string };
    /** API key of an external Temporal (Temporal Cloud's API-key auth; implies TLS). */
    apiKey?: string;
    cluster: {
      /** History shards of an embedded cluster (fixed once its database exists). */
      shards: number;
      /** Its two databases on the PostgreSQL server of DATABASE_URL: `<database>` and `<database>_visibility`. */
      database: string;
    };
  };
  s3: {
    /** URL of an external S3 endpoint; undefined = start the embedded MinIO. */
    externalEndpoint: string | undefined;
    endpoint: string;
    port: number;
    consolePort: number;
    accessKey: string | undefined;
    secretKey: string | undefined;
    bucket: string;
    region: string;
  };
  logLevel: string;
  worker: {
    /**
     * Workflows the worker keeps in its sticky cache (WORKER_MAX_CACHED_WORKFLOWS): the memory bound of a worker with
     * many open dossiers. An evicted dossier is replayed from its history at its next workflow task.
     */
    maxCachedWorkflows: number;
    /**
     * Worker tuning from the environment (WORKER_*): only the settings given, so the SDK's defaults apply to the
     * rest. Passed to Worker.create by every worker process.
     */
    tuning: WorkerTuning;
  };
  /** Worker processes `npm start` runs (MOTCUA_WORKERS). */
  workers: number;
}

/** The Temporal Worker options motcua exposes as settings (README, configuration). */
export interface WorkerTuning {
  maxConcurrentWorkflowTaskExecutions?: number;
  maxConcurrentActivityTaskExecutions?: number;
  maxConcurrentLocalActivityExecutions?: number;
  maxConcurrentWorkflowTaskPolls?: number;
  maxConcurrentActivityTaskPolls?: number;
  /** Milliseconds. */
  stickyQueueScheduleToStartTimeout?: number;
}

/** Setting name → Worker option; each a whole number ≥ its minimum. */
const TUNING: Array<[string, keyof WorkerTuning, number]> = [
  ['WORKER_WORKFLOW_TASK_SLOTS', 'maxConcurrentWorkflowTaskExecutions', 2],
  ['WORKER_ACTIVITY_TASK_SLOTS', 'maxConcurrentActivityTaskExecutions', 1],
  ['WORKER_LOCAL_ACTIVITY_SLOTS', 'maxConcurrentLocalActivityExecutions', 1],
  ['WORKER_WORKFLOW_POLLERS', 'maxConcurrentWorkflowTaskPolls', 2],
  ['WORKER_ACTIVITY_POLLERS', 'maxConcurrentActivityTaskPolls', 1],
  ['WORKER_STICKY_TIMEOUT_MS', 'stickyQueueScheduleToStartTimeout', 100],
];

function workerTuning(env: NodeJS.ProcessEnv): WorkerTuning {
  const tuning: WorkerTuning = {};
  for (const [name, option, min] of TUNING) {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') continue;
    tuning[option] = countEnv(env, name, min, min);
  }
  return tuning;
}

/**
 * Default of WORKER_MAX_CACHED_WORKFLOWS. The SDK's own default grows with the V8 heap limit (about 2,300 on a
 * machine with a 4 GB heap limit), and bench:open-cases measured the worker's RSS at 2.4–3.0 GB with 15,000 open dossiers
 * and the SDK default (heap < 250 MB): roughly 1 MB per cached dossier. 1,000 keeps a worker near 1 GB on a small
 * machine, and stays far above the working set of a centre: dossiers wait days between steps, and a dossier
 * evicted from the cache costs one replay of its (short) history when it next moves.
 */
export const DEFAULT_MAX_CACHED_WORKFLOWS = 1000;
/** The SDK refuses a cache of one workflow (it raises it to 2); 0, no cache at all, would replay at every task. */
const MIN_CACHED_WORKFLOWS = 2;

function intEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new ConfigError(`${name}=${raw} is not a port number (0-65535)`, `set ${name} to a free port`);
  }
  return n;
}

/** A whole number of at least `min` (digits only: no sign, fraction or exponent). */
function countEnv(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min) {
    throw new ConfigError(
      `${name}=${raw} phải là số nguyên ≥ ${min} / must be a whole number ≥ ${min}`,
      `đặt ${name}, ví dụ ${name}=${fallback} / set ${name}, e.g. ${name}=${fallback}`,
    );
  }
  return n;
}

/**
 * History shards of the embedded cluster (MOTCUA_TEMPORAL_SHARDS). Shards are Temporal's unit of history
 * parallelism and cannot change once the database exists; 4 is Temporal's own development default and suits one
 * machine of 2 cores (measured in the README's cluster figures).
 */
export const DEFAULT_HISTORY_SHARDS = 4;

function temporalAuth(env: NodeJS.ProcessEnv): Pick<Config['temporal'], 'tls' | 'apiKey'> {
  const value = (name: string) => (env[name] ?? '').trim() || undefined;
  const files = {
    certFile: value('TEMPORAL_TLS_CERT'),
    keyFile: value('TEMPORAL_TLS_KEY'),
    caFile: value('TEMPORAL_TLS_CA'),
    serverName: value('TEMPORAL_TLS_SERVER_NAME'),
  };
  const apiKey = value('TEMPORAL_API_KEY');
  if (!!files.certFile !== !!files.keyFile) {
    throw new ConfigError(
      'TEMPORAL_TLS_CERT và TEMPORAL_TLS_KEY phải đi cùng nhau / TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY go together',
      'đặt cả hai (chứng chỉ và khóa của máy khách) hoặc không đặt cái nào / set both (client certificate and key) or neither',
    );
  }
  const tlsAsked = ['1', 'true', 'yes'].includes((value('TEMPORAL_TLS') ?? '').toLowerCase());
  const anyFile = Object.values(files).some(Boolean);
  const out: Pick<Config['temporal'], 'tls' | 'apiKey'> = {};
  if (tlsAsked || anyFile || apiKey) {
    out.tls = Object.fromEntries(Object.entries(files).filter(([, v]) => v)) as NonNullable<
      Config['temporal']['tls']
    >;
  }
  if (apiKey) out.apiKey = apiKey;
  return out;
}

function temporalMode(env: NodeJS.ProcessEnv): 'dev' | 'cluster' {
  const raw = (env.MOTCUA_TEMPORAL ?? '').trim();
  if (raw === '' || raw === 'dev') return 'dev';
  if (raw === 'cluster') return 'cluster';
  throw new ConfigError(
    `MOTCUA_TEMPORAL=${raw} không hợp lệ: chỉ nhận dev hoặc cluster / MOTCUA_TEMPORAL=${raw} is not valid: dev or cluster`,
    'đặt MOTCUA_TEMPORAL=dev (mặc định) hoặc cluster / set MOTCUA_TEMPORAL=dev (the default) or cluster',
  );
}

/** A PostgreSQL database name we create: lower-case letters, digits and underscores. */
function databaseName(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const raw = (env[name] ?? '').trim();
  if (raw === '') return fallback;
  if (!/^[a-z_][a-z0-9_]{0,40}$/.test(raw)) {
    throw new ConfigError(
      `${name}=${raw} phải gồm chữ thường, số, gạch dưới / must be lower-case letters, digits and underscores`,
      `đặt ${name}, ví dụ ${name}=${fallback} / set ${name}, e.g. ${name}=${fallback}`,
    );
  }
  return raw;
}

export class ConfigError extends Error {
  constructor(
    message: string,
    readonly fix: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const profile = env.MOTCUA_PROFILE === 'test' ? 'test' : 'dev';
  const test = profile === 'test';
  const dataDir = path.resolve(repoRoot, env.MOTCUA_DATA_DIR || path.join('data', profile));
  const toolsDir = path.resolve(repoRoot, env.MOTCUA_TOOLS_DIR || '.tools');
  const temporalPort = intEnv(env, 'TEMPORAL_PORT', test ? 17233 : 7233);
  const minioPort = intEnv(env, 'MINIO_PORT', test ? 19000 : 9000);
  const externalTemporal = env.TEMPORAL_ADDRESS || undefined;
  const externalS3 = env.S3_ENDPOINT || undefined;
  return {
    profile,
    dataDir,
    toolsDir,
    host: env.HOST || '127.0.0.1',
    port: intEnv(env, 'PORT', test ? 0 : 3000),
    databaseUrl: env.DATABASE_URL || `postgres://postgres@127.0.0.1:5432/${test ? 'motcua_test' : 'motcua'}`,
    temporal: {
      externalAddress: externalTemporal,
      mode: externalTemporal ? 'external' : temporalMode(env),
      address: externalTemporal ?? `127.0.0.1:${temporalPort}`,
      port: temporalPort,
      uiPort: intEnv(env, 'TEMPORAL_UI_PORT', test ? 18233 : 8233),
      namespace: env.TEMPORAL_NAMESPACE || 'default',
      taskQueue: env.TEMPORAL_TASK_QUEUE || 'motcua',
      ...temporalAuth(env),
      cluster: {
        shards: countEnv(env, 'MOTCUA_TEMPORAL_SHARDS', DEFAULT_HISTORY_SHARDS, 1),
        database: databaseName(env, 'MOTCUA_TEMPORAL_DATABASE', test ? 'temporal_test' : 'temporal'),
      },
    },
    s3: {
      externalEndpoint: externalS3,
      endpoint: externalS3 ?? `http://127.0.0.1:${minioPort}`,
      port: minioPort,
      consolePort: intEnv(env, 'MINIO_CONSOLE_PORT', test ? 19001 : 9001),
      accessKey: env.S3_ACCESS_KEY || undefined,
      secretKey: env.S3_SECRET_KEY || undefined,
      bucket: env.S3_BUCKET || 'motcua-documents',
      region: env.S3_REGION || 'us-east-1',
    },
    logLevel: env.LOG_LEVEL || (test ? 'warn' : 'info'),
    worker: {
      maxCachedWorkflows: countEnv(
        env,
        'WORKER_MAX_CACHED_WORKFLOWS',
        DEFAULT_MAX_CACHED_WORKFLOWS,
        MIN_CACHED_WORKFLOWS,
      ),
      tuning: workerTuning(env),
    },
    workers: countEnv(env, 'MOTCUA_WORKERS', 1, 1),
  };
}
