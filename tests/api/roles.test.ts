/**
 * Who may and may not: a role × endpoint matrix with agency scoping (a role held for agency A says nothing about
 * agency B; '*' covers all). "Allowed" means the call got past authorisation (any answer but 401/403); the
 * fixture dossier has ended, so state-changing calls answer 409 for allowed roles and change nothing.
 */
import { expect } from 'chai';
import { uniqueSuffix } from '../support/stack.js';
import {
  adminToken,
  applicant,
  call,
  publishFixture,
  startTestApp,
  terminateDossiers,
  userWithRoles,
  type TestApp,
} from './support.js';

type RoleName =
  | 'anonymous'
  | 'receptionistA'
  | 'receptionistB'
  | 'specialistA'
  | 'specialistB'
  | 'divisionHeadA'
  | 'departmentHeadA'
  | 'supervisorA'
  | 'supervisorAll'
  | 'publisher'
  | 'editorA'
  | 'editorB'
  | 'admin';

describe('api: roles × endpoints (agency scoping)', function () {
  this.timeout(120_000);
  let app: TestApp;
  let A: string;
  let B: string;
  let code: string;
  let procedureCode: string;
  let workflowId: string;
  const tokens = {} as Record<RoleName, string | undefined>;

  before(async function () {
    app = await startTestApp();
    const s = uniqueSuffix()
      .replace(/[^a-z0-9]/gi, '')
      .slice(-6)
      .toUpperCase();
    A = `RA${s}`;
    B = `RB${s}`;
    ({ code: procedureCode } = await publishFixture(app, { agency: A }));
    await publishFixture(app, { agency: B });
    const make = async (name: RoleName, roles: Array<{ role: string; agency: string }>) => {
      tokens[name] = (await userWithRoles(app, roles, name)).token;
    };
    tokens.anonymous = undefined;
    await make('receptionistA', [{ role: 'receptionist', agency: A }]);
    await make('receptionistB', [{ role: 'receptionist', agency: B }]);
    await make('specialistA', [{ role: 'specialist', agency: A }]);
    await make('specialistB', [{ role: 'specialist', agency: B }]);
    await make('divisionHeadA', [{ role: 'division-head', agency: A }]);
    await make('departmentHeadA', [{ role: 'department-head', agency: A }]);
    await make('supervisorA', [{ role: 'supervisor', agency: A }]);
    await make('supervisorAll', [{ role: 'supervisor', agency: '*' }]);
    await make('publisher', [{ role: 'publisher', agency: '*' }]);
    await make('editorA', [{ role: 'duration-editor', agency: A }]);
    await make('editorB', [{ role: 'duration-editor', agency: B }]);
    tokens.admin = await adminToken(app);

    const filed = await call(app, 'POST', '/api/dossiers', {
      token: tokens.receptionistA,
      json: {
        procedureCode,
        channel: 'counter',
        applicant: applicant(),
        data: {},
        paperComponents: ['don', 'cccd'],
      },
    });
    expect(filed.status, JSON.stringify(filed.body)).to.equal(201);
    code = filed.body.code;
    workflowId = filed.body.workflowId;
    // The dossier ends (no worker in this test): its workflow is terminated and the row says so.
    await terminateDossiers(app, [code]);
    const d = await app.stack.knex('dossiers').where({ code }).first();
    await app.stack
      .knex('dossiers')
      .where({ code })
      .update({ status: 'stopped', national_status: 8, outcome: 'stopped', finished_at: new Date() });
    await app.stack.knex('tasks').insert({
      dossier_id: d.id,
      workflow_id: workflowId,
      task_id: 'appraise#1',
      node_id: 'appraise',
      name_vi: 'Thẩm định',
      role: 'specialist',
      agency_code: A,
      status: 'open',
      opened_at: new Date(),
    });
  });
  after(async () => app.close());

  const ALL: RoleName[] = [
    'anonymous',
    'receptionistA',
    'receptionistB',
    'specialistA',
    'specialistB',
    'divisionHeadA',
    'departmentHeadA',
    'supervisorA',
    'supervisorAll',
    'publisher',
    'editorA',
    'editorB',
    'admin',
  ];

  const matrix: Array<{
    name: string;
    method: string;
    path: () => string;
    json?: () => unknown;
    allowed: RoleName[];
  }> = [
    {
      name: 'file a dossier for agency A',
      method: 'POST',
      path: () => '/api/dossiers',
      // Invalid on purpose (no applicant): allowed roles get 422 and nothing is filed.
      json: () => ({ procedureCode, channel: 'counter' }),
      allowed: ['receptionistA', 'receptionistB'], // the agency is checked once the procedure is known (below)
    },
    {
      name: 'read a dossier of A',
      method: 'GET',
      path: () => `/api/dossiers/${code}`,
      allowed: [
        'receptionistA',
        'specialistA',
        'divisionHeadA',
        'departmentHeadA',
        'supervisorA',
        'supervisorAll',
      ],
    },
    {
      name: 'request a supplement',
      method: 'POST',
      path: () => `/api/dossiers/${code}/supplement-request`,
      json: () => ({ reason: 'r', missing: ['x'] }),
      allowed: ['receptionistA', 'specialistA', 'divisionHeadA', 'departmentHeadA'],
    },
    {
      name: 'withdraw',
      method: 'POST',
      path: () => `/api/dossiers/${code}/withdraw`,
      json: () => ({ reason: 'r' }),
      allowed: ['receptionistA'],
    },
    {
      name: 'refuse',
      method: 'POST',
      path: () => `/api/dossiers/${code}/refuse`,
      json: () => ({ reason: 'r' }),
      allowed: ['receptionistA', 'specialistA', 'divisionHeadA', 'departmentHeadA'],
    },
    {
      name: 'stop',
      method: 'POST',
      path: () => `/api/dossiers/${code}/stop`,
      json: () => ({ reason: 'r' }),
      allowed: ['divisionHeadA', 'departmentHeadA', 'supervisorA', 'supervisorAll'],
    },
    {
      name: 'apology',
      method: 'POST',
      path: () => `/api/dossiers/${code}/apology`,
      json: () => ({ reason: 'r', newAppointmentAt: '2099-01-01T00:00:00Z' }),
      allowed: ['divisionHeadA', 'departmentHeadA', 'supervisorA', 'supervisorAll'],
    },
    {
      name: 'record a fee',
      method: 'POST',
      path: () => `/api/dossiers/${code}/fees`,
      json: () => ({ receiptNo: 'X', amount: 'a lot' }),
      allowed: ['receptionistA'],
    },
    {
      name: 'claim a specialist task of A',
      method: 'POST',
      path: () => `/api/tasks/${workflowId}/appraise%231/claim`,
      json: () => ({}),
      allowed: ['specialistA'],
    },
    {
      name: 'reassign a task of A',
      method: 'POST',
      path: () => `/api/tasks/${workflowId}/appraise%231/reassign`,
      json: () => ({ assignee: 'someone' }),
      allowed: ['divisionHeadA', 'departmentHeadA', 'supervisorA', 'supervisorAll'],
    },
    {
      name: 'dossier statistics',
      method: 'GET',
      path: () => '/api/stats/dossiers',
      allowed: ['divisionHeadA', 'departmentHeadA', 'supervisorA', 'supervisorAll', 'admin'],
    },
    {
      name: 'staff statistics',
      method: 'GET',
      path: () => '/api/stats/staff',
      allowed: ['divisionHeadA', 'departmentHeadA', 'supervisorA', 'supervisorAll', 'admin'],
    },
    { name: 'list users', method: 'GET', path: () => '/api/users', allowed: ['admin'] },
    {
      name: 'audit log',
      method: 'GET',
      path: () => '/api/audit',
      allowed: ['admin', 'supervisorA', 'supervisorAll'],
    },
    {
      name: 'validate a model',
      method: 'POST',
      path: () => '/api/procedures/validate',
      json: () => ({}),
      allowed: ['publisher', 'editorA', 'editorB'],
    },
    {
      name: 'change step durations of A',
      method: 'POST',
      path: () => `/api/procedures/${procedureCode}/durations`,
      json: () => ({ durations: { receive: { amount: 2, unit: 'working-day' } }, changeNote: 'x' }),
      allowed: ['editorA', 'publisher'],
    },
    {
      name: 'retire a procedure',
      method: 'POST',
      path: () => `/api/procedures/${procedureCode}/retire`,
      json: () => ({}),
      allowed: ['publisher'],
    },
    {
      name: 'supplement-request slip at intake',
      method: 'POST',
      path: () => '/api/intake/supplement-request.pdf',
      json: () => ({ procedureCode, applicant: applicant(), supplied: [] }),
      allowed: ['receptionistA'],
    },
  ];

  for (const row of matrix) {
    it(`${row.name}`, async function () {
      for (const who of ALL) {
        const res = await call(app, row.method, row.path(), {
          token: tokens[who],
          ...(row.json ? { json: row.json() } : {}),
        });
        const label = `${who} → ${row.method} ${row.path()}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`;
        if (who === 'anonymous') expect(res.status, label).to.equal(401);
        else if (row.allowed.includes(who)) expect(res.status, label).to.not.be.oneOf([401, 403]);
        else expect(res.status, label).to.equal(403);
        expect(res.status, label).to.be.lessThan(500);
      }
    });
  }

  it('files only for the receptionist’s own agency', async function () {
    const body = {
      procedureCode,
      channel: 'counter',
      applicant: applicant(),
      data: {},
      paperComponents: ['don', 'cccd'],
    };
    const other = await call(app, 'POST', '/api/dossiers', { token: tokens.receptionistB, json: body });
    expect(other.status).to.equal(403);
  });

  it('scopes inboxes and lists to the caller’s agencies', async function () {
    const seen = async (who: RoleName) =>
      (
        (await call(app, 'GET', `/api/tasks?dossier=${code}`, { token: tokens[who] })).body.items as Array<{
          taskId: string;
        }>
      ).some((t) => t.taskId === 'appraise#1');
    expect(await seen('specialistA')).to.equal(true);
    expect(await seen('supervisorAll')).to.equal(true);
    expect(await seen('supervisorA')).to.equal(true);
    expect(await seen('specialistB')).to.equal(false);
    expect(await seen('receptionistA')).to.equal(false);
    const listed = async (who: RoleName) =>
      (
        (await call(app, 'GET', `/api/dossiers?q=${code}`, { token: tokens[who] })).body.items as Array<{
          code: string;
        }>
      ).some((d) => d.code === code);
    expect(await listed('receptionistA')).to.equal(true);
    expect(await listed('supervisorAll')).to.equal(true);
    expect(await listed('receptionistB')).to.equal(false);
    const statsB = await call(app, 'GET', `/api/stats/dossiers?agency=${A}`, { token: tokens.supervisorA });
    expect(statsB.body.items.map((r: { key: string }) => r.key)).to.deep.equal([A]);
  });

  it('refuses a forged or expired token', async function () {
    const forged = await call(app, 'GET', '/api/auth/me', { token: `${tokens.admin!.slice(0, -4)}AAAA` });
    expect(forged.status).to.equal(401);
    expect(forged.body.code).to.equal('invalid-token');
    const garbage = await call(app, 'GET', '/api/auth/me', { headers: { authorization: 'Basic abc' } });
    expect(garbage.status).to.equal(401);
  });
});
