import type { Knex } from 'knex';

/**
 * The kind of each dossier pause: `supplement` (papers from the applicant, national status 5) or `payment`
 * (financial obligation, status 6). Until now only the events told them apart; existing rows are backfilled from
 * the `payment-requested` event of the same workflow and pause number, every other row is a supplement pause
 * (the only kind that existed before payment pauses). The default keeps a worker of the previous release, which
 * inserts no kind, working during a rolling deploy.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('dossier_pauses', (t) => {
    t.string('kind', 16).notNullable().defaultTo('supplement');
  });
  await backfillPauseKinds(knex);
  await knex.raw(
    `ALTER TABLE dossier_pauses ADD CONSTRAINT dossier_pauses_kind_check CHECK (kind IN ('supplement', 'payment'))`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE dossier_pauses DROP CONSTRAINT IF EXISTS dossier_pauses_kind_check');
  await knex.schema.alterTable('dossier_pauses', (t) => {
    t.dropColumn('kind');
  });
}

/** Marks as `payment` the pauses opened by a `payment-requested` event (all rows, or those of `workflowIds`). */
export async function backfillPauseKinds(knex: Knex, workflowIds?: string[]): Promise<number> {
  const only = workflowIds ? `AND p.workflow_id = ANY(?)` : '';
  const res = await knex.raw(
    `UPDATE dossier_pauses p SET kind = 'payment'
       FROM dossier_events e
      WHERE e.workflow_id = p.workflow_id
        AND e.type = 'payment-requested'
        AND e.payload->>'pause' = p.n::text
        AND p.kind <> 'payment' ${only}`,
    workflowIds ? [workflowIds] : [],
  );
  return Number((res as { rowCount?: number }).rowCount ?? 0);
}
