/**
 * Child processes of the launcher: spawned detached into their own process group with output to a log file, a
 * pid file so a leftover from a crashed run can be stopped, and a port check before start.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { StartupError } from './errors.js';

export interface ManagedProcess {
  name: string;
  child: ChildProcess;
  logFile: string;
  stop(): Promise<void>;
}

/** True when something accepts connections on host:port. */
export function portInUse(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.setTimeout(1000, () => {
      socket.destroy();
      resolve(false);
    });
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Stops a process recorded in a pid file by an earlier run of ours that did not shut down cleanly. */
export async function stopStale(pidFile: string, expectedExe: string): Promise<boolean> {
  if (!fs.existsSync(pidFile)) return false;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
  fs.rmSync(pidFile, { force: true });
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) return false;
  // Only kill it if it still is the program we started (pids get reused).
  let exe: string;
  try {
    exe = fs.readlinkSync(`/proc/${pid}/exe`);
  } catch {
    return false;
  }
  if (path.resolve(exe) !== path.resolve(expectedExe)) return false;
  await killGroup(pid);
  return true;
}

async function killGroup(pid: number, graceMs = 5000): Promise<void> {
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-pid, sig);
    } catch {
      try {
        process.kill(pid, sig);
      } catch {
        /* already gone */
      }
    }
  };
  signal('SIGTERM');
  const deadline = Date.now() + graceMs;
  while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (alive(pid)) signal('SIGKILL');
}

export async function startProcess(opts: {
  name: string;
  exe: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  runDir: string;
  ports: Array<{ port: number; envName: string }>;
}): Promise<ManagedProcess> {
  fs.mkdirSync(path.join(opts.runDir, 'logs'), { recursive: true });
  const pidFile = path.join(opts.runDir, `${opts.name}.pid`);
  await stopStale(pidFile, opts.exe);
  for (const { port, envName } of opts.ports) {
    if (await portInUse(port)) {
      throw new StartupError(
        opts.name,
        `cổng ${port} đang bị chiếm / port ${port} is already in use`,
        `dừng chương trình đang dùng cổng đó hoặc đặt ${envName} / stop whatever uses it or set ${envName}`,
      );
    }
  }
  const logFile = path.join(opts.runDir, 'logs', `${opts.name}.log`);
  const out = fs.openSync(logFile, 'a');
  const child = spawn(opts.exe, opts.args, {
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', out, out],
    detached: true,
  });
  fs.closeSync(out);
  if (child.pid === undefined) {
    throw new StartupError(
      opts.name,
      `không chạy được ${opts.exe} / could not run ${opts.exe}`,
      'xem / see ' + logFile,
    );
  }
  fs.writeFileSync(pidFile, String(child.pid));
  const pid = child.pid;
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  return {
    name: opts.name,
    child,
    logFile,
    async stop() {
      if (!exited) await killGroup(pid);
      fs.rmSync(pidFile, { force: true });
    },
  };
}

/** Last lines of a log, to show why a child died. */
export function tail(file: string, lines = 5): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

export async function waitFor(
  what: () => Promise<boolean>,
  opts: { timeoutMs: number; child?: ChildProcess; intervalMs?: number },
): Promise<boolean> {
  const deadline = Date.now() + opts.timeoutMs;
  while (Date.now() < deadline) {
    if (opts.child && opts.child.exitCode !== null) return false;
    if (await what()) return true;
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 200));
  }
  return false;
}
