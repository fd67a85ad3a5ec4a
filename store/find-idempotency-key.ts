import type { Db, IdempotencyKeyRow } from './types.js';

export async function findIdempotencyKey({
  knex,
  key,
}: {
  knex: Db;
  key: string;
}): Promise<IdempotencyKeyRow | undefined> {
  return knex<IdempotencyKeyRow>('idempotency_keys').where({ key }).first();
}
