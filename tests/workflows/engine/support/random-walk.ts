/**
 * Random walks through the engine: a seeded generator picks, at every step, one of the operations the outside
 * world could send now (complete, claim, return, reassign, escalate, pauses, payments, apology, retries, plugin
 * and child-dossier answers, timers, ends, cancellation, and some that must be rejected), applies it, then does
 * what the workflow loop does (advance, project with real calendar answers, take effects). Every step is written
 * down as one canonical JSON record: the operation, its rejection, the projection batches, the effects and the
 * engine's views. The same seed always gives the same walk, so a recorded walk pins the engine's behaviour.
 */
import { createScaledCalendar } from '../../../../calendar/index.js';
import { computeCalendar } from '../../../../activities/index.js';
import type { CompiledProcedure, UserTaskNode } from '../../../../ir/index.js';
import type { PluginDescriptor } from '../../../../workflows/activity-contract.js';
import { DossierEngine, Rejection, type Effect } from '../../../../workflows/engine/index.js';

const calendar = createScaledCalendar({ msPerWorkingDay: 1000 });
export const WALK_T0 = Date.parse('2026-11-23T01:00:00Z');

const DESCRIPTORS: Record<string, PluginDescriptor | null> = {
  webhook: {
    type: 'webhook',
    timeoutMs: 5000,
    retry: { maximumAttempts: 3, initialIntervalMs: 100, backoffCoefficient: 2, maximumIntervalMs: 1000 },
  },
};

/** mulberry32: a small, well-mixed 32-bit generator. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** JSON with object keys sorted: key order is not behaviour (the tables store jsonb). */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
      );
    }
    return v;
  });
}

export interface WalkStep {
  op: string;
  record: string;
}

interface Pending {
  effect: Extract<Effect, { kind: 'run-plugin' } | { kind: 'start-call' }>;
  started: boolean;
}

export interface WalkOptions {
  ir: CompiledProcedure;
  seed: number;
  steps: number;
  data?: Record<string, unknown>;
  /** A child dossier (call activity) of another one: parent pauses reach it. */
  child?: boolean;
  appointmentAt?: number;
  patched?: (id: string) => boolean;
}

export async function randomWalk(o: WalkOptions): Promise<WalkStep[]> {
  const random = rng(o.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const chance = (p: number): boolean => random() < p;
  let now = WALK_T0;
  const engine = new DossierEngine(
    {
      dossierId: 'd-1',
      dossierCode: 'H.1',
      procedureVersionId: 7,
      compiled: o.ir,
      channel: pick(['counter', 'online', 'postal'] as const),
      receivedAt: new Date(WALK_T0).toISOString(),
      agencyCode: 'A',
      data: o.data ?? { amount: 3 },
      applicantType: 'person',
      ...(o.appointmentAt !== undefined ? { appointmentAt: new Date(o.appointmentAt).toISOString() } : {}),
      ...(o.child ? { parent: { workflowId: 'dossier-P.1', nodeId: 'call' } } : {}),
    },
    'dossier-H.1',
    o.patched ? { patched: o.patched } : {},
  );
  const pending: Pending[] = [];
  const steps: WalkStep[] = [];
  const userTasks = o.ir.ir.nodes.filter((n): n is UserTaskNode => n.kind === 'userTask').map((n) => n.id);
  let receipts = 0;
  /** Every task id seen in a projection batch, open or not, and one that never exists. */
  const knownTasks: string[] = ['ghost#1'];

  const settle = async (): Promise<unknown[]> => {
    const out: unknown[] = [];
    do {
      engine.advance(now);
      const batch = engine.takeBatch();
      if (batch) {
        const cal = await computeCalendar(batch.calendar, async () => calendar);
        const plugins = Object.fromEntries(batch.describePlugins.map((t) => [t, DESCRIPTORS[t] ?? null]));
        out.push({ batch: JSON.parse(JSON.stringify(batch)) as unknown });
        for (const row of batch.tasks) if (!knownTasks.includes(row.taskId)) knownTasks.push(row.taskId);
        engine.applyBatchResult(now, batch, { calendar: cal, plugins, applied: true });
      }
      for (const effect of engine.takeEffects()) {
        out.push({ effect: JSON.parse(JSON.stringify(effect)) as unknown });
        if (effect.kind === 'run-plugin' || effect.kind === 'start-call')
          pending.push({ effect, started: false });
        if (effect.kind === 'cancel') {
          const i = pending.findIndex((p) => p.effect.activation === effect.activation);
          if (i >= 0) pending.splice(i, 1);
        }
      }
    } while (engine.hasWork());
    return out;
  };

  const views = () => ({
    finished: engine.isFinished,
    result: engine.result ?? null,
    lastSeq: engine.lastSeq,
    flushedSeq: engine.flushedSeq,
    paused: engine.paused,
    hasWork: engine.hasWork(),
    nextTimerAt: engine.nextTimerAt() ?? null,
    status: engine.currentStatus,
    overdue: engine.dossierOverdue,
    anyOverdue: engine.anyOverdue(),
    appointment: engine.appointment ?? null,
    incident: engine.hasOpenIncident,
    stepDueAt: engine.stepDueAt() ?? null,
    steps: engine.currentSteps(),
    openTasks: engine.openTasks(),
  });

  const record = async (op: string, fn: () => void): Promise<void> => {
    let rejected: string | null = null;
    let error: string | null = null;
    try {
      fn();
    } catch (err) {
      if (err instanceof Rejection) rejected = `${err.type}: ${err.message}`;
      else error = (err as Error).message;
    }
    const out = await settle();
    steps.push({ op, record: canonical({ op, rejected, error, out, views: views() }) });
  };

  engine.start(now);
  await record('start', () => undefined);

  let afterEnd = 0;
  for (let i = 0; i < o.steps && afterEnd < 3; i++) {
    if (engine.result) afterEnd++; // a few operations after the end: they are rejected or ignored
    now += Math.floor(random() * 120);
    const snapshot = engine.snapshot();
    const open = snapshot.openTasks;
    const incidents = snapshot.incidents.filter((x) => x.status === 'open');
    const user = pick(['u1', 'u2']);
    const choices: Array<[number, () => Promise<void>]> = [];
    if (open.length > 0) {
      const t = pick(open);
      const outcome = chance(0.08) ? 'bogus' : pick(t.outcomes);
      const data: Record<string, unknown> = chance(0.7)
        ? { amount: Math.floor(random() * 6) }
        : chance(0.5)
          ? {}
          : chance(0.5)
            ? { amount: 'x' }
            : ([1, 2] as unknown as Record<string, unknown>);
      const args = { taskId: t.taskId, userId: user, outcome, data };
      choices.push([10, () => record(`complete ${canonical(args)}`, () => engine.complete(now, args))]);
      choices.push([
        3,
        () =>
          record(`claim ${t.taskId} ${user}`, () => engine.claim(now, { taskId: t.taskId, userId: user })),
      ]);
    }
    {
      // operations on tasks that are closed or never existed are rejected
      const taskId = pick(knownTasks);
      choices.push([
        0.6,
        () => record(`claim ${taskId} ${user}`, () => engine.claim(now, { taskId, userId: user })),
      ]);
      const args = { taskId, userId: user, outcome: 'done' };
      choices.push([0.4, () => record(`complete ${canonical(args)}`, () => engine.complete(now, args))]);
    }
    if (open.length > 0) {
      const t = pick(open);
      const to = pick(userTasks);
      const ret = { taskId: t.taskId, userId: user, toNodeId: to, reason: 'sai' };
      choices.push([2, () => record(`return ${canonical(ret)}`, () => engine.returnTo(now, ret))]);
      const re = { taskId: t.taskId, actor: 'sup', assignee: pick(['u1', 'u2', 'u3']), reason: 'nghỉ phép' };
      choices.push([1, () => record(`reassign ${canonical(re)}`, () => engine.reassign(now, re))]);
      const esc = { taskId: t.taskId, actor: 'sup', toRole: 'department-head', reason: 'khó' };
      choices.push([1, () => record(`escalate ${canonical(esc)}`, () => engine.escalate(now, esc))]);
    }
    const next = engine.nextTimerAt();
    if (next !== undefined) {
      choices.push([
        6,
        () => {
          now = Math.max(now, next + (chance(0.3) ? Math.floor(random() * 400) : 0));
          return record(`fire-timers @${now - WALK_T0}`, () => engine.fireTimers(now));
        },
      ]);
    }
    const missing = chance(0.45) ? ['giấy tờ A'] : chance(0.9) ? ['A', 'B'] : ([3] as unknown as string[]);
    choices.push([
      1.2,
      () =>
        record(`request-supplement`, () =>
          engine.requestSupplement(now, { actor: 'sp', reason: 'thiếu', missing }),
        ),
    ]);
    choices.push([
      engine.paused ? 3 : 0.5,
      () =>
        record(`supplement-received`, () =>
          engine.supplementReceived(now, { actor: 'app', documents: ['doc'], note: 'đủ' }),
        ),
    ]);
    const amount = pick([0, 100, 2500]);
    const items = pick([
      [{ name: 'phí', amount: 100 }],
      [{ name: 'phí', amount: 100 }],
      undefined,
      undefined,
      [{ name: '', amount: 1 }],
      [{ name: 'phí', amount: -1 }],
      'x' as unknown as [],
      Array.from({ length: 101 }, () => ({ name: 'phí', amount: 1 })),
    ]);
    choices.push([
      0.8,
      () =>
        record(`request-payment ${amount} ${canonical(items ?? null).slice(0, 80)}`, () =>
          engine.requestPayment(now, { actor: 'sp', reason: 'lệ phí', amount, ...(items ? { items } : {}) }),
        ),
    ]);
    const receiptNo = chance(0.3) && receipts > 0 ? `BL-${receipts}` : `BL-${++receipts}`;
    choices.push([
      engine.paused ? 2 : 0.4,
      () =>
        record(`payment-received ${receiptNo}`, () =>
          engine.paymentReceived(now, { receiptNo, amount: 2500 }),
        ),
    ]);
    if (o.child) {
      const kind = chance(0.5) ? 'payment' : undefined;
      choices.push([
        1,
        () =>
          record(`parent-paused ${kind ?? 'supplement'}`, () =>
            engine.parentPaused(now, {
              actor: 'parent',
              reason: 'cha tạm dừng',
              missing: ['X'],
              ...(kind ? { kind, amount: 300, items: [{ name: 'phí', amount: 300 }] } : {}),
            }),
          ),
      ]);
      choices.push([
        engine.paused ? 2 : 0.3,
        () =>
          record('parent-resumed', () => engine.parentResumed(now, { actor: 'parent', documents: ['Y'] })),
      ]);
    }
    const appointment = engine.appointment ?? now;
    const newAt = chance(0.1)
      ? 'mai'
      : new Date(appointment + Math.floor(random() * 2400) - 300).toISOString();
    choices.push([
      0.5,
      () =>
        record(`apologize ${newAt}`, () =>
          engine.apologize(now, { actor: 'lead', reason: 'xin lỗi', newAppointmentAt: newAt }),
        ),
    ]);
    if (incidents.length > 0 || chance(0.1)) {
      const incidentId = incidents.length > 0 && chance(0.9) ? pick(incidents).id : 'inc-99';
      choices.push([
        4,
        () => record(`retry ${incidentId}`, () => engine.retryIncident(now, { actor: 'sup', incidentId })),
      ]);
    }
    if (pending.length > 0) {
      const p = pick(pending);
      const e = p.effect;
      const attempt = chance(0.1) ? e.attempt + 1 : e.attempt;
      const drop = () => pending.splice(pending.indexOf(p), 1);
      if (e.kind === 'run-plugin') {
        const output = chance(0.5) ? { fail: chance(0.5), id: 'R-1' } : null;
        choices.push([
          5,
          () => {
            drop();
            return record(`service-ok ${e.activation}/${attempt} ${canonical(output)}`, () =>
              engine.onServiceResult(now, e.activation, attempt, output),
            );
          },
        ]);
        choices.push([
          2,
          () => {
            drop();
            return record(`service-failed ${e.activation}/${attempt}`, () =>
              engine.onServiceFailure(now, e.activation, attempt, 'HTTP 503'),
            );
          },
        ]);
      } else if (!p.started) {
        choices.push([
          5,
          () => {
            p.started = true;
            return record(`call-started ${e.activation}/${attempt}`, () =>
              engine.onCallStarted(now, e.activation, attempt, {
                childWorkflowId: e.childWorkflowId,
                procedureCode: e.procedure,
                procedureVersionId: 3,
                agencyCode: e.agency ?? 'C',
              }),
            );
          },
        ]);
      } else {
        const outcome = pick(['returned', 'refused', 'stopped'] as const);
        choices.push([
          4,
          () => {
            drop();
            return record(`call-result ${e.activation}/${attempt} ${outcome}`, () =>
              engine.onCallResult(now, e.activation, attempt, {
                outcome,
                finishedAt: new Date(now).toISOString(),
                ...(outcome === 'returned'
                  ? { classification: pick(['early', 'on-time', 'late'] as const) }
                  : {}),
              }),
            );
          },
        ]);
        choices.push([
          1.5,
          () => {
            drop();
            return record(`call-failed ${e.activation}/${attempt}`, () =>
              engine.onCallFailure(now, e.activation, attempt, 'child failed'),
            );
          },
        ]);
      }
    }
    const how = pick(['withdrawn', 'stopped', 'refused'] as const);
    const reason = chance(0.9) ? 'theo đề nghị' : '';
    choices.push([
      0.12,
      () => record(`end ${how} ${reason}`, () => engine.endBy(now, how, { actor: 'lead', reason })),
    ]);
    choices.push([0.05, () => record('cancelled', () => engine.cancelled(now, 'hủy'))]);
    choices.push([1, () => record('tick', () => engine.fireTimers(now))]);

    const total = choices.reduce((s, [w]) => s + w, 0);
    let r = random() * total;
    for (const [w, run] of choices) {
      r -= w;
      if (r < 0) {
        await run();
        break;
      }
    }
  }
  steps.push({ op: 'snapshot', record: canonical(engine.snapshot()) });
  return steps;
}
