/**
 * The browser-safe part of the compiler that the console reuses: diagnostic codes and messages, number parsing,
 * duration formatting, the attribute readers and the motcua bpmnlint plugin (its rules use only the moddle tree).
 * These modules import nothing Node-specific, so they bundle for the browser — unlike compiler/index.ts, which
 * also exports the file-system front end. This file is the one place the console reaches into compiler/, through
 * its browser surface (compiler/browser.ts).
 */
export {
  BUILTIN_RULES,
  CODES,
  DURATION_UNITS,
  diag,
  formatDuration,
  motcuaRules,
  normaliseAmount,
  parseNumber,
  readDuration,
  readOutcomes,
  type Diagnostic,
  type DiagnosticCode,
  type Severity,
} from '../../../compiler/browser.js';
