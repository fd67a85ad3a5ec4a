import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { repoRoot } from '../../config/index.js';
import {
  addItem,
  buildForm,
  defaultFor,
  errorsFromDiagnostics,
  getAt,
  moveItem,
  newProcedureMetadata,
  parseInput,
  PROCEDURE_FORM_LABELS,
  removeItem,
  schemaAt,
  setAt,
  validateForm,
  walkForm,
  type Diagnostic,
  type FormArray,
  type FormField,
  type FormNode,
  type JsonSchema,
} from '../../modeler/src/lib/index.js';
import { sampleMetadata } from './helpers.js';

const schema = JSON.parse(
  fs.readFileSync(path.join(repoRoot, 'procedure-models/schemas/procedure.schema.json'), 'utf8'),
) as JsonSchema;

function find(root: FormNode, pointer: string): FormNode | undefined {
  let found: FormNode | undefined;
  walkForm(root, (n) => {
    if (n.pointer === pointer) found = n;
  });
  return found;
}

describe('modeler: procedure.json form from its JSON Schema', () => {
  it('builds fields of the right kinds with Vietnamese labels and choices', () => {
    const form = buildForm(schema, sampleMetadata(), PROCEDURE_FORM_LABELS);
    const code = find(form, '/code') as FormField;
    expect(code).to.include({ type: 'field', kind: 'text', required: true, value: 'T.000001' });
    expect(code.label.vi).to.equal('Mã thủ tục');
    const level = find(form, '/level') as FormField;
    expect(level.kind).to.equal('select');
    expect(level.options?.map((o) => o.label.vi)).to.include('Cấp tỉnh');
    const amount = find(form, '/channels/0/duration/amount') as FormField;
    expect(amount).to.include({ kind: 'number', value: 10 });
    expect(amount.label.en).to.equal('Amount');
    expect(
      (find(form, '/channels/0/duration/unit') as FormField).options?.find((o) => o.value === 'working-day')
        ?.label.vi,
    ).to.equal('ngày làm việc');
    expect((find(form, '/components/0/required') as FormField).kind).to.equal('boolean');
    expect((find(form, '/components/0/count') as FormField).kind).to.equal('integer');
    const channels = find(form, '/channels') as FormArray;
    expect(channels).to.include({ type: 'array', minItems: 1, canRemove: false, canAdd: true });
    expect(find(form, '/model'), 'the console names the model file itself').to.equal(undefined);
    expect(find(form, '/cutoff/paper')).to.include({ type: 'field', required: false, value: undefined });
  });

  it('edits immutably and drops optional fields that are cleared', () => {
    const m = sampleMetadata();
    const withCutoff = setAt(m, '/cutoff/paper', '16:00', schema) as Record<string, unknown>;
    expect(getAt(withCutoff, '/cutoff/paper')).to.equal('16:00');
    expect(m).to.not.have.property('cutoff');
    const cleared = setAt(withCutoff, '/cutoff/paper', undefined, schema);
    expect(cleared).to.not.have.property('cutoff');
    const noEn = setAt(m, '/names/en', '', schema);
    expect(getAt(noEn, '/names')).to.deep.equal({ vi: 'Cấp giấy phép thử nghiệm' });
    // A required field keeps its (empty) value so the check can point at it.
    expect(getAt(setAt(m, '/sector', '', schema), '/sector')).to.equal('');
  });

  it('adds, moves and removes list items with schema defaults', () => {
    let m: unknown = sampleMetadata();
    m = addItem(m, '/channels/0/fees', schema);
    expect(getAt(m, '/channels/0/fees/0')).to.deep.equal({ amount: 0, currency: 'VND' });
    m = addItem(m, '/components', schema);
    expect(getAt(m, '/components/1')).to.deep.equal({
      id: '',
      name: { vi: '' },
      required: false,
      kind: 'original',
      count: 1,
    });
    m = moveItem(m, '/components', 1, 0);
    expect(getAt(m, '/components/1/id')).to.equal('don-de-nghi');
    m = removeItem(m, '/components', 0);
    expect((getAt(m, '/components') as unknown[]).length).to.equal(1);
    expect(defaultFor(schemaAt(schema, '/channels/0')!, schema)).to.deep.equal({
      channel: 'counter',
      duration: { unit: 'working-day' },
      fees: [],
    });
  });

  it('reads typed numbers with a Vietnamese decimal comma', () => {
    expect(parseInput({ kind: 'number' }, '1,5')).to.equal(1.5);
    expect(parseInput({ kind: 'number' }, 'mười')).to.equal('mười');
    expect(parseInput({ kind: 'number' }, '')).to.equal(undefined);
    expect(parseInput({ kind: 'boolean' }, true)).to.equal(true);
  });

  it('accepts the sample and reports each problem on its field, in Vietnamese and English', () => {
    expect(validateForm(schema, sampleMetadata())).to.deep.equal({});
    const bad = newProcedureMetadata() as unknown as Record<string, unknown>;
    (bad.channels as Array<{ duration: { amount: unknown } }>)[0]!.duration.amount = -2;
    bad.cutoff = { paper: '25:00' };
    delete bad.agency;
    const errors = validateForm(schema, bad);
    expect(errors['/code']?.[0]?.vi).to.equal('Chỉ gồm chữ không dấu, số, ".", "_" hoặc "-".');
    expect(errors['/names/vi']?.[0]?.vi).to.equal('Không được để trống.');
    expect(errors['/agency']?.[0]).to.deep.equal({
      vi: 'Trường bắt buộc, chưa nhập.',
      en: 'Required, not filled in.',
    });
    expect(errors['/channels/0/duration/amount']?.[0]?.vi).to.equal('Phải lớn hơn 0.');
    expect(errors['/cutoff/paper']?.[0]?.en).to.equal('Enter a time as HH:MM, e.g. 15:00.');
    expect(Object.keys(errors)).to.not.include('/channels');
  });

  it('reports a number typed as text as a type problem', () => {
    const m = setAt(
      sampleMetadata(),
      '/channels/0/duration/amount',
      parseInput({ kind: 'number' }, 'mười'),
      schema,
    );
    expect(validateForm(schema, m)['/channels/0/duration/amount']?.[0]?.vi).to.equal('Phải là một số.');
  });

  it('places server diagnostics that carry a JSON Pointer on their field', () => {
    const d: Diagnostic = {
      severity: 'error',
      code: 'MC103',
      message: 'Cách thức "counter" được khai báo nhiều lần.',
      messageEn: 'Channel "counter" is listed more than once.',
      path: '/channels/1/channel',
    };
    const onElement: Diagnostic = {
      severity: 'error',
      code: 'MC302',
      message: 'x',
      messageEn: 'x',
      elementId: 'Task_1',
    };
    const errors = errorsFromDiagnostics([d, onElement]);
    expect(Object.keys(errors)).to.deep.equal(['/channels/1/channel']);
    expect(errors['/channels/1/channel']?.[0]?.vi).to.contain('counter');
  });
});
