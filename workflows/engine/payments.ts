/**
 * Financial obligation (yêu cầu thực hiện nghĩa vụ tài chính, national status 6): a pause like a supplement
 * request, ended by an e-receipt. Every receipt is kept (FEEL sees `payments` / `paid`).
 */
import type { PaymentReceivedArgs, RequestPaymentArgs } from '../definitions.js';
import { emit } from './outbox.js';
import { PATCHES } from './patches.js';
import { assertNoPause, pauseFor, resume } from './pauses.js';
import { assertActor, assertRunning, Rejection } from './rejection.js';
import type { EngineState } from './state.js';
import { openPause } from './status.js';

export function validateRequestPayment(s: EngineState, args: RequestPaymentArgs): void {
  assertActor(args?.actor, 'actor');
  assertActor(args?.reason, 'reason');
  assertRunning(s);
  assertNoPause(s);
  if (typeof args.amount !== 'number' || !Number.isFinite(args.amount) || args.amount <= 0) {
    throw new Rejection('invalid-argument', 'amount phải là số tiền dương', 'amount must be a positive sum');
  }
  if (args.items === undefined) return;
  if (!Array.isArray(args.items) || args.items.length > 100) {
    throw new Rejection(
      'invalid-argument',
      'items phải là danh sách (tối đa 100 khoản)',
      'items must be a list (at most 100 lines)',
    );
  }
  args.items.forEach((item, i) => {
    if (typeof item?.name !== 'string' || item.name.trim() === '') {
      throw new Rejection(
        'invalid-argument',
        `items[${i}].name: thiếu tên khoản thu`,
        `items[${i}].name: the line needs a name`,
      );
    }
    if (typeof item.amount !== 'number' || !Number.isFinite(item.amount) || item.amount < 0) {
      throw new Rejection(
        'invalid-argument',
        `items[${i}].amount phải là số tiền không âm`,
        `items[${i}].amount must be a sum of zero or more`,
      );
    }
  });
}

/** Every clock pauses until the payment is received. */
export function requestPayment(s: EngineState, now: number, args: RequestPaymentArgs): void {
  validateRequestPayment(s, args);
  const items = (args.items ?? []).map((i) => ({ name: i.name, amount: i.amount }));
  pauseFor(
    s,
    now,
    'payment',
    { actor: args.actor, reason: args.reason, missing: [] },
    false,
    args.amount,
    items,
  );
}

/**
 * An e-receipt was recorded. Always kept; when a financial obligation request of this dossier is open, the
 * payment ends it and the clocks resume. Any payment ends it: the receipt is the proof the obligation was met,
 * and the event shows what was requested against what was paid.
 */
export function paymentReceived(s: EngineState, now: number, args: PaymentReceivedArgs): void {
  const payments = s.pauses.payments;
  const payment = { receiptNo: String(args?.receiptNo ?? ''), amount: Number(args?.amount ?? 0) };
  const seen = payment.receiptNo !== '' && payments.some((p) => p.receiptNo === payment.receiptNo);
  if (seen && s.patched(PATCHES.paymentReceiptOnce)) {
    emit(s, now, 'payment-duplicate', { receiptNo: payment.receiptNo, amount: args?.amount ?? null });
    return;
  }
  payments.push(payment);
  const pause = openPause(s);
  if (s.dossier.finished || !pause || pause.kind !== 'payment' || pause.fromParent) {
    emit(s, now, 'payment-received', { receiptNo: args?.receiptNo ?? null, amount: args?.amount ?? null });
    return;
  }
  resume(s, now, pause, { actor: 'applicant', documents: [] }, () =>
    emit(s, now, 'payment-received', {
      receiptNo: args?.receiptNo ?? null,
      amount: args?.amount ?? null,
      pause: pause.n,
      requested: pause.amount ?? 0,
    }),
  );
}
