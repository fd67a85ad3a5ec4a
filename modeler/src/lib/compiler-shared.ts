/**
 * The browser-safe part of the compiler that the console reuses: diagnostic codes and messages, number parsing,
 * duration formatting, the attribute readers and the motcua bpmnlint plugin (its rules use only the moddle tree).
 * These modules import nothing Node-specific, so they bundle for the browser — unlike compiler/index.ts, which
 * also exports the file-system front end. This file is the one place the console reaches into compiler/: when
 * the compiler exposes a browser surface (compiler/browser.ts), only the paths below change.
 */
export {
  CODES,
  diag,
  type Diagnostic,
  type DiagnosticCode,
  type Severity,
} from '../../../compiler/diagnostics.js';
export { DURATION_UNITS, formatDuration, normaliseAmount, parseNumber } from '../../../compiler/normalise.js';
export { readDuration, readOutcomes } from '../../../compiler/bpmn/extension.js';
export { motcuaRules } from '../../../compiler/lint/rules.js';
