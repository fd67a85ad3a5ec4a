import type { Knex } from 'knex';

/**
 * Dashboard statistics over millions of dossiers (DESIGN.md §5: < 200 ms over 1,000,000).
 *
 * Monthly summaries, kept exact by row triggers in the same transaction as the change (intake, projection, fixes
 * by hand — whatever writes the rows), and partial indexes for what is read live:
 *
 * - `dossier_stats_agency_monthly`: per Vietnam month (`month`), the month the dossiers were received (`rmonth`),
 *   agency and channel: dossiers received that month (`received`, rmonth = month) and dossiers finished that month
 *   (`finished` any outcome; `returned` with its classification; `refused`, `withdrawn`, `stopped`). A few hundred
 *   rows a month: the province dashboard and the public screens. `min_at` / `max_at` bound every timestamp ever
 *   counted in the cell, so a query whose period covers a month only partly can still use the month when nothing
 *   of it lies outside the period (e.g. this month up to today).
 * - `dossier_stats_procedure_monthly`: the same figures per month, agency and procedure version (hence procedure,
 *   sector, level), without channel or received month: a few thousand rows a month.
 * - `task_stats_monthly`: per month, agency and assignee: tasks completed that month (`touched` any status,
 *   `handled` completed, on time / late against their due time, `held_us` their total holding time).
 *
 * The figures that depend on "now" — open dossiers (pending on time / overdue, supplement, waiting for payment) and
 * open tasks — are always read live from the partial indexes below (open rows are few), and so are the days of a
 * period that cover a month only partly, from the covering indexes on received_at / finished_at / completed_at.
 *
 * Trade-off: a trigger adds two upserts to the statement that receives or finishes a dossier (one when a task is
 * completed). Transactions touching the same cell (same month, agency and channel) queue on its row lock until they
 * commit; intake and projection transactions are short, so this costs little, and it is what keeps
 * the summary exact without a refresh schedule (a scheduled refresh would be stale until it runs and would miss
 * late projections of closed days). Cells whose counts fall back to zero stay (they are ignored). Measured with the
 * triggers in place: `bench:intake` keeps API intake at 0.84× the raw Temporal start rate (target ≥ 0.8×).
 *
 * On an existing large database the indexes and the backfill are built in this migration's transaction, so writes
 * to dossiers and tasks wait for it (about 25 s for 1,000,000 dossiers and 2,000,000 tasks on 2 cores).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE dossier_stats_agency_monthly (
      month date NOT NULL,
      rmonth date NOT NULL,
      agency_code varchar(64) NOT NULL,
      channel varchar(16) NOT NULL,
      received integer NOT NULL DEFAULT 0,
      finished integer NOT NULL DEFAULT 0,
      returned integer NOT NULL DEFAULT 0,
      early integer NOT NULL DEFAULT 0,
      on_time integer NOT NULL DEFAULT 0,
      late integer NOT NULL DEFAULT 0,
      refused integer NOT NULL DEFAULT 0,
      withdrawn integer NOT NULL DEFAULT 0,
      stopped integer NOT NULL DEFAULT 0,
      min_at timestamptz NOT NULL,
      max_at timestamptz NOT NULL,
      PRIMARY KEY (month, rmonth, agency_code, channel)
    )`);
  await knex.raw(`
    CREATE TABLE dossier_stats_procedure_monthly (
      month date NOT NULL,
      agency_code varchar(64) NOT NULL,
      procedure_version_id bigint NOT NULL,
      procedure_code varchar(64) NOT NULL,
      received integer NOT NULL DEFAULT 0,
      finished integer NOT NULL DEFAULT 0,
      returned integer NOT NULL DEFAULT 0,
      early integer NOT NULL DEFAULT 0,
      on_time integer NOT NULL DEFAULT 0,
      late integer NOT NULL DEFAULT 0,
      refused integer NOT NULL DEFAULT 0,
      withdrawn integer NOT NULL DEFAULT 0,
      stopped integer NOT NULL DEFAULT 0,
      PRIMARY KEY (month, agency_code, procedure_version_id, procedure_code)
    )`);
  await knex.raw(`
    CREATE TABLE task_stats_monthly (
      month date NOT NULL,
      agency_code varchar(64) NOT NULL,
      assignee varchar(128) NOT NULL,
      touched integer NOT NULL DEFAULT 0,
      handled integer NOT NULL DEFAULT 0,
      on_time integer NOT NULL DEFAULT 0,
      late integer NOT NULL DEFAULT 0,
      held_us numeric NOT NULL DEFAULT 0,
      min_at timestamptz NOT NULL,
      max_at timestamptz NOT NULL,
      PRIMARY KEY (month, agency_code, assignee)
    )`);

  // What is read live: the days of a period that cover a month only partly, and the open rows.
  await knex.raw(`CREATE INDEX dossiers_stats_received ON dossiers (received_at)
    INCLUDE (agency_code, procedure_version_id, procedure_code, channel)`);
  await knex.raw(`CREATE INDEX dossiers_stats_finished ON dossiers (finished_at)
    INCLUDE (received_at, agency_code, procedure_version_id, procedure_code, channel, outcome, classification)
    WHERE finished_at IS NOT NULL`);
  await knex.raw(`CREATE INDEX dossiers_stats_open ON dossiers (received_at)
    INCLUDE (agency_code, procedure_version_id, procedure_code, channel, due_at, status)
    WHERE finished_at IS NULL`);
  await knex.raw(`CREATE INDEX tasks_stats_completed ON tasks (completed_at)
    INCLUDE (assignee, agency_code, status, due_at, opened_at)
    WHERE completed_at IS NOT NULL AND assignee IS NOT NULL`);
  await knex.raw(`CREATE INDEX tasks_stats_open ON tasks (assignee)
    INCLUDE (agency_code, due_at, overdue)
    WHERE status IN ('open', 'claimed') AND assignee IS NOT NULL`);

  // One dossier's contribution (s = +1 / -1) to both summaries: its received part and / or its finished part.
  await knex.raw(`
    CREATE FUNCTION dossier_stats_monthly_add(d dossiers, s integer, with_received boolean, with_finished boolean)
    RETURNS void LANGUAGE plpgsql AS $$
    DECLARE
      rm date := date_trunc('month', d.received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date;
      fm date;
      ret boolean := d.outcome IS NOT DISTINCT FROM 'returned';
      f integer[];
    BEGIN
      IF with_received THEN
        INSERT INTO dossier_stats_agency_monthly AS c (month, rmonth, agency_code, channel, received, min_at, max_at)
        VALUES (rm, rm, d.agency_code, d.channel, s, d.received_at, d.received_at)
        ON CONFLICT (month, rmonth, agency_code, channel) DO UPDATE
          SET received = c.received + s,
              min_at = least(c.min_at, excluded.min_at), max_at = greatest(c.max_at, excluded.max_at);
        INSERT INTO dossier_stats_procedure_monthly AS c (month, agency_code, procedure_version_id, procedure_code,
                                                          received)
        VALUES (rm, d.agency_code, d.procedure_version_id, d.procedure_code, s)
        ON CONFLICT (month, agency_code, procedure_version_id, procedure_code) DO UPDATE
          SET received = c.received + s;
      END IF;
      IF with_finished AND d.finished_at IS NOT NULL THEN
        fm := date_trunc('month', d.finished_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date;
        -- finished, returned, early, on time, late, refused, withdrawn, stopped
        f := ARRAY[s,
                   CASE WHEN ret THEN s ELSE 0 END,
                   CASE WHEN ret AND d.classification = 'early' THEN s ELSE 0 END,
                   CASE WHEN ret AND d.classification = 'on-time' THEN s ELSE 0 END,
                   CASE WHEN ret AND d.classification = 'late' THEN s ELSE 0 END,
                   CASE WHEN d.outcome = 'refused' THEN s ELSE 0 END,
                   CASE WHEN d.outcome = 'withdrawn' THEN s ELSE 0 END,
                   CASE WHEN d.outcome = 'stopped' THEN s ELSE 0 END];
        INSERT INTO dossier_stats_agency_monthly AS c
          (month, rmonth, agency_code, channel, finished, returned, early, on_time, late, refused, withdrawn,
           stopped, min_at, max_at)
        VALUES (fm, rm, d.agency_code, d.channel, f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], d.finished_at,
                d.finished_at)
        ON CONFLICT (month, rmonth, agency_code, channel) DO UPDATE
          SET finished = c.finished + excluded.finished, returned = c.returned + excluded.returned,
              early = c.early + excluded.early, on_time = c.on_time + excluded.on_time,
              late = c.late + excluded.late, refused = c.refused + excluded.refused,
              withdrawn = c.withdrawn + excluded.withdrawn, stopped = c.stopped + excluded.stopped,
              min_at = least(c.min_at, excluded.min_at), max_at = greatest(c.max_at, excluded.max_at);
        INSERT INTO dossier_stats_procedure_monthly AS c
          (month, agency_code, procedure_version_id, procedure_code, finished, returned, early, on_time, late,
           refused, withdrawn, stopped)
        VALUES (fm, d.agency_code, d.procedure_version_id, d.procedure_code, f[1], f[2], f[3], f[4], f[5], f[6],
                f[7], f[8])
        ON CONFLICT (month, agency_code, procedure_version_id, procedure_code) DO UPDATE
          SET finished = c.finished + excluded.finished, returned = c.returned + excluded.returned,
              early = c.early + excluded.early, on_time = c.on_time + excluded.on_time,
              late = c.late + excluded.late, refused = c.refused + excluded.refused,
              withdrawn = c.withdrawn + excluded.withdrawn, stopped = c.stopped + excluded.stopped;
      END IF;
    END $$`);
  await knex.raw(`
    CREATE FUNCTION dossier_stats_monthly_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      same_r boolean;
      same_f boolean;
    BEGIN
      IF TG_OP = 'INSERT' THEN
        PERFORM dossier_stats_monthly_add(NEW, 1, true, true);
      ELSIF TG_OP = 'DELETE' THEN
        PERFORM dossier_stats_monthly_add(OLD, -1, true, true);
      ELSE
        same_r := (OLD.received_at, OLD.agency_code, OLD.procedure_version_id, OLD.procedure_code, OLD.channel)
          IS NOT DISTINCT FROM (NEW.received_at, NEW.agency_code, NEW.procedure_version_id, NEW.procedure_code,
                                NEW.channel);
        same_f := same_r AND (OLD.finished_at, OLD.outcome, OLD.classification)
          IS NOT DISTINCT FROM (NEW.finished_at, NEW.outcome, NEW.classification);
        IF NOT same_r THEN
          PERFORM dossier_stats_monthly_add(OLD, -1, true, false);
          PERFORM dossier_stats_monthly_add(NEW, 1, true, false);
        END IF;
        IF NOT same_f THEN
          PERFORM dossier_stats_monthly_add(OLD, -1, false, true);
          PERFORM dossier_stats_monthly_add(NEW, 1, false, true);
        END IF;
      END IF;
      RETURN NULL;
    END $$`);

  await knex.raw(`
    CREATE FUNCTION task_stats_monthly_add(t tasks, s integer) RETURNS void LANGUAGE plpgsql AS $$
    DECLARE
      done boolean := t.status = 'completed';
    BEGIN
      IF t.completed_at IS NULL OR t.assignee IS NULL THEN RETURN; END IF;
      INSERT INTO task_stats_monthly AS c
        (month, agency_code, assignee, touched, handled, on_time, late, held_us, min_at, max_at)
      VALUES (date_trunc('month', t.completed_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, t.agency_code,
              t.assignee, s,
              CASE WHEN done THEN s ELSE 0 END,
              CASE WHEN done AND (t.due_at IS NULL OR t.completed_at <= t.due_at) THEN s ELSE 0 END,
              CASE WHEN done AND t.completed_at > t.due_at THEN s ELSE 0 END,
              CASE WHEN done THEN s * extract(epoch FROM t.completed_at - t.opened_at) * 1000000 ELSE 0 END,
              t.completed_at, t.completed_at)
      ON CONFLICT (month, agency_code, assignee) DO UPDATE
        SET touched = c.touched + excluded.touched, handled = c.handled + excluded.handled,
            on_time = c.on_time + excluded.on_time, late = c.late + excluded.late,
            held_us = c.held_us + excluded.held_us,
            min_at = least(c.min_at, excluded.min_at), max_at = greatest(c.max_at, excluded.max_at);
    END $$`);
  await knex.raw(`
    CREATE FUNCTION task_stats_monthly_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP <> 'INSERT' THEN PERFORM task_stats_monthly_add(OLD, -1); END IF;
      IF TG_OP <> 'DELETE' THEN PERFORM task_stats_monthly_add(NEW, 1); END IF;
      RETURN NULL;
    END $$`);

  // Triggers first: they lock the tables against writes until this migration commits, so the backfill below and
  // the triggers see every row exactly once.
  await knex.raw(`CREATE TRIGGER dossier_stats_monthly_ins_del AFTER INSERT OR DELETE ON dossiers
    FOR EACH ROW EXECUTE FUNCTION dossier_stats_monthly_trigger()`);
  await knex.raw(`CREATE TRIGGER dossier_stats_monthly_upd AFTER UPDATE ON dossiers FOR EACH ROW
    WHEN ((OLD.received_at, OLD.finished_at, OLD.outcome, OLD.classification, OLD.agency_code,
           OLD.procedure_version_id, OLD.procedure_code, OLD.channel)
          IS DISTINCT FROM (NEW.received_at, NEW.finished_at, NEW.outcome, NEW.classification, NEW.agency_code,
                            NEW.procedure_version_id, NEW.procedure_code, NEW.channel))
    EXECUTE FUNCTION dossier_stats_monthly_trigger()`);
  await knex.raw(`CREATE TRIGGER task_stats_monthly_ins_del AFTER INSERT OR DELETE ON tasks
    FOR EACH ROW EXECUTE FUNCTION task_stats_monthly_trigger()`);
  await knex.raw(`CREATE TRIGGER task_stats_monthly_upd AFTER UPDATE ON tasks FOR EACH ROW
    WHEN ((OLD.status, OLD.completed_at, OLD.assignee, OLD.agency_code, OLD.due_at, OLD.opened_at)
          IS DISTINCT FROM (NEW.status, NEW.completed_at, NEW.assignee, NEW.agency_code, NEW.due_at, NEW.opened_at))
    EXECUTE FUNCTION task_stats_monthly_trigger()`);

  const facts = `
      SELECT date_trunc('month', received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS month,
             date_trunc('month', received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS rmonth,
             agency_code, channel, procedure_version_id, procedure_code, 1 AS received, 0 AS finished,
             0 AS returned, 0 AS early, 0 AS on_time, 0 AS late, 0 AS refused, 0 AS withdrawn, 0 AS stopped,
             received_at AS at
      FROM dossiers
      UNION ALL
      SELECT date_trunc('month', finished_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date,
             date_trunc('month', received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date,
             agency_code, channel, procedure_version_id, procedure_code, 0, 1,
             (outcome IS NOT DISTINCT FROM 'returned')::int,
             (outcome IS NOT DISTINCT FROM 'returned' AND classification IS NOT DISTINCT FROM 'early')::int,
             (outcome IS NOT DISTINCT FROM 'returned' AND classification IS NOT DISTINCT FROM 'on-time')::int,
             (outcome IS NOT DISTINCT FROM 'returned' AND classification IS NOT DISTINCT FROM 'late')::int,
             (outcome IS NOT DISTINCT FROM 'refused')::int, (outcome IS NOT DISTINCT FROM 'withdrawn')::int,
             (outcome IS NOT DISTINCT FROM 'stopped')::int,
             finished_at
      FROM dossiers WHERE finished_at IS NOT NULL`;
  const sums = `sum(received), sum(finished), sum(returned), sum(early), sum(on_time), sum(late), sum(refused),
           sum(withdrawn), sum(stopped)`;
  const cols = 'received, finished, returned, early, on_time, late, refused, withdrawn, stopped';
  await knex.raw(`
    INSERT INTO dossier_stats_agency_monthly (month, rmonth, agency_code, channel, ${cols}, min_at, max_at)
    SELECT month, rmonth, agency_code, channel, ${sums}, min(at), max(at)
    FROM (${facts}) x GROUP BY month, rmonth, agency_code, channel`);
  await knex.raw(`
    INSERT INTO dossier_stats_procedure_monthly (month, agency_code, procedure_version_id, procedure_code, ${cols})
    SELECT month, agency_code, procedure_version_id, procedure_code, ${sums}
    FROM (${facts}) x GROUP BY month, agency_code, procedure_version_id, procedure_code`);
  await knex.raw(`
    INSERT INTO task_stats_monthly (month, agency_code, assignee, touched, handled, on_time, late, held_us, min_at,
      max_at)
    SELECT date_trunc('month', completed_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, agency_code, assignee, count(*),
           count(*) FILTER (WHERE status = 'completed'),
           count(*) FILTER (WHERE status = 'completed' AND (due_at IS NULL OR completed_at <= due_at)),
           count(*) FILTER (WHERE status = 'completed' AND completed_at > due_at),
           coalesce(sum(extract(epoch FROM completed_at - opened_at) * 1000000)
                      FILTER (WHERE status = 'completed'), 0),
           min(completed_at), max(completed_at)
    FROM tasks WHERE completed_at IS NOT NULL AND assignee IS NOT NULL
    GROUP BY 1, 2, 3`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TRIGGER IF EXISTS task_stats_monthly_upd ON tasks');
  await knex.raw('DROP TRIGGER IF EXISTS task_stats_monthly_ins_del ON tasks');
  await knex.raw('DROP TRIGGER IF EXISTS dossier_stats_monthly_upd ON dossiers');
  await knex.raw('DROP TRIGGER IF EXISTS dossier_stats_monthly_ins_del ON dossiers');
  await knex.raw('DROP FUNCTION IF EXISTS task_stats_monthly_trigger()');
  await knex.raw('DROP FUNCTION IF EXISTS task_stats_monthly_add(tasks, integer)');
  await knex.raw('DROP FUNCTION IF EXISTS dossier_stats_monthly_trigger()');
  await knex.raw('DROP FUNCTION IF EXISTS dossier_stats_monthly_add(dossiers, integer, boolean, boolean)');
  for (const index of [
    'tasks_stats_open',
    'tasks_stats_completed',
    'dossiers_stats_open',
    'dossiers_stats_finished',
    'dossiers_stats_received',
  ]) {
    await knex.raw(`DROP INDEX IF EXISTS ${index}`);
  }
  await knex.raw('DROP TABLE IF EXISTS task_stats_monthly');
  await knex.raw('DROP TABLE IF EXISTS dossier_stats_procedure_monthly');
  await knex.raw('DROP TABLE IF EXISTS dossier_stats_agency_monthly');
}
