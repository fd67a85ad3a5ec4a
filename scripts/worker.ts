/**
 * `npm run worker` and the worker children of `npm start`: `motcua worker` (cli/serve.ts) — one worker process against servers
 * already running.
 */
import { processIo, runServeCommand } from '../cli/index.js';

process.exitCode = await runServeCommand('worker', processIo());
