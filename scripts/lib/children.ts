/**
 * The child processes of `npm start` (one API, MOTCUA_WORKERS workers): one log stream (each line of a child shown
 * under its name), restarts with backoff when a child dies, and one stop for all (SIGTERM, so each drains).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import readline from 'node:readline';

export interface ChildSpec {
  /** Shown before its lines and passed as MOTCUA_PROCESS_NAME. */
  name: string;
  script: string;
  env?: NodeJS.ProcessEnv;
}

export interface Supervised {
  name: string;
  /** The current process (a restart replaces it). */
  current(): ChildProcess;
  /**
   * Resolves with the first line matching `re` (its ready line, e.g. "listening on"), rejects with the child's
   * error if it exits first. A child is restarted after a crash only once it has been seen ready.
   */
  waitForLine(re: RegExp): Promise<RegExpMatchArray>;
  /** The child's last stderr line before it exited. */
  lastError(): string | undefined;
}

const MAX_BACKOFF_MS = 30_000;
/** A child that ran this long before dying starts again at once (its crash was not a start-up failure loop). */
const HEALTHY_RUN_MS = 60_000;

export function createSupervisor(print: { out: (line: string) => void; err: (line: string) => void }) {
  const children: Array<{ spec: ChildSpec; proc: ChildProcess }> = [];
  let stopping = false;

  const start = (
    spec: ChildSpec,
    watchers: Array<(line: string) => void>,
    onExit: (code: number | null) => void,
  ) => {
    const proc = spawn(process.execPath, [spec.script], {
      env: { ...process.env, ...spec.env, MOTCUA_PROCESS_NAME: spec.name },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Lines a child writes under its own name pass as they are; anything else (request logs, stack traces) is
    // shown under the name too.
    const show = (write: (l: string) => void) => (line: string) => {
      write(line.startsWith(`${spec.name}:`) ? line : `${spec.name}| ${line}`);
      for (const w of watchers) w(line);
    };
    readline.createInterface({ input: proc.stdout! }).on('line', show(print.out));
    readline.createInterface({ input: proc.stderr! }).on('line', show(print.err));
    proc.once('exit', onExit);
    return proc;
  };

  return {
    spawn(spec: ChildSpec): Supervised {
      const watchers: Array<(line: string) => void> = [];
      let lastError: string | undefined;
      watchers.push((line) => {
        if (line.startsWith(`${spec.name}: [`)) lastError = line.slice(spec.name.length + 2);
      });
      const exitListeners: Array<(code: number | null) => void> = [];
      let backoff = 1000;
      // Only a child that once came up is restarted: one that fails at start-up (a port taken, a bad setting)
      // would fail again, and its error is what waitForLine reports.
      let cameUp = false;
      const entry = { spec, proc: undefined as unknown as ChildProcess };
      const launch = () => {
        const startedAt = Date.now();
        entry.proc = start(spec, watchers, (code) => {
          for (const l of exitListeners.splice(0)) l(code);
          if (stopping || !cameUp) return;
          if (Date.now() - startedAt > HEALTHY_RUN_MS) backoff = 1000;
          print.err(
            `motcua: ${spec.name} đã dừng (mã ${code}), khởi động lại sau ${backoff / 1000} s / ` +
              `${spec.name} exited (code ${code}), restarting in ${backoff / 1000} s`,
          );
          setTimeout(() => !stopping && launch(), backoff).unref();
          backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
        });
      };
      launch();
      children.push(entry);
      return {
        name: spec.name,
        current: () => entry.proc,
        lastError: () => lastError,
        waitForLine(re) {
          return new Promise((resolve, reject) => {
            const watch = (line: string) => {
              const m = re.exec(line);
              if (m) {
                watchers.splice(watchers.indexOf(watch), 1);
                cameUp = true;
                resolve(m);
              }
            };
            watchers.push(watch);
            exitListeners.push((code) =>
              reject(new Error(lastError ?? `${spec.name} exited with code ${code} before it was ready`)),
            );
          });
        },
      };
    },

    /** SIGTERM to every child (each drains), SIGKILL to those still running after `graceMs`. */
    async stopAll(graceMs = 40_000): Promise<void> {
      stopping = true;
      const running = children.map((c) => c.proc).filter((p) => p.exitCode === null && p.signalCode === null);
      await Promise.all(
        running.map(
          (p) =>
            new Promise<void>((resolve) => {
              const kill = setTimeout(() => p.kill('SIGKILL'), graceMs);
              p.once('exit', () => {
                clearTimeout(kill);
                resolve();
              });
              p.kill('SIGTERM');
            }),
        ),
      );
    },
  };
}
