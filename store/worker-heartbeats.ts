/** Worker processes' heartbeats: each worker writes its row; API processes read who is alive. */
import type { Knex } from 'knex';

export interface WorkerHeartbeat {
  workerId: string;
  host: string;
  pid: number;
  taskQueue: string;
  state: string;
  startedAt: Date;
}

export async function beatWorker({ knex, beat }: { knex: Knex; beat: WorkerHeartbeat }): Promise<void> {
  await knex('worker_heartbeats')
    .insert({
      worker_id: beat.workerId,
      host: beat.host,
      pid: beat.pid,
      task_queue: beat.taskQueue,
      state: beat.state,
      started_at: beat.startedAt,
      beat_at: knex.fn.now(),
    })
    .onConflict('worker_id')
    .merge(['state', 'beat_at']);
}

/** A worker that stopped cleanly removes its row. */
export async function removeWorkerHeartbeat({
  knex,
  workerId,
}: {
  knex: Knex;
  workerId: string;
}): Promise<void> {
  await knex('worker_heartbeats').where({ worker_id: workerId }).delete();
}

/**
 * Workers seen within `withinSeconds` (by the database's clock, so the processes' clocks do not matter); rows of
 * workers gone for an hour are removed on the way.
 */
export async function liveWorkers({
  knex,
  withinSeconds,
}: {
  knex: Knex;
  withinSeconds: number;
}): Promise<Array<WorkerHeartbeat & { beatAt: Date }>> {
  await knex('worker_heartbeats').where('beat_at', '<', knex.raw("now() - interval '1 hour'")).delete();
  const rows = await knex('worker_heartbeats')
    .where('beat_at', '>=', knex.raw('now() - make_interval(secs => ?)', [withinSeconds]))
    .orderBy('started_at');
  return rows.map((r) => ({
    workerId: r.worker_id,
    host: r.host,
    pid: r.pid,
    taskQueue: r.task_queue,
    state: r.state,
    startedAt: r.started_at,
    beatAt: r.beat_at,
  }));
}
