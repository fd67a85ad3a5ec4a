/**
 * The BPMN modeler of the console: bpmn-js with the properties panel (BPMN provider + the motcua provider),
 * bpmnlint live validation with the compiler's rules, Vietnamese/English translation, the trimmed palette and the
 * editor mode. The motcua moddle descriptor is the compiler's own file, bundled — never a copy.
 */
import Modeler from 'bpmn-js/lib/Modeler';
import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule } from 'bpmn-js-properties-panel';
import lintModule from 'bpmn-js-bpmnlint';
import motcuaDescriptor from '../../../compiler/moddle/motcua.json';
import type { EditorMode } from '../lib/index.js';
import { editorModeModule } from './editor-mode.js';
import { lintConfig } from './lint.js';
import { motcuaPropertiesModule } from './motcua-properties.js';
import { supportedElementsModule } from './supported-elements.js';
import { translateModule } from './translate-module.js';

export interface ModelerOptions {
  container: HTMLElement;
  propertiesParent: HTMLElement;
  mode: EditorMode;
  onRefused?: (command: string) => void;
}

export function createModeler(options: ModelerOptions): Modeler {
  return new Modeler({
    container: options.container,
    propertiesPanel: { parent: options.propertiesParent },
    linting: { bpmnlint: lintConfig(), active: true },
    additionalModules: [
      BpmnPropertiesPanelModule,
      BpmnPropertiesProviderModule,
      lintModule,
      translateModule,
      editorModeModule({ mode: options.mode, onRefused: options.onRefused }),
      supportedElementsModule,
      motcuaPropertiesModule,
    ],
    // moddle rewrites the descriptor it registers; every modeler gets its own copy of the compiler's file.
    moddleExtensions: { motcua: structuredClone(motcuaDescriptor) },
  });
}
