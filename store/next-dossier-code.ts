import type { Db } from './types.js';

/** Vietnam keeps one offset all year (UTC+7): the dossier day is the local calendar day. */
const VN_OFFSET_MS = 7 * 3_600_000;

/** 'yymmdd' of an instant in Vietnam time. */
export function dossierDay(at: Date): string {
  return new Date(at.getTime() + VN_OFFSET_MS).toISOString().slice(2, 10).replace(/-/g, '');
}

/**
 * Allocates the next dossier code `{unit code}-{yymmdd}-{daily sequence}` (sequence padded to 4 digits) with one
 * atomic upsert in its own short transaction; numbers are never reused, even when the filing later fails.
 *
 * The counter row is hot (every filing of a unit on a day). Its transaction commits with synchronous_commit off,
 * so the row lock is not held while the WAL is flushed: filings no longer queue behind each other's fsync. Still
 * never reused: WAL is flushed in order, so the durable dossier insert that uses a number flushes its increment;
 * only increments no dossier used can be lost in a crash.
 */
export async function nextDossierCode({ knex, unitCode, at }: { knex: Db; unitCode: string; at: Date }): Promise<string> {
  const day = dossierDay(at);
  if (!(knex as { isTransaction?: boolean }).isTransaction) {
    return (knex as import('knex').Knex).transaction(async (trx) => {
      await trx.raw('SET LOCAL synchronous_commit TO OFF');
      return nextDossierCode({ knex: trx, unitCode, at });
    });
  }
  const { rows } = (await knex.raw(
    `INSERT INTO dossier_code_sequences (unit_code, day, last_seq) VALUES (?, ?, 1)
     ON CONFLICT (unit_code, day) DO UPDATE SET last_seq = dossier_code_sequences.last_seq + 1
     RETURNING last_seq`,
    [unitCode, day],
  )) as { rows: Array<{ last_seq: number }> };
  const seq = rows[0]!.last_seq;
  return `${unitCode}-${day}-${String(seq).padStart(4, '0')}`;
}
