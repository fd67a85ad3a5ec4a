import type { Db } from './types.js';
import { inTransaction } from './transaction.js';

/**
 * Removes a dossier that never started (its workflow could not be started): the dossier row, its documents and
 * its idempotency key. Returns the object keys of the removed documents so the caller can delete the bytes.
 */
export async function deleteUnstartedDossier({
  knex,
  dossierId,
}: {
  knex: Db;
  dossierId: string;
}): Promise<string[]> {
  return inTransaction(knex, async (trx) => {
    const docs = (await trx('documents').where({ dossier_id: dossierId }).del(['object_key'])) as Array<{
      object_key: string;
    }>;
    await trx('idempotency_keys').where({ dossier_id: dossierId }).del();
    await trx('dossier_events').where({ dossier_id: dossierId }).del();
    await trx('tasks').where({ dossier_id: dossierId }).del();
    await trx('dossiers').where({ id: dossierId }).del();
    return docs.map((d) => d.object_key);
  });
}
