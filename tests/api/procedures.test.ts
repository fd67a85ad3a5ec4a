/** Procedure management through HTTP: catalog search, drafts, validation, publish, history, durations, retire. */
import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../config/index.js';
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

const SAMPLE = path.join(repoRoot, 'procedure-models', 'samples', 'two-step');

describe('api: procedures management', function () {
  this.timeout(60_000);
  let app: TestApp;
  let publisher: string;
  let editor: string;
  let receptionist: string;
  let agency: string;
  const filed: string[] = [];

  before(async function () {
    app = await startTestApp();
    agency = `PR${uniqueSuffix()
      .replace(/[^a-z0-9]/gi, '')
      .slice(-6)
      .toUpperCase()}`;
    await publishFixture(app, { agency }); // creates the agency
    publisher = (await userWithRoles(app, [{ role: 'publisher', agency: '*' }], 'pub')).token;
    editor = (await userWithRoles(app, [{ role: 'duration-editor', agency }], 'dur')).token;
    receptionist = (await userWithRoles(app, [{ role: 'receptionist', agency }], 'recv')).token;
  });
  after(async function () {
    await terminateDossiers(app, filed);
    await app.close();
  });

  it('drafts, validates, publishes, versions, changes durations and retires a procedure', async function () {
    const code = `MC.${uniqueSuffix()
      .replace(/[^a-z0-9]/gi, '')
      .slice(-8)}`;
    const metadata = {
      ...JSON.parse(fs.readFileSync(path.join(SAMPLE, 'procedure.json'), 'utf8')),
      code,
      agency,
    };
    delete metadata.$schema;
    const steps = fs.readFileSync(path.join(SAMPLE, 'steps.json'), 'utf8');
    const broken = steps.replace('"department-head"', '"no-such-role"');

    const invalid = await call(app, 'POST', '/api/procedures/validate', {
      token: publisher,
      json: { metadata, modelKind: 'steps', modelSource: broken },
    });
    expect(invalid.status).to.equal(200);
    expect(invalid.body.ok).to.equal(false);
    expect(
      invalid.body.diagnostics.some(
        (d: { severity: string; message: { vi: string; en: string } }) =>
          d.severity === 'error' && d.message.vi && d.message.en,
      ),
    ).to.equal(true);

    const draft = await call(app, 'POST', '/api/procedures/drafts', {
      token: publisher,
      json: { metadata, modelKind: 'steps', modelSource: broken, changeNote: 'nháp' },
    });
    expect(draft.status, JSON.stringify(draft.body)).to.equal(201);
    expect(draft.body.status).to.equal('draft');
    const v = draft.body.version as number;
    // Not visible publicly, not fileable.
    expect((await call(app, 'GET', `/api/procedures/${code}/versions/${v}`)).status).to.equal(404);
    expect((await call(app, 'GET', `/api/procedures?code=${code}`)).body.total).to.equal(0);

    const cannot = await call(app, 'POST', `/api/procedures/${code}/versions/${v}/publish`, {
      token: publisher,
      json: { changeNote: 'x' },
    });
    expect(cannot.status).to.equal(422);
    expect(cannot.body.code).to.equal('draft-invalid');

    const fixed = await call(app, 'PUT', `/api/procedures/${code}/versions/${v}`, {
      token: publisher,
      json: { metadata, modelKind: 'steps', modelSource: steps },
    });
    expect(fixed.status, JSON.stringify(fixed.body)).to.equal(200);
    expect(fixed.body.ok).to.equal(true);
    const published = await call(app, 'POST', `/api/procedures/${code}/versions/${v}/publish`, {
      token: publisher,
      json: { changeNote: 'Công bố / published' },
    });
    expect(published.status, JSON.stringify(published.body)).to.equal(200);
    const immutable = await call(app, 'PUT', `/api/procedures/${code}/versions/${v}`, {
      token: publisher,
      json: { metadata, modelKind: 'steps', modelSource: steps },
    });
    expect(immutable.status).to.equal(409);

    const listed = await call(app, 'GET', `/api/procedures?q=${encodeURIComponent(code)}`);
    expect(listed.body.items[0].code).to.equal(code);
    expect(listed.body.items[0].publishedVersion).to.equal(v);

    // A duration editor of the agency shortens a step: a new version, only that duration differs.
    const wrongStep = await call(app, 'POST', `/api/procedures/${code}/durations`, {
      token: editor,
      json: { durations: { nope: { amount: 1, unit: 'working-day' } }, changeNote: 'x' },
    });
    expect(wrongStep.status).to.equal(422);
    expect(wrongStep.body.errors[0].field).to.equal('durations.nope');
    const shorter = await call(app, 'POST', `/api/procedures/${code}/durations`, {
      token: editor,
      json: {
        durations: { approve: { amount: 0.25, unit: 'working-day' } },
        changeNote: 'Rút ngắn / shorter',
      },
    });
    expect(shorter.status, JSON.stringify(shorter.body)).to.equal(201);
    expect(shorter.body.version).to.equal(v + 1);
    const current = await call(app, 'GET', `/api/procedures/${code}`);
    const approve = current.body.version.ir.nodes.find((n: { id: string }) => n.id === 'approve');
    expect(approve.duration).to.deep.equal({ amount: 0.25, unit: 'working-day' });
    expect(current.body.publishedVersion).to.equal(v + 1);
    expect(current.body.publishedAt).to.be.a('string');
    const history = await call(app, 'GET', `/api/procedures/${code}/versions`);
    expect(
      history.body.items.map((x: { version: number; changeNote: string }) => [x.version, x.changeNote]),
    ).to.deep.equal([
      [v + 1, 'Rút ngắn / shorter'],
      [v, 'Công bố / published'],
    ]);

    // Filing works; after retiring, new filings are refused.
    const file = () =>
      call(app, 'POST', '/api/dossiers', {
        token: receptionist,
        json: {
          procedureCode: code,
          channel: 'counter',
          applicant: applicant(),
          data: {},
          paperComponents: ['don'],
        },
      });
    const ok = await file();
    expect(ok.status, JSON.stringify(ok.body)).to.equal(201);
    filed.push(ok.body.code);
    const retired = await call(app, 'POST', `/api/procedures/${code}/retire`, {
      token: publisher,
      json: { reason: 'Bãi bỏ / repealed' },
    });
    expect(retired.status).to.equal(200);
    const refused = await file();
    expect(refused.status).to.equal(422);
    expect(refused.body.code).to.equal('procedure-not-published');
    const audit = (await app.stack
      .knex('audit_log')
      .where({ target_id: `${code}@province` })
      .pluck('action')) as string[];
    expect(audit).to.include.members([
      'procedure.draft-create',
      'procedure.draft-update',
      'procedure.publish',
      'procedure.durations',
      'procedure.retire',
    ]);
  });

  it('answers unknown procedures and versions with 404 problems', async function () {
    const unknown = await call(app, 'GET', '/api/procedures/NO.SUCH');
    expect(unknown.status).to.equal(404);
    expect(unknown.body.code).to.equal('procedure-not-found');
    const badLevel = await call(app, 'GET', '/api/procedures?level=planet');
    expect(badLevel.status).to.equal(422);
    expect(badLevel.body.errors[0].field).to.equal('query.level');
    const badLimit = await call(app, 'GET', '/api/procedures?limit=abc');
    expect(badLimit.status).to.equal(422);
  });

  it('searches one agency exactly or with the agencies under it (agencyScope=subtree); unknown ones are 422', async function () {
    // A small tree of our own: ROOT > MID > LEAF, and OTHER beside it; one procedure in each, codes sharing a token.
    const s = uniqueSuffix()
      .replace(/[^a-z0-9]/gi, '')
      .slice(-6)
      .toUpperCase();
    const root = `TR${s}`;
    const mid = `TM${s}`;
    const leaf = `TL${s}`;
    const other = `TO${s}`;
    const token = `SCOPE${s}`;
    const codeOf: Record<string, string> = {};
    for (const [agency, parent] of [
      [root, null],
      [mid, root],
      [leaf, mid],
      [other, null],
    ] as const) {
      codeOf[agency] = (await publishFixture(app, { agency, parent, code: `${token}.${agency}` })).code;
    }
    const search = async (query: string) => {
      const r = await call(app, 'GET', `/api/procedures?q=${token}&${query}`);
      expect(r.status, `${query}: ${JSON.stringify(r.body)}`).to.equal(200);
      expect(r.body.total, query).to.equal(r.body.items.length);
      return (r.body.items as Array<{ code: string }>).map((p) => p.code).sort();
    };
    const codes = (...agencies: string[]) => agencies.map((a) => codeOf[a]!).sort();

    expect(await search('limit=50')).to.deep.equal(codes(root, mid, leaf, other));
    // Exact, the default and the explicit way.
    expect(await search(`agency=${root}`)).to.deep.equal(codes(root));
    expect(await search(`agency=${root}&agencyScope=exact`)).to.deep.equal(codes(root));
    expect(await search(`agency=${root},${other}`)).to.deep.equal(codes(root, other));
    // The subtree: the agency and every descendant, at any depth; never a sibling or an ancestor.
    expect(await search(`agency=${root}&agencyScope=subtree`)).to.deep.equal(codes(root, mid, leaf));
    expect(await search(`agency=${mid}&agencyScope=subtree`)).to.deep.equal(codes(mid, leaf));
    expect(await search(`agency=${leaf}&agencyScope=subtree`)).to.deep.equal(codes(leaf));
    expect(await search(`agency=${leaf},${other}&agencyScope=subtree`)).to.deep.equal(codes(leaf, other));
    expect(await search(`agency=${mid},${leaf}&agencyScope=subtree`)).to.deep.equal(codes(mid, leaf));
    // Paging applies to the narrowed list.
    const paged = await call(
      app,
      'GET',
      `/api/procedures?q=${token}&agency=${root}&agencyScope=subtree&limit=2`,
    );
    expect(paged.body).to.include({ total: 3, limit: 2, offset: 0 });
    expect(paged.body.items).to.have.length(2);

    // An unknown agency is a 422 naming the field and the code, in both modes (not an empty 200).
    for (const query of [`agency=NO${s}`, `agency=${root},NO${s}&agencyScope=subtree`]) {
      const bad = await call(app, 'GET', `/api/procedures?${query}`);
      expect(bad.status, query).to.equal(422);
      expect(bad.headers.get('content-type')).to.match(/application\/problem\+json/);
      expect(bad.body.code).to.equal('unknown-agency');
      expect(bad.body.errors).to.have.length(1);
      expect(bad.body.errors[0].field).to.equal('query.agency');
      expect(bad.body.errors[0].message.vi).to.contain(`NO${s}`);
      expect(bad.body.errors[0].message.en).to.equal(`no agency NO${s}`);
    }
    const noRoot = await call(app, 'GET', '/api/procedures?agencyScope=subtree');
    expect(noRoot.status).to.equal(422);
    expect(noRoot.body.errors[0].field).to.equal('query.agencyScope');
    const badScope = await call(app, 'GET', `/api/procedures?agency=${root}&agencyScope=tree`);
    expect(badScope.status).to.equal(422);
    expect(badScope.body.errors[0].field).to.equal('query.agencyScope');
    const tooMany = await call(
      app,
      'GET',
      `/api/procedures?agency=${Array.from({ length: 51 }, () => root).join(',')}`,
    );
    expect(tooMany.status).to.equal(422);
    expect(tooMany.body.errors[0].field).to.equal('query.agency');
  });

  it('documents agencyScope with an example in the OpenAPI document', async function () {
    const doc = await call(app, 'GET', '/api/openapi.json');
    const params = doc.body.paths['/api/procedures'].get.parameters as Array<{
      name: string;
      example?: unknown;
      schema: { enum?: string[] };
    }>;
    const scope = params.find((p) => p.name === 'agencyScope')!;
    expect(scope.schema.enum).to.deep.equal(['exact', 'subtree']);
    expect(scope.example).to.equal('subtree');
    expect(params.find((p) => p.name === 'agency')!.example).to.be.a('string');
    expect(doc.body.paths['/api/procedures'].get.description).to.contain('agencyScope=subtree');
  });
});
