import type { Knex } from 'knex';

/**
 * Working calendars: rule-seeded and admin-edited days (per agency, '*' = the default calendar every agency falls
 * back to) and per-agency sessions. (agency_code, day) is unique so seeding can insert-or-ignore and never
 * overwrite an admin's edit.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('calendar_days', (t) => {
    t.bigIncrements('id');
    /** Agency code, or '*' for the default calendar. Not a foreign key: '*' is no agency. */
    t.string('agency_code', 64).notNullable().defaultTo('*');
    t.date('day').notNullable();
    /** day-off | working-day */
    t.string('kind', 16).notNullable();
    /** rule | decision | admin */
    t.string('source', 16).notNullable();
    t.text('reason_vi').notNullable();
    t.text('reason_en');
    t.string('actor', 128).notNullable();
    t.timestamps(true, true);
    t.unique(['agency_code', 'day']);
  });
  await knex.raw(
    "ALTER TABLE calendar_days ADD CONSTRAINT calendar_days_kind_check CHECK (kind IN ('day-off', 'working-day'))",
  );

  await knex.schema.createTable('calendar_sessions', (t) => {
    t.string('agency_code', 64).primary();
    /** [{ start: 'HH:MM', end: 'HH:MM' }] of a standard working day */
    t.jsonb('sessions').notNullable();
    /** { "6": [{ start, end }] }: per-weekday replacements, e.g. Saturday mornings */
    t.jsonb('weekday_sessions').notNullable().defaultTo('{}');
    /** [0, 6] = Sunday and Saturday */
    t.jsonb('weekend_days').notNullable().defaultTo('[0,6]');
    t.integer('utc_offset_minutes').notNullable().defaultTo(420);
    t.string('actor', 128).notNullable();
    t.timestamps(true, true);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('calendar_sessions');
  await knex.schema.dropTableIfExists('calendar_days');
}
