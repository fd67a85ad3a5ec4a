/** JSON shapes the API answers with (camelCase), built from store rows. */
import type {
  DocumentRow,
  DossierEventRow,
  DossierRow,
  ProcedureListItem,
  ProcedureRow,
  ProcedureVersionRow,
  TaskListItem,
  TaskRow,
} from '../store/index.js';

const iso = (d: Date | null | undefined): string | null => (d ? new Date(d).toISOString() : null);

export function dossierView(d: DossierRow) {
  return {
    id: d.id,
    code: d.code,
    procedureCode: d.procedure_code,
    procedureVersionId: d.procedure_version_id,
    agencyCode: d.agency_code,
    channel: d.channel,
    applicant: d.applicant,
    data: d.data,
    status: d.status,
    nationalStatus: d.national_status,
    currentStep: d.current_step,
    receivedAt: iso(d.received_at),
    appointmentAt: iso(d.due_at),
    finishedAt: iso(d.finished_at),
    outcome: d.outcome,
    classification: d.classification,
    workflowId: d.workflow_id,
    links: {
      self: `/api/dossiers/${encodeURIComponent(d.code)}`,
      receipt: `/api/dossiers/${encodeURIComponent(d.code)}/slips/receipt.pdf`,
    },
  };
}

export function documentView(d: DocumentRow, dossierCode: string) {
  const base = `/api/dossiers/${encodeURIComponent(dossierCode)}/documents/${d.id}`;
  return {
    id: d.id,
    componentId: d.component_id,
    filename: d.filename,
    contentType: d.content_type,
    size: Number(d.size),
    sha256: d.sha256,
    uploadedBy: d.uploaded_by,
    uploadedAt: iso(d.uploaded_at),
    links: { self: base, content: `${base}/content` },
  };
}

export function taskView(t: TaskRow | TaskListItem) {
  const item = t as Partial<TaskListItem>;
  return {
    workflowId: t.workflow_id,
    taskId: t.task_id,
    nodeId: t.node_id,
    name: { vi: t.name_vi, en: t.name_en ?? undefined },
    role: t.role,
    agencyCode: t.agency_code,
    assignee: t.assignee,
    status: t.status,
    outcome: t.outcome,
    openedAt: iso(t.opened_at),
    warnAt: iso(t.warn_at),
    dueAt: iso(t.due_at),
    completedAt: iso(t.completed_at),
    outcomes: t.outcomes ?? undefined,
    overdue:
      t.overdue ||
      (t.status !== 'completed' && t.status !== 'cancelled' && !!t.due_at && new Date(t.due_at) < new Date()),
    ...(item.dossier_code
      ? {
          dossierCode: item.dossier_code,
          procedureCode: item.procedure_code,
          dossierAppointmentAt: iso(item.dossier_due_at),
        }
      : {}),
    links: {
      claim: `/api/tasks/${encodeURIComponent(t.workflow_id)}/${encodeURIComponent(t.task_id)}/claim`,
      complete: `/api/tasks/${encodeURIComponent(t.workflow_id)}/${encodeURIComponent(t.task_id)}/complete`,
    },
  };
}

export function eventView(e: DossierEventRow) {
  return { seq: e.seq, type: e.type, nodeId: e.node_id, actor: e.actor, payload: e.payload, at: iso(e.at) };
}

export function procedureSummaryView(p: ProcedureListItem | ProcedureRow) {
  const item = p as Partial<ProcedureListItem>;
  return {
    id: p.id,
    code: p.code,
    level: p.level,
    names: { vi: p.name_vi, en: p.name_en ?? undefined },
    sector: p.sector,
    agencyCode: p.agency_code,
    status: p.status,
    latestVersion: p.latest_version,
    publishedVersion: item.published_version ?? null,
    publishedAt: iso(item.published_at),
    links: { self: `/api/procedures/${encodeURIComponent(p.code)}?level=${p.level}` },
  };
}

export function versionView(
  v: Partial<ProcedureVersionRow> & Pick<ProcedureVersionRow, 'id' | 'version' | 'status'>,
) {
  return {
    id: v.id,
    version: v.version,
    status: v.status,
    modelKind: v.model_kind,
    irHash: v.ir_hash,
    changeNote: v.change_note,
    createdBy: v.created_by,
    publishedAt: iso(v.published_at),
    publishedBy: v.published_by,
    createdAt: iso(v.created_at),
    ...(v.metadata !== undefined ? { metadata: v.metadata } : {}),
  };
}

/** Deterministic JSON (object keys sorted) for request hashes. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .sort()
    .filter((k) => obj[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`)
    .join(',')}}`;
}

/** Letters only Vietnamese uses (with its tone and vowel marks), to tell the Vietnamese half of a text. */
const VIETNAMESE_LETTER = /[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]/iu;
const readsVietnamese = (s: string) => VIETNAMESE_LETTER.test(s.normalize('NFC'));

/**
 * A stored one-line bilingual text, "tiếng Việt / English" (as the supervision scan writes reasons), as
 * `{ vi, en }`. Either half may itself hold " / " (a failure message repeated in both, e.g. "không rõ / unknown"):
 * with an odd number of separators the middle one splits (the halves mirror each other); with an even number, the
 * split whose left part reads Vietnamese and right part does not, the most balanced one first. A text without the
 * separator is the same in both languages.
 */
export function bilingualText(text: string): { vi: string; en: string } {
  const parts = text.split(' / ');
  if (parts.length === 1) return { vi: text, en: text };
  const at = (i: number) => ({ vi: parts.slice(0, i).join(' / '), en: parts.slice(i).join(' / ') });
  if (parts.length % 2 === 0) return at(parts.length / 2);
  let best = at(1);
  let bestScore = -Infinity;
  for (let i = 1; i < parts.length; i += 1) {
    const c = at(i);
    const score =
      (readsVietnamese(c.vi) ? 2 : 0) +
      (readsVietnamese(c.en) ? 0 : 2) -
      Math.abs(c.vi.length - c.en.length) / text.length;
    if (score > bestScore) {
      best = c;
      bestScore = score;
    }
  }
  return best;
}
