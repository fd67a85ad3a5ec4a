/**
 * The motcua properties provider for bpmn-js-properties-panel: edits the attributes and extension elements of the
 * compiler's moddle descriptor (compiler/moddle/motcua.json) with the panel's own entry components — selects for
 * roles, units and end outcomes, a list for outcomes and for plugin input mappings, FEEL conditions on flows out
 * of decisions. What each element shows comes from lib/motcua-fields.ts; in duration mode only the step
 * durations and warning thresholds stay editable (lib/duration-edit.ts).
 */
import { h } from '@bpmn-io/properties-panel/preact';
import {
  ListGroup,
  SelectEntry,
  TextFieldEntry,
  isSelectEntryEdited,
  isTextFieldEntryEdited,
} from '@bpmn-io/properties-panel';
import { useService } from 'bpmn-js-properties-panel';
import { getBusinessObject, is } from 'bpmn-js/lib/util/ModelUtil';
import type { ModuleDeclaration } from 'didi';
import { lang } from '../i18n.js';
import {
  checkFieldValue,
  fieldOptions,
  fieldsFor,
  formatOutcomes,
  GROUP_LABELS,
  INPUT_LABELS,
  isAttributeEditable,
  MOTCUA_ELEMENTS,
  nextOutcomeName,
  normaliseNumberInput,
  parseOutcomes,
  type FieldGroupId,
  type MotcuaField,
} from '../lib/index.js';
import type { EditorModeService } from './editor-mode.js';

/* Moddle elements are dynamic objects; these interfaces name the few members used here. */
interface Bo {
  id: string;
  name?: string;
  $type: string;
  $parent?: Bo;
  get(name: string): unknown;
  default?: Bo;
  sourceRef?: Bo;
  conditionExpression?: { body?: string };
  eventDefinitions?: Bo[];
}
interface El {
  id: string;
  businessObject: Bo;
}
interface Modeling {
  updateProperties(element: El, properties: Record<string, unknown>): void;
  updateModdleProperties(element: El, moddleElement: Bo, properties: Record<string, unknown>): void;
}
interface BpmnFactory {
  create(type: string, attrs?: Record<string, unknown>): Bo;
}
interface CommandStack {
  execute(command: string, context: unknown): void;
}
interface Injector {
  get<T>(name: string): T;
}
interface Entry {
  id: string;
  component: (props: EntryProps) => unknown;
  isEdited?: (node: unknown) => boolean;
  [key: string]: unknown;
}
interface Group {
  id: string;
  label: string;
  entries?: Entry[];
  component?: unknown;
  items?: unknown[];
  add?: (event: Event) => void;
  shouldOpen?: boolean;
}

const ATTR = (name: string) => `motcua:${name}`;
const textOf = (v: unknown): string =>
  typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);
const elementName = (bo: Bo): string => (bo.name?.trim() ? bo.name.trim() : bo.id);

// ---------------------------------------------------------------------------------------------------------------
// Entry components
// ---------------------------------------------------------------------------------------------------------------

function AttributeEntry(props: EntryProps) {
  const { element, id, field, disabled } = props as {
    element: El;
    id: string;
    field: MotcuaField;
    disabled: boolean;
  };
  const modeling = useService<Modeling>('modeling');
  const debounce = useService<unknown>('debounceInput');
  const l = lang();
  const bo = getBusinessObject(element) as Bo;
  const key = ATTR(field.name);
  // Numbers are stored with a point (what the compiler reads) and shown with a comma in Vietnamese.
  const getValue = () => {
    const v = textOf(bo.get(key));
    return field.widget === 'number' && l === 'vi' && /^\d+\.\d+$/.test(v) ? v.replace('.', ',') : v;
  };
  const common = {
    element,
    id,
    label: field.label[l],
    description: field.description?.[l],
    disabled,
    getValue,
  };
  if (field.widget === 'select' && field.options) {
    const source = field.options;
    return h(SelectEntry, {
      ...common,
      getOptions: () => fieldOptions(source, l),
      setValue: (v: string) => modeling.updateProperties(element, { [key]: v || undefined }),
    });
  }
  return h(TextFieldEntry, {
    ...common,
    debounce,
    validate: (v: string | undefined) => checkFieldValue(field.name, v ?? '', elementName(bo))?.[l] ?? null,
    setValue: (v: string | undefined) => {
      const value = field.widget === 'number' ? normaliseNumberInput(v ?? '') : (v ?? '').trim() || undefined;
      modeling.updateProperties(element, { [key]: value });
    },
  });
}

function OutcomeEntry(props: EntryProps) {
  const { element, id, index } = props as { element: El; id: string; index: number };
  const modeling = useService<Modeling>('modeling');
  const debounce = useService<unknown>('debounceInput');
  const l = lang();
  const bo = getBusinessObject(element) as Bo;
  const list = () => parseOutcomes(textOf(bo.get(ATTR('outcomes'))));
  return h(TextFieldEntry, {
    element,
    id,
    label: l === 'vi' ? 'Mã kết quả' : 'Outcome code',
    debounce,
    getValue: () => list()[index] ?? '',
    validate: (v: string | undefined) =>
      checkFieldValue('outcome-item', v ?? '', elementName(bo))?.[l] ?? null,
    setValue: (v: string | undefined) => {
      const next = list();
      next[index] = (v ?? '').trim();
      modeling.updateProperties(element, { [ATTR('outcomes')]: formatOutcomes(next) });
    },
  });
}

function InputEntry(props: EntryProps) {
  const { element, id, input, property } = props as {
    element: El;
    id: string;
    input: Bo;
    property: 'target' | 'source';
  };
  const modeling = useService<Modeling>('modeling');
  const debounce = useService<unknown>('debounceInput');
  const l = lang();
  return h(TextFieldEntry, {
    element,
    id,
    label: INPUT_LABELS[property][l],
    debounce,
    getValue: () => textOf(input.get(property)),
    setValue: (v: string | undefined) =>
      modeling.updateModdleProperties(element, input, { [property]: v ?? '' }),
  });
}

function ConditionEntry(props: EntryProps) {
  const { element, id } = props as { element: El; id: string };
  const modeling = useService<Modeling>('modeling');
  const bpmnFactory = useService<BpmnFactory>('bpmnFactory');
  const debounce = useService<unknown>('debounceInput');
  const l = lang();
  const bo = getBusinessObject(element) as Bo;
  return h(TextFieldEntry, {
    element,
    id,
    label: l === 'vi' ? 'Điều kiện (FEEL)' : 'Condition (FEEL)',
    description:
      l === 'vi' ? 'Ví dụ: outcome = "approve" hoặc fee > 0' : 'E.g. outcome = "approve" or fee > 0',
    debounce,
    getValue: () => textOf(bo.conditionExpression?.body),
    setValue: (v: string | undefined) => {
      const body = (v ?? '').trim();
      modeling.updateProperties(element, {
        conditionExpression: body ? bpmnFactory.create('bpmn:FormalExpression', { body }) : undefined,
      });
    },
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The provider
// ---------------------------------------------------------------------------------------------------------------

/** Groups of bpmn-js-properties-panel's BPMN provider that describe behaviour motcua does not run. */
const UNSUPPORTED_GROUPS = new Set([
  'timer',
  'multiInstance',
  'compensation',
  'error',
  'escalation',
  'message',
  'signal',
  'link',
  'adHocCompletion',
  'CamundaPlatform__Input',
  'CamundaPlatform__Output',
]);
const GROUP_ORDER: Array<Exclude<FieldGroupId, 'general'>> = [
  'motcua-assignment',
  'motcua-time',
  'motcua-outcomes',
  'motcua-plugin',
  'motcua-call',
  'motcua-end',
];
const PRIORITY = 500;

class MotcuaPropertiesProvider {
  static $inject = ['propertiesPanel', 'injector', 'editorMode'];
  constructor(
    propertiesPanel: { registerProvider(priority: number, provider: unknown): void },
    private readonly injector: Injector,
    private readonly editorMode: EditorModeService,
  ) {
    propertiesPanel.registerProvider(PRIORITY, this);
  }

  getGroups(element: El): (groups: Group[]) => Group[] {
    return (groups) => {
      const l = lang();
      const mode = this.editorMode.mode;
      const bo = getBusinessObject(element) as Bo;
      const hasTimer = (bo.eventDefinitions ?? []).some((d) => is(d, 'bpmn:TimerEventDefinition'));
      const fields = fieldsFor((type) => is(element, type), hasTimer);
      const editable = (f: MotcuaField) => isAttributeEditable(mode, bo.$type, f.name);
      const entry = (f: MotcuaField): Entry => ({
        id: `motcua-${f.name}`,
        component: AttributeEntry,
        field: f,
        disabled: !editable(f),
        isEdited: f.widget === 'select' ? isSelectEntryEdited : isTextFieldEntryEdited,
      });

      const ours: Group[] = [];
      for (const groupId of GROUP_ORDER) {
        const inGroup = fields.filter((f) => f.group === groupId);
        if (!inGroup.length) continue;
        if (groupId === 'motcua-outcomes') {
          if (mode === 'full') ours.push(this.outcomesGroup(element));
          continue;
        }
        // In duration mode the fields that stay read-only are shown for context only on steps.
        if (mode !== 'full' && !inGroup.some(editable) && groupId !== 'motcua-assignment') continue;
        const label =
          groupId === 'motcua-time' &&
          (is(element, 'bpmn:IntermediateCatchEvent') || is(element, 'bpmn:BoundaryEvent'))
            ? GROUP_LABELS['motcua-timer']
            : GROUP_LABELS[groupId];
        ours.push({ id: groupId, label: label[l], entries: inGroup.map(entry), shouldOpen: true });
        if (groupId === 'motcua-plugin' && mode === 'full') ours.push(this.inputsGroup(element));
      }
      if (mode === 'full' && this.isDecisionFlow(bo)) {
        ours.push({
          id: 'motcua-condition',
          label: l === 'vi' ? 'Điều kiện rẽ nhánh' : 'Branch condition',
          entries: [{ id: 'motcua-condition', component: ConditionEntry, isEdited: isTextFieldEntryEdited }],
          shouldOpen: true,
        });
      }

      if (mode !== 'full') {
        // Only steps have something to edit; elsewhere the panel stays empty.
        return fields.some(editable) ? ours : [];
      }
      const kept = groups.filter((g) => !UNSUPPORTED_GROUPS.has(g.id));
      const general = kept.find((g) => g.id === 'general');
      const nameEn = fields.find((f) => f.group === 'general');
      if (general?.entries && nameEn) {
        const at = general.entries.findIndex((e) => e.id === 'name');
        general.entries.splice(at >= 0 ? at + 1 : general.entries.length, 0, entry(nameEn));
      }
      const docIndex = kept.findIndex((g) => g.id === 'documentation');
      kept.splice(docIndex >= 0 ? docIndex : kept.length, 0, ...ours);
      return kept;
    };
  }

  /** Flows leaving an exclusive or inclusive gateway, other than its default, carry a condition. */
  private isDecisionFlow(bo: Bo): boolean {
    if (bo.$type !== 'bpmn:SequenceFlow' || !bo.sourceRef) return false;
    const src = bo.sourceRef;
    return (is(src, 'bpmn:ExclusiveGateway') || is(src, 'bpmn:InclusiveGateway')) && src.default !== bo;
  }

  private outcomesGroup(element: El): Group {
    const l = lang();
    const modeling = this.injector.get<Modeling>('modeling');
    const bo = getBusinessObject(element) as Bo;
    const list = parseOutcomes(textOf(bo.get(ATTR('outcomes'))));
    const set = (next: string[]) =>
      modeling.updateProperties(element, { [ATTR('outcomes')]: formatOutcomes(next) });
    return {
      id: 'motcua-outcomes',
      label: GROUP_LABELS['motcua-outcomes'][l],
      component: ListGroup,
      shouldOpen: true,
      add: (event: Event) => {
        event.stopPropagation();
        set([...list, nextOutcomeName(list)]);
      },
      items: list.map((outcome, index) => ({
        id: `${element.id}-outcome-${index}`,
        label: outcome,
        entries: [
          { id: `motcua-outcome-${index}`, component: OutcomeEntry, index, isEdited: isTextFieldEntryEdited },
        ],
        autoFocusEntry: `motcua-outcome-${index}`,
        remove: () => set(list.filter((_, i) => i !== index)),
      })),
    };
  }

  private inputsGroup(element: El): Group {
    const l = lang();
    const bo = getBusinessObject(element) as Bo;
    const mapping = this.inputMapping(bo);
    const inputs = (mapping?.get('inputs') as Bo[] | undefined) ?? [];
    return {
      id: 'motcua-inputs',
      label: GROUP_LABELS['motcua-inputs'][l],
      component: ListGroup,
      shouldOpen: true,
      add: (event: Event) => {
        event.stopPropagation();
        this.addInput(element);
      },
      items: inputs.map((input, index) => ({
        id: `${element.id}-input-${index}`,
        label: INPUT_LABELS.item[l].replace('{target}', textOf(input.get('target')) || String(index + 1)),
        entries: [
          {
            id: `motcua-input-${index}-target`,
            component: InputEntry,
            input,
            property: 'target',
            isEdited: isTextFieldEntryEdited,
          },
          {
            id: `motcua-input-${index}-source`,
            component: InputEntry,
            input,
            property: 'source',
            isEdited: isTextFieldEntryEdited,
          },
        ],
        autoFocusEntry: `motcua-input-${index}-target`,
        remove: () => {
          const m = this.inputMapping(bo);
          if (m)
            this.injector
              .get<Modeling>('modeling')
              .updateModdleProperties(element, m, { inputs: inputs.filter((x) => x !== input) });
        },
      })),
    };
  }

  private inputMapping(bo: Bo): Bo | undefined {
    const ext = bo.get('extensionElements') as Bo | undefined;
    const values = (ext?.get('values') as Bo[] | undefined) ?? [];
    return values.find((v) => is(v, MOTCUA_ELEMENTS.inputMapping.type));
  }

  /** Creates bpmn:extensionElements and motcua:inputMapping when missing; one undo step for the whole addition. */
  private addInput(element: El): void {
    const bpmnFactory = this.injector.get<BpmnFactory>('bpmnFactory');
    const commandStack = this.injector.get<CommandStack>('commandStack');
    const bo = getBusinessObject(element) as Bo;
    const commands: Array<{ cmd: string; context: Record<string, unknown> }> = [];
    let ext = bo.get('extensionElements') as Bo | undefined;
    if (!ext) {
      ext = bpmnFactory.create('bpmn:ExtensionElements', { values: [] });
      ext.$parent = bo;
      commands.push({
        cmd: 'element.updateModdleProperties',
        context: { element, moddleElement: bo, properties: { extensionElements: ext } },
      });
    }
    let mapping = this.inputMapping(bo);
    if (!mapping) {
      mapping = bpmnFactory.create(MOTCUA_ELEMENTS.inputMapping.type, { inputs: [] });
      mapping.$parent = ext;
      commands.push({
        cmd: 'element.updateModdleProperties',
        context: {
          element,
          moddleElement: ext,
          properties: { values: [...((ext.get('values') as Bo[]) ?? []), mapping] },
        },
      });
    }
    const existing = (mapping.get('inputs') as Bo[] | undefined) ?? [];
    const input = bpmnFactory.create(MOTCUA_ELEMENTS.inputMapping.item, {
      target: `field${existing.length + 1}`,
      source: '""',
    });
    input.$parent = mapping;
    commands.push({
      cmd: 'element.updateModdleProperties',
      context: { element, moddleElement: mapping, properties: { inputs: [...existing, input] } },
    });
    commandStack.execute('properties-panel.multi-command-executor', commands);
  }
}

export const motcuaPropertiesModule: ModuleDeclaration = {
  __init__: ['motcuaPropertiesProvider'],
  motcuaPropertiesProvider: ['type', MotcuaPropertiesProvider],
};
