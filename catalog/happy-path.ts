/**
 * The happy path of catalog procedures, run for real on Temporal (the catalog-run test and bench).
 *
 * Planning is read from the IR: when a task is open, the outcome chosen is the one whose route — through the
 * gateways, evaluated with FEEL exactly as the interpreter does — reaches only activities that can still reach a
 * `returned` end, and the closest one at that (so a refuse / supplement / rework branch is never taken).
 * Driving: a `dossiers` row (store functions, as intake writes it), the interpreter workflow started with
 * `@temporalio/client`, then every open task of the dossier and of its call-activity children (found in the
 * timeline's `call-requested` events) completed with its happy outcome until the dossier ends.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import {
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client,
  type WorkflowHandle,
} from '@temporalio/client';
import { evaluate, unaryTest } from 'feelin';
import { compileFolder, defaultRegistry, findProcedureFolders } from '../compiler/index.js';
import type { Knex } from '../db/index.js';
import {
  DOSSIER_WORKFLOW_TYPE,
  NATIONAL_STATUS,
  dossierWorkflowId,
  type Channel,
  type CompiledProcedure,
  type IrNode,
  type ProcedureIr,
  type ProcedureMetadata,
} from '../ir/index.js';
import { insertDossier, nextDossierCode, publishProcedures } from '../store/index.js';
import {
  completeTaskUpdate,
  dossierStateQuery,
  type DossierStateView,
  type DossierWorkflowInput,
  type DossierWorkflowResult,
} from '../workflows/index.js';
import { DEFAULT_AGENCIES_FILE, DEFAULT_CATALOG_DIR, loadAgencies } from './store.js';

/** A bilingual failure of the happy path (reason in Vietnamese / English). */
export class HappyPathError extends Error {
  constructor(
    readonly vi: string,
    readonly en: string,
  ) {
    super(`${vi} / ${en}`);
    this.name = 'HappyPathError';
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Planning
// ---------------------------------------------------------------------------------------------------------------

/** What one procedure's IR says about its happy path, computed once per IR. */
export interface HappyPathPlan {
  ir: ProcedureIr;
  /** Hops from each node to the nearest `returned` end (absent: no such end is reachable). */
  distance: Map<string, number>;
}

const plans = new WeakMap<ProcedureIr, HappyPathPlan>();

export function planHappyPath(ir: ProcedureIr): HappyPathPlan {
  const cached = plans.get(ir);
  if (cached) return cached;
  const incoming = new Map<string, string[]>();
  for (const f of ir.flows) incoming.set(f.target, [...(incoming.get(f.target) ?? []), f.source]);
  // Breadth-first backwards from every `returned` end; other ends stop a dossier, so nothing passes them.
  const distance = new Map<string, number>();
  const queue: string[] = [];
  for (const n of ir.nodes) {
    if (n.kind === 'endEvent' && n.outcome === 'returned') {
      distance.set(n.id, 0);
      queue.push(n.id);
    }
  }
  const byId = new Map(ir.nodes.map((n) => [n.id, n]));
  while (queue.length > 0) {
    const id = queue.shift()!;
    for (const source of incoming.get(id) ?? []) {
      if (distance.has(source) || byId.get(source)?.kind === 'endEvent') continue;
      distance.set(source, distance.get(id)! + 1);
      queue.push(source);
    }
  }
  const plan = { ir, distance };
  plans.set(ir, plan);
  return plan;
}

/** FEEL as the interpreter reads a flow condition (workflows/feel.ts): boolean, else a unary test on `outcome`. */
function holds(expression: string, context: Record<string, unknown>): boolean {
  const value: unknown = evaluate(expression, context).value;
  if (typeof value === 'boolean') return value;
  if (value === null || value === undefined) return false;
  return unaryTest(expression, { ...context, '?': context.outcome ?? null }).value === true;
}

/**
 * The nodes a token reaches when it leaves `fromId`, stopping at the first activity or end of each path:
 * exclusive / inclusive splits evaluated like the interpreter (model order, default flow last), parallel splits
 * and joins followed on every branch. `undefined` when a split has no route.
 */
function routeFrom(ir: ProcedureIr, fromId: string, context: Record<string, unknown>): IrNode[] | undefined {
  const nodes = new Map(ir.nodes.map((n) => [n.id, n]));
  const flows = new Map(ir.flows.map((f) => [f.id, f]));
  const stops: IrNode[] = [];
  const seen = new Set<string>();
  const follow = (flowIds: string[]): boolean => {
    for (const flowId of flowIds) {
      const target = nodes.get(flows.get(flowId)?.target ?? '');
      if (!target) return false;
      if (!enter(target)) return false;
    }
    return true;
  };
  const enter = (node: IrNode): boolean => {
    if (
      node.kind !== 'exclusiveGateway' &&
      node.kind !== 'inclusiveGateway' &&
      node.kind !== 'parallelGateway'
    ) {
      stops.push(node);
      return true;
    }
    if (seen.has(node.id)) return true;
    seen.add(node.id);
    if (node.kind === 'parallelGateway' || node.outgoing.length <= 1) return follow(node.outgoing);
    const chosen: string[] = [];
    for (const flowId of node.outgoing) {
      if (flowId === node.defaultFlow) continue;
      const condition = flows.get(flowId)?.condition;
      if (condition === undefined || holds(condition, context)) {
        chosen.push(flowId);
        if (node.kind === 'exclusiveGateway') break;
      }
    }
    if (chosen.length === 0 && node.defaultFlow) chosen.push(node.defaultFlow);
    if (chosen.length === 0) return false;
    return follow(chosen);
  };
  const from = nodes.get(fromId);
  if (!from) return undefined;
  return follow(from.outgoing) ? stops : undefined;
}

/** Variables of one dossier as the interpreter shows them to FEEL (no form data: the happy path sends none). */
export interface RunVariables {
  data: Record<string, unknown>;
  tasks: Record<string, { outcome: string; data: Record<string, unknown> }>;
  calls: Record<string, { outcome: string; classification?: string }>;
  dossier: { channel: Channel; applicantType: 'person' | 'organisation'; procedure: string; code: string };
}

function feelContext(vars: RunVariables, outcome: string): Record<string, unknown> {
  return {
    ...vars.data,
    data: vars.data,
    outcome,
    tasks: vars.tasks,
    calls: vars.calls,
    dossier: vars.dossier,
    payments: [],
    paid: 0,
  };
}

/**
 * The outcome that keeps the dossier on its happy path when task `nodeId` completes: every place its route
 * reaches can still reach a `returned` end (never a refuse / supplement branch), the nearest such end preferred.
 */
export function happyOutcome(ir: ProcedureIr, nodeId: string, vars: RunVariables): string {
  const plan = planHappyPath(ir);
  const node = ir.nodes.find((n) => n.id === nodeId);
  if (!node || node.kind !== 'userTask') {
    throw new HappyPathError(`không có bước ${nodeId} trong mô hình`, `the model has no user task ${nodeId}`);
  }
  let best: { outcome: string; score: number } | undefined;
  for (const outcome of node.outcomes) {
    let stops: IrNode[] | undefined;
    try {
      stops = routeFrom(ir, nodeId, {
        ...feelContext(vars, outcome),
        tasks: { ...vars.tasks, [nodeId]: { outcome, data: {} } },
      });
    } catch {
      continue; // a FEEL error on this outcome would be an incident: not the happy path
    }
    if (!stops) continue;
    const scores = stops.map((s) =>
      s.kind === 'endEvent' && s.outcome !== 'returned' ? undefined : plan.distance.get(s.id),
    );
    if (scores.some((s) => s === undefined)) continue;
    const score = Math.max(0, ...(scores as number[]));
    if (!best || score < best.score) best = { outcome, score };
  }
  if (!best) {
    throw new HappyPathError(
      `bước ${nodeId}: không kết quả nào (${node.outcomes.join(', ')}) dẫn tới trả kết quả`,
      `task ${nodeId}: no outcome (${node.outcomes.join(', ')}) leads to a 'returned' end`,
    );
  }
  return best.outcome;
}

// ---------------------------------------------------------------------------------------------------------------
// The catalog, compiled and published
// ---------------------------------------------------------------------------------------------------------------

export interface CatalogProcedure {
  dir: string;
  metadata: ProcedureMetadata;
  modelKind: 'bpmn' | 'steps';
  modelSource: string;
  compiled: CompiledProcedure;
  /** Set by publishCatalog. */
  procedureVersionId?: number;
}

/**
 * Compiles catalog folders against the agency tree (as `npm start` does). `include` narrows the folders compiled
 * (the registry still knows every code of the catalog, for call activities).
 */
export async function compileCatalog(
  opts: {
    root?: string;
    agenciesFile?: string;
    include?: (dir: string, metadata: ProcedureMetadata) => boolean;
  } = {},
): Promise<{ procedures: CatalogProcedure[]; failures: Array<{ dir: string; reason: string }> }> {
  const root = opts.root ?? DEFAULT_CATALOG_DIR;
  const [folders, agencies] = await Promise.all([
    findProcedureFolders(root),
    loadAgencies(opts.agenciesFile ?? DEFAULT_AGENCIES_FILE),
  ]);
  const metas = await Promise.all(
    folders.map(async (dir) => ({
      dir,
      metadata: JSON.parse(await fs.readFile(path.join(dir, 'procedure.json'), 'utf8')) as ProcedureMetadata,
    })),
  );
  const registry = defaultRegistry({
    agencies: agencies.map((a) => a.code),
    procedures: metas.map((m) => m.metadata.code),
  });
  const procedures: CatalogProcedure[] = [];
  const failures: Array<{ dir: string; reason: string }> = [];
  for (const { dir, metadata } of metas) {
    if (opts.include && !opts.include(dir, metadata)) continue;
    const result = await compileFolder(dir, registry);
    if (!result.ok || !result.compiled) {
      const first = result.diagnostics.find((d) => d.severity === 'error');
      failures.push({ dir, reason: first ? `${first.code} ${first.messageEn}` : 'not compiled' });
      continue;
    }
    procedures.push({
      dir,
      metadata,
      modelKind: metadata.model.endsWith('.bpmn') ? 'bpmn' : 'steps',
      modelSource: await fs.readFile(path.join(dir, metadata.model), 'utf8'),
      compiled: result.compiled,
    });
  }
  return { procedures, failures };
}

/** Codes of the procedures a model calls (call activities). */
export function calledProcedures(ir: ProcedureIr): string[] {
  return [...new Set(ir.nodes.flatMap((n) => (n.kind === 'callActivity' ? [n.procedure] : [])))];
}

/**
 * Publishes the procedures (idempotently: unchanged IRs stay as they are) and sets each one's
 * `procedureVersionId` to its latest published version, which carries exactly this IR.
 */
export async function publishCatalog(knex: Knex, procedures: CatalogProcedure[]): Promise<void> {
  await publishProcedures({
    knex,
    actor: 'system',
    entries: procedures.map((p) => ({
      metadata: p.metadata,
      modelKind: p.modelKind,
      modelSource: p.modelSource,
      compiled: p.compiled,
      changeNote: 'Nạp từ procedure-models/ để chạy thử / loaded from procedure-models/ for a catalog run',
    })),
  });
  const ids = new Map<string, { id: number; hash: string }>();
  const codes = [...new Set(procedures.map((p) => p.metadata.code))];
  for (let i = 0; i < codes.length; i += 500) {
    const rows = (await knex('procedure_versions as v')
      .join('procedures as p', 'p.id', 'v.procedure_id')
      .whereIn('p.code', codes.slice(i, i + 500))
      .andWhere('v.status', 'published')
      .distinctOn('p.code', 'p.level')
      .orderBy([{ column: 'p.code' }, { column: 'p.level' }, { column: 'v.version', order: 'desc' }])
      .select('p.code', 'p.level', 'v.id', 'v.ir_hash')) as Array<{
      code: string;
      level: string;
      id: string;
      ir_hash: string;
    }>;
    for (const r of rows) ids.set(`${r.code}@${r.level}`, { id: Number(r.id), hash: r.ir_hash });
  }
  for (const p of procedures) {
    const v = ids.get(`${p.metadata.code}@${p.metadata.level}`);
    if (!v || v.hash !== p.compiled.hash) {
      throw new HappyPathError(
        `${p.metadata.code}@${p.metadata.level}: phiên bản công bố không khớp mô hình`,
        `${p.metadata.code}@${p.metadata.level}: the published version does not match the compiled model`,
      );
    }
    p.procedureVersionId = v.id;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Driving one dossier
// ---------------------------------------------------------------------------------------------------------------

export interface HappyPathOptions {
  client: Client;
  knex: Knex;
  taskQueue: string;
  procedure: CatalogProcedure;
  /** Unit code of the procedure's agency (dossier code prefix); default the agency code. */
  unitCode?: string;
  /** IRs of called procedures, by code (children run their latest published version); default: from PostgreSQL. */
  calledIr?: (code: string) => Promise<ProcedureIr>;
  channel?: Channel;
  /** Give up after this long (default 120 s). */
  timeoutMs?: number;
  /** Pause between polls while nothing is open (default 25 ms). */
  pollMs?: number;
  userId?: string;
}

export interface HappyPathRun {
  code: string;
  dossierId: string;
  workflowId: string;
  result: DossierWorkflowResult;
  /** Tasks completed, over the dossier and its children. */
  tasks: number;
  /** Child dossiers (call activities) driven. */
  children: number;
  ms: number;
}

interface Driven {
  handle: WorkflowHandle;
  ir?: ProcedureIr;
  procedure: string;
  vars: RunVariables;
  /** Children already known (call-requested seen). */
  children: Set<string>;
}

/** The IR of a procedure's latest published version, read from PostgreSQL once per code. */
export function publishedIrSource(knex: Knex): (code: string) => Promise<ProcedureIr> {
  const cache = new Map<string, Promise<ProcedureIr>>();
  return (code) => {
    let p = cache.get(code);
    if (!p) {
      p = (async () => {
        const row = (await knex('procedure_versions as v')
          .join('procedures as p', 'p.id', 'v.procedure_id')
          .where({ 'p.code': code, 'v.status': 'published' })
          .orderBy('v.published_at', 'desc')
          .orderBy('v.version', 'desc')
          .first('v.ir')) as { ir: ProcedureIr | string } | undefined;
        if (!row)
          throw new HappyPathError(`thủ tục ${code} chưa công bố`, `procedure ${code} is not published`);
        return typeof row.ir === 'string' ? (JSON.parse(row.ir) as ProcedureIr) : row.ir;
      })();
      p.catch(() => cache.delete(code));
      cache.set(code, p);
    }
    return p;
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function describeState(s: DossierStateView | undefined): string {
  if (!s) return 'no state';
  const tasks = s.openTasks.map((t) => t.taskId).join(', ') || '-';
  const tokens = s.tokens.map((t) => `${t.nodeId}:${t.waiting}`).join(', ') || '-';
  return `status ${s.status}, open tasks ${tasks}, tokens ${tokens}`;
}

/**
 * Files one dossier of the procedure and drives it — and every child dossier its call activities start — along
 * the happy path until the workflow returns. Throws a HappyPathError naming the reason otherwise (an incident, a
 * non-returned end, no happy outcome, a rejected update, the timeout).
 */
export async function driveHappyPath(opts: HappyPathOptions): Promise<HappyPathRun> {
  const started = Date.now();
  const { client, knex, procedure } = opts;
  const compiled = procedure.compiled;
  if (procedure.procedureVersionId === undefined) {
    throw new HappyPathError(
      'thủ tục chưa công bố',
      'the procedure is not published (no procedureVersionId)',
    );
  }
  const calledIr = opts.calledIr ?? publishedIrSource(knex);
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const pollMs = opts.pollMs ?? 25;
  const userId = opts.userId ?? 'happy-path';
  const channel = opts.channel ?? compiled.ir.procedure.channels[0]?.channel ?? 'counter';
  const agencyCode = compiled.ir.procedure.agency;
  const receivedAt = new Date();
  const code = await nextDossierCode({ knex, unitCode: opts.unitCode ?? agencyCode, at: receivedAt });
  const dossierId = randomUUID();
  const workflowId = dossierWorkflowId(code);
  await insertDossier({
    knex,
    dossier: {
      id: dossierId,
      code,
      procedureVersionId: procedure.procedureVersionId,
      procedureCode: compiled.ir.procedure.code,
      agencyCode,
      channel,
      applicant: { name: 'Nguyễn Văn A', type: 'person' },
      data: {},
      status: 'accepted',
      nationalStatus: NATIONAL_STATUS.accepted,
      workflowId,
      receivedAt,
      dueAt: null,
      idempotencyKey: null,
      requestHash: null,
    },
    documents: [],
  });
  const input: DossierWorkflowInput = {
    dossierId,
    dossierCode: code,
    procedureVersionId: procedure.procedureVersionId,
    compiled,
    channel,
    receivedAt: receivedAt.toISOString(),
    agencyCode,
    data: {},
    applicantType: 'person',
  };
  const root = await client.workflow.start(DOSSIER_WORKFLOW_TYPE, {
    taskQueue: opts.taskQueue,
    workflowId,
    args: [input],
  });
  const varsOf = (procedureCode: string, dossierCode: string): RunVariables => ({
    data: {},
    tasks: {},
    calls: {},
    dossier: { channel, applicantType: 'person', procedure: procedureCode, code: dossierCode },
  });
  const driven = new Map<string, Driven>([
    [
      workflowId,
      {
        handle: root,
        ir: compiled.ir,
        procedure: compiled.ir.procedure.code,
        vars: varsOf(compiled.ir.procedure.code, code),
        children: new Set(),
      },
    ],
  ]);
  let finished: DossierWorkflowResult | undefined;
  let failed: unknown;
  const result = root.result().then(
    (r: DossierWorkflowResult) => (finished = r),
    (err: unknown) => (failed = err),
  );
  let tasks = 0;
  let children = 0;
  try {
    const last = new Map<string, DossierStateView>();

    while (finished === undefined && failed === undefined) {
      if (Date.now() - started > timeoutMs) {
        const where = [...driven.keys()].map((id) => `${id}: ${describeState(last.get(id))}`).join('; ');
        throw new HappyPathError(
          `quá ${timeoutMs} ms chưa trả kết quả`,
          `not returned after ${timeoutMs} ms (${where})`,
        );
      }
      let progressed = false;
      for (const [id, d] of [...driven]) {
        let state: DossierStateView;
        try {
          state = await d.handle.query(dossierStateQuery);
        } catch (err) {
          // A child appears a moment after its parent asked for it; the root may just have finished.
          if (err instanceof WorkflowNotFoundError || finished !== undefined || failed !== undefined)
            continue;
          throw err;
        }
        last.set(id, state);
        const incident = state.incidents.find((i) => i.status === 'open');
        if (incident) {
          throw new HappyPathError(
            `sự cố ${incident.kind} tại ${incident.nodeId} (${id})`,
            `incident ${incident.kind} at ${incident.nodeId} (${id}): ${incident.message}`,
          );
        }
        for (const e of state.timeline) {
          if (e.type === 'call-requested') {
            const childId = String(e.payload.childWorkflowId ?? '');
            if (childId && !d.children.has(childId)) {
              d.children.add(childId);
              children++;
              const procedureCode = String(e.payload.procedure ?? '');
              driven.set(childId, {
                handle: client.workflow.getHandle(childId),
                procedure: procedureCode,
                vars: varsOf(procedureCode, childId.replace(/^dossier-/, '')),
                children: new Set(),
              });
            }
          } else if (e.type === 'call-completed' && e.nodeId) {
            const childId = String(e.payload.childWorkflowId ?? '');
            d.vars.calls[e.nodeId] = {
              outcome: String(e.payload.outcome ?? ''),
              ...(e.payload.classification ? { classification: String(e.payload.classification) } : {}),
            };
            // A finished child needs no more queries (a query on a closed workflow replays its history).
            if (childId !== workflowId) driven.delete(childId);
          }
        }
        if (state.finished) {
          if (state.finished.outcome !== 'returned') {
            throw new HappyPathError(
              `${id} kết thúc "${state.finished.outcome}", không phải trả kết quả`,
              `${id} ended "${state.finished.outcome}", not "returned"`,
            );
          }
          if (id !== workflowId) driven.delete(id);
          continue;
        }
        if (state.openTasks.length > 0 && !d.ir) d.ir = await calledIr(d.procedure);
        // Each completion answers with the tasks open after it: follow them without another query.
        let open = state.openTasks;
        const completed = new Set<string>();
        for (;;) {
          const task = open.find((t) => !completed.has(t.taskId));
          if (!task) break;
          completed.add(task.taskId);
          const outcome = happyOutcome(d.ir!, task.nodeId, d.vars);
          try {
            const answer = await d.handle.executeUpdate(completeTaskUpdate, {
              args: [{ taskId: task.taskId, userId, outcome }],
            });
            open = answer.openTasks;
          } catch (err) {
            if (err instanceof WorkflowUpdateFailedError) {
              const type = (err.cause as { type?: string } | undefined)?.type ?? 'rejected';
              // The dossier moved on (a parallel branch, a parent that ended): read the state again.
              if (type === 'task-not-open' || type === 'task-not-found' || type === 'dossier-finished')
                continue;
              throw new HappyPathError(
                `bước ${task.taskId} (${id}) bị từ chối: ${type}`,
                `completing ${task.taskId} (${id}) was rejected: ${type} ${err.cause?.message ?? ''}`,
              );
            }
            throw err;
          }
          d.vars.tasks[task.nodeId] = { outcome, data: {} };
          tasks++;
          progressed = true;
        }
      }
      if (!progressed) await Promise.race([result, sleep(pollMs)]);
    }
  } catch (err) {
    // Leave nothing running behind a failure (its children end with it: parent-close policy).
    await root.terminate('happy path failed / lỗi chạy thử').catch(() => undefined);
    throw err;
  }
  if (failed !== undefined) {
    throw new HappyPathError(
      'quy trình hồ sơ thất bại',
      `the dossier workflow failed: ${(failed as Error).message}`,
    );
  }
  if (finished!.outcome !== 'returned') {
    throw new HappyPathError(
      `hồ sơ kết thúc "${finished!.outcome}", không phải trả kết quả`,
      `the dossier ended "${finished!.outcome}", not "returned"`,
    );
  }
  return { code, dossierId, workflowId, result: finished!, tasks, children, ms: Date.now() - started };
}

/**
 * Drives many procedures with at most `concurrency` dossiers at a time; one failure never stops the others.
 * `onSettled` is called after each procedure (progress lines).
 */
export async function driveHappyPaths(
  opts: Omit<HappyPathOptions, 'procedure' | 'unitCode'> & {
    procedures: CatalogProcedure[];
    concurrency?: number;
    unitCodeOf?: (agency: string) => string | undefined;
    onSettled?: (p: CatalogProcedure, outcome: { run?: HappyPathRun; error?: string }, done: number) => void;
  },
): Promise<{
  runs: Array<{ procedure: CatalogProcedure; run: HappyPathRun }>;
  failures: Array<{ procedure: CatalogProcedure; reason: string }>;
}> {
  const runs: Array<{ procedure: CatalogProcedure; run: HappyPathRun }> = [];
  const failures: Array<{ procedure: CatalogProcedure; reason: string }> = [];
  const { procedures, concurrency = 8, unitCodeOf, onSettled, ...rest } = opts;
  // One cache of called IRs for the whole batch.
  rest.calledIr ??= publishedIrSource(rest.knex);
  let next = 0;
  let done = 0;
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(concurrency, procedures.length)) }, async () => {
      while (next < procedures.length) {
        const procedure = procedures[next++]!;
        const unitCode = unitCodeOf?.(procedure.compiled.ir.procedure.agency);
        try {
          const run = await driveHappyPath({ ...rest, procedure, ...(unitCode ? { unitCode } : {}) });
          runs.push({ procedure, run });
          onSettled?.(procedure, { run }, ++done);
        } catch (err) {
          const reason = err instanceof HappyPathError ? err.en : (err as Error).message;
          failures.push({ procedure, reason });
          onSettled?.(procedure, { error: reason }, ++done);
        }
      }
    }),
  );
  return { runs, failures };
}
