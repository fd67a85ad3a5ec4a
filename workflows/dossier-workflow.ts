/**
 * The one generic interpreter workflow: runs any compiled procedure (the IR in its input) for one dossier.
 * The engine (engine/, a pure state machine) decides; this file connects it to Temporal: updates and signals in, one projection
 * activity per transition out (a local activity: a single marker event), one timer for the earliest deadline,
 * plugin activities and child dossiers in their own cancellation scopes, search attributes when they change.
 *
 * Versioning: running dossiers replay this code. Any change that alters the commands it emits (activities, timers,
 * children, search attributes, their order) must be gated with `wf.patched('<id>')`; the recorded histories in
 * tests/workflows/histories/ prove it in `npm test` (see workflows/README.md).
 */
import * as wf from '@temporalio/workflow';
import type { InterpreterActivities, RunPluginInput, TransitionInput } from './activity-contract.js';
import { dossierWorkflowId, NATIONAL_STATUS } from '../ir/index.js';
import {
  apologizeUpdate,
  claimTaskUpdate,
  completeTaskUpdate,
  dossierStateQuery,
  escalateUpdate,
  parentPausedSignal,
  parentResumedSignal,
  paymentReceivedSignal,
  reassignTaskUpdate,
  refuseDossierUpdate,
  requestPaymentUpdate,
  requestSupplementUpdate,
  retryIncidentUpdate,
  returnTaskUpdate,
  stopDossierUpdate,
  supplementReceivedSignal,
  withdrawDossierUpdate,
  type DossierWorkflowInput,
  type DossierWorkflowResult,
  type UpdateResult,
} from './definitions.js';
import { DossierEngine, PATCHES, Rejection, type Effect } from './engine/index.js';

/** Projection + calendar: short database work, retried until the database is back (never given up). */
const { transition, loadProcedure } = wf.proxyLocalActivities<InterpreterActivities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '500ms', backoffCoefficient: 2, maximumInterval: '30s' },
});

type UpsertPairs = Extract<Parameters<typeof wf.upsertSearchAttributes>[0], unknown[]>;
type UpsertPair = UpsertPairs[number];

const SA = {
  code: { name: 'McDossierCode', type: 'KEYWORD' },
  procedure: { name: 'McProcedureCode', type: 'KEYWORD' },
  agency: { name: 'McAgency', type: 'KEYWORD' },
  level: { name: 'McLevel', type: 'KEYWORD' },
  sector: { name: 'McSector', type: 'KEYWORD' },
  status: { name: 'McStatus', type: 'KEYWORD' },
  steps: { name: 'McCurrentSteps', type: 'KEYWORD_LIST' },
  dueAt: { name: 'McDueAt', type: 'DATETIME' },
  stepDueAt: { name: 'McStepDueAt', type: 'DATETIME' },
  overdue: { name: 'McOverdue', type: 'BOOL' },
  incident: { name: 'McIncident', type: 'BOOL' },
} as const;

function toFailure(err: unknown): unknown {
  if (err instanceof Rejection) {
    return wf.ApplicationFailure.create({ type: err.type, message: err.message, nonRetryable: true });
  }
  return err;
}

/** Runs fn, turning a Rejection into the ApplicationFailure the caller sees. */
function guard(fn: () => void): void {
  try {
    fn();
  } catch (err) {
    throw toFailure(err);
  }
}

function rootMessage(err: unknown): string {
  let e = err as { message?: string; cause?: unknown } | undefined;
  let message = e?.message ?? String(err);
  while (e?.cause) {
    e = e.cause as { message?: string; cause?: unknown };
    if (e?.message) message = e.message;
  }
  return message;
}

export async function dossierWorkflow(input: DossierWorkflowInput): Promise<DossierWorkflowResult> {
  const info = wf.workflowInfo();
  let engine: DossierEngine;
  try {
    // Command-level changes of the interpreter ask wf.patched() (engine PATCHES): old histories keep their branch.
    engine = new DossierEngine(input, info.workflowId, { patched: (id) => wf.patched(id) });
  } catch (err) {
    throw wf.ApplicationFailure.create({
      type: 'invalid-ir',
      message: (err as Error).message,
      nonRetryable: true,
    });
  }

  // Start before registering handlers: updates buffered in the first workflow task are validated at registration
  // and must already see the first open tasks.
  engine.start(Date.now());
  engine.advance(Date.now());

  let wake = false;
  const kick = (): void => {
    wake = true;
  };

  const summary = (): UpdateResult => ({
    status: engine.currentStatus,
    nationalStatus: NATIONAL_STATUS[engine.currentStatus],
    openTasks: engine.openTasks(),
    seq: engine.flushedSeq,
  });

  /** Applies a human operation, then answers once its events are projected (read-your-writes for the API). */
  const mutate = async (fn: (now: number) => void): Promise<UpdateResult> => {
    guard(() => fn(Date.now()));
    kick();
    const target = engine.lastSeq;
    await wf.condition(() => engine.flushedSeq >= target);
    return summary();
  };

  wf.setHandler(claimTaskUpdate, (a) => mutate((now) => engine.claim(now, a)), {
    validator: (a) => guard(() => engine.validateClaim(a)),
  });
  wf.setHandler(completeTaskUpdate, (a) => mutate((now) => engine.complete(now, a)), {
    validator: (a) => guard(() => engine.validateComplete(a)),
  });
  wf.setHandler(returnTaskUpdate, (a) => mutate((now) => engine.returnTo(now, a)), {
    validator: (a) => guard(() => engine.validateReturn(a)),
  });
  wf.setHandler(reassignTaskUpdate, (a) => mutate((now) => engine.reassign(now, a)), {
    validator: (a) => guard(() => engine.validateReassign(a)),
  });
  wf.setHandler(escalateUpdate, (a) => mutate((now) => engine.escalate(now, a)), {
    validator: (a) => guard(() => engine.validateEscalate(a)),
  });
  wf.setHandler(requestSupplementUpdate, (a) => mutate((now) => engine.requestSupplement(now, a)), {
    validator: (a) => guard(() => engine.validateRequestSupplement(a)),
  });
  wf.setHandler(requestPaymentUpdate, (a) => mutate((now) => engine.requestPayment(now, a)), {
    validator: (a) => guard(() => engine.validateRequestPayment(a)),
  });
  wf.setHandler(apologizeUpdate, (a) => mutate((now) => engine.apologize(now, a)), {
    validator: (a) => guard(() => engine.validateApologize(a, Date.now())),
  });
  wf.setHandler(stopDossierUpdate, (a) => mutate((now) => engine.endBy(now, 'stopped', a)), {
    validator: (a) => guard(() => engine.validateEnd(a)),
  });
  wf.setHandler(withdrawDossierUpdate, (a) => mutate((now) => engine.endBy(now, 'withdrawn', a)), {
    validator: (a) => guard(() => engine.validateEnd(a)),
  });
  wf.setHandler(refuseDossierUpdate, (a) => mutate((now) => engine.endBy(now, 'refused', a)), {
    validator: (a) => guard(() => engine.validateEnd(a)),
  });
  wf.setHandler(retryIncidentUpdate, (a) => mutate((now) => engine.retryIncident(now, a)), {
    validator: (a) => guard(() => engine.validateRetry(a)),
  });
  wf.setHandler(supplementReceivedSignal, (a) => {
    engine.supplementReceived(Date.now(), a);
    kick();
  });
  wf.setHandler(parentPausedSignal, (a) => {
    engine.parentPaused(Date.now(), a);
    kick();
  });
  wf.setHandler(parentResumedSignal, (a) => {
    engine.parentResumed(Date.now(), a);
    kick();
  });
  wf.setHandler(paymentReceivedSignal, (a) => {
    engine.paymentReceived(Date.now(), a);
    kick();
  });
  wf.setHandler(dossierStateQuery, () => engine.snapshot());

  // --- one timer: the earliest pending deadline ------------------------------------------------------------
  let timerAt: number | undefined;
  let timerScope: wf.CancellationScope | undefined;
  let timerFired = false;
  const syncTimer = (): void => {
    const next = engine.nextTimerAt();
    if (next === timerAt) return;
    timerScope?.cancel();
    timerScope = undefined;
    timerAt = next;
    if (next === undefined) return;
    const scope = new wf.CancellationScope();
    timerScope = scope;
    scope
      .run(() => wf.sleep(Math.max(1, next - Date.now())))
      .then(
        () => {
          if (timerScope !== scope) return;
          timerScope = undefined;
          timerAt = undefined;
          timerFired = true;
        },
        () => undefined, // cancelled: a newer deadline replaced it
      );
  };

  // --- side effects: plugins and child dossiers --------------------------------------------------------------
  const scopes = new Map<string, wf.CancellationScope>();
  const launch = (effect: Effect): void => {
    if (effect.kind === 'cancel') {
      scopes.get(effect.activation)?.cancel();
      scopes.delete(effect.activation);
      return;
    }
    if (effect.kind === 'pause-child' || effect.kind === 'resume-child') {
      const child = wf.getExternalWorkflowHandle(effect.childWorkflowId);
      const sent =
        effect.kind === 'pause-child'
          ? child.signal(parentPausedSignal, effect.args)
          : child.signal(parentResumedSignal, effect.args);
      // The child finished meanwhile, or is not started yet (the engine pauses it again once it started).
      sent.catch(() => undefined);
      return;
    }
    const scope = new wf.CancellationScope();
    scopes.set(effect.activation, scope);
    const done = (): void => {
      if (scopes.get(effect.activation) === scope) scopes.delete(effect.activation);
      kick();
    };
    if (effect.kind === 'run-plugin') {
      const { runPlugin } = wf.proxyActivities<InterpreterActivities>({
        startToCloseTimeout: effect.descriptor.timeoutMs,
        retry: {
          maximumAttempts: effect.descriptor.retry.maximumAttempts,
          initialInterval: effect.descriptor.retry.initialIntervalMs,
          backoffCoefficient: effect.descriptor.retry.backoffCoefficient,
          maximumInterval: effect.descriptor.retry.maximumIntervalMs,
        },
      });
      const request: RunPluginInput = {
        type: effect.descriptor.type,
        input: effect.input,
        workflowId: info.workflowId,
        dossierId: input.dossierId,
        dossierCode: input.dossierCode,
        nodeId: effect.nodeId,
        idempotencyKey: `${info.workflowId}:${effect.activation}:${effect.attempt}`,
      };
      scope
        .run(() => runPlugin(request))
        .then(
          (output) => {
            engine.onServiceResult(Date.now(), effect.activation, effect.attempt, output);
            done();
          },
          (err) => {
            if (!wf.isCancellation(err))
              engine.onServiceFailure(Date.now(), effect.activation, effect.attempt, rootMessage(err));
            done();
          },
        );
      return;
    }
    scope
      .run(async () => {
        const loaded = await loadProcedure({ code: effect.procedure });
        const agencyCode = effect.agency ?? loaded.agencyCode;
        const childInput: DossierWorkflowInput = {
          dossierId: input.dossierId,
          dossierCode: effect.childCode,
          procedureVersionId: loaded.procedureVersionId,
          compiled: loaded.compiled,
          channel: input.channel,
          receivedAt: new Date(Date.now()).toISOString(),
          agencyCode,
          data: effect.data,
          applicantType: input.applicantType,
          parent: { workflowId: info.workflowId, nodeId: effect.nodeId },
        };
        const child = await wf.startChild(dossierWorkflow, {
          workflowId: effect.childWorkflowId,
          args: [childInput],
          parentClosePolicy: 'REQUEST_CANCEL',
          cancellationType: 'TRY_CANCEL',
        });
        engine.onCallStarted(Date.now(), effect.activation, effect.attempt, {
          childWorkflowId: child.workflowId,
          procedureCode: loaded.compiled.ir.procedure.code,
          procedureVersionId: loaded.procedureVersionId,
          agencyCode,
        });
        kick();
        return child.result();
      })
      .then(
        (result) => {
          engine.onCallResult(Date.now(), effect.activation, effect.attempt, result);
          done();
        },
        (err) => {
          if (!wf.isCancellation(err))
            engine.onCallFailure(Date.now(), effect.activation, effect.attempt, rootMessage(err));
          done();
        },
      );
  };

  // --- search attributes, upserted only when they change ------------------------------------------------------
  const lastSA = new Map<string, string>();
  for (const pair of info.typedSearchAttributes.getAll())
    lastSA.set(pair.key.name, JSON.stringify(pair.value));
  /** Asked once, where the old code would first upsert a per-step attribute (PATCHES.fewerSearchAttributes). */
  let fewer: boolean | undefined;
  const syncSearchAttributes = (): void => {
    const ir = engine.ir;
    const stepDue = engine.stepDueAt();
    const due = engine.appointment;
    const desired: UpsertPair[] = [
      { key: SA.code, value: input.dossierCode },
      { key: SA.procedure, value: ir.procedure.code },
      { key: SA.agency, value: input.agencyCode },
      { key: SA.level, value: ir.procedure.level },
      { key: SA.sector, value: ir.procedure.sector },
      { key: SA.status, value: engine.currentStatus },
      { key: SA.steps, value: engine.currentSteps() },
      { key: SA.dueAt, value: due === undefined ? null : new Date(due) },
      { key: SA.stepDueAt, value: stepDue === undefined ? null : new Date(stepDue) },
      { key: SA.overdue, value: engine.anyOverdue() },
      { key: SA.incident, value: engine.hasOpenIncident },
    ] as UpsertPair[];
    let changes = desired.filter((p) => {
      const json = JSON.stringify(p.value);
      return (lastSA.get(p.key.name) ?? 'null') !== json;
    });
    if (changes.length === 0) return;
    fewer ??= wf.patched(PATCHES.fewerSearchAttributes);
    if (fewer) {
      const perStep: string[] = [SA.steps.name, SA.stepDueAt.name];
      const flags: string[] = [SA.overdue.name, SA.incident.name];
      changes = changes.filter(
        (p) =>
          !perStep.includes(p.key.name) &&
          !(flags.includes(p.key.name) && p.value === false && !lastSA.has(p.key.name)),
      );
      if (changes.length === 0) return;
    }
    wf.upsertSearchAttributes(changes);
    for (const p of changes) lastSA.set(p.key.name, JSON.stringify(p.value));
  };

  /** Advances tokens and projects until nothing is left to do without waiting. */
  const settle = async (): Promise<void> => {
    do {
      engine.advance(Date.now());
      const batch: TransitionInput | undefined = engine.takeBatch();
      if (batch) {
        const result = await transition(batch);
        engine.applyBatchResult(Date.now(), batch, result);
      }
      for (const effect of engine.takeEffects()) launch(effect);
    } while (engine.hasWork());
    syncSearchAttributes();
  };

  try {
    for (;;) {
      await settle();
      if (engine.result) break;
      syncTimer();
      await wf.condition(() => wake || timerFired);
      wake = false;
      if (timerFired) {
        timerFired = false;
        engine.fireTimers(Date.now());
      }
    }
  } catch (err) {
    if (!wf.isCancellation(err)) throw err;
    // Cancelled from outside (or by the parent dossier): stop and project that, whatever happens next.
    await wf.CancellationScope.nonCancellable(async () => {
      engine.cancelled(Date.now(), 'hủy quy trình / workflow cancelled');
      for (const scope of scopes.values()) scope.cancel();
      await settle();
    });
  }
  timerScope?.cancel();
  // Also after a cancellation: let pending update handlers answer before the workflow closes.
  await wf.CancellationScope.nonCancellable(() => wf.condition(wf.allHandlersFinished));
  return engine.result!;
}

export { dossierWorkflowId };
