/**
 * Dossier rows under load: filings that arrive while earlier inserts are in flight are written together by the
 * next statement (store insertDossiers: one round trip, one commit, one WAL flush for the batch) instead of one
 * statement each. The intake API's cost per filing in PostgreSQL is what stands between it and the raw Temporal
 * start rate (DESIGN.md §5, bench/intake).
 *
 * All or nothing per dossier, as before: when a batch fails (a replayed idempotency key, a code clash), its
 * dossiers are written again one by one, so each caller gets its own outcome and no one else's error.
 */
import type { Knex } from 'knex';
import { insertDossiers, type DossierInsert } from '../store/index.js';

interface Pending {
  item: DossierInsert;
  resolve: () => void;
  reject: (err: unknown) => void;
}

export interface DossierWriter {
  insert(item: DossierInsert): Promise<void>;
}

export function createDossierWriter(
  knex: Knex,
  options: { maxBatch?: number; maxInFlight?: number } = {},
): DossierWriter {
  const maxBatch = options.maxBatch ?? 64;
  // A few statements at once: one batch waiting on its commit does not hold back the next one.
  const maxInFlight = options.maxInFlight ?? 4;
  const queue: Pending[] = [];
  let inFlight = 0;

  const write = async (batch: Pending[]) => {
    try {
      await insertDossiers({ knex, items: batch.map((p) => p.item) });
      for (const p of batch) p.resolve();
    } catch (err) {
      if (batch.length === 1) {
        batch[0]!.reject(err);
        return;
      }
      await Promise.all(
        batch.map((p) =>
          insertDossiers({ knex, items: [p.item] }).then(
            () => p.resolve(),
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
      return new Promise<void>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        pump();
      });
    },
  };
}
