import type { Knex } from 'knex';

/**
 * Core schema: agencies, procedures and their immutable versions, dossiers, their append-only events, the task
 * table that inboxes read, and document metadata (the bytes live in S3/MinIO).
 * Projection rows are keyed by (workflow_id, seq) / (workflow_id, task_id) so activity retries never duplicate.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('agencies', (t) => {
    t.string('code', 64).primary();
    t.string('parent_code', 64).references('code').inTable('agencies').onDelete('RESTRICT');
    t.string('level', 16).notNullable();
    t.text('name_vi').notNullable();
    t.text('name_en');
    /** Unit code used in dossier codes, e.g. H15.50.05.13. */
    t.string('unit_code', 64).notNullable();
    t.timestamps(true, true);
  });

  await knex.schema.createTable('procedures', (t) => {
    t.bigIncrements('id');
    t.string('code', 64).notNullable();
    t.string('level', 16).notNullable();
    t.text('name_vi').notNullable();
    t.text('name_en');
    t.text('sector').notNullable();
    t.string('agency_code', 64).notNullable();
    /** draft | published | retired */
    t.string('status', 16).notNullable().defaultTo('draft');
    t.integer('latest_version').notNullable().defaultTo(0);
    t.timestamps(true, true);
    t.unique(['code', 'level']);
    t.index(['sector']);
    t.index(['agency_code']);
  });

  await knex.schema.createTable('procedure_versions', (t) => {
    t.bigIncrements('id');
    t.bigInteger('procedure_id').notNullable().references('id').inTable('procedures').onDelete('CASCADE');
    t.integer('version').notNullable();
    /** draft | published | retired */
    t.string('status', 16).notNullable();
    t.jsonb('metadata').notNullable();
    /** 'bpmn' | 'steps' */
    t.string('model_kind', 8).notNullable();
    t.text('model_source').notNullable();
    t.string('ir_hash', 64);
    t.jsonb('ir');
    t.text('change_note');
    t.string('created_by', 128);
    t.timestamp('published_at', { useTz: true });
    t.string('published_by', 128);
    t.timestamps(true, true);
    t.unique(['procedure_id', 'version']);
  });

  await knex.schema.createTable('dossier_code_sequences', (t) => {
    t.string('unit_code', 64).notNullable();
    t.string('day', 6).notNullable();
    t.integer('last_seq').notNullable();
    t.primary(['unit_code', 'day']);
  });

  await knex.schema.createTable('dossiers', (t) => {
    t.uuid('id').primary();
    t.string('code', 64).notNullable().unique();
    t.bigInteger('procedure_version_id').notNullable().references('id').inTable('procedure_versions');
    t.string('procedure_code', 64).notNullable();
    t.string('agency_code', 64).notNullable();
    t.string('channel', 16).notNullable();
    t.jsonb('applicant').notNullable();
    t.jsonb('data').notNullable().defaultTo('{}');
    /** internal status (ir DossierStatus) and the national code 1-10 */
    t.string('status', 32).notNullable();
    t.smallint('national_status').notNullable();
    t.string('workflow_id', 128).notNullable().unique();
    t.timestamp('received_at', { useTz: true }).notNullable();
    t.timestamp('due_at', { useTz: true });
    t.timestamp('finished_at', { useTz: true });
    /** returned | refused | withdrawn | stopped */
    t.string('outcome', 16);
    /** early | on-time | late (returned dossiers only) */
    t.string('classification', 16);
    t.string('current_step', 128);
    t.string('idempotency_key', 128).unique();
    t.timestamps(true, true);
    t.index(['agency_code', 'status']);
    t.index(['procedure_code']);
    t.index(['received_at']);
  });

  await knex.schema.createTable('dossier_events', (t) => {
    t.bigIncrements('id');
    t.uuid('dossier_id').notNullable();
    t.string('workflow_id', 128).notNullable();
    /** Sequence within the workflow; (workflow_id, seq) makes projection idempotent. */
    t.integer('seq').notNullable();
    t.string('type', 64).notNullable();
    t.string('node_id', 128);
    t.string('actor', 128);
    t.jsonb('payload').notNullable().defaultTo('{}');
    t.timestamp('at', { useTz: true }).notNullable();
    t.unique(['workflow_id', 'seq']);
    t.index(['dossier_id']);
  });

  await knex.schema.createTable('tasks', (t) => {
    t.bigIncrements('id');
    t.uuid('dossier_id').notNullable();
    t.string('workflow_id', 128).notNullable();
    /** Task instance id inside the workflow, e.g. "appraise#2". */
    t.string('task_id', 160).notNullable();
    t.string('node_id', 128).notNullable();
    t.text('name_vi').notNullable();
    t.text('name_en');
    t.string('role', 64).notNullable();
    t.string('agency_code', 64).notNullable();
    t.string('assignee', 128);
    /** open | claimed | completed | cancelled */
    t.string('status', 16).notNullable();
    t.string('outcome', 64);
    t.timestamp('opened_at', { useTz: true }).notNullable();
    t.timestamp('warn_at', { useTz: true });
    t.timestamp('due_at', { useTz: true });
    t.timestamp('completed_at', { useTz: true });
    t.boolean('overdue').notNullable().defaultTo(false);
    t.unique(['workflow_id', 'task_id']);
    t.index(['agency_code', 'role', 'status']);
    t.index(['assignee', 'status']);
  });

  await knex.schema.createTable('documents', (t) => {
    t.uuid('id').primary();
    t.uuid('dossier_id');
    t.string('component_id', 128);
    t.string('object_key', 256).notNullable().unique();
    t.text('filename').notNullable();
    t.string('content_type', 128).notNullable();
    t.bigInteger('size').notNullable();
    t.string('sha256', 64).notNullable();
    t.string('uploaded_by', 128);
    t.timestamp('uploaded_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['dossier_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'documents',
    'tasks',
    'dossier_events',
    'dossiers',
    'dossier_code_sequences',
    'procedure_versions',
    'procedures',
    'agencies',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}
