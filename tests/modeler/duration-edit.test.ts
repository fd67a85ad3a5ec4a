import { expect } from 'chai';
import {
  changedDurations,
  collectStepDurations,
  editableAttributes,
  isAttributeEditable,
  isCommandAllowed,
} from '../../modeler/src/lib/index.js';

describe('modeler: editor modes', () => {
  it('lets a publisher change everything', () => {
    expect(editableAttributes('full', 'bpmn:UserTask')).to.equal('all');
    expect(isCommandAllowed('full', { command: 'shape.create' })).to.equal(true);
    expect(
      isCommandAllowed('full', {
        command: 'element.updateProperties',
        elementType: 'bpmn:UserTask',
        properties: ['name'],
      }),
    ).to.equal(true);
  });

  it('lets a duration editor change only durations and warning thresholds of steps', () => {
    expect(isAttributeEditable('duration', 'bpmn:UserTask', 'motcua:duration')).to.equal(true);
    expect(isAttributeEditable('duration', 'bpmn:UserTask', 'durationUnit')).to.equal(true);
    expect(isAttributeEditable('duration', 'bpmn:UserTask', 'motcua:warningAt')).to.equal(true);
    expect(isAttributeEditable('duration', 'bpmn:CallActivity', 'motcua:duration')).to.equal(true);
    expect(isAttributeEditable('duration', 'bpmn:UserTask', 'motcua:role')).to.equal(false);
    expect(isAttributeEditable('duration', 'bpmn:UserTask', 'name')).to.equal(false);
    expect(isAttributeEditable('duration', 'bpmn:BoundaryEvent', 'motcua:duration')).to.equal(false);
    expect(isAttributeEditable('duration', 'bpmn:CallActivity', 'motcua:warningAt')).to.equal(false);
  });

  it('refuses every structural command in duration mode', () => {
    for (const command of [
      'shape.create',
      'shape.delete',
      'elements.move',
      'connection.create',
      'shape.replace',
      'element.updateLabel',
    ]) {
      expect(isCommandAllowed('duration', { command }), command).to.equal(false);
    }
  });

  it('accepts a property update in duration mode only when every property is editable', () => {
    const base = { command: 'element.updateProperties', elementType: 'bpmn:UserTask' };
    expect(
      isCommandAllowed('duration', { ...base, properties: ['motcua:duration', 'motcua:durationUnit'] }),
    ).to.equal(true);
    expect(
      isCommandAllowed('duration', { ...base, properties: ['motcua:duration', 'motcua:role'] }),
    ).to.equal(false);
    expect(isCommandAllowed('duration', { ...base, properties: [] })).to.equal(false);
    expect(
      isCommandAllowed('duration', {
        command: 'element.updateModdleProperties',
        elementType: 'bpmn:UserTask',
        properties: ['motcua:warningAt'],
      }),
    ).to.equal(true);
  });

  it('allows nothing read-only', () => {
    expect(editableAttributes('read-only', 'bpmn:UserTask')).to.deep.equal([]);
    expect(
      isCommandAllowed('read-only', {
        command: 'element.updateProperties',
        elementType: 'bpmn:UserTask',
        properties: ['motcua:duration'],
      }),
    ).to.equal(false);
  });
});

describe('modeler: durations for the API duration edit', () => {
  it('reads the durations of steps with the compiler reader and reports the unreadable ones', () => {
    const r = collectStepDurations([
      { id: 'Task_A', type: 'bpmn:UserTask', duration: '0,5', durationUnit: 'working-day' },
      { id: 'Task_B', type: 'bpmn:UserTask', duration: '2' },
      { id: 'Call_C', type: 'bpmn:CallActivity', duration: '3', durationUnit: 'calendar-day' },
      { id: 'Task_D', type: 'bpmn:UserTask', name: 'Thẩm định', duration: '-1' },
      { id: 'Timer_E', type: 'bpmn:IntermediateCatchEvent', duration: '1' },
      { id: 'Call_F', type: 'bpmn:CallActivity' },
    ]);
    expect(r.durations).to.deep.equal({
      Task_A: { amount: 0.5, unit: 'working-day' },
      Task_B: { amount: 2, unit: 'working-day' },
      Call_C: { amount: 3, unit: 'calendar-day' },
    });
    expect(r.problems.map((d) => `${d.code}@${d.elementId}`)).to.deep.equal(['MC502@Task_D']);
  });

  it('keeps only the durations that changed', () => {
    const before = {
      A: { amount: 1, unit: 'working-day' as const },
      B: { amount: 2, unit: 'working-day' as const },
    };
    const after = {
      A: { amount: 1, unit: 'working-day' as const },
      B: { amount: 2, unit: 'working-hour' as const },
    };
    expect(changedDurations(before, after)).to.deep.equal({ B: { amount: 2, unit: 'working-hour' } });
  });
});
