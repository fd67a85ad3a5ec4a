import type { Knex } from 'knex';

/**
 * Task assignment leaves the workflow (issue: province scale — fewer history events per step): claiming a step
 * and reassigning it are guarded updates of the task row, each kept in task_assignments (who, when, to whom), which
 * the dossier's history shows beside the workflow's events. The step's allowed outcomes are kept on its row
 * (projected when it opens), so the inbox and the claim answer have them without the model.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('task_assignments', (t) => {
    t.bigIncrements('id');
    t.uuid('dossier_id').notNullable();
    t.text('workflow_id').notNullable();
    t.text('task_id').notNullable();
    t.text('node_id').notNullable();
    t.text('action').notNullable(); // claim | reassign
    t.text('actor').notNullable();
    t.text('assignee').notNullable();
    t.text('previous');
    t.text('reason');
    /** The last workflow event projected when it happened: the history shows it right after that one. */
    t.integer('after_seq').notNullable();
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['dossier_id']);
  });
  await knex.schema.alterTable('tasks', (t) => {
    t.jsonb('outcomes');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tasks', (t) => {
    t.dropColumn('outcomes');
  });
  await knex.schema.dropTable('task_assignments');
}
