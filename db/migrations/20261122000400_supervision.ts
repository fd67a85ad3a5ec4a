import type { Knex } from 'knex';

/**
 * Tables of supervision: what the scheduled stuck scan found (one open row per dossier and kind, closed when the
 * dossier moves again), the daily and monthly report snapshots, and the supervisors' settings (idle threshold).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('supervision_findings', (t) => {
    t.bigIncrements('id');
    t.uuid('dossier_id').notNullable();
    t.string('dossier_code', 64).notNullable();
    t.string('workflow_id', 160).notNullable();
    t.string('agency_code', 64).notNullable();
    /** idle | plugin-failed | unknown-plugin | no-route | expression-failed | call-failed | loop | workflow-task-failing */
    t.string('kind', 32).notNullable();
    t.string('node_id', 128);
    t.text('reason').notNullable();
    /** Since when the dossier has been in this state (last progress, incident opened, first failed attempt). */
    t.timestamp('since', { useTz: true }).notNullable();
    t.bigInteger('idle_working_ms');
    t.timestamp('detected_at', { useTz: true }).notNullable();
    t.timestamp('last_seen_at', { useTz: true }).notNullable();
    t.timestamp('resolved_at', { useTz: true });
    t.index(['dossier_id']);
    t.index(['resolved_at']);
  });
  // One open finding per workflow and kind: each scan refreshes it instead of adding another.
  await knex.raw(
    'CREATE UNIQUE INDEX supervision_findings_open ON supervision_findings (workflow_id, kind) WHERE resolved_at IS NULL',
  );

  await knex.schema.createTable('report_snapshots', (t) => {
    t.bigIncrements('id');
    /** daily | monthly */
    t.string('kind', 16).notNullable();
    /** 'YYYY-MM-DD' or 'YYYY-MM' (Vietnam time). */
    t.string('period', 16).notNullable();
    t.jsonb('rows').notNullable();
    t.jsonb('total').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['kind', 'period']);
  });

  await knex.schema.createTable('supervision_settings', (t) => {
    t.string('key', 64).primary();
    t.jsonb('value').notNullable();
    t.string('updated_by', 128);
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('supervision_settings');
  await knex.schema.dropTableIfExists('report_snapshots');
  await knex.schema.dropTableIfExists('supervision_findings');
}
