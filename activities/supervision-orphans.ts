/**
 * Dossier workflows without their dossier row ("orphans"). Intake writes the row, then starts `dossier-<code>`; when
 * the start fails it terminates the workflow and deletes the row. One case escapes that: the start went through
 * while the client saw a timeout, and Temporal was then unreachable for the compensating terminate — a running
 * workflow whose row no longer exists. The stuck scan finds those and terminates them, with an audit entry.
 *
 * An orphan here is a running workflow of type dossierWorkflow, id `dossier-…`, that started more than a grace
 * period ago (default 10 minutes: an intake in progress is never touched — its row is written before its workflow
 * starts anyway) and has no row in `dossiers` (by workflow_id).
 *
 * Call children (call activities) are dossier workflows too and never have a `dossiers` row: they run as Temporal
 * children (a parent execution) with ids `dossier-<parent code>/<activation>[.attempt]` and their own rows in
 * `dossier_calls`. Any one of those three marks leaves a workflow alone.
 *
 * Bounded per scan, through Temporal's visibility (the SQL visibility lists running workflows newest first): a fresh
 * pass over the workflows that crossed the grace period since the previous scan (at most half the budget: what does
 * not fit is left to the rotation), then a rotation down the start times with the rest, from the newest to the oldest and round again. The cursors live in
 * the activities instance (one per worker): a restarted worker starts a new round, which only costs time.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Knex } from '../db/index.js';
import { DOSSIER_WORKFLOW_TYPE, dossierWorkflowId } from '../ir/index.js';
import { existingWorkflowIds, writeAudit } from '../store/index.js';
import { isNotFound } from './supervision-temporal.js';

/** The check's name in a scan result's `unchecked`. */
export const ORPHAN_WORKFLOW = 'orphan-workflow';
/** The terminate reason and the audit entry's reason. */
export const ORPHAN_WORKFLOW_REASON = 'hồ sơ không tồn tại / orphan workflow: no dossier row';
export const ORPHAN_AUDIT_ACTION = 'supervision.orphan-terminated';
export const ORPHAN_AUDIT_ACTOR = 'supervision';
export const DEFAULT_ORPHAN_GRACE_MS = 10 * 60_000;
/** Id prefix of every dossier workflow (top-level and call children). */
export const DOSSIER_WORKFLOW_ID_PREFIX = dossierWorkflowId('');

export interface OrphanWorkflowOptions {
  /** How long after its start a workflow without a row may still be an intake in progress (default 10 minutes). */
  graceMs?: number;
  /** Running dossier workflows listed per scan, fresh pass and rotation together (default 1000). */
  budget?: number;
  /**
   * Most orphans terminated per scan (default 20). When a scan finds more, it terminates none and says so
   * (`held`): orphans come from a rare double failure, and many at once rather mean the worker reads another
   * database than the one intake writes (DATABASE_URL) — a person should look before anything is terminated.
   */
  maxTerminations?: number;
  /** Only workflows on this task queue (createWorker: its own). Default: every task queue of the namespace. */
  taskQueue?: string;
}

export interface OrphanWorkflowStats {
  /** Running dossier workflows older than the grace period listed this scan. */
  listed: number;
  /** Of those, call children (left alone). */
  children: number;
  /** Top-level dossier workflows without a row. */
  withoutRow: number;
  terminated: number;
  /** Ended on their own between the listing and the terminate. */
  alreadyEnded: number;
  /** Terminates that failed (the workflow is found again when the rotation comes round). */
  errors: number;
  /** More orphans than `maxTerminations`: none was terminated. */
  held: boolean;
  /** The rotation reached the oldest running dossier workflow (the next scan starts a new round). */
  rotationWrapped: boolean;
}

export interface ListedWorkflow {
  workflowId: string;
  runId: string | undefined;
  /** Start time as RFC 3339 with nanoseconds (sorts like the time; the rotation's cursor). */
  startKey: string;
  taskQueue: string;
  parentWorkflowId: string | null;
}

/** RFC 3339 with nine fraction digits, so keys of Dates and of Temporal timestamps compare as strings. */
export function timeKey(seconds: number, nanos: number): string {
  return `${new Date(seconds * 1000).toISOString().slice(0, 19)}.${String(nanos).padStart(9, '0')}Z`;
}
const dateKey = (d: Date) => timeKey(Math.floor(d.getTime() / 1000), (d.getTime() % 1000) * 1_000_000);

const quote = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** The visibility query: running dossier workflows started before `before` (and at or after `from`). */
export function orphanCandidatesQuery(q: { before: string; from?: string; taskQueue?: string }): string {
  const parts = [
    `WorkflowType = ${quote(DOSSIER_WORKFLOW_TYPE)}`,
    `ExecutionStatus = 'Running'`,
    `WorkflowId STARTS_WITH ${quote(DOSSIER_WORKFLOW_ID_PREFIX)}`,
    `StartTime < ${quote(q.before)}`,
  ];
  if (q.from !== undefined) parts.push(`StartTime >= ${quote(q.from)}`);
  if (q.taskQueue !== undefined) parts.push(`TaskQueue = ${quote(q.taskQueue)}`);
  return parts.join(' AND ');
}

/** A call activity's child: started by a parent, or named `dossier-<parent code>/<activation>`. */
export function isCallChild(w: Pick<ListedWorkflow, 'workflowId' | 'parentWorkflowId'>): boolean {
  return !!w.parentWorkflowId || w.workflowId.slice(DOSSIER_WORKFLOW_ID_PREFIX.length).includes('/');
}

/** At most `limit` executions of a visibility query, newest start first. */
export async function listWorkflows(c: Client, query: string, limit: number): Promise<ListedWorkflow[]> {
  const out: ListedWorkflow[] = [];
  let nextPageToken: Uint8Array | undefined;
  while (out.length < limit) {
    const res = await c.workflowService.listWorkflowExecutions({
      namespace: c.options.namespace,
      query,
      pageSize: Math.min(1000, limit - out.length),
      nextPageToken,
    });
    for (const e of res.executions ?? []) {
      const workflowId = e.execution?.workflowId;
      if (!workflowId || !e.startTime) continue;
      out.push({
        workflowId,
        runId: e.execution?.runId ?? undefined,
        startKey: timeKey(Number(e.startTime.seconds ?? 0), e.startTime.nanos ?? 0),
        taskQueue: e.taskQueue ?? '',
        parentWorkflowId: e.parentExecution?.workflowId || null,
      });
    }
    nextPageToken = res.nextPageToken?.length ? res.nextPageToken : undefined;
    if (!nextPageToken) break;
  }
  return out.slice(0, limit);
}

/**
 * The orphan check of one activities instance (it keeps the fresh pass's and the rotation's cursors). Throws when
 * Temporal or PostgreSQL fails before anything was decided; nothing is terminated then, and the cursors stay.
 */
export function createOrphanScan(deps: {
  knex: Knex;
  options: OrphanWorkflowOptions;
  now: () => Date;
}): (c: Client) => Promise<OrphanWorkflowStats> {
  const o = deps.options;
  const graceMs = Math.max(0, o.graceMs ?? DEFAULT_ORPHAN_GRACE_MS);
  const budget = Math.max(1, o.budget ?? 1000);
  const maxTerminations = Math.max(0, o.maxTerminations ?? 20);
  /** The cutoff of the previous scan: the fresh pass covers [freshFrom, cutoff). */
  let freshFrom: string | undefined;
  /** Start time of the oldest workflow the rotation listed; undefined = a new round from the cutoff. */
  let cursor: string | undefined;

  return async (c) => {
    const cutoff = dateKey(new Date(deps.now().getTime() - graceMs));
    const listed = new Map<string, ListedWorkflow>();
    let fresh: ListedWorkflow[] = [];
    if (freshFrom !== undefined && freshFrom < cutoff && budget >= 2) {
      const q = orphanCandidatesQuery({ before: cutoff, from: freshFrom, taskQueue: o.taskQueue });
      fresh = await listWorkflows(c, q, Math.floor(budget / 2));
    }
    for (const w of fresh) listed.set(w.workflowId, w);
    const rest = budget - fresh.length;
    const before = cursor !== undefined && cursor < cutoff ? cursor : cutoff;
    const rotation =
      rest > 0 ? await listWorkflows(c, orphanCandidatesQuery({ before, taskQueue: o.taskQueue }), rest) : [];
    for (const w of rotation) listed.set(w.workflowId, w);

    const dossierWorkflows = [...listed.values()].filter((w) =>
      w.workflowId.startsWith(DOSSIER_WORKFLOW_ID_PREFIX),
    );
    const top = dossierWorkflows.filter((w) => !isCallChild(w));
    const rows = await existingWorkflowIds({ knex: deps.knex, workflowIds: top.map((w) => w.workflowId) });
    const orphans = top.filter((w) => !rows.has(w.workflowId));

    // Listing and rows are read: the cursors move on whatever happens to the terminates.
    const rotationWrapped = rotation.length < rest;
    freshFrom = cutoff;
    cursor = rotationWrapped ? undefined : (rotation[rotation.length - 1]?.startKey ?? cursor);

    const stats: OrphanWorkflowStats = {
      listed: dossierWorkflows.length,
      children: dossierWorkflows.length - top.length,
      withoutRow: orphans.length,
      terminated: 0,
      alreadyEnded: 0,
      errors: 0,
      held: orphans.length > maxTerminations,
      rotationWrapped,
    };
    if (stats.held) return stats;
    for (const w of orphans) {
      try {
        await c.workflow.getHandle(w.workflowId, w.runId).terminate(ORPHAN_WORKFLOW_REASON);
      } catch (err) {
        if (err instanceof WorkflowNotFoundError || isNotFound(err)) stats.alreadyEnded++;
        else stats.errors++;
        continue;
      }
      stats.terminated++;
      // After the terminate (an entry only for what happened). Should PostgreSQL fail right here, the scan fails
      // and the terminate stays recorded in the workflow's own history (reason and identity).
      await writeAudit({
        knex: deps.knex,
        entries: [
          {
            actor: ORPHAN_AUDIT_ACTOR,
            action: ORPHAN_AUDIT_ACTION,
            targetType: 'workflow',
            targetId: w.workflowId,
            oldValue: {
              dossierCode: w.workflowId.slice(DOSSIER_WORKFLOW_ID_PREFIX.length),
              runId: w.runId ?? null,
              startedAt: w.startKey,
              taskQueue: w.taskQueue,
            },
            newValue: { status: 'terminated' },
            reason: ORPHAN_WORKFLOW_REASON,
          },
        ],
      });
    }
    return stats;
  };
}
