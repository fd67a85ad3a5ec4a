/** /api/users and /api/agencies: accounts, roles and the agency tree (admin). */
import express from 'express';
import {
  createUser,
  getAgency,
  getUserByUsername,
  listAgencies,
  listUsers,
  setUserRoles,
  updateUser,
  upsertAgencies,
  type UserWithRoles,
} from '../../store/index.js';
import { ALL_AGENCIES, hashPassword, requireRole } from '../auth.js';
import type { ApiContext } from '../context.js';
import { audit } from '../context.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { ADMIN_ROLES } from '../roles.js';
import { agencyUpsertSchema, userCreateSchema, userListQuery, userUpdateSchema } from '../schemas.js';
import { validateBody, validateQuery } from '../validation.js';

type Grant = { role: string; agency: string };

function userView(u: UserWithRoles) {
  return {
    id: u.id,
    username: u.username,
    fullName: u.full_name,
    email: u.email,
    phone: u.phone,
    active: u.active,
    roles: u.roles.map((r) => ({ role: r.role, agency: r.agency_code })),
    createdAt: new Date(u.created_at).toISOString(),
  };
}

export function createUsersRouter(ctx: ApiContext): express.Router {
  const router = express.Router();

  const checkAgencies = async (grants: Grant[], field: string) => {
    const problems = [];
    for (const [i, g] of grants.entries()) {
      if (g.agency !== ALL_AGENCIES && !(await ctx.auth.agencies.exists(g.agency))) {
        problems.push({
          field: `${field}[${i}].agency`,
          message: { vi: `không có cơ quan ${g.agency}`, en: `no agency ${g.agency}` },
        });
      }
    }
    if (problems.length) throw new ValidationError(problems);
  };

  router.get('/users', async (req, res) => {
    await requireRole(req, ctx.auth, ADMIN_ROLES);
    const q = validateQuery<{ q?: string; role?: string; agency?: string; limit: number; offset: number }>(
      userListQuery,
      req.query,
    );
    const page = await listUsers({ knex: ctx.knex, filter: q });
    res.json({ items: page.items.map(userView), total: page.total, limit: q.limit, offset: q.offset });
  });

  router.post('/users', async (req, res) => {
    await requireRole(req, ctx.auth, ADMIN_ROLES);
    const body = validateBody<{
      username: string;
      password: string;
      fullName: string;
      email?: string;
      phone?: string;
      roles: Grant[];
    }>(userCreateSchema, req.body);
    await checkAgencies(body.roles, 'roles');
    const user = await createUser({
      knex: ctx.knex,
      user: {
        username: body.username,
        passwordHash: await hashPassword(body.password),
        fullName: body.fullName,
        email: body.email ?? null,
        phone: body.phone ?? null,
        roles: body.roles.map((r) => ({ role: r.role, agencyCode: r.agency })),
      },
    });
    if (!user) {
      throw new ConflictError('username-taken', {
        vi: `Tên đăng nhập "${body.username}" đã tồn tại`,
        en: `Username "${body.username}" is taken`,
      });
    }
    await audit(ctx.knex, req, {
      action: 'user.create',
      targetType: 'user',
      targetId: user.username,
      newValue: { fullName: body.fullName, roles: body.roles },
    });
    res
      .status(201)
      .location(`/api/users/${encodeURIComponent(user.username)}`)
      .json(userView(user));
  });

  router.get('/users/:username', async (req, res) => {
    await requireRole(req, ctx.auth, ADMIN_ROLES);
    const user = await getUserByUsername({ knex: ctx.knex, username: req.params.username });
    if (!user)
      throw new NotFoundError({ vi: 'người dùng', en: 'user' }, req.params.username, 'user-not-found');
    res.json(userView(user));
  });

  router.patch('/users/:username', async (req, res) => {
    await requireRole(req, ctx.auth, ADMIN_ROLES);
    const body = validateBody<{
      password?: string;
      fullName?: string;
      email?: string | null;
      phone?: string | null;
      active?: boolean;
      roles?: Grant[];
      reason?: string;
    }>(userUpdateSchema, req.body);
    const user = await getUserByUsername({ knex: ctx.knex, username: req.params.username });
    if (!user)
      throw new NotFoundError({ vi: 'người dùng', en: 'user' }, req.params.username, 'user-not-found');
    if (body.roles) await checkAgencies(body.roles, 'roles');
    await ctx.knex.transaction(async (trx) => {
      await updateUser({
        knex: trx,
        id: user.id,
        changes: {
          fullName: body.fullName,
          email: body.email,
          phone: body.phone,
          active: body.active,
          passwordHash: body.password ? await hashPassword(body.password) : undefined,
        },
      });
      if (body.roles)
        await setUserRoles({
          knex: trx,
          userId: user.id,
          roles: body.roles.map((r) => ({ role: r.role, agencyCode: r.agency })),
        });
      const { password: _pw, reason, ...visible } = body;
      await audit(trx, req, {
        action: 'user.update',
        targetType: 'user',
        targetId: user.username,
        oldValue: userView(user),
        newValue: { ...visible, ...(body.password ? { password: '(changed)' } : {}) },
        reason: reason ?? null,
      });
    });
    await ctx.changes.announce('user', user.id);
    res.json(userView((await getUserByUsername({ knex: ctx.knex, username: user.username }))!));
  });

  router.get('/agencies', async (_req, res) => {
    const rows = await listAgencies({ knex: ctx.knex });
    res.json({
      items: rows.map((a) => ({
        code: a.code,
        parentCode: a.parent_code,
        level: a.level,
        names: { vi: a.name_vi, en: a.name_en ?? undefined },
        unitCode: a.unit_code,
      })),
    });
  });

  router.put('/agencies/:code', async (req, res) => {
    await requireRole(req, ctx.auth, ADMIN_ROLES);
    const code = req.params.code;
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(code)) {
      throw new ValidationError([
        { field: 'code', message: { vi: 'mã cơ quan không hợp lệ', en: 'invalid agency code' } },
      ]);
    }
    const body = validateBody<{
      parentCode?: string | null;
      level: string;
      names: { vi: string; en?: string };
      unitCode?: string;
      reason?: string;
    }>(agencyUpsertSchema, req.body);
    if (body.parentCode && !(await getAgency({ knex: ctx.knex, code: body.parentCode }))) {
      throw new ValidationError([
        {
          field: 'parentCode',
          message: { vi: `không có cơ quan ${body.parentCode}`, en: `no agency ${body.parentCode}` },
        },
      ]);
    }
    if (body.parentCode === code) {
      throw new ValidationError([
        {
          field: 'parentCode',
          message: { vi: 'cơ quan không thể là cha của chính nó', en: 'an agency cannot be its own parent' },
        },
      ]);
    }
    const old = await getAgency({ knex: ctx.knex, code });
    await ctx.knex.transaction(async (trx) => {
      await upsertAgencies({
        knex: trx,
        agencies: [
          {
            code,
            parentCode: body.parentCode ?? null,
            level: body.level,
            names: body.names,
            unitCode: body.unitCode ?? old?.unit_code,
          },
        ],
      });
      await audit(trx, req, {
        action: old ? 'agency.update' : 'agency.create',
        targetType: 'agency',
        targetId: code,
        oldValue: old ?? undefined,
        newValue: body,
        reason: body.reason ?? null,
      });
    });
    await ctx.changes.announce('agencies');
    res.status(old ? 200 : 201).json({ code, ...body });
  });

  return router;
}
