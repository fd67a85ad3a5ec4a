/**
 * `npm run api` and the api children of `npm start`: `motcua api` (cli/serve.ts) — one api process against servers
 * already running.
 */
import { processIo, runServeCommand } from '../cli/index.js';

process.exitCode = await runServeCommand('api', processIo());
