/**
 * Accounts and authorisation: argon2id password hashes, HS256 bearer tokens (jose), roles of DESIGN.md §3 scoped
 * to agencies. A role held for an agency covers that agency and its descendants in the agency tree; '*' covers
 * every agency (province supervisor, publisher, admin).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Request, RequestHandler } from 'express';
import { jwtVerify, SignJWT } from 'jose';
import type { Knex } from 'knex';
import { CONSOLE_ROLES, TASK_ROLES } from '../ir/index.js';
import {
  getUserById,
  getUserByUsername,
  hashPassword,
  listAgencies,
  seedAdmin,
  verifyPassword,
  type UserWithRoles,
} from '../store/index.js';
import { AuthenticationError, ForbiddenError } from './errors.js';

/** Roles a staff account may hold ('applicant' is the public, without an account). */
export const STAFF_ROLES = [...TASK_ROLES, ...CONSOLE_ROLES.filter((r) => r !== 'applicant')] as const;
export const ALL_AGENCIES = '*';

export interface Principal {
  userId: number;
  username: string;
  fullName: string;
  roles: Array<{ role: string; agency: string }>;
}

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
  }
}

export { hashPassword, seedAdmin };

// Verifying against a fixed hash when the user does not exist keeps sign-in time the same either way.
let dummyHash: Promise<string> | undefined;

export interface AuthService {
  signIn(
    username: string,
    password: string,
  ): Promise<{ token: string; expiresAt: Date; principal: Principal } | undefined>;
  /** Reads a bearer token when present (401 when present but invalid); anonymous requests pass through. */
  authenticate: RequestHandler;
  /** Forgets cached principals (after a role or password change). */
  invalidate(userId?: number): void;
  agencies: AgencyTree;
}

export interface AgencyTree {
  /** Whether a role held for `scope` covers `agency` (same agency, an ancestor of it, or '*'). */
  covers(scope: string, agency: string): Promise<boolean>;
  /** Agencies covered by the scopes (undefined when one of them is '*'). */
  expand(scopes: string[]): Promise<string[] | undefined>;
  exists(code: string): Promise<boolean>;
  unitCode(code: string): Promise<string | undefined>;
  invalidate(): void;
}

export function createAgencyTree(knex: Knex): AgencyTree {
  let loaded: { at: number; parent: Map<string, string | null>; unit: Map<string, string> } | undefined;
  let pending: Promise<NonNullable<typeof loaded>> | undefined;
  const load = async () => {
    if (loaded && Date.now() - loaded.at < 30_000) return loaded;
    pending ??= listAgencies({ knex })
      .then((rows) => {
        loaded = {
          at: Date.now(),
          parent: new Map(rows.map((r) => [r.code, r.parent_code])),
          unit: new Map(rows.map((r) => [r.code, r.unit_code])),
        };
        return loaded;
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  };
  const ancestors = (tree: Map<string, string | null>, code: string): string[] => {
    const out: string[] = [];
    let cur: string | null | undefined = code;
    for (let i = 0; cur && i < 32; i += 1) {
      out.push(cur);
      cur = tree.get(cur);
    }
    return out;
  };
  return {
    async covers(scope, agency) {
      if (scope === ALL_AGENCIES || scope === agency) return true;
      const t = await load();
      return ancestors(t.parent, agency).includes(scope);
    },
    async expand(scopes) {
      if (scopes.includes(ALL_AGENCIES)) return undefined;
      const t = await load();
      const set = new Set(scopes);
      for (const code of t.parent.keys()) {
        if (ancestors(t.parent, code).some((a) => set.has(a))) set.add(code);
      }
      return [...set];
    },
    async exists(code) {
      return (await load()).parent.has(code);
    },
    async unitCode(code) {
      return (await load()).unit.get(code);
    },
    invalidate() {
      loaded = undefined;
    },
  };
}

function principalOf(user: UserWithRoles): Principal {
  return {
    userId: user.id,
    username: user.username,
    fullName: user.full_name,
    roles: user.roles.map((r) => ({ role: r.role, agency: r.agency_code })),
  };
}

/** The token secret: AUTH_SECRET, or one generated once per data folder (so tokens survive a restart). */
export function loadAuthSecret(dataDir: string, env: NodeJS.ProcessEnv = process.env): Uint8Array {
  if (env.AUTH_SECRET) return new TextEncoder().encode(env.AUTH_SECRET);
  const file = path.join(dataDir, 'auth-secret');
  try {
    return new Uint8Array(Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64url'));
  } catch {
    const secret = crypto.randomBytes(32);
    fs.mkdirSync(dataDir, { recursive: true });
    try {
      fs.writeFileSync(file, secret.toString('base64url'), { mode: 0o600, flag: 'wx' });
    } catch {
      // Another process wrote it first: use theirs.
      return new Uint8Array(Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64url'));
    }
    return new Uint8Array(secret);
  }
}

export function createAuthService({
  knex,
  secret,
  tokenTtlSeconds = 8 * 3600,
}: {
  knex: Knex;
  secret: Uint8Array;
  tokenTtlSeconds?: number;
}): AuthService {
  const cache = new Map<number, { at: number; user: UserWithRoles | undefined }>();
  const CACHE_MS = 5_000;
  const loadUser = async (id: number) => {
    const hit = cache.get(id);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.user;
    const user = await getUserById({ knex, id });
    cache.set(id, { at: Date.now(), user });
    return user;
  };
  // Verified tokens, so the HMAC check runs once per token rather than once per request (bounded; entries end at
  // the token's expiry; revocation still applies through the user's token_version checked below).
  const verified = new Map<string, { uid: number; tv: unknown; sub: string | undefined; exp: number }>();
  const verify = async (token: string) => {
    const hit = verified.get(token);
    if (hit && hit.exp * 1000 > Date.now()) return hit;
    const { payload } = await jwtVerify(token, secret, { algorithms: ['HS256'], issuer: 'motcua' });
    const entry = { uid: Number(payload.uid), tv: payload.tv, sub: payload.sub, exp: payload.exp ?? 0 };
    if (verified.size >= 10_000) verified.delete(verified.keys().next().value!);
    verified.set(token, entry);
    return entry;
  };
  const invalidToken = () =>
    new AuthenticationError(
      {
        vi: 'Mã truy cập không hợp lệ hoặc đã hết hạn, hãy đăng nhập lại',
        en: 'Invalid or expired token, sign in again',
      },
      'invalid-token',
    );
  return {
    agencies: createAgencyTree(knex),
    invalidate(userId) {
      if (userId === undefined) cache.clear();
      else cache.delete(userId);
    },
    async signIn(username, password) {
      const user = await getUserByUsername({ knex, username });
      if (!user || !user.active) {
        dummyHash ??= hashPassword(crypto.randomBytes(16).toString('hex'));
        await verifyPassword(await dummyHash, password);
        return undefined;
      }
      const ok = await verifyPassword(user.password_hash, password);
      if (!ok) return undefined;
      const expiresAt = new Date(Date.now() + tokenTtlSeconds * 1000);
      const token = await new SignJWT({ uid: user.id, tv: user.token_version })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(user.username)
        .setIssuer('motcua')
        .setIssuedAt()
        .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
        .sign(secret);
      return { token, expiresAt, principal: principalOf(user) };
    },
    authenticate: async (req, _res, next) => {
      const header = req.headers.authorization;
      if (!header) return next();
      const m = /^Bearer\s+([A-Za-z0-9._~+/-]+=*)$/i.exec(header);
      if (!m) return next(invalidToken());
      try {
        const payload = await verify(m[1]!);
        const uid = payload.uid;
        const user = Number.isInteger(uid) ? await loadUser(uid) : undefined;
        if (!user || !user.active || user.token_version !== payload.tv || user.username !== payload.sub) {
          return next(invalidToken());
        }
        req.principal = principalOf(user);
        next();
      } catch (err) {
        if ((err as { code?: string }).code?.startsWith('ERR_J')) return next(invalidToken());
        next(err);
      }
    },
  };
}

export function requireUser(req: Request): Principal {
  if (!req.principal) throw new AuthenticationError();
  return req.principal;
}

/** Agencies in which the caller holds one of `roles` ('*' when province-wide). */
export function scopesOf(principal: Principal, roles: readonly string[]): string[] {
  return principal.roles.filter((r) => roles.includes(r.role)).map((r) => r.agency);
}

export function hasRole(principal: Principal, roles: readonly string[]): boolean {
  return principal.roles.some((r) => roles.includes(r.role));
}

/**
 * The caller must hold one of `roles`, for `agency` when given (scope covering it). Returns the principal.
 */
export async function requireRole(
  req: Request,
  auth: AuthService,
  roles: readonly string[],
  agency?: string,
): Promise<Principal> {
  const principal = requireUser(req);
  const scopes = scopesOf(principal, roles);
  if (scopes.length === 0) {
    throw new ForbiddenError(
      {
        vi: `Cần một trong các vai trò: ${roles.join(', ')}`,
        en: `Requires one of the roles: ${roles.join(', ')}`,
      },
      'missing-role',
    );
  }
  if (agency !== undefined) {
    for (const s of scopes) if (await auth.agencies.covers(s, agency)) return principal;
    throw new ForbiddenError(
      {
        vi: `Vai trò của bạn không bao gồm cơ quan ${agency}`,
        en: `Your roles do not cover agency ${agency}`,
      },
      'outside-agency',
    );
  }
  return principal;
}
