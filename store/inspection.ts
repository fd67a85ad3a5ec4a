/** What the dossier inspector reads from the projection: incidents, pauses, escalations and the audit trail. */
import type { AuditLogRow, Db } from './types.js';

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
export interface PauseRow {
  n: number;
  workflow_id: string;
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
