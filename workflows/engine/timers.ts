/**
 * Pending timers. Each has an instant once the calendar answered (deadlines are working time, computed outside
 * workflow code); the workflow sleeps until the earliest. No timer runs while the clocks are paused, nor while a
 * resumed pause waits for the calendar to move the deadlines.
 */
import type { EngineState, Timer } from './state.js';
import { isPaused } from './status.js';

export function addTimer(s: EngineState, timer: Timer): Timer {
  s.timers.byId.set(timer.id, timer);
  return timer;
}

/** Sets the instant the calendar answered, unless the timer was cleared or replaced meanwhile. */
export function setTimerAt(s: EngineState, timer: Timer, instant: string | undefined): void {
  if (instant === undefined) return;
  if (s.timers.byId.get(timer.id) === timer) timer.at = Date.parse(instant);
}

/** Clears the timers of a task, plugin run or call that ended. */
export function clearTimers(s: EngineState, activation: string): void {
  for (const [id, t] of s.timers.byId) if (t.activation === activation) s.timers.byId.delete(id);
}

function clocksStopped(s: EngineState): boolean {
  return s.dossier.finished !== undefined || isPaused(s) || s.timers.shiftPending;
}

/** The earliest instant a timer waits for; none while the clocks are stopped. */
export function nextTimerAt(s: EngineState): number | undefined {
  if (clocksStopped(s)) return undefined;
  let next: number | undefined;
  for (const t of s.timers.byId.values())
    if (t.at !== undefined && (next === undefined || t.at < next)) next = t.at;
  return next;
}

/** Timers due at `now`, earliest first (ties in creation order); none while the clocks are stopped. */
export function dueTimers(s: EngineState, now: number): Timer[] {
  if (clocksStopped(s)) return [];
  return [...s.timers.byId.values()]
    .filter((t) => t.at !== undefined && t.at <= now)
    .sort((a, b) => a.at! - b.at!);
}

/** Takes a due timer out before it fires; false when an earlier one cleared it or the dossier ended. */
export function takeTimer(s: EngineState, timer: Timer): boolean {
  if (s.timers.byId.get(timer.id) !== timer || s.dossier.finished) return false;
  s.timers.byId.delete(timer.id);
  return true;
}

/** The instant a timer waits for, if it is pending and the calendar answered. */
export function timerAt(s: EngineState, id: string): number | undefined {
  return s.timers.byId.get(id)?.at;
}

/** Drops one timer by id (the apology reminder once the apology is made). */
export function dropTimer(s: EngineState, id: string): void {
  s.timers.byId.delete(id);
}

/** The dossier ended: no timer is left. */
export function clearAllTimers(s: EngineState): void {
  s.timers.byId.clear();
}

/** Every known timer instant, keyed `timer:<id>`, with the activation it belongs to, for the calendar to move. */
export function timerInstants(s: EngineState): Array<{ key: string; at: number; activation?: string }> {
  const out: Array<{ key: string; at: number; activation?: string }> = [];
  for (const t of s.timers.byId.values()) {
    if (t.at === undefined) continue;
    out.push(
      t.activation === undefined
        ? { key: `timer:${t.id}`, at: t.at }
        : { key: `timer:${t.id}`, at: t.at, activation: t.activation },
    );
  }
  return out;
}

/** A pause ended: no timer fires until the calendar has moved the deadlines (shiftTimers). */
export function awaitShift(s: EngineState): void {
  s.timers.shiftPending = true;
}

/** Applies the moved instants (`timer:<id>` keys; missing ones stay) and lets timers run again. */
export function shiftTimers(s: EngineState, moved: (key: string) => number | undefined): void {
  s.timers.shiftPending = false;
  for (const t of s.timers.byId.values()) t.at = moved(`timer:${t.id}`) ?? t.at;
}
