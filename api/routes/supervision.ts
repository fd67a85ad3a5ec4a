/**
 * /api/supervision: what a supervisor needs to answer "where is this dossier, why is it stuck, who has it, since
 * when" — stuck dossiers (open incidents, findings of the scheduled scan, each with its reason), late and
 * near-deadline dossiers, report snapshots, the idle threshold, an on-demand scan (run as a Temporal workflow on
 * the worker, like the schedule's), and the dossier inspector: model, live state, steps early/late, pauses,
 * escalations, incidents, audit trail and the Temporal history made readable.
 * The supervisor's actions themselves (reassign, escalate, retry, stop) are the audited endpoints of tasks.ts and
 * dossier-actions.ts.
 */
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
// Default import: the package is CommonJS and its named exports are not always detectable from ESM.
import protoPackage, { type temporal } from '@temporalio/proto';
import express from 'express';
import type { IrNode, ProcedureIr, ProcedureMetadata } from '../../ir/index.js';
import {
  getProcedureVersionById,
  getSupervisionSettings,
  lastScanAt,
  listDeadlineDossiers,
  listDocuments,
  listDossierAudit,
  listDossierEscalations,
  listDossierEvents,
  listDossierIncidents,
  listDossierPauses,
  listDossierTasks,
  listFindings,
  listOpenIncidents,
  listReportSnapshots,
  setSupervisionSettings,
  stepTiming,
} from '../../store/index.js';
import { describeWorkflowTaskFailure } from '../../activities/supervision-temporal.js';
import type { Calendar } from '../../calendar/index.js';
import { requireRole, scopesOf } from '../auth.js';
import type { ApiContext } from '../context.js';
import { audit } from '../context.js';
import { ServiceUnavailableError } from '../errors.js';
import { LEADER_ROLES, STATS_ROLES, SUPERVISOR_ROLES } from '../roles.js';
import {
  supervisionDeadlinesQuery,
  supervisionReportsQuery,
  supervisionScanSchema,
  supervisionSettingsSchema,
} from '../schemas.js';
import { validateBody, validateQuery } from '../validation.js';
import { bilingualText, documentView, dossierView, eventView, taskView } from '../views.js';
import { loadDossierFor } from './dossiers.js';

const INSPECT_ROLES = [...SUPERVISOR_ROLES, ...LEADER_ROLES];

export interface SupervisionRouterOptions {
  temporal: Client;
  /** Base URL of the Temporal Web UI, for links to the raw history; absent = no link. */
  temporalUiUrl?: string;
  /** An agency's working calendar (step timing); default: the calendars in PostgreSQL, as for appointments. */
  calendarFor?: (agencyCode: string, at: Date) => Promise<Calendar>;
}

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

type NodeInfo = { id: string; kind: string; name: { vi: string; en?: string } };

/** The nodes of a procedure version by id (cached per version: versions are immutable). */
function createNodeCache(ctx: ApiContext) {
  const cache = new Map<number, Promise<Map<string, NodeInfo>>>();
  return (versionId: number) => {
    let hit = cache.get(versionId);
    if (!hit) {
      hit = getProcedureVersionById({ knex: ctx.knex, id: versionId }).then((v) => {
        const ir = v?.ir as ProcedureIr | null | undefined;
        return new Map(
          (ir?.nodes ?? []).map((n: IrNode) => [n.id, { id: n.id, kind: n.kind, name: n.name }]),
        );
      });
      hit.catch(() => cache.delete(versionId));
      cache.set(versionId, hit);
      if (cache.size > 500) cache.delete(cache.keys().next().value!);
    }
    return hit;
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Temporal history → readable entries
// ---------------------------------------------------------------------------------------------------------------

const proto = protoPackage.temporal;
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
const EventType = proto.api.enums.v1.EventType;

function decode(payloads: { payloads?: unknown[] | null } | null | undefined): unknown[] {
  return (payloads?.payloads ?? []).map((p) => {
    try {
      return defaultPayloadConverter.fromPayload(p as never);
    } catch {
      return undefined;
    }
  });
}
const nodeOfTask = (taskId: unknown) => (typeof taskId === 'string' ? taskId.split('#')[0] : undefined);
const timeOf = (e: HistoryEvent) =>
  e.eventTime?.seconds != null
    ? new Date(Number(e.eventTime.seconds) * 1000 + Math.floor((e.eventTime.nanos ?? 0) / 1e6)).toISOString()
    : null;

export interface ReadableEvent {
  id: number;
  at: string | null;
  type: string;
  /** What happened, in both languages. */
  what: { vi: string; en: string };
  nodeId?: string;
  actor?: string;
  detail?: string;
  failed?: boolean;
}

const UPDATE_TEXT: Record<string, { vi: string; en: string }> = {
  claimTask: { vi: 'Nhận xử lý', en: 'Claimed' },
  completeTask: { vi: 'Hoàn thành bước', en: 'Completed the step' },
  returnTask: { vi: 'Trả lại bước trước', en: 'Returned to an earlier step' },
  reassignTask: { vi: 'Chuyển người xử lý', en: 'Reassigned' },
  escalate: { vi: 'Chuyển cấp trên', en: 'Escalated' },
  requestSupplement: { vi: 'Yêu cầu bổ sung', en: 'Supplement requested' },
  apologize: { vi: 'Xin lỗi, hẹn lại', en: 'Apology, new date' },
  stopDossier: { vi: 'Dừng xử lý', en: 'Stopped' },
  withdrawDossier: { vi: 'Rút hồ sơ', en: 'Withdrawn' },
  refuseDossier: { vi: 'Từ chối giải quyết', en: 'Refused' },
  retryIncident: { vi: 'Chạy lại bước lỗi', en: 'Retried a failed step' },
};

export function readableHistory(events: HistoryEvent[]): ReadableEvent[] {
  const scheduled = new Map<number, { nodeId?: string; type: string }>();
  const out: ReadableEvent[] = [];
  for (const e of events) {
    const id = Number(e.eventId ?? 0);
    const typeName = (EventType[e.eventType ?? 0] ?? 'UNKNOWN').replace(/^EVENT_TYPE_/, '');
    const base = { id, at: timeOf(e), type: typeName };
    if (e.workflowExecutionStartedEventAttributes) {
      const a = e.workflowExecutionStartedEventAttributes;
      const input = decode(a.input)[0] as { dossierCode?: string; compiled?: { hash?: string } } | undefined;
      out.push({
        ...base,
        what: { vi: 'Bắt đầu quy trình hồ sơ', en: 'Dossier workflow started' },
        detail:
          `${a.workflowType?.name ?? ''} ${input?.dossierCode ?? ''} IR ${input?.compiled?.hash?.slice(0, 12) ?? ''}`.trim(),
      });
    } else if (e.workflowExecutionUpdateAcceptedEventAttributes) {
      const req = e.workflowExecutionUpdateAcceptedEventAttributes.acceptedRequest;
      const name = req?.input?.name ?? '';
      const arg = (decode(req?.input?.args)[0] ?? {}) as Record<string, unknown>;
      const detail = ['outcome', 'assignee', 'toRole', 'toNodeId', 'reason', 'incidentId']
        .filter((k) => arg[k] !== undefined)
        .map((k) => `${k}=${typeof arg[k] === 'string' ? arg[k] : JSON.stringify(arg[k])}`)
        .join(', ');
      out.push({
        ...base,
        what: UPDATE_TEXT[name] ?? { vi: name, en: name },
        nodeId: nodeOfTask(arg.taskId),
        actor: String(arg.userId ?? arg.actor ?? '') || undefined,
        detail: detail || undefined,
      });
    } else if (e.workflowExecutionUpdateCompletedEventAttributes) {
      const f = e.workflowExecutionUpdateCompletedEventAttributes.outcome?.failure;
      if (f)
        out.push({
          ...base,
          what: { vi: 'Thao tác bị từ chối', en: 'Action rejected' },
          detail: f.message ?? '',
          failed: true,
        });
    } else if (e.workflowExecutionSignaledEventAttributes) {
      const a = e.workflowExecutionSignaledEventAttributes;
      const arg = (decode(a.input)[0] ?? {}) as Record<string, unknown>;
      out.push({
        ...base,
        what: { vi: `Tín hiệu ${a.signalName}`, en: `Signal ${a.signalName}` },
        actor: typeof arg.actor === 'string' ? arg.actor : undefined,
      });
    } else if (e.activityTaskScheduledEventAttributes) {
      const a = e.activityTaskScheduledEventAttributes;
      const type = a.activityType?.name ?? '';
      const arg = (decode(a.input)[0] ?? {}) as Record<string, unknown>;
      const nodeId = typeof arg.nodeId === 'string' ? arg.nodeId : undefined;
      scheduled.set(id, { nodeId, type });
      out.push({
        ...base,
        what:
          type === 'runPlugin'
            ? { vi: `Gọi dịch vụ ${String(arg.type ?? '')}`, en: `Plugin call ${String(arg.type ?? '')}` }
            : { vi: `Hoạt động ${type}`, en: `Activity ${type}` },
        nodeId,
      });
    } else if (e.activityTaskFailedEventAttributes || e.activityTaskTimedOutEventAttributes) {
      const a = e.activityTaskFailedEventAttributes ?? e.activityTaskTimedOutEventAttributes!;
      const s = scheduled.get(Number(a.scheduledEventId ?? 0));
      out.push({
        ...base,
        what: { vi: 'Dịch vụ lỗi (hết lượt thử lại)', en: 'Activity failed (retries exhausted)' },
        nodeId: s?.nodeId,
        detail: a.failure?.cause?.message ?? a.failure?.message ?? '',
        failed: true,
      });
    } else if (e.activityTaskCompletedEventAttributes) {
      const s = scheduled.get(Number(e.activityTaskCompletedEventAttributes.scheduledEventId ?? 0));
      out.push({
        ...base,
        what: { vi: `Xong ${s?.type ?? ''}`, en: `Done ${s?.type ?? ''}` },
        nodeId: s?.nodeId,
      });
    } else if (e.timerStartedEventAttributes) {
      const a = e.timerStartedEventAttributes;
      const secs = Number(a.startToFireTimeout?.seconds ?? 0);
      out.push({
        ...base,
        what: { vi: 'Đặt hẹn giờ', en: 'Timer started' },
        detail: `${a.timerId} (${Math.round(secs / 36) / 100} h)`,
      });
    } else if (e.timerFiredEventAttributes) {
      out.push({
        ...base,
        what: { vi: 'Hẹn giờ đến hạn', en: 'Timer fired' },
        detail: String(e.timerFiredEventAttributes.timerId),
      });
    } else if (e.startChildWorkflowExecutionInitiatedEventAttributes) {
      const wf = e.startChildWorkflowExecutionInitiatedEventAttributes.workflowId ?? '';
      out.push({
        ...base,
        what: { vi: 'Chuyển liên thông (quy trình con)', en: 'Inter-agency call (child workflow)' },
        nodeId: nodeOfTask(wf.split('/').pop()),
        detail: wf,
      });
    } else if (e.workflowTaskFailedEventAttributes) {
      const a = e.workflowTaskFailedEventAttributes;
      out.push({
        ...base,
        what: { vi: 'Tác vụ quy trình lỗi', en: 'Workflow task failed' },
        detail: a.failure?.message ?? String(a.cause ?? ''),
        failed: true,
      });
    } else if (e.markerRecordedEventAttributes) {
      out.push({
        ...base,
        what: { vi: 'Ghi nhận chuyển bước (CSDL)', en: 'Transition projected (database)' },
      });
    } else if (
      e.workflowExecutionCompletedEventAttributes ||
      e.workflowExecutionFailedEventAttributes ||
      e.workflowExecutionTerminatedEventAttributes ||
      e.workflowExecutionCanceledEventAttributes
    ) {
      const result = decode(e.workflowExecutionCompletedEventAttributes?.result)[0] as
        { outcome?: string } | undefined;
      out.push({
        ...base,
        what: { vi: 'Quy trình kết thúc', en: 'Workflow ended' },
        detail: result?.outcome ?? typeName,
        failed: !e.workflowExecutionCompletedEventAttributes,
      });
    }
    // Workflow-task scheduled/started/completed are the engine's heartbeat: left out of the readable view.
  }
  return out;
}

export function createSupervisionRouter(ctx: ApiContext, opts: SupervisionRouterOptions): express.Router {
  const router = express.Router();
  const nodesOf = createNodeCache(ctx);

  const scope = async (req: express.Request, roles: readonly string[] = STATS_ROLES) => {
    const p = await requireRole(req, ctx.auth, roles);
    return ctx.auth.agencies.expand(scopesOf(p, roles));
  };

  router.get('/settings', async (req, res) => {
    await scope(req);
    res.json({
      ...(await getSupervisionSettings({ knex: ctx.knex })),
      lastScanAt: iso(await lastScanAt({ knex: ctx.knex })),
    });
  });

  router.put('/settings', async (req, res) => {
    const p = await requireRole(req, ctx.auth, SUPERVISOR_ROLES);
    const body = validateBody<{ idleWorkingDays: number; reason?: string }>(
      supervisionSettingsSchema,
      req.body,
    );
    const before = await getSupervisionSettings({ knex: ctx.knex });
    const after = await setSupervisionSettings({
      knex: ctx.knex,
      settings: { idleWorkingDays: body.idleWorkingDays },
      actor: p.username,
    });
    await audit(ctx.knex, req, {
      action: 'supervision.settings',
      targetType: 'settings',
      targetId: 'supervision',
      oldValue: before,
      newValue: after,
      reason: body.reason ?? null,
    });
    res.json(after);
  });

  /** Runs the stuck scan now, as a workflow on the worker (the same one the schedule starts), and waits for it. */
  router.post('/scan', async (req, res) => {
    const p = await requireRole(req, ctx.auth, SUPERVISOR_ROLES);
    const body = validateBody<{ idleWorkingDays?: number }>(supervisionScanSchema, req.body ?? {});
    let result: unknown;
    try {
      result = await opts.temporal.workflow.execute('supervisionStuckScanWorkflow', {
        taskQueue: ctx.taskQueue,
        workflowId: `supervision-scan-manual-${randomUUID()}`,
        args: [body],
        workflowExecutionTimeout: '2 minutes',
      });
    } catch (err) {
      ctx.logger.warn({ err: (err as Error).message }, 'manual stuck scan failed');
      throw new ServiceUnavailableError('worker', {
        vi: 'Không chạy được lượt quét: worker không trả lời',
        en: 'The scan could not run: the worker did not answer',
      });
    }
    await audit(ctx.knex, req, {
      action: 'supervision.scan',
      targetType: 'settings',
      targetId: 'supervision',
      newValue: { ...body, by: p.username },
    });
    res.json(result);
  });

  /** Stuck dossiers with the reason, the step, who holds it and since when. */
  router.get('/stuck', async (req, res) => {
    const agencies = await scope(req);
    const [incidents, findings, settings, scannedAt] = await Promise.all([
      listOpenIncidents({ knex: ctx.knex, agencies }),
      listFindings({ knex: ctx.knex, agencies }),
      getSupervisionSettings({ knex: ctx.knex }),
      lastScanAt({ knex: ctx.knex }),
    ]);
    type Item = {
      dossierCode: string;
      workflowId: string;
      agencyCode: string;
      kind: string;
      nodeId: string | null;
      reason: string;
      since: string | null;
      incidentId?: string;
      source: 'incident' | 'scan';
    };
    const items: Item[] = incidents.map((i) => ({
      dossierCode: i.dossier_code,
      workflowId: i.workflow_id,
      agencyCode: i.agency_code,
      kind: i.kind,
      nodeId: i.node_id,
      reason: i.message,
      since: iso(i.opened_at),
      incidentId: i.incident_id,
      source: 'incident',
    }));
    const seen = new Set(items.map((i) => `${i.workflowId}|${i.kind}`));
    for (const f of findings) {
      if (seen.has(`${f.workflow_id}|${f.kind}`)) continue;
      items.push({
        dossierCode: f.dossier_code,
        workflowId: f.workflow_id,
        agencyCode: f.agency_code,
        kind: f.kind,
        nodeId: f.node_id,
        reason: f.reason,
        since: iso(f.since),
        source: 'scan',
      });
    }
    // Who holds each dossier now, and the step names.
    const codes = [...new Set(items.map((i) => i.dossierCode))];
    const rows = codes.length
      ? ((await ctx
          .knex('dossiers as d')
          .leftJoin('tasks as t', (j) =>
            j.on('t.dossier_id', 'd.id').andOnIn('t.status', ['open', 'claimed']),
          )
          .whereIn('d.code', codes)
          .select(
            'd.code',
            'd.procedure_version_id',
            'd.procedure_code',
            'd.status',
            't.assignee',
            't.role',
            't.name_vi',
          )) as Array<{
          code: string;
          procedure_version_id: number;
          procedure_code: string;
          status: string;
          assignee: string | null;
          role: string | null;
          name_vi: string | null;
        }>)
      : [];
    const byCode = new Map<string, (typeof rows)[number][]>();
    for (const r of rows) byCode.set(r.code, [...(byCode.get(r.code) ?? []), r]);
    const out = [];
    for (const i of items) {
      const rs = byCode.get(i.dossierCode) ?? [];
      const first = rs[0];
      const nodes = first ? await nodesOf(Number(first.procedure_version_id)) : new Map<string, NodeInfo>();
      out.push({
        ...i,
        procedureCode: first?.procedure_code ?? null,
        status: first?.status ?? null,
        stepName: i.nodeId ? (nodes.get(i.nodeId)?.name ?? { vi: i.nodeId }) : null,
        holders: rs
          .filter((r) => r.role)
          .map((r) => ({ assignee: r.assignee, role: r.role, step: r.name_vi })),
      });
    }
    res.json({
      settings,
      lastScanAt: iso(scannedAt),
      // `reason` stays the stored one-line text; `reasonText` is it split by language for the console.
      items: out.map((i) => ({ ...i, reasonText: bilingualText(i.reason) })),
    });
  });

  router.get('/deadlines', async (req, res) => {
    const agencies = await scope(req);
    const q = validateQuery<{ which: 'late' | 'near'; withinHours: number; limit: number }>(
      supervisionDeadlinesQuery,
      req.query,
    );
    const now = new Date();
    const rows = await listDeadlineDossiers({
      knex: ctx.knex,
      which: q.which,
      now,
      within: new Date(now.getTime() + q.withinHours * 3_600_000),
      agencies,
      limit: q.limit,
    });
    res.json({
      which: q.which,
      items: rows.map((r) => {
        const due = r.task_due_at && (!r.due_at || r.task_due_at < r.due_at) ? r.task_due_at : r.due_at;
        const lateBy = due ? now.getTime() - new Date(due).getTime() : null;
        const reason =
          q.which === 'late'
            ? r.due_at && new Date(r.due_at) < now
              ? { vi: 'Quá ngày hẹn trả', en: 'Past the appointment date' }
              : {
                  vi: `Bước "${r.task_name_vi}" quá hạn`,
                  en: `Step "${r.task_name_en ?? r.task_name_vi}" is overdue`,
                }
            : r.task_warn_at && new Date(r.task_warn_at) <= now
              ? {
                  vi: `Bước "${r.task_name_vi}" đã tới ngưỡng cảnh báo`,
                  en: `Step "${r.task_name_en ?? r.task_name_vi}" reached its warning time`,
                }
              : { vi: 'Sắp đến ngày hẹn trả', en: 'The appointment date is near' };
        return {
          dossierCode: r.code,
          procedureCode: r.procedure_code,
          agencyCode: r.agency_code,
          status: r.status,
          appointmentAt: iso(r.due_at),
          step: r.task_id
            ? {
                taskId: r.task_id,
                nodeId: r.task_node_id,
                name: { vi: r.task_name_vi, en: r.task_name_en ?? undefined },
                assignee: r.task_assignee,
                role: r.task_role,
                dueAt: iso(r.task_due_at),
                warnAt: iso(r.task_warn_at),
              }
            : null,
          dueAt: iso(due),
          lateByMs: lateBy,
          reason,
        };
      }),
    });
  });

  router.get('/reports', async (req, res) => {
    await scope(req);
    const q = validateQuery<{ kind?: 'daily' | 'monthly' }>(supervisionReportsQuery, req.query);
    const rows = await listReportSnapshots({ knex: ctx.knex, kind: q.kind });
    res.json({
      items: rows.map((r) => ({
        kind: r.kind,
        period: r.period,
        rows: r.rows,
        total: r.total,
        createdAt: iso(r.created_at),
      })),
    });
  });

  /** Everything the inspector draws: the model, where the tokens are, step timing, pauses, escalations, audit. */
  router.get('/dossiers/:code', async (req, res) => {
    const d = await loadDossierFor(ctx, req, req.params.code, INSPECT_ROLES);
    const [version, tasks, events, incidents, pauses, escalations, findings, auditRows, documents] =
      await Promise.all([
        getProcedureVersionById({ knex: ctx.knex, id: d.procedure_version_id }),
        listDossierTasks({ knex: ctx.knex, dossierId: d.id }),
        listDossierEvents({ knex: ctx.knex, dossierId: d.id }),
        listDossierIncidents({ knex: ctx.knex, dossierId: d.id }),
        listDossierPauses({ knex: ctx.knex, dossierId: d.id }),
        listDossierEscalations({ knex: ctx.knex, dossierId: d.id }),
        listFindings({ knex: ctx.knex, dossierId: d.id, open: false }),
        listDossierAudit({ knex: ctx.knex, code: d.code, workflowId: d.workflow_id }),
        listDocuments({ knex: ctx.knex, dossierId: d.id }),
      ]);
    // The live state: a query, which a workflow whose task keeps failing cannot answer (it then waits for the RPC
    // deadline, ~30 s) — so it is not waited for when Temporal says the workflow task is failing (below).
    const stateQuery = ctx.workflows.query(d.workflow_id, 'dossierState').then(
      (value) => ({ value, error: null as string | null }),
      (err: unknown) => ({ value: null as unknown, error: (err as Error).message }),
    );
    const runId = await opts.temporal.workflow
      .getHandle(d.workflow_id)
      .describe()
      .then((x) => x.runId as string | null)
      .catch(() => null);
    // Asked now, not at the last scan: is the workflow task failing (the dossier then cannot move at all)?
    const workflowTask = await describeWorkflowTaskFailure(opts.temporal, d.workflow_id)
      .then((f) =>
        f
          ? {
              failing: true,
              attempt: f.attempt,
              cause: f.cause,
              message: f.message,
              since: iso(f.since),
              reason: f.reasonText,
            }
          : { failing: false, attempt: null, cause: null, message: null, since: null, reason: null },
      )
      .catch(() => null);
    const { value: state, error: stateError } = workflowTask?.failing
      ? {
          value: null,
          error:
            'không hỏi trạng thái: tác vụ quy trình đang lỗi / not queried: the workflow task is failing',
        }
      : await stateQuery;
    const now = new Date();
    const calendarOf =
      opts.calendarFor ?? ((agency: string, at: Date) => ctx.appointments.calendar(agency, at));
    const timings = await Promise.all(
      tasks.map(async (t) =>
        t.due_at && t.status !== 'cancelled'
          ? stepTiming(t, await calendarOf(t.agency_code, new Date(t.opened_at)), now)
          : null,
      ),
    );
    const meta = version?.metadata as ProcedureMetadata | undefined;
    const ir = version?.ir as ProcedureIr | null | undefined;
    const ns = encodeURIComponent(ctx.config.temporal.namespace);
    res.json({
      dossier: dossierView(d),
      procedure: {
        code: d.procedure_code,
        version: version?.version ?? null,
        names: meta?.names ?? null,
        modelKind: version?.model_kind ?? null,
        bpmnXml: version?.model_kind === 'bpmn' ? version.model_source : null,
        nodes: (ir?.nodes ?? []).map((n) => ({ id: n.id, kind: n.kind, name: n.name })),
        flows: (ir?.flows ?? []).map((f) => ({ id: f.id, source: f.source, target: f.target })),
      },
      state,
      stateError,
      workflowTask,
      tasks: tasks.map((t, i) => ({ ...taskView(t), timing: timings[i] ?? null })),
      events: events.map(eventView),
      documents: documents.map((doc) => documentView(doc, d.code)),
      incidents: incidents.map((i) => ({
        id: i.incident_id,
        workflowId: i.workflow_id,
        nodeId: i.node_id,
        kind: i.kind,
        message: i.message,
        status: i.status,
        openedAt: iso(i.opened_at),
        resolvedAt: iso(i.resolved_at),
      })),
      pauses: pauses.map((p) => ({
        n: p.n,
        kind: p.kind,
        kindName:
          p.kind === 'payment'
            ? { vi: 'Chờ thực hiện nghĩa vụ tài chính', en: 'Waiting for a payment' }
            : { vi: 'Chờ bổ sung hồ sơ', en: 'Waiting for supplementary papers' },
        nationalStatus: p.kind === 'payment' ? 6 : 5,
        reason: p.reason,
        actor: p.actor,
        missing: p.missing,
        start: iso(p.started_at),
        end: iso(p.ended_at),
        pausedWorkingMs: p.paused_working_ms === null ? null : Number(p.paused_working_ms),
      })),
      escalations: escalations.map((e) => ({
        id: e.escalation_id,
        taskId: e.task_id,
        nodeId: e.node_id,
        toRole: e.to_role,
        reason: e.reason,
        actor: e.actor,
        auto: e.auto,
        at: iso(e.at),
      })),
      findings: findings.map((f) => ({
        kind: f.kind,
        nodeId: f.node_id,
        reason: f.reason,
        since: iso(f.since),
        detectedAt: iso(f.detected_at),
        resolvedAt: iso(f.resolved_at),
      })),
      audit: auditRows.map((a) => ({
        at: iso(a.at),
        actor: a.actor,
        action: a.action,
        targetId: a.target_id,
        reason: a.reason,
        newValue: a.new_value,
      })),
      temporal: {
        workflowId: d.workflow_id,
        runId,
        uiUrl: opts.temporalUiUrl
          ? `${opts.temporalUiUrl}/namespaces/${ns}/workflows/${encodeURIComponent(d.workflow_id)}${runId ? `/${runId}` : ''}/history`
          : null,
      },
    });
  });

  /** The Temporal history of the dossier's workflow, mapped to model elements, people and times. */
  router.get('/dossiers/:code/history', async (req, res) => {
    const d = await loadDossierFor(ctx, req, req.params.code, INSPECT_ROLES);
    let history;
    try {
      history = await opts.temporal.workflow.getHandle(d.workflow_id).fetchHistory();
    } catch (err) {
      ctx.logger.warn({ err: (err as Error).message, dossierCode: d.code }, 'history not available');
      throw new ServiceUnavailableError('temporal', {
        vi: 'Không đọc được lịch sử quy trình từ Temporal',
        en: 'Cannot read the workflow history from Temporal',
      });
    }
    const nodes = await nodesOf(d.procedure_version_id);
    const items = readableHistory(history.events ?? []).map((e) => ({
      ...e,
      nodeName: e.nodeId ? (nodes.get(e.nodeId)?.name ?? null) : null,
    }));
    res.json({ workflowId: d.workflow_id, total: history.events?.length ?? 0, items });
  });

  return router;
}
