import { expect } from 'chai';
import { MOTCUA_URI } from '../../compiler/index.js';
import { TASK_ROLES } from '../../ir/index.js';
import {
  checkFieldValue,
  fieldOptions,
  fieldsFor,
  formatOutcomes,
  MOTCUA_ELEMENTS,
  MOTCUA_FIELDS,
  MOTCUA_PREFIX,
  MOTCUA_URI as PANEL_URI,
  nextOutcomeName,
  normaliseNumberInput,
  parseOutcomes,
} from '../../modeler/src/lib/index.js';
import { freshDescriptor } from './helpers.js';

interface DescriptorType {
  name: string;
  extends?: string[];
  superClass?: string[];
  meta?: { allowedIn?: string[] };
  properties?: Array<{ name: string; isAttr?: boolean; isMany?: boolean; type: string }>;
}
const descriptor = freshDescriptor() as { prefix: string; uri: string; types: DescriptorType[] };

/** (bpmn type, attribute) pairs the compiler's descriptor declares as attributes. */
function descriptorAttributes(): Set<string> {
  const out = new Set<string>();
  for (const t of descriptor.types) {
    for (const ext of t.extends ?? [])
      for (const p of t.properties ?? []) if (p.isAttr) out.add(`${ext}#${p.name}`);
  }
  return out;
}

describe('modeler: motcua fields of the properties panel', () => {
  it('uses the prefix and namespace of the compiler descriptor', () => {
    expect(descriptor.prefix).to.equal(MOTCUA_PREFIX);
    expect(descriptor.uri).to.equal(PANEL_URI);
    expect(MOTCUA_URI).to.equal(PANEL_URI);
  });

  it('offers exactly the attributes the descriptor declares, on the same element types', () => {
    const panel = new Set(MOTCUA_FIELDS.flatMap((f) => f.types.map((t) => `${t}#${f.name}`)));
    expect([...panel].sort()).to.deep.equal([...descriptorAttributes()].sort());
  });

  it('edits the input mapping extension element the descriptor declares', () => {
    const mapping = descriptor.types.find((t) => `motcua:${t.name}` === MOTCUA_ELEMENTS.inputMapping.type);
    expect(mapping?.meta?.allowedIn).to.deep.equal([...MOTCUA_ELEMENTS.inputMapping.allowedIn]);
    const collection = mapping?.properties?.find((p) => p.name === MOTCUA_ELEMENTS.inputMapping.collection);
    expect(`motcua:${collection?.type}`).to.equal(MOTCUA_ELEMENTS.inputMapping.item);
    const item = descriptor.types.find((t) => `motcua:${t.name}` === MOTCUA_ELEMENTS.inputMapping.item);
    expect(item?.properties?.map((p) => p.name)).to.have.members(['target', 'source']);
  });

  it('gives every field a Vietnamese and an English label', () => {
    for (const f of MOTCUA_FIELDS) {
      expect(f.label.vi, f.name).to.be.a('string').and.not.equal('');
      expect(f.label.en, f.name).to.be.a('string').and.not.equal('');
      expect(f.label.vi, f.name).to.not.equal(f.label.en);
    }
  });

  it('shows role, duration and outcomes for a user task; timer fields only on timer events', () => {
    const isA = (types: string[]) => (t: string) => types.includes(t);
    const userTask = fieldsFor(isA(['bpmn:UserTask', 'bpmn:FlowElement']), false).map((f) => f.name);
    expect(userTask).to.include.members([
      'role',
      'duration',
      'durationUnit',
      'warningAt',
      'escalationRole',
      'outcomes',
      'form',
      'agency',
      'nameEn',
    ]);
    expect(userTask).to.not.include('plugin');
    const plainBoundary = fieldsFor(isA(['bpmn:BoundaryEvent', 'bpmn:FlowElement']), false).map(
      (f) => f.name,
    );
    expect(plainBoundary).to.deep.equal(['nameEn']);
    const timerBoundary = fieldsFor(isA(['bpmn:BoundaryEvent', 'bpmn:FlowElement']), true).map((f) => f.name);
    expect(timerBoundary).to.include.members(['duration', 'durationUnit', 'slaFraction']);
    const service = fieldsFor(isA(['bpmn:ServiceTask', 'bpmn:FlowElement']), false).map((f) => f.name);
    expect(service).to.include.members(['plugin', 'resultVariable']);
  });

  it('lists every task role in the role select, after an empty choice', () => {
    const vi = fieldOptions('task-role', 'vi');
    expect(vi[0]?.value).to.equal('');
    expect(vi.slice(1).map((o) => o.value)).to.deep.equal([...TASK_ROLES]);
    expect(vi.find((o) => o.value === 'specialist')?.label).to.contain('Chuyên viên');
    expect(fieldOptions('task-role', 'en').find((o) => o.value === 'specialist')?.label).to.contain(
      'Specialist',
    );
    expect(fieldOptions('duration-unit', 'vi').map((o) => o.value)).to.deep.equal([
      '',
      'working-day',
      'working-hour',
      'calendar-day',
    ]);
    expect(fieldOptions('end-outcome', 'en').map((o) => o.value)).to.deep.equal([
      '',
      'returned',
      'refused',
      'withdrawn',
      'stopped',
    ]);
  });

  it('edits the comma-separated outcome attribute as a list', () => {
    expect(parseOutcomes('approve, refuse ,')).to.deep.equal(['approve', 'refuse']);
    expect(parseOutcomes(undefined)).to.deep.equal([]);
    expect(formatOutcomes(['approve', ' ', 'refuse'])).to.equal('approve,refuse');
    expect(formatOutcomes([''])).to.equal(undefined);
    expect(nextOutcomeName(['outcome-2'])).to.equal('outcome-3');
    expect(nextOutcomeName(['approve', 'refuse'])).to.equal('outcome-3');
  });

  it('checks typed values with the compiler codes and messages', () => {
    expect(checkFieldValue('duration', '0,5', 'Thẩm định')).to.equal(undefined);
    expect(checkFieldValue('duration', '-1', 'Thẩm định')?.vi).to.match(
      /^Thời hạn "-1" của "Thẩm định" phải là số dương/,
    );
    expect(checkFieldValue('duration', 'ba ngày', 'Thẩm định')?.en).to.contain('must be a positive number');
    expect(checkFieldValue('warningAt', '0.75', 'x')).to.equal(undefined);
    expect(checkFieldValue('warningAt', '1', 'x')?.vi).to.contain('motcua:warningAt');
    expect(checkFieldValue('slaFraction', '11', 'x')?.en).to.contain('at most 10');
    expect(checkFieldValue('outcome-item', 'approve', 'x')).to.equal(undefined);
    expect(checkFieldValue('outcome-item', 'đồng ý', 'x')?.vi).to.contain('motcua:outcomes');
    expect(checkFieldValue('role', '', 'x')).to.equal(undefined);
  });

  it('stores typed numbers with a decimal point', () => {
    expect(normaliseNumberInput('0,5')).to.equal('0.5');
    expect(normaliseNumberInput(' 3 ')).to.equal('3');
    expect(normaliseNumberInput('')).to.equal(undefined);
    expect(normaliseNumberInput('abc')).to.equal('abc');
  });
});
