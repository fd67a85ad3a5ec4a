/**
 * The OpenAPI 3.1 document, built from the same JSON Schemas ajv validates requests with (schemas.ts). Every
 * endpoint is listed here with its roles, parameters, bodies, answers and examples; a test checks that each one
 * is routed and that every routed /api endpoint is listed.
 */
import type { SchemaObject } from 'ajv';
import * as S from './schemas.js';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

interface Op {
  method: Method;
  path: string;
  tag: string;
  summary: string;
  description?: string;
  /** Roles allowed ('public' = no token). */
  roles: string[] | 'public';
  query?: SchemaObject;
  body?: SchemaObject;
  multipart?: { field: string; schema: SchemaObject; files: string; example?: unknown };
  /** Successful status and what it returns. */
  ok: { status: number; description: string; example?: unknown; content?: string; schema?: SchemaObject };
  errors?: number[];
  pathDescriptions?: Record<string, string>;
}

const problemExample = {
  type: 'urn:motcua:problem:validation',
  title: 'Unprocessable Content',
  status: 422,
  detail:
    'Dữ liệu không hợp lệ: applicant.phone: phải có kiểu string / Invalid input: applicant.phone: must be of type string',
  code: 'validation',
  message: { vi: 'Dữ liệu không hợp lệ: ...', en: 'Invalid input: ...' },
  errors: [
    { field: 'applicant.phone', message: { vi: 'phải có kiểu string', en: 'must be of type string' } },
  ],
  instance: '/api/dossiers',
  requestId: '8f0e6a5c-1d7e-4a53-9a77-0d5c5b1f3e21',
};

const dossierExample = {
  id: '5b0c2f0e-9f4a-4d0e-8a8e-3c1b2a9d7e61',
  code: 'STP-261122-0001',
  procedureCode: 'MC.000001',
  procedureVersionId: 1,
  agencyCode: 'STP',
  channel: 'counter',
  applicant: {
    type: 'person',
    name: 'Nguyễn Văn An',
    idNumber: '038090001234',
    phone: '0912345678',
    address: '12 Lê Lợi, Thanh Hóa',
  },
  data: {},
  status: 'accepted',
  nationalStatus: 2,
  currentStep: null,
  receivedAt: '2026-11-22T02:45:00.000Z',
  appointmentAt: '2026-11-25T09:45:00.000Z',
  finishedAt: null,
  outcome: null,
  classification: null,
  workflowId: 'dossier-STP-261122-0001',
  links: {
    self: '/api/dossiers/STP-261122-0001',
    receipt: '/api/dossiers/STP-261122-0001/slips/receipt.pdf',
  },
  documents: [
    {
      id: '0d7d4c9e-6a43-4b8e-b0b5-5d1f9b7c2a10',
      componentId: 'don',
      filename: 'don.pdf',
      contentType: 'application/pdf',
      size: 48213,
      sha256: '9f2c1e5b0d6a4e7f8a1b2c3d4e5f60718293a4b5c6d7e8f90123456789abcdef',
      uploadedBy: 'tiepnhan1',
      uploadedAt: '2026-11-22T02:45:00.000Z',
      links: {
        self: '/api/dossiers/STP-261122-0001/documents/0d7d4c9e-6a43-4b8e-b0b5-5d1f9b7c2a10',
        content: '/api/dossiers/STP-261122-0001/documents/0d7d4c9e-6a43-4b8e-b0b5-5d1f9b7c2a10/content',
      },
    },
  ],
};

const taskExample = {
  workflowId: 'dossier-STP-261122-0001',
  taskId: 'receive#1',
  nodeId: 'receive',
  name: { vi: 'Tiếp nhận hồ sơ', en: 'Receive the dossier' },
  role: 'receptionist',
  agencyCode: 'STP',
  assignee: null,
  status: 'open',
  outcome: null,
  openedAt: '2026-11-22T02:45:01.000Z',
  warnAt: '2026-11-22T05:30:00.000Z',
  dueAt: '2026-11-22T06:30:00.000Z',
  completedAt: null,
  outcomes: ['accept'],
  overdue: false,
  dossierCode: 'STP-261122-0001',
  procedureCode: 'MC.000001',
  dossierAppointmentAt: '2026-11-25T09:45:00.000Z',
  links: {
    claim: '/api/tasks/dossier-STP-261122-0001/receive%231/claim',
    complete: '/api/tasks/dossier-STP-261122-0001/receive%231/complete',
  },
};

const updateResultExample = {
  workflowId: 'dossier-STP-261122-0001',
  taskId: 'receive#1',
  result: { status: 'in-progress', nationalStatus: 4, openTasks: [], seq: 7 },
};

/** A claim or reassignment answers with the task row (assignment is PostgreSQL's, not the workflow's). */
const assignmentExample = {
  workflowId: 'dossier-STP-261122-0001',
  taskId: 'receive#1',
  task: { ...taskExample, assignee: 'tiepnhan1', status: 'claimed' },
};

const dossierActionExample = {
  dossierCode: 'STP-261122-0001',
  result: { status: 'supplement-requested', nationalStatus: 5, openTasks: [], seq: 9 },
};

const procedureExample = {
  id: 1,
  code: 'MC.000001',
  level: 'province',
  names: { vi: 'Cấp bản sao trích lục hộ tịch', en: 'Issuing a copy of a civil-status extract' },
  sector: 'Hộ tịch',
  agencyCode: 'STP',
  status: 'published',
  latestVersion: 1,
  publishedVersion: 1,
  publishedAt: '2026-11-22T02:40:00.000Z',
  links: { self: '/api/procedures/MC.000001?level=province' },
};

const statsExample = {
  groupBy: 'agency',
  from: '2026-11-01',
  to: '2026-11-22',
  items: [
    {
      key: 'STP',
      received: 120,
      resolved: 98,
      early: 40,
      onTime: 50,
      late: 8,
      onTimeRate: 91.84,
      pending: 22,
      pendingOnTime: 20,
      pendingOverdue: 2,
      supplement: 3,
      waitingPayment: 1,
      refused: 1,
      withdrawn: 2,
      stopped: 0,
    },
  ],
  total: {
    key: 'total',
    received: 120,
    resolved: 98,
    early: 40,
    onTime: 50,
    late: 8,
    onTimeRate: 91.84,
    pending: 22,
    pendingOnTime: 20,
    pendingOverdue: 2,
    supplement: 3,
    waitingPayment: 1,
    refused: 1,
    withdrawn: 2,
    stopped: 0,
  },
};

const userExample = {
  id: 2,
  username: 'tiepnhan1',
  fullName: 'Lê Thị Bình',
  email: null,
  phone: null,
  active: true,
  roles: [{ role: 'receptionist', agency: 'STP' }],
  createdAt: '2026-11-22T02:00:00.000Z',
};
const versionExample = {
  id: 7,
  version: 2,
  status: 'draft',
  modelKind: 'steps',
  irHash: null,
  changeNote: 'Bản nháp đầu / first draft',
  createdBy: 'phapche1',
  publishedAt: null,
  publishedBy: null,
  createdAt: '2026-11-22T02:30:00.000Z',
};
const draftResultExample = {
  ...versionExample,
  code: 'MC.000099',
  level: 'province',
  ok: true,
  diagnostics: [],
};
const documentExample = dossierExample.documents[0]!;
const stateExample = {
  workflowId: 'dossier-STP-261122-0001',
  dossierCode: 'STP-261122-0001',
  status: 'in-progress',
  nationalStatus: 4,
  tokens: [{ id: 2, nodeId: 'approve', waiting: 'task' }],
  openTasks: [],
  pauses: [],
  escalations: [],
  incidents: [],
  appointmentAt: '2026-11-25T09:45:00.000Z',
  originalAppointmentAt: '2026-11-25T09:45:00.000Z',
  apologized: false,
  overdue: false,
  finished: null,
  payments: [],
  timeline: [],
};
const uploadedExample = {
  dossierCode: 'STP-261122-0001',
  documents: [
    { id: '4c1f7d2e-8b3a-4e59-9d61-2f0a7b5c3e18', componentId: 'cccd', sha256: '3b7e…', size: 120331 },
  ],
};
const scanResultExample = {
  scannedAt: '2026-11-22T03:00:00.000Z',
  open: 3,
  resolved: 1,
  byKind: { idle: 1, 'call-failed': 1, 'workflow-task-failing': 1 },
  workflowTasks: {
    probed: 501,
    failing: 1,
    errors: 0,
    notFound: 0,
    rotationWrapped: false,
    reportedProblemsQuery: 'unsupported',
  },
};
const stuckExample = {
  settings: { idleWorkingDays: 1 },
  lastScanAt: '2026-11-22T03:00:00.000Z',
  items: [
    {
      dossierCode: 'STP-261122-0001',
      workflowId: 'dossier-STP-261122-0001',
      agencyCode: 'STP',
      kind: 'call-failed',
      nodeId: 'notify',
      reason: 'HTTP 500 from https://lienthong.example.vn/hook',
      reasonText: {
        vi: 'HTTP 500 from https://lienthong.example.vn/hook',
        en: 'HTTP 500 from https://lienthong.example.vn/hook',
      },
      since: '2026-11-22T02:50:00.000Z',
      incidentId: 'inc-1',
      source: 'incident',
      procedureCode: 'MC.000001',
      status: 'in-progress',
      stepName: { vi: 'Gửi liên thông', en: 'Send to the partner system' },
      holders: [{ assignee: 'chuyenvien1', role: 'specialist', step: 'Thẩm định' }],
    },
    {
      dossierCode: 'STP-261122-0002',
      workflowId: 'dossier-STP-261122-0002',
      agencyCode: 'STP',
      kind: 'workflow-task-failing',
      nodeId: 'appraise',
      reason:
        'Tác vụ quy trình lỗi, đang thử lại lần 7 (mã quy trình không khớp lịch sử (triển khai lỗi?)): ' +
        '[TMPRL1100] Nondeterminism error — hồ sơ không tiến triển đến khi sửa mã hoặc dừng quy trình / ' +
        'Workflow task failing, attempt 7 (workflow code does not match its history (bad deploy?)): ' +
        '[TMPRL1100] Nondeterminism error — the dossier cannot move until the code is fixed or the workflow is ended',
      reasonText: {
        vi:
          'Tác vụ quy trình lỗi, đang thử lại lần 7 (mã quy trình không khớp lịch sử (triển khai lỗi?)): ' +
          '[TMPRL1100] Nondeterminism error — hồ sơ không tiến triển đến khi sửa mã hoặc dừng quy trình',
        en:
          'Workflow task failing, attempt 7 (workflow code does not match its history (bad deploy?)): ' +
          '[TMPRL1100] Nondeterminism error — the dossier cannot move until the code is fixed or the workflow is ended',
      },
      since: '2026-11-22T02:40:00.000Z',
      source: 'scan',
      procedureCode: 'MC.000001',
      status: 'in-progress',
      stepName: { vi: 'Thẩm định', en: 'Appraise' },
      holders: [{ assignee: 'chuyenvien1', role: 'specialist', step: 'Thẩm định' }],
    },
  ],
};
const deadlinesExample = {
  which: 'late',
  items: [
    {
      dossierCode: 'STP-261122-0001',
      procedureCode: 'MC.000001',
      agencyCode: 'STP',
      status: 'in-progress',
      appointmentAt: '2026-11-25T09:45:00.000Z',
      step: {
        taskId: 'approve#1',
        nodeId: 'approve',
        name: { vi: 'Phê duyệt', en: 'Approve' },
        assignee: 'lanhdao1',
        role: 'department-head',
        dueAt: '2026-11-24T09:45:00.000Z',
        warnAt: '2026-11-24T07:45:00.000Z',
      },
      dueAt: '2026-11-24T09:45:00.000Z',
      lateByMs: 7_200_000,
      reason: { vi: 'Bước "Phê duyệt" quá hạn', en: 'Step "Approve" is overdue' },
    },
  ],
};
const inspectExample = {
  dossier: { ...dossierExample, documents: undefined },
  procedure: {
    code: 'MC.000001',
    version: 1,
    names: { vi: 'Cấp bản sao trích lục hộ tịch', en: 'Issuing a copy of a civil-status extract' },
    modelKind: 'steps',
    bpmnXml: null,
    nodes: [{ id: 'receive', kind: 'userTask', name: { vi: 'Tiếp nhận hồ sơ', en: 'Receive the dossier' } }],
    flows: [{ id: 'f1', source: 'start', target: 'receive' }],
  },
  state: stateExample,
  stateError: null,
  // Asked of Temporal when the inspector opens: is the workflow task failing (the dossier then cannot move)?
  workflowTask: { failing: false, attempt: null, cause: null, message: null, since: null, reason: null },
  tasks: [
    {
      ...taskExample,
      // Rows of one dossier: no dossier fields (those are for inbox lists).
      dossierCode: undefined,
      procedureCode: undefined,
      dossierAppointmentAt: undefined,
      status: 'completed',
      outcome: 'done',
      completedAt: '2026-11-22T03:10:00.000Z',
      // Working time on the step agency's calendar (nights, weekends, holidays left out); clockDeltaMs for reference.
      timing: {
        state: 'early',
        deltaMs: -12_600_000,
        unit: 'working-hour',
        amount: 3.5,
        workingHours: -3.5,
        workingDays: -0.47,
        msPerWorkingDay: 27_000_000,
        clockDeltaMs: -15_000_000,
        calendarAgency: 'STP',
        label: { vi: 'Sớm 3,5 giờ làm việc', en: '3.5 working hours early' },
      },
    },
  ],
  events: [
    { seq: 1, type: 'received', nodeId: null, actor: null, payload: {}, at: '2026-11-22T02:45:01.000Z' },
  ],
  documents: [documentExample],
  incidents: [
    {
      id: 'inc-1',
      workflowId: 'dossier-STP-261122-0001',
      nodeId: 'notify',
      kind: 'call-failed',
      message: 'HTTP 500',
      status: 'open',
      openedAt: '2026-11-22T02:50:00.000Z',
      resolvedAt: null,
    },
  ],
  pauses: [
    {
      n: 1,
      kind: 'supplement',
      kindName: { vi: 'Chờ bổ sung hồ sơ', en: 'Waiting for supplementary papers' },
      nationalStatus: 5,
      reason: 'Thiếu bản sao / copy missing',
      actor: 'tiepnhan1',
      missing: ['Bản sao CCCD'],
      start: '2026-11-22T03:00:00.000Z',
      end: '2026-11-23T02:00:00.000Z',
      pausedWorkingMs: 28_800_000,
    },
  ],
  escalations: [],
  findings: [],
  audit: [
    {
      at: '2026-11-22T02:45:00.000Z',
      actor: 'tiepnhan1',
      action: 'dossier.intake',
      targetId: 'STP-261122-0001',
      reason: null,
      newValue: { procedureCode: 'MC.000001' },
    },
  ],
  temporal: {
    workflowId: 'dossier-STP-261122-0001',
    runId: '0193a7c4-5b2e-7d11-9f0e-6c3a2b1d4e5f',
    uiUrl:
      'http://127.0.0.1:8233/namespaces/default/workflows/dossier-STP-261122-0001/0193a7c4-5b2e-7d11-9f0e-6c3a2b1d4e5f/history',
  },
};
const historyExample = {
  workflowId: 'dossier-STP-261122-0001',
  total: 42,
  items: [
    {
      id: 1,
      at: '2026-11-22T02:45:01.000Z',
      type: 'WORKFLOW_EXECUTION_STARTED',
      what: { vi: 'Bắt đầu quy trình hồ sơ', en: 'Dossier workflow started' },
      detail: 'dossierWorkflow STP-261122-0001 IR 9f2c1e5b0d6a',
      nodeName: null,
    },
    {
      id: 18,
      at: '2026-11-22T02:50:00.000Z',
      type: 'WORKFLOW_EXECUTION_UPDATE_ACCEPTED',
      what: { vi: 'Hoàn thành bước', en: 'Completed the step' },
      nodeId: 'receive',
      actor: 'tiepnhan1',
      detail: 'outcome=done',
      nodeName: { vi: 'Tiếp nhận hồ sơ', en: 'Receive the dossier' },
    },
  ],
};
const EXAMPLES: Record<string, unknown> = {
  'post /api/users': userExample,
  'get /api/users/{username}': userExample,
  'patch /api/users/{username}': { ...userExample, roles: [{ role: 'specialist', agency: 'STP' }] },
  'put /api/agencies/{code}': {
    code: 'STP',
    level: 'province',
    names: { vi: 'Sở Tư pháp', en: 'Department of Justice' },
    unitCode: 'H15.01',
  },
  'get /api/procedures/{code}/versions': {
    procedure: procedureExample,
    items: [
      {
        ...versionExample,
        version: 1,
        status: 'published',
        irHash: '…',
        publishedAt: '2026-11-22T02:40:00.000Z',
        publishedBy: 'system',
      },
    ],
  },
  'get /api/procedures/{code}/drafts': { procedure: procedureExample, items: [versionExample] },
  'get /api/procedures/{code}/versions/{version}': {
    procedure: procedureExample,
    ...versionExample,
    modelSource: '{"steps":[...]}',
    ir: null,
  },
  'put /api/procedures/{code}/versions/{version}': draftResultExample,
  'post /api/procedures/drafts': draftResultExample,
  'post /api/procedures/{code}/retire': { code: 'MC.000001', level: 'province', status: 'retired' },
  'get /api/dossiers': { items: [dossierExample], total: 1, limit: 50, offset: 0 },
  'get /api/dossiers/{code}/state': stateExample,
  'get /api/dossiers/{code}/documents': { items: [documentExample] },
  'get /api/dossiers/{code}/documents/{docId}': {
    ...documentExample,
    url: 'http://127.0.0.1:9000/motcua-documents/documents/2026-11/0d7d…?X-Amz-Signature=…',
    urlExpiresInSeconds: 300,
  },
  'post /api/dossiers/{code}/supplement': uploadedExample,
  'post /api/dossiers/{code}/refuse': {
    dossierCode: 'STP-261122-0001',
    result: { status: 'not-accepted', nationalStatus: 3, openTasks: [], seq: 11 },
  },
  'post /api/dossiers/{code}/stop': {
    dossierCode: 'STP-261122-0001',
    result: { status: 'stopped', nationalStatus: 8, openTasks: [], seq: 11 },
  },
  'post /api/dossiers/{code}/apology': {
    dossierCode: 'STP-261122-0001',
    result: { status: 'in-progress', nationalStatus: 4, openTasks: [], seq: 12 },
  },
  'post /api/dossiers/{code}/incidents/{incidentId}/retry': {
    dossierCode: 'STP-261122-0001',
    result: { status: 'in-progress', nationalStatus: 4, openTasks: [], seq: 14 },
  },
  'post /api/dossiers/{code}/payment-request': {
    dossierCode: 'STP-261122-0001',
    result: { status: 'financial-obligation', nationalStatus: 6, openTasks: [], seq: 10 },
  },
  'post /api/dossiers/{code}/fees': {
    dossierCode: 'STP-261122-0001',
    receiptNo: 'BL-2026-000123',
    amount: 50000,
    paidAt: '2026-11-22T02:50:00.000Z',
  },
  'post /api/dossiers/{code}/results': {
    dossierCode: 'STP-261122-0001',
    documents: [{ ...documentExample, componentId: 'result:result', filename: 'ket-qua.pdf' }],
  },
  'post /api/tasks/{workflowId}/{taskId}/return': updateResultExample,
  'post /api/tasks/{workflowId}/{taskId}/reassign': updateResultExample,
  'post /api/tasks/{workflowId}/{taskId}/escalate': updateResultExample,
  'post /api/public/dossiers/{code}/supplement': uploadedExample,
  'post /api/public/dossiers/{code}/rating': { dossierCode: 'STP-261122-0001', score: 5 },
  'get /api/public/stats': {
    period: 'month',
    from: '2026-11-01',
    to: '2026-11-22',
    items: statsExample.items,
  },
};

const STAFF = ['receptionist', 'specialist', 'division-head', 'department-head', 'supervisor'];
const WORKERS = ['receptionist', 'specialist', 'division-head', 'department-head'];
const LEADERS = ['division-head', 'department-head', 'supervisor'];
const STATS = ['supervisor', 'department-head', 'division-head', 'admin'];
const pdf = (what: string) => ({ status: 200, description: `${what} (PDF)`, content: 'application/pdf' });

const OPS: Op[] = [
  // Auth and accounts
  {
    method: 'post',
    path: '/api/auth/token',
    tag: 'Accounts',
    summary: 'Đăng nhập / Sign in (bearer token)',
    roles: 'public',
    body: S.signInSchema,
    ok: {
      status: 200,
      description: 'token',
      example: {
        accessToken: 'eyJhbGciOiJIUzI1NiJ9...',
        tokenType: 'Bearer',
        expiresAt: '2026-11-22T10:45:00.000Z',
        user: { userId: 1, username: 'admin', fullName: 'Quản trị', roles: [{ role: 'admin', agency: '*' }] },
      },
    },
    errors: [401, 422, 429],
  },
  {
    method: 'get',
    path: '/api/auth/me',
    tag: 'Accounts',
    summary: 'Người đang đăng nhập / The signed-in user',
    roles: [...STAFF, 'publisher', 'duration-editor', 'admin'],
    ok: {
      status: 200,
      description: 'principal',
      example: {
        userId: 2,
        username: 'tiepnhan1',
        fullName: 'Lê Thị Bình',
        roles: [{ role: 'receptionist', agency: 'STP' }],
      },
    },
    errors: [401],
  },
  {
    method: 'post',
    path: '/api/auth/password',
    tag: 'Accounts',
    summary: 'Đổi mật khẩu / Change password (signs out other tokens)',
    roles: [...STAFF, 'publisher', 'duration-editor', 'admin'],
    body: S.passwordChangeSchema,
    ok: { status: 204, description: 'changed' },
    errors: [401, 422],
  },
  {
    method: 'get',
    path: '/api/users',
    tag: 'Accounts',
    summary: 'Danh sách người dùng / List users',
    roles: ['admin'],
    query: S.userListQuery,
    ok: {
      status: 200,
      description: 'page of users',
      example: {
        items: [
          {
            id: 2,
            username: 'tiepnhan1',
            fullName: 'Lê Thị Bình',
            email: null,
            phone: null,
            active: true,
            roles: [{ role: 'receptionist', agency: 'STP' }],
            createdAt: '2026-11-22T02:00:00.000Z',
          },
        ],
        total: 1,
        limit: 50,
        offset: 0,
      },
    },
    errors: [401, 403, 422],
  },
  {
    method: 'post',
    path: '/api/users',
    tag: 'Accounts',
    summary: 'Tạo người dùng với vai trò theo cơ quan / Create a user with agency-scoped roles',
    roles: ['admin'],
    body: S.userCreateSchema,
    ok: { status: 201, description: 'created user' },
    errors: [401, 403, 409, 422],
  },
  {
    method: 'get',
    path: '/api/users/{username}',
    tag: 'Accounts',
    summary: 'Xem người dùng / Get a user',
    roles: ['admin'],
    ok: { status: 200, description: 'user' },
    errors: [401, 403, 404],
  },
  {
    method: 'patch',
    path: '/api/users/{username}',
    tag: 'Accounts',
    summary: 'Sửa người dùng, vai trò, khóa tài khoản / Update a user, roles, deactivate',
    roles: ['admin'],
    body: S.userUpdateSchema,
    ok: { status: 200, description: 'updated user' },
    errors: [401, 403, 404, 422],
  },
  {
    method: 'get',
    path: '/api/agencies',
    tag: 'Accounts',
    summary: 'Cây cơ quan / The agency tree',
    roles: 'public',
    ok: {
      status: 200,
      description: 'agencies',
      example: {
        items: [
          {
            code: 'STP',
            parentCode: null,
            level: 'province',
            names: { vi: 'Sở Tư pháp', en: 'Department of Justice' },
            unitCode: 'STP',
          },
        ],
      },
    },
  },
  {
    method: 'put',
    path: '/api/agencies/{code}',
    tag: 'Accounts',
    summary: 'Tạo/sửa cơ quan / Create or update an agency',
    roles: ['admin'],
    body: S.agencyUpsertSchema,
    ok: { status: 200, description: 'saved (201 when created)' },
    errors: [401, 403, 422],
  },
  {
    method: 'get',
    path: '/api/audit',
    tag: 'Accounts',
    summary: 'Nhật ký kiểm toán (chỉ ghi thêm) / Append-only audit log',
    roles: ['admin', 'supervisor'],
    query: S.auditQuery,
    ok: {
      status: 200,
      description: 'page of entries',
      example: {
        items: [
          {
            id: 10,
            at: '2026-11-22T02:45:00.000Z',
            actor: 'tiepnhan1',
            action: 'dossier.intake',
            targetType: 'dossier',
            targetId: 'STP-261122-0001',
            oldValue: null,
            newValue: { procedureCode: 'MC.000001' },
            reason: null,
            requestId: '8f0e...',
          },
        ],
        total: 1,
        limit: 50,
        offset: 0,
      },
    },
    errors: [401, 403],
  },

  // Procedures
  {
    method: 'get',
    path: '/api/procedures',
    tag: 'Procedures',
    summary: 'Tra cứu thủ tục (mã, tên, lĩnh vực, cấp, cơ quan) / Search the catalog',
    roles: 'public',
    description:
      'Lọc theo cơ quan: `agency=STP` chỉ thủ tục của STP; `agency=STP&agencyScope=subtree` gồm cả các cơ quan ' +
      'trực thuộc STP (cây cơ quan); nhiều mã cách nhau bằng dấu phẩy. Mã cơ quan không tồn tại → 422 nêu trường ' +
      '`query.agency`. / Agency filter: `agency=STP` lists the procedures of STP only; ' +
      '`agency=STP&agencyScope=subtree` adds every agency under STP in the agency tree; several codes may be ' +
      'comma-separated (`agency=STP,UBND-TP&agencyScope=subtree`). An unknown agency code answers 422 naming ' +
      '`query.agency`; `agencyScope=subtree` without `agency` answers 422 naming `query.agencyScope`.',
    query: S.procedureListQuery,
    ok: {
      status: 200,
      description: 'page of procedures',
      example: { items: [procedureExample], total: 1, limit: 50, offset: 0 },
    },
    errors: [422],
  },
  {
    method: 'get',
    path: '/api/procedures/{code}',
    tag: 'Procedures',
    summary: 'Thủ tục và phiên bản công bố (IR) / A procedure and its published version',
    roles: 'public',
    query: S.procedureGetQuery,
    ok: {
      status: 200,
      description: 'procedure with version',
      example: {
        ...procedureExample,
        version: {
          id: 1,
          version: 1,
          status: 'published',
          modelKind: 'steps',
          irHash: '…',
          changeNote: null,
          metadata: {},
          ir: {},
        },
      },
    },
    errors: [404, 422],
  },
  {
    method: 'get',
    path: '/api/procedures/{code}/versions',
    tag: 'Procedures',
    summary: 'Lịch sử phiên bản / Version history',
    roles: 'public',
    query: S.procedureGetQuery,
    ok: { status: 200, description: 'versions' },
    errors: [404],
  },
  {
    method: 'get',
    path: '/api/procedures/{code}/drafts',
    tag: 'Procedures',
    summary: 'Bản nháp / Drafts',
    roles: ['publisher', 'duration-editor'],
    query: S.versionPathQuery,
    ok: { status: 200, description: 'drafts' },
    errors: [401, 403, 404],
  },
  {
    method: 'get',
    path: '/api/procedures/{code}/versions/{version}',
    tag: 'Procedures',
    summary: 'Một phiên bản với mô hình nguồn / A version with its model source',
    roles: 'public',
    description: 'Drafts only for publishers and duration editors.',
    query: S.versionPathQuery,
    ok: { status: 200, description: 'version' },
    errors: [404],
  },
  {
    method: 'put',
    path: '/api/procedures/{code}/versions/{version}',
    tag: 'Procedures',
    summary: 'Sửa bản nháp / Edit a draft',
    roles: ['publisher'],
    query: S.versionPathQuery,
    body: S.draftSchema,
    ok: { status: 200, description: 'draft with diagnostics' },
    errors: [401, 403, 404, 409, 422],
  },
  {
    method: 'delete',
    path: '/api/procedures/{code}/versions/{version}',
    tag: 'Procedures',
    summary: 'Xóa bản nháp / Delete a draft',
    roles: ['publisher'],
    query: S.versionPathQuery,
    ok: { status: 204, description: 'deleted' },
    errors: [401, 403, 404, 409],
  },
  {
    method: 'post',
    path: '/api/procedures/{code}/versions/{version}/publish',
    tag: 'Procedures',
    summary: 'Công bố bản nháp kèm ghi chú thay đổi / Publish a draft with a change note',
    roles: ['publisher'],
    query: S.versionPathQuery,
    body: S.publishSchema,
    ok: {
      status: 200,
      description: 'published',
      example: { code: 'MC.000099', level: 'province', version: 2, irHash: '…', status: 'published' },
    },
    errors: [401, 403, 404, 409, 422],
  },
  {
    method: 'post',
    path: '/api/procedures/validate',
    tag: 'Procedures',
    summary: 'Kiểm tra (biên dịch) một mô hình / Validate a model (compiler diagnostics)',
    roles: ['publisher', 'duration-editor'],
    body: S.draftSchema,
    ok: {
      status: 200,
      description: 'diagnostics',
      example: {
        ok: false,
        hash: null,
        diagnostics: [
          {
            severity: 'error',
            code: 'MC010',
            message: { vi: 'Vai trò không tồn tại', en: 'Unknown role' },
            elementId: 'receive',
            path: '/steps/0/role',
          },
        ],
      },
    },
    errors: [401, 403, 422],
  },
  {
    method: 'post',
    path: '/api/procedures/drafts',
    tag: 'Procedures',
    summary: 'Tạo bản nháp / Create a draft',
    roles: ['publisher'],
    body: S.draftSchema,
    ok: { status: 201, description: 'draft with diagnostics' },
    errors: [401, 403, 422],
  },
  {
    method: 'post',
    path: '/api/procedures/{code}/retire',
    tag: 'Procedures',
    summary: 'Bãi bỏ thủ tục (hồ sơ đang chạy không ảnh hưởng) / Retire a procedure',
    roles: ['publisher'],
    query: S.versionPathQuery,
    body: S.reasonBodySchema,
    ok: { status: 200, description: 'retired' },
    errors: [401, 403, 404, 409],
  },
  {
    method: 'post',
    path: '/api/procedures/{code}/durations',
    tag: 'Procedures',
    summary: 'Sửa thời hạn các bước (tạo phiên bản mới) / Change step durations (publishes a new version)',
    description: 'Duration editors of the procedure agency only; nothing but durations changes.',
    roles: ['duration-editor', 'publisher'],
    query: S.versionPathQuery,
    body: S.durationsSchema,
    ok: {
      status: 201,
      description: 'new version',
      example: { code: 'MC.000001', level: 'province', version: 2, changed: true, irHash: '…' },
    },
    errors: [401, 403, 404, 409, 422],
  },

  // Intake and dossiers
  {
    method: 'post',
    path: '/api/dossiers',
    tag: 'Dossiers',
    summary: 'Tiếp nhận hồ sơ (quầy, trực tuyến, bưu chính) / File a dossier',
    description:
      'multipart/form-data: a `dossier` field (JSON) and one file per component, the form field name being the component id (PDF, JPEG, PNG, TIFF, DOC(X), XLS(X); 20 MiB each). Files are streamed to object storage with their sha256. Or application/json without files (components handed over on paper listed in `paperComponents`). Send `Idempotency-Key` so a retried request never files twice (the replay answers 200 with `Idempotent-Replayed: true`). Answers the dossier code in the national format and the appointment date.',
    roles: ['receptionist'],
    body: S.intakeSchema,
    multipart: {
      field: 'dossier',
      schema: S.intakeSchema,
      files: 'component id',
      example: (S.intakeSchema.examples as unknown[])[0],
    },
    ok: { status: 201, description: 'the filed dossier', example: dossierExample },
    errors: [400, 401, 403, 409, 413, 415, 422, 503],
  },
  {
    method: 'get',
    path: '/api/dossiers',
    tag: 'Dossiers',
    summary: 'Danh sách hồ sơ trong phạm vi / Dossiers in the caller’s agencies',
    roles: STAFF,
    query: S.dossierListQuery,
    ok: { status: 200, description: 'page of dossiers' },
    errors: [401, 403, 422],
  },
  {
    method: 'get',
    path: '/api/dossiers/{code}',
    tag: 'Dossiers',
    summary: 'Hồ sơ, tài liệu, công việc, sự kiện / A dossier with documents, tasks and events',
    roles: STAFF,
    ok: {
      status: 200,
      description: 'dossier',
      example: {
        ...dossierExample,
        tasks: [taskExample],
        events: [
          {
            seq: 1,
            type: 'received',
            nodeId: null,
            actor: null,
            payload: {},
            at: '2026-11-22T02:45:01.000Z',
          },
        ],
      },
    },
    errors: [401, 403, 404],
  },
  {
    method: 'get',
    path: '/api/dossiers/{code}/state',
    tag: 'Dossiers',
    summary: 'Trạng thái sống của quy trình (query) / Live workflow state',
    roles: STAFF,
    ok: { status: 200, description: 'DossierStateView' },
    errors: [401, 403, 404, 503],
  },
  {
    method: 'get',
    path: '/api/dossiers/{code}/documents',
    tag: 'Documents',
    summary: 'Tài liệu của hồ sơ / Documents of a dossier',
    roles: STAFF,
    ok: { status: 200, description: 'documents' },
    errors: [401, 403, 404],
  },
  {
    method: 'get',
    path: '/api/dossiers/{code}/documents/{docId}',
    tag: 'Documents',
    summary: 'Tài liệu và đường dẫn tải ngắn hạn / A document with a short-lived download URL',
    roles: STAFF,
    ok: { status: 200, description: 'document with `url` (presigned, 5 minutes)' },
    errors: [401, 403, 404],
  },
  {
    method: 'get',
    path: '/api/dossiers/{code}/documents/{docId}/content',
    tag: 'Documents',
    summary: 'Tải tài liệu (chuyển hướng) / Download (redirect to a presigned URL)',
    roles: STAFF,
    ok: { status: 302, description: 'redirect' },
    errors: [401, 403, 404],
  },
  {
    method: 'post',
    path: '/api/dossiers/{code}/supplement-request',
    tag: 'Work',
    summary: 'Yêu cầu bổ sung (tạm dừng đồng hồ) / Request a supplement (pauses the clock)',
    roles: WORKERS,
    body: S.supplementRequestSchema,
    ok: { status: 200, description: 'dossier after the change', example: dossierActionExample },
    errors: [401, 403, 404, 409, 422],
  },
  {
    method: 'post',
    path: '/api/dossiers/{code}/payment-request',
    tag: 'Work',
    summary:
      'Yêu cầu thực hiện nghĩa vụ tài chính (tạm dừng đồng hồ, trạng thái 6) / Request the financial obligation (pauses the clock, status 6)',
    description:
      'Trạng thái 6 đến khi ghi nhận biên lai (POST /api/dossiers/{code}/fees); thời gian chờ nộp không tính vào thời hạn. ' +
      'Status 6 until the e-receipt is recorded (POST /api/dossiers/{code}/fees); the time until payment does not count. ' +
      '409 `payment-already-requested` / `already-paused` while a request is open, `dossier-finished` once ended.',
    roles: WORKERS,
    body: S.paymentRequestSchema,
    ok: { status: 200, description: 'dossier after the change (status financial-obligation, 6)' },
    errors: [401, 403, 404, 409, 422],
  },
  {
    method: 'post',
    path: '/api/dossiers/{code}/supplement',
    tag: 'Work',
    summary: 'Nhận hồ sơ bổ sung tại quầy / Receive the supplement at the counter',
    description:
      'multipart: optional `supplement` JSON field and files under component ids; or JSON with `paperComponents`.',
    roles: ['receptionist'],
    body: S.supplementSchema,
    multipart: { field: 'supplement', schema: S.supplementSchema, files: 'component id' },
    ok: { status: 202, description: 'received; the clock resumes' },
    errors: [401, 403, 404, 409, 413, 415, 422],
  },
  {
    method: 'post',
    path: '/api/dossiers/{code}/withdraw',
    tag: 'Work',
    summary: 'Công dân rút hồ sơ / The applicant withdraws',
    roles: ['receptionist'],
    body: S.reasonBodySchema,
    ok: { status: 200, description: 'withdrawn', example: dossierActionExample },
    errors: [401, 403, 404, 409, 422],
  },
  {
    method: 'post',
    path: '/api/dossiers/{code}/refuse',
    tag: 'Work',
    summary: 'Từ chối giải quyết kèm lý do / Refuse to resolve, with a reason',
    roles: WORKERS,
    body: S.reasonBodySchema,
    ok: { status: 200, description: 'refused' },
    errors: [401, 403, 404, 409, 422],
  },
  {
    method: 'post',
    path: '/api/dossiers/{code}/stop',
    tag: 'Work',
    summary: 'Lãnh đạo dừng xử lý / A leader stops processing',
    roles: LEADERS,
    body: S.reasonBodySchema,
    ok: { status: 200, description: 'stopped' },
    errors: [401, 403, 404, 409, 422],
  },
  {
    method: 'post',
    path: '/api/dossiers/{code}/apology',
    tag: 'Work',
    summary: 'Xin lỗi và hẹn lại ngày trả (một lần) / Apology with a new date (once)',
    roles: LEADERS,
    body: S.apologySchema,
    ok: { status: 200, description: 'rescheduled' },
    errors: [401, 403, 404, 409, 422],
  },
  {
    method: 'post',
    path: '/api/dossiers/{code}/incidents/{incidentId}/retry',
    tag: 'Work',
    summary: 'Chạy lại bước lỗi / Retry an incident',
    roles: ['supervisor'],
    body: S.retryIncidentSchema,
    ok: { status: 200, description: 'retried' },
    errors: [401, 403, 404, 409],
  },
  {
    method: 'get',
    path: '/api/dossiers/{code}/fees',
    tag: 'Work',
    summary: 'Phí, lệ phí và biên lai / Fees due and payments',
    roles: STAFF,
    ok: {
      status: 200,
      description: 'fees',
      example: {
        dossierCode: 'STP-261122-0001',
        fees: [{ amount: 50000, currency: 'VND' }],
        payments: [
          {
            receiptNo: 'BL-2026-000123',
            amount: 50000,
            currency: 'VND',
            note: null,
            recordedBy: 'tiepnhan1',
            paidAt: '2026-11-22T02:50:00.000Z',
          },
        ],
        paidTotal: 50000,
      },
    },
    errors: [401, 403, 404],
  },
  {
    method: 'post',
    path: '/api/dossiers/{code}/fees',
    tag: 'Work',
    summary: 'Ghi nhận nộp phí với số biên lai điện tử / Record a payment with its e-receipt number',
    roles: ['receptionist'],
    body: S.feeSchema,
    ok: { status: 201, description: 'recorded (200 when the same receipt is sent again)' },
    errors: [401, 403, 404, 409, 422],
  },
  {
    method: 'post',
    path: '/api/dossiers/{code}/results',
    tag: 'Work',
    summary: 'Tải lên kết quả giải quyết / Upload the result documents',
    roles: WORKERS,
    body: S.resultsSchema,
    multipart: { field: 'result', schema: S.resultsSchema, files: 'any name (recorded as result:<name>)' },
    ok: { status: 201, description: 'stored documents' },
    errors: [401, 403, 404, 409, 413, 415, 422],
  },
  {
    method: 'get',
    path: '/api/dossiers/{code}/slips/receipt.pdf',
    tag: 'Slips',
    summary: 'Giấy tiếp nhận và hẹn trả (QR) / Receipt and appointment slip (QR)',
    roles: STAFF,
    ok: pdf('slip'),
    errors: [401, 403, 404],
  },
  {
    method: 'get',
    path: '/api/dossiers/{code}/slips/supplement-request.pdf',
    tag: 'Slips',
    summary: 'Phiếu yêu cầu bổ sung / Supplement request',
    roles: STAFF,
    ok: pdf('slip'),
    errors: [401, 403, 404, 409],
  },
  {
    method: 'get',
    path: '/api/dossiers/{code}/slips/refusal.pdf',
    tag: 'Slips',
    summary: 'Phiếu từ chối / Refusal',
    roles: STAFF,
    ok: pdf('slip'),
    errors: [401, 403, 404, 409],
  },
  {
    method: 'get',
    path: '/api/dossiers/{code}/slips/apology.pdf',
    tag: 'Slips',
    summary: 'Phiếu xin lỗi và hẹn lại / Apology and new date',
    roles: STAFF,
    ok: pdf('slip'),
    errors: [401, 403, 404, 409],
  },
  {
    method: 'get',
    path: '/api/dossiers/{code}/slips/stop.pdf',
    tag: 'Slips',
    summary: 'Thông báo dừng xử lý / Stop notice',
    roles: STAFF,
    ok: pdf('slip'),
    errors: [401, 403, 404, 409],
  },
  {
    method: 'get',
    path: '/api/dossiers/{code}/slips/control.pdf',
    tag: 'Slips',
    summary: 'Phiếu kiểm soát quá trình / Processing-control slip',
    roles: STAFF,
    ok: pdf('slip'),
    errors: [401, 403, 404],
  },
  {
    method: 'post',
    path: '/api/intake/supplement-request.pdf',
    tag: 'Slips',
    summary:
      'Hướng dẫn bổ sung khi chưa tiếp nhận / Supplement request for an incomplete filing (nothing stored)',
    roles: ['receptionist'],
    body: S.intakeSlipSchema,
    ok: pdf('slip'),
    errors: [401, 403, 422],
  },
  {
    method: 'post',
    path: '/api/intake/refusal.pdf',
    tag: 'Slips',
    summary: 'Từ chối tiếp nhận / Refusal to accept a filing (nothing stored)',
    roles: ['receptionist'],
    body: S.intakeSlipSchema,
    ok: pdf('slip'),
    errors: [401, 403, 422],
  },

  // Work
  {
    method: 'get',
    path: '/api/tasks',
    tag: 'Work',
    summary: 'Hộp công việc theo vai trò, cơ quan, người / Inbox by role, agency and person',
    description:
      'Open and claimed tasks the caller may work (supervisors: every task in their agencies), most urgent first. `assignee=me` for one’s own.',
    roles: STAFF,
    query: S.taskListQuery,
    ok: {
      status: 200,
      description: 'page of tasks',
      example: { items: [taskExample], total: 1, limit: 50, offset: 0 },
    },
    errors: [401, 422],
  },
  {
    method: 'post',
    path: '/api/tasks/{workflowId}/{taskId}/claim',
    tag: 'Work',
    summary: 'Nhận xử lý / Claim a task',
    roles: WORKERS,
    body: S.taskClaimSchema,
    ok: {
      status: 200,
      description: 'claimed (the task row; no workflow call — a claim adds nothing to the dossier’s history)',
      example: assignmentExample,
    },
    errors: [401, 403, 404, 409],
  },
  {
    method: 'post',
    path: '/api/tasks/{workflowId}/{taskId}/complete',
    tag: 'Work',
    summary: 'Hoàn thành với kết quả / Complete with an outcome',
    roles: WORKERS,
    body: S.taskCompleteSchema,
    ok: { status: 200, description: 'completed', example: updateResultExample },
    errors: [401, 403, 404, 409, 422],
  },
  {
    method: 'post',
    path: '/api/tasks/{workflowId}/{taskId}/return',
    tag: 'Work',
    summary: 'Trả lại bước trước / Return to an earlier step',
    roles: WORKERS,
    body: S.taskReturnSchema,
    ok: { status: 200, description: 'returned to the step' },
    errors: [401, 403, 404, 409, 422],
  },
  {
    method: 'post',
    path: '/api/tasks/{workflowId}/{taskId}/reassign',
    tag: 'Work',
    summary: 'Giao lại cho người khác / Reassign',
    roles: LEADERS,
    body: S.taskReassignSchema,
    ok: { status: 200, description: 'reassigned (the task row)', example: assignmentExample },
    errors: [401, 403, 404, 409, 422],
  },
  {
    method: 'post',
    path: '/api/tasks/{workflowId}/{taskId}/escalate',
    tag: 'Work',
    summary: 'Chuyển lên cấp trên / Escalate',
    roles: LEADERS,
    body: S.taskEscalateSchema,
    ok: { status: 200, description: 'escalated' },
    errors: [401, 403, 404, 409, 422],
  },

  // Public
  {
    method: 'get',
    path: '/api/public/dossiers/{code}',
    tag: 'Public',
    summary: 'Tra cứu hồ sơ bằng mã + 4 số cuối điện thoại / Look a dossier up (code + last 4 phone digits)',
    description:
      'Secret in the `X-Lookup-Secret` header (or `?secret=`). Unknown codes and wrong secrets get the same 404; rate-limited.',
    roles: 'public',
    query: S.lookupQuery,
    ok: {
      status: 200,
      description: 'public view',
      example: {
        code: 'STP-261122-0001',
        procedure: { code: 'MC.000001', names: { vi: 'Cấp bản sao trích lục hộ tịch' } },
        applicantName: 'N* V* A*',
        status: 'supplement-requested',
        nationalStatus: 5,
        currentStep: 'receive',
        receivedAt: '2026-11-22T02:45:00.000Z',
        appointmentAt: '2026-11-25T09:45:00.000Z',
        finishedAt: null,
        outcome: null,
        classification: null,
        supplementRequest: {
          at: '2026-11-22T03:00:00.000Z',
          pause: 1,
          reason: 'Thiếu bản sao',
          missing: ['Bản sao CCCD'],
          // The procedure's components: what the applicant files each paper as (POST …/supplement field names).
          components: [{ id: 'don', name: { vi: 'Đơn đề nghị', en: 'Application form' } }],
        },
        rating: null,
        timeline: [{ type: 'received', at: '2026-11-22T02:45:01.000Z' }],
      },
    },
    errors: [404, 422, 429],
  },
  {
    method: 'post',
    path: '/api/public/dossiers/{code}/supplement',
    tag: 'Public',
    summary: 'Công dân nộp bổ sung / The applicant supplies missing papers',
    description: 'multipart with files under component ids; `X-Lookup-Secret` header required.',
    roles: 'public',
    body: S.publicSupplementSchema,
    multipart: { field: 'supplement', schema: S.publicSupplementSchema, files: 'component id' },
    ok: { status: 202, description: 'received' },
    errors: [404, 409, 413, 415, 422, 429],
  },
  {
    method: 'post',
    path: '/api/public/dossiers/{code}/rating',
    tag: 'Public',
    summary: 'Đánh giá mức độ hài lòng sau khi trả kết quả / Rate the service after the result',
    roles: 'public',
    body: S.ratingSchema,
    ok: { status: 201, description: 'rated' },
    errors: [404, 409, 422, 429],
  },
  {
    method: 'post',
    path: '/api/public/dossiers',
    tag: 'Public',
    summary: 'Nộp hồ sơ trực tuyến / File online',
    description: 'Like POST /api/dossiers, channel `online` only, no account; rate-limited per address.',
    roles: 'public',
    body: S.intakeSchema,
    multipart: { field: 'dossier', schema: S.intakeSchema, files: 'component id' },
    ok: {
      status: 201,
      description: 'filed',
      example: {
        code: 'STP-261122-0002',
        status: 'accepted',
        receivedAt: '2026-11-22T02:45:00.000Z',
        appointmentAt: '2026-11-25T09:45:00.000Z',
        documents: [],
        lookup: '/api/public/dossiers/STP-261122-0002',
      },
    },
    errors: [400, 409, 413, 415, 422, 429],
  },
  {
    method: 'get',
    path: '/api/public/stats',
    tag: 'Public',
    summary: 'Số liệu cho màn hình công khai / Figures for the public screens',
    roles: 'public',
    query: S.publicStatsQuery,
    ok: { status: 200, description: 'per agency', schema: S.publicStatsResponse },
    errors: [422],
  },

  // Statistics
  {
    method: 'get',
    path: '/api/stats/dossiers',
    tag: 'Statistics',
    summary: 'Thống kê hồ sơ theo cơ quan, thủ tục, lĩnh vực, cấp, kỳ / Dossier statistics',
    description:
      '`format=csv|xlsx` downloads the table (one column per figure, Vietnamese / English headers). `pending` counts every open dossier received before the end of the period; `supplement` (national status 5) and `waitingPayment` (6) are the open ones waiting for the applicant.',
    roles: ['supervisor', 'department-head', 'division-head', 'admin'],
    query: S.statsQuery,
    ok: { status: 200, description: 'figures', example: statsExample, schema: S.dossierStatsResponse },
    errors: [401, 403, 422],
  },
  {
    method: 'get',
    path: '/api/stats/staff',
    tag: 'Statistics',
    summary: 'Đánh giá cán bộ: số xử lý, % đúng hạn, thời gian TB / Staff figures',
    roles: ['supervisor', 'department-head', 'division-head', 'admin'],
    query: S.statsQuery,
    ok: {
      status: 200,
      description: 'per person',
      example: {
        from: '2026-11-01',
        to: '2026-11-22',
        items: [
          {
            assignee: 'tiepnhan1',
            handled: 40,
            onTime: 38,
            late: 2,
            onTimeRate: 95,
            averageHours: 1.6,
            openNow: 3,
            overdueNow: 0,
          },
        ],
      },
    },
    errors: [401, 403, 422],
  },

  // Supervision (routes/supervision.ts): the supervisor's own actions are the audited endpoints under Work.
  {
    method: 'get',
    path: '/api/supervision/settings',
    tag: 'Supervision',
    summary: 'Ngưỡng ách tắc và lần quét gần nhất / Stuck threshold and the last scan',
    roles: STATS,
    ok: {
      status: 200,
      description: 'settings',
      example: { idleWorkingDays: 1, lastScanAt: '2026-11-22T03:00:00.000Z' },
    },
    errors: [401, 403],
  },
  {
    method: 'put',
    path: '/api/supervision/settings',
    tag: 'Supervision',
    summary:
      'Đặt ngưỡng ách tắc (số ngày làm việc không tiến triển) / Set the stuck threshold (idle working days)',
    description: 'Written to the audit log with the old and new values.',
    roles: ['supervisor'],
    body: S.supervisionSettingsSchema,
    ok: { status: 200, description: 'saved settings', example: { idleWorkingDays: 1.5 } },
    errors: [401, 403, 422],
  },
  {
    method: 'post',
    path: '/api/supervision/scan',
    tag: 'Supervision',
    summary: 'Quét hồ sơ ách tắc ngay / Run the stuck scan now',
    description:
      'Runs the same Temporal workflow the schedule starts, on the worker, and waits for it (up to 2 minutes). The body may be omitted.',
    roles: ['supervisor'],
    body: S.supervisionScanSchema,
    ok: { status: 200, description: 'scan result', example: scanResultExample },
    errors: [401, 403, 422, 503],
  },
  {
    method: 'get',
    path: '/api/supervision/stuck',
    tag: 'Supervision',
    summary:
      'Hồ sơ ách tắc: lý do, bước, người giữ, từ khi nào / Stuck dossiers: why, which step, who, since when',
    description:
      'Open incidents and the open findings of the scan (idle for the configured working time, workflow task failing: message and attempt count in the reason), in the caller’s agencies, with the current holders of each dossier.\n\n' +
      '`reason` is the stored one-line text (kept for compatibility: "tiếng Việt / English" for scan findings); ' +
      '`reasonText` is the same split by language, `{ vi, en }` (both the whole text when it has no " / "). / ' +
      '`reason` là văn bản lưu trữ một dòng; `reasonText` là lý do tách theo ngôn ngữ `{ vi, en }`.',
    roles: STATS,
    ok: { status: 200, description: 'stuck dossiers', example: stuckExample },
    errors: [401, 403],
  },
  {
    method: 'get',
    path: '/api/supervision/deadlines',
    tag: 'Supervision',
    summary: 'Hồ sơ quá hạn / sắp đến hạn / Late or near-deadline dossiers',
    roles: STATS,
    query: S.supervisionDeadlinesQuery,
    ok: { status: 200, description: 'dossiers with the step and the reason', example: deadlinesExample },
    errors: [401, 403, 422],
  },
  {
    method: 'get',
    path: '/api/supervision/reports',
    tag: 'Supervision',
    summary: 'Báo cáo định kỳ đã chốt (ngày, tháng) / Report snapshots (daily, monthly)',
    roles: STATS,
    query: S.supervisionReportsQuery,
    ok: {
      status: 200,
      description: 'snapshots, newest period first',
      example: {
        items: [
          {
            kind: 'daily',
            period: '2026-11-21',
            rows: statsExample.items,
            total: statsExample.total,
            createdAt: '2026-11-22T00:05:00.000Z',
          },
        ],
      },
    },
    errors: [401, 403, 422],
  },
  {
    method: 'get',
    path: '/api/supervision/dossiers/{code}',
    tag: 'Supervision',
    summary: 'Soi hồ sơ: mô hình, trạng thái, bước sớm/muộn, tạm dừng, lỗi, kiểm toán / Inspect a dossier',
    description:
      'The model (BPMN XML or steps), live workflow state, whether the workflow task is failing (asked of Temporal now), each step early or late in working time of its agency (`timing.unit`, `timing.label`), pauses with their kind (supplement = status 5, payment = status 6), escalations, incidents, scan findings, the audit trail and a link to the raw Temporal history.',
    roles: ['supervisor', 'division-head', 'department-head'],
    ok: { status: 200, description: 'everything the inspector draws', example: inspectExample },
    errors: [401, 403, 404],
  },
  {
    method: 'get',
    path: '/api/supervision/dossiers/{code}/history',
    tag: 'Supervision',
    summary: 'Lịch sử Temporal dễ đọc / The Temporal history made readable',
    description: 'Workflow events mapped to model elements, people and times (engine heartbeats left out).',
    roles: ['supervisor', 'division-head', 'department-head'],
    ok: { status: 200, description: 'readable events', example: historyExample },
    errors: [401, 403, 404, 503],
  },
];

function parametersOf(op: Op) {
  const params: unknown[] = [];
  for (const m of op.path.matchAll(/\{(\w+)\}/g)) {
    params.push({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
      ...(op.pathDescriptions?.[m[1]!] ? { description: op.pathDescriptions[m[1]!] } : {}),
    });
  }
  const props = (op.query?.properties ?? {}) as Record<string, SchemaObject>;
  for (const [name, schema] of Object.entries(props)) {
    params.push({
      name,
      in: 'query',
      required: false,
      schema,
      ...(schema.description ? { description: schema.description } : {}),
      ...(Array.isArray(schema.examples) && schema.examples.length ? { example: schema.examples[0] } : {}),
    });
  }
  if (op.path === '/api/dossiers' && op.method === 'post') {
    params.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      schema: { type: 'string', maxLength: 128 },
      example: '2f6b1a7e-counter-7-0042',
    });
  }
  if (op.path.startsWith('/api/public/dossiers/{code}')) {
    params.push({
      name: 'X-Lookup-Secret',
      in: 'header',
      required: false,
      schema: { type: 'string' },
      example: '5678',
    });
  }
  return params;
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Malformed request',
  401: 'Not signed in / invalid token',
  403: 'Role or agency does not allow it',
  404: 'Not found',
  409: 'Conflict with the current state',
  413: 'Too large',
  415: 'Unsupported media type',
  422: 'Invalid input (fields named in `errors`)',
  429: 'Rate limited (Retry-After)',
  503: 'A dependency is unavailable',
};

export function buildOpenApi(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPS) {
    const okExample = op.ok.example ?? EXAMPLES[`${op.method} ${op.path}`];
    const content: Record<string, unknown> = {};
    if (op.multipart) {
      content['multipart/form-data'] = {
        schema: {
          type: 'object',
          properties: {
            [op.multipart.field]: {
              type: 'string',
              description: `JSON: ${op.multipart.field}`,
              contentMediaType: 'application/json',
              contentSchema: op.multipart.schema,
            },
          },
          additionalProperties: {
            type: 'string',
            format: 'binary',
            description: `a file; field name = ${op.multipart.files}`,
          },
        },
        encoding: { [op.multipart.field]: { contentType: 'application/json' } },
      };
    }
    if (op.body) {
      const example = (op.body.examples as unknown[] | undefined)?.[0];
      content['application/json'] = { schema: op.body, ...(example !== undefined ? { example } : {}) };
    }
    const responses: Record<string, unknown> = {
      [String(op.ok.status)]: {
        description: op.ok.description,
        ...(op.ok.status === 204 || op.ok.status === 302
          ? {}
          : {
              content: {
                [op.ok.content ?? 'application/json']: op.ok.content
                  ? { schema: { type: 'string', format: 'binary' } }
                  : {
                      schema: op.ok.schema ?? { type: 'object' },
                      ...(okExample !== undefined ? { example: okExample } : {}),
                    },
              },
            }),
      },
    };
    for (const status of op.errors ?? []) {
      responses[String(status)] = { $ref: `#/components/responses/P${status}` };
    }
    responses.default = { $ref: '#/components/responses/Problem' };
    (paths[op.path] ??= {})[op.method] = {
      tags: [op.tag],
      summary: op.summary,
      description: [
        op.description,
        `Roles / Vai trò: ${op.roles === 'public' ? 'public (no token)' : op.roles.join(', ')}`,
      ]
        .filter(Boolean)
        .join('\n\n'),
      operationId: `${op.method}${op.path.replace(/\{(\w+)\}/g, 'By-$1').replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      ...(op.roles === 'public' ? { security: [] } : {}),
      parameters: parametersOf(op),
      ...(Object.keys(content).length ? { requestBody: { required: true, content } } : {}),
      responses,
    };
  }
  paths['/healthz'] = {
    get: {
      tags: ['Health'],
      summary: 'Sức khỏe hệ thống / Health (200 ok, 503 degraded)',
      operationId: 'getHealthz',
      security: [],
      responses: {
        200: {
          description: 'ok',
          content: {
            'application/json': {
              example: {
                status: 'ok',
                components: {
                  temporal: { state: 'ok' },
                  postgres: { state: 'ok' },
                  minio: { state: 'ok' },
                  worker: { state: 'ok' },
                },
              },
            },
          },
        },
        503: {
          description: 'degraded',
          content: {
            'application/json': {
              example: {
                status: 'degraded',
                components: {
                  temporal: { state: 'down', detail: 'UNAVAILABLE' },
                  postgres: { state: 'ok' },
                  minio: { state: 'ok' },
                  worker: { state: 'ok' },
                },
              },
            },
          },
        },
      },
    },
  };
  paths['/api/openapi.json'] = {
    get: {
      tags: ['Health'],
      summary: 'Tài liệu OpenAPI / This document',
      operationId: 'getOpenApi',
      security: [],
      responses: { 200: { description: 'OpenAPI 3.1' } },
    },
  };
  paths['/api/docs'] = {
    get: {
      tags: ['Health'],
      summary: 'Tài liệu duyệt được / Browsable docs (Swagger UI)',
      operationId: 'getDocs',
      security: [],
      responses: { 200: { description: 'HTML' } },
    },
  };

  const problemContent = {
    'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' }, example: problemExample },
  };
  const responses: Record<string, unknown> = { Problem: { description: 'Error', content: problemContent } };
  for (const [status, text] of Object.entries(STATUS_TEXT)) {
    responses[`P${status}`] = {
      description: text,
      content: {
        'application/problem+json': {
          schema: { $ref: '#/components/schemas/Problem' },
          example: { ...problemExample, status: Number(status) },
        },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'motcua — dịch vụ hồ sơ một cửa / one-stop-shop dossier service',
      version: '1.0.0',
      description:
        'Tiếp nhận, xử lý, tra cứu và thống kê hồ sơ thủ tục hành chính. / Intake, processing, lookup and statistics of administrative-procedure dossiers.\n\n' +
        'Sign in with `POST /api/auth/token` and send `Authorization: Bearer <token>`. Errors are `application/problem+json` with Vietnamese and English text and the fields at fault. Every state-changing call is written to the audit log.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    tags: [
      'Accounts',
      'Procedures',
      'Dossiers',
      'Documents',
      'Work',
      'Slips',
      'Public',
      'Statistics',
      'Supervision',
      'Health',
    ].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      responses,
      schemas: {
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status', 'detail', 'code', 'message'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            code: { type: 'string' },
            message: S.localized,
            errors: {
              type: 'array',
              items: { type: 'object', properties: { field: { type: 'string' }, message: S.localized } },
            },
            instance: { type: 'string' },
            requestId: { type: 'string' },
          },
        },
        Intake: S.intakeSchema,
        Applicant: S.applicantSchema,
        TaskComplete: S.taskCompleteSchema,
        Draft: S.draftSchema,
        User: S.userCreateSchema,
      },
    },
  };
}

/** The documented operations (method, path), for the routing test. */
export function documentedOperations(): Array<{ method: Method; path: string; roles: string[] | 'public' }> {
  return OPS.map((o) => ({ method: o.method, path: o.path, roles: o.roles }));
}
