/**
 * The compiler's browser-safe surface, for the console: diagnostic codes and messages, number and duration
 * helpers, the motcua attribute readers and bpmnlint rules (built-in rule table and our plugin). Nothing here
 * imports Node modules, unlike index.ts, which also exports the file-system front end.
 */
export { CODES, diag, type Diagnostic, type DiagnosticCode, type Severity } from './diagnostics.js';
export { DURATION_UNITS, formatDuration, normaliseAmount, parseNumber } from './normalise.js';
export { readDuration, readOutcomes } from './bpmn/extension.js';
export { motcuaRules } from './lint/rules.js';
export { BUILTIN_RULES } from './lint/builtin-rules.js';
