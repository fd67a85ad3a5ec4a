/**
 * The palette, context pad and "change element" menu trimmed to what the interpreter runs: blank start and end
 * events, user and service tasks, call activities, exclusive / parallel / inclusive gateways, timer events
 * (intermediate, or on a task's border), sequence flows (plain, conditional, default). No pools, lanes, data
 * objects, sub-processes or other event kinds — the compiler would refuse them (MC301).
 */
import type { ModuleDeclaration } from 'didi';
import type { EditorModeService } from './editor-mode.js';

type Translate = (template: string, replacements?: Record<string, string>) => string;
type Shape = unknown;
interface ElementFactory {
  createShape(attrs: Record<string, unknown>): Shape;
}
interface Create {
  start(event: Event, shape: Shape, context?: Record<string, unknown>): void;
}
interface AutoPlace {
  append(source: unknown, shape: Shape): void;
}
interface Tool {
  activateHand?(event: Event): void;
  activateSelection?(event: Event): void;
  start?(event: Event): void;
}
interface PaletteEntry {
  group: string;
  className?: string;
  title?: string;
  separator?: boolean;
  action?: Record<string, (event: Event, element?: unknown) => void>;
}
type Entries = Record<string, PaletteEntry>;

const TIMER = { type: 'bpmn:IntermediateCatchEvent', eventDefinitionType: 'bpmn:TimerEventDefinition' };

class MotcuaPalette {
  static $inject = [
    'palette',
    'create',
    'elementFactory',
    'handTool',
    'lassoTool',
    'spaceTool',
    'globalConnect',
    'translate',
    'editorMode',
  ];
  constructor(
    palette: { registerProvider(p: unknown): void },
    private readonly create: Create,
    private readonly elementFactory: ElementFactory,
    private readonly handTool: Tool,
    private readonly lassoTool: Tool,
    private readonly spaceTool: Tool,
    private readonly globalConnect: Tool,
    private readonly translate: Translate,
    private readonly editorMode: EditorModeService,
  ) {
    palette.registerProvider(this);
  }

  getPaletteEntries(): Entries {
    const t = this.translate;
    const hand: PaletteEntry = {
      group: 'tools',
      className: 'bpmn-icon-hand-tool',
      title: t('Activate hand tool'),
      action: { click: (e) => this.handTool.activateHand?.(e) },
    };
    if (this.editorMode.mode !== 'full') return { 'hand-tool': hand };
    const createAction = (
      attrs: Record<string, unknown>,
      group: string,
      className: string,
      title: string,
    ): PaletteEntry => {
      const start = (event: Event) => this.create.start(event, this.elementFactory.createShape(attrs));
      return { group, className, title: t(title), action: { dragstart: start, click: start } };
    };
    return {
      'hand-tool': hand,
      'lasso-tool': {
        group: 'tools',
        className: 'bpmn-icon-lasso-tool',
        title: t('Activate lasso tool'),
        action: { click: (e) => this.lassoTool.activateSelection?.(e) },
      },
      'space-tool': {
        group: 'tools',
        className: 'bpmn-icon-space-tool',
        title: t('Activate create/remove space tool'),
        action: { click: (e) => this.spaceTool.activateSelection?.(e) },
      },
      'global-connect-tool': {
        group: 'tools',
        className: 'bpmn-icon-connection-multi',
        title: t('Activate global connect tool'),
        action: { click: (e) => this.globalConnect.start?.(e) },
      },
      'tool-separator': { group: 'tools', separator: true },
      'create.start-event': createAction(
        { type: 'bpmn:StartEvent' },
        'event',
        'bpmn-icon-start-event-none',
        'Create start event',
      ),
      'create.timer-event': createAction(
        TIMER,
        'event',
        'bpmn-icon-intermediate-event-catch-timer',
        'Create timer event',
      ),
      'create.end-event': createAction(
        { type: 'bpmn:EndEvent' },
        'event',
        'bpmn-icon-end-event-none',
        'Create end event',
      ),
      'create.exclusive-gateway': createAction(
        { type: 'bpmn:ExclusiveGateway' },
        'gateway',
        'bpmn-icon-gateway-xor',
        'Create exclusive gateway',
      ),
      'create.parallel-gateway': createAction(
        { type: 'bpmn:ParallelGateway' },
        'gateway',
        'bpmn-icon-gateway-parallel',
        'Create parallel gateway',
      ),
      'create.inclusive-gateway': createAction(
        { type: 'bpmn:InclusiveGateway' },
        'gateway',
        'bpmn-icon-gateway-or',
        'Create inclusive gateway',
      ),
      'create.user-task': createAction(
        { type: 'bpmn:UserTask' },
        'activity',
        'bpmn-icon-user-task',
        'Create user task',
      ),
      'create.service-task': createAction(
        { type: 'bpmn:ServiceTask' },
        'activity',
        'bpmn-icon-service-task',
        'Create service task',
      ),
      'create.call-activity': createAction(
        { type: 'bpmn:CallActivity' },
        'activity',
        'bpmn-icon-call-activity',
        'Create call activity',
      ),
    };
  }
}

/** Context pad entries kept as bpmn-js makes them. */
const KEEP_PAD = new Set(['append.end-event', 'append.gateway', 'replace', 'delete', 'connect']);

class MotcuaContextPad {
  static $inject = ['contextPad', 'elementFactory', 'create', 'injector', 'translate', 'editorMode'];
  private readonly autoPlace: AutoPlace | undefined;
  constructor(
    contextPad: { registerProvider(priority: number, p: unknown): void },
    private readonly elementFactory: ElementFactory,
    private readonly create: Create,
    injector: { get(name: string, strict?: boolean): unknown },
    private readonly translate: Translate,
    private readonly editorMode: EditorModeService,
  ) {
    this.autoPlace = injector.get('autoPlace', false) as AutoPlace | undefined;
    // Below bpmn-js's own provider (1000), so its entries exist when these run.
    contextPad.registerProvider(500, this);
  }

  getContextPadEntries(element: unknown): (entries: Entries) => Entries {
    return (entries) => {
      if (this.editorMode.mode !== 'full') return {};
      const out: Entries = {};
      for (const [id, entry] of Object.entries(entries)) if (KEEP_PAD.has(id)) out[id] = entry;
      // bpmn-js appends generic tasks and events; ours are user tasks and timers.
      if ('append.append-task' in entries) {
        out['append.user-task'] = this.appendAction(
          { type: 'bpmn:UserTask' },
          'bpmn-icon-user-task',
          'Append user task',
          element,
        );
      }
      if ('append.intermediate-event' in entries) {
        out['append.timer-event'] = this.appendAction(
          TIMER,
          'bpmn-icon-intermediate-event-catch-timer',
          'Append timer event',
          element,
        );
      }
      return out;
    };
  }

  private appendAction(
    attrs: Record<string, unknown>,
    className: string,
    title: string,
    _element: unknown,
  ): PaletteEntry {
    const dragStart = (event: Event, source?: unknown) =>
      this.create.start(event, this.elementFactory.createShape(attrs), { source });
    const click = this.autoPlace
      ? (_event: Event, source?: unknown) =>
          this.autoPlace!.append(source, this.elementFactory.createShape(attrs))
      : dragStart;
    return {
      group: 'model',
      className,
      title: this.translate(title),
      action: { click, dragstart: dragStart },
    };
  }
}

/** Targets of the "change element" menu that the interpreter supports. */
const KEEP_REPLACE = new Set([
  'replace-with-none-start',
  'replace-with-none-end',
  'replace-with-user-task',
  'replace-with-service-task',
  'replace-with-call-activity',
  'replace-with-exclusive-gateway',
  'replace-with-parallel-gateway',
  'replace-with-inclusive-gateway',
  'replace-with-timer-intermediate-catch',
  'replace-with-timer-boundary',
  'replace-with-non-interrupting-timer-boundary',
  'replace-with-sequence-flow',
  'replace-with-default-flow',
  'replace-with-conditional-flow',
]);
const KEEP_REPLACE_HEADER = new Set(['toggle-non-interrupting']);

type MenuEntries = Record<string, unknown>;

class MotcuaReplaceMenu {
  static $inject = ['popupMenu'];
  constructor(popupMenu: { registerProvider(id: string, priority: number, p: unknown): void }) {
    popupMenu.registerProvider('bpmn-replace', 500, this);
  }
  getPopupMenuEntries(): (entries: MenuEntries) => MenuEntries {
    return (entries) => Object.fromEntries(Object.entries(entries).filter(([id]) => KEEP_REPLACE.has(id)));
  }
  getPopupMenuHeaderEntries(): (entries: MenuEntries) => MenuEntries {
    return (entries) =>
      Object.fromEntries(Object.entries(entries).filter(([id]) => KEEP_REPLACE_HEADER.has(id)));
  }
}

export const supportedElementsModule: ModuleDeclaration = {
  __init__: ['paletteProvider', 'motcuaContextPad', 'motcuaReplaceMenu'],
  // Replaces bpmn-js's palette provider (same service name).
  paletteProvider: ['type', MotcuaPalette],
  motcuaContextPad: ['type', MotcuaContextPad],
  motcuaReplaceMenu: ['type', MotcuaReplaceMenu],
};
