/**
 * Read-only views of the state: the variables FEEL sees, the open tasks, the deadlines supervisors sort by, and
 * the snapshot the `dossierState` query answers.
 */
import { NATIONAL_STATUS } from '../../ir/index.js';
import type { DossierStateView, IncidentView, OpenTaskView } from '../definitions.js';
import { iso, isoOrNull, type EngineState } from './state.js';

/** Variables of FEEL conditions and plugin inputs (workflows/README.md lists them). */
export function feelContext(s: EngineState): Record<string, unknown> {
  const d = s.dossier;
  const payments = s.pauses.payments;
  const paid = payments.reduce((sum, p) => sum + (Number.isFinite(p.amount) ? p.amount : 0), 0);
  return {
    ...d.data,
    data: d.data,
    outcome: d.lastOutcome,
    tasks: d.taskResults,
    calls: d.callResults,
    dossier: {
      channel: s.input.channel,
      applicantType: s.input.applicantType,
      procedure: s.model.ir.procedure.code,
      code: s.input.dossierCode,
    },
    payments,
    paid,
  };
}

export function openTasks(s: EngineState): OpenTaskView[] {
  const views: OpenTaskView[] = [];
  for (const t of s.tasks.byId.values()) {
    if (t.status !== 'open' && t.status !== 'claimed') continue;
    views.push({
      taskId: t.taskId,
      nodeId: t.node.id,
      name: t.node.name,
      role: t.node.role,
      agency: t.agency,
      assignee: t.assignee,
      openedAt: iso(t.openedAt),
      warnAt: isoOrNull(t.warnAt),
      dueAt: isoOrNull(t.dueAt),
      overdue: t.overdue,
      outcomes: t.node.outcomes,
      escalatedTo: t.escalatedTo,
    });
  }
  return views;
}

/** Earliest deadline among open tasks (the step due instant supervisors sort by). */
export function stepDueAt(s: EngineState): number | undefined {
  let min: number | undefined;
  for (const t of s.tasks.byId.values()) {
    if (
      (t.status === 'open' || t.status === 'claimed') &&
      t.dueAt !== undefined &&
      (min === undefined || t.dueAt < min)
    )
      min = t.dueAt;
  }
  return min;
}

/** The dossier is past its appointment, or an open step or a call is past its deadline. */
export function anyOverdue(s: EngineState): boolean {
  if (s.dossier.overdue) return true;
  for (const t of s.tasks.byId.values())
    if ((t.status === 'open' || t.status === 'claimed') && t.overdue) return true;
  for (const c of s.calls.byActivation.values()) if (c.overdue) return true;
  return false;
}

export function snapshot(s: EngineState): DossierStateView {
  const d = s.dossier;
  return {
    workflowId: s.workflowId,
    dossierCode: s.input.dossierCode,
    status: d.status,
    nationalStatus: NATIONAL_STATUS[d.status],
    tokens: [...s.tokens.byId.values()].map((t) => ({ id: t.id, nodeId: t.nodeId, waiting: t.wait.kind })),
    openTasks: openTasks(s),
    pauses: s.pauses.list.map((p) => {
      const v: DossierStateView['pauses'][number] = {
        kind: p.kind,
        start: iso(p.start),
        reason: p.reason,
        actor: p.actor,
        missing: p.missing,
      };
      if (p.amount !== undefined) v.amount = p.amount;
      if (p.items !== undefined) v.items = p.items.map((i) => ({ ...i }));
      if (p.end !== undefined) v.end = iso(p.end);
      if (p.pausedWorkingMs !== undefined) v.pausedWorkingMs = p.pausedWorkingMs;
      return v;
    }),
    escalations: s.tasks.escalations.map((e) => ({
      id: e.id,
      taskId: e.taskId,
      nodeId: e.nodeId,
      toRole: e.toRole,
      reason: e.reason,
      actor: e.actor,
      auto: e.auto,
      at: iso(e.at),
    })),
    incidents: [...s.incidents.byId.values()].map((i) => {
      const v: IncidentView = {
        id: i.id,
        nodeId: i.nodeId,
        kind: i.kind,
        message: i.message,
        status: i.status,
        openedAt: iso(i.openedAt),
      };
      if (i.resolvedAt !== undefined) v.resolvedAt = iso(i.resolvedAt);
      return v;
    }),
    appointmentAt: isoOrNull(d.appointmentAt),
    originalAppointmentAt: isoOrNull(d.originalAppointmentAt),
    apologized: d.apologized,
    overdue: anyOverdue(s),
    finished: d.finished ? { ...d.finished } : null,
    payments: [...s.pauses.payments],
    timeline: s.outbox.timeline.map((e) => {
      const v: DossierStateView['timeline'][number] = {
        seq: e.seq,
        type: e.type,
        at: e.at,
        payload: e.payload,
      };
      if (e.nodeId !== undefined) v.nodeId = e.nodeId;
      if (e.actor !== undefined) v.actor = e.actor;
      return v;
    }),
  };
}
