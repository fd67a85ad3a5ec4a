import type { Db } from './types.js';

/** Vietnam keeps one offset all year (UTC+7): the dossier day is the local calendar day. */
const VN_OFFSET_MS = 7 * 3_600_000;

/** 'yymmdd' of an instant in Vietnam time. */
export function dossierDay(at: Date): string {
  return new Date(at.getTime() + VN_OFFSET_MS).toISOString().slice(2, 10).replace(/-/g, '');
}

/**
 * Allocates the next dossier code `{unit code}-{yymmdd}-{daily sequence}` (sequence padded to 4 digits) with one
 * atomic upsert; numbers are never reused, even when the caller's transaction later fails to file.
 */
export async function nextDossierCode({ knex, unitCode, at }: { knex: Db; unitCode: string; at: Date }): Promise<string> {
  const day = dossierDay(at);
  const { rows } = (await knex.raw(
    `INSERT INTO dossier_code_sequences (unit_code, day, last_seq) VALUES (?, ?, 1)
     ON CONFLICT (unit_code, day) DO UPDATE SET last_seq = dossier_code_sequences.last_seq + 1
     RETURNING last_seq`,
    [unitCode, day],
  )) as { rows: Array<{ last_seq: number }> };
  const seq = rows[0]!.last_seq;
  return `${unitCode}-${day}-${String(seq).padStart(4, '0')}`;
}
