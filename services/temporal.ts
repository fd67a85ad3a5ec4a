/**
 * Temporal for motcua: the embedded dev server (SQLite in the data folder, the quick default), the embedded cluster
 * (temporal-cluster.ts), or an external one (TEMPORAL_ADDRESS), checked and given motcua's search attributes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import type { Config } from '../config/index.js';
import { SEARCH_ATTRIBUTES } from '../ir/index.js';
import { StartupError } from './errors.js';
import { startProcess, tail, waitFor, type ManagedProcess } from './process.js';
import { startTemporalCluster } from './temporal-cluster.js';
import { temporalConnectOptions, type TemporalConnectOptions } from './temporal-connection.js';
import { ensureSearchAttributes } from './temporal-setup.js';
import { ensureTool, TOOLS } from './tools.js';

/** The kind of embedded Temporal last started in this data folder ('dev' or 'cluster'), if any. */
export function runningTemporalMode(dataDir: string): string | undefined {
  try {
    return fs.readFileSync(path.join(dataDir, 'temporal.mode'), 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** Answers when the frontend serves requests (not merely accepts TCP). */
export async function temporalReachable(
  target: string | TemporalConnectOptions,
  namespace = 'default',
  timeoutMs = 3000,
): Promise<boolean> {
  let connection: Connection | undefined;
  try {
    const options = typeof target === 'string' ? { address: target } : target;
    connection = await Connection.connect({ ...options, connectTimeout: timeoutMs });
    await connection.workflowService.describeNamespace({ namespace });
    return true;
  } catch {
    return false;
  } finally {
    await connection?.close().catch(() => undefined);
  }
}

export async function startTemporal(
  config: Config,
  progress: (line: string) => void,
): Promise<ManagedProcess | undefined> {
  const t = config.temporal;
  if (t.externalAddress) {
    const options = temporalConnectOptions(t);
    if (!(await temporalReachable(options, t.namespace, 5000))) {
      throw new StartupError(
        'temporal',
        `không kết nối được Temporal tại TEMPORAL_ADDRESS=${t.externalAddress} (namespace ${t.namespace}) / ` +
          `cannot reach Temporal at TEMPORAL_ADDRESS=${t.externalAddress} (namespace ${t.namespace})`,
        'kiểm tra địa chỉ (và TEMPORAL_TLS_*, TEMPORAL_API_KEY), hoặc bỏ TEMPORAL_ADDRESS để dùng máy chủ nhúng / ' +
          'check the address (and TEMPORAL_TLS_*, TEMPORAL_API_KEY), or unset TEMPORAL_ADDRESS to run the embedded dev server',
      );
    }
    // Any cluster motcua is pointed at gets motcua's search attributes (the first dossier upserts them).
    const connection = await Connection.connect({ ...options, connectTimeout: 5000 });
    try {
      const added = await ensureSearchAttributes(connection, t.namespace);
      if (added.length > 0) progress(`temporal: search attributes registered (${added.join(', ')})`);
    } finally {
      await connection.close().catch(() => undefined);
    }
    progress(`temporal: external server at ${t.externalAddress}`);
    return undefined;
  }
  // Which kind runs under <data dir>/temporal.pid: `npm test` reuses running servers only of the kind asked for.
  fs.mkdirSync(config.dataDir, { recursive: true });
  fs.writeFileSync(path.join(config.dataDir, 'temporal.mode'), t.mode);
  if (t.mode === 'cluster') return startTemporalCluster(config, progress);
  const exe = await ensureTool(config.toolsDir, TOOLS.temporal, progress);
  const dir = path.join(config.dataDir, 'temporal');
  fs.mkdirSync(dir, { recursive: true });
  const args = [
    'server',
    'start-dev',
    '--db-filename',
    path.join(dir, 'temporal.db'),
    '--sqlite-pragma',
    'journal_mode=wal',
    '--sqlite-pragma',
    'synchronous=normal',
    '--ip',
    '127.0.0.1',
    '--port',
    String(t.port),
    '--ui-port',
    String(t.uiPort),
    '--namespace',
    t.namespace,
    '--log-level',
    'warn',
    ...Object.entries(SEARCH_ATTRIBUTES).flatMap(([name, type]) => ['--search-attribute', `${name}=${type}`]),
  ];
  const proc = await startProcess({
    name: 'temporal',
    exe,
    args,
    runDir: config.dataDir,
    ports: [
      { port: t.port, envName: 'TEMPORAL_PORT' },
      { port: t.uiPort, envName: 'TEMPORAL_UI_PORT' },
    ],
  });
  const ok = await waitFor(() => temporalReachable(t.address, t.namespace, 1000), {
    timeoutMs: 90_000,
    child: proc.child,
    intervalMs: 300,
  });
  if (!ok) {
    await proc.stop();
    throw new StartupError(
      'temporal',
      `máy chủ Temporal không khởi động được / the Temporal dev server did not come up: ${tail(proc.logFile, 3)}`,
      `xem / see ${proc.logFile}`,
    );
  }
  progress(`temporal: dev server on ${t.address}, UI http://127.0.0.1:${t.uiPort}`);
  return proc;
}
