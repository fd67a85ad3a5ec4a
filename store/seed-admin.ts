import argon2 from 'argon2';
import type { Db } from './types.js';
import { createUser, getUserByUsername, setUserRoles } from './users.js';

/** argon2id, the library's recommended parameters. */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

export function verifyPassword(hash: string, password: string): Promise<boolean> {
  return argon2.verify(hash, password).catch(() => false);
}

/**
 * Creates the administrator account when missing (start-up, from ADMIN_USERNAME / ADMIN_PASSWORD). An existing
 * account keeps its password; it is given the admin role for every agency ('*') if it lacks it.
 */
export async function seedAdmin({
  knex,
  username,
  password,
  fullName = 'Quản trị hệ thống / Administrator',
}: {
  knex: Db;
  username: string;
  password: string;
  fullName?: string;
}): Promise<{ created: boolean }> {
  const existing = await getUserByUsername({ knex, username });
  if (existing) {
    if (!existing.roles.some((r) => r.role === 'admin' && r.agency_code === '*')) {
      await setUserRoles({
        knex,
        userId: existing.id,
        roles: [
          ...existing.roles.map((r) => ({ role: r.role, agencyCode: r.agency_code })),
          { role: 'admin', agencyCode: '*' },
        ],
      });
    }
    return { created: false };
  }
  const user = await createUser({
    knex,
    user: {
      username,
      passwordHash: await hashPassword(password),
      fullName,
      roles: [{ role: 'admin', agencyCode: '*' }],
    },
  });
  return { created: user !== undefined };
}
