/**
 * The console's only door to the server. Every endpoint path is in ENDPOINTS and every response type is named
 * here, so wiring the procedures API (being written) means filling in paths and shapes in this one file.
 * Errors become ApiError with a Vietnamese and an English message; the UI never sees a raw response.
 */
import type { ProcedureIr, ProcedureMetadata, Role } from '../../ir/index.js';
import type { Diagnostic } from './lib/index.js';

export const ENDPOINTS = {
  health: '/healthz',
  signIn: '/api/auth/sign-in',
  signOut: '/api/auth/sign-out',
  me: '/api/auth/me',
  procedures: '/api/procedures',
  procedure: (code: string) => `/api/procedures/${encodeURIComponent(code)}`,
  draft: (code: string) => `/api/procedures/${encodeURIComponent(code)}/draft`,
  validate: (code: string) => `/api/procedures/${encodeURIComponent(code)}/draft/validate`,
  publish: (code: string) => `/api/procedures/${encodeURIComponent(code)}/publish`,
  durations: (code: string) => `/api/procedures/${encodeURIComponent(code)}/durations`,
  versions: (code: string) => `/api/procedures/${encodeURIComponent(code)}/versions`,
  version: (code: string, v: number) => `/api/procedures/${encodeURIComponent(code)}/versions/${v}`,
  retire: (code: string, v: number) => `/api/procedures/${encodeURIComponent(code)}/versions/${v}/retire`,
  exportBpmn: (code: string, v: number) => `/api/procedures/${encodeURIComponent(code)}/versions/${v}/process.bpmn`,
  exportMetadata: (code: string, v: number) => `/api/procedures/${encodeURIComponent(code)}/versions/${v}/procedure.json`,
  compile: '/api/compile',
} as const;

export interface HealthReport {
  status: 'ok' | 'degraded';
  components: Record<string, { state: 'ok' | 'down'; detail?: string }>;
}

export interface Session {
  username: string;
  displayName?: string;
  roles: Role[];
  /** Agency of a department's duration editor. */
  agency?: string;
  token?: string;
}

export type ProcedureStatus = 'draft' | 'published' | 'retired';

export interface ProcedureSummary {
  code: string;
  names: ProcedureMetadata['names'];
  sector: string;
  level: ProcedureMetadata['level'];
  agency: string;
  status: ProcedureStatus;
  version?: number;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface ProcedureQuery {
  q?: string;
  sector?: string;
  level?: string;
  agency?: string;
  status?: ProcedureStatus;
  page?: number;
  pageSize?: number;
}

export interface VersionSummary {
  version: number;
  status: ProcedureStatus;
  hash?: string;
  note?: string;
  publishedAt?: string;
  publishedBy?: string;
}

export interface VersionDetail extends VersionSummary {
  metadata: ProcedureMetadata;
  /** The BPMN of the version (absent for a step-list model). */
  bpmn?: string;
  ir?: ProcedureIr;
}

export interface ProcedureDetail {
  summary: ProcedureSummary;
  versions: VersionSummary[];
  draft?: { metadata: ProcedureMetadata; bpmn?: string; diagnostics?: Diagnostic[] };
}

export interface CheckResult {
  ok: boolean;
  diagnostics: Diagnostic[];
  hash?: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly messageVi: string,
    readonly messageEn: string,
    readonly code?: string,
    readonly diagnostics: Diagnostic[] = [],
  ) {
    super(messageEn);
  }
}

let token: string | undefined = sessionStorage.getItem('motcua.token') ?? undefined;

export function setToken(next: string | undefined): void {
  token = next;
  if (next) sessionStorage.setItem('motcua.token', next);
  else sessionStorage.removeItem('motcua.token');
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
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
  if (!res.ok) throw toApiError(res.status, data);
  return data as T;
}

/** Accepts `{ error: { code, message, messageEn } }`, `{ message, messageEn }` and `{ diagnostics }` bodies. */
function toApiError(status: number, data: unknown): ApiError {
  const body = (data && typeof data === 'object' ? data : {}) as Record<string, unknown>;
  const err = (body.error && typeof body.error === 'object' ? body.error : body) as Record<string, unknown>;
  const vi = typeof err.message === 'string' ? err.message : status === 404 ? 'Chức năng chưa có trên máy chủ.' : `Máy chủ trả lỗi ${status}.`;
  const en = typeof err.messageEn === 'string' ? err.messageEn : status === 404 ? 'Not available on the server.' : `The server answered ${status}.`;
  const diagnostics = Array.isArray(body.diagnostics) ? (body.diagnostics as Diagnostic[]) : [];
  return new ApiError(status, vi, en, typeof err.code === 'string' ? err.code : undefined, diagnostics);
}

export const api = {
  health: () => request<HealthReport>('GET', ENDPOINTS.health),
  signIn: async (username: string, password: string) => {
    const s = await request<Session>('POST', ENDPOINTS.signIn, { username, password });
    setToken(s.token);
    return s;
  },
  signOut: async () => {
    await request<void>('POST', ENDPOINTS.signOut).catch(() => undefined);
    setToken(undefined);
  },
  me: () => request<Session>('GET', ENDPOINTS.me),
  listProcedures: (query: ProcedureQuery = {}) => {
    const params = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => [k, String(v)]));
    return request<Page<ProcedureSummary>>('GET', `${ENDPOINTS.procedures}?${params.toString()}`);
  },
  getProcedure: (code: string) => request<ProcedureDetail>('GET', ENDPOINTS.procedure(code)),
  getVersion: (code: string, version: number) => request<VersionDetail>('GET', ENDPOINTS.version(code, version)),
  saveDraft: (code: string, draft: { metadata: ProcedureMetadata; bpmn: string }) => request<CheckResult>('PUT', ENDPOINTS.draft(code), draft),
  validateDraft: (code: string) => request<CheckResult>('POST', ENDPOINTS.validate(code)),
  publish: (code: string, note: string) => request<VersionSummary>('POST', ENDPOINTS.publish(code), { note }),
  saveDurations: (code: string, bpmn: string, note: string) => request<VersionSummary>('POST', ENDPOINTS.durations(code), { bpmn, note }),
  retire: (code: string, version: number) => request<VersionSummary>('POST', ENDPOINTS.retire(code, version)),
  /** Check a model (and metadata) without saving: diagnostics only. */
  compile: (input: { metadata?: ProcedureMetadata; bpmn: string }) => request<CheckResult>('POST', ENDPOINTS.compile, input),
  exportUrls: (code: string, version: number) => ({ bpmn: ENDPOINTS.exportBpmn(code, version), metadata: ENDPOINTS.exportMetadata(code, version) }),
};
