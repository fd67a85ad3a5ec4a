import type { Knex } from 'knex';

/**
 * Tables of the service API: idempotency keys of intake requests, accounts and their agency-scoped roles, the
 * append-only audit log, fee payments (e-receipts) and satisfaction ratings.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('idempotency_keys', (t) => {
    t.string('key', 128).primary();
    /** sha256 of the canonical request, so a replay with other content is refused instead of answered. */
    t.string('request_hash', 64).notNullable();
    t.uuid('dossier_id').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('users', (t) => {
    t.bigIncrements('id');
    t.string('username', 128).notNullable().unique();
    t.text('password_hash').notNullable();
    t.text('full_name').notNullable();
    t.string('email', 256);
    t.string('phone', 32);
    t.boolean('active').notNullable().defaultTo(true);
    /** Bumped on password change or deactivation: tokens carrying an older value are refused. */
    t.integer('token_version').notNullable().defaultTo(0);
    t.timestamps(true, true);
  });

  await knex.schema.createTable('user_roles', (t) => {
    t.bigInteger('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.string('role', 64).notNullable();
    /** '*' = every agency (province-wide supervisor, publisher, admin). */
    t.string('agency_code', 64).notNullable();
    t.primary(['user_id', 'role', 'agency_code']);
    t.index(['role', 'agency_code']);
  });

  await knex.schema.createTable('audit_log', (t) => {
    t.bigIncrements('id');
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.string('actor', 128).notNullable();
    t.string('action', 64).notNullable();
    t.string('target_type', 32).notNullable();
    t.string('target_id', 160).notNullable();
    t.jsonb('old_value');
    t.jsonb('new_value');
    t.text('reason');
    t.string('request_id', 64);
    t.index(['target_type', 'target_id']);
    t.index(['actor', 'at']);
  });
  // Append-only: the database itself refuses to change or delete audit rows.
  await knex.raw(`
    CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_log is append-only';
    END $$;
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
  `);

  await knex.schema.createTable('fee_payments', (t) => {
    t.bigIncrements('id');
    t.uuid('dossier_id').notNullable();
    /** E-receipt number (biên lai điện tử); unique so a replayed payment is recorded once. */
    t.string('receipt_no', 64).notNullable().unique();
    t.bigInteger('amount').notNullable();
    t.string('currency', 3).notNullable().defaultTo('VND');
    t.text('note');
    t.string('recorded_by', 128).notNullable();
    t.timestamp('paid_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['dossier_id']);
  });

  await knex.schema.createTable('ratings', (t) => {
    t.uuid('dossier_id').primary();
    t.smallint('score').notNullable();
    t.text('comment');
    t.timestamp('rated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw('ALTER TABLE ratings ADD CONSTRAINT ratings_score_range CHECK (score BETWEEN 1 AND 5)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('ratings');
  await knex.schema.dropTableIfExists('fee_payments');
  await knex.raw('DROP TABLE IF EXISTS audit_log');
  await knex.raw('DROP FUNCTION IF EXISTS audit_log_append_only()');
  await knex.schema.dropTableIfExists('user_roles');
  await knex.schema.dropTableIfExists('users');
  await knex.schema.dropTableIfExists('idempotency_keys');
}
