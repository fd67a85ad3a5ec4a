/**
 * Writes one transition of a dossier to PostgreSQL in one transaction: its events (append-only, unique by
 * workflow id + seq), the task rows inboxes read, the dossier row (or the call row of a child dossier), pauses,
 * escalations and incidents. A batch is applied at most once: if its events are already there (a retry after a
 * lost answer, a replay), nothing else is written either, so a stale retry can never overwrite newer state.
 */
import type { Knex } from '../db/index.js';
import type { CalendarResult, ProjectedEvent, TaskRow, TransitionInput } from '../workflows/index.js';

/** Copies calendar answers into the rows and payloads that referenced them. */
export function fillDeadlines(input: TransitionInput, calendar: Record<string, CalendarResult>): void {
  const fillEvent = (e: ProjectedEvent): void => {
    if (e.deadlineKey) {
      const r = calendar[e.deadlineKey];
      if (r?.instants) {
        e.payload.warnAt = r.instants[0] ?? null;
        e.payload.dueAt = r.instants[1] ?? null;
      }
    }
    if (e.appointmentKey) {
      const r = calendar[e.appointmentKey];
      if (r?.appointmentAt) e.payload.appointmentAt = r.appointmentAt;
    }
  };
  input.events.forEach(fillEvent);
  const fillTask = (t: TaskRow): void => {
    const r = t.deadlineKey ? calendar[t.deadlineKey] : undefined;
    if (r?.instants) {
      t.warnAt = r.instants[0] ?? t.warnAt;
      t.dueAt = r.instants[1] ?? t.dueAt;
    }
  };
  input.tasks.forEach(fillTask);
  const d = input.dossier;
  if (d?.appointmentKey) {
    const r = calendar[d.appointmentKey];
    if (r?.appointmentAt) d.dueAt = r.appointmentAt;
  }
  if (d?.classificationKey) d.classification = calendar[d.classificationKey]?.classification ?? null;
}

/** The events that open a pause, by kind (their payload's `pause` is the pause number). */
const PAUSE_OPENED: Record<string, 'supplement' | 'payment'> = {
  'supplement-requested': 'supplement',
  'payment-requested': 'payment',
};
/** And those that end one (`payload.pause` set only when they ended a pause). */
const PAUSE_EVENTS: Record<string, 'supplement' | 'payment'> = {
  ...PAUSE_OPENED,
  'supplement-received': 'supplement',
  'payment-received': 'payment',
};

/**
 * The kind of each pause of the batch. The workflow's pause rows carry no kind (the workflow code stays as it is);
 * the batch that opens a pause also carries the event that opened it (`supplement-requested` or
 * `payment-requested`, `payload.pause` = n), so the kind is read from there. A pause row without its opening event
 * in the batch (nor the event that ended it) is an update of a row written earlier (its kind is kept: only ended_at
 * and paused_working_ms change); the stored opening event is asked all the same, in case a batch ever split them.
 * Else: supplement.
 */
export async function pauseKinds(
  trx: Knex.Transaction | Knex,
  workflowId: string,
  input: Pick<TransitionInput, 'events' | 'pauses'>,
): Promise<Map<number, 'supplement' | 'payment'>> {
  const kinds = new Map<number, 'supplement' | 'payment'>();
  for (const e of input.events) {
    const kind = PAUSE_EVENTS[e.type];
    const n = Number(e.payload?.pause);
    if (kind && Number.isInteger(n)) kinds.set(n, kind);
  }
  const missing = input.pauses.map((p) => p.n).filter((n) => !kinds.has(n));
  if (missing.length > 0) {
    const rows = (await trx('dossier_events')
      .where({ workflow_id: workflowId })
      .whereIn('type', Object.keys(PAUSE_OPENED))
      .whereRaw(`(payload->>'pause') in (${missing.map(() => '?').join(', ')})`, missing.map(String))
      .select('type', trx.raw(`payload->>'pause' as pause`))) as Array<{ type: string; pause: string }>;
    for (const r of rows) kinds.set(Number(r.pause), PAUSE_OPENED[r.type]!);
  }
  return kinds;
}

export async function applyTransition(knex: Knex, input: TransitionInput): Promise<boolean> {
  const { workflowId, dossierId } = input;
  return knex.transaction(async (trx) => {
    if (input.events.length > 0) {
      const inserted = await trx('dossier_events')
        .insert(
          input.events.map((e) => ({
            dossier_id: dossierId,
            workflow_id: workflowId,
            seq: e.seq,
            type: e.type,
            node_id: e.nodeId ?? null,
            actor: e.actor ?? null,
            payload: JSON.stringify(e.payload),
            at: e.at,
          })),
        )
        .onConflict(['workflow_id', 'seq'])
        .ignore()
        .returning('seq');
      if (inserted.length === 0) return false;
    }
    if (input.tasks.length > 0) {
      await trx('tasks')
        .insert(
          input.tasks.map((t) => ({
            dossier_id: dossierId,
            workflow_id: workflowId,
            task_id: t.taskId,
            node_id: t.nodeId,
            name_vi: t.nameVi,
            name_en: t.nameEn,
            role: t.role,
            agency_code: t.agency,
            assignee: t.assignee,
            status: t.status,
            outcome: t.outcome,
            opened_at: t.openedAt,
            warn_at: t.warnAt,
            due_at: t.dueAt,
            completed_at: t.completedAt,
            overdue: t.overdue,
            outcomes: JSON.stringify(t.outcomes ?? null),
          })),
        )
        .onConflict(['workflow_id', 'task_id'])
        .merge({
          // Assignment is PostgreSQL's (store/task-assignments.ts): the workflow's null assignee or 'open' status
          // does not undo a claim; a completion, cancellation or an assignee of its own (a returned step) does.
          assignee: trx.raw('COALESCE(EXCLUDED.assignee, tasks.assignee)'),
          status: trx.raw(
            "CASE WHEN EXCLUDED.status = 'open' AND tasks.status = 'claimed' THEN 'claimed' ELSE EXCLUDED.status END",
          ),
          outcome: trx.raw('EXCLUDED.outcome'),
          warn_at: trx.raw('EXCLUDED.warn_at'),
          due_at: trx.raw('EXCLUDED.due_at'),
          completed_at: trx.raw('EXCLUDED.completed_at'),
          overdue: trx.raw('EXCLUDED.overdue'),
          outcomes: trx.raw('COALESCE(EXCLUDED.outcomes, tasks.outcomes)'),
        });
    }
    const d = input.dossier;
    if (d) {
      const values: Record<string, unknown> = {
        status: d.status,
        national_status: d.nationalStatus,
        current_step: d.currentStep,
        updated_at: trx.fn.now(),
      };
      if (d.dueAt !== undefined) values.due_at = d.dueAt;
      if (d.finishedAt !== undefined) values.finished_at = d.finishedAt;
      if (d.outcome !== undefined) values.outcome = d.outcome;
      if (d.classification !== undefined) values.classification = d.classification;
      if (d.call) {
        await trx('dossier_calls')
          .insert({
            workflow_id: workflowId,
            dossier_id: dossierId,
            dossier_code: input.dossierCode,
            parent_workflow_id: d.call.parentWorkflowId,
            parent_node_id: d.call.parentNodeId,
            procedure_code: d.call.procedureCode,
            agency_code: d.call.agencyCode,
            started_at: d.call.startedAt,
            ...values,
          })
          .onConflict('workflow_id')
          .merge(Object.keys(values));
      } else {
        // A child dossier's row (written by its first batch) is in dossier_calls; a top-level one is the API's.
        await trx(input.parentWorkflowId ? 'dossier_calls' : 'dossiers')
          .where({ workflow_id: workflowId })
          .update(values);
      }
    }
    if (input.pauses.length > 0) {
      const kinds = await pauseKinds(trx, workflowId, input);
      await trx('dossier_pauses')
        .insert(
          input.pauses.map((p) => ({
            dossier_id: dossierId,
            workflow_id: workflowId,
            n: p.n,
            kind: kinds.get(p.n) ?? 'supplement',
            reason: p.reason,
            actor: p.actor,
            missing: JSON.stringify(p.missing),
            started_at: p.startedAt,
            ended_at: p.endedAt,
            paused_working_ms: p.pausedWorkingMs,
          })),
        )
        .onConflict(['workflow_id', 'n'])
        .merge(['ended_at', 'paused_working_ms']);
    }
    if (input.escalations.length > 0) {
      await trx('dossier_escalations')
        .insert(
          input.escalations.map((e) => ({
            dossier_id: dossierId,
            workflow_id: workflowId,
            escalation_id: e.escalationId,
            task_id: e.taskId,
            node_id: e.nodeId,
            to_role: e.toRole,
            agency_code: e.agency,
            reason: e.reason,
            actor: e.actor,
            auto: e.auto,
            at: e.at,
          })),
        )
        .onConflict(['workflow_id', 'escalation_id'])
        .ignore();
    }
    if (input.incidents.length > 0) {
      await trx('dossier_incidents')
        .insert(
          input.incidents.map((i) => ({
            dossier_id: dossierId,
            workflow_id: workflowId,
            incident_id: i.incidentId,
            node_id: i.nodeId,
            kind: i.kind,
            message: i.message,
            status: i.status,
            opened_at: i.openedAt,
            resolved_at: i.resolvedAt,
          })),
        )
        .onConflict(['workflow_id', 'incident_id'])
        .merge(['status', 'resolved_at']);
    }
    return true;
  });
}
