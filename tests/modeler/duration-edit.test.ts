import { expect } from 'chai';
import { editableAttributes, isAttributeEditable, isCommandAllowed } from '../../modeler/src/lib/index.js';

describe('modeler: editor modes', () => {
  it('lets a publisher change everything', () => {
    expect(editableAttributes('full', 'bpmn:UserTask')).to.equal('all');
    expect(isCommandAllowed('full', { command: 'shape.create' })).to.equal(true);
    expect(isCommandAllowed('full', { command: 'element.updateProperties', elementType: 'bpmn:UserTask', properties: ['name'] })).to.equal(true);
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
    for (const command of ['shape.create', 'shape.delete', 'elements.move', 'connection.create', 'shape.replace', 'element.updateLabel']) {
      expect(isCommandAllowed('duration', { command }), command).to.equal(false);
    }
  });

  it('accepts a property update in duration mode only when every property is editable', () => {
    const base = { command: 'element.updateProperties', elementType: 'bpmn:UserTask' };
    expect(isCommandAllowed('duration', { ...base, properties: ['motcua:duration', 'motcua:durationUnit'] })).to.equal(true);
    expect(isCommandAllowed('duration', { ...base, properties: ['motcua:duration', 'motcua:role'] })).to.equal(false);
    expect(isCommandAllowed('duration', { ...base, properties: [] })).to.equal(false);
    expect(isCommandAllowed('duration', { command: 'element.updateModdleProperties', elementType: 'bpmn:UserTask', properties: ['motcua:warningAt'] })).to.equal(true);
  });

  it('allows nothing read-only', () => {
    expect(editableAttributes('read-only', 'bpmn:UserTask')).to.deep.equal([]);
    expect(isCommandAllowed('read-only', { command: 'element.updateProperties', elementType: 'bpmn:UserTask', properties: ['motcua:duration'] })).to.equal(false);
  });
});
