/**
 * The appointment (legal deadline, ngày hẹn trả): given at intake or computed from the calendar (cut-off + the
 * channel's legal duration); an apology reminder one working day before; `dossier-overdue` when it passes; one
 * apology (xin lỗi, hẹn lại) to a later date. Classification compares with the original appointment.
 */
import type { ProjectedEvent } from '../activity-contract.js';
import type { ApologizeArgs } from '../definitions.js';
import { emit, patchDossier, requestCalendar, touchDossier } from './outbox.js';
import { assertActor, assertRunning, Rejection } from './rejection.js';
import { iso, isoOrNull, type EngineState } from './state.js';
import { addTimer, dropTimer, setTimerAt, timerAt } from './timers.js';

/** Arms the appointment and reminder timers; `received` gets the appointment once it is known. */
export function scheduleAppointment(s: EngineState, received: ProjectedEvent): void {
  const { input } = s;
  const d = s.dossier;
  const ir = s.model.ir;
  const spec = ir.procedure.channels.find((c) => c.channel === input.channel) ?? ir.procedure.channels[0];
  if (input.appointmentAt !== undefined) {
    const at = Date.parse(input.appointmentAt);
    if (Number.isFinite(at)) {
      d.appointmentAt = at;
      d.originalAppointmentAt = at;
      received.payload.appointmentAt = iso(at);
      patchDossier(s, { dueAt: iso(at) });
      addTimer(s, { id: 'appointment', kind: 'appointment', at });
      const reminder = addTimer(s, { id: 'apology-reminder', kind: 'apology-reminder' });
      requestCalendar(s, { op: 'reminder', agency: input.agencyCode, appointmentAt: iso(at) }, (r) =>
        setTimerAt(s, reminder, r.reminderAt),
      );
    }
  } else if (spec) {
    const appointment = addTimer(s, { id: 'appointment', kind: 'appointment' });
    const reminder = addTimer(s, { id: 'apology-reminder', kind: 'apology-reminder' });
    const key = requestCalendar(
      s,
      {
        op: 'appointment',
        agency: input.agencyCode,
        receivedAt: input.receivedAt,
        channel: input.channel,
        cutoff: ir.procedure.cutoff,
        applyCutoff: !input.parent,
        duration: spec.duration,
      },
      (r) => {
        if (r.appointmentAt) {
          const at = Date.parse(r.appointmentAt);
          if (d.appointmentAt === undefined) d.appointmentAt = at;
          if (d.originalAppointmentAt === undefined) d.originalAppointmentAt = at;
          setTimerAt(s, appointment, r.appointmentAt);
          received.payload.appointmentAt = r.appointmentAt;
        }
        setTimerAt(s, reminder, r.reminderAt);
      },
    );
    received.appointmentKey = key;
    patchDossier(s, { appointmentKey: key });
  }
}

/** The appointment passed: the dossier is late (it keeps running). */
export function onAppointmentReached(s: EngineState, now: number): void {
  s.dossier.overdue = true;
  touchDossier(s);
  emit(s, now, 'dossier-overdue', { appointmentAt: isoOrNull(s.dossier.originalAppointmentAt) });
}

/** One working day before the appointment: time to apologise, unless that was done. */
export function onApologyReminder(s: EngineState, now: number): void {
  s.dossier.apologyWindowClosed = true;
  if (!s.dossier.apologized)
    emit(s, now, 'apology-reminder', { appointmentAt: isoOrNull(s.dossier.appointmentAt) });
}

/**
 * An apology comes at the latest one working day before the appointment (Decree 61/2018 as DESIGN.md reads it):
 * the apology-reminder timer marks that instant (moved by pauses like every deadline). `now` is workflow time.
 */
export function validateApologize(s: EngineState, args: ApologizeArgs, now: number): void {
  assertActor(args?.actor, 'actor');
  assertRunning(s);
  if (s.dossier.apologized) {
    throw new Rejection(
      'already-apologized',
      'đã xin lỗi và hẹn lại một lần; không được hẹn lại lần nữa',
      'the appointment was already rescheduled once with an apology',
    );
  }
  const lastChance = timerAt(s, 'apology-reminder');
  if (s.dossier.apologyWindowClosed || (lastChance !== undefined && now >= lastChance)) {
    throw new Rejection(
      'apology-too-late',
      'đã quá thời hạn xin lỗi: phải xin lỗi và hẹn lại chậm nhất một ngày làm việc trước ngày hẹn trả',
      'too late to apologise: the apology and new date must come at the latest one working day before the appointment',
    );
  }
  const at = Date.parse(args.newAppointmentAt);
  if (!Number.isFinite(at)) {
    throw new Rejection(
      'invalid-argument',
      'newAppointmentAt không phải thời điểm ISO',
      'newAppointmentAt is not an ISO instant',
    );
  }
  if (s.dossier.appointmentAt !== undefined && at <= s.dossier.appointmentAt) {
    throw new Rejection(
      'invalid-argument',
      'ngày hẹn mới phải sau ngày hẹn hiện tại',
      'the new appointment must be later than the current one',
    );
  }
}

export function apologize(s: EngineState, now: number, args: ApologizeArgs): void {
  validateApologize(s, args, now);
  const d = s.dossier;
  const previous = d.appointmentAt;
  d.apologized = true;
  d.appointmentAt = Date.parse(args.newAppointmentAt);
  dropTimer(s, 'apology-reminder');
  patchDossier(s, { dueAt: iso(d.appointmentAt) });
  touchDossier(s);
  emit(
    s,
    now,
    'apologized',
    {
      reason: args.reason ?? '',
      previousAppointmentAt: isoOrNull(previous),
      newAppointmentAt: iso(d.appointmentAt),
    },
    undefined,
    args.actor,
  );
}
