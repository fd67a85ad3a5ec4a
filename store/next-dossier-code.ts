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
 * The counter row is hot (every filing of a unit on a day). Its statement commits with synchronous_commit off,
 * so the row lock is not held while the WAL is flushed: filings no longer queue behind each other's fsync. Still
 * never reused: WAL is flushed in order, so the durable dossier insert that uses a number flushes its increment;
 * only increments no dossier used can be lost in a crash.
 */
export async function nextDossierCode({
  knex,
  unitCode,
  at,
}: {
  knex: Db;
  unitCode: string;
  at: Date;
}): Promise<string> {
  return (await nextDossierCodes({ knex, unitCode, at, count: 1 }))[0]!;
}

/** Allocates `count` consecutive codes of one unit and day in a single statement. */
export async function nextDossierCodes({
  knex,
  unitCode,
  at,
  count,
}: {
  knex: Db;
  unitCode: string;
  at: Date;
  count: number;
}): Promise<string[]> {
  const n = Math.max(1, Math.floor(count));
  const day = dossierDay(at);
  // One statement, so the row lock lasts only inside PostgreSQL (no client round trip while it is held);
  // set_config(..., true) turns off the flush wait for this statement's own transaction only.
  const { rows } = (await knex.raw(
    `WITH cfg AS (SELECT set_config('synchronous_commit', 'off', true) AS v)
     INSERT INTO dossier_code_sequences (unit_code, day, last_seq)
     SELECT ?, ?, ? FROM cfg
     ON CONFLICT (unit_code, day) DO UPDATE SET last_seq = dossier_code_sequences.last_seq + excluded.last_seq
     RETURNING last_seq`,
    [unitCode, day, n],
  )) as { rows: Array<{ last_seq: number }> };
  const last = rows[0]!.last_seq;
  return Array.from(
    { length: n },
    (_, i) => `${unitCode}-${day}-${String(last - n + 1 + i).padStart(4, '0')}`,
  );
}
