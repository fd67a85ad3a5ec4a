import { dossierWorkflowId } from '../ir/index.js';
import type { AuditEntry } from './audit.js';
import { dossierDay } from './next-dossier-code.js';
import type { Db } from './types.js';

export interface NewDossier {
  id: string;
  /**
   * The dossier code, when the caller has one (imports, tests). Without it the statement numbers the dossier
   * itself: `codeUnit` names the unit whose daily sequence gives the number (see codeUnit).
   */
  code?: string;
  /**
   * Unit code for a code allocated inside the insert: `{unit}-{yymmdd}-{sequence}`, the day being the receipt day in
   * Vietnam. Allocated in the same transaction as the rows, so a filing that fails uses up no number.
   */
  codeUnit?: string;
  procedureVersionId: number;
  procedureCode: string;
  agencyCode: string;
  channel: string;
  applicant: unknown;
  data: unknown;
  status: string;
  nationalStatus: number;
  /** Default: dossierWorkflowId(code). */
  workflowId?: string;
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
  /** Written with target the dossier's code. */
  audit?: Omit<AuditEntry, 'targetType' | 'targetId'>;
}

/** What the statement gave each dossier, in the order of the items. */
export interface InsertedDossier {
  id: string;
  code: string;
  workflowId: string;
}

/**
 * A named (prepared) statement: PostgreSQL parses and plans this six-part statement once per connection instead of
 * on every filing. Parsing and planning it cost ≈ 0.9 ms, as much as executing it (filings arrive one or two per
 * batch at intake rates), so naming it halves PostgreSQL's CPU per filing (bench/intake). The text never changes,
 * which is what a name requires. Behind PgBouncer in transaction mode this needs its max_prepared_statements (1.21+).
 */
const INSERT_DOSSIERS_STATEMENT = 'motcua_insert_dossiers';

/**
 * Inserts dossiers with their idempotency keys, documents and audit entries in ONE statement: atomic without an
 * explicit transaction, one round trip and one commit however many dossiers (the intake path batches concurrent
 * filings through it). Dossiers without a code get the next numbers of their unit's daily sequence in the same
 * statement (no separate allocation round trip; the counter rows are locked in a fixed order, so concurrent
 * batches cannot deadlock). Every row travels in JSON parameters, so the statement text never changes. A unique
 * violation (code, idempotency key) leaves nothing behind — of any dossier of the batch, its numbers included.
 */
export async function insertDossiers({
  knex,
  items,
}: {
  knex: Db;
  items: DossierInsert[];
}): Promise<InsertedDossier[]> {
  if (items.length === 0) return [];
  const dossiers = items.map(({ dossier: d }, ord) => {
    if (!d.code && !d.codeUnit) throw new TypeError(`dossier ${d.id}: neither code nor codeUnit`);
    return {
      ord,
      id: d.id,
      code: d.code ?? null,
      unit_code: d.code ? null : d.codeUnit,
      day: d.code ? null : dossierDay(d.receivedAt),
      procedure_version_id: d.procedureVersionId,
      procedure_code: d.procedureCode,
      agency_code: d.agencyCode,
      channel: d.channel,
      applicant: d.applicant,
      data: d.data ?? {},
      status: d.status,
      national_status: d.nationalStatus,
      workflow_id: d.workflowId ?? null,
      received_at: d.receivedAt.toISOString(),
      due_at: d.dueAt ? d.dueAt.toISOString() : null,
      idempotency_key: d.idempotencyKey,
      request_hash: d.requestHash,
    };
  });
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
            dossier_id: dossier.id,
            actor: audit.actor,
            action: audit.action,
            new_value: audit.newValue === undefined ? null : audit.newValue,
            reason: audit.reason ?? null,
            request_id: audit.requestId ?? null,
          },
        ]
      : [],
  );
  const { rows } = (await knex
    .raw(
      `WITH x AS (
       SELECT * FROM jsonb_to_recordset(?::jsonb) AS x(
         ord int, id uuid, code text, unit_code text, day text, procedure_version_id bigint, procedure_code text,
         agency_code text, channel text, applicant jsonb, data jsonb, status text, national_status smallint,
         workflow_id text, received_at timestamptz, due_at timestamptz, idempotency_key text, request_hash text)),
     wanted AS (
       SELECT unit_code, day, count(*)::int AS n FROM x WHERE code IS NULL GROUP BY unit_code, day),
     seq AS (
       INSERT INTO dossier_code_sequences AS s (unit_code, day, last_seq)
       SELECT unit_code, day, n FROM wanted ORDER BY unit_code, day
       ON CONFLICT (unit_code, day) DO UPDATE SET last_seq = s.last_seq + excluded.last_seq
       RETURNING unit_code, day, last_seq),
     numbered AS (
       SELECT x.*, seq.last_seq - wanted.n
                   + row_number() OVER (PARTITION BY x.unit_code, x.day ORDER BY x.ord) AS n
         FROM x JOIN seq USING (unit_code, day) JOIN wanted USING (unit_code, day)
        WHERE x.code IS NULL),
     coded AS (
       SELECT x.*, COALESCE(x.code, numbered.unit_code || '-' || numbered.day || '-' ||
                            lpad(numbered.n::text, greatest(4, length(numbered.n::text)), '0')) AS final_code
         FROM x LEFT JOIN numbered USING (id)),
     d AS (
       INSERT INTO dossiers (id, code, procedure_version_id, procedure_code, agency_code, channel, applicant, data,
                             status, national_status, workflow_id, received_at, due_at, idempotency_key)
       SELECT id, final_code, procedure_version_id, procedure_code, agency_code, channel, applicant, data, status,
              national_status, COALESCE(workflow_id, ? || final_code), received_at, due_at, idempotency_key
         FROM coded
       RETURNING id, code, workflow_id),
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
       SELECT z.actor, z.action, 'dossier', d.code, NULL, z.new_value, z.reason, z.request_id
         FROM jsonb_to_recordset(?::jsonb) AS z(dossier_id uuid, actor text, action text, new_value jsonb,
                                                 reason text, request_id text)
         JOIN d ON d.id = z.dossier_id)
     SELECT id, code, workflow_id FROM d`,
      [JSON.stringify(dossiers), dossierWorkflowId(''), JSON.stringify(documents), JSON.stringify(audits)],
    )
    .options({ name: INSERT_DOSSIERS_STATEMENT })) as {
    rows: Array<{ id: string; code: string; workflow_id: string }>;
  };
  const byId = new Map(rows.map((r) => [r.id, r]));
  return items.map(({ dossier }) => {
    const r = byId.get(dossier.id)!;
    return { id: r.id, code: r.code, workflowId: r.workflow_id };
  });
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
}): Promise<InsertedDossier> {
  return (await insertDossiers({ knex, items: [{ dossier, documents, ...(audit ? { audit } : {}) }] }))[0]!;
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
