import { expect } from 'chai';
import { Ajv } from 'ajv';
import { call, startTestApp, userWithRoles, type TestApp } from './support.js';
import { STAFF_ROLES } from '../../api/index.js';

const ALL_METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

describe('api: OpenAPI document and docs', function () {
  let app: TestApp;
  let doc: { openapi: string; paths: Record<string, Record<string, any>> }; // eslint-disable-line @typescript-eslint/no-explicit-any
  let superToken: string;

  before(async function () {
    app = await startTestApp();
    const res = await call(app, 'GET', '/api/openapi.json');
    expect(res.status).to.equal(200);
    doc = res.body;
    superToken = (
      await userWithRoles(
        app,
        STAFF_ROLES.map((role) => ({ role, agency: '*' })),
        'all',
      )
    ).token;
  });
  after(async () => app.close());

  it('is OpenAPI 3.1 with bilingual summaries, examples for every JSON body and problem answers', function () {
    expect(doc.openapi).to.equal('3.1.0');
    let ops = 0;
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const method of ALL_METHODS) {
        const op = item[method];
        if (!op) continue;
        ops += 1;
        expect(op.summary, `${method} ${path}`).to.match(/ \/ /);
        expect(op.responses, `${method} ${path}`).to.be.an('object');
        const json = op.requestBody?.content?.['application/json'];
        if (json) expect(json.example, `example of ${method} ${path}`).to.not.equal(undefined);
        for (const [status, r] of Object.entries(
          op.responses as Record<string, { content?: Record<string, { example?: unknown }> }>,
        )) {
          const body = r.content?.['application/json'];
          if (status.startsWith('2') && body)
            expect(body.example, `answer example of ${method} ${path}`).to.not.equal(undefined);
        }
      }
    }
    expect(ops).to.be.greaterThan(55);
  });

  it('documents only routed endpoints (each answers something other than "no such endpoint")', async function () {
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const method of ALL_METHODS) {
        if (!item[method]) continue;
        const url = path.replace(/\{(\w+)\}/g, (_m, name: string) =>
          name === 'version' ? '1' : `x-${name}`,
        );
        const res = await call(app, method.toUpperCase(), url, {
          token: superToken,
          ...(method === 'get' || method === 'delete' ? {} : { json: {} }),
        });
        expect(res.status, `${method} ${url}`).to.be.lessThan(500);
        expect(res.body?.code, `${method} ${url}`).to.not.equal('no-such-endpoint');
      }
    }
  });

  it('publishes schemas ajv accepts (the ones requests are validated with)', function () {
    const ajv = new Ajv({ strict: false, validateFormats: false });
    for (const item of Object.values(doc.paths)) {
      for (const method of ALL_METHODS) {
        const schema = item[method]?.requestBody?.content?.['application/json']?.schema;
        if (schema) expect(() => ajv.compile(schema)).to.not.throw();
      }
    }
  });

  it('serves browsable docs', async function () {
    const page = await fetch(`${app.baseUrl}/api/docs`);
    expect(page.status).to.equal(200);
    expect(await page.text()).to.contain('swagger-ui-bundle.js');
    const bundle = await fetch(`${app.baseUrl}/api/docs/swagger-ui-bundle.js`);
    expect(bundle.status).to.equal(200);
    await bundle.arrayBuffer();
  });

  it('answers unknown endpoints with a problem document', async function () {
    const anonymous = await call(app, 'GET', '/api/nothing-here');
    expect(anonymous.status).to.equal(401);
    const res = await call(app, 'GET', '/api/nothing-here', { token: superToken });
    expect(res.status).to.equal(404);
    expect(res.headers.get('content-type')).to.match(/application\/problem\+json/);
    expect(res.body.code).to.equal('no-such-endpoint');
  });
});
