import type { Knex } from 'knex';
import type { Db } from './types.js';

/** Runs `fn` in a transaction, joining the caller's when `knex` already is one. */
export function inTransaction<T>(knex: Db, fn: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  if ((knex as Knex.Transaction).isTransaction) return fn(knex as Knex.Transaction);
  return (knex as Knex).transaction(fn);
}
