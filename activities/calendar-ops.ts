/**
 * The calendar work of one transition: deadlines, appointments, pause shifts and classification, answered from
 * the agency's working calendar (data loaded in the worker, never in workflow code).
 */
import type { Calendar } from '../calendar/index.js';
import type { Duration } from '../ir/index.js';
import type { CalendarRequest, CalendarResult } from '../workflows/index.js';

export type CalendarFor = (agencyCode: string) => Promise<Calendar>;

const date = (iso: string): Date => {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) throw new Error(`not an ISO instant: ${iso}`);
  return d;
};

/** start + working time; fractions of a duration are fractions of the working time it spans. */
function addFractions(cal: Calendar, start: Date, duration: Duration, fractions: number[]): string[] {
  const due = cal.addDuration(start, duration);
  const total = cal.workingMillisBetween(start, due);
  return fractions.map((f) => {
    if (f >= 1 || total <= 0) return due.toISOString();
    if (f <= 0) return start.toISOString();
    return cal
      .addDuration(start, { amount: (total * f) / cal.msPerWorkingDay, unit: 'working-day' })
      .toISOString();
  });
}

function shiftBy(cal: Calendar, from: Date, workingMs: number, instant: Date): Date {
  // Only deadlines still ahead when the pause began move; past ones stay where they were.
  if (workingMs <= 0 || instant.getTime() < from.getTime()) return instant;
  return cal.addDuration(instant, { amount: workingMs / cal.msPerWorkingDay, unit: 'working-day' });
}

export async function computeCalendar(
  requests: CalendarRequest[],
  calendarFor: CalendarFor,
): Promise<Record<string, CalendarResult>> {
  const results: Record<string, CalendarResult> = {};
  for (const req of requests) {
    const cal = await calendarFor(req.agency);
    switch (req.op) {
      case 'add':
        results[req.key] = { instants: addFractions(cal, date(req.start), req.duration, req.fractions) };
        break;
      case 'appointment': {
        const received = date(req.receivedAt);
        const start = req.applyCutoff ? cal.countingStart(received, req.channel, req.cutoff) : received;
        const appointment = cal.addDuration(start, req.duration);
        results[req.key] = {
          countingStart: start.toISOString(),
          appointmentAt: appointment.toISOString(),
          reminderAt: cal.subtractDuration(appointment, { amount: 1, unit: 'working-day' }).toISOString(),
        };
        break;
      }
      case 'reminder':
        results[req.key] = {
          reminderAt: cal
            .subtractDuration(date(req.appointmentAt), { amount: 1, unit: 'working-day' })
            .toISOString(),
        };
        break;
      case 'shift': {
        const from = date(req.from);
        const pausedWorkingMs = cal.workingMillisBetween(from, date(req.to));
        const shifted: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.instants))
          shifted[k] = shiftBy(cal, from, pausedWorkingMs, date(v)).toISOString();
        results[req.key] = { pausedWorkingMs, shifted };
        break;
      }
      case 'classify': {
        const appointment =
          req.appointmentAt ?? (req.appointmentKey ? results[req.appointmentKey]?.appointmentAt : undefined);
        if (appointment)
          results[req.key] = { classification: cal.classify(date(req.finishedAt), date(appointment)) };
        else results[req.key] = {};
        break;
      }
    }
  }
  return results;
}
