import { expect } from 'chai';
import { evalCondition, evalExpression, FeelError } from '../../../workflows/engine/feel.js';

describe('engine/feel', () => {
  it('a condition is a boolean expression over the variables', () => {
    expect(evalCondition('amount > 10 and channel = "online"', { amount: 11, channel: 'online' })).to.equal(
      true,
    );
    expect(evalCondition('amount > 10', { amount: 3 })).to.equal(false);
  });

  it('a non-boolean condition is a unary test against the last outcome', () => {
    expect(evalCondition('"ok"', { outcome: 'ok' })).to.equal(true);
    expect(evalCondition('"approve"', { outcome: 'refuse' })).to.equal(false);
    // a list of values is not an expression: the compiler refuses it before it can run
    expect(() => evalCondition('"approve", "ok"', { outcome: 'ok' })).to.throw(FeelError);
  });

  it('expressions compute plugin inputs; a broken one throws a FeelError naming it', () => {
    expect(evalExpression('amount * 2', { amount: 4 })).to.equal(8);
    expect(() => evalExpression('amount >>> (', { amount: 1 })).to.throw(FeelError);
  });
});
