/**
 * The operations screens' calls to the API (api/routes: dossiers, tasks, intake slips, stats, supervision, public).
 * Same token and error shape as ../api-client.ts; uploads go through XMLHttpRequest for progress events.
 */
import { ApiError, authHeader, setToken } from '../api-client.js';

type Body = Record<string, unknown>;

function toError(status: number, data: unknown): ApiError {
  const body = (data && typeof data === 'object' ? data : {}) as Body;
  const m = (body.message && typeof body.message === 'object' ? body.message : {}) as {
    vi?: string;
    en?: string;
  };
  const fields = Array.isArray(body.errors)
    ? (body.errors as Array<{ field: string; message: { vi: string; en?: string } }>)
    : [];
  const detail = fields.map((f) => `${f.field}: ${f.message.vi}`).join('; ');
  const detailEn = fields.map((f) => `${f.field}: ${f.message.en ?? f.message.vi}`).join('; ');
  const vi = (m.vi ?? `Máy chủ trả lỗi ${status}.`) + (detail ? ` — ${detail}` : '');
  const en = (m.en ?? `The server answered ${status}.`) + (detailEn ? ` — ${detailEn}` : '');
  return new ApiError(status, vi, en, typeof body.code === 'string' ? body.code : undefined, fields);
}

export async function call<T>(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  const h: Record<string, string> = { accept: 'application/json', ...authHeader(), ...headers };
  if (body !== undefined) h['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: h,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'Không kết nối được máy chủ.', 'Cannot reach the server.');
  }
  const text = await res.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (!res.ok) {
    if (res.status === 401 && authHeader().authorization) setToken(undefined);
    throw toError(res.status, data);
  }
  return data as T;
}

/**
 * A multipart file-field name the API accepts (it is the component id: a letter or digit, then letters, digits,
 * "_", "." or "-", at most 64) made from a file's name, e.g. "Giấy phép (bản ký).pdf" → "Giay_phep_ban_ky_.pdf".
 */
export function fileField(name: string, fallback = 'tep'): string {
  const ascii = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, (c) => (c === 'đ' ? 'd' : 'D'))
    .replace(/[^A-Za-z0-9_.-]+/g, '_')
    .replace(/^[^A-Za-z0-9]+/, '');
  return (ascii || fallback).slice(0, 64);
}

/** Multipart POST with upload progress (0..1). */
export function upload<T>(
  path: string,
  form: FormData,
  onProgress: (fraction: number) => void,
  headers: Record<string, string> = {},
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    for (const [k, v] of Object.entries({ ...authHeader(), ...headers })) xhr.setRequestHeader(k, v);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onerror = () => reject(new ApiError(0, 'Không kết nối được máy chủ.', 'Cannot reach the server.'));
    xhr.onload = () => {
      let data: unknown;
      try {
        data = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        data = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve(data as T);
      } else reject(toError(xhr.status, data));
    };
    xhr.send(form);
  });
}

/**
 * Fetches a printable PDF slip (GET, or POST with a JSON body) and opens it in a new tab for printing.
 * Returns its size in bytes.
 */
export async function openPdf(path: string, body?: unknown): Promise<number> {
  const headers: Record<string, string> = { accept: 'application/pdf', ...authHeader() };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, {
    method: body === undefined ? 'GET' : 'POST',
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) {
    let data: unknown;
    try {
      data = await res.json();
    } catch {
      data = undefined;
    }
    throw toError(res.status, data);
  }
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  window.open(url, '_blank');
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return blob.size;
}

// ---------------------------------------------------------------------------------------------------------------
// Shapes (api/views.ts, api/routes/supervision.ts)
// ---------------------------------------------------------------------------------------------------------------

export interface Text {
  vi: string;
  en?: string;
}
export interface TaskItem {
  workflowId: string;
  taskId: string;
  nodeId: string;
  name: Text;
  role: string;
  agencyCode: string;
  assignee: string | null;
  status: 'open' | 'claimed' | 'completed' | 'cancelled';
  outcome: string | null;
  openedAt: string;
  warnAt: string | null;
  dueAt: string | null;
  completedAt: string | null;
  overdue: boolean;
  dossierCode?: string;
  procedureCode?: string;
  dossierAppointmentAt?: string | null;
  timing?: StepTiming | null;
}
/**
 * How a step compares with its deadline (store/inspection.ts): in WORKING time of the step agency's calendar —
 * nights, weekends and holidays left out — so `deltaMs` must not be read as clock time; show `label`.
 */
export interface StepTiming {
  state: 'early' | 'on-time' | 'late' | 'running' | string;
  /** Working ms from the deadline to the finish (or now): > 0 late, < 0 early / left. */
  deltaMs: number;
  unit: 'working-hour' | 'working-day';
  /** |deltaMs| in `unit`. */
  amount: number;
  workingHours: number;
  workingDays: number;
  msPerWorkingDay: number;
  /** Wall-clock difference, for reference only. */
  clockDeltaMs: number;
  calendarAgency: string;
  label: { vi: string; en: string };
}
/** Why the clocks stopped (national status 5: papers from the applicant; 6: a payment). */
export interface PauseItem {
  n: number;
  kind: 'supplement' | 'payment' | string;
  kindName?: Text | null;
  nationalStatus?: number | null;
  reason: string;
  actor: string;
  missing?: unknown;
  start: string;
  end: string | null;
  pausedWorkingMs?: number | null;
}
/** Whether the dossier's workflow task keeps failing (asked of Temporal when the inspector opens). */
export interface WorkflowTaskState {
  failing: boolean;
  attempt: number | null;
  cause: string | null;
  message: string | null;
  since: string | null;
  reason: { vi: string; en: string } | null;
}
export interface DossierView {
  code: string;
  procedureCode: string;
  procedureVersionId: number;
  agencyCode: string;
  channel: string;
  applicant: Record<string, string>;
  status: string;
  nationalStatus: number;
  currentStep: string | null;
  receivedAt: string;
  appointmentAt: string | null;
  finishedAt: string | null;
  outcome: string | null;
  classification: string | null;
  workflowId: string;
}
export interface DocumentItem {
  id: string;
  componentId: string | null;
  filename: string;
  contentType: string;
  size: number;
  uploadedBy: string | null;
  uploadedAt: string;
}
export interface EventItem {
  seq: number;
  type: string;
  nodeId: string | null;
  actor: string | null;
  payload: Record<string, unknown>;
  at: string;
}
export interface DossierDetail extends DossierView {
  documents: DocumentItem[];
  tasks: TaskItem[];
  events: EventItem[];
}
export interface OpenTaskState {
  taskId: string;
  nodeId: string;
  assignee: string | null;
  outcomes: string[];
}
export interface DossierState {
  status: string;
  tokens: Array<{ id: number; nodeId: string; waiting: string }>;
  openTasks: OpenTaskState[];
  incidents: Array<{
    id: string;
    nodeId: string;
    kind: string;
    message: string;
    status: string;
    openedAt: string;
  }>;
}
