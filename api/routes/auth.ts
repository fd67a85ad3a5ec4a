/** /api/auth: sign-in (bearer tokens), the caller's identity, password change. */
import express from 'express';
import { getUserById, updateUser, verifyPassword } from '../../store/index.js';
import { hashPassword, requireUser } from '../auth.js';
import type { ApiContext } from '../context.js';
import { audit } from '../context.js';
import { AuthenticationError, ValidationError } from '../errors.js';
import { passwordChangeSchema, signInSchema } from '../schemas.js';
import { validateBody } from '../validation.js';

export function createAuthRouter(ctx: ApiContext): express.Router {
  const router = express.Router();

  router.post('/token', async (req, res) => {
    const body = validateBody<{ username: string; password: string }>(signInSchema, req.body);
    // Failures count per address and per account+address: guessing is slowed without letting one client lock an
    // account out for everybody.
    const ipKey = `ip:${req.ip}`;
    const userKey = `user:${body.username}:${req.ip}`;
    await ctx.limiters.signInAddress.check(ipKey);
    await ctx.limiters.signIn.check(userKey);
    const session = await ctx.auth.signIn(body.username, body.password);
    if (!session) {
      await ctx.limiters.signInAddress.hit(ipKey);
      await ctx.limiters.signIn.hit(userKey);
      throw new AuthenticationError(
        { vi: 'Sai tên đăng nhập hoặc mật khẩu', en: 'Wrong username or password' },
        'invalid-credentials',
      );
    }
    await ctx.limiters.signIn.reset(`user:${body.username}:${req.ip}`);
    res.json({
      accessToken: session.token,
      tokenType: 'Bearer',
      expiresAt: session.expiresAt.toISOString(),
      user: session.principal,
    });
  });

  router.get('/me', (req, res) => {
    res.json(requireUser(req));
  });

  router.post('/password', async (req, res) => {
    const p = requireUser(req);
    const body = validateBody<{ currentPassword: string; newPassword: string }>(
      passwordChangeSchema,
      req.body,
    );
    const user = await getUserById({ knex: ctx.knex, id: p.userId });
    if (!user || !(await verifyPassword(user.password_hash, body.currentPassword))) {
      throw new ValidationError([
        {
          field: 'currentPassword',
          message: { vi: 'mật khẩu hiện tại không đúng', en: 'the current password is wrong' },
        },
      ]);
    }
    await updateUser({
      knex: ctx.knex,
      id: p.userId,
      changes: { passwordHash: await hashPassword(body.newPassword) },
    });
    await ctx.changes.announce('user', p.userId);
    await audit(ctx.knex, req, { action: 'user.password', targetType: 'user', targetId: p.username });
    res.status(204).end();
  });

  return router;
}
