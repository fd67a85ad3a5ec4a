import type { DiagnosticCode } from '../diagnostics.js';

/** bpmnlint's own rules we use, each mapped to a stable code (severity comes from the code table). */
export const BUILTIN_RULES = {
  'no-disconnected': 'MC801',
  'no-implicit-split': 'MC802',
  'no-implicit-end': 'MC803',
  'no-implicit-start': 'MC804',
  'no-duplicate-sequence-flows': 'MC805',
  'fake-join': 'MC807',
  'no-gateway-join-fork': 'MC808',
  'superfluous-gateway': 'MC809',
  'start-event-required': 'MC810',
  'end-event-required': 'MC811',
  'single-blank-start-event': 'MC812',
  'single-event-definition': 'MC813',
  'label-required': 'MC814',
} as const satisfies Record<string, DiagnosticCode>;
