/**
 * The bpmnlint configuration the browser modeler lints with (bpmn-js-bpmnlint's packed format
 * `{ config, resolver }`, plus bpmnlint's `transformRule` hook): bpmnlint's own rules that the compiler uses,
 * each mapped to its stable code, and the compiler's motcua plugin — the same rules the server runs. Every report
 * becomes "MCxxx: message" in the console's language, with the severity of its code.
 *
 * bpmnlint gives every report of a rule the rule's configured category, while one motcua rule reports codes of
 * different severities; so each motcua rule is configured three times (`rule`, `rule~warning`, `rule~info`) and
 * each copy keeps only the reports of its severity.
 */
import {
  BUILTIN_RULES,
  CODES,
  diag,
  motcuaRules,
  type Diagnostic,
  type DiagnosticCode,
  type Severity,
} from './compiler-shared.js';
import type { Lang } from './text.js';

/** bpmnlint's own rules and their codes: the compiler's table. */
export const BUILTIN_RULE_CODES = BUILTIN_RULES;

export type BuiltinRuleName = keyof typeof BUILTIN_RULE_CODES;

export interface LintReporter {
  report(id: string, message: string, context?: unknown): void;
}
type CheckFn = (node: unknown, reporter: LintReporter) => unknown;
export interface LintRule {
  check: CheckFn | { enter?: CheckFn; leave?: CheckFn };
  meta?: unknown;
}
export type LintRuleFactory = (config?: unknown) => LintRule;

export interface PackedLintConfig {
  config: { rules: Record<string, 'error' | 'warn' | 'info'> };
  resolver: {
    resolveRule(pkg: string, name: string): LintRuleFactory | undefined;
    resolveConfig(pkg: string, name: string): undefined;
  };
  transformRule(rule: LintRule, where: { pkg: string; ruleName: string }): LintRule;
}

export const MOTCUA_PLUGIN = 'bpmnlint-plugin-motcua';

const CATEGORY: Record<Severity, 'error' | 'warn' | 'info'> = {
  error: 'error',
  warning: 'warn',
  info: 'info',
};
const SUFFIX: Record<Severity, string> = { error: '', warning: '~warning', info: '~info' };

/** The text shown for a diagnostic: code, message and fix in one language. */
export function diagnosticText(d: Diagnostic, lang: Lang, withFix = true): string {
  const message = lang === 'vi' ? d.message : d.messageEn;
  const fix = withFix && d.fix ? ` ${lang === 'vi' ? 'Cách sửa' : 'Fix'}: ${d.fix[lang] ?? d.fix.vi}` : '';
  return `${d.code}: ${message}${fix}`;
}

/**
 * Build the packed config. `builtin` are bpmnlint's rule modules (bundled by the caller: `bpmnlint/rules/<name>`);
 * `lang` is read at every report, so switching language needs only a re-lint.
 */
export function packLintConfig(
  builtin: Record<BuiltinRuleName, LintRuleFactory>,
  lang: () => Lang,
): PackedLintConfig {
  const rules: PackedLintConfig['config']['rules'] = {};
  for (const [name, code] of Object.entries(BUILTIN_RULE_CODES)) rules[name] = CATEGORY[CODES[code].severity];
  for (const name of Object.keys(motcuaRules)) {
    for (const severity of ['error', 'warning', 'info'] as const)
      rules[`motcua/${name}${SUFFIX[severity]}`] = CATEGORY[severity];
  }
  const motcua = motcuaRules as unknown as Record<string, LintRuleFactory>;

  return {
    config: { rules },
    resolver: {
      resolveRule(pkg, name) {
        if (pkg === 'bpmnlint') return (builtin as Record<string, LintRuleFactory>)[name];
        if (pkg === MOTCUA_PLUGIN) return motcua[name.replace(/~(warning|info)$/, '')];
        return undefined;
      },
      resolveConfig: () => undefined,
    },
    transformRule(rule, { pkg, ruleName }) {
      const builtinCode =
        pkg === 'bpmnlint' ? (BUILTIN_RULE_CODES as Record<string, DiagnosticCode>)[ruleName] : undefined;
      const wanted: Severity = ruleName.endsWith('~warning')
        ? 'warning'
        : ruleName.endsWith('~info')
          ? 'info'
          : 'error';
      const proxy = (reporter: LintReporter): LintReporter => ({
        report(id, message, context) {
          const ctx = (context && typeof context === 'object' && !Array.isArray(context) ? context : {}) as {
            diagnostic?: Diagnostic;
          };
          const d =
            ctx.diagnostic ?? (builtinCode ? diag(builtinCode, {}, id ? { elementId: id } : {}) : undefined);
          if (!d) return reporter.report(id, message, context);
          if (!builtinCode && d.severity !== wanted) return;
          reporter.report(id || d.elementId || '', diagnosticText(d, lang(), false), {
            ...ctx,
            diagnostic: d,
          });
        },
      });
      // A failing rule must not take live validation down: it becomes one MC900 report.
      const wrap =
        (fn: CheckFn): CheckFn =>
        (node, reporter) => {
          try {
            return fn(node, proxy(reporter));
          } catch (e) {
            if (wanted === 'error') {
              const d = diag('MC900', { detail: `${ruleName}: ${(e as Error).message}` });
              reporter.report('', diagnosticText(d, lang(), false), { diagnostic: d });
            }
            return false;
          }
        };
      const check = rule.check;
      if (typeof check === 'function') return { ...rule, check: wrap(check) };
      const out: { enter?: CheckFn; leave?: CheckFn } = {};
      if (check.enter) out.enter = wrap(check.enter);
      if (check.leave) out.leave = wrap(check.leave);
      return { ...rule, check: out };
    },
  };
}
