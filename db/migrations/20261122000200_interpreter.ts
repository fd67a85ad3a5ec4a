import type { Knex } from 'knex';

/**
 * Tables the interpreter projects besides the core ones: supplement pauses as intervals, escalations, incidents
 * (plugin failures and other stalls made visible), and inter-agency calls (one row per child dossier workflow).
 * Every row is keyed by (workflow_id, its id inside the workflow) so activity retries and replays never duplicate.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('dossier_pauses', (t) => {
    t.bigIncrements('id');
    t.uuid('dossier_id').notNullable();
    t.string('workflow_id', 128).notNullable();
    /** 1, 2, ... within the workflow. */
    t.integer('n').notNullable();
    t.text('reason').notNullable();
    t.string('actor', 128).notNullable();
    t.jsonb('missing').notNullable().defaultTo('[]');
    t.timestamp('started_at', { useTz: true }).notNullable();
    t.timestamp('ended_at', { useTz: true });
    /** Working time of the pause on the agency's calendar; deadlines moved by it. */
    t.bigInteger('paused_working_ms');
    t.unique(['workflow_id', 'n']);
    t.index(['dossier_id']);
  });

  await knex.schema.createTable('dossier_escalations', (t) => {
    t.bigIncrements('id');
    t.uuid('dossier_id').notNullable();
    t.string('workflow_id', 128).notNullable();
    t.string('escalation_id', 64).notNullable();
    t.string('task_id', 160).notNullable();
    t.string('node_id', 128).notNullable();
    t.string('to_role', 64).notNullable();
    t.string('agency_code', 64).notNullable();
    t.text('reason').notNullable();
    t.string('actor', 128).notNullable();
    /** true = the SLA timer escalated; false = a supervisor did. */
    t.boolean('auto').notNullable();
    t.timestamp('at', { useTz: true }).notNullable();
    t.unique(['workflow_id', 'escalation_id']);
    t.index(['agency_code', 'to_role']);
    t.index(['dossier_id']);
  });

  await knex.schema.createTable('dossier_incidents', (t) => {
    t.bigIncrements('id');
    t.uuid('dossier_id').notNullable();
    t.string('workflow_id', 128).notNullable();
    t.string('incident_id', 64).notNullable();
    t.string('node_id', 128).notNullable();
    /** plugin-failed | unknown-plugin | no-route | expression-failed | call-failed | loop */
    t.string('kind', 32).notNullable();
    t.text('message').notNullable();
    /** open | resolved */
    t.string('status', 16).notNullable();
    t.timestamp('opened_at', { useTz: true }).notNullable();
    t.timestamp('resolved_at', { useTz: true });
    t.unique(['workflow_id', 'incident_id']);
    t.index(['status']);
    t.index(['dossier_id']);
  });

  await knex.schema.createTable('dossier_calls', (t) => {
    /** The child workflow (one inter-agency / vertical call). */
    t.string('workflow_id', 160).primary();
    t.uuid('dossier_id').notNullable();
    t.string('dossier_code', 160).notNullable();
    t.string('parent_workflow_id', 160).notNullable();
    t.string('parent_node_id', 128).notNullable();
    t.string('procedure_code', 64).notNullable();
    t.string('agency_code', 64).notNullable();
    t.string('status', 32).notNullable();
    t.smallint('national_status').notNullable();
    t.string('current_step', 128);
    t.timestamp('started_at', { useTz: true }).notNullable();
    t.timestamp('due_at', { useTz: true });
    t.timestamp('finished_at', { useTz: true });
    t.string('outcome', 16);
    t.string('classification', 16);
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['parent_workflow_id']);
    t.index(['agency_code', 'status']);
    t.index(['dossier_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['dossier_calls', 'dossier_incidents', 'dossier_escalations', 'dossier_pauses']) {
    await knex.schema.dropTableIfExists(table);
  }
}
