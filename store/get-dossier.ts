import type { Db, DossierRow } from './types.js';

export async function getDossierByCode({
  knex,
  code,
}: {
  knex: Db;
  code: string;
}): Promise<DossierRow | undefined> {
  return knex<DossierRow>('dossiers').where({ code }).first();
}

export async function getDossierById({
  knex,
  id,
}: {
  knex: Db;
  id: string;
}): Promise<DossierRow | undefined> {
  return knex<DossierRow>('dossiers').where({ id }).first();
}
