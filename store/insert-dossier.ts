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

export interface DossierInsert {
  dossier: NewDossier;
  documents: NewDocument[];
  audit?: Omit<AuditEntry, 'targetType' | 'targetId'>;
}

/**
 * Inserts dossiers with their idempotency keys, documents and audit entries in ONE statement: atomic without an
 * explicit transaction, one round trip and one commit however many dossiers (the intake path batches concurrent
 * filings through it). Every row travels in four JSON parameters, so the statement text never changes. A unique
 * violation (code, idempotency key) leaves nothing behind — of any dossier of the batch.
 */
export async function insertDossiers({ knex, items }: { knex: Db; items: DossierInsert[] }): Promise<void> {
  if (items.length === 0) return;
  const dossiers = items.map(({ dossier: d }) => ({
    id: d.id,
    code: d.code,
    procedure_version_id: d.procedureVersionId,
    procedure_code: d.procedureCode,
    agency_code: d.agencyCode,
    channel: d.channel,
    applicant: d.applicant,
    data: d.data ?? {},
    status: d.status,
    national_status: d.nationalStatus,
    workflow_id: d.workflowId,
    received_at: d.receivedAt.toISOString(),
    due_at: d.dueAt ? d.dueAt.toISOString() : null,
    idempotency_key: d.idempotencyKey,
    request_hash: d.requestHash,
  }));
  const documents = items.flatMap(({ dossier, documents: docs }) =>
    docs.map((d) => ({
      id: d.id,
      dossier_id: dossier.id,
      component_id: d.componentId,
      object_key: d.objectKey,
      filename: d.filename,
      content_type: d.contentType,
      size: d.size,
      sha256: d.sha256,
      uploaded_by: d.uploadedBy,
    })),
  );
  const audits = items.flatMap(({ dossier, audit }) =>
    audit
      ? [
          {
            actor: audit.actor,
            action: audit.action,
            target_id: dossier.code,
            new_value: audit.newValue === undefined ? null : audit.newValue,
            reason: audit.reason ?? null,
            request_id: audit.requestId ?? null,
          },
        ]
      : [],
  );
  await knex.raw(
    `WITH x AS (
       SELECT * FROM jsonb_to_recordset(?::jsonb) AS x(
         id uuid, code text, procedure_version_id bigint, procedure_code text, agency_code text, channel text,
         applicant jsonb, data jsonb, status text, national_status smallint, workflow_id text,
         received_at timestamptz, due_at timestamptz, idempotency_key text, request_hash text)),
     d AS (
       INSERT INTO dossiers (id, code, procedure_version_id, procedure_code, agency_code, channel, applicant, data,
                             status, national_status, workflow_id, received_at, due_at, idempotency_key)
       SELECT id, code, procedure_version_id, procedure_code, agency_code, channel, applicant, data, status,
              national_status, workflow_id, received_at, due_at, idempotency_key FROM x
       RETURNING id),
     k AS (
       INSERT INTO idempotency_keys (key, request_hash, dossier_id)
       SELECT x.idempotency_key, x.request_hash, d.id FROM x JOIN d ON d.id = x.id
        WHERE x.idempotency_key IS NOT NULL AND x.request_hash IS NOT NULL),
     docs AS (
       INSERT INTO documents (id, dossier_id, component_id, object_key, filename, content_type, size, sha256, uploaded_by)
       SELECT y.id, d.id, y.component_id, y.object_key, y.filename, y.content_type, y.size, y.sha256, y.uploaded_by
         FROM jsonb_to_recordset(?::jsonb) AS y(id uuid, dossier_id uuid, component_id text, object_key text,
                                                 filename text, content_type text, size bigint, sha256 text,
                                                 uploaded_by text)
         JOIN d ON d.id = y.dossier_id),
     a AS (
       INSERT INTO audit_log (actor, action, target_type, target_id, old_value, new_value, reason, request_id)
       SELECT z.actor, z.action, 'dossier', z.target_id, NULL, z.new_value, z.reason, z.request_id
         FROM jsonb_to_recordset(?::jsonb) AS z(actor text, action text, target_id text, new_value jsonb,
                                                 reason text, request_id text)
         WHERE EXISTS (SELECT 1 FROM d))
     SELECT 1`,
    [JSON.stringify(dossiers), JSON.stringify(documents), JSON.stringify(audits)],
  );
}

/** One dossier (see insertDossiers). */
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
  await insertDossiers({ knex, items: [{ dossier, documents, ...(audit ? { audit } : {}) }] });
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
