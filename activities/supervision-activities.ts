/**
 * Activities of the scheduled supervision workflows: the stuck scan (open incidents, dossiers without progress for
 * the configured working time, workflows whose workflow task keeps failing, and — when enabled — dossier workflows
 * left running without their dossier row, which it terminates; see supervision-orphans.ts) and the report
 * snapshots.
 */
import { Client, Connection, type TLSConfig } from '@temporalio/client';
import type { Knex } from '../db/index.js';
import {
  dossierStatistics,
  getSupervisionSettings,
  listFindings,
  listIdleCandidates,
  listOpenIncidents,
  markScanned,
  recordFindings,
  saveReportSnapshot,
  sumDossierStats,
  getProbeCursor,
  listRunningWorkflows,
  setProbeCursor,
  type Finding,
  type RunningWorkflow,
} from '../store/index.js';
import type {
  ReportSnapshotInput,
  ReportSnapshotResult,
  StuckScanInput,
  StuckScanResult,
  SupervisionActivities,
} from '../workflows/index.js';
import type { CalendarFor } from './calendar-ops.js';
import {
  createOrphanScan,
  ORPHAN_WORKFLOW,
  type OrphanWorkflowOptions,
  type OrphanWorkflowStats,
} from './supervision-orphans.js';
import {
  describeWorkflowTaskFailure,
  listReportedProblems,
  probeWorkflowTasks,
} from './supervision-temporal.js';

export const WORKFLOW_TASK_FAILING = 'workflow-task-failing';

export interface WorkflowTaskProbeOptions {
  /**
   * Running workflows described per scan besides the re-checks, in rotation by workflow id (default 500: with
   * 5,000 running dossiers and a scan every 5 minutes each is looked at every 50 minutes).
   */
  budget?: number;
  /** Describes in flight at once (default 8). */
  concurrency?: number;
  /** Replaces the Describe call (tests). */
  describe?: typeof describeWorkflowTaskFailure;
}

export interface SupervisionDeps {
  knex: Knex;
  calendarFor: CalendarFor;
  /** Temporal, to see workflow tasks that keep failing; absent = that check is skipped. */
  temporal?: { address: string; namespace: string; tls?: TLSConfig; apiKey?: string } | { client: Client };
  workflowTaskProbe?: WorkflowTaskProbeOptions;
  /**
   * Terminate running dossier workflows that have no dossier row (see supervision-orphans.ts); needs `temporal`.
   * Absent = not checked: terminating is for the worker that serves the dossiers (createWorker enables it for its
   * own task queue), never a side effect of a scan run by some other caller.
   */
  orphanWorkflows?: OrphanWorkflowOptions;
  now?: () => Date;
}

/** The stuck scan's result with the orphan check's counts (`orphanWorkflows`, when the check ran). */
export type SupervisionScanResult = StuckScanResult & { orphanWorkflows?: OrphanWorkflowStats };

export type SupervisionActivitiesWithOrphans = Omit<SupervisionActivities, 'supervisionScanStuck'> & {
  supervisionScanStuck(input: StuckScanInput): Promise<SupervisionScanResult>;
};

const VN_OFFSET_MS = 7 * 3_600_000;
const vnDay = (d: Date) => new Date(d.getTime() + VN_OFFSET_MS).toISOString().slice(0, 10);
const vnMidnight = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) - VN_OFFSET_MS);
/** How long a server's "unsupported" answer to the reported-problems query is believed before asking again. */
const REPORTED_PROBLEMS_RECHECK_MS = 3_600_000;
/** The shortest working day any calendar is assumed to have (the idle scan's wall-time pre-filter). */
const MIN_MS_PER_WORKING_DAY = 60_000;

export function createSupervisionActivities(deps: SupervisionDeps): SupervisionActivitiesWithOrphans {
  const now = deps.now ?? (() => new Date());
  const orphanScan = deps.orphanWorkflows
    ? createOrphanScan({ knex: deps.knex, options: deps.orphanWorkflows, now })
    : undefined;
  let client: Promise<Client> | undefined;
  const temporal = (): Promise<Client> | undefined => {
    const t = deps.temporal;
    if (!t) return undefined;
    if ('client' in t) return Promise.resolve(t.client);
    const { namespace: _ns, ...connect } = t;
    client ??= Connection.connect(connect).then(
      (c) => new Client({ connection: c, namespace: t.namespace }),
    );
    client.catch(() => (client = undefined));
    return client;
  };
  let reportedProblemsUnsupportedAt: number | undefined;

  /**
   * Failing workflow tasks: every workflow with an open finding of that kind is checked again (so it clears once
   * fixed or ended), plus those the server reports (if it can), plus the next `budget` running workflows in the
   * rotation. Bounded per scan whatever the number of running dossiers.
   */
  async function scanWorkflowTasks(c: Client, scannedAt: Date) {
    const budget = Math.max(0, deps.workflowTaskProbe?.budget ?? 500);
    const open = await listFindings({ knex: deps.knex, open: true, limit: 10_000 });
    const previous = new Map(
      open.filter((f) => f.kind === WORKFLOW_TASK_FAILING).map((f) => [f.workflow_id, f] as const),
    );

    let reported: string[] = [];
    let reportedQuery: 'supported' | 'unsupported' | 'error' = 'unsupported';
    if (
      reportedProblemsUnsupportedAt === undefined ||
      scannedAt.getTime() - reportedProblemsUnsupportedAt > REPORTED_PROBLEMS_RECHECK_MS
    ) {
      try {
        const r = await listReportedProblems(c);
        if (r === 'unsupported') reportedProblemsUnsupportedAt = scannedAt.getTime();
        else {
          reported = r;
          reportedQuery = 'supported';
          reportedProblemsUnsupportedAt = undefined;
        }
      } catch {
        reportedQuery = 'error';
      }
    }

    const targets = new Map<string, RunningWorkflow>();
    const known = [...new Set([...previous.keys(), ...reported])];
    for (let i = 0; i < known.length; i += 500) {
      for (const w of await listRunningWorkflows({
        knex: deps.knex,
        workflowIds: known.slice(i, i + 500),
        limit: 500,
      }))
        targets.set(w.workflow_id, w);
    }
    // The rotation: from the cursor on, wrapping around once.
    const cursor = await getProbeCursor({ knex: deps.knex });
    let rotation =
      budget > 0 ? await listRunningWorkflows({ knex: deps.knex, after: cursor, limit: budget }) : [];
    let wrapped = false;
    if (budget > 0 && rotation.length < budget && cursor !== '') {
      wrapped = true;
      const seen = new Set(rotation.map((w) => w.workflow_id));
      const head = await listRunningWorkflows({ knex: deps.knex, limit: budget - rotation.length });
      rotation = [...rotation, ...head.filter((w) => w.workflow_id <= cursor && !seen.has(w.workflow_id))];
    }
    for (const w of rotation) targets.set(w.workflow_id, w);
    const last = rotation[rotation.length - 1]?.workflow_id;
    // A rotation that reached the end starts again from the beginning next time.
    const nextCursor = rotation.length < budget ? '' : (last ?? '');

    const probe = await probeWorkflowTasks(c, targets.keys(), {
      concurrency: deps.workflowTaskProbe?.concurrency,
      describe: deps.workflowTaskProbe?.describe,
    });
    const findings: Finding[] = [];
    for (const [id, w] of targets) {
      const f = probe.failing.get(id);
      if (f) {
        findings.push({
          dossierId: w.dossier_id,
          dossierCode: w.dossier_code,
          workflowId: id,
          agencyCode: w.agency_code,
          kind: WORKFLOW_TASK_FAILING,
          nodeId: w.current_step,
          reason: f.reason,
          since: f.since ?? scannedAt,
        });
        continue;
      }
      // Unknown state (Temporal error for this one): an open finding stays as it was.
      const prev = previous.get(id);
      if (prev && probe.errors.has(id)) {
        findings.push({
          dossierId: prev.dossier_id,
          dossierCode: prev.dossier_code,
          workflowId: id,
          agencyCode: prev.agency_code,
          kind: WORKFLOW_TASK_FAILING,
          nodeId: prev.node_id,
          reason: prev.reason,
          since: new Date(prev.since),
        });
      }
    }
    await setProbeCursor({ knex: deps.knex, cursor: nextCursor });
    return {
      findings,
      stats: {
        probed: targets.size,
        failing: probe.failing.size,
        errors: probe.errors.size,
        notFound: probe.notFound.size,
        rotationWrapped: wrapped || nextCursor === '',
        reportedProblemsQuery: reportedQuery,
      },
    };
  }

  return {
    async supervisionScanStuck(input: StuckScanInput): Promise<SupervisionScanResult> {
      const scannedAt = now();
      const settings = await getSupervisionSettings({ knex: deps.knex });
      const idleDays = input.idleWorkingDays ?? settings.idleWorkingDays;
      const findings: Finding[] = [];

      for (const i of await listOpenIncidents({ knex: deps.knex })) {
        findings.push({
          dossierId: i.dossier_id,
          dossierCode: i.dossier_code,
          workflowId: i.workflow_id,
          agencyCode: i.agency_code,
          kind: i.kind,
          nodeId: i.node_id,
          reason: i.message,
          since: new Date(i.opened_at),
        });
      }
      const withIncident = new Set(findings.map((f) => f.workflowId));

      // Workflow tasks failing (Temporal); skipped, and earlier findings of that kind kept, when unreachable.
      const uncheckedKinds: string[] = [];
      let workflowTasks: StuckScanResult['workflowTasks'];
      const failing = new Set<string>();
      const pending = temporal();
      let c: Client | undefined;
      try {
        c = pending ? await pending : undefined;
      } catch {
        c = undefined;
      }
      if (c) {
        try {
          const r = await scanWorkflowTasks(c, scannedAt);
          for (const f of r.findings) {
            findings.push(f);
            failing.add(f.workflowId);
          }
          workflowTasks = r.stats;
        } catch {
          uncheckedKinds.push(WORKFLOW_TASK_FAILING);
        }
      } else uncheckedKinds.push(WORKFLOW_TASK_FAILING);

      // Orphan dossier workflows (no row): nothing is terminated when Temporal or PostgreSQL fails; next scan again.
      let orphanWorkflows: OrphanWorkflowStats | undefined;
      if (orphanScan) {
        try {
          if (!c) throw new Error('Temporal unreachable');
          orphanWorkflows = await orphanScan(c);
        } catch {
          uncheckedKinds.push(ORPHAN_WORKFLOW);
        }
      }

      const candidates = await listIdleCandidates({
        knex: deps.knex,
        // Working time is never more than wall time, so a wall threshold is a safe pre-filter as long as no
        // calendar's working day is shorter than a minute (demo calendars scale a day down to one minute).
        before: new Date(scannedAt.getTime() - idleDays * MIN_MS_PER_WORKING_DAY),
        limit: 2000,
      });
      for (const d of candidates) {
        // One reason per dossier: an incident or a failing workflow task says more than "no progress".
        if (withIncident.has(d.workflow_id) || failing.has(d.workflow_id)) continue;
        const cal = await deps.calendarFor(d.agency_code);
        const idleMs = cal.workingMillisBetween(new Date(d.last_event_at), scannedAt);
        if (idleMs < idleDays * cal.msPerWorkingDay) continue;
        const days = Math.round((idleMs / cal.msPerWorkingDay) * 100) / 100;
        findings.push({
          dossierId: d.dossier_id,
          dossierCode: d.dossier_code,
          workflowId: d.workflow_id,
          agencyCode: d.agency_code,
          kind: 'idle',
          nodeId: d.last_event_node ?? d.current_step,
          reason:
            `Không có tiến triển ${days} ngày làm việc (sự kiện cuối: ${d.last_event_type ?? '—'}) / ` +
            `no progress for ${days} working day(s) (last event: ${d.last_event_type ?? '—'})`,
          since: new Date(d.last_event_at),
          idleWorkingMs: idleMs,
        });
      }
      const written = await recordFindings({ knex: deps.knex, scannedAt, findings, uncheckedKinds });
      await markScanned({ knex: deps.knex, at: scannedAt });
      const byKind: Record<string, number> = {};
      for (const f of findings) byKind[f.kind] = (byKind[f.kind] ?? 0) + 1;
      return {
        scannedAt: scannedAt.toISOString(),
        open: written.open,
        resolved: written.resolved,
        byKind,
        ...(workflowTasks ? { workflowTasks } : {}),
        ...(orphanWorkflows ? { orphanWorkflows } : {}),
        ...(uncheckedKinds.length ? { unchecked: uncheckedKinds } : {}),
      };
    },

    async supervisionSnapshotReport(input: ReportSnapshotInput): Promise<ReportSnapshotResult> {
      // Default: the period that ended last (a run just after midnight snapshots the day / month before).
      const ref = vnDay(new Date(now().getTime() - 12 * 3_600_000));
      const period = input.period ?? (input.kind === 'daily' ? ref : ref.slice(0, 7));
      const fromDay = input.kind === 'daily' ? period : `${period}-01`;
      const from = vnMidnight(fromDay);
      const to =
        input.kind === 'daily'
          ? new Date(from.getTime() + 86_400_000)
          : vnMidnight(
              (() => {
                const [y, m] = period.split('-').map(Number) as [number, number];
                return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
              })(),
            );
      const rows = await dossierStatistics({ knex: deps.knex, groupBy: 'agency', filter: { from, to } });
      // The snapshot's total line has no key.
      const { key: _key, ...total } = sumDossierStats(rows);
      await saveReportSnapshot({ knex: deps.knex, kind: input.kind, period, rows, total });
      return { kind: input.kind, period, groups: rows.length, received: total.received };
    },
  };
}
