import type { AuditEntry } from './audit.js';
import type { Db } from './types.js';

export interface NewDossier {
  id: string;
  code: string;
  procedureVersionId: number;
  procedureCode: string;
  agencyCode: string;
  channel: string;
  applicant: unknown;
  data: unknown;
  status: string;
  nationalStatus: number;
  workflowId: string;
  receivedAt: Date;
  dueAt: Date | null;
  idempotencyKey: string | null;
  requestHash: string | null;
}

export interface NewDocument {
  id: string;
  componentId: string | null;
  objectKey: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  uploadedBy: string | null;
}

/**
 * Inserts a dossier with its idempotency key, documents and audit entry in ONE statement (so atomic without an
 * explicit transaction, and one round trip on the hot intake path). A unique violation (code, idempotency key)
 * leaves nothing behind.
 */
export async function insertDossier({
  knex,
  dossier,
  documents,
  audit,
}: {
  knex: Db;
  dossier: NewDossier;
  documents: NewDocument[];
  audit?: Omit<AuditEntry, 'targetType' | 'targetId'>;
}): Promise<void> {
  await knex.raw(
    `WITH d AS (
       INSERT INTO dossiers (id, code, procedure_version_id, procedure_code, agency_code, channel, applicant, data,
                             status, national_status, workflow_id, received_at, due_at, idempotency_key)
       VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?, ?)
       RETURNING id, code),
     k AS (
       INSERT INTO idempotency_keys (key, request_hash, dossier_id)
       SELECT ?::text, ?::text, d.id FROM d WHERE ?::text IS NOT NULL AND ?::text IS NOT NULL),
     docs AS (
       INSERT INTO documents (id, dossier_id, component_id, object_key, filename, content_type, size, sha256, uploaded_by)
       SELECT x.id, d.id, x.component_id, x.object_key, x.filename, x.content_type, x.size, x.sha256, x.uploaded_by
         FROM d, jsonb_to_recordset(?::jsonb) AS x(id uuid, component_id text, object_key text, filename text,
                                                    content_type text, size bigint, sha256 text, uploaded_by text)),
     a AS (
       INSERT INTO audit_log (actor, action, target_type, target_id, old_value, new_value, reason, request_id)
       SELECT ?::text, ?::text, 'dossier', d.code, NULL, ?::jsonb, ?::text, ?::text FROM d WHERE ?::text IS NOT NULL)
     SELECT 1`,
    [
      dossier.id,
      dossier.code,
      dossier.procedureVersionId,
      dossier.procedureCode,
      dossier.agencyCode,
      dossier.channel,
      JSON.stringify(dossier.applicant),
      JSON.stringify(dossier.data ?? {}),
      dossier.status,
      dossier.nationalStatus,
      dossier.workflowId,
      dossier.receivedAt,
      dossier.dueAt,
      dossier.idempotencyKey,
      dossier.idempotencyKey,
      dossier.requestHash,
      dossier.idempotencyKey,
      dossier.requestHash,
      JSON.stringify(
        documents.map((d) => ({
          id: d.id,
          component_id: d.componentId,
          object_key: d.objectKey,
          filename: d.filename,
          content_type: d.contentType,
          size: d.size,
          sha256: d.sha256,
          uploaded_by: d.uploadedBy,
        })),
      ),
      audit?.actor ?? null,
      audit?.action ?? null,
      audit?.newValue === undefined ? null : JSON.stringify(audit.newValue),
      audit?.reason ?? null,
      audit?.requestId ?? null,
      audit?.actor ?? null,
    ],
  );
}

export async function insertDocuments({
  knex,
  dossierId,
  documents,
}: {
  knex: Db;
  dossierId: string;
  documents: NewDocument[];
}): Promise<void> {
  if (documents.length === 0) return;
  await knex('documents').insert(
    documents.map((d) => ({
      id: d.id,
      dossier_id: dossierId,
      component_id: d.componentId,
      object_key: d.objectKey,
      filename: d.filename,
      content_type: d.contentType,
      size: d.size,
      sha256: d.sha256,
      uploaded_by: d.uploadedBy,
    })),
  );
}
