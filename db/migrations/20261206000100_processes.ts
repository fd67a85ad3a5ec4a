import type { Knex } from 'knex';

/**
 * What several API and worker processes share (issue: province scale), kept where every process sees it:
 * - worker_heartbeats: each worker process writes a row every few seconds; an API process reports the workers alive
 *   in /healthz from it (it no longer runs a worker in its own memory);
 * - rate_limits: fixed-window counters (sign-in, public lookup, public intake) counted in one statement, so a
 *   limit holds across every API process behind the proxy and parallel requests cannot all pass one check.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('worker_heartbeats', (t) => {
    t.text('worker_id').primary();
    t.text('host').notNullable();
    t.integer('pid').notNullable();
    t.text('task_queue').notNullable();
    t.text('state').notNullable();
    t.timestamp('started_at', { useTz: true }).notNullable();
    t.timestamp('beat_at', { useTz: true }).notNullable();
  });
  await knex.schema.createTable('rate_limits', (t) => {
    t.text('key').primary();
    t.timestamp('window_start', { useTz: true }).notNullable();
    t.integer('count').notNullable();
  });
  await knex.raw('CREATE INDEX rate_limits_window_start ON rate_limits (window_start)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('rate_limits');
  await knex.schema.dropTable('worker_heartbeats');
}
