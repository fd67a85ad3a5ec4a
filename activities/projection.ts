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
          })),
        )
        .onConflict(['workflow_id', 'task_id'])
        .merge(['assignee', 'status', 'outcome', 'warn_at', 'due_at', 'completed_at', 'overdue']);
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
      await trx('dossier_pauses')
        .insert(
          input.pauses.map((p) => ({
            dossier_id: dossierId,
            workflow_id: workflowId,
            n: p.n,
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
