/**
 * Checks on the IR graph, shared by the BPMN and step-list front ends: FEEL in conditions and input mappings,
 * references against the registry, and the longest path against the legal time limits.
 */
import type {
  IrFlow,
  IrNode,
  IrProcedure,
  ProcedureMetadata,
  ServiceTaskNode,
  UserTaskNode,
} from '../ir/index.js';
import { diag, pointer, type Diagnostic } from './diagnostics.js';
import { analyseFeel } from './feel.js';
import { longestPath, makeGraph } from './graph.js';
import { formatDuration, normaliseAmount, toWorkingDays } from './normalise.js';

export interface CompilerRegistry {
  roles: ReadonlySet<string>;
  agencies: ReadonlySet<string>;
  plugins: ReadonlyMap<string, { inputSchema: object; outputSchema?: object }>;
  procedures: ReadonlySet<string>;
}

/** An IR under construction: fields the front end could not fill are absent (their diagnostics are out already). */
export interface DraftIr {
  procedure?: IrProcedure;
  startNode: string;
  nodes: IrNode[];
  flows: IrFlow[];
}

export interface CheckOutput {
  model: Diagnostic[];
  metadata: Diagnostic[];
}

function label(n: IrNode | IrFlow | undefined, fallback: string): string {
  return n?.name?.vi || fallback;
}

function list(values: Iterable<string>, max = 12): string {
  const all = [...values];
  return all.length > max ? all.slice(0, max).join(', ') + ', …' : all.join(', ');
}

export function checkIr(
  ir: DraftIr,
  registry: CompilerRegistry | undefined,
  metadata: ProcedureMetadata | undefined,
): CheckOutput {
  const out: CheckOutput = { model: [], metadata: [] };
  const byId = new Map<string, IrNode>(ir.nodes.map((n) => [n.id, n]));
  checkFeel(ir, byId, out.model);
  if (registry) checkReferences(ir, registry, metadata, out);
  checkSelfCall(ir, metadata, out.model);
  if (ir.procedure) checkLegalDuration(ir, ir.procedure, byId, out.metadata);
  return out;
}

/** User tasks whose outcome is the latest one when the flow is taken (walk back through non-user-task nodes). */
function precedingUserTasks(
  flow: IrFlow,
  byId: Map<string, IrNode>,
  flowsById: Map<string, IrFlow>,
): UserTaskNode[] {
  const found = new Map<string, UserTaskNode>();
  const seen = new Set<string>();
  const stack = [flow.source];
  while (stack.length) {
    const id = stack.pop() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    const n = byId.get(id);
    if (!n) continue;
    if (n.kind === 'userTask') {
      found.set(n.id, n);
      continue;
    }
    // A boundary event's path starts while its task is unfinished: the outcome is the one before the task.
    const prev = n.kind === 'boundaryTimerEvent' ? (byId.get(n.attachedTo)?.incoming ?? []) : n.incoming;
    for (const f of prev) {
      const src = flowsById.get(f)?.source;
      if (src !== undefined) stack.push(src);
    }
  }
  return [...found.values()];
}

function checkFeel(ir: DraftIr, byId: Map<string, IrNode>, out: Diagnostic[]): void {
  const flowsById = new Map(ir.flows.map((f) => [f.id, f]));
  for (const f of ir.flows) {
    if (f.condition === undefined) continue;
    const a = analyseFeel(f.condition);
    if (a.error) {
      out.push(
        diag('MC701', { expr: f.condition, detail: a.error.vi, detailEn: a.error.en }, { elementId: f.id }),
      );
      continue;
    }
    const plain = a.outcomeTests.filter((t) => t.task === undefined);
    if (plain.length || a.bareOutcomeNames.length) {
      const tasks = precedingUserTasks(f, byId, flowsById);
      const known = new Set(tasks.flatMap((t) => t.outcomes ?? []));
      if (tasks.length) {
        for (const t of plain) {
          if (!known.has(t.value))
            out.push(diag('MC703', { value: t.value, known: list(known) }, { elementId: f.id }));
        }
        for (const name of a.bareOutcomeNames) {
          if (known.has(name)) out.push(diag('MC704', { value: name }, { elementId: f.id }));
        }
      }
    }
    for (const t of a.outcomeTests.filter((x) => x.task !== undefined)) {
      const task = byId.get(t.task as string);
      if (!task || task.kind !== 'userTask')
        out.push(diag('MC705', { task: t.task as string }, { elementId: f.id }));
      else if (!(task.outcomes ?? []).includes(t.value)) {
        out.push(diag('MC703', { value: t.value, known: list(task.outcomes ?? []) }, { elementId: f.id }));
      }
    }
  }
  for (const n of ir.nodes) {
    if (n.kind !== 'serviceTask') continue;
    for (const [field, expr] of Object.entries(n.input ?? {})) {
      const a = analyseFeel(expr);
      if (a.error)
        out.push(
          diag('MC702', { expr, field, detail: a.error.vi, detailEn: a.error.en }, { elementId: n.id }),
        );
    }
  }
}

function checkReferences(
  ir: DraftIr,
  reg: CompilerRegistry,
  metadata: ProcedureMetadata | undefined,
  out: CheckOutput,
): void {
  const role = (value: string | undefined, elementId: string): void => {
    if (value !== undefined && !reg.roles.has(value)) {
      out.model.push(diag('MC601', { value, known: list([...reg.roles].sort()) }, { elementId }));
    }
  };
  const agency = (
    value: string | undefined,
    at: { elementId?: string; path?: string },
    into: Diagnostic[],
  ): void => {
    if (value !== undefined && !reg.agencies.has(value)) into.push(diag('MC602', { value }, at));
  };
  for (const n of ir.nodes) {
    if (n.kind === 'userTask') {
      role(n.role, n.id);
      role(n.escalationRole, n.id);
      agency(n.agency, { elementId: n.id }, out.model);
    } else if (n.kind === 'callActivity') {
      agency(n.agency, { elementId: n.id }, out.model);
      if (n.procedure !== undefined && !reg.procedures.has(n.procedure) && n.procedure !== metadata?.code) {
        out.model.push(diag('MC606', { value: n.procedure }, { elementId: n.id }));
      }
    } else if (n.kind === 'serviceTask') {
      checkPlugin(n, reg, out.model);
    }
  }
  if (metadata) {
    agency(metadata.agency, { path: pointer('agency') }, out.metadata);
    (metadata.participants ?? []).forEach((p, i) =>
      agency(p, { path: pointer('participants', i) }, out.metadata),
    );
  }
}

function checkPlugin(n: ServiceTaskNode, reg: CompilerRegistry, out: Diagnostic[]): void {
  if (n.plugin === undefined) return;
  const plugin = reg.plugins.get(n.plugin);
  if (!plugin) {
    out.push(
      diag('MC603', { value: n.plugin, known: list([...reg.plugins.keys()].sort()) }, { elementId: n.id }),
    );
    return;
  }
  const schema = plugin.inputSchema as {
    properties?: Record<string, unknown>;
    required?: string[];
    additionalProperties?: unknown;
  };
  const input = n.input ?? {};
  for (const field of schema.required ?? []) {
    if (!(field in input)) out.push(diag('MC604', { plugin: n.plugin, field }, { elementId: n.id }));
  }
  if (schema.properties && schema.additionalProperties === false) {
    const known = Object.keys(schema.properties);
    for (const field of Object.keys(input)) {
      if (!known.includes(field))
        out.push(diag('MC605', { plugin: n.plugin, field, known: list(known) }, { elementId: n.id }));
    }
  }
}

function checkSelfCall(ir: DraftIr, metadata: ProcedureMetadata | undefined, out: Diagnostic[]): void {
  if (!metadata) return;
  for (const n of ir.nodes) {
    if (n.kind === 'callActivity' && n.procedure === metadata.code)
      out.push(diag('MC607', { value: n.procedure }, { elementId: n.id }));
  }
}

/** The planned time of a node on the main path (boundary paths are exceptions, not the plan). */
function plannedDuration(n: IrNode | undefined): { days: number; approximate: boolean } {
  if (!n) return { days: 0, approximate: false };
  if (n.kind === 'userTask' && n.duration) return toWorkingDays(n.duration);
  if (n.kind === 'callActivity' && n.duration) return toWorkingDays(n.duration);
  if (n.kind === 'timerEvent' && n.timer?.duration) return toWorkingDays(n.timer.duration);
  return { days: 0, approximate: false };
}

function checkLegalDuration(
  ir: DraftIr,
  proc: IrProcedure,
  byId: Map<string, IrNode>,
  out: Diagnostic[],
): void {
  if (!byId.has(ir.startNode)) return;
  const g = makeGraph(
    ir.nodes.map((n) => n.id),
    ir.flows.map((f) => [f.source, f.target] as const),
  );
  const { total, path } = longestPath(g, ir.startNode, (id) => plannedDuration(byId.get(id)).days);
  const approximateSteps = path.some((id) => plannedDuration(byId.get(id)).approximate);
  const timed = path.filter((id) => plannedDuration(byId.get(id)).days > 0);
  const stepsVi = timed.map((id) => `${label(byId.get(id), id)} (${fmt(byId.get(id), 'vi')})`).join(' → ');
  const stepsEn = timed
    .map((id) => `${byId.get(id)?.name?.en || label(byId.get(id), id)} (${fmt(byId.get(id), 'en')})`)
    .join(' → ');
  proc.channels.forEach((c, i) => {
    const limit = toWorkingDays(c.duration);
    if (total <= limit.days + 1e-9) return;
    const approximate = approximateSteps || limit.approximate;
    const totalVi = formatDuration({ amount: normaliseAmount(total), unit: 'working-day' }, 'vi');
    const totalEn = formatDuration({ amount: normaliseAmount(total), unit: 'working-day' }, 'en');
    out.push(
      diag(
        approximate ? 'MC506' : 'MC505',
        {
          total: totalVi,
          totalEn,
          limit: formatDuration(c.duration, 'vi'),
          limitEn: formatDuration(c.duration, 'en'),
          channel: c.channel,
          channelVi: CHANNEL_VI[c.channel] ?? c.channel,
          steps: stepsVi,
          stepsEn,
        },
        { path: pointer('channels', i, 'duration') },
      ),
    );
  });
}

const CHANNEL_VI: Record<string, string> = {
  counter: 'trực tiếp (counter)',
  online: 'trực tuyến (online)',
  postal: 'bưu chính (postal)',
};

function fmt(n: IrNode | undefined, lang: 'vi' | 'en'): string {
  if (!n) return '';
  const d =
    n.kind === 'userTask' || n.kind === 'callActivity'
      ? n.duration
      : n.kind === 'timerEvent'
        ? n.timer?.duration
        : undefined;
  return d ? formatDuration(d, lang) : '';
}
