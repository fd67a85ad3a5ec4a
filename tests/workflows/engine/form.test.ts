import { expect } from 'chai';
import { checkForm } from '../../../workflows/engine/form.js';

const schema = {
  type: 'object',
  required: ['opinion'],
  properties: { opinion: { type: 'string', minLength: 3 }, area: { type: 'number', minimum: 0 } },
};

describe('engine/form', () => {
  it('accepts data that fits the form schema', () => {
    expect(checkForm('h:t', schema, { opinion: 'đạt yêu cầu', area: 12 })).to.deep.equal([]);
  });

  it('names each offending field', () => {
    const problems = checkForm('h:t', schema, { opinion: 'x', area: -1 });
    expect(problems.join(' ')).to.contain('/opinion').and.to.contain('/area');
    expect(checkForm('h:t', schema, {}).join(' ')).to.contain('opinion');
  });
});
