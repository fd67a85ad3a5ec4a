/**
 * Activities of the scheduled supervision workflows: the stuck scan (open incidents, dossiers without progress for
 * the configured working time, workflows whose workflow task keeps failing) and the report snapshots.
 */
import { Client, Connection } from '@temporalio/client';
import type { Knex } from '../db/index.js';
import {
  dossierStatistics,
  getSupervisionSettings,
  listIdleCandidates,
  listOpenIncidents,
  markScanned,
  recordFindings,
  saveReportSnapshot,
  type DossierStatsRow,
  type Finding,
} from '../store/index.js';
import type {
  ReportSnapshotInput,
  ReportSnapshotResult,
  StuckScanInput,
  StuckScanResult,
  SupervisionActivities,
} from '../workflows/index.js';
import type { CalendarFor } from './calendar-ops.js';
import { describeWorkflowTaskFailure } from './supervision-temporal.js';

export interface SupervisionDeps {
  knex: Knex;
  calendarFor: CalendarFor;
  /** Temporal, to see workflow tasks that keep failing; absent = that check is skipped. */
  temporal?: { address: string; namespace: string } | { client: Client };
  now?: () => Date;
}

const VN_OFFSET_MS = 7 * 3_600_000;
const vnDay = (d: Date) => new Date(d.getTime() + VN_OFFSET_MS).toISOString().slice(0, 10);
const vnMidnight = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) - VN_OFFSET_MS);
/** A workflow with no event for this long (wall time) is asked whether its workflow task is failing. */
const TASK_FAILURE_PROBE_MS = 30_000;

export function createSupervisionActivities(deps: SupervisionDeps): SupervisionActivities {
  const now = deps.now ?? (() => new Date());
  let client: Promise<Client> | undefined;
  const temporal = (): Promise<Client> | undefined => {
    const t = deps.temporal;
    if (!t) return undefined;
    if ('client' in t) return Promise.resolve(t.client);
    client ??= Connection.connect({ address: t.address }).then(
      (c) => new Client({ connection: c, namespace: t.namespace }),
    );
    client.catch(() => (client = undefined));
    return client;
  };

  return {
    async supervisionScanStuck(input: StuckScanInput): Promise<StuckScanResult> {
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

      // Working time is never more than wall time, so the wall threshold is a safe pre-filter.
      const probeBefore = new Date(scannedAt.getTime() - TASK_FAILURE_PROBE_MS);
      const candidates = await listIdleCandidates({ knex: deps.knex, before: probeBefore, limit: 2000 });
      const c = temporal();
      let probed = 0;
      for (const d of candidates) {
        if (withIncident.has(d.workflow_id)) continue;
        const cal = await deps.calendarFor(d.agency_code);
        const idleMs = cal.workingMillisBetween(new Date(d.last_event_at), scannedAt);
        const thresholdMs = idleDays * cal.msPerWorkingDay;
        // A failing workflow task is checked on the longest-idle workflows first, a bounded number per scan.
        if (c && probed < 100) {
          probed++;
          const failure = await describeWorkflowTaskFailure(await c, d.workflow_id).catch(() => undefined);
          if (failure) {
            findings.push({
              dossierId: d.dossier_id,
              dossierCode: d.dossier_code,
              workflowId: d.workflow_id,
              agencyCode: d.agency_code,
              kind: 'workflow-task-failing',
              nodeId: d.current_step,
              reason: `Tác vụ quy trình lỗi ${failure.attempt} lần / workflow task failed ${failure.attempt} times: ${failure.message}`,
              since: failure.since ?? new Date(d.last_event_at),
              idleWorkingMs: idleMs,
            });
            continue;
          }
        }
        if (idleMs >= thresholdMs) {
          const hours = Math.round((idleMs / cal.msPerWorkingDay) * 100) / 100;
          findings.push({
            dossierId: d.dossier_id,
            dossierCode: d.dossier_code,
            workflowId: d.workflow_id,
            agencyCode: d.agency_code,
            kind: 'idle',
            nodeId: d.last_event_node ?? d.current_step,
            reason:
              `Không có tiến triển ${hours} ngày làm việc (sự kiện cuối: ${d.last_event_type ?? '—'}) / ` +
              `no progress for ${hours} working day(s) (last event: ${d.last_event_type ?? '—'})`,
            since: new Date(d.last_event_at),
            idleWorkingMs: idleMs,
          });
        }
      }
      const written = await recordFindings({ knex: deps.knex, scannedAt, findings });
      await markScanned({ knex: deps.knex, at: scannedAt });
      const byKind: Record<string, number> = {};
      for (const f of findings) byKind[f.kind] = (byKind[f.kind] ?? 0) + 1;
      return { scannedAt: scannedAt.toISOString(), open: written.open, resolved: written.resolved, byKind };
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
      const total = rows.reduce<Omit<DossierStatsRow, 'key'>>(
        (t, r) => {
          for (const k of Object.keys(t) as Array<keyof typeof t>) t[k] += r[k];
          return t;
        },
        {
          received: 0,
          resolved: 0,
          early: 0,
          onTime: 0,
          late: 0,
          pending: 0,
          pendingOnTime: 0,
          pendingOverdue: 0,
          supplement: 0,
          refused: 0,
          withdrawn: 0,
          stopped: 0,
        },
      );
      await saveReportSnapshot({ knex: deps.knex, kind: input.kind, period, rows, total });
      return { kind: input.kind, period, groups: rows.length, received: total.received };
    },
  };
}
