/**
 * The motcua bpmnlint plugin: rules for what our interpreter can run. Each rule is a plain bpmnlint rule factory
 * (`() => ({ check })`) that reports a full Diagnostic in the report's `diagnostic` field; rules use only the
 * moddle tree, so the browser modeler can run the same plugin.
 */
import { diag, type Diagnostic } from '../diagnostics.js';
import { analyseFeel } from '../feel.js';
import {
  EXIT,
  immediateDominators,
  immediatePostDominators,
  makeGraph,
  reachable,
  type Graph,
} from '../graph.js';
import {
  conditionOf,
  foreignLanguage,
  label,
  readCallActivity,
  readEndOutcome,
  readServiceTask,
  readTimer,
  readUserTask,
} from '../bpmn/extension.js';
import { flowNodes, is, sequenceFlows } from '../bpmn/process.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- moddle elements are dynamic objects */
type El = any;
export interface Reporter {
  report(id: string, message: string, context?: Record<string, unknown>): void;
}
export type RuleFactory = () => { check: (node: El, reporter: Reporter) => boolean | void };

function report(reporter: Reporter, d: Diagnostic): void {
  reporter.report(d.elementId ?? '', d.messageEn, { diagnostic: d });
}

// ---------------------------------------------------------------------------------------------------------------
// supported-elements
// ---------------------------------------------------------------------------------------------------------------

const USE_USER_TASK = {
  vi: 'Đổi thành user task (bpmn:userTask) và đặt motcua:role, motcua:duration.',
  en: 'Change it into a user task (bpmn:userTask) with motcua:role and motcua:duration.',
};
const USE_SERVICE_TASK = {
  vi: 'Đổi thành service task có motcua:plugin.',
  en: 'Change it into a service task with a motcua:plugin.',
};
const FLATTEN = {
  vi: 'Vẽ các bước trực tiếp trong quy trình chính, hoặc tách thành thủ tục riêng và gọi bằng call activity.',
  en: 'Draw the steps directly in the main process, or make it a separate procedure and call it with a call activity.',
};
const USE_EXCLUSIVE = {
  vi: 'Dùng cổng exclusive với điều kiện FEEL trên các luồng ra.',
  en: 'Use an exclusive gateway with FEEL conditions on its outgoing flows.',
};
const ONLY_TIMERS = {
  vi: 'Chỉ hỗ trợ sự kiện hẹn giờ; thông báo dùng service task, trao đổi với cơ quan khác dùng call activity; bổ sung, rút, dừng hồ sơ do hệ thống xử lý sẵn.',
  en: 'Only timer events are supported; notify with a service task, exchange with other agencies through a call activity; supplement, withdrawal and stop are built into the system.',
};
const PLAIN_END = {
  vi: 'Dùng sự kiện kết thúc không loại với motcua:outcome (returned, refused, withdrawn, stopped).',
  en: 'Use a blank end event with motcua:outcome (returned, refused, withdrawn, stopped).',
};
const PLAIN_START = {
  vi: 'Dùng một sự kiện bắt đầu không loại: hồ sơ bắt đầu khi được tiếp nhận.',
  en: 'Use one blank start event: a dossier starts when it is received.',
};

const UNSUPPORTED_FIX: Record<string, { vi: string; en: string }> = {
  'bpmn:Task': USE_USER_TASK,
  'bpmn:ManualTask': USE_USER_TASK,
  'bpmn:ScriptTask': USE_SERVICE_TASK,
  'bpmn:BusinessRuleTask': USE_SERVICE_TASK,
  'bpmn:SendTask': USE_SERVICE_TASK,
  'bpmn:ReceiveTask': ONLY_TIMERS,
  'bpmn:SubProcess': FLATTEN,
  'bpmn:AdHocSubProcess': FLATTEN,
  'bpmn:Transaction': FLATTEN,
  'bpmn:ComplexGateway': USE_EXCLUSIVE,
  'bpmn:EventBasedGateway': USE_EXCLUSIVE,
  'bpmn:IntermediateThrowEvent': ONLY_TIMERS,
  'bpmn:IntermediateCatchEvent': ONLY_TIMERS,
  'bpmn:BoundaryEvent': ONLY_TIMERS,
  'bpmn:EndEvent': PLAIN_END,
  'bpmn:StartEvent': PLAIN_START,
  'bpmn:ChoreographyTask': FLATTEN,
  'bpmn:SubChoreography': FLATTEN,
  'bpmn:CallChoreography': FLATTEN,
};

/** Flow elements we ignore silently: documentation, not behaviour. */
const IGNORED = ['bpmn:DataObject', 'bpmn:DataObjectReference', 'bpmn:DataStoreReference'];

function describe(el: El): string {
  const type = String(el.$type ?? '?').replace(/^bpmn:/, '');
  return typeof el.name === 'string' && el.name.trim()
    ? `${type} "${el.name.trim()}"`
    : `${type} (${String(el.id ?? '?')})`;
}

/** Why the element cannot run, or undefined when it is supported. */
export function unsupportedReason(el: El): { vi: string; en: string } | undefined {
  const defs = (el.eventDefinitions ?? []) as El[];
  switch (el.$type) {
    case 'bpmn:UserTask':
    case 'bpmn:ServiceTask':
    case 'bpmn:CallActivity':
    case 'bpmn:ExclusiveGateway':
    case 'bpmn:ParallelGateway':
    case 'bpmn:InclusiveGateway':
      return undefined;
    case 'bpmn:StartEvent':
      return defs.length ? PLAIN_START : undefined;
    case 'bpmn:EndEvent':
      return defs.length ? PLAIN_END : undefined;
    case 'bpmn:IntermediateCatchEvent':
    case 'bpmn:BoundaryEvent':
      return defs.length === 1 && defs[0]?.$type === 'bpmn:TimerEventDefinition' ? undefined : ONLY_TIMERS;
    default:
      return UNSUPPORTED_FIX[el.$type] ?? FLATTEN;
  }
}

export const supportedElements: RuleFactory = () => ({
  check(node, reporter) {
    if (is(node, 'bpmn:Process')) return;
    if (!is(node, 'bpmn:FlowElement') || node.$type === 'bpmn:SequenceFlow' || IGNORED.includes(node.$type))
      return;
    const at = { elementId: String(node.id) };
    if (node.loopCharacteristics) {
      const kind =
        node.loopCharacteristics.$type === 'bpmn:StandardLoopCharacteristics' ? 'loop' : 'multi-instance';
      report(
        reporter,
        diag(
          'MC301',
          {
            type: `${kind} ${describe(node)}`,
            fixVi: 'Bỏ đánh dấu lặp; vòng lặp vẽ bằng cổng exclusive quay lại bước trước.',
            fixEn: 'Remove the loop marker; draw loops with an exclusive gateway going back.',
          },
          at,
        ),
      );
    }
    if (node.isForCompensation) {
      report(
        reporter,
        diag(
          'MC301',
          {
            type: `compensation ${describe(node)}`,
            fixVi: 'Bỏ bước bù trừ (compensation).',
            fixEn: 'Remove the compensation activity.',
          },
          at,
        ),
      );
      return false;
    }
    const reason = unsupportedReason(node);
    if (reason) {
      const defs = ((node.eventDefinitions ?? []) as El[]).map((d) => String(d.$type).replace(/^bpmn:/, ''));
      const type = defs.length ? `${describe(node)} [${defs.join(', ')}]` : describe(node);
      report(reporter, diag('MC301', { type, fixVi: reason.vi, fixEn: reason.en }, at));
      // Children of an unsupported container are not looked at one by one.
      return false;
    }
    return undefined;
  },
});

// ---------------------------------------------------------------------------------------------------------------
// extension-attributes
// ---------------------------------------------------------------------------------------------------------------

export const extensionAttributes: RuleFactory = () => ({
  check(node, reporter) {
    if (!is(node, 'bpmn:FlowNode') || unsupportedReason(node)) return;
    let problems: Diagnostic[] = [];
    switch (node.$type) {
      case 'bpmn:UserTask':
        problems = readUserTask(node).problems;
        break;
      case 'bpmn:ServiceTask':
        problems = readServiceTask(node).problems;
        break;
      case 'bpmn:CallActivity':
        problems = readCallActivity(node).problems;
        break;
      case 'bpmn:EndEvent':
        problems = readEndOutcome(node).problems;
        break;
      case 'bpmn:IntermediateCatchEvent':
        problems = readTimer(node, false).problems;
        break;
      case 'bpmn:BoundaryEvent': {
        const t = readTimer(node, true);
        problems = t.problems;
        const host = node.attachedToRef;
        if (t.value && 'slaFraction' in t.value && host) {
          const hostHasSla =
            host.$type === 'bpmn:UserTask' ||
            (host.$type === 'bpmn:CallActivity' && readCallActivity(host).value.duration);
          if (!hostHasSla)
            problems.push(diag('MC314', { name: label(node) }, { elementId: String(node.id) }));
        }
        break;
      }
    }
    for (const p of problems) report(reporter, p);
  },
});

// ---------------------------------------------------------------------------------------------------------------
// Graph rules (run once per process)
// ---------------------------------------------------------------------------------------------------------------

interface ProcessGraph {
  g: Graph;
  byId: Map<string, El>;
  starts: string[];
  ends: string[];
}

function processGraph(process: El): ProcessGraph {
  const nodes = flowNodes(process).filter((n) => !IGNORED.includes(n.$type));
  const byId = new Map<string, El>(nodes.map((n) => [String(n.id), n]));
  const edges: Array<[string, string]> = [];
  for (const f of sequenceFlows(process)) {
    if (f.sourceRef?.id !== undefined && f.targetRef?.id !== undefined)
      edges.push([String(f.sourceRef.id), String(f.targetRef.id)]);
  }
  // A boundary event fires while its task runs: for reachability it follows the task.
  for (const n of nodes)
    if (n.$type === 'bpmn:BoundaryEvent' && n.attachedToRef?.id !== undefined)
      edges.push([String(n.attachedToRef.id), String(n.id)]);
  const ids = [...byId.keys()];
  return {
    g: makeGraph(ids, edges),
    byId,
    starts: ids.filter((id) => byId.get(id).$type === 'bpmn:StartEvent'),
    ends: ids.filter((id) => byId.get(id).$type === 'bpmn:EndEvent'),
  };
}

export const reachability: RuleFactory = () => ({
  check(node, reporter) {
    if (node.$type !== 'bpmn:Process') return;
    const { g, byId, starts, ends } = processGraph(node);
    if (!starts.length) return false;
    const reached = reachable(starts, g.succ);
    const toEnd = ends.length ? reachable(ends, g.pred) : undefined;
    for (const id of g.nodes) {
      const el = byId.get(id);
      const incoming = (g.pred.get(id) ?? []).length;
      const outgoing = (g.succ.get(id) ?? []).length;
      // Elements with no incoming (or no outgoing) flow at all are bpmnlint's no-implicit-start/-end findings.
      if (!reached.has(id)) {
        if (incoming > 0) report(reporter, diag('MC401', { name: label(el) }, { elementId: id }));
      } else if (toEnd && !toEnd.has(id) && outgoing > 0) {
        report(reporter, diag('MC402', { name: label(el) }, { elementId: id }));
      }
    }
    return false;
  },
});

const SPLIT_KINDS = ['bpmn:ParallelGateway', 'bpmn:InclusiveGateway'];
const kindName = (t: string): string => (t === 'bpmn:ParallelGateway' ? 'parallel' : 'inclusive');
const kindVi = (t: string): string =>
  t === 'bpmn:ParallelGateway' ? 'song song (parallel)' : 'bao hàm (inclusive)';

export const gatewayBalance: RuleFactory = () => ({
  check(node, reporter) {
    if (node.$type !== 'bpmn:Process') return;
    const { g, byId, starts, ends } = processGraph(node);
    if (starts.length !== 1 || !ends.length) return false;
    const ipdom = immediatePostDominators(g, ends);
    const idom = immediateDominators(starts[0] as string, g.succ, g.pred);
    const out = (id: string): number => (g.succ.get(id) ?? []).length;
    const inc = (id: string): number => (g.pred.get(id) ?? []).length;
    for (const id of g.nodes) {
      const el = byId.get(id);
      if (!SPLIT_KINDS.includes(el.$type)) continue;
      const kind = kindName(el.$type);
      if (out(id) > 1) {
        const j = ipdom.get(id);
        if (j !== undefined && (j === EXIT || byId.get(j)?.$type !== el.$type || inc(j) < 2)) {
          report(
            reporter,
            diag('MC403', { name: label(el), kind, kindVi: kindVi(el.$type) }, { elementId: id }),
          );
        }
      }
      if (inc(id) > 1) {
        const d = idom.get(id);
        if (d === undefined) continue;
        if (byId.get(d)?.$type !== el.$type || out(d) < 2) {
          report(
            reporter,
            diag('MC404', { name: label(el), kind, kindVi: kindVi(el.$type) }, { elementId: id }),
          );
          continue;
        }
        // Each incoming flow must come from a different branch of the split, or the join waits forever.
        const branches = new Set<string>();
        let clash = false;
        for (const src of g.pred.get(id) ?? []) {
          let b = src;
          if (src !== d) {
            while (idom.get(b) !== d && idom.get(b) !== undefined && idom.get(b) !== b)
              b = idom.get(b) as string;
          } else b = `${src}\u0000${branches.size}`;
          if (branches.has(b)) clash = true;
          branches.add(b);
        }
        if (clash)
          report(reporter, diag('MC405', { name: label(el), split: label(byId.get(d)) }, { elementId: id }));
      }
    }
    return false;
  },
});

export const gatewayConditions: RuleFactory = () => ({
  check(node, reporter) {
    if (node.$type === 'bpmn:SequenceFlow') {
      const lang = foreignLanguage(node);
      if (lang !== undefined) {
        const expr = String(node.conditionExpression?.body ?? '');
        report(
          reporter,
          diag(
            'MC701',
            {
              expr,
              detail: `ngôn ngữ "${lang}" không phải FEEL`,
              detailEn: `language "${lang}" is not FEEL`,
            },
            { elementId: String(node.id) },
          ),
        );
      }
      const condition = conditionOf(node);
      if (condition !== undefined && lang === undefined) {
        // Checked here too (not only on the IR) so conditions next to unsupported elements are still checked.
        const a = analyseFeel(condition);
        if (a.error) {
          report(
            reporter,
            diag(
              'MC701',
              { expr: condition, detail: a.error.vi, detailEn: a.error.en },
              { elementId: String(node.id) },
            ),
          );
        }
      }
      const src = node.sourceRef;
      if (
        condition !== undefined &&
        src &&
        !['bpmn:ExclusiveGateway', 'bpmn:InclusiveGateway'].includes(src.$type)
      ) {
        report(
          reporter,
          diag('MC413', { name: label(node), source: label(src) }, { elementId: String(node.id) }),
        );
      }
      return;
    }
    if (!['bpmn:ExclusiveGateway', 'bpmn:InclusiveGateway'].includes(node.$type)) return;
    const outgoing = (node.outgoing ?? []) as El[];
    const def = node.default;
    if (def && !outgoing.includes(def)) {
      report(reporter, diag('MC414', { name: label(node) }, { elementId: String(node.id) }));
    }
    if (outgoing.length < 2) return;
    for (const f of outgoing) {
      const cond = conditionOf(f);
      if (f === def && cond !== undefined)
        report(reporter, diag('MC411', { name: label(f) }, { elementId: String(f.id) }));
      if (f !== def && cond === undefined) {
        report(
          reporter,
          diag('MC410', { name: label(f), gateway: label(node) }, { elementId: String(f.id) }),
        );
      }
    }
    if (!def || !outgoing.includes(def))
      report(reporter, diag('MC412', { name: label(node) }, { elementId: String(node.id) }));
  },
});

/** The plugin, keyed by rule name as bpmnlint resolves `motcua/<rule>`. */
export const motcuaRules: Record<string, RuleFactory> = {
  'supported-elements': supportedElements,
  'extension-attributes': extensionAttributes,
  reachability,
  'gateway-balance': gatewayBalance,
  'gateway-conditions': gatewayConditions,
};
