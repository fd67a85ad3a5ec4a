/**
 * A worker in its own process, for the kill test: `node worker-process.js <taskQueue> <bundlePath>`.
 * Prints "ready" once polling; the test kills it with SIGKILL mid-dossier.
 */
import { NativeConnection } from '@temporalio/worker';
import { createScaledCalendar } from '../../../calendar/index.js';
import { loadConfig } from '../../../config/index.js';
import { createKnex } from '../../../db/index.js';
import { createWorker } from '../../../worker/index.js';
import { killTestHook } from './kill-plugins.js';

const [taskQueue, codePath] = process.argv.slice(2);
if (!taskQueue || !codePath) throw new Error('usage: worker-process <taskQueue> <bundlePath>');
const config = loadConfig();
const knex = createKnex(config.databaseUrl);
const connection = await NativeConnection.connect({ address: config.temporal.address });
const worker = await createWorker({
  config,
  connection,
  knex,
  taskQueue,
  calendar: createScaledCalendar({ msPerWorkingDay: 3_600_000 }),
  plugins: [killTestHook],
  workflowBundle: { codePath },
  workerOptions: { stickyQueueScheduleToStartTimeout: '1s' },
});
const running = worker.run();
console.log('ready');
await running;
