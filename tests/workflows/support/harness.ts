/**
 * Shared helpers of the interpreter tests: one workflow bundle per test run, workers on unique task queues with a
 * scaled calendar, procedures seeded as published versions, dossiers started the way the API starts them.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { WorkflowExecutionDescription, WorkflowHandle } from '@temporalio/client';
import protoModule from '@temporalio/proto';

const { temporal } = protoModule;
type temporalNs = typeof protoModule.temporal;
import {
  bundleWorkflowCode,
  DefaultLogger,
  NativeConnection,
  Runtime,
  type Worker,
  type WorkerOptions,
} from '@temporalio/worker';
import { createScaledCalendar, type Calendar } from '../../../calendar/index.js';
import { repoRoot } from '../../../config/index.js';
import type { Knex } from '../../../db/index.js';
import type { Channel, CompiledProcedure } from '../../../ir/index.js';
import { DOSSIER_WORKFLOW_TYPE, dossierWorkflowId } from '../../../ir/index.js';
import type { Plugin } from '../../../plugins/index.js';
import {
  claimTaskUpdate,
  completeTaskUpdate,
  dossierStateQuery,
  type DossierStateView,
  type DossierWorkflowInput,
  type UpdateResult,
} from '../../../workflows/index.js';
import { temporalConnectOptions } from '../../../services/index.js';
import { createWorker, workflowsPath } from '../../../worker/index.js';
import { testStack, uniqueSuffix, type TestStack } from '../../support/stack.js';

try {
  // Worker state changes and polling notices drown the test report; keep errors (activity failures the tests provoke log warnings).
  Runtime.install({ logger: new DefaultLogger('ERROR') });
} catch {
  // Another test file installed the runtime first.
}

let bundle: Promise<{ code: string }> | undefined;
/** The interpreter bundled once for the whole mocha run. */
export function workflowBundle(): Promise<{ code: string }> {
  bundle ??= bundleWorkflowCode({ workflowsPath, logger: quietLogger }).then(({ code }) => ({ code }));
  return bundle;
}

const noop = (): void => undefined;
export const quietLogger = { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: noop };

export interface TestWorker {
  worker: Worker;
  taskQueue: string;
  stop(): Promise<void>;
}

export async function startWorker(
  stack: TestStack,
  opts: {
    calendar?: Calendar;
    msPerWorkingDay?: number;
    plugins?: Plugin[];
    taskQueue?: string;
    workerOptions?: Partial<WorkerOptions>;
  } = {},
): Promise<TestWorker> {
  const taskQueue = opts.taskQueue ?? `it-${uniqueSuffix()}`;
  const connection = await NativeConnection.connect(temporalConnectOptions(stack.config.temporal));
  const calendar =
    opts.calendar ?? createScaledCalendar({ msPerWorkingDay: opts.msPerWorkingDay ?? 3_600_000 });
  const worker = await createWorker({
    config: stack.config,
    connection,
    knex: stack.knex,
    taskQueue,
    calendar,
    plugins: opts.plugins ?? [],
    workflowBundle: await workflowBundle(),
    workerOptions: { shutdownGraceTime: '1s', ...opts.workerOptions },
  });
  const running = worker.run();
  return {
    worker,
    taskQueue,
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running.catch(() => undefined);
      await connection.close().catch(() => undefined);
    },
  };
}

/** Inserts a procedure and a published version carrying the IR (what call activities load). */
export async function seedProcedure(knex: Knex, compiled: CompiledProcedure): Promise<number> {
  const ir = compiled.ir;
  const [proc] = await knex('procedures')
    .insert({
      code: ir.procedure.code,
      level: ir.procedure.level,
      name_vi: ir.procedure.names.vi,
      name_en: ir.procedure.names.en ?? null,
      sector: ir.procedure.sector,
      agency_code: ir.procedure.agency,
      status: 'published',
      latest_version: 1,
    })
    .onConflict(['code', 'level'])
    .merge(['latest_version'])
    .returning('id');
  const [version] = await knex('procedure_versions')
    .insert({
      procedure_id: proc.id,
      version: 1,
      status: 'published',
      metadata: JSON.stringify({ code: ir.procedure.code }),
      model_kind: 'bpmn',
      model_source: '<test/>',
      ir_hash: compiled.hash,
      ir: JSON.stringify(ir),
      published_at: new Date(),
      published_by: 'test',
    })
    .onConflict(['procedure_id', 'version'])
    .merge(['ir', 'ir_hash'])
    .returning('id');
  return Number(version.id);
}

export interface StartedDossier {
  code: string;
  dossierId: string;
  workflowId: string;
  handle: WorkflowHandle;
  input: DossierWorkflowInput;
}

/** Inserts the dossier row (status accepted, national 2) then starts the workflow, as the API does at intake. */
export async function startDossier(
  stack: TestStack,
  taskQueue: string,
  compiled: CompiledProcedure,
  opts: { data?: Record<string, unknown>; channel?: Channel; appointmentAt?: string; receivedAt?: Date } = {},
): Promise<StartedDossier> {
  const versionId = await seedProcedure(stack.knex, compiled);
  const code = `T-${uniqueSuffix()}`;
  const dossierId = randomUUID();
  const workflowId = dossierWorkflowId(code);
  const receivedAt = (opts.receivedAt ?? new Date()).toISOString();
  const channel = opts.channel ?? 'counter';
  await stack.knex('dossiers').insert({
    id: dossierId,
    code,
    procedure_version_id: versionId,
    procedure_code: compiled.ir.procedure.code,
    agency_code: compiled.ir.procedure.agency,
    channel,
    applicant: JSON.stringify({ name: 'Nguyễn Văn A', type: 'person' }),
    data: JSON.stringify(opts.data ?? {}),
    status: 'accepted',
    national_status: 2,
    workflow_id: workflowId,
    received_at: receivedAt,
  });
  const input: DossierWorkflowInput = {
    dossierId,
    dossierCode: code,
    procedureVersionId: versionId,
    compiled,
    channel,
    receivedAt,
    agencyCode: compiled.ir.procedure.agency,
    data: opts.data ?? {},
    applicantType: 'person',
  };
  if (opts.appointmentAt) input.appointmentAt = opts.appointmentAt;
  const handle = await stack.client.workflow.start(DOSSIER_WORKFLOW_TYPE, {
    taskQueue,
    workflowId,
    args: [input],
  });
  return { code, dossierId, workflowId, handle, input };
}

export async function state(handle: WorkflowHandle): Promise<DossierStateView> {
  return handle.query(dossierStateQuery);
}

/** Polls the query until `predicate` holds (timers firing, children finishing). */
export async function waitFor(
  handle: WorkflowHandle,
  predicate: (s: DossierStateView) => boolean,
  timeoutMs = 20_000,
): Promise<DossierStateView> {
  const deadline = Date.now() + timeoutMs;
  let last: DossierStateView | undefined;
  while (Date.now() < deadline) {
    try {
      last = await state(handle);
      if (predicate(last)) return last;
    } catch (err) {
      // A child dossier appears a moment after its parent asked for it.
      if ((err as Error).name !== 'WorkflowNotFoundError') throw err;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(
    `condition not reached in ${timeoutMs} ms; last state: ${JSON.stringify(last?.timeline.map((e) => e.type))}`,
  );
}

/**
 * Describes the workflow until `ready` holds (or 10 s pass, then returns the last description, for the caller's
 * assertion to fail on). Search attributes are upserted after a step's projection activity returns, so they trail
 * what the state query and the projected tables already show.
 */
export async function describeWhen(
  handle: WorkflowHandle,
  ready: (d: WorkflowExecutionDescription) => unknown,
): Promise<WorkflowExecutionDescription> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const desc = await handle.describe();
    if (ready(desc) || Date.now() > deadline) return desc;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Waits until everything the dossier knows is in PostgreSQL (the query sees the workflow's memory, the projection
 * follows within the same workflow task): call before reading tables after a timer or signal.
 */
export async function projected(stack: TestStack, handle: WorkflowHandle, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const s = await state(handle);
    const last = s.timeline[s.timeline.length - 1]?.seq ?? 0;
    const row = await stack
      .knex('dossier_events')
      .where({ workflow_id: handle.workflowId })
      .max('seq as seq')
      .first();
    if (Number(row?.seq ?? 0) >= last) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`projection of ${handle.workflowId} did not catch up in ${timeoutMs} ms`);
}

export async function claimAndComplete(
  handle: WorkflowHandle,
  taskId: string,
  userId: string,
  outcome = 'done',
  data?: Record<string, unknown>,
): Promise<UpdateResult> {
  await handle.executeUpdate(claimTaskUpdate, { args: [{ taskId, userId }] });
  return handle.executeUpdate(completeTaskUpdate, {
    args: [{ taskId, userId, outcome, ...(data ? { data } : {}) }],
  });
}

/**
 * History fixtures as JSON through @temporalio/proto's own message class. (historyToJSON / historyFromJSON of
 * @temporalio/common fail in this tree: common and proto carry separate protobufjs copies — "type must be a Type".)
 */
export function historyToFixture(
  history: Parameters<temporalNs['api']['history']['v1']['History']['fromObject']>[0],
): string {
  const object = temporal.api.history.v1.History.toObject(
    temporal.api.history.v1.History.fromObject(history),
    {
      longs: String,
      enums: String,
      bytes: String,
    },
  );
  return JSON.stringify(object, null, 1);
}

export function historyFromFixture(
  json: string,
): ReturnType<temporalNs['api']['history']['v1']['History']['fromObject']> {
  return temporal.api.history.v1.History.fromObject(JSON.parse(json));
}

/** Saves a finished dossier's history as a replay fixture when MOTCUA_RECORD_HISTORIES=1. */
export async function maybeRecordHistory(handle: WorkflowHandle, name: string): Promise<void> {
  if (process.env.MOTCUA_RECORD_HISTORIES !== '1') return;
  const history = await handle.fetchHistory();
  const dir = path.join(repoRoot, 'tests', 'workflows', 'histories');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${name}.json`), historyToFixture(history));
}

export async function events(
  stack: TestStack,
  workflowId: string,
): Promise<Array<{ seq: number; type: string; node_id: string | null; payload: Record<string, unknown> }>> {
  return stack
    .knex('dossier_events')
    .where({ workflow_id: workflowId })
    .orderBy('seq')
    .select('seq', 'type', 'node_id', 'payload');
}

export { testStack, uniqueSuffix };
