/** bpmn-js `translate` service in the console's language (palette, context pad, menus, properties panel, lint). */
import type { ModuleDeclaration } from 'didi';
import { lang } from '../i18n.js';
import { translateBpmn } from '../lib/index.js';

function translate(template: string, replacements?: Record<string, string>): string {
  return translateBpmn(lang(), template, replacements);
}

export const translateModule: ModuleDeclaration = { translate: ['value', translate] };
