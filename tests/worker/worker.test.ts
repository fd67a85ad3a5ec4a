/** createWorker: bundles the interpreter, registers plugins, takes the calendar override from the environment. */
import { expect } from 'chai';
import type { NativeConnection } from '@temporalio/worker';
import { DEFAULT_MAX_CACHED_WORKFLOWS, loadConfig } from '../../config/index.js';
import { buildWorkerOptions, calendarFromEnv, createWorker, workflowsPath } from '../../worker/index.js';
import { DOSSIER_WORKFLOW_TYPE } from '../../ir/index.js';
import { testStack, uniqueSuffix } from '../support/stack.js';
import { buildIr, days, end, start, task } from '../workflows/fixtures/build-ir.js';
import { claimTaskUpdate, completeTaskUpdate, type DossierWorkflowResult } from '../../workflows/index.js';

describe('worker', function () {
  this.timeout(120_000);

  it('reads MOTCUA_TIME_SCALE_MS_PER_DAY as a scaled calendar and rejects nonsense', () => {
    expect(calendarFromEnv({})).to.equal(undefined);
    expect(calendarFromEnv({ MOTCUA_TIME_SCALE_MS_PER_DAY: '60000' })!.msPerWorkingDay).to.equal(60_000);
    expect(() => calendarFromEnv({ MOTCUA_TIME_SCALE_MS_PER_DAY: 'fast' })).to.throw(
      /MOTCUA_TIME_SCALE_MS_PER_DAY/,
    );
  });

  it('passes WORKER_MAX_CACHED_WORKFLOWS to the worker as maxCachedWorkflows; workerOptions still win', () => {
    const connection = {} as NativeConnection;
    const activities = {};
    const config = loadConfig({ MOTCUA_PROFILE: 'test', WORKER_MAX_CACHED_WORKFLOWS: '1200' });
    const options = buildWorkerOptions({ config, taskQueue: 'q' }, { connection, activities });
    expect(options).to.include({
      connection,
      activities,
      taskQueue: 'q',
      namespace: config.temporal.namespace,
      maxCachedWorkflows: 1200,
      workflowsPath,
    });
    const defaults = buildWorkerOptions(
      { config: loadConfig({ MOTCUA_PROFILE: 'test' }) },
      { connection, activities },
    );
    expect(defaults.maxCachedWorkflows).to.equal(DEFAULT_MAX_CACHED_WORKFLOWS);
    expect(defaults.taskQueue).to.equal('motcua');
    const overridden = buildWorkerOptions(
      { config, workerOptions: { maxCachedWorkflows: 3 } },
      { connection, activities },
    );
    expect(overridden.maxCachedWorkflows).to.equal(3);
  });

  it('runs a dossier end to end on its own connection and closes it when stopped', async () => {
    const stack = await testStack();
    const taskQueue = `worker-${uniqueSuffix()}`;
    const worker = await createWorker({
      config: { ...stack.config, worker: { maxCachedWorkflows: 50, tuning: {} } },
      knex: stack.knex,
      taskQueue,
      env: { MOTCUA_TIME_SCALE_MS_PER_DAY: '3600000' },
    });
    const running = worker.run();
    try {
      expect(worker.getState()).to.equal('RUNNING');
      // The configured cache size reached the SDK (WORKER_MAX_CACHED_WORKFLOWS).
      expect(worker.options.maxCachedWorkflows).to.equal(50);
      const compiled = buildIr({
        code: `W-${uniqueSuffix()}`,
        agency: 'SO-TP',
        duration: days(2),
        nodes: [start(), task('only', 'specialist', days(1)), end('done')],
        flows: [
          ['start', 'only'],
          ['only', 'done'],
        ],
      });
      const code = `W-${uniqueSuffix()}`;
      const handle = await stack.client.workflow.start(DOSSIER_WORKFLOW_TYPE, {
        taskQueue,
        workflowId: `dossier-${code}`,
        args: [
          {
            dossierId: '00000000-0000-4000-8000-000000000001',
            dossierCode: code,
            procedureVersionId: 0,
            compiled,
            channel: 'online',
            receivedAt: new Date().toISOString(),
            agencyCode: 'SO-TP',
            data: {},
            applicantType: 'organisation',
          },
        ],
      });
      await handle.executeUpdate(claimTaskUpdate, { args: [{ taskId: 'only#1', userId: 'u' }] });
      await handle.executeUpdate(completeTaskUpdate, {
        args: [{ taskId: 'only#1', userId: 'u', outcome: 'done' }],
      });
      expect(((await handle.result()) as DossierWorkflowResult).outcome).to.equal('returned');
    } finally {
      worker.shutdown();
      await running;
    }
    expect(worker.getState()).to.equal('STOPPED');
  });
});
