import type { AgencyRow, Db } from './types.js';

export async function getAgency({ knex, code }: { knex: Db; code: string }): Promise<AgencyRow | undefined> {
  return knex<AgencyRow>('agencies').where({ code }).first();
}

export async function listAgencies({ knex }: { knex: Db }): Promise<AgencyRow[]> {
  return knex<AgencyRow>('agencies').orderBy('code');
}
