import type { Knex } from 'knex';

/**
 * The dossier summaries (20261122000600_dashboard-stats) count inserts once per statement instead of once per row.
 *
 * Intake writes the dossiers of concurrent filings with one multi-row statement (api/dossier-writer.ts). A row
 * trigger then ran two upserts per dossier, mostly on the same hot cells (this month, this agency, this channel /
 * procedure), and locked those cells in the order of the rows — two batches with rows of two agencies in opposite
 * orders could deadlock. A statement trigger over the transition table adds each cell's count with one upsert,
 * locking cells in key order. Deletes and updates stay row triggers (one row at a time in practice).
 */
const INSERT_FUNCTION = `
  CREATE FUNCTION dossier_stats_monthly_insert_stmt() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    WITH r AS (
      SELECT date_trunc('month', received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS rm, * FROM new_rows)
    INSERT INTO dossier_stats_agency_monthly AS c (month, rmonth, agency_code, channel, received, min_at, max_at)
    SELECT rm, rm, agency_code, channel, count(*), min(received_at), max(received_at)
      FROM r GROUP BY rm, agency_code, channel ORDER BY rm, agency_code, channel
    ON CONFLICT (month, rmonth, agency_code, channel) DO UPDATE
      SET received = c.received + excluded.received,
          min_at = least(c.min_at, excluded.min_at), max_at = greatest(c.max_at, excluded.max_at);

    WITH r AS (
      SELECT date_trunc('month', received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS rm, * FROM new_rows)
    INSERT INTO dossier_stats_procedure_monthly AS c (month, agency_code, procedure_version_id, procedure_code,
                                                      received)
    SELECT rm, agency_code, procedure_version_id, procedure_code, count(*)
      FROM r GROUP BY rm, agency_code, procedure_version_id, procedure_code
     ORDER BY rm, agency_code, procedure_version_id, procedure_code
    ON CONFLICT (month, agency_code, procedure_version_id, procedure_code) DO UPDATE
      SET received = c.received + excluded.received;

    -- Rows inserted already finished (imports, fixes by hand): their finished part, as the row function counts it.
    IF EXISTS (SELECT 1 FROM new_rows WHERE finished_at IS NOT NULL) THEN
      WITH f AS (
        SELECT date_trunc('month', received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS rm,
               date_trunc('month', finished_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS fm,
               outcome IS NOT DISTINCT FROM 'returned' AS ret, *
          FROM new_rows WHERE finished_at IS NOT NULL)
      INSERT INTO dossier_stats_agency_monthly AS c
        (month, rmonth, agency_code, channel, finished, returned, early, on_time, late, refused, withdrawn,
         stopped, min_at, max_at)
      SELECT fm, rm, agency_code, channel, count(*), count(*) FILTER (WHERE ret),
             count(*) FILTER (WHERE ret AND classification = 'early'),
             count(*) FILTER (WHERE ret AND classification = 'on-time'),
             count(*) FILTER (WHERE ret AND classification = 'late'),
             count(*) FILTER (WHERE outcome = 'refused'), count(*) FILTER (WHERE outcome = 'withdrawn'),
             count(*) FILTER (WHERE outcome = 'stopped'), min(finished_at), max(finished_at)
        FROM f GROUP BY fm, rm, agency_code, channel ORDER BY fm, rm, agency_code, channel
      ON CONFLICT (month, rmonth, agency_code, channel) DO UPDATE
        SET finished = c.finished + excluded.finished, returned = c.returned + excluded.returned,
            early = c.early + excluded.early, on_time = c.on_time + excluded.on_time,
            late = c.late + excluded.late, refused = c.refused + excluded.refused,
            withdrawn = c.withdrawn + excluded.withdrawn, stopped = c.stopped + excluded.stopped,
            min_at = least(c.min_at, excluded.min_at), max_at = greatest(c.max_at, excluded.max_at);

      WITH f AS (
        SELECT date_trunc('month', finished_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS fm,
               outcome IS NOT DISTINCT FROM 'returned' AS ret, *
          FROM new_rows WHERE finished_at IS NOT NULL)
      INSERT INTO dossier_stats_procedure_monthly AS c
        (month, agency_code, procedure_version_id, procedure_code, finished, returned, early, on_time, late,
         refused, withdrawn, stopped)
      SELECT fm, agency_code, procedure_version_id, procedure_code, count(*), count(*) FILTER (WHERE ret),
             count(*) FILTER (WHERE ret AND classification = 'early'),
             count(*) FILTER (WHERE ret AND classification = 'on-time'),
             count(*) FILTER (WHERE ret AND classification = 'late'),
             count(*) FILTER (WHERE outcome = 'refused'), count(*) FILTER (WHERE outcome = 'withdrawn'),
             count(*) FILTER (WHERE outcome = 'stopped')
        FROM f GROUP BY fm, agency_code, procedure_version_id, procedure_code
       ORDER BY fm, agency_code, procedure_version_id, procedure_code
      ON CONFLICT (month, agency_code, procedure_version_id, procedure_code) DO UPDATE
        SET finished = c.finished + excluded.finished, returned = c.returned + excluded.returned,
            early = c.early + excluded.early, on_time = c.on_time + excluded.on_time,
            late = c.late + excluded.late, refused = c.refused + excluded.refused,
            withdrawn = c.withdrawn + excluded.withdrawn, stopped = c.stopped + excluded.stopped;
    END IF;
    RETURN NULL;
  END $$`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(INSERT_FUNCTION);
  await knex.raw('DROP TRIGGER dossier_stats_monthly_ins_del ON dossiers');
  await knex.raw(`CREATE TRIGGER dossier_stats_monthly_del AFTER DELETE ON dossiers
    FOR EACH ROW EXECUTE FUNCTION dossier_stats_monthly_trigger()`);
  await knex.raw(`CREATE TRIGGER dossier_stats_monthly_ins AFTER INSERT ON dossiers
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dossier_stats_monthly_insert_stmt()`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TRIGGER dossier_stats_monthly_ins ON dossiers');
  await knex.raw('DROP TRIGGER dossier_stats_monthly_del ON dossiers');
  await knex.raw(`CREATE TRIGGER dossier_stats_monthly_ins_del AFTER INSERT OR DELETE ON dossiers
    FOR EACH ROW EXECUTE FUNCTION dossier_stats_monthly_trigger()`);
  await knex.raw('DROP FUNCTION dossier_stats_monthly_insert_stmt()');
}
