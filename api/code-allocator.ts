/**
 * Dossier codes under load: concurrent filings of one unit and day share one counter row, so instead of queueing
 * one upsert each, the requests that arrive while an allocation is in flight are served together by the next one
 * (`last_seq + n`). Numbers stay consecutive in arrival order within a process, one statement serves many.
 */
import type { Knex } from 'knex';
import { dossierDay, nextDossierCodes } from '../store/index.js';

interface Waiter {
  resolve: (code: string) => void;
  reject: (err: unknown) => void;
}

export function createCodeAllocator(knex: Knex, maxBatch = 200) {
  const queues = new Map<string, { unitCode: string; at: Date; waiters: Waiter[]; running: boolean }>();
  const drain = async (key: string) => {
    const q = queues.get(key)!;
    q.running = true;
    while (q.waiters.length > 0) {
      const batch = q.waiters.splice(0, maxBatch);
      try {
        const codes = await nextDossierCodes({ knex, unitCode: q.unitCode, at: q.at, count: batch.length });
        batch.forEach((w, i) => w.resolve(codes[i]!));
      } catch (err) {
        batch.forEach((w) => w.reject(err));
      }
    }
    queues.delete(key);
  };
  return {
    allocate(unitCode: string, at: Date): Promise<string> {
      const key = `${unitCode}\u0000${dossierDay(at)}`;
      let q = queues.get(key);
      if (!q) {
        q = { unitCode, at, waiters: [], running: false };
        queues.set(key, q);
      }
      const promise = new Promise<string>((resolve, reject) => q!.waiters.push({ resolve, reject }));
      if (!q.running) void drain(key);
      return promise;
    },
  };
}
export type CodeAllocator = ReturnType<typeof createCodeAllocator>;
