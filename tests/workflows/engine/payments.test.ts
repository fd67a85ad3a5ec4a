import { expect } from 'chai';
import { start } from '../../../workflows/engine/lifecycle.js';
import {
  paymentReceived,
  requestPayment,
  validateRequestPayment,
} from '../../../workflows/engine/payments.js';
import { requestSupplement } from '../../../workflows/engine/pauses.js';
import { PATCHES } from '../../../workflows/engine/patches.js';
import { feelContext } from '../../../workflows/engine/views.js';
import { oneStepIr } from '../fixtures/build-ir.js';
import { T0, rejectionOf, settle, stateFor } from './support/state.js';

const ir = oneStepIr({ code: 'PM', agency: 'A', duration: { amount: 5, unit: 'working-day' } });

async function begun(patched: (id: string) => boolean = () => true) {
  const s = stateFor(ir, {}, patched);
  start(s, T0);
  await settle(s, T0);
  return s;
}

describe('engine/payments', () => {
  it('checks the request: a positive amount, at most 100 named lines of zero or more', async () => {
    const s = await begun();
    const base = { actor: 'sp', reason: 'lệ phí', amount: 10 };
    const bad = [
      { ...base, amount: 0 },
      { ...base, reason: ' ' },
      { ...base, items: 'x' as never },
      { ...base, items: Array.from({ length: 101 }, () => ({ name: 'a', amount: 1 })) },
      { ...base, items: [{ name: '', amount: 1 }] },
      { ...base, items: [{ name: 'a', amount: Number.POSITIVE_INFINITY }] },
    ];
    for (const args of bad)
      expect(rejectionOf(() => validateRequestPayment(s, args))).to.equal('invalid-argument');
    expect(() => validateRequestPayment(s, { ...base, items: [{ name: 'a', amount: 0 }] })).not.to.throw();
    requestSupplement(s, T0 + 1, { actor: 'sp', reason: 'r', missing: [] });
    expect(rejectionOf(() => validateRequestPayment(s, base))).to.equal('already-paused');
  });

  it('a receipt ends the payment pause (status 6 → back); every receipt counts once in `paid`', async () => {
    const s = await begun();
    requestPayment(s, T0 + 10, {
      actor: 'sp',
      reason: 'trước bạ',
      amount: 300,
      items: [{ name: 'trước bạ', amount: 300 }],
    });
    expect(s.dossier.status).to.equal('financial-obligation');
    expect(rejectionOf(() => validateRequestPayment(s, { actor: 'sp', reason: 'x', amount: 1 }))).to.equal(
      'payment-already-requested',
    );
    paymentReceived(s, T0 + 20, { receiptNo: 'BL-1', amount: 250 });
    const round = await settle(s, T0 + 20);
    expect(round.types).to.deep.equal(['payment-requested', 'payment-received', 'deadlines-moved']);
    expect(s.outbox.timeline.find((e) => e.type === 'payment-received')!.payload).to.deep.equal({
      receiptNo: 'BL-1',
      amount: 250,
      pause: 1,
      requested: 300,
    });
    expect(s.dossier.status).to.equal('accepted');
    paymentReceived(s, T0 + 30, { receiptNo: 'BL-1', amount: 250 });
    paymentReceived(s, T0 + 31, { receiptNo: 'BL-2', amount: 50 });
    expect(s.outbox.timeline.slice(-2).map((e) => e.type)).to.deep.equal([
      'payment-duplicate',
      'payment-received',
    ]);
    expect(feelContext(s).paid).to.equal(300);
  });

  it('before the patch payment-receipt-once a repeated receipt was counted again (old histories)', async () => {
    const s = await begun((id) => id !== PATCHES.paymentReceiptOnce);
    paymentReceived(s, T0 + 1, { receiptNo: 'BL-1', amount: 5 });
    paymentReceived(s, T0 + 2, { receiptNo: 'BL-1', amount: 5 });
    expect([s.pauses.payments.length, feelContext(s).paid]).to.deep.equal([2, 10]);
  });
});
