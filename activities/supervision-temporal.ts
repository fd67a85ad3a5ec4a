/**
 * Asks Temporal whether dossier workflows are stuck on a failing **workflow task**: the workflow code throws (a bug,
 * a non-determinism error after a bad deploy) or no worker completes its task, so the workflow neither progresses
 * nor fails. Temporal retries such a task for ever; DescribeWorkflowExecution shows it as a pending workflow task
 * with attempt > 1. The failure message comes from the newest WorkflowTaskFailed / WorkflowTaskTimedOut event,
 * read with one small page of the history in reverse (later attempts are transient: Temporal does not write them).
 *
 * Servers from Temporal 1.30 on also mark such workflows with the `TemporalReportedProblems` search attribute; one
 * visibility query then finds them all. The Temporal CLI v1.5.1 dev server (server 1.29.1) that motcua embeds does
 * not know that attribute (the query is rejected as invalid), so the scan probes running dossiers with Describe,
 * a bounded number per scan in rotation, and uses the query only as a shortcut where the server answers it.
 */
import { isGrpcServiceError, type Client } from '@temporalio/client';
// Default import: the package is CommonJS and its named exports are not always detectable from ESM.
import protoPackage from '@temporalio/proto';

const proto = protoPackage.temporal.api;
const WorkflowTaskFailedCause = proto.enums.v1.WorkflowTaskFailedCause;
const TimeoutType = proto.enums.v1.TimeoutType;
const RUNNING = proto.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;

/** A pending workflow task on this attempt or later counts as failing (attempt 2 = failed once). */
export const FAILING_WORKFLOW_TASK_ATTEMPT = 2;
/** Longest failure message kept in a reason (stack traces stay in the Temporal UI). */
const MAX_MESSAGE = 400;

export interface WorkflowTaskFailure {
  workflowId: string;
  runId: string | null;
  /** Attempt of the pending workflow task (2 = it failed once and is being retried). */
  attempt: number;
  /** The failure message of the newest failed attempt written to history, or a timeout notice. */
  message: string;
  /** Temporal's cause, e.g. WORKFLOW_TASK_FAILED_CAUSE_NON_DETERMINISTIC_ERROR, or TIMED_OUT; null if unknown. */
  cause: string | null;
  /** When the failing started (the failure event written to history), or when the pending task was scheduled. */
  since: Date | null;
  /** What a supervisor reads, in both languages. */
  reasonText: { vi: string; en: string };
  /** `reasonText` as one line, 'vi / en' (the findings' reason column). */
  reason: string;
}

const CAUSE_TEXT: Record<string, { vi: string; en: string }> = {
  WORKFLOW_TASK_FAILED_CAUSE_NON_DETERMINISTIC_ERROR: {
    vi: 'mã quy trình không khớp lịch sử (triển khai lỗi?)',
    en: 'workflow code does not match its history (bad deploy?)',
  },
  WORKFLOW_TASK_FAILED_CAUSE_WORKFLOW_WORKER_UNHANDLED_FAILURE: {
    vi: 'lỗi trong mã quy trình',
    en: 'exception in the workflow code',
  },
  TIMED_OUT: {
    vi: 'worker không hoàn thành tác vụ đúng hạn',
    en: 'no worker completed the task in time',
  },
};

const secondsToDate = (t: { seconds?: unknown; nanos?: number | null } | null | undefined): Date | null =>
  t?.seconds != null ? new Date(Number(t.seconds) * 1000 + Math.floor((t.nanos ?? 0) / 1e6)) : null;

const clip = (s: string) => (s.length > MAX_MESSAGE ? `${s.slice(0, MAX_MESSAGE - 1)}…` : s);

/** The supervisor's sentence for a failing workflow task. */
export function workflowTaskReason(f: { attempt: number; message: string; cause: string | null }): {
  vi: string;
  en: string;
} {
  const c = f.cause ? CAUSE_TEXT[f.cause] : undefined;
  return {
    vi:
      `Tác vụ quy trình lỗi, đang thử lại lần ${f.attempt}` +
      `${c ? ` (${c.vi})` : ''}: ${f.message} — hồ sơ không tiến triển đến khi sửa mã hoặc dừng quy trình`,
    en:
      `Workflow task failing, attempt ${f.attempt}` +
      `${c ? ` (${c.en})` : ''}: ${f.message} — the dossier cannot move until the code is fixed or the workflow is ended`,
  };
}

/** True for a NotFound answer: the workflow does not exist (any more) on this namespace. */
export function isNotFound(err: unknown): boolean {
  const e = err as { code?: number; cause?: unknown } | undefined;
  if (isGrpcServiceError(err)) return err.code === 5;
  return !!e?.cause && isGrpcServiceError(e.cause) && e.cause.code === 5;
}

/**
 * One Describe (and, only when the task is failing, one small reverse history page). Undefined when the workflow
 * is not running or its workflow task is not failing; throws on Temporal errors (NotFound included).
 */
export async function describeWorkflowTaskFailure(
  client: Client,
  workflowId: string,
): Promise<WorkflowTaskFailure | undefined> {
  const namespace = client.options.namespace;
  const desc = await client.workflowService.describeWorkflowExecution({
    namespace,
    execution: { workflowId },
  });
  const info = desc.workflowExecutionInfo;
  if (info?.status !== RUNNING) return undefined;
  const pending = desc.pendingWorkflowTask;
  const attempt = Number(pending?.attempt ?? 0);
  if (!pending || attempt < FAILING_WORKFLOW_TASK_ATTEMPT) return undefined;
  const runId = info.execution?.runId ?? null;

  let message = 'không rõ / unknown';
  let cause: string | null = null;
  let since: Date | null = secondsToDate(pending.scheduledTime);
  const page = await client.workflowService.getWorkflowExecutionHistoryReverse({
    namespace,
    execution: { workflowId, runId: runId ?? undefined },
    maximumPageSize: 50,
  });
  for (const e of page.history?.events ?? []) {
    if (e.workflowTaskCompletedEventAttributes) break; // older failures were followed by a success
    const failed = e.workflowTaskFailedEventAttributes;
    if (failed) {
      message = failed.failure?.message || failed.failure?.cause?.message || message;
      cause = WorkflowTaskFailedCause[failed.cause ?? 0] ?? null;
      if (cause === 'WORKFLOW_TASK_FAILED_CAUSE_UNSPECIFIED') cause = null;
      since = secondsToDate(e.eventTime) ?? since;
      break;
    }
    const timedOut = e.workflowTaskTimedOutEventAttributes;
    if (timedOut) {
      const type = TimeoutType[timedOut.timeoutType ?? 0] ?? 'TIMEOUT';
      message = `hết thời gian / timed out (${type.replace(/^TIMEOUT_TYPE_/, '')})`;
      cause = 'TIMED_OUT';
      since = secondsToDate(e.eventTime) ?? since;
      break;
    }
  }
  message = clip(message.replace(/\s+/g, ' ').trim());
  const reasonText = workflowTaskReason({ attempt, message, cause });
  return {
    workflowId,
    runId,
    attempt,
    message,
    cause,
    since,
    reasonText,
    reason: `${reasonText.vi} / ${reasonText.en}`,
  };
}

export interface ProbeResult {
  failing: Map<string, WorkflowTaskFailure>;
  /** Workflows Temporal does not know (ended and deleted by retention, or never started). */
  notFound: Set<string>;
  /** Workflows whose probe failed for another reason (Temporal unavailable...): their state is unknown. */
  errors: Map<string, string>;
}

/** Probes many workflows, `concurrency` Describes at a time. */
export async function probeWorkflowTasks(
  client: Client,
  workflowIds: Iterable<string>,
  opts: { concurrency?: number; describe?: typeof describeWorkflowTaskFailure } = {},
): Promise<ProbeResult> {
  const describe = opts.describe ?? describeWorkflowTaskFailure;
  const ids = [...new Set(workflowIds)];
  const out: ProbeResult = { failing: new Map(), notFound: new Set(), errors: new Map() };
  let next = 0;
  const lane = async () => {
    while (next < ids.length) {
      const id = ids[next++]!;
      try {
        const f = await describe(client, id);
        if (f) out.failing.set(id, f);
      } catch (err) {
        if (isNotFound(err)) out.notFound.add(id);
        else out.errors.set(id, (err as Error).message);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency ?? 8, ids.length)) }, lane));
  return out;
}

/** The visibility query of servers that mark workflows with failing workflow tasks (Temporal ≥ 1.30). */
export const REPORTED_PROBLEMS_QUERY = "TemporalReportedProblems IS NOT NULL AND ExecutionStatus = 'Running'";

/**
 * Workflow ids the server reports as having problems, or 'unsupported' when the server rejects the query (it does
 * not know the search attribute: Temporal < 1.30, e.g. the embedded dev server). Bounded to `limit` ids.
 */
export async function listReportedProblems(client: Client, limit = 1000): Promise<string[] | 'unsupported'> {
  const ids: string[] = [];
  let nextPageToken: Uint8Array | undefined;
  try {
    do {
      const res = await client.workflowService.listWorkflowExecutions({
        namespace: client.options.namespace,
        query: REPORTED_PROBLEMS_QUERY,
        pageSize: Math.min(limit, 1000),
        nextPageToken,
      });
      for (const e of res.executions ?? []) if (e.execution?.workflowId) ids.push(e.execution.workflowId);
      nextPageToken = res.nextPageToken?.length ? res.nextPageToken : undefined;
    } while (nextPageToken && ids.length < limit);
  } catch (err) {
    // INVALID_ARGUMENT: "invalid search attribute" / unknown field on servers without it.
    if (isGrpcServiceError(err) && err.code === 3) return 'unsupported';
    const cause = (err as { cause?: unknown }).cause;
    if (isGrpcServiceError(cause) && cause.code === 3) return 'unsupported';
    throw err;
  }
  return ids.slice(0, limit);
}
