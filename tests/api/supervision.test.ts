/**
 * /api/supervision over HTTP against the real stack: who may read and change what (agency scoping included),
 * validation of bodies and queries (the schemas the OpenAPI document publishes), and the readable Temporal
 * history of a real workflow. The scan's success path needs a worker: the ops-console e2e test covers it.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { bilingualText } from '../../api/index.js';
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

describe('api: supervision endpoints (roles, validation, inspector history)', function () {
  this.timeout(120_000);
  let app: TestApp;
  let A: string;
  let code: string;
  let workflowId: string;
  const t = {} as Record<
    'receptionistA' | 'specialistA' | 'divisionHeadA' | 'supervisorA' | 'supervisorB' | 'admin',
    string
  >;

  before(async function () {
    app = await startTestApp();
    const s = uniqueSuffix()
      .replace(/[^a-z0-9]/gi, '')
      .slice(-6)
      .toUpperCase();
    A = `SA${s}`;
    const B = `SB${s}`;
    const { code: procedureCode } = await publishFixture(app, { agency: A });
    await publishFixture(app, { agency: B });
    const make = async (name: keyof typeof t, role: string, agency: string) => {
      t[name] = (await userWithRoles(app, [{ role, agency }], name)).token;
    };
    await make('receptionistA', 'receptionist', A);
    await make('specialistA', 'specialist', A);
    await make('divisionHeadA', 'division-head', A);
    await make('supervisorA', 'supervisor', A);
    await make('supervisorB', 'supervisor', B);
    t.admin = await adminToken(app);
    const filed = await call(app, 'POST', '/api/dossiers', {
      token: t.receptionistA,
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
    // No worker here: the workflow is ended so its history is complete and nothing waits on it.
    await terminateDossiers(app, [code]);
  });

  after(async () => {
    await app.stack.knex('supervision_findings').where({ dossier_code: code }).delete();
    await app.stack.knex('supervision_findings').where({ agency_code: A }).delete();
    await app.close();
  });

  it('turns away anonymous callers and roles without supervision rights', async () => {
    for (const path of [
      '/api/supervision/settings',
      '/api/supervision/stuck',
      '/api/supervision/deadlines',
    ]) {
      expect((await call(app, 'GET', path)).status, `anonymous ${path}`).to.equal(401);
      for (const who of ['receptionistA', 'specialistA'] as const) {
        const res = await call(app, 'GET', path, { token: t[who] });
        expect(res.status, `${who} ${path}`).to.equal(403);
        expect(res.headers.get('content-type')).to.match(/application\/problem\+json/);
      }
    }
    // Reading is for leaders, supervisors and admins; changing the threshold and scanning for supervisors only.
    for (const who of ['divisionHeadA', 'admin'] as const) {
      expect((await call(app, 'GET', '/api/supervision/settings', { token: t[who] })).status, who).to.equal(
        200,
      );
      expect(
        (await call(app, 'PUT', '/api/supervision/settings', { token: t[who], json: { idleWorkingDays: 2 } }))
          .status,
        `${who} PUT settings`,
      ).to.equal(403);
      expect(
        (await call(app, 'POST', '/api/supervision/scan', { token: t[who], json: {} })).status,
        `${who} scan`,
      ).to.equal(403);
    }
  });

  it('validates bodies and queries with the published schemas, naming the field', async () => {
    const cases: Array<{ method: string; path: string; json?: unknown; field: string }> = [
      { method: 'PUT', path: '/api/supervision/settings', json: {}, field: 'idleWorkingDays' },
      {
        method: 'PUT',
        path: '/api/supervision/settings',
        json: { idleWorkingDays: 0 },
        field: 'idleWorkingDays',
      },
      {
        method: 'PUT',
        path: '/api/supervision/settings',
        json: { idleWorkingDays: 61 },
        field: 'idleWorkingDays',
      },
      {
        method: 'PUT',
        path: '/api/supervision/settings',
        json: { idleWorkingDays: '1' },
        field: 'idleWorkingDays',
      },
      {
        method: 'PUT',
        path: '/api/supervision/settings',
        json: { idleWorkingDays: 1, extra: 1 },
        field: 'extra',
      },
      {
        method: 'POST',
        path: '/api/supervision/scan',
        json: { idleWorkingDays: -1 },
        field: 'idleWorkingDays',
      },
      { method: 'POST', path: '/api/supervision/scan', json: { everything: true }, field: 'everything' },
      { method: 'GET', path: '/api/supervision/deadlines?which=soon', field: 'query.which' },
      { method: 'GET', path: '/api/supervision/deadlines?limit=0', field: 'query.limit' },
      { method: 'GET', path: '/api/supervision/deadlines?withinHours=x', field: 'query.withinHours' },
      { method: 'GET', path: '/api/supervision/reports?kind=weekly', field: 'query.kind' },
      { method: 'GET', path: '/api/supervision/reports?other=1', field: 'query.other' },
    ];
    for (const c of cases) {
      const res = await call(app, c.method, c.path, { token: t.supervisorA, json: c.json });
      const what = `${c.method} ${c.path} ${JSON.stringify(c.json ?? null)}`;
      expect(res.status, what).to.equal(422);
      expect(res.body.code, what).to.equal('validation');
      expect(
        (res.body.errors as Array<{ field: string }>).map((e) => e.field),
        what,
      ).to.include(c.field);
    }
  });

  it('saves the threshold (audited) and applies query defaults', async () => {
    const before = await call(app, 'GET', '/api/supervision/settings', { token: t.supervisorA });
    expect(before.status).to.equal(200);
    expect(before.body.idleWorkingDays).to.be.a('number');
    // The same value written back: the test stack is shared, the threshold must not move under others' tests.
    const reason = `test ${uniqueSuffix()}`;
    const put = await call(app, 'PUT', '/api/supervision/settings', {
      token: t.supervisorA,
      json: { idleWorkingDays: before.body.idleWorkingDays, reason },
    });
    expect(put.status, JSON.stringify(put.body)).to.equal(200);
    expect(put.body).to.deep.equal({ idleWorkingDays: before.body.idleWorkingDays });
    const row = await app.stack.knex('audit_log').where({ action: 'supervision.settings', reason }).first();
    expect(row, 'audit row').to.not.equal(undefined);

    const deadlines = await call(app, 'GET', '/api/supervision/deadlines', { token: t.supervisorA });
    expect(deadlines.status).to.equal(200);
    expect(deadlines.body.which).to.equal('late');
    expect(deadlines.body.items).to.be.an('array');
    const near = await call(app, 'GET', '/api/supervision/deadlines?which=near&withinHours=1.5&limit=5', {
      token: t.supervisorA,
    });
    expect(near.status).to.equal(200);
    expect(near.body.which).to.equal('near');
    const reports = await call(app, 'GET', '/api/supervision/reports?kind=daily', { token: t.supervisorA });
    expect(reports.status).to.equal(200);
    expect((reports.body.items as Array<{ kind: string }>).every((r) => r.kind === 'daily')).to.equal(true);
  });

  it('lists stuck dossiers in the caller’s agencies only', async () => {
    const d = await app.stack.knex('dossiers').where({ code }).first();
    const now = new Date();
    await app.stack.knex('supervision_findings').insert({
      dossier_id: d.id,
      dossier_code: code,
      workflow_id: workflowId,
      agency_code: A,
      kind: 'idle',
      node_id: 'receive',
      reason: 'Không có tiến triển / no progress',
      since: new Date(now.getTime() - 86_400_000),
      detected_at: now,
      last_seen_at: now,
    });
    const mine = await call(app, 'GET', '/api/supervision/stuck', { token: t.supervisorA });
    expect(mine.status).to.equal(200);
    const item = (mine.body.items as Array<Record<string, unknown>>).find((i) => i.dossierCode === code);
    expect(item, 'own agency finding').to.include({
      kind: 'idle',
      source: 'scan',
      agencyCode: A,
      nodeId: 'receive',
    });
    expect(item!.stepName).to.deep.equal({ vi: 'Tiếp nhận' });
    const other = await call(app, 'GET', '/api/supervision/stuck', { token: t.supervisorB });
    expect(other.status).to.equal(200);
    expect((other.body.items as Array<{ dossierCode: string }>).map((i) => i.dossierCode)).to.not.include(
      code,
    );
  });

  it('splits each stuck reason by language (reasonText), keeping the stored one-line reason', async () => {
    const now = new Date();
    const suffix = uniqueSuffix();
    const failing =
      'Tác vụ quy trình lỗi, đang thử lại lần 3: không rõ / unknown — hồ sơ không tiến triển / ' +
      'Workflow task failing, attempt 3: không rõ / unknown — the dossier cannot move';
    const reasons: Record<string, { reason: string; vi: string; en: string }> = {
      idle: {
        reason:
          'Không có tiến triển 2 ngày làm việc (sự kiện cuối: task.claimed) / no progress for 2 working day(s) (last event: task.claimed)',
        vi: 'Không có tiến triển 2 ngày làm việc (sự kiện cuối: task.claimed)',
        en: 'no progress for 2 working day(s) (last event: task.claimed)',
      },
      'call-failed': {
        reason: 'HTTP 500 from https://lienthong.example.vn/hook',
        vi: 'HTTP 500 from https://lienthong.example.vn/hook',
        en: 'HTTP 500 from https://lienthong.example.vn/hook',
      },
      'workflow-task-failing': {
        reason: failing,
        vi: 'Tác vụ quy trình lỗi, đang thử lại lần 3: không rõ / unknown — hồ sơ không tiến triển',
        en: 'Workflow task failing, attempt 3: không rõ / unknown — the dossier cannot move',
      },
    };
    for (const [kind, r] of Object.entries(reasons)) {
      const dossierCode = `RS-${kind}-${suffix}`;
      await app.stack.knex('supervision_findings').insert({
        dossier_id: randomUUID(),
        dossier_code: dossierCode,
        workflow_id: `dossier-${dossierCode}`,
        agency_code: A,
        kind,
        node_id: 'receive',
        reason: r.reason,
        since: new Date(now.getTime() - 86_400_000),
        detected_at: now,
        // In the future: a scan another test runs meanwhile does not close these rows.
        last_seen_at: new Date(now.getTime() + 86_400_000),
      });
    }
    const res = await call(app, 'GET', '/api/supervision/stuck', { token: t.supervisorA });
    expect(res.status).to.equal(200);
    for (const [kind, r] of Object.entries(reasons)) {
      const item = (res.body.items as Array<Record<string, unknown>>).find(
        (i) => i.dossierCode === `RS-${kind}-${suffix}`,
      );
      expect(item, kind).to.not.equal(undefined);
      expect(item!.reason, kind).to.equal(r.reason);
      expect(item!.reasonText, kind).to.deep.equal({ vi: r.vi, en: r.en });
    }
  });

  it('reads "vi / en" texts the way the scan writes them (bilingualText)', () => {
    expect(bilingualText('Không có tiến triển / no progress')).to.deep.equal({
      vi: 'Không có tiến triển',
      en: 'no progress',
    });
    expect(bilingualText('HTTP 500')).to.deep.equal({ vi: 'HTTP 500', en: 'HTTP 500' });
    // A plugin's failure as the webhook plugin words it: each language keeps the status code.
    expect(bilingualText('http://h/hook trả về HTTP 500 / http://h/hook answered HTTP 500')).to.deep.equal({
      vi: 'http://h/hook trả về HTTP 500',
      en: 'http://h/hook answered HTTP 500',
    });
    // A message repeated in both halves: the middle separator splits.
    expect(bilingualText('lỗi: không rõ / unknown / failed: không rõ / unknown')).to.deep.equal({
      vi: 'lỗi: không rõ / unknown',
      en: 'failed: không rõ / unknown',
    });
    // Two separators: the split whose left reads Vietnamese and right does not.
    expect(bilingualText('Lỗi: không rõ / lỗi khác / call failed')).to.deep.equal({
      vi: 'Lỗi: không rõ / lỗi khác',
      en: 'call failed',
    });
    expect(bilingualText('Lỗi gọi dịch vụ / call failed / try again')).to.deep.equal({
      vi: 'Lỗi gọi dịch vụ',
      en: 'call failed / try again',
    });
    // A slash without spaces is not a separator.
    expect(bilingualText('Lỗi A/B / error A/B')).to.deep.equal({ vi: 'Lỗi A/B', en: 'error A/B' });
  });

  it('inspects only for supervisors and leaders of the dossier’s agency', async () => {
    for (const path of [`/api/supervision/dossiers/${code}`, `/api/supervision/dossiers/${code}/history`]) {
      for (const who of ['specialistA', 'receptionistA', 'supervisorB', 'admin'] as const) {
        expect((await call(app, 'GET', path, { token: t[who] })).status, `${who} ${path}`).to.equal(403);
      }
      const missing = await call(app, 'GET', path.replace(code, `NO-${code}`), { token: t.supervisorA });
      expect(missing.status).to.equal(404);
      expect(missing.body.code).to.equal('dossier-not-found');
    }
  });

  it('reads the Temporal history of the dossier as steps, people and times', async () => {
    for (const who of ['supervisorA', 'divisionHeadA'] as const) {
      const res = await call(app, 'GET', `/api/supervision/dossiers/${code}/history`, { token: t[who] });
      expect(res.status, `${who}: ${JSON.stringify(res.body)}`).to.equal(200);
      expect(res.body.workflowId).to.equal(workflowId);
      expect(res.body.total).to.be.greaterThan(0);
      const types = (res.body.items as Array<{ type: string }>).map((i) => i.type);
      expect(types[0]).to.equal('WORKFLOW_EXECUTION_STARTED');
      const ended = (
        res.body.items as Array<{ type: string; failed?: boolean; what: { vi: string; en: string } }>
      ).at(-1)!;
      expect(ended.type).to.equal('WORKFLOW_EXECUTION_TERMINATED');
      expect(ended.failed).to.equal(true);
      expect(ended.what.en).to.equal('Workflow ended');
    }
  });
});
