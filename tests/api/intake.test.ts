import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { uniqueSuffix } from '../support/stack.js';
import {
  applicant,
  call,
  countObjects,
  multipart,
  pdfBytes,
  publishFixture,
  sha256,
  startTestApp,
  terminateDossiers,
  userWithRoles,
  type TestApp,
} from './support.js';

describe('api: intake (POST /api/dossiers)', function () {
  let app: TestApp;
  let agency: string;
  let code: string;
  let receptionist: string;
  const filed: string[] = [];
  const prefix = () => `documents/${new Date().toISOString().slice(0, 7)}`;

  before(async function () {
    app = await startTestApp({ uploadLimits: { maxFileBytes: 64 * 1024 } });
    agency = `AG${uniqueSuffix()
      .replace(/[^a-z0-9]/gi, '')
      .slice(-8)
      .toUpperCase()}`;
    ({ code } = await publishFixture(app, { agency }));
    receptionist = (await userWithRoles(app, [{ role: 'receptionist', agency }], 'recv')).token;
  });
  after(async function () {
    await terminateDossiers(app, filed);
    await app.close();
  });

  const dossier = (over: Record<string, unknown> = {}) => ({
    procedureCode: code,
    channel: 'counter',
    applicant: applicant(),
    data: { note: 'x' },
    ...over,
  });

  it('files a dossier with streamed documents, a national code and an appointment date', async function () {
    const don = pdfBytes('don');
    const cccd = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.alloc(2000, 7),
    ]);
    const res = await call(app, 'POST', '/api/dossiers', {
      token: receptionist,
      body: multipart(dossier(), [
        { field: 'don', name: 'Đơn đề nghị.pdf', type: 'application/pdf', bytes: don },
        { field: 'cccd', name: 'cccd.png', type: 'application/octet-stream', bytes: cccd },
      ]),
    });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    filed.push(res.body.code);
    expect(res.body.code).to.match(new RegExp(`^U\\.${agency}-\\d{6}-\\d{4}$`));
    expect(res.body.status).to.equal('accepted');
    expect(res.body.nationalStatus).to.equal(2);
    expect(new Date(res.body.appointmentAt).getTime()).to.be.greaterThan(
      new Date(res.body.receivedAt).getTime(),
    );
    expect(res.headers.get('location')).to.equal(`/api/dossiers/${res.body.code}`);
    const docs = res.body.documents as Array<{
      componentId: string;
      sha256: string;
      size: number;
      contentType: string;
      filename: string;
    }>;
    expect(docs.map((d) => d.componentId).sort()).to.deep.equal(['cccd', 'don']);
    const donDoc = docs.find((d) => d.componentId === 'don')!;
    expect(donDoc.sha256).to.equal(sha256(don));
    expect(donDoc.size).to.equal(don.length);
    expect(donDoc.filename).to.equal('Đơn đề nghị.pdf');
    // application/octet-stream is resolved from the bytes
    expect(docs.find((d) => d.componentId === 'cccd')!.contentType).to.equal('image/png');

    // The stored object has the same bytes (via the presigned download).
    const detail = await call(
      app,
      'GET',
      `/api/dossiers/${res.body.code}/documents/${(res.body.documents[0] as { id: string }).id}`,
      { token: receptionist },
    );
    expect(detail.status).to.equal(200);
    const bytes = Buffer.from(await (await fetch(detail.body.url)).arrayBuffer());
    expect(createHash('sha256').update(bytes).digest('hex')).to.equal(detail.body.sha256);

    const row = await app.stack.knex('dossiers').where({ code: res.body.code }).first();
    expect(row.status).to.equal('accepted');
    expect(row.national_status).to.equal(2);
    const audit = await app.stack
      .knex('audit_log')
      .where({ target_type: 'dossier', target_id: res.body.code });
    expect(audit.map((a: { action: string }) => a.action)).to.include('dossier.intake');
  });

  it('accepts JSON intake with components handed over on paper', async function () {
    const res = await call(app, 'POST', '/api/dossiers', {
      token: receptionist,
      json: dossier({ paperComponents: ['don', 'cccd'] }),
    });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    filed.push(res.body.code);
    expect(res.body.documents).to.deep.equal([]);
  });

  it('refuses an incomplete dossier, naming the missing components, and keeps nothing', async function () {
    const before = await app.stack.knex('dossiers').where({ agency_code: agency }).count({ n: '*' });
    const objects = await countObjects(app, prefix());
    const res = await call(app, 'POST', '/api/dossiers', {
      token: receptionist,
      body: multipart(dossier(), [
        { field: 'don', name: 'don.pdf', type: 'application/pdf', bytes: pdfBytes() },
      ]),
    });
    expect(res.status).to.equal(422);
    expect(res.headers.get('content-type')).to.match(/application\/problem\+json/);
    expect(res.body.code).to.equal('missing-components');
    expect(res.body.missing.map((m: { id: string }) => m.id)).to.deep.equal(['cccd']);
    expect(res.body.errors[0].field).to.equal('cccd');
    expect(res.body.message.vi).to.be.a('string');
    expect(res.body.message.en).to.be.a('string');
    const after = await app.stack.knex('dossiers').where({ agency_code: agency }).count({ n: '*' });
    expect(after).to.deep.equal(before);
    expect(await countObjects(app, prefix())).to.equal(objects);
  });

  it('rejects bad input with a problem document naming the field', async function () {
    const missing = await call(app, 'POST', '/api/dossiers', {
      token: receptionist,
      json: { procedureCode: code, channel: 'counter' },
    });
    expect(missing.status).to.equal(422);
    expect(missing.body.errors.map((e: { field: string }) => e.field)).to.include('applicant');

    const wrongType = await call(app, 'POST', '/api/dossiers', {
      token: receptionist,
      json: dossier({ applicant: applicant({ phone: 12345 }) }),
    });
    expect(wrongType.status).to.equal(422);
    expect(wrongType.body.errors[0].field).to.equal('applicant.phone');

    const badChannel = await call(app, 'POST', '/api/dossiers', {
      token: receptionist,
      json: dossier({ channel: 'fax' }),
    });
    expect(badChannel.status).to.equal(422);
    expect(badChannel.body.errors[0].field).to.equal('channel');

    const unknown = await call(app, 'POST', '/api/dossiers', {
      token: receptionist,
      json: dossier({ procedureCode: 'NO.SUCH.CODE' }),
    });
    expect(unknown.status).to.equal(422);
    expect(unknown.body.code).to.equal('unknown-procedure');

    const malformed = await call(app, 'POST', '/api/dossiers', {
      token: receptionist,
      body: '{"procedureCode": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.status).to.equal(400);
    expect(malformed.body.code).to.equal('malformed-json');
    expect(JSON.stringify(malformed.body)).not.to.match(/at .*\.js/);

    const badField = await call(app, 'POST', '/api/dossiers', {
      token: receptionist,
      body: multipart('{nope', []),
    });
    expect(badField.status).to.equal(400);

    const text = await call(app, 'POST', '/api/dossiers', {
      token: receptionist,
      body: 'hello',
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.status).to.equal(415);
  });

  it('rejects wrong-type, disguised, oversized and unknown-component uploads and deletes what it stored', async function () {
    const objects = await countObjects(app, prefix());
    const cccd = { field: 'cccd', name: 'cccd.pdf', type: 'application/pdf', bytes: pdfBytes('cccd') };
    const wrongType = await call(app, 'POST', '/api/dossiers', {
      token: receptionist,
      body: multipart(dossier(), [
        cccd,
        { field: 'don', name: 'don.txt', type: 'text/plain', bytes: Buffer.from('hello') },
      ]),
    });
    expect(wrongType.status).to.equal(415);
    expect(wrongType.body.errors[0].field).to.equal('don');

    const disguised = await call(app, 'POST', '/api/dossiers', {
      token: receptionist,
      body: multipart(dossier(), [
        cccd,
        { field: 'don', name: 'don.pdf', type: 'application/pdf', bytes: Buffer.alloc(100, 0x41) },
      ]),
    });
    expect(disguised.status).to.equal(415);

    const big = Buffer.concat([pdfBytes(), Buffer.alloc(100 * 1024, 0x20)]);
    const oversized = await call(app, 'POST', '/api/dossiers', {
      token: receptionist,
      body: multipart(dossier(), [
        cccd,
        { field: 'don', name: 'don.pdf', type: 'application/pdf', bytes: big },
      ]),
    });
    expect(oversized.status).to.equal(413);
    expect(oversized.body.errors[0].field).to.equal('don');

    const unknownComponent = await call(app, 'POST', '/api/dossiers', {
      token: receptionist,
      body: multipart(dossier(), [
        cccd,
        { field: 'don', name: 'don.pdf', type: 'application/pdf', bytes: pdfBytes() },
        { field: 'ghost', name: 'x.pdf', type: 'application/pdf', bytes: pdfBytes() },
      ]),
    });
    expect(unknownComponent.status).to.equal(422);
    expect(unknownComponent.body.errors[0].field).to.equal('ghost');
    expect(await countObjects(app, prefix())).to.equal(objects);
  });

  it('answers a retried request with the first filing and refuses a reused key with other content', async function () {
    const key = `k-${uniqueSuffix()}`;
    const form = () =>
      multipart(dossier(), [
        { field: 'don', name: 'don.pdf', type: 'application/pdf', bytes: pdfBytes('same') },
        { field: 'cccd', name: 'cccd.pdf', type: 'application/pdf', bytes: pdfBytes('cccd') },
      ]);
    const first = await call(app, 'POST', '/api/dossiers', {
      token: receptionist,
      body: form(),
      headers: { 'idempotency-key': key },
    });
    expect(first.status, JSON.stringify(first.body)).to.equal(201);
    filed.push(first.body.code);
    const objects = await countObjects(app, prefix());
    const again = await call(app, 'POST', '/api/dossiers', {
      token: receptionist,
      body: form(),
      headers: { 'idempotency-key': key },
    });
    expect(again.status).to.equal(200);
    expect(again.headers.get('idempotent-replayed')).to.equal('true');
    expect(again.body.code).to.equal(first.body.code);
    expect(await countObjects(app, prefix())).to.equal(objects);
    const other = await call(app, 'POST', '/api/dossiers', {
      token: receptionist,
      json: dossier({ paperComponents: ['don', 'cccd'], data: { other: true } }),
      headers: { 'idempotency-key': key },
    });
    expect(other.status).to.equal(409);
    expect(other.body.code).to.equal('idempotency-key-reused');
    const rows = await app.stack.knex('dossiers').where({ idempotency_key: key });
    expect(rows).to.have.length(1);

    const badKey = await call(app, 'POST', '/api/dossiers', {
      token: receptionist,
      json: dossier(),
      headers: { 'idempotency-key': 'has space' },
    });
    expect(badKey.status).to.equal(400);
    expect(badKey.body.errors[0].field).to.equal('Idempotency-Key');
  });

  it('files concurrent retries of one key exactly once', async function () {
    const key = `c-${uniqueSuffix()}`;
    const body = dossier({ paperComponents: ['don', 'cccd'] });
    const results = await Promise.all(
      [1, 2, 3, 4].map(() =>
        call(app, 'POST', '/api/dossiers', {
          token: receptionist,
          json: body,
          headers: { 'idempotency-key': key },
        }),
      ),
    );
    const codes = new Set(results.map((r) => r.body.code));
    expect(results.map((r) => r.status).sort()).to.satisfy((s: number[]) =>
      s.every((x) => x === 200 || x === 201),
    );
    expect(codes.size).to.equal(1);
    filed.push(...codes);
    expect(await app.stack.knex('dossiers').where({ idempotency_key: key })).to.have.length(1);
  });

  it('lets only receptionists of the procedure agency file', async function () {
    const anonymous = await call(app, 'POST', '/api/dossiers', {
      json: dossier({ paperComponents: ['don', 'cccd'] }),
    });
    expect(anonymous.status).to.equal(401);
    const specialist = await userWithRoles(app, [{ role: 'specialist', agency }], 'spec');
    const asSpecialist = await call(app, 'POST', '/api/dossiers', {
      token: specialist.token,
      json: dossier({ paperComponents: ['don', 'cccd'] }),
    });
    expect(asSpecialist.status).to.equal(403);
    const elsewhere = await userWithRoles(app, [{ role: 'receptionist', agency: 'OTHER-AGENCY' }], 'recv2');
    const outside = await call(app, 'POST', '/api/dossiers', {
      token: elsewhere.token,
      json: dossier({ paperComponents: ['don', 'cccd'] }),
    });
    expect(outside.status).to.equal(403);
    expect(outside.body.code).to.equal('outside-agency');
  });
});
