import type { Db, UserRoleRow, UserRow } from './types.js';
import { inTransaction } from './transaction.js';

export interface UserWithRoles extends UserRow {
  roles: Array<{ role: string; agency_code: string }>;
}

export async function getUserByUsername({
  knex,
  username,
}: {
  knex: Db;
  username: string;
}): Promise<UserWithRoles | undefined> {
  const user = await knex<UserRow>('users').where({ username }).first();
  if (!user) return undefined;
  const roles = await knex<UserRoleRow>('user_roles')
    .select('role', 'agency_code')
    .where({ user_id: user.id })
    .orderBy(['role', 'agency_code']);
  return { ...user, roles };
}

export async function getUserById({
  knex,
  id,
}: {
  knex: Db;
  id: number;
}): Promise<UserWithRoles | undefined> {
  const user = await knex<UserRow>('users').where({ id }).first();
  if (!user) return undefined;
  const roles = await knex<UserRoleRow>('user_roles')
    .select('role', 'agency_code')
    .where({ user_id: user.id })
    .orderBy(['role', 'agency_code']);
  return { ...user, roles };
}

export async function listUsers({
  knex,
  filter,
}: {
  knex: Db;
  filter: { q?: string; role?: string; agency?: string; limit: number; offset: number };
}): Promise<{ items: UserWithRoles[]; total: number }> {
  const q = knex('users as u');
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q.where((w) => w.whereILike('u.username', like).orWhereILike('u.full_name', like));
  }
  if (filter.role || filter.agency) {
    q.whereExists(function () {
      this.select(knex.raw('1')).from('user_roles as r').whereRaw('r.user_id = u.id');
      if (filter.role) this.where('r.role', filter.role);
      if (filter.agency) this.where('r.agency_code', filter.agency);
    });
  }
  const [c] = (await q.clone().count({ count: '*' })) as Array<{ count: string | number }>;
  const users = (await q
    .clone()
    .select('u.*')
    .orderBy('u.username')
    .limit(filter.limit)
    .offset(filter.offset)) as UserRow[];
  const roles = users.length
    ? ((await knex('user_roles')
        .whereIn(
          'user_id',
          users.map((u) => u.id),
        )
        .orderBy(['role', 'agency_code'])) as UserRoleRow[])
    : [];
  return {
    items: users.map((u) => ({
      ...u,
      roles: roles
        .filter((r) => r.user_id === u.id)
        .map((r) => ({ role: r.role, agency_code: r.agency_code })),
    })),
    total: Number(c?.count ?? 0),
  };
}

export interface NewUser {
  username: string;
  passwordHash: string;
  fullName: string;
  email?: string | null;
  phone?: string | null;
  roles: Array<{ role: string; agencyCode: string }>;
}

/** Creates a user with roles; returns undefined when the username is taken. */
export async function createUser({
  knex,
  user,
}: {
  knex: Db;
  user: NewUser;
}): Promise<UserWithRoles | undefined> {
  return inTransaction(knex, async (trx) => {
    const [row] = (await trx('users')
      .insert({
        username: user.username,
        password_hash: user.passwordHash,
        full_name: user.fullName,
        email: user.email ?? null,
        phone: user.phone ?? null,
      })
      .onConflict('username')
      .ignore()
      .returning('*')) as UserRow[];
    if (!row) return undefined;
    await setUserRoles({ knex: trx, userId: row.id, roles: user.roles });
    return getUserById({ knex: trx, id: row.id });
  });
}

export async function setUserRoles({
  knex,
  userId,
  roles,
}: {
  knex: Db;
  userId: number;
  roles: Array<{ role: string; agencyCode: string }>;
}): Promise<void> {
  await knex('user_roles').where({ user_id: userId }).del();
  const unique = [...new Map(roles.map((r) => [`${r.role}\u0000${r.agencyCode}`, r])).values()];
  if (unique.length) {
    await knex('user_roles').insert(
      unique.map((r) => ({ user_id: userId, role: r.role, agency_code: r.agencyCode })),
    );
  }
}

/** Changes profile fields; a password change or deactivation bumps token_version (signs the user out). */
export async function updateUser({
  knex,
  id,
  changes,
}: {
  knex: Db;
  id: number;
  changes: {
    fullName?: string;
    email?: string | null;
    phone?: string | null;
    active?: boolean;
    passwordHash?: string;
  };
}): Promise<void> {
  const patch: Record<string, unknown> = { updated_at: knex.fn.now() };
  if (changes.fullName !== undefined) patch.full_name = changes.fullName;
  if (changes.email !== undefined) patch.email = changes.email;
  if (changes.phone !== undefined) patch.phone = changes.phone;
  if (changes.active !== undefined) patch.active = changes.active;
  if (changes.passwordHash !== undefined) patch.password_hash = changes.passwordHash;
  if (changes.passwordHash !== undefined || changes.active === false) {
    patch.token_version = knex.raw('token_version + 1');
  }
  await knex('users').where({ id }).update(patch);
}
