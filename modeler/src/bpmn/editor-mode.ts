/**
 * The editor mode inside the modeler (full / duration / read-only) and its enforcement on the diagram: modeling
 * rules refuse structural actions, label editing is off, and every command the mode does not allow is dropped
 * before it reaches the command stack (the properties panel hides what cannot be edited; this is the net under it).
 */
import type { ModuleDeclaration } from 'didi';
import RuleProvider from 'diagram-js/lib/features/rules/RuleProvider';
import type EventBus from 'diagram-js/lib/core/EventBus';
import type CommandStack from 'diagram-js/lib/command/CommandStack';
import { isCommandAllowed, type EditorMode } from '../lib/index.js';

export interface EditorModeConfig {
  mode: EditorMode;
  /** Told when a change was refused (to show a message). */
  onRefused?: (command: string) => void;
}

export class EditorModeService {
  static $inject = ['config.editorMode'];
  readonly mode: EditorMode;
  readonly onRefused: (command: string) => void;
  constructor(config: EditorModeConfig | undefined) {
    this.mode = config?.mode ?? 'full';
    this.onRefused = config?.onRefused ?? (() => undefined);
  }
}

const STRUCTURAL_ACTIONS = [
  'elements.create',
  'shape.create',
  'shape.append',
  'shape.attach',
  'shape.resize',
  'shape.replace',
  'elements.move',
  'elements.delete',
  'elements.paste',
  'element.copy',
  'element.paste',
  'connection.create',
  'connection.start',
  'connection.reconnect',
  'connection.reconnectStart',
  'connection.reconnectEnd',
  'connection.updateWaypoints',
  'spaceTool',
  'lane.add',
  'lane.split',
  'lane.resize',
];

const NO_RULE_PRIORITY = 5000;

/** Modeling rules of a restricted mode: no structural action is allowed. */
class ModeRules extends RuleProvider {
  static $inject = ['eventBus', 'editorMode'];
  private readonly editorMode: EditorModeService;
  constructor(eventBus: EventBus, editorMode: EditorModeService) {
    super(eventBus);
    this.editorMode = editorMode;
    if (editorMode.mode !== 'full') this.addRule(STRUCTURAL_ACTIONS, NO_RULE_PRIORITY, () => false);
  }
  override init(): void {
    // Rules are added in the constructor, once the mode is known.
  }
}

interface CommandContext {
  element?: { businessObject?: { $type?: string } };
  properties?: Record<string, unknown>;
}

/** Drops top-level commands the mode forbids, so nothing reaches the model whatever the UI lets through. */
class CommandGuard {
  static $inject = ['commandStack', 'editorMode', 'eventBus'];
  constructor(commandStack: CommandStack, editorMode: EditorModeService, eventBus: EventBus) {
    if (editorMode.mode === 'full') return;
    const stack = commandStack as CommandStack & { _currentExecution: { actions: unknown[] } };
    const execute = stack.execute.bind(stack);
    stack.execute = (command: string, context: CommandContext) => {
      // Nested commands run inside an allowed top-level command (its behaviours); only top level is judged.
      const nested = stack._currentExecution.actions.length > 0;
      const info = {
        command,
        elementType: context?.element?.businessObject?.$type,
        properties: context?.properties ? Object.keys(context.properties) : [],
      };
      if (!nested && !isCommandAllowed(editorMode.mode, info)) {
        editorMode.onRefused(command);
        return;
      }
      execute(command, context);
    };
    // No label editing on double click.
    eventBus.on('element.dblclick', NO_RULE_PRIORITY, () => false);
  }
}

export function editorModeModule(config: EditorModeConfig): ModuleDeclaration {
  return {
    __init__: ['editorModeRules', 'editorModeGuard'],
    editorMode: ['type', EditorModeService],
    editorModeRules: ['type', ModeRules],
    editorModeGuard: ['type', CommandGuard],
    'config.editorMode': ['value', config],
  };
}
