/**
 * What the dossier inspector reads from the projection (incidents, pauses, escalations, the audit trail) and how it
 * tells whether a step finished early or late: in working time, on the calendar of the step's agency.
 */
import type { Calendar } from '../calendar/index.js';
import type { AuditLogRow, Db, TaskRow } from './types.js';

export interface IncidentRow {
  incident_id: string;
  workflow_id: string;
  node_id: string;
  kind: string;
  message: string;
  status: 'open' | 'resolved';
  opened_at: Date;
  resolved_at: Date | null;
}
/** Why the clocks stopped: papers from the applicant (national status 5) or a payment (status 6). */
export type PauseKind = 'supplement' | 'payment';

export interface PauseRow {
  n: number;
  workflow_id: string;
  kind: PauseKind;
  reason: string;
  actor: string;
  missing: unknown;
  started_at: Date;
  ended_at: Date | null;
  paused_working_ms: string | number | null;
}
export interface EscalationRow {
  escalation_id: string;
  workflow_id: string;
  task_id: string;
  node_id: string;
  to_role: string;
  agency_code: string;
  reason: string;
  actor: string;
  auto: boolean;
  at: Date;
}

export async function listDossierIncidents({ knex, dossierId }: { knex: Db; dossierId: string }) {
  return (await knex('dossier_incidents')
    .where({ dossier_id: dossierId })
    .orderBy('opened_at')) as IncidentRow[];
}
export async function listDossierPauses({ knex, dossierId }: { knex: Db; dossierId: string }) {
  return (await knex('dossier_pauses').where({ dossier_id: dossierId }).orderBy('started_at')) as PauseRow[];
}
export async function listDossierEscalations({ knex, dossierId }: { knex: Db; dossierId: string }) {
  return (await knex('dossier_escalations')
    .where({ dossier_id: dossierId })
    .orderBy('at')) as EscalationRow[];
}

/** Audit entries about a dossier: those on its code and those on its tasks (`<workflowId>/<taskId>`). */
export async function listDossierAudit({
  knex,
  code,
  workflowId,
}: {
  knex: Db;
  code: string;
  workflowId: string;
}): Promise<AuditLogRow[]> {
  return (await knex<AuditLogRow>('audit_log')
    .where((w) =>
      w
        .where({ target_type: 'dossier', target_id: code })
        .orWhere((x) =>
          x
            .where('target_type', 'task')
            .where('target_id', 'like', `${workflowId.replace(/[\\%_]/g, '\\$&')}/%`),
        ),
    )
    .orderBy('at', 'asc')
    .limit(500)) as AuditLogRow[];
}

export type StepTimingState = 'early' | 'on-time' | 'late' | 'running';

/** How a step compares with its deadline, in working time of the step agency's calendar. */
export interface StepTiming {
  /**
   * early / on-time / late for a finished step, running (deadline ahead) or late for an open one: by the deadline
   * instant (within a minute = on time), so a step finished on Saturday after a Friday deadline is late, by 0
   * working hours.
   */
  state: StepTimingState;
  /**
   * Working time (ms) from the deadline to the finish (or to now for an open step): > 0 late, < 0 early / left.
   * Only session time counts: nights, weekends and holidays of the agency's calendar are left out.
   */
  deltaMs: number;
  /** The unit of `amount` and `label`: hours below one working day, working days from there on. */
  unit: 'working-hour' | 'working-day';
  /** |deltaMs| in `unit`, 2 decimals. */
  amount: number;
  /** Signed, like deltaMs. */
  workingHours: number;
  workingDays: number;
  /** Length of one working day on that calendar (7.5 h = 27,000,000 ms by default). */
  msPerWorkingDay: number;
  /** Wall-clock difference, for reference (what a working-time delta of 0 may hide: after hours, a weekend). */
  clockDeltaMs: number;
  /** Whose calendar: the step's agency. */
  calendarAgency: string;
  label: { vi: string; en: string };
}

/** Within a minute of the deadline counts as on time. */
const ON_TIME_TOLERANCE_MS = 60_000;

const round2 = (x: number) => Math.round(x * 100) / 100;
const viNumber = (x: number) => String(x).replace('.', ',');

/**
 * Early / late of one step in working time. `now` is the end of a step still open. Null for a step without
 * deadline or a cancelled one.
 */
export function stepTiming(
  t: Pick<TaskRow, 'status' | 'due_at' | 'completed_at' | 'agency_code'>,
  calendar: Calendar,
  now: Date,
): StepTiming | null {
  if (!t.due_at || t.status === 'cancelled') return null;
  const due = new Date(t.due_at);
  const finished = t.completed_at ? new Date(t.completed_at) : null;
  const end = finished ?? now;
  const clockDeltaMs = end.getTime() - due.getTime();
  const deltaMs =
    clockDeltaMs >= 0 ? calendar.workingMillisBetween(due, end) : -calendar.workingMillisBetween(end, due);
  const day = calendar.msPerWorkingDay;
  const abs = Math.abs(deltaMs);
  const unit = abs < day ? 'working-hour' : 'working-day';
  const amount = round2(unit === 'working-hour' ? abs / 3_600_000 : abs / day);
  // The state follows the deadline instant (what the workflow flags overdue); the amount is working time.
  const state: StepTimingState = finished
    ? Math.abs(clockDeltaMs) < ON_TIME_TOLERANCE_MS
      ? 'on-time'
      : clockDeltaMs < 0
        ? 'early'
        : 'late'
    : clockDeltaMs > 0
      ? 'late'
      : 'running';
  const unitVi = unit === 'working-hour' ? 'giờ làm việc' : 'ngày làm việc';
  const unitEn =
    unit === 'working-hour'
      ? amount === 1
        ? 'working hour'
        : 'working hours'
      : amount === 1
        ? 'working day'
        : 'working days';
  const x = `${viNumber(amount)} ${unitVi}`;
  const y = `${amount} ${unitEn}`;
  const afterHours = state === 'late' && abs === 0;
  const label =
    state === 'on-time'
      ? { vi: 'Đúng hạn', en: 'On time' }
      : afterHours
        ? {
            vi: `${finished ? 'Muộn' : 'Quá hạn'} ngoài giờ làm việc (0 giờ làm việc)`,
            en: `${finished ? 'Late' : 'Overdue'} after hours (0 working hours)`,
          }
        : state === 'early'
          ? { vi: `Sớm ${x}`, en: `${y} early` }
          : state === 'running'
            ? { vi: `Còn ${x} đến hạn`, en: `${y} left` }
            : finished
              ? { vi: `Muộn ${x}`, en: `${y} late` }
              : { vi: `Quá hạn ${x}`, en: `${y} overdue` };
  return {
    state,
    deltaMs,
    unit,
    amount,
    workingHours: round2(deltaMs / 3_600_000),
    workingDays: round2(deltaMs / day),
    msPerWorkingDay: day,
    clockDeltaMs,
    calendarAgency: t.agency_code,
    label,
  };
}
