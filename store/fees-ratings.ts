import type { Db, FeePaymentRow, RatingRow } from './types.js';

/** Records a payment; returns undefined when the receipt number was recorded before (for any dossier). */
export async function insertFeePayment({
  knex,
  payment,
}: {
  knex: Db;
  payment: {
    dossierId: string;
    receiptNo: string;
    amount: number;
    currency?: string;
    note?: string | null;
    recordedBy: string;
  };
}): Promise<FeePaymentRow | undefined> {
  const [row] = (await knex('fee_payments')
    .insert({
      dossier_id: payment.dossierId,
      receipt_no: payment.receiptNo,
      amount: payment.amount,
      currency: payment.currency ?? 'VND',
      note: payment.note ?? null,
      recorded_by: payment.recordedBy,
    })
    .onConflict('receipt_no')
    .ignore()
    .returning('*')) as FeePaymentRow[];
  return row;
}

export async function getFeePayment({
  knex,
  receiptNo,
}: {
  knex: Db;
  receiptNo: string;
}): Promise<FeePaymentRow | undefined> {
  return knex<FeePaymentRow>('fee_payments').where({ receipt_no: receiptNo }).first();
}

export async function listFeePayments({
  knex,
  dossierId,
}: {
  knex: Db;
  dossierId: string;
}): Promise<FeePaymentRow[]> {
  return knex<FeePaymentRow>('fee_payments').where({ dossier_id: dossierId }).orderBy('paid_at');
}

/** One rating per dossier; returns false when it was rated already. */
export async function insertRating({
  knex,
  rating,
}: {
  knex: Db;
  rating: { dossierId: string; score: number; comment?: string | null };
}): Promise<boolean> {
  const rows = (await knex('ratings')
    .insert({ dossier_id: rating.dossierId, score: rating.score, comment: rating.comment ?? null })
    .onConflict('dossier_id')
    .ignore()
    .returning('dossier_id')) as unknown[];
  return rows.length === 1;
}

export async function getRating({
  knex,
  dossierId,
}: {
  knex: Db;
  dossierId: string;
}): Promise<RatingRow | undefined> {
  return knex<RatingRow>('ratings').where({ dossier_id: dossierId }).first();
}

export async function deleteDocuments({ knex, ids }: { knex: Db; ids: string[] }): Promise<void> {
  if (ids.length) await knex('documents').whereIn('id', ids).del();
}
