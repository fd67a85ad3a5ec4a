/**
 * Bad input on every endpoint family, driven by the OpenAPI document: bodies that are not objects, each required
 * field with a wrong type, malformed queries, unknown ids. Every answer is a 4xx problem document naming the field,
 * never a 500; and nothing is half-written in PostgreSQL or MinIO.
 */
import { expect } from 'chai';
import { STAFF_ROLES } from '../../api/index.js';
import { uniqueSuffix } from '../support/stack.js';
import {
  applicant,
  call,
  countObjects,
  publishFixture,
  startTestApp,
  terminateDossiers,
  userWithRoles,
  type TestApp,
} from './support.js';

type Schema = {
  type?: string | string[];
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  examples?: unknown[];
};

function wrongValue(s: Schema): unknown {
  if (s.enum) return 'not-one-of-them';
  const t = Array.isArray(s.type) ? s.type.filter((x) => x !== 'null')[0] : s.type;
  switch (t) {
    case 'string':
      return 12345;
    case 'integer':
    case 'number':
      return 'abc';
    case 'boolean':
      return 'abc';
    case 'array':
      return 'abc';
    case 'object':
      return 'abc';
    default:
      return undefined;
  }
}

describe('api: bad input on every endpoint family', function () {
  this.timeout(120_000);
  let app: TestApp;
  let token: string;
  let username: string;
  let agency: string;
  let procedureCode: string;
  let code: string;
  let workflowId: string;
  let doc: {
    paths: Record<
      string,
      Record<
        string,
        {
          requestBody?: { content: Record<string, { schema: Schema; example?: unknown }> };
          parameters?: Array<{ in: string; name: string; schema: Schema }>;
        }
      >
    >;
  };

  const counts = async () => {
    const k = app.stack.knex;
    const ids = k('dossiers').select('id').where({ agency_code: agency });
    const n = async (q: Promise<Array<{ n: string | number }>>) => Number((await q)[0]!.n);
    return {
      dossiers: await n(k('dossiers').where({ agency_code: agency }).count({ n: '*' }) as never),
      documents: await n(k('documents').whereIn('dossier_id', ids).count({ n: '*' }) as never),
      fees: await n(k('fee_payments').whereIn('dossier_id', ids).count({ n: '*' }) as never),
      ratings: await n(k('ratings').whereIn('dossier_id', ids).count({ n: '*' }) as never),
      versions: await n(
        k('procedure_versions')
          .join('procedures', 'procedures.id', 'procedure_versions.procedure_id')
          .where('procedures.agency_code', agency)
          .count({ n: '*' }) as never,
      ),
      objects: await countObjects(app, `documents/${new Date().toISOString().slice(0, 7)}`),
    };
  };

  before(async function () {
    app = await startTestApp();
    agency = `BI${uniqueSuffix()
      .replace(/[^a-z0-9]/gi, '')
      .slice(-6)
      .toUpperCase()}`;
    ({ code: procedureCode } = await publishFixture(app, { agency }));
    const u = await userWithRoles(app, [...STAFF_ROLES.map((role) => ({ role, agency: '*' }))], 'all');
    token = u.token;
    username = u.username;
    const filed = await call(app, 'POST', '/api/dossiers', {
      token,
      json: {
        procedureCode,
        channel: 'counter',
        applicant: applicant({ phone: '0911112222' }),
        data: {},
        paperComponents: ['don', 'cccd'],
      },
    });
    expect(filed.status).to.equal(201);
    code = filed.body.code;
    workflowId = filed.body.workflowId;
    // Ended, so that nothing that slipped through validation could change it.
    await terminateDossiers(app, [code]);
    await app.stack
      .knex('dossiers')
      .where({ code })
      .update({ status: 'stopped', national_status: 8, outcome: 'stopped', finished_at: new Date() });
    const d = await app.stack.knex('dossiers').where({ code }).first();
    await app.stack.knex('tasks').insert({
      dossier_id: d.id,
      workflow_id: workflowId,
      task_id: 'receive#1',
      node_id: 'receive',
      name_vi: 'Tiếp nhận',
      role: 'receptionist',
      agency_code: agency,
      status: 'open',
      opened_at: new Date(),
    });
    doc = (await call(app, 'GET', '/api/openapi.json')).body;
  });
  after(async () => app.close());

  const concrete = (path: string) =>
    path
      .replace('/api/procedures/{code}', `/api/procedures/${procedureCode}`)
      .replace('{code}', code)
      .replace('{version}', '1')
      .replace('{workflowId}', workflowId)
      .replace('{taskId}', 'receive%231')
      .replace('{username}', username)
      .replace('{docId}', '00000000-0000-0000-0000-000000000000')
      .replace('{incidentId}', 'none');
  const headers = (path: string) =>
    path.startsWith('/api/public/dossiers/{code}') ? { 'x-lookup-secret': '2222' } : undefined;

  it('answers bodies that are not JSON objects with 4xx problems', async function () {
    const before = await counts();
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        if (!op.requestBody?.content['application/json']) continue;
        for (const body of ['[]', '"text"', '42', '{"unclosed":']) {
          const res = await call(app, method.toUpperCase(), concrete(path), {
            token,
            body,
            headers: { 'content-type': 'application/json', ...headers(path) },
          });
          const label = `${method} ${path} ${body}: ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`;
          expect(res.status, label).to.be.within(400, 499);
          expect(res.headers.get('content-type'), label).to.match(/application\/problem\+json/);
          expect(res.body.message.vi, label).to.be.a('string');
          expect(res.body.message.en, label).to.be.a('string');
        }
      }
    }
    expect(await counts()).to.deep.equal(before);
  });

  it('names each required field sent with a wrong type', async function () {
    const before = await counts();
    let checked = 0;
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        const media = op.requestBody?.content['application/json'];
        if (!media?.schema.properties) continue;
        for (const field of media.schema.required ?? []) {
          const wrong = wrongValue(media.schema.properties[field] ?? {});
          if (wrong === undefined) continue;
          const base = (media.example && typeof media.example === 'object' ? media.example : {}) as Record<
            string,
            unknown
          >;
          const res = await call(app, method.toUpperCase(), concrete(path), {
            token,
            json: { ...base, [field]: wrong },
            headers: headers(path),
          });
          const label = `${method} ${path} ${field}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`;
          expect(res.status, label).to.equal(422);
          expect(
            (res.body.errors as Array<{ field: string }>).some(
              (e) => e.field === field || e.field.startsWith(`${field}.`),
            ),
            label,
          ).to.equal(true);
          checked += 1;
        }
      }
    }
    expect(checked).to.be.greaterThan(30);
    expect(await counts()).to.deep.equal(before);
  });

  it('rejects malformed queries on every list endpoint', async function () {
    for (const [path, item] of Object.entries(doc.paths)) {
      const op = item.get;
      const limit = op?.parameters?.find((p) => p.in === 'query' && p.name === 'limit');
      if (!limit) continue;
      for (const q of ['limit=abc', 'limit=0', 'limit=100000', 'offset=-1', 'unknownParam=1']) {
        const res = await call(app, 'GET', `${concrete(path)}?${q}`, { token });
        expect(res.status, `${path}?${q}`).to.equal(422);
        expect(res.body.errors[0].field, `${path}?${q}`).to.match(/^query\./);
      }
    }
  });

  it('answers unknown ids with 404 problems', async function () {
    for (const path of [
      '/api/dossiers/NOPE-000000-0000',
      `/api/dossiers/${code}/documents/00000000-0000-0000-0000-000000000000`,
      `/api/dossiers/${code}/documents/not-a-uuid`,
      '/api/procedures/NO.SUCH.CODE',
      `/api/procedures/${procedureCode}/versions/99`,
      '/api/users/nobody-at-all',
    ]) {
      const res = await call(app, 'GET', path, { token });
      expect(res.status, path).to.equal(404);
      expect(res.body.code, path).to.match(/not-found/);
    }
    const task = await call(app, 'POST', `/api/tasks/${workflowId}/ghost%231/claim`, { token, json: {} });
    expect(task.status).to.equal(404);
    const wf = await call(app, 'POST', `/api/tasks/nope/receive%231/complete`, {
      token,
      json: { outcome: 'x' },
    });
    expect(wf.status).to.equal(404);
  });
});
