/**
 * The console's pure logic: no DOM, no bpmn-js, so it runs in Node under mocha (tests/modeler/) as well as in the
 * browser bundle.
 */
export * from './text.js';
export * from './motcua-fields.js';
export * from './duration-edit.js';
export * from './version-diff.js';
export * from './schema-form.js';
export * from './procedure-form.js';
export * from './lint-config.js';
export * from './diagnostics-view.js';
export * from './bpmn-translations.js';
export type { Diagnostic, DiagnosticCode, Severity } from './compiler-shared.js';
export * from './diff-view.js';
