/**
 * The embedded Temporal cluster (MOTCUA_TEMPORAL=cluster): the Temporal server (go.temporal.io/server) with every
 * service in one process, persistence and SQL advanced visibility on the PostgreSQL server of DATABASE_URL, from
 * the config file the project ships (config/temporal/cluster.yaml). Its schema is set up and upgraded with
 * Temporal's own SQL tool (schemas embedded in it); the namespace and motcua's search attributes are registered
 * through the operator service, as on any cluster.
 */
import path from 'node:path';
import { spawn } from 'node:child_process';
import { Connection } from '@temporalio/client';
import { repoRoot, type Config } from '../config/index.js';
import { ensureDatabase } from '../db/index.js';
import { StartupError } from './errors.js';
import { startProcess, tail, waitFor, type ManagedProcess } from './process.js';
import { prepareTemporal } from './temporal-setup.js';
import { ensureTool, TOOLS } from './tools.js';

/** The shipped template the server reads (ports, databases, optional frontend mTLS from MOTCUA_TC_* values). */
export const CLUSTER_CONFIG_FILE = path.join(repoRoot, 'config', 'temporal', 'cluster.yaml');
export const CLUSTER_DYNAMIC_CONFIG_FILE = path.join(repoRoot, 'config', 'temporal', 'dynamic-config.yaml');

/** PostgreSQL stores membership ports in a smallint column. */
const MAX_MEMBERSHIP_PORT = 32767;

export interface ClusterPorts {
  frontend: number;
  frontendHttp: number;
  history: number;
  matching: number;
  worker: number;
  membership: { frontend: number; history: number; matching: number; worker: number };
}

/**
 * The ports of every service, derived from the frontend's (TEMPORAL_PORT) the way Temporal's own development
 * configs lay them out: gRPC at +1, +2, +6, HTTP at +10, membership 300 below each gRPC port.
 */
export function clusterPorts(frontend: number): ClusterPorts {
  const history = frontend + 1;
  const matching = frontend + 2;
  const worker = frontend + 6;
  const ports: ClusterPorts = {
    frontend,
    frontendHttp: frontend + 10,
    history,
    matching,
    worker,
    membership: {
      frontend: frontend - 300,
      history: history - 300,
      matching: matching - 300,
      worker: worker - 300,
    },
  };
  if (ports.membership.frontend < 1024 || ports.membership.worker > MAX_MEMBERSHIP_PORT) {
    throw new StartupError(
      'temporal',
      `TEMPORAL_PORT=${frontend}: ở chế độ cụm phải từ 1324 đến ${MAX_MEMBERSHIP_PORT + 294} (cổng membership = cổng − 300, ` +
        `PostgreSQL lưu chúng dạng smallint) / in cluster mode it must be 1324–${MAX_MEMBERSHIP_PORT + 294} ` +
        `(membership ports are the gRPC ports − 300, stored by PostgreSQL as smallint)`,
      'đặt TEMPORAL_PORT, ví dụ 7233 / set TEMPORAL_PORT, e.g. 7233',
    );
  }
  return ports;
}

interface PgEndpoint {
  host: string;
  port: number;
  user: string;
  password: string;
}

function pgEndpoint(databaseUrl: string): PgEndpoint {
  const url = new URL(databaseUrl);
  return {
    host: url.hostname || '127.0.0.1',
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username || 'postgres'),
    password: decodeURIComponent(url.password),
  };
}

function databaseUrlFor(databaseUrl: string, database: string): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Runs Temporal's SQL tool; resolves with its output, rejects with its last lines. */
function runSqlTool(exe: string, pg: PgEndpoint, database: string, args: string[]): Promise<string> {
  const base = [
    '--ep',
    pg.host,
    '-p',
    String(pg.port),
    '-u',
    pg.user,
    '--pl',
    'postgres12',
    '--db',
    database,
  ];
  if (pg.password) base.push('--pw', pg.password);
  return new Promise((resolve, reject) => {
    const child = spawn(exe, [...base, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve(out);
      else reject(new Error(out.trim().split('\n').slice(-3).join(' | ')));
    });
  });
}

/** Creates the database when missing and brings its schema to the version embedded in the tool. */
async function setupSchema(
  sqlTool: string,
  databaseUrl: string,
  database: string,
  schemaName: string,
): Promise<void> {
  try {
    await ensureDatabase(databaseUrlFor(databaseUrl, database));
    const pg = pgEndpoint(databaseUrl);
    await runSqlTool(sqlTool, pg, database, ['setup-schema', '-v', '0.0']);
    await runSqlTool(sqlTool, pg, database, ['update-schema', '--schema-name', schemaName]);
  } catch (err) {
    throw new StartupError(
      'temporal',
      `không dựng được lược đồ ${schemaName} trong cơ sở dữ liệu ${database} / could not set up schema ${schemaName} ` +
        `in database ${database}: ${(err as Error).message}`,
      'kiểm tra DATABASE_URL (người dùng cần quyền tạo cơ sở dữ liệu) / check DATABASE_URL (the user must be ' +
        'allowed to create databases)',
    );
  }
}

async function frontendServes(address: string): Promise<boolean> {
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ address, connectTimeout: 1000 });
    await connection.workflowService.getSystemInfo({});
    return true;
  } catch {
    return false;
  } finally {
    await connection?.close().catch(() => undefined);
  }
}

/** The values the shipped config template reads (MOTCUA_TC_*), from motcua's settings. */
export function clusterEnv(config: Config, ports: ClusterPorts): NodeJS.ProcessEnv {
  const t = config.temporal;
  const pg = pgEndpoint(config.databaseUrl);
  return {
    MOTCUA_TC_LOG_LEVEL: 'warn',
    MOTCUA_TC_SHARDS: String(t.cluster.shards),
    MOTCUA_TC_DB: t.cluster.database,
    MOTCUA_TC_VISIBILITY_DB: `${t.cluster.database}_visibility`,
    MOTCUA_TC_PG_ADDR: `${pg.host}:${pg.port}`,
    MOTCUA_TC_PG_USER: pg.user,
    MOTCUA_TC_PG_PASSWORD: pg.password,
    MOTCUA_TC_BROADCAST: '127.0.0.1',
    MOTCUA_TC_FRONTEND_PORT: String(ports.frontend),
    MOTCUA_TC_FRONTEND_HTTP_PORT: String(ports.frontendHttp),
    MOTCUA_TC_FRONTEND_MEMBERSHIP_PORT: String(ports.membership.frontend),
    MOTCUA_TC_HISTORY_PORT: String(ports.history),
    MOTCUA_TC_HISTORY_MEMBERSHIP_PORT: String(ports.membership.history),
    MOTCUA_TC_MATCHING_PORT: String(ports.matching),
    MOTCUA_TC_MATCHING_MEMBERSHIP_PORT: String(ports.membership.matching),
    MOTCUA_TC_WORKER_PORT: String(ports.worker),
    MOTCUA_TC_WORKER_MEMBERSHIP_PORT: String(ports.membership.worker),
    MOTCUA_TC_DYNAMIC_CONFIG: CLUSTER_DYNAMIC_CONFIG_FILE,
  };
}

/** The cluster's two databases, created when missing, their schema brought to the tool's version. */
export async function setupClusterDatabases(config: Config, sqlTool: string): Promise<void> {
  const db = config.temporal.cluster.database;
  await setupSchema(sqlTool, config.databaseUrl, db, 'postgresql/v12/temporal');
  await setupSchema(sqlTool, config.databaseUrl, `${db}_visibility`, 'postgresql/v12/visibility');
}

async function runServer(config: Config, exe: string, ports: ClusterPorts): Promise<ManagedProcess> {
  const t = config.temporal;
  const env = clusterEnv(config, ports);
  const envName = 'TEMPORAL_PORT';
  const proc = await startProcess({
    name: 'temporal',
    exe,
    args: ['--config-file', CLUSTER_CONFIG_FILE, '--allow-no-auth', 'start'],
    env,
    runDir: config.dataDir,
    ports: [
      ports.frontend,
      ports.frontendHttp,
      ports.history,
      ports.matching,
      ports.worker,
      ...Object.values(ports.membership),
    ].map((port) => ({ port, envName })),
  });
  const ok = await waitFor(() => frontendServes(t.address), {
    timeoutMs: 120_000,
    child: proc.child,
    intervalMs: 500,
  });
  if (!ok) {
    await proc.stop();
    throw new StartupError(
      'temporal',
      `cụm Temporal không khởi động được / the Temporal cluster did not come up: ${tail(proc.logFile, 3)}`,
      `xem / see ${proc.logFile}`,
    );
  }
  return proc;
}

export async function startTemporalCluster(
  config: Config,
  progress: (line: string) => void,
): Promise<ManagedProcess> {
  const t = config.temporal;
  const ports = clusterPorts(t.port);
  const [server, sqlTool] = await Promise.all([
    ensureTool(config.toolsDir, TOOLS.temporalServer, progress),
    ensureTool(config.toolsDir, TOOLS.temporalSql, progress),
  ]);
  const started = Date.now();
  await setupClusterDatabases(config, sqlTool);
  let proc = await runServer(config, server, ports);
  try {
    const prepared = await prepareTemporal(t.address, t.namespace, progress);
    if (prepared.searchAttributesAdded.length > 0 || prepared.namespace === 'created') {
      // Each service caches search attributes for a minute and namespaces for seconds; a restart makes new ones
      // usable at once (first start of a new cluster only).
      await proc.stop();
      proc = await runServer(config, server, ports);
    }
  } catch (err) {
    await proc.stop();
    throw err;
  }
  progress(
    `temporal: cluster on ${t.address} (PostgreSQL ${t.cluster.database}, ${t.cluster.shards} shards), ready in ` +
      `${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return proc;
}
