/** Online filing by a citizen, public screens, statistics with CSV / XLSX export. */
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { uniqueSuffix } from '../support/stack.js';
import {
  applicant,
  call,
  publishFixture,
  startTestApp,
  terminateDossiers,
  userWithRoles,
  type TestApp,
} from './support.js';

describe('api: public filing, public screens and statistics', function () {
  let app: TestApp;
  let agency: string;
  let code: string;
  const filed: string[] = [];

  before(async function () {
    app = await startTestApp();
    agency = `ST${uniqueSuffix()
      .replace(/[^a-z0-9]/gi, '')
      .slice(-6)
      .toUpperCase()}`;
    ({ code } = await publishFixture(app, { agency }));
  });
  after(async function () {
    await terminateDossiers(app, filed);
    await app.close();
  });

  it('lets a citizen file online without an account (online channel only), then look it up', async function () {
    const body = {
      procedureCode: code,
      channel: 'online',
      applicant: applicant({ phone: '0987654321' }),
      data: {},
    };
    const missing = await call(app, 'POST', '/api/public/dossiers', { json: body });
    expect(missing.status).to.equal(422);
    expect(missing.body.code).to.equal('missing-components');
    const counter = await call(app, 'POST', '/api/public/dossiers', {
      json: { ...body, channel: 'counter' },
    });
    expect(counter.status).to.equal(422);
    expect(counter.body.errors[0].field).to.equal('channel');
    const form = new FormData();
    form.append('dossier', JSON.stringify(body));
    for (const c of ['don', 'cccd'])
      form.append(
        c,
        new Blob([Buffer.from(`%PDF-1.4 ${c}\n%%EOF`)], { type: 'application/pdf' }),
        `${c}.pdf`,
      );
    const ok = await call(app, 'POST', '/api/public/dossiers', { body: form });
    expect(ok.status, JSON.stringify(ok.body)).to.equal(201);
    filed.push(ok.body.code);
    expect(ok.body).to.not.have.property('applicant');
    const look = await call(app, 'GET', `/api/public/dossiers/${ok.body.code}`, {
      headers: { 'x-lookup-secret': '4321' },
    });
    expect(look.status).to.equal(200);
    expect(look.body.applicantName).to.equal('N* V* A*');
  });

  it('stops guessing the secret of one code, whatever the address', async function () {
    const target = filed[0]!;
    let status = 0;
    for (let i = 0; i < 11; i += 1) {
      status = (
        await call(app, 'GET', `/api/public/dossiers/${target}`, {
          headers: { 'x-lookup-secret': String(1000 + i), 'x-forwarded-for': `10.1.2.${i}` },
        })
      ).status;
    }
    expect(status).to.equal(429);
    const right = await call(app, 'GET', `/api/public/dossiers/${target}`, {
      headers: { 'x-lookup-secret': '4321', 'x-forwarded-for': '10.1.3.1' },
    });
    expect(right.status).to.equal(429);
  });

  it('computes statistics per agency and exports CSV and XLSX', async function () {
    const receptionist = (await userWithRoles(app, [{ role: 'receptionist', agency }], 'recv')).token;
    for (let i = 0; i < 2; i += 1) {
      const r = await call(app, 'POST', '/api/dossiers', {
        token: receptionist,
        json: {
          procedureCode: code,
          channel: 'counter',
          applicant: applicant(),
          data: {},
          paperComponents: ['don', 'cccd'],
        },
      });
      expect(r.status).to.equal(201);
      filed.push(r.body.code);
    }
    // One of them "returned late", as the interpreter would project it.
    await app.stack.knex('dossiers').where({ code: filed[1] }).update({
      status: 'returned',
      national_status: 10,
      outcome: 'returned',
      classification: 'late',
      finished_at: new Date(),
    });
    const supervisor = (await userWithRoles(app, [{ role: 'supervisor', agency }], 'sup')).token;
    const stats = await call(app, 'GET', `/api/stats/dossiers?groupBy=agency`, { token: supervisor });
    expect(stats.status).to.equal(200);
    const row = stats.body.items.find((r: { key: string }) => r.key === agency);
    expect(row).to.include({ received: 3, resolved: 1, late: 1, pending: 2 });
    expect(row.onTimeRate).to.equal(0);
    expect(stats.body.items.every((r: { key: string }) => r.key === agency)).to.equal(true);

    const csv = await fetch(`${app.baseUrl}/api/stats/dossiers?groupBy=agency&format=csv`, {
      headers: { authorization: `Bearer ${supervisor}` },
    });
    expect(csv.headers.get('content-type')).to.match(/text\/csv/);
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).to.deep.equal([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text).to.contain('Tiếp nhận / Received');
    expect(text).to.contain(`${agency},3,1,0,0,1`);

    const xlsx = await fetch(`${app.baseUrl}/api/stats/staff?format=xlsx`, {
      headers: { authorization: `Bearer ${supervisor}` },
    });
    expect(xlsx.status).to.equal(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ArrayBuffer);
    expect(wb.worksheets[0]!.getRow(1).getCell(1).value).to.equal('Cán bộ / Staff');

    const badPeriod = await call(app, 'GET', '/api/stats/dossiers?from=2026-12-01&to=2026-11-01', {
      token: supervisor,
    });
    expect(badPeriod.status).to.equal(422);
    const badDate = await call(app, 'GET', '/api/stats/dossiers?from=yesterday', { token: supervisor });
    expect(badDate.status).to.equal(422);
    expect(badDate.body.errors[0].field).to.equal('query.from');

    const screen = await call(app, 'GET', `/api/public/stats?agency=${agency}&period=month`);
    expect(screen.status).to.equal(200);
    expect(screen.body.items[0]).to.include({ key: agency, received: 3 });
    expect(JSON.stringify(screen.body)).not.to.contain('Nguyễn');
  });

  it('counts dossiers waiting for payment (national status 6) on their own, in JSON, CSV, XLSX and OpenAPI', async function () {
    // filed[2] (a counter filing of the previous test, still open) now waits for the applicant's fee.
    await app.stack.knex('dossiers').where({ code: filed[2] }).update({
      status: 'financial-obligation',
      national_status: 6,
    });
    const supervisor = (await userWithRoles(app, [{ role: 'supervisor', agency }], 'sup6')).token;
    const stats = await call(app, 'GET', '/api/stats/dossiers?groupBy=agency', { token: supervisor });
    expect(stats.status).to.equal(200);
    expect(stats.body.items).to.have.length(1);
    expect(stats.body.items[0]).to.include({ key: agency, pending: 2, supplement: 0, waitingPayment: 1 });
    expect(stats.body.total).to.include({ key: 'total', pending: 2, waitingPayment: 1 });

    const header = 'Chờ nghĩa vụ tài chính / Waiting for payment';
    const csv = await fetch(`${app.baseUrl}/api/stats/dossiers?groupBy=agency&format=csv`, {
      headers: { authorization: `Bearer ${supervisor}` },
    });
    const lines = (await csv.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    const columns = lines[0]!.split(',');
    const col = columns.indexOf(header);
    expect(col).to.equal(columns.indexOf('Chờ bổ sung / Supplement') + 1);
    const line = lines.find((l) => l.startsWith(`${agency},`))!.split(',');
    expect([line[col - 1], line[col]]).to.deep.equal(['0', '1']);

    const xlsx = await fetch(`${app.baseUrl}/api/stats/dossiers?groupBy=agency&format=xlsx`, {
      headers: { authorization: `Bearer ${supervisor}` },
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    const x = headers.indexOf(header) + 1;
    expect(x).to.be.greaterThan(0);
    expect(sheet.getRow(2).getCell(1).value).to.equal(agency);
    expect(sheet.getRow(2).getCell(x).value).to.equal(1);

    const screen = await call(app, 'GET', `/api/public/stats?agency=${agency}&period=month`);
    expect(screen.body.items[0]).to.include({ key: agency, waitingPayment: 1 });

    // The OpenAPI document describes the figure, and both answers fit the documented schemas.
    const doc = (await call(app, 'GET', '/api/openapi.json')).body;
    const schemaOf = (path: string) =>
      doc.paths[path].get.responses['200'].content['application/json'].schema;
    const ajv = new Ajv({ strict: false });
    const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
      addFormatsModule) as (a: Ajv) => void;
    addFormats(ajv);
    const dossiers = schemaOf('/api/stats/dossiers');
    expect(dossiers.properties.items.items.required).to.include('waitingPayment');
    expect(ajv.validate(dossiers, stats.body), JSON.stringify(ajv.errors)).to.equal(true);
    expect(ajv.validate(schemaOf('/api/public/stats'), screen.body), JSON.stringify(ajv.errors)).to.equal(
      true,
    );
    expect(ajv.validate(dossiers, { ...stats.body, total: { key: 'total' } })).to.equal(false);
  });
});
