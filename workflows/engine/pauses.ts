/**
 * Pauses (tạm dừng): while the applicant supplements papers or pays a financial obligation, every clock stops —
 * no timer fires, completions are refused. One pause at a time, of either kind. When it ends, every pending
 * deadline (tasks, timers, calls, appointment) moves by the paused working time, once the calendar answered.
 * A pause reaches the dossier's running children; a child's pause from its parent ends with the parent's resume.
 */
import type { CalendarResult } from '../activity-contract.js';
import type {
  ParentPausedArgs,
  PauseKind,
  PaymentItem,
  RequestSupplementArgs,
  SupplementReceivedArgs,
} from '../definitions.js';
import {
  emit,
  patchDossier,
  pushEffect,
  requestCalendar,
  touchDossier,
  touchPause,
  touchTask,
} from './outbox.js';
import { PATCHES } from './patches.js';
import { assertActor, assertRunning, Rejection } from './rejection.js';
import { iso, isoOrNull, type EngineState, type Pause } from './state.js';
import { openPause, setStatus } from './status.js';
import { awaitShift, shiftTimers, timerInstants } from './timers.js';

/** Completions and returns wait while the dossier is paused. */
export function assertNotPaused(s: EngineState): void {
  const pause = openPause(s);
  if (pause?.kind === 'payment') {
    throw new Rejection(
      'dossier-paused',
      'hồ sơ đang tạm dừng chờ thực hiện nghĩa vụ tài chính',
      'the dossier is paused awaiting the applicant’s payment',
    );
  }
  if (pause) {
    throw new Rejection(
      'dossier-paused',
      'hồ sơ đang tạm dừng chờ bổ sung',
      'the dossier is paused awaiting the applicant’s supplement',
    );
  }
}

/** One pause at a time: a second request (of either kind) waits until the first one ended. */
export function assertNoPause(s: EngineState): void {
  const pause = openPause(s);
  if (pause?.kind === 'payment') {
    throw new Rejection(
      'payment-already-requested',
      'hồ sơ đang chờ thực hiện nghĩa vụ tài chính',
      'a financial obligation request is already pending',
    );
  }
  if (pause) {
    throw new Rejection(
      'already-paused',
      'hồ sơ đang chờ bổ sung',
      'a supplement request is already pending',
    );
  }
}

export function validateRequestSupplement(s: EngineState, args: RequestSupplementArgs): void {
  assertActor(args?.actor, 'actor');
  assertRunning(s);
  assertNoPause(s);
  if (!Array.isArray(args.missing) || args.missing.some((m) => typeof m !== 'string')) {
    throw new Rejection(
      'invalid-argument',
      'missing phải là danh sách giấy tờ',
      'missing must list documents',
    );
  }
}

export function requestSupplement(s: EngineState, now: number, args: RequestSupplementArgs): void {
  validateRequestSupplement(s, args);
  pauseFor(s, now, 'supplement', args, false);
}

/** The parent dossier paused: so do this one's clocks (ignored when already paused or finished). */
export function parentPaused(s: EngineState, now: number, args: ParentPausedArgs): void {
  if (s.dossier.finished || openPause(s)) return;
  const own = { actor: args?.actor ?? 'system', reason: args?.reason ?? '', missing: args?.missing ?? [] };
  if (args?.kind === 'payment') {
    const items = Array.isArray(args.items)
      ? args.items.map((i) => ({ name: String(i?.name ?? ''), amount: Number(i?.amount ?? 0) }))
      : [];
    pauseFor(s, now, 'payment', own, true, Number(args.amount ?? 0), items);
    return;
  }
  pauseFor(s, now, 'supplement', own, true);
}

/** The parent dossier resumed: end the pause it caused (not one of this dossier's own). */
export function parentResumed(s: EngineState, now: number, args: SupplementReceivedArgs): void {
  const last = s.pauses.list[s.pauses.list.length - 1];
  if (!last?.fromParent) return;
  if (last.kind === 'supplement') {
    supplementReceived(s, now, args);
    return;
  }
  if (s.dossier.finished || last.end !== undefined) return;
  const actor = args?.actor ?? 'system';
  resume(s, now, last, { actor, documents: [] }, () =>
    emit(
      s,
      now,
      'payment-received',
      { pause: last.n, fromParent: true, receiptNo: null, amount: null },
      undefined,
      actor,
    ),
  );
}

export function pauseFor(
  s: EngineState,
  now: number,
  kind: PauseKind,
  args: RequestSupplementArgs,
  fromParent: boolean,
  amount?: number,
  items?: PaymentItem[],
): void {
  const pause: Pause = {
    n: s.pauses.list.length + 1,
    kind,
    start: now,
    reason: args.reason ?? '',
    actor: args.actor,
    missing: [...args.missing],
    fromParent,
  };
  if (kind === 'payment') {
    pause.amount = amount ?? 0;
    pause.items = items ?? [];
  }
  s.pauses.list.push(pause);
  touchPause(s, pause.n);
  s.dossier.statusBeforePause = s.dossier.status;
  if (kind === 'payment') {
    setStatus(s, 'financial-obligation');
    const payload: Record<string, unknown> = {
      pause: pause.n,
      reason: pause.reason,
      amount: pause.amount,
      items: pause.items,
    };
    if (fromParent) payload.fromParent = true;
    emit(s, now, 'payment-requested', payload, undefined, args.actor);
    for (const call of s.calls.byActivation.values()) {
      pushEffect(s, {
        kind: 'pause-child',
        childWorkflowId: call.childWorkflowId,
        args: childPauseArgs(pause),
      });
    }
    return;
  }
  // The supplement path emits exactly what it did before payment pauses existed (recorded histories replay it).
  setStatus(s, 'supplement-requested');
  emit(
    s,
    now,
    'supplement-requested',
    { pause: pause.n, reason: pause.reason, missing: pause.missing },
    undefined,
    args.actor,
  );
  for (const call of s.calls.byActivation.values()) {
    pushEffect(s, {
      kind: 'pause-child',
      childWorkflowId: call.childWorkflowId,
      args: { ...args, missing: [...args.missing] },
    });
  }
}

/** What a child dossier is told when this one's pause reaches it. */
export function childPauseArgs(pause: Pause): ParentPausedArgs {
  const args: ParentPausedArgs = { actor: pause.actor, reason: pause.reason, missing: [...pause.missing] };
  if (pause.kind === 'payment') {
    args.kind = 'payment';
    args.amount = pause.amount ?? 0;
    args.items = (pause.items ?? []).map((i) => ({ ...i }));
  }
  return args;
}

export function supplementReceived(s: EngineState, now: number, args: SupplementReceivedArgs): void {
  const pause = openPause(s);
  // A late or duplicate signal (or one while the dossier waits for a payment, not papers): keep it in the
  // timeline, change nothing.
  if (s.dossier.finished || !pause || pause.kind !== 'supplement') {
    emit(s, now, 'supplement-ignored', { documents: args?.documents ?? [] }, undefined, args?.actor);
    return;
  }
  resume(s, now, pause, { actor: args.actor, documents: args.documents ?? [] }, () =>
    emit(
      s,
      now,
      'supplement-received',
      { pause: pause.n, documents: args.documents ?? [], note: args.note ?? null },
      undefined,
      args.actor,
    ),
  );
}

/**
 * Ends a pause: status back to what it was, children resumed, and every pending deadline (tasks, timers, calls,
 * appointment) moved by the paused working time once the calendar answered. `announce` emits the event that
 * says why it ended; `childArgs` is what the children's resume signal carries.
 */
export function resume(
  s: EngineState,
  now: number,
  pause: Pause,
  childArgs: SupplementReceivedArgs,
  announce: () => void,
): void {
  pause.end = now;
  touchPause(s, pause.n);
  setStatus(s, s.dossier.statusBeforePause);
  announce();
  for (const call of s.calls.byActivation.values()) {
    pushEffect(s, {
      kind: 'resume-child',
      childWorkflowId: call.childWorkflowId,
      args: { ...childArgs, documents: [...childArgs.documents] },
    });
  }
  // Every clock moves by the paused working time; timers wait until the calendar answered. Each deadline moves on
  // the calendar of the agency that owns it: a step at another agency keeps its own days off (its warning,
  // deadline and boundary timers); the appointment, calls and the dossier's own timers are the lead agency's.
  const lead = s.input.agencyCode;
  const perAgency = s.patched(PATCHES.shiftPerAgency);
  const byAgency = new Map<string, Record<string, string>>([[lead, {}]]);
  const put = (owner: string, key: string, at: number) => {
    const agency = perAgency ? owner : lead;
    let instants = byAgency.get(agency);
    if (!instants) byAgency.set(agency, (instants = {}));
    instants[key] = iso(at);
  };
  for (const t of timerInstants(s)) {
    put((t.activation !== undefined && s.tasks.byId.get(t.activation)?.agency) || lead, t.key, t.at);
  }
  for (const task of s.tasks.byId.values()) {
    if (task.status !== 'open' && task.status !== 'claimed') continue;
    if (task.warnAt !== undefined) put(task.agency, `warn:${task.taskId}`, task.warnAt);
    if (task.dueAt !== undefined) put(task.agency, `due:${task.taskId}`, task.dueAt);
  }
  for (const call of s.calls.byActivation.values())
    if (call.dueAt !== undefined) put(lead, `call:${call.activation}`, call.dueAt);
  const d = s.dossier;
  if (d.appointmentAt !== undefined) put(lead, 'appointment', d.appointmentAt);
  if (d.originalAppointmentAt !== undefined) put(lead, 'original', d.originalAppointmentAt);
  awaitShift(s);
  const shifted: Record<string, string> = {};
  let pausedWorkingMs = 0;
  let waiting = byAgency.size;
  for (const [agency, instants] of byAgency) {
    requestCalendar(s, { op: 'shift', agency, from: iso(pause.start), to: iso(now), instants }, (r) => {
      Object.assign(shifted, r.shifted ?? {});
      // The pause's length, as recorded, is the lead agency's working time.
      if (agency === lead) pausedWorkingMs = r.pausedWorkingMs ?? 0;
      if (--waiting === 0) applyShift(s, now, pause, { shifted, pausedWorkingMs });
    });
  }
}

function applyShift(s: EngineState, now: number, pause: Pause, r: CalendarResult): void {
  const shifted = r.shifted ?? {};
  const get = (key: string): number | undefined => (shifted[key] ? Date.parse(shifted[key]) : undefined);
  pause.pausedWorkingMs = r.pausedWorkingMs ?? 0;
  touchPause(s, pause.n);
  shiftTimers(s, get);
  for (const task of s.tasks.byId.values()) {
    const w = get(`warn:${task.taskId}`);
    const due = get(`due:${task.taskId}`);
    if (w !== undefined) task.warnAt = w;
    if (due !== undefined) task.dueAt = due;
    if (w !== undefined || due !== undefined) touchTask(s, task.taskId);
  }
  for (const call of s.calls.byActivation.values()) call.dueAt = get(`call:${call.activation}`) ?? call.dueAt;
  const d = s.dossier;
  d.appointmentAt = get('appointment') ?? d.appointmentAt;
  d.originalAppointmentAt = get('original') ?? d.originalAppointmentAt;
  patchDossier(s, { dueAt: isoOrNull(d.appointmentAt) });
  touchDossier(s);
  emit(s, now, 'deadlines-moved', {
    pause: pause.n,
    pausedWorkingMs: pause.pausedWorkingMs,
    appointmentAt: isoOrNull(d.appointmentAt),
  });
}
