/** The /healthz report: each component probed with a short timeout. */
import type { ConnectionLike } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import type { Knex } from '../../db/index.js';
import { createS3Client, type S3Settings } from '../../services/index.js';
import type { HealthReport } from '../../api/index.js';

type ComponentState = HealthReport['components'][keyof HealthReport['components']];

async function probe(fn: () => Promise<unknown>, timeoutMs = 2000): Promise<ComponentState> {
  try {
    await Promise.race([
      fn(),
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs),
      ),
    ]);
    return { state: 'ok' };
  } catch (err) {
    return { state: 'down', detail: (err as Error).message.split('\n')[0] };
  }
}

export function createHealthCheck(deps: {
  connection: ConnectionLike;
  namespace: string;
  knex: Knex;
  s3: S3Settings;
  worker: () => Worker | undefined;
}): () => Promise<HealthReport> {
  const minio = createS3Client(deps.s3);
  return async () => {
    const [temporal, postgres, s3] = await Promise.all([
      probe(() => deps.connection.workflowService.describeNamespace({ namespace: deps.namespace })),
      probe(() => deps.knex.raw('select 1')),
      probe(async () => {
        if (!(await minio.bucketExists(deps.s3.bucket))) throw new Error(`bucket ${deps.s3.bucket} missing`);
      }),
    ]);
    const w = deps.worker();
    const workerState: ComponentState =
      w?.getState() === 'RUNNING'
        ? { state: 'ok' }
        : { state: 'down', detail: w ? w.getState() : 'not started' };
    const components = { temporal, postgres, minio: s3, worker: workerState };
    const status = Object.values(components).every((c) => c.state === 'ok') ? 'ok' : 'degraded';
    return { status, components };
  };
}
