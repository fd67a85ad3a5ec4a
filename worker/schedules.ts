/**
 * The Temporal schedules of supervision: the stuck scan every few minutes and the report snapshots (daily just
 * after midnight, monthly on the 1st), Vietnam time. Created or updated idempotently at start-up by whoever starts
 * the worker (scripts/start.ts, tests); the workflows run on the worker's task queue.
 */
import {
  ScheduleAlreadyRunning,
  ScheduleOverlapPolicy,
  type Client,
  type ScheduleOptions,
} from '@temporalio/client';

export interface SupervisionScheduleOptions {
  client: Client;
  taskQueue: string;
  /** Prefix of schedule and workflow ids (tests use their own so runs never collide). Default 'motcua'. */
  idPrefix?: string;
  /** Interval of the stuck scan; default '5 minutes'. */
  scanEvery?: string;
}

export function supervisionScheduleIds(idPrefix = 'motcua') {
  return {
    stuckScan: `${idPrefix}-supervision-stuck-scan`,
    dailyReport: `${idPrefix}-supervision-report-daily`,
    monthlyReport: `${idPrefix}-supervision-report-monthly`,
  };
}

export async function ensureSupervisionSchedules(
  opts: SupervisionScheduleOptions,
): Promise<ReturnType<typeof supervisionScheduleIds>> {
  const ids = supervisionScheduleIds(opts.idPrefix);
  const common = {
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 hour' },
  } as const;
  const schedules: ScheduleOptions[] = [
    {
      scheduleId: ids.stuckScan,
      spec: { intervals: [{ every: (opts.scanEvery ?? '5 minutes') as '5 minutes' }] },
      action: {
        type: 'startWorkflow',
        workflowType: 'supervisionStuckScanWorkflow',
        workflowId: ids.stuckScan,
        taskQueue: opts.taskQueue,
        args: [{}],
      },
      ...common,
    },
    {
      scheduleId: ids.dailyReport,
      spec: { calendars: [{ hour: 0, minute: 10 }], timezone: 'Asia/Ho_Chi_Minh' },
      action: {
        type: 'startWorkflow',
        workflowType: 'supervisionReportWorkflow',
        workflowId: ids.dailyReport,
        taskQueue: opts.taskQueue,
        args: [{ kind: 'daily' }],
      },
      ...common,
    },
    {
      scheduleId: ids.monthlyReport,
      spec: { calendars: [{ dayOfMonth: 1, hour: 0, minute: 20 }], timezone: 'Asia/Ho_Chi_Minh' },
      action: {
        type: 'startWorkflow',
        workflowType: 'supervisionReportWorkflow',
        workflowId: ids.monthlyReport,
        taskQueue: opts.taskQueue,
        args: [{ kind: 'monthly' }],
      },
      ...common,
    },
  ];
  for (const s of schedules) {
    try {
      await opts.client.schedule.create(s);
    } catch (err) {
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
      // Exists from an earlier start: bring spec and action up to date (task queue, interval).
      await opts.client.schedule
        .getHandle(s.scheduleId)
        .update((prev) => ({ ...prev, spec: s.spec, action: s.action }));
    }
  }
  return ids;
}
