/**
 * The console's only door to the server: the paths and the shapes of the API (api/routes/*.ts, OpenAPI at
 * /api/openapi.json) in one file. Errors (RFC 7807 problem documents) become ApiError with the Vietnamese and
 * English message, field problems and compiler diagnostics; the UI never sees a raw response.
 */
import type {
  AdministrativeLevel,
  Duration,
  LocalizedText,
  ProcedureIr,
  ProcedureMetadata,
} from '../../ir/index.js';
import type { Diagnostic, Severity } from './lib/index.js';

const enc = encodeURIComponent;
/** `?level=` when given: a code may exist at several levels (the API then asks for it). */
const lv = (level?: string) => (level ? `?level=${enc(level)}` : '');

export const ENDPOINTS = {
  health: '/healthz',
  signIn: '/api/auth/token',
  me: '/api/auth/me',
  procedures: '/api/procedures',
  validate: '/api/procedures/validate',
  drafts: '/api/procedures/drafts',
  procedure: (code: string, level?: string) => `/api/procedures/${enc(code)}${lv(level)}`,
  versions: (code: string, level?: string) => `/api/procedures/${enc(code)}/versions${lv(level)}`,
  version: (code: string, v: number, level?: string) =>
    `/api/procedures/${enc(code)}/versions/${v}${lv(level)}`,
  publish: (code: string, v: number, level?: string) =>
    `/api/procedures/${enc(code)}/versions/${v}/publish${lv(level)}`,
  retire: (code: string, level?: string) => `/api/procedures/${enc(code)}/retire${lv(level)}`,
  draftsOf: (code: string, level?: string) => `/api/procedures/${enc(code)}/drafts${lv(level)}`,
  agencies: '/api/agencies',
  durations: (code: string, level?: string) => `/api/procedures/${enc(code)}/durations${lv(level)}`,
} as const;

export interface HealthReport {
  status: 'ok' | 'degraded';
  components: Record<string, { state: 'ok' | 'down'; detail?: string }>;
}

export interface AgencyView {
  code: string;
  parentCode: string | null;
  level: string;
  names: { vi: string; en?: string };
  unitCode: string;
}

export interface Principal {
  userId: number;
  username: string;
  fullName: string;
  /** Each role is held for an agency (a duration editor edits its own agency's procedures). */
  roles: Array<{ role: string; agency: string }>;
}

export interface Session {
  accessToken: string;
  tokenType: 'Bearer';
  expiresAt: string;
  user: Principal;
}

export type ProcedureStatus = 'draft' | 'published' | 'retired';

export interface ProcedureSummary {
  id: number;
  code: string;
  level: AdministrativeLevel;
  names: LocalizedText;
  sector: string;
  agencyCode: string;
  status: ProcedureStatus;
  latestVersion: number | null;
  publishedVersion: number | null;
  publishedAt: string | null;
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export interface ProcedureQuery {
  q?: string;
  code?: string;
  sector?: string;
  level?: AdministrativeLevel;
  agency?: string;
  status?: ProcedureStatus;
  limit?: number;
  offset?: number;
}

export interface VersionSummary {
  id: number;
  version: number;
  status: ProcedureStatus;
  modelKind?: 'bpmn' | 'steps';
  irHash?: string | null;
  changeNote?: string | null;
  createdBy?: string | null;
  createdAt?: string | null;
  publishedAt?: string | null;
  publishedBy?: string | null;
  metadata?: ProcedureMetadata;
}

export interface VersionDetail extends VersionSummary {
  procedure: ProcedureSummary;
  metadata: ProcedureMetadata;
  /** The BPMN XML or the steps.json text. */
  modelSource: string;
  ir: ProcedureIr | null;
}

export interface ProcedureDetail extends ProcedureSummary {
  /** The latest published version (or the one asked for). */
  version: (VersionSummary & { ir: ProcedureIr | null }) | null;
}

export interface CheckResult {
  ok: boolean;
  hash?: string | null;
  diagnostics: Diagnostic[];
}

export interface DraftInput {
  metadata: ProcedureMetadata;
  modelKind: 'bpmn' | 'steps';
  modelSource: string;
  changeNote?: string;
}

/** A compiler diagnostic as the API sends it (message in both languages in one object). */
interface DiagnosticView {
  severity: Severity;
  code: string;
  message: { vi: string; en?: string };
  elementId?: string;
  path?: string;
  fix?: LocalizedText;
}

export function fromDiagnosticView(d: DiagnosticView): Diagnostic {
  const out: Diagnostic = {
    severity: d.severity,
    code: d.code,
    message: d.message.vi,
    messageEn: d.message.en ?? d.message.vi,
  };
  if (d.elementId !== undefined) out.elementId = d.elementId;
  if (d.path !== undefined) out.path = d.path;
  if (d.fix) out.fix = d.fix;
  return out;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly messageVi: string,
    readonly messageEn: string,
    readonly code?: string,
    /** Problems of single fields (`field` is a dotted path, e.g. "durations.Task_1"). */
    readonly fieldProblems: Array<{ field: string; message: LocalizedText }> = [],
    /** Compiler findings, when the request failed on them (draft-invalid, durations-invalid). */
    readonly diagnostics: Diagnostic[] = [],
  ) {
    super(messageEn);
  }
}

const TOKEN_KEY = 'motcua.token';
let token: string | undefined = sessionStorage.getItem(TOKEN_KEY) ?? undefined;
const tokenCleared = new Set<() => void>();

export function setToken(next: string | undefined): void {
  const had = token !== undefined;
  token = next;
  if (next) sessionStorage.setItem(TOKEN_KEY, next);
  else sessionStorage.removeItem(TOKEN_KEY);
  if (had && !next) for (const l of tokenCleared) l();
}

/** Be told when the token goes away (sign-out, or a 401 from an expired token). */
export function onTokenCleared(listener: () => void): () => void {
  tokenCleared.add(listener);
  return () => tokenCleared.delete(listener);
}

/** The bearer token, for calls the console makes itself (e.g. file downloads). */
export function authHeader(): Record<string, string> {
  return token ? { authorization: `Bearer ${token}` } : {};
}

export function isSignedIn(): boolean {
  return token !== undefined;
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
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
    if (res.status === 401) setToken(undefined);
    throw toApiError(res.status, data);
  }
  return data as T;
}

/** Reads the API's problem documents: `{ code, message: { vi, en }, errors?, diagnostics? }`. */
function toApiError(status: number, data: unknown): ApiError {
  const body = (data && typeof data === 'object' ? data : {}) as Record<string, unknown>;
  const message = (
    body.message && typeof body.message === 'object' ? body.message : {}
  ) as Partial<LocalizedText>;
  const vi = message.vi ?? (status === 404 ? 'Không tìm thấy.' : `Máy chủ trả lỗi ${status}.`);
  const en = message.en ?? (status === 404 ? 'Not found.' : `The server answered ${status}.`);
  const fields = Array.isArray(body.errors)
    ? (body.errors as Array<{ field: string; message: LocalizedText }>)
    : [];
  const diagnostics = Array.isArray(body.diagnostics)
    ? (body.diagnostics as DiagnosticView[]).map(fromDiagnosticView)
    : [];
  return new ApiError(
    status,
    vi,
    en,
    typeof body.code === 'string' ? body.code : undefined,
    fields,
    diagnostics,
  );
}

const withDiagnostics = <T extends { diagnostics?: DiagnosticView[] }>(r: T) => ({
  ...r,
  diagnostics: (r.diagnostics ?? []).map(fromDiagnosticView),
});

export const api = {
  health: () => request<HealthReport>('GET', ENDPOINTS.health),
  signIn: async (username: string, password: string): Promise<Session> => {
    const s = await request<Session>('POST', ENDPOINTS.signIn, { username, password });
    setToken(s.accessToken);
    return s;
  },
  signOut: () => setToken(undefined),
  me: () => request<Principal>('GET', ENDPOINTS.me),
  agencies: () => request<{ items: AgencyView[] }>('GET', ENDPOINTS.agencies),
  /** Drafts of a procedure (publishers and duration editors of its agency). */
  listDrafts: (code: string, level?: string) =>
    request<{ procedure: ProcedureSummary; items: VersionSummary[] }>('GET', ENDPOINTS.draftsOf(code, level)),
  listProcedures: (query: ProcedureQuery = {}) => {
    const params = new URLSearchParams(
      Object.entries(query)
        .filter(([, v]) => v !== undefined && v !== '')
        .map(([k, v]) => [k, String(v)]),
    );
    return request<Page<ProcedureSummary>>('GET', `${ENDPOINTS.procedures}?${params.toString()}`);
  },
  getProcedure: (code: string, level?: string) =>
    request<ProcedureDetail>('GET', ENDPOINTS.procedure(code, level)),
  listVersions: (code: string, level?: string) =>
    request<{ procedure: ProcedureSummary; items: VersionSummary[] }>('GET', ENDPOINTS.versions(code, level)),
  getVersion: (code: string, version: number, level?: string) =>
    request<VersionDetail>('GET', ENDPOINTS.version(code, version, level)),
  /** Compile without saving: diagnostics (and the hash when it compiles). */
  validate: async (draft: DraftInput): Promise<CheckResult> =>
    withDiagnostics(
      await request<{ ok: boolean; hash: string | null; diagnostics: DiagnosticView[] }>(
        'POST',
        ENDPOINTS.validate,
        draft,
      ),
    ),
  createDraft: async (draft: DraftInput) =>
    withDiagnostics(
      await request<VersionSummary & { ok: boolean; diagnostics: DiagnosticView[] }>(
        'POST',
        ENDPOINTS.drafts,
        draft,
      ),
    ),
  updateDraft: async (code: string, version: number, draft: DraftInput, level?: string) =>
    withDiagnostics(
      await request<VersionSummary & { ok: boolean; diagnostics: DiagnosticView[] }>(
        'PUT',
        ENDPOINTS.version(code, version, level),
        draft,
      ),
    ),
  deleteDraft: (code: string, version: number, level?: string) =>
    request<void>('DELETE', ENDPOINTS.version(code, version, level)),
  publish: (code: string, version: number, changeNote: string, level?: string) =>
    request<{ code: string; level: string; version: number; irHash: string; status: 'published' }>(
      'POST',
      ENDPOINTS.publish(code, version, level),
      { changeNote },
    ),
  retire: (code: string, reason: string, level?: string) =>
    request<{ status: 'retired' }>('POST', ENDPOINTS.retire(code, level), { reason }),
  /** A department's duration edit: step id → new duration; published as a new version after compiling. */
  saveDurations: (
    code: string,
    durations: Record<string, Duration>,
    changeNote: string,
    level?: string,
    warningThresholds: Record<string, number> = {},
  ) =>
    request<{ version: number; changed: boolean; irHash: string }>('POST', ENDPOINTS.durations(code, level), {
      durations,
      ...(Object.keys(warningThresholds).length ? { warningThresholds } : {}),
      changeNote,
    }),
};
