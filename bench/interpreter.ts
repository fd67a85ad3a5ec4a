/**
 * bench/interpreter — interpreter overhead (DESIGN.md §5): the same 6-step procedure run through the generic
 * interpreter (dossierWorkflow + IR) and through a hand-written Temporal workflow doing the same activities,
 * updates, timers and search attributes (workflows/bench-handwritten.ts), on the same server in the same run.
 * Prints dossiers/s for each, their ratio, and history events per step for each; the last line is one JSON object.
 *
 * Each dossier: start (with intake's search attributes), then per step one completeTask update (claims are task
 * rows in PostgreSQL, as through the API), then the result.
 * Rounds alternate A B B A so drift (database warm-up, server compaction) hits both sides alike.
 * Env: BENCH_DOSSIERS (per round and side, default 120), BENCH_CONCURRENCY (default 16), BENCH_ROUNDS (default 2).
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { loadConfig, repoRoot } from '../config/index.js';
import { createKnex, ensureDatabase, migrateLatest } from '../db/index.js';
import type { CompiledProcedure, IrFlow, IrNode } from '../ir/index.js';
import { createWorker } from '../worker/index.js';
import { startSearchAttributes } from '../api/index.js';
import { completeTaskUpdate, type DossierWorkflowInput } from '../workflows/index.js';

const DOSSIERS = Number(process.env.BENCH_DOSSIERS ?? 120);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const STEPS = [
  { id: 's1', role: 'receptionist', amount: 0.5 },
  { id: 's2', role: 'specialist', amount: 3 },
  { id: 's3', role: 'division-head', amount: 1 },
  { id: 's4', role: 'specialist', amount: 2 },
  { id: 's5', role: 'department-head', amount: 1 },
  { id: 's6', role: 'receptionist', amount: 0.5 },
];
type Variant = 'dossierWorkflow' | 'handwrittenSixStep';

function sixStepIr(code: string, agency: string): CompiledProcedure {
  const ids = ['start', ...STEPS.map((s) => s.id), 'done'];
  const flows: IrFlow[] = ids.slice(1).map((target, i) => ({ id: `f${i}`, source: ids[i]!, target }));
  const nodes: IrNode[] = ids.map((id, i) => {
    const incoming = i > 0 ? [`f${i - 1}`] : [];
    const outgoing = i < ids.length - 1 ? [`f${i}`] : [];
    const name = { vi: `Bước ${id}`, en: `Step ${id}` };
    if (id === 'start') return { id, kind: 'startEvent', name, incoming, outgoing };
    if (id === 'done') return { id, kind: 'endEvent', name, incoming, outgoing, outcome: 'returned' };
    const s = STEPS[i - 1]!;
    return {
      id,
      kind: 'userTask',
      name,
      incoming,
      outgoing,
      role: s.role,
      duration: { amount: s.amount, unit: 'working-day' },
      warningAt: 0.75,
      outcomes: ['done'],
      boundaryEvents: [],
    };
  });
  return {
    hash: `bench-${code}`,
    ir: {
      irVersion: 1,
      procedure: {
        code,
        names: { vi: 'Thủ tục 6 bước (đo)', en: '6-step procedure (bench)' },
        level: 'province',
        sector: 'Bench',
        agency,
        channels: [{ channel: 'counter', duration: { amount: 10, unit: 'working-day' } }],
        cutoff: { paper: '15:00', online: 'next-session' },
        participants: [],
      },
      startNode: 'start',
      nodes,
      flows,
    },
  };
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const config = loadConfig();
  await ensureDatabase(config.databaseUrl);
  const knex = createKnex(config.databaseUrl, { max: 20 });
  await migrateLatest(knex);
  const connection = await Connection.connect({ address: config.temporal.address });
  const client = new Client({ connection, namespace: config.temporal.namespace });
  const native = await NativeConnection.connect({ address: config.temporal.address });
  const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const taskQueue = `bench-interpreter-${run}`;
  const agency = 'BENCH';
  const compiled = sixStepIr(`BENCH-6-${run}`, agency);

  const { code } = await bundleWorkflowCode({
    workflowsPath: path.join(repoRoot, 'dist', 'workflows', 'bench-entry.js'),
    logger: new DefaultLogger('ERROR'),
  });
  const worker = await createWorker({
    config,
    connection: native,
    knex,
    taskQueue,
    workflowBundle: { code },
  });
  const running = worker.run();

  const [proc] = await knex('procedures')
    .insert({
      code: compiled.ir.procedure.code,
      level: 'province',
      name_vi: 'bench',
      sector: 'Bench',
      agency_code: agency,
      status: 'published',
      latest_version: 1,
    })
    .returning('id');
  const [version] = await knex('procedure_versions')
    .insert({
      procedure_id: proc.id,
      version: 1,
      status: 'published',
      metadata: '{}',
      model_kind: 'steps',
      model_source: '{}',
      ir_hash: compiled.hash,
      ir: JSON.stringify(compiled.ir),
    })
    .returning('id');
  const versionId = Number(version.id);
  let serial = 0;

  async function prepare(n: number): Promise<DossierWorkflowInput[]> {
    const inputs: DossierWorkflowInput[] = [];
    const rows = [];
    for (let i = 0; i < n; i++) {
      const dossierCode = `BENCH-${run}-${++serial}`;
      const input: DossierWorkflowInput = {
        dossierId: randomUUID(),
        dossierCode,
        procedureVersionId: versionId,
        compiled,
        channel: 'counter',
        receivedAt: new Date().toISOString(),
        // as intake gives it (computed from the calendar there)
        appointmentAt: new Date(Date.now() + 14 * 86_400_000).toISOString(),
        agencyCode: agency,
        data: {},
        applicantType: 'person',
      };
      inputs.push(input);
      rows.push({
        id: input.dossierId,
        code: dossierCode,
        procedure_version_id: versionId,
        procedure_code: compiled.ir.procedure.code,
        agency_code: agency,
        channel: 'counter',
        applicant: '{}',
        status: 'accepted',
        national_status: 2,
        workflow_id: `dossier-${dossierCode}`,
        received_at: input.receivedAt,
      });
    }
    await knex.batchInsert('dossiers', rows, 500);
    return inputs;
  }

  async function drive(variant: Variant, input: DossierWorkflowInput): Promise<string> {
    const workflowId = `dossier-${input.dossierCode}`;
    // Started as intake starts a dossier (its search attributes given), worked as the console works it: a claim is
    // the task row's (PostgreSQL), so each step is one completion update.
    const typedSearchAttributes = startSearchAttributes({
      dossierCode: input.dossierCode,
      procedureCode: compiled.ir.procedure.code,
      agencyCode: agency,
      level: compiled.ir.procedure.level,
      sector: compiled.ir.procedure.sector,
      dueAt: new Date(input.appointmentAt!),
    });
    const handle = await client.workflow.start(variant, {
      taskQueue,
      workflowId,
      args: [input],
      typedSearchAttributes,
    });
    for (const s of STEPS) {
      const taskId = `${s.id}#1`;
      await handle.executeUpdate(completeTaskUpdate, { args: [{ taskId, userId: 'u1', outcome: 'done' }] });
    }
    await handle.result();
    return workflowId;
  }

  async function round(variant: Variant, n: number): Promise<{ ms: number; sample: string }> {
    const inputs = await prepare(n);
    let next = 0;
    let sample = '';
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: Math.min(CONCURRENCY, n) }, async () => {
        while (next < inputs.length) {
          const input = inputs[next++]!;
          sample = await drive(variant, input);
        }
      }),
    );
    return { ms: performance.now() - t0, sample };
  }

  async function eventsPerStep(workflowId: string): Promise<number> {
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    return (history.events?.length ?? 0) / STEPS.length;
  }

  const variants: Variant[] = ['dossierWorkflow', 'handwrittenSixStep'];
  const totals: Record<Variant, { ms: number; n: number; sample: string }> = {
    dossierWorkflow: { ms: 0, n: 0, sample: '' },
    handwrittenSixStep: { ms: 0, n: 0, sample: '' },
  };
  try {
    console.log(
      `bench/interpreter: ${DOSSIERS} dossiers × ${ROUNDS} rounds per side, concurrency ${CONCURRENCY}, 6 steps, Temporal ${config.temporal.address}`,
    );
    for (const v of variants) await round(v, Math.max(4, Math.round(DOSSIERS / 5))); // warm-up
    for (let r = 0; r < ROUNDS; r++) {
      const order = r % 2 === 0 ? variants : [...variants].reverse();
      for (const v of order) {
        const { ms, sample } = await round(v, DOSSIERS);
        totals[v].ms += ms;
        totals[v].n += DOSSIERS;
        totals[v].sample = sample;
        console.log(`  round ${r + 1} ${v.padEnd(18)} ${((DOSSIERS / ms) * 1000).toFixed(1)} dossiers/s`);
      }
    }
    const rate = (v: Variant) => (totals[v].n / totals[v].ms) * 1000;
    const interp = {
      dossiersPerSecond: +rate('dossierWorkflow').toFixed(2),
      eventsPerStep: await eventsPerStep(totals.dossierWorkflow.sample),
    };
    const hand = {
      dossiersPerSecond: +rate('handwrittenSixStep').toFixed(2),
      eventsPerStep: await eventsPerStep(totals.handwrittenSixStep.sample),
    };
    const ratio = +(interp.dossiersPerSecond / hand.dossiersPerSecond).toFixed(3);
    const eventsRatio = +(interp.eventsPerStep / hand.eventsPerStep).toFixed(3);
    console.log(
      `interpreter   ${interp.dossiersPerSecond} dossiers/s, ${interp.eventsPerStep.toFixed(2)} history events per step`,
    );
    console.log(
      `hand-written  ${hand.dossiersPerSecond} dossiers/s, ${hand.eventsPerStep.toFixed(2)} history events per step`,
    );
    console.log(
      `throughput ratio ${ratio} (target ≥ 0.9), events-per-step ratio ${eventsRatio} (target ≤ 1.2)`,
    );
    console.log(
      JSON.stringify({
        bench: 'interpreter',
        steps: STEPS.length,
        dossiersPerSide: totals.dossierWorkflow.n,
        concurrency: CONCURRENCY,
        interpreter: interp,
        handwritten: hand,
        ratio,
        eventsPerStepRatio: eventsRatio,
      }),
    );
  } finally {
    worker.shutdown();
    await running.catch(() => undefined);
    const like = `dossier-BENCH-${run}-%`;
    await knex('dossier_events').where('workflow_id', 'like', like).delete();
    await knex('tasks').where('workflow_id', 'like', like).delete();
    await knex('dossiers').where('workflow_id', 'like', like).delete();
    await knex('procedure_versions').where({ id: versionId }).delete();
    await knex('procedures').where({ id: proc.id }).delete();
    await knex.destroy();
    await connection.close();
    await native.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
