/**
 * `motcua api` and `motcua worker`: one API process or one worker process, against servers already running
 * (external ones, or embedded ones started by `npm start` / `npm run stack`). Runs until SIGTERM or SIGINT, then
 * drains and returns 0; a bad configuration or an unreachable server is one line naming it, and 1.
 * `npm run api` / `npm run worker` and `npm start`'s children run the same code (scripts/api.ts, worker.ts).
 */
import { runApiProcess } from '../api/index.js';
import { ConfigError, loadConfig } from '../config/index.js';
import { StartupError } from '../services/index.js';
import { runWorkerProcess } from '../worker/index.js';
import type { CliIo } from './io.js';

export async function runServeCommand(kind: 'api' | 'worker', io: CliIo): Promise<number> {
  const name = process.env.MOTCUA_PROCESS_NAME ?? kind;
  const log = (line: string) => io.out(`${name}: ${line}\n`);
  try {
    const config = loadConfig();
    const running =
      kind === 'api' ? await runApiProcess({ config, log }) : await runWorkerProcess({ config, log });
    await running.done;
    log('stopped');
    return 0;
  } catch (err) {
    if (err instanceof StartupError) io.err(`${name}: ${err.toLine()}\n`);
    else if (err instanceof ConfigError) io.err(`${name}: [config] ${err.message} — ${err.fix}\n`);
    else io.err(`${name}: [${kind}] ${(err as Error).message ?? String(err)}\n`);
    return 1;
  }
}
