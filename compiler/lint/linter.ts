/**
 * bpmnlint with its own rules that fit our runtime plus the motcua plugin. A Linter is created per lint because
 * some bpmnlint rules keep state in their factory closure (e.g. no-duplicate-sequence-flows); rule modules are
 * loaded once.
 */
import { createRequire } from 'node:module';
import bpmnlint from 'bpmnlint';
import { diag, type Diagnostic, type DiagnosticCode } from '../diagnostics.js';
import { motcuaRules, type RuleFactory } from './rules.js';

const require = createRequire(import.meta.url);

import { BUILTIN_RULES } from './builtin-rules.js';

export { BUILTIN_RULES };

let factories: Map<string, unknown> | undefined;
function ruleFactories(): Map<string, unknown> {
  if (!factories) {
    factories = new Map<string, unknown>();
    for (const name of Object.keys(BUILTIN_RULES))
      factories.set(`bpmnlint/${name}`, require(`bpmnlint/rules/${name}`));
    for (const [name, f] of Object.entries(motcuaRules)) factories.set(`bpmnlint-plugin-motcua/${name}`, f);
  }
  return factories;
}

const config = {
  rules: {
    ...Object.fromEntries(Object.keys(BUILTIN_RULES).map((n) => [n, 'error'])),
    ...Object.fromEntries(Object.keys(motcuaRules).map((n) => [`motcua/${n}`, 'error'])),
  },
};

/** Rules must never take the compile down: an exception becomes an MC900 report. */
function guard(rule: { check: unknown }, ruleName: string): { check: unknown } {
  const wrap =
    (fn: (node: unknown, reporter: { report: (...a: unknown[]) => void }) => unknown) =>
    (node: unknown, reporter: { report: (...a: unknown[]) => void }): unknown => {
      try {
        return fn(node, reporter);
      } catch (e) {
        reporter.report('', 'rule failed', {
          diagnostic: diag('MC900', { detail: `${ruleName}: ${(e as Error).message}` }),
        });
        return false;
      }
    };
  const check = rule.check as
    ((...a: never[]) => unknown) | { enter?: (...a: never[]) => unknown; leave?: (...a: never[]) => unknown };
  if (typeof check === 'function') return { ...rule, check: wrap(check as never) };
  const out: Record<string, unknown> = {};
  if (check.enter) out.enter = wrap(check.enter as never);
  if (check.leave) out.leave = wrap(check.leave as never);
  return { ...rule, check: out };
}

export async function lintProcess(process: unknown): Promise<Diagnostic[]> {
  const all = ruleFactories();
  const linter = new bpmnlint.Linter({
    config,
    resolver: {
      resolveRule: (pkg: string, name: string) => all.get(`${pkg}/${name}`) as RuleFactory | undefined,
      resolveConfig: () => undefined,
    },
    transformRule: (rule: { check: unknown }, { ruleName }: { ruleName: string }) => guard(rule, ruleName),
  });
  const results = await linter.lint(process);
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const [rule, reports] of Object.entries(results)) {
    for (const r of reports) {
      let d: Diagnostic;
      if (r.diagnostic) d = r.diagnostic as Diagnostic;
      else if (r.category === 'rule-error') d = diag('MC900', { detail: `${rule}: ${r.message}` });
      else {
        const code = (BUILTIN_RULES as Record<string, DiagnosticCode>)[rule];
        if (!code) continue;
        d = diag(code, {}, r.id ? { elementId: String(r.id) } : {});
      }
      const key = `${d.code}|${d.elementId ?? ''}|${d.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(d);
    }
  }
  return out;
}
