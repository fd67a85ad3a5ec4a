/** The table rows a batch carries: the engine's records as the projection writes them. */
import { NATIONAL_STATUS } from '../../ir/index.js';
import type { DossierPatch, EscalationRow, IncidentRow, PauseRow, TaskRow } from '../activity-contract.js';
import { iso, isoOrNull, type EngineState, type Incident, type Pause, type Task } from './state.js';
import { currentSteps } from './tokens.js';

export function taskRow(s: EngineState, task: Task): TaskRow {
  const row: TaskRow = {
    taskId: task.taskId,
    nodeId: task.node.id,
    nameVi: task.node.name.vi,
    nameEn: task.node.name.en ?? null,
    role: task.node.role,
    agency: task.agency,
    assignee: task.assignee,
    status: task.status,
    outcome: task.outcome,
    openedAt: iso(task.openedAt),
    warnAt: isoOrNull(task.warnAt),
    dueAt: isoOrNull(task.dueAt),
    completedAt: isoOrNull(task.completedAt),
    overdue: task.overdue,
    outcomes: task.node.outcomes,
  };
  const key = s.tasks.deadlineKeys.get(task.taskId);
  if (key && task.dueAt === undefined) row.deadlineKey = key;
  return row;
}

export function pauseRow(p: Pause): PauseRow {
  return {
    n: p.n,
    reason: p.reason,
    actor: p.actor,
    missing: p.missing,
    startedAt: iso(p.start),
    endedAt: isoOrNull(p.end),
    pausedWorkingMs: p.pausedWorkingMs ?? null,
  };
}

export function escalationRow(s: EngineState, id: string): EscalationRow {
  const e = s.tasks.escalations.find((x) => x.id === id)!;
  return {
    escalationId: e.id,
    taskId: e.taskId,
    nodeId: e.nodeId,
    toRole: e.toRole,
    agency: e.agency,
    reason: e.reason,
    actor: e.actor,
    auto: e.auto,
    at: iso(e.at),
  };
}

export function incidentRow(i: Incident): IncidentRow {
  return {
    incidentId: i.id,
    nodeId: i.nodeId,
    kind: i.kind,
    message: i.message,
    status: i.status,
    openedAt: iso(i.openedAt),
    resolvedAt: isoOrNull(i.resolvedAt),
  };
}

export function dossierPatch(s: EngineState): DossierPatch {
  return {
    status: s.dossier.status,
    nationalStatus: NATIONAL_STATUS[s.dossier.status],
    currentStep: currentSteps(s).join(',').slice(0, 128) || null,
    ...s.outbox.dossierExtra,
  };
}
