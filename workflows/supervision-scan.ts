/**
 * Periodic supervision work, run by Temporal schedules on the worker (worker/schedules.ts), never by timers in the
 * API: the stuck-dossier scan and the daily / monthly report snapshots. Each is a short workflow around one
 * activity, so a schedule's runs show in the Temporal UI with their results and failures.
 * Deterministic: imports only @temporalio/workflow and types.
 */
import { proxyActivities } from '@temporalio/workflow';

export interface StuckScanInput {
  /** Overrides the supervisors' idle threshold (working days) for this run. */
  idleWorkingDays?: number;
}
export interface StuckScanResult {
  scannedAt: string;
  open: number;
  resolved: number;
  byKind: Record<string, number>;
  /** The failing-workflow-task check: workflows described this run (re-checks + rotation), how many fail. */
  workflowTasks?: {
    probed: number;
    failing: number;
    errors: number;
    notFound: number;
    /** The rotation reached the last running workflow this run (the next run starts from the first). */
    rotationWrapped: boolean;
    /** Whether the server answered the TemporalReportedProblems query (Temporal ≥ 1.30). */
    reportedProblemsQuery: 'supported' | 'unsupported' | 'error';
  };
  /** Kinds this run could not check (e.g. Temporal unreachable); their earlier findings stay open. */
  unchecked?: string[];
}
export interface ReportSnapshotInput {
  kind: 'daily' | 'monthly';
  /** 'YYYY-MM-DD' (daily) or 'YYYY-MM' (monthly); default: the period that ended most recently (Vietnam time). */
  period?: string;
}
export interface ReportSnapshotResult {
  kind: 'daily' | 'monthly';
  period: string;
  groups: number;
  received: number;
}

/** The activities these workflows call (implemented in activities/supervision-activities.ts). */
export interface SupervisionActivities {
  supervisionScanStuck(input: StuckScanInput): Promise<StuckScanResult>;
  supervisionSnapshotReport(input: ReportSnapshotInput): Promise<ReportSnapshotResult>;
}

const acts = proxyActivities<SupervisionActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { maximumAttempts: 5, initialInterval: '5s', backoffCoefficient: 2 },
});

export async function supervisionStuckScanWorkflow(input: StuckScanInput = {}): Promise<StuckScanResult> {
  return acts.supervisionScanStuck(input);
}

export async function supervisionReportWorkflow(input: ReportSnapshotInput): Promise<ReportSnapshotResult> {
  return acts.supervisionSnapshotReport(input);
}
