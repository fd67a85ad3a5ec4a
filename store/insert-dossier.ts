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

/** Inserts a dossier, its documents and its idempotency key; call inside the intake transaction. */
export async function insertDossier({
  knex,
  dossier,
  documents,
}: {
  knex: Db;
  dossier: NewDossier;
  documents: NewDocument[];
}): Promise<void> {
  await knex('dossiers').insert({
    id: dossier.id,
    code: dossier.code,
    procedure_version_id: dossier.procedureVersionId,
    procedure_code: dossier.procedureCode,
    agency_code: dossier.agencyCode,
    channel: dossier.channel,
    applicant: JSON.stringify(dossier.applicant),
    data: JSON.stringify(dossier.data ?? {}),
    status: dossier.status,
    national_status: dossier.nationalStatus,
    workflow_id: dossier.workflowId,
    received_at: dossier.receivedAt,
    due_at: dossier.dueAt,
    idempotency_key: dossier.idempotencyKey,
  });
  if (dossier.idempotencyKey && dossier.requestHash) {
    await knex('idempotency_keys').insert({
      key: dossier.idempotencyKey,
      request_hash: dossier.requestHash,
      dossier_id: dossier.id,
    });
  }
  if (documents.length > 0) await insertDocuments({ knex, dossierId: dossier.id, documents });
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
