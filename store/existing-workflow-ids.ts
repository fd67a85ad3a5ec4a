import type { Db } from './types.js';

/**
 * Which of these workflow ids belong to a row: a dossier's workflow or a call child's (`dossier_calls`). Read in
 * chunks, so a scan of thousands of workflows stays a handful of queries.
 */
export async function existingWorkflowIds({
  knex,
  workflowIds,
}: {
  knex: Db;
  workflowIds: string[];
}): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < workflowIds.length; i += 1000) {
    const chunk = workflowIds.slice(i, i + 1000);
    for (const table of ['dossiers', 'dossier_calls']) {
      const rows = (await knex(table).whereIn('workflow_id', chunk).select('workflow_id')) as Array<{
        workflow_id: string;
      }>;
      for (const r of rows) found.add(r.workflow_id);
    }
  }
  return found;
}
