/** Where CLI output goes: the real terminal, or a buffer in tests. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** stderr is an interactive terminal (progress bar allowed). */
  errIsTty: boolean;
  /** Colours on stdout. */
  color: boolean;
}

let pipeGuard = false;

export function processIo(): CliIo {
  if (!pipeGuard) {
    pipeGuard = true;
    // `motcua compile ... | head` closes the pipe early (EPIPE): that is not a crash, and there is nowhere left
    // to report a write error anyway.
    for (const s of [process.stdout, process.stderr]) s.on('error', () => undefined);
  }
  return {
    out: (t) => void process.stdout.write(t),
    err: (t) => void process.stderr.write(t),
    errIsTty: !!process.stderr.isTTY,
    color: !!process.stdout.isTTY && !process.env.NO_COLOR,
  };
}

export function bufferIo(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (t) => void stdout.push(t),
    err: (t) => void stderr.push(t),
    errIsTty: false,
    color: false,
  };
}
