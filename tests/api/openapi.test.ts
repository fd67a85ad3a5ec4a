import { expect } from 'chai';
import { Ajv } from 'ajv';
import { call, startTestApp, userWithRoles, type TestApp } from './support.js';
import { STAFF_ROLES } from '../../api/index.js';

const ALL_METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** What the walk needs of express 5's router layers (router 2.x: `rawPath`, `slash`, `route`, `handle.stack`). */
interface RouterLayer {
  rawPath?: unknown;
  slash?: boolean;
  route?: { path: unknown; methods: Record<string, boolean> };
  handle?: { stack?: RouterLayer[] };
}

/** Every routed "method path" of an express app, express `:param` written as OpenAPI `{param}`. */
function routedOperations(app: { router: { stack: RouterLayer[] } }): string[] {
  const out: string[] = [];
  const asList = (p: unknown): string[] => (Array.isArray(p) ? p.flat(Infinity) : [p]).map(String);
  const walk = (stack: RouterLayer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const path of asList(layer.route.path)) {
          const full = (prefix + path).replace(/\/+$/, '') || '/';
          for (const [method, on] of Object.entries(layer.route.methods)) {
            if (on) out.push(`${method === '_all' ? 'all' : method} ${full.replace(/:(\w+)/g, '{$1}')}`);
          }
        }
      } else if (layer.handle?.stack) {
        // A mounted router; `slash` marks a mount at '/' (adds nothing to the path).
        for (const mount of layer.slash ? [''] : asList(layer.rawPath))
          walk(layer.handle.stack, prefix + mount);
      }
    }
  };
  walk(app.router.stack, '');
  return [...new Set(out)];
}

/** Routed but not API endpoints: the browsable docs page's own script (like the Swagger UI files beside it). */
const NOT_ENDPOINTS = new Set(['get /api/docs/init.js']);

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
        // A body no schema accepts: nothing runs (the stuck scan would otherwise wait for a worker).
        const res = await call(app, method.toUpperCase(), url, {
          token: superToken,
          ...(method === 'get' || method === 'delete' ? {} : { json: { 'x-probe': true } }),
        });
        expect(res.status, `${method} ${url}`).to.be.lessThan(500);
        expect(res.body?.code, `${method} ${url}`).to.not.equal('no-such-endpoint');
      }
    }
  });

  it('documents every routed /api endpoint (express routes walked, missing ones listed)', function () {
    const express = app.server.listeners('request')[0] as unknown as Parameters<typeof routedOperations>[0];
    const routed = routedOperations(express).filter((op) => op.split(' ')[1]!.startsWith('/api/'));
    // The walk itself must see the routers (an empty walk would pass anything).
    expect(routed).to.include.members([
      'get /api/dossiers/{code}',
      'post /api/tasks/{workflowId}/{taskId}/claim',
      'get /api/supervision/dossiers/{code}/history',
    ]);
    expect(routed.length).to.be.greaterThan(55);
    for (const op of NOT_ENDPOINTS) expect(routed, 'stale NOT_ENDPOINTS entry').to.include(op);
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([path, item]) =>
        ALL_METHODS.filter((m) => item[m]).map((m) => `${m} ${path}`),
      ),
    );
    const missing = routed.filter((op) => !documented.has(op) && !NOT_ENDPOINTS.has(op));
    expect(missing, `routed but not in the OpenAPI document:\n  ${missing.join('\n  ')}`).to.deep.equal([]);
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
