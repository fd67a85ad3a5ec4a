/**
 * Firing due timers: each timer kind goes to the module that owns it (one entry per kind in FIRE). Timers fire
 * earliest first; one that an earlier firing cleared, or any after the dossier ended, does not fire.
 */
import { onApologyReminder, onAppointmentReached } from './appointment.js';
import { onCallDue } from './calls.js';
import type { EngineState, Timer, TimerKind } from './state.js';
import { onTaskTimer } from './tasks.js';
import { fireBoundary, fireIntermediate } from './timer-events.js';
import { dueTimers, takeTimer } from './timers.js';

const FIRE: Record<TimerKind, (s: EngineState, now: number, timer: Timer) => void> = {
  'task-warn': onTaskTimer,
  'task-due': onTaskTimer,
  'call-due': onCallDue,
  boundary: fireBoundary,
  intermediate: fireIntermediate,
  appointment: (s, now) => onAppointmentReached(s, now),
  'apology-reminder': (s, now) => onApologyReminder(s, now),
};

/** Fires every timer due at `now`, earliest first (ties in creation order). */
export function fireTimers(s: EngineState, now: number): void {
  for (const timer of dueTimers(s, now)) {
    if (takeTimer(s, timer)) FIRE[timer.kind](s, now, timer);
  }
}
