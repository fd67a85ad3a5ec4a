/** Accounts: admin seeded from the environment, users and agency-scoped roles, tokens, sign-in throttling, audit. */
import { expect } from 'chai';
import { uniqueSuffix } from '../support/stack.js';
import { adminToken, call, startTestApp, type TestApp } from './support.js';

describe('api: accounts, roles and audit', function () {
  let app: TestApp;
  let admin: string;

  before(async function () {
    app = await startTestApp();
    admin = await adminToken(app);
  });
  after(async () => app.close());

  it('creates an agency and a user, signs in, changes roles and deactivates — all audited', async function () {
    const agency = `AC${uniqueSuffix()
      .replace(/[^a-z0-9]/gi, '')
      .slice(-6)
      .toUpperCase()}`;
    const created = await call(app, 'PUT', `/api/agencies/${agency}`, {
      token: admin,
      json: {
        level: 'province',
        names: { vi: 'Sở Thử nghiệm', en: 'Test department' },
        unitCode: `H99.${agency}`,
      },
    });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    const agencies = await call(app, 'GET', '/api/agencies');
    expect(agencies.body.items.some((a: { code: string }) => a.code === agency)).to.equal(true);

    const username = `cv-${uniqueSuffix()}`.toLowerCase();
    const password = 'mat-khau-du-dai-1';
    const badAgency = await call(app, 'POST', '/api/users', {
      token: admin,
      json: {
        username,
        password,
        fullName: 'Chuyên viên',
        roles: [{ role: 'specialist', agency: 'NOPE-AGENCY' }],
      },
    });
    expect(badAgency.status).to.equal(422);
    expect(badAgency.body.errors[0].field).to.equal('roles[0].agency');
    const shortPw = await call(app, 'POST', '/api/users', {
      token: admin,
      json: { username, password: 'short', fullName: 'x', roles: [] },
    });
    expect(shortPw.status).to.equal(422);
    expect(shortPw.body.errors[0].field).to.equal('password');

    const user = await call(app, 'POST', '/api/users', {
      token: admin,
      json: { username, password, fullName: 'Trần Văn Chuyên', roles: [{ role: 'specialist', agency }] },
    });
    expect(user.status, JSON.stringify(user.body)).to.equal(201);
    expect(JSON.stringify(user.body)).not.to.contain('password');
    const dup = await call(app, 'POST', '/api/users', {
      token: admin,
      json: { username, password, fullName: 'x', roles: [] },
    });
    expect(dup.status).to.equal(409);

    const signIn = await call(app, 'POST', '/api/auth/token', { json: { username, password } });
    expect(signIn.status).to.equal(200);
    const token = signIn.body.accessToken as string;
    const me = await call(app, 'GET', '/api/auth/me', { token });
    expect(me.body.roles).to.deep.equal([{ role: 'specialist', agency }]);

    const promoted = await call(app, 'PATCH', `/api/users/${username}`, {
      token: admin,
      json: { roles: [{ role: 'division-head', agency }], reason: 'Bổ nhiệm / appointed' },
    });
    expect(promoted.status).to.equal(200);
    const me2 = await call(app, 'GET', '/api/auth/me', { token });
    expect(me2.body.roles).to.deep.equal([{ role: 'division-head', agency }]);

    const changed = await call(app, 'POST', '/api/auth/password', {
      token,
      json: { currentPassword: password, newPassword: 'mat-khau-moi-du-dai' },
    });
    expect(changed.status).to.equal(204);
    // A password change signs out earlier tokens.
    expect((await call(app, 'GET', '/api/auth/me', { token })).status).to.equal(401);
    const token2 = (
      await call(app, 'POST', '/api/auth/token', { json: { username, password: 'mat-khau-moi-du-dai' } })
    ).body.accessToken as string;
    const off = await call(app, 'PATCH', `/api/users/${username}`, {
      token: admin,
      json: { active: false, reason: 'Nghỉ việc / left' },
    });
    expect(off.status).to.equal(200);
    expect((await call(app, 'GET', '/api/auth/me', { token: token2 })).status).to.equal(401);
    expect(
      (await call(app, 'POST', '/api/auth/token', { json: { username, password: 'mat-khau-moi-du-dai' } }))
        .status,
    ).to.equal(401);

    const audit = await call(app, 'GET', `/api/audit?targetType=user&targetId=${username}`, { token: admin });
    expect(audit.body.items.map((a: { action: string }) => a.action).sort()).to.deep.equal([
      'user.create',
      'user.password',
      'user.update',
      'user.update',
    ]);
    expect(JSON.stringify(audit.body)).not.to.contain('mat-khau');
    const reasons = audit.body.items.map((a: { reason: string | null }) => a.reason);
    expect(reasons).to.include('Nghỉ việc / left');
    // The audit log cannot be rewritten, even by the database user.
    let refused = false;
    await app.stack
      .knex('audit_log')
      .where({ target_id: username })
      .update({ reason: 'x' })
      .catch(() => (refused = true));
    expect(refused).to.equal(true);
  });

  it('throttles failed sign-ins per account and address', async function () {
    const from = {
      'x-forwarded-for': `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
    };
    let last = 0;
    for (let i = 0; i < 11; i += 1) {
      last = (
        await call(app, 'POST', '/api/auth/token', {
          json: { username: 'test-admin', password: `wrong-${i}` },
          headers: from,
        })
      ).status;
    }
    expect(last).to.equal(429);
    const blocked = await call(app, 'POST', '/api/auth/token', {
      json: { username: 'test-admin', password: 'test-admin-password' },
      headers: from,
    });
    expect(blocked.status).to.equal(429);
    expect(blocked.headers.get('retry-after')).to.match(/^\d+$/);
    // Another address is not affected.
    const other = await call(app, 'POST', '/api/auth/token', {
      json: { username: 'test-admin', password: 'test-admin-password' },
    });
    expect(other.status).to.equal(200);
  });

  it('answers wrong credentials without telling which part was wrong', async function () {
    const noUser = await call(app, 'POST', '/api/auth/token', {
      json: { username: `nobody-${uniqueSuffix()}`, password: 'whatever-long' },
    });
    const badPw = await call(app, 'POST', '/api/auth/token', {
      json: { username: 'test-admin', password: 'whatever-long' },
    });
    expect(noUser.status).to.equal(401);
    expect(badPw.status).to.equal(401);
    expect(noUser.body.message).to.deep.equal(badPw.body.message);
  });
});
