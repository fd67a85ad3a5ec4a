/**
 * The Go-built servers motcua runs when no external ones are configured. Versions are pinned here; each is built
 * once with `go install` into the project's tools folder and reused while its version stamp matches.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { StartupError } from './errors.js';
import { readProcStats } from './proc-stat.js';

export interface GoTool {
  /** File name under the tools folder's bin/. */
  name: string;
  module: string;
  /** Pinned version. Temporal CLI tags after v1.5.1 carry a replace directive and cannot be `go install`ed. */
  version: string;
  /** What `go install` names the binary, when not `name` (the last element of the module path). */
  binary?: string;
}

export const TOOLS = {
  temporal: { name: 'temporal', module: 'github.com/temporalio/cli/cmd/temporal', version: 'v1.5.1' },
  // The Temporal server itself and its SQL schema tool (schemas embedded), for the cluster mode on PostgreSQL.
  temporalServer: {
    name: 'temporal-server',
    module: 'go.temporal.io/server/cmd/server',
    version: 'v1.32.0',
    binary: 'server',
  },
  temporalSql: {
    name: 'temporal-sql-tool',
    module: 'go.temporal.io/server/cmd/tools/sql',
    version: 'v1.32.0',
    binary: 'sql',
  },
  // The MinIO community server gets no more tagged releases: pin the module revision (2026-02-12).
  minio: { name: 'minio', module: 'github.com/minio/minio', version: 'v0.0.0-20260212201848-7aac2a2c5b7c' },
} as const satisfies Record<string, GoTool>;

/** A build that neither logs nor computes for this long is taken as stuck (MOTCUA_GO_STALL_SECONDS overrides). */
const DEFAULT_STALL_SECONDS = 180;
/** Share of one core the build must use over a watch window to count as busy (a compiler uses a whole one). */
const MIN_BUSY_CPU_SHARE = 0.25;

export function toolPath(toolsDir: string, tool: GoTool): string {
  return path.join(toolsDir, 'bin', tool.name);
}

function installedVersion(toolsDir: string, tool: GoTool): string | undefined {
  const stamp = toolPath(toolsDir, tool) + '.version';
  if (!fs.existsSync(toolPath(toolsDir, tool)) || !fs.existsSync(stamp)) return undefined;
  return fs.readFileSync(stamp, 'utf8').trim();
}

function goBinary(): string | undefined {
  // GO names the toolchain explicitly (and lets tests simulate a machine without one).
  const candidates = process.env.GO ? [process.env.GO] : ['go', '/usr/local/go/bin/go'];
  for (const candidate of candidates) {
    const r = spawnSync(candidate, ['version'], { encoding: 'utf8' });
    if (r.status === 0) return candidate;
  }
  return undefined;
}

/**
 * Builds the tool if missing or of another version; returns its path. `progress` gets a line now and then. A build
 * that stalls is stopped and retried (`attempts` in all).
 */
export async function ensureTool(
  toolsDir: string,
  tool: GoTool,
  progress: (line: string) => void,
  options: { stallSeconds?: number; attempts?: number } = {},
): Promise<string> {
  const target = toolPath(toolsDir, tool);
  if (installedVersion(toolsDir, tool) === `${tool.module}@${tool.version}`) return target;
  const go = goBinary();
  if (!go) {
    throw new StartupError(
      tool.name,
      `cần Go để dựng ${tool.name} nhưng không thấy lệnh go / Go is needed to build ${tool.name} but was not found`,
      `cài Go ≥ 1.24 (https://go.dev/doc/install, hoặc apt-get install golang) hay trỏ tới máy chủ có sẵn bằng ` +
        `${tool.name.startsWith('temporal') ? 'TEMPORAL_ADDRESS' : 'S3_ENDPOINT'} / install Go ≥ 1.24 or point ` +
        `${tool.name.startsWith('temporal') ? 'TEMPORAL_ADDRESS' : 'S3_ENDPOINT'} at an existing server`,
    );
  }
  const attempts = options.attempts ?? 3;
  const stallMs = 1000 * (options.stallSeconds ?? stallSecondsFromEnv());
  const logFile = path.join(toolsDir, `${tool.name}-build.log`);
  fs.mkdirSync(path.join(toolsDir, 'tmp'), { recursive: true });
  fs.writeFileSync(logFile, ''); // one log for all attempts of this build
  const started = Date.now();
  progress(`building ${tool.name} ${tool.version} with go install (first run only, a few minutes)...`);
  for (let attempt = 1; ; attempt++) {
    const staging = fs.mkdtempSync(path.join(toolsDir, 'tmp', `${tool.name}-`));
    const outcome = await runGoInstall(go, tool, staging, logFile, stallMs, () =>
      progress(`  ...still building ${tool.name} (${Math.round((Date.now() - started) / 1000)} s)`),
    );
    const built = path.join(staging, tool.binary ?? tool.name);
    if (outcome === 'ok' && fs.existsSync(built)) {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.renameSync(built, target);
      fs.writeFileSync(target + '.version', `${tool.module}@${tool.version}\n`);
      fs.rmSync(staging, { recursive: true, force: true });
      progress(`built ${tool.name} in ${Math.round((Date.now() - started) / 1000)} s → ${target}`);
      return target;
    }
    fs.rmSync(staging, { recursive: true, force: true });
    if (outcome === 'stalled' && attempt < attempts) {
      // Seen here: a module download from the proxy stopped mid-file and never resumed nor failed. Go keeps what it
      // already fetched in its module cache, so a new attempt only redoes the stuck part.
      progress(
        `  go install không tiến triển trong ${stallMs / 1000} s, thử lại (lần ${attempt + 1}/${attempts}) / ` +
          `no progress for ${stallMs / 1000} s, retrying (attempt ${attempt + 1}/${attempts})`,
      );
      continue;
    }
    const lastLines = fs.existsSync(logFile)
      ? fs.readFileSync(logFile, 'utf8').trim().split('\n').slice(-3).join(' | ')
      : '';
    const why =
      outcome === 'stalled'
        ? `không tiến triển trong ${stallMs / 1000} s sau ${attempts} lần / no progress for ${stallMs / 1000} s, ` +
          `${attempts} attempts`
        : `thất bại / failed`;
    throw new StartupError(
      tool.name,
      `go install ${tool.module}@${tool.version} ${why}: ${lastLines}`,
      `xem / see ${logFile}; cần mạng tới Go module proxy / needs access to the Go module proxy`,
    );
  }
}

function stallSecondsFromEnv(): number {
  const raw = Number(process.env.MOTCUA_GO_STALL_SECONDS);
  return Number.isFinite(raw) && raw > 0 ? raw : DEFAULT_STALL_SECONDS;
}

/**
 * One `go install`, killed (with everything it started) when it makes no progress for `stallMs`: its log did not
 * grow (go prints a line per module it downloads) and its processes used almost no CPU (compiling is silent but
 * busy; a stuck download is silent and idle).
 */
function runGoInstall(
  go: string,
  tool: GoTool,
  staging: string,
  logFile: string,
  stallMs: number,
  tick: () => void,
): Promise<'ok' | 'failed' | 'stalled'> {
  return new Promise((resolve) => {
    const log = fs.openSync(logFile, 'a');
    const child = spawn(go, ['install', `${tool.module}@${tool.version}`], {
      // A clean cwd: `go install pkg@version` must not see a go.mod of ours.
      cwd: staging,
      env: { ...process.env, GOBIN: staging, GOFLAGS: '-buildvcs=false' },
      stdio: ['ignore', log, log],
    });
    let stalled = false;
    let lastProgress = Date.now();
    let lastLogSize = fs.fstatSync(log).size;
    let lastCpu = child.pid === undefined ? 0 : processTree(child.pid).cpuSeconds;
    const ticker = setInterval(tick, 30_000);
    const windowMs = Math.min(15_000, Math.max(100, stallMs / 4));
    const watchdog = setInterval(() => {
      const logSize = fs.fstatSync(log).size;
      const tree = child.pid === undefined ? { pids: [], cpuSeconds: 0 } : processTree(child.pid);
      const cpu = tree.cpuSeconds;
      const busy = cpu - lastCpu >= (MIN_BUSY_CPU_SHARE * windowMs) / 1000;
      lastCpu = cpu;
      if (logSize !== lastLogSize || busy) {
        lastProgress = Date.now();
        lastLogSize = logSize;
      } else if (Date.now() - lastProgress >= stallMs && child.pid !== undefined) {
        stalled = true;
        // go and whatever it started (a compiler, a linker), so nothing is left writing into the staging folder.
        for (const pid of [child.pid, ...tree.pids]) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            // already gone
          }
        }
      }
    }, windowMs);
    const done = (outcome: 'ok' | 'failed' | 'stalled') => {
      clearInterval(ticker);
      clearInterval(watchdog);
      fs.closeSync(log);
      resolve(outcome);
    };
    child.on('exit', (c) => done(stalled ? 'stalled' : c === 0 ? 'ok' : 'failed'));
    child.on('error', () => done('failed'));
  });
}

/**
 * The descendants of `root` and the CPU seconds the whole tree used so far (none and 0 without /proc, so only the
 * log counts as progress). Includes children already reaped, which is where the finished compile steps of go show up.
 */
function processTree(root: number): { pids: number[]; cpuSeconds: number } {
  const procs = readProcStats();
  const inTree = new Set([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const p of procs) {
      if (!inTree.has(p.pid) && inTree.has(p.ppid)) {
        inTree.add(p.pid);
        grew = true;
      }
    }
  }
  let ms = 0;
  for (const p of procs) if (inTree.has(p.pid)) ms += p.cpuMs + p.childrenCpuMs;
  return { pids: [...inTree].filter((pid) => pid !== root), cpuSeconds: ms / 1000 };
}
