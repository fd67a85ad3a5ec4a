import { createRequire } from 'node:module';
import { expect } from 'chai';
import bpmnlint from 'bpmnlint';
import { BpmnModdle } from 'bpmn-moddle';
import { BUILTIN_RULES } from '../../compiler/index.js';
import {
  BUILTIN_RULE_CODES,
  packLintConfig,
  type BuiltinRuleName,
  type Lang,
  type LintRuleFactory,
} from '../../modeler/src/lib/index.js';
import { freshDescriptor, templateXml } from './helpers.js';

const require = createRequire(import.meta.url);
const builtin = Object.fromEntries(
  Object.keys(BUILTIN_RULE_CODES).map((name) => [name, require(`bpmnlint/rules/${name}`) as LintRuleFactory]),
) as Record<BuiltinRuleName, LintRuleFactory>;

interface Report {
  id?: string;
  message: string;
  category: string;
}

/** Lint like bpmn-js-bpmnlint does: the packed config handed to a fresh Linter, over the whole definitions. */
async function lint(xml: string, lang: Lang = 'vi'): Promise<Report[]> {
  const moddle = new BpmnModdle({ motcua: freshDescriptor() });
  const { rootElement } = await moddle.fromXML(xml);
  const linter = new bpmnlint.Linter(packLintConfig(builtin, () => lang) as never);
  const results = (await linter.lint(rootElement)) as Record<string, Report[]>;
  return Object.values(results)
    .flat()
    .map((r) => ({ id: r.id, message: r.message, category: r.category }));
}

describe('modeler: live validation rules (bpmnlint in the browser)', () => {
  it('maps the same bpmnlint rules to the same codes as the compiler', () => {
    expect(BUILTIN_RULE_CODES).to.deep.equal(BUILTIN_RULES);
  });

  it('finds nothing wrong with the template', async () => {
    expect(await lint(templateXml())).to.deep.equal([]);
  });

  it('reports a task without a role on that task, in Vietnamese or English', async () => {
    const xml = templateXml().replace(' motcua:role="specialist"', '');
    const vi = await lint(xml, 'vi');
    expect(vi).to.deep.include({
      id: 'Task_Appraise',
      message: 'MC302: Bước "Thẩm định hồ sơ" chưa có vai trò xử lý (motcua:role).',
      category: 'error',
    });
    const en = await lint(xml, 'en');
    expect(en.map((r) => r.message)).to.include('MC302: Task "Thẩm định hồ sơ" has no role (motcua:role).');
  });

  it('gives each report the severity of its code', async () => {
    // No outcome on an end event is a warning (MC306); a flow without a condition out of a decision is an error (MC410).
    const xml = templateXml().replace(' motcua:outcome="refused"', '').replace(' default="Flow_Refuse"', '');
    const reports = await lint(xml, 'vi');
    const byCode = (code: string) => reports.filter((r) => r.message.startsWith(code + ':'));
    expect(byCode('MC306').map((r) => r.category)).to.deep.equal(['warn']);
    expect(byCode('MC306')[0]!.id).to.equal('End_Refused');
    expect(byCode('MC410').map((r) => r.category)).to.deep.equal(['error']);
    expect(byCode('MC410')[0]!.id).to.equal('Flow_Refuse');
    expect(byCode('MC412').map((r) => r.category)).to.deep.equal(['warn']);
  });

  it('reports bpmnlint findings with our codes and texts', async () => {
    const xml = templateXml()
      .replace('<bpmn:sequenceFlow id="Flow_6" sourceRef="Task_Return" targetRef="End_Returned" />', '')
      .replace('<bpmn:outgoing>Flow_6</bpmn:outgoing>', '')
      .replace('<bpmn:incoming>Flow_6</bpmn:incoming>', '');
    const reports = await lint(xml, 'vi');
    expect(reports).to.deep.include({
      id: 'Task_Return',
      message: 'MC803: Phần tử không có luồng ra và không phải sự kiện kết thúc (kết thúc ngầm).',
      category: 'error',
    });
    expect(reports.map((r) => r.message)).to.include('MC801: Phần tử không được nối với luồng nào.');
  });

  it('turns a failing rule into one MC900 report instead of stopping validation', async () => {
    const broken = packLintConfig(builtin, () => 'en');
    const failing: LintRuleFactory = () => ({
      check: () => {
        throw new Error('boom');
      },
    });
    const rule = broken.transformRule(failing(), { pkg: 'bpmnlint-plugin-motcua', ruleName: 'reachability' });
    const seen: string[] = [];
    (rule.check as (n: unknown, r: { report: (id: string, m: string) => void }) => unknown)(
      {},
      { report: (_id, m) => seen.push(m) },
    );
    expect(seen).to.have.length(1);
    expect(seen[0]).to.match(/^MC900: Internal compiler error: reachability: boom/);
  });
});
