/**
 * Dossier rows under load: filings that arrive while a statement is in flight are written together by the next
 * one (store insertDossiers: codes numbered, rows, keys, documents and audit entries in one round trip, one
 * commit) instead of one statement each. One statement at a time is a group commit: batches grow with the load,
 * and on a quiet day a filing waits for nobody. Each round trip to PostgreSQL costs the API and the database
 * CPU in both processes (socket writes, wake-ups), which is what stands between the intake API and the raw
 * Temporal start rate (DESIGN.md §5, bench/intake).
 *
 * All or nothing per dossier, as before: when a batch fails (a replayed idempotency key, a clash), its dossiers
 * are written again one by one, so each caller gets its own outcome and no one else's error.
 */
import type { Knex } from 'knex';
import { insertDossiers, type DossierInsert, type InsertedDossier } from '../store/index.js';

interface Pending {
  item: DossierInsert;
  resolve: (inserted: InsertedDossier) => void;
  reject: (err: unknown) => void;
}

export interface DossierWriter {
  /** Writes one dossier (batched with concurrent ones); resolves with its code and workflow id. */
  insert(item: DossierInsert): Promise<InsertedDossier>;
}

export function createDossierWriter(
  knex: Knex,
  options: { maxBatch?: number; maxInFlight?: number } = {},
): DossierWriter {
  const maxBatch = options.maxBatch ?? 64;
  // More than one statement at a time only splits the batches: concurrent statements of one unit would queue on
  // its code counter row inside PostgreSQL anyway.
  const maxInFlight = options.maxInFlight ?? 1;
  const queue: Pending[] = [];
  let inFlight = 0;

  const write = async (batch: Pending[]) => {
    try {
      const inserted = await insertDossiers({ knex, items: batch.map((p) => p.item) });
      batch.forEach((p, i) => p.resolve(inserted[i]!));
    } catch (err) {
      if (batch.length === 1) {
        batch[0]!.reject(err);
        return;
      }
      await Promise.all(
        batch.map((p) =>
          insertDossiers({ knex, items: [p.item] }).then(
            ([inserted]) => p.resolve(inserted!),
            (e: unknown) => p.reject(e),
          ),
        ),
      );
    }
  };

  const pump = () => {
    while (inFlight < maxInFlight && queue.length > 0) {
      const batch = queue.splice(0, maxBatch);
      inFlight += 1;
      void write(batch).finally(() => {
        inFlight -= 1;
        pump();
      });
    }
  };

  return {
    insert(item) {
      return new Promise<InsertedDossier>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        pump();
      });
    },
  };
}
