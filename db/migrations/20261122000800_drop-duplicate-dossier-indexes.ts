import type { Knex } from 'knex';

/**
 * Two indexes on dossiers that others already provide, dropped because every filing pays for each index it
 * updates (intake throughput, DESIGN.md §5):
 * - dossiers_received_at_index (received_at): dossiers_stats_received has the same key, received_at, and covers
 *   more columns, so every query that could use the first uses the second;
 * - dossiers_idempotency_key_unique: idempotency_keys (primary key `key`) already refuses a second filing with the
 *   same key, in the same statement (store/insert-dossier.ts), and the intake answers that violation as a replay.
 *   The column stays, so a dossier still shows the key it was filed with.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS dossiers_received_at_index');
  await knex.raw('ALTER TABLE dossiers DROP CONSTRAINT IF EXISTS dossiers_idempotency_key_unique');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(
    'ALTER TABLE dossiers ADD CONSTRAINT dossiers_idempotency_key_unique UNIQUE (idempotency_key)',
  );
  await knex.raw('CREATE INDEX dossiers_received_at_index ON dossiers (received_at)');
}
