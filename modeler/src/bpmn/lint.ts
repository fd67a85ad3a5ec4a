/**
 * Live validation: bpmn-js-bpmnlint with the compiler's rules (lib/lint-config.ts) — bpmnlint's own rules are
 * bundled here because the browser has no require() to find them by name.
 */
import endEventRequired from 'bpmnlint/rules/end-event-required';
import fakeJoin from 'bpmnlint/rules/fake-join';
import labelRequired from 'bpmnlint/rules/label-required';
import noDisconnected from 'bpmnlint/rules/no-disconnected';
import noDuplicateSequenceFlows from 'bpmnlint/rules/no-duplicate-sequence-flows';
import noGatewayJoinFork from 'bpmnlint/rules/no-gateway-join-fork';
import noImplicitEnd from 'bpmnlint/rules/no-implicit-end';
import noImplicitSplit from 'bpmnlint/rules/no-implicit-split';
import noImplicitStart from 'bpmnlint/rules/no-implicit-start';
import singleBlankStartEvent from 'bpmnlint/rules/single-blank-start-event';
import singleEventDefinition from 'bpmnlint/rules/single-event-definition';
import startEventRequired from 'bpmnlint/rules/start-event-required';
import superfluousGateway from 'bpmnlint/rules/superfluous-gateway';
import { lang } from '../i18n.js';
import {
  packLintConfig,
  type BuiltinRuleName,
  type LintRuleFactory,
  type PackedLintConfig,
} from '../lib/index.js';

const BUILTIN: Record<BuiltinRuleName, LintRuleFactory> = {
  'no-disconnected': noDisconnected as LintRuleFactory,
  'no-implicit-split': noImplicitSplit as LintRuleFactory,
  'no-implicit-end': noImplicitEnd as LintRuleFactory,
  'no-implicit-start': noImplicitStart as LintRuleFactory,
  'no-duplicate-sequence-flows': noDuplicateSequenceFlows as LintRuleFactory,
  'fake-join': fakeJoin as LintRuleFactory,
  'no-gateway-join-fork': noGatewayJoinFork as LintRuleFactory,
  'superfluous-gateway': superfluousGateway as LintRuleFactory,
  'start-event-required': startEventRequired as LintRuleFactory,
  'end-event-required': endEventRequired as LintRuleFactory,
  'single-blank-start-event': singleBlankStartEvent as LintRuleFactory,
  'single-event-definition': singleEventDefinition as LintRuleFactory,
  'label-required': labelRequired as LintRuleFactory,
};

export function lintConfig(): PackedLintConfig {
  return packLintConfig(BUILTIN, lang);
}
