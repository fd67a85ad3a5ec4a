/**
 * /api/dossiers/{code}/...: the lifecycle operations every procedure gets from the interpreter (supplement, withdraw,
 * refuse, stop, apology, retry), fees, results, the live workflow state, and the printable slips.
 */
import express, { type Request } from 'express';
import {
  getAgency,
  getFeePayment,
  getProcedureVersionById,
  insertFeePayment,
  listDocuments,
  listDossierEvents,
  listDossierTasks,
  listFeePayments,
  type DossierRow,
} from '../../store/index.js';
import type { ProcedureMetadata } from '../../ir/index.js';
import type { DossierStateView } from '../../workflows/index.js';
import type { ApiContext } from '../context.js';
import { audit } from '../context.js';
import { ConflictError, ValidationError } from '../errors.js';
import { INTAKE_ROLES, LEADER_ROLES, STAFF_VIEW_ROLES, SUPERVISOR_ROLES } from '../roles.js';
import {
  apologySchema,
  feeSchema,
  paymentRequestSchema,
  reasonBodySchema,
  resultsSchema,
  retryIncidentSchema,
  supplementRequestSchema,
  supplementSchema,
} from '../schemas.js';
import { renderSlip, vnDateTime, type SlipSpec } from '../slips.js';
import { receiveDocuments } from '../uploads.js';
import { validateBody } from '../validation.js';
import { documentView } from '../views.js';
import { loadDossierFor } from './dossiers.js';

const WORKERS = ['receptionist', 'specialist', 'division-head', 'department-head'] as const;
/** Ended: the interpreter projected an outcome (status 'not-accepted' stands for a refusal). */
const finished = (d: DossierRow) => !!d.finished_at || !!d.outcome;

function assertRunning(d: DossierRow) {
  if (finished(d)) {
    throw new ConflictError('dossier-finished', {
      vi: `Hồ sơ ${d.code} đã kết thúc (${d.status})`,
      en: `Dossier ${d.code} has ended (${d.status})`,
    });
  }
}

export function createDossierActionsRouter(ctx: ApiContext, opts: { publicBaseUrl: string }): express.Router {
  const router = express.Router();

  /** Runs an interpreter update for a dossier and writes the audit entry. */
  const update = async (
    req: Request,
    d: DossierRow,
    action: string,
    name: string,
    arg: Record<string, unknown>,
    reason?: string,
  ) => {
    assertRunning(d);
    const result = await ctx.workflows.update(d.workflow_id, name, arg);
    await audit(ctx.knex, req, {
      action,
      targetType: 'dossier',
      targetId: d.code,
      oldValue: { status: d.status, nationalStatus: d.national_status },
      newValue: arg,
      reason: reason ?? null,
    });
    return { dossierCode: d.code, result };
  };

  router.post('/:code/supplement-request', async (req, res) => {
    const d = await loadDossierFor(ctx, req, req.params.code, WORKERS);
    const body = validateBody<{ reason: string; missing: string[] }>(supplementRequestSchema, req.body);
    const p = req.principal!;
    res.json(
      await update(
        req,
        d,
        'dossier.supplement-request',
        'requestSupplement',
        { actor: p.username, reason: body.reason, missing: body.missing },
        body.reason,
      ),
    );
  });

  // Financial obligation (status 6): same people as a supplement request; the e-receipt (POST fees) resumes it.
  router.post('/:code/payment-request', async (req, res) => {
    const d = await loadDossierFor(ctx, req, req.params.code, WORKERS);
    const body = validateBody<{
      reason: string;
      amount: number;
      items?: Array<{ name: string; amount: number }>;
    }>(paymentRequestSchema, req.body);
    const p = req.principal!;
    const arg: Record<string, unknown> = { actor: p.username, reason: body.reason, amount: body.amount };
    if (body.items) arg.items = body.items;
    res.json(await update(req, d, 'dossier.payment-request', 'requestPayment', arg, body.reason));
  });

  router.post('/:code/supplement', async (req, res) => {
    const d = await loadDossierFor(ctx, req, req.params.code, INTAKE_ROLES);
    assertRunning(d);
    if (d.status !== 'supplement-requested') {
      throw new ConflictError('not-awaiting-supplement', {
        vi: `Hồ sơ ${d.code} không ở trạng thái chờ bổ sung`,
        en: `Dossier ${d.code} is not waiting for a supplement`,
      });
    }
    const p = req.principal!;
    const up = await receiveDocuments<{ note?: string; paperComponents?: string[] }>(ctx, req, {
      dossier: d,
      field: 'supplement',
      schema: supplementSchema,
      actor: p.username,
      componentFor: (name) => name,
    });
    try {
      const documents = [
        ...up.files.map((f) => f.id),
        ...(up.body.paperComponents ?? []).map((c) => `paper:${c}`),
      ];
      await ctx.workflows.signal(d.workflow_id, 'supplementReceived', {
        actor: p.username,
        documents,
        ...(up.body.note ? { note: up.body.note } : {}),
      });
    } catch (err) {
      await up.discard();
      throw err;
    }
    await audit(ctx.knex, req, {
      action: 'dossier.supplement',
      targetType: 'dossier',
      targetId: d.code,
      newValue: {
        documents: up.files.map((f) => ({ componentId: f.componentId, sha256: f.sha256 })),
        note: up.body.note,
      },
    });
    res.status(202).json({
      dossierCode: d.code,
      documents: up.files.map((f) => ({
        id: f.id,
        componentId: f.componentId,
        sha256: f.sha256,
        size: f.size,
      })),
    });
  });

  router.post('/:code/withdraw', async (req, res) => {
    const d = await loadDossierFor(ctx, req, req.params.code, INTAKE_ROLES);
    const body = validateBody<{ reason: string }>(reasonBodySchema, req.body);
    res.json(
      await update(
        req,
        d,
        'dossier.withdraw',
        'withdrawDossier',
        { actor: req.principal!.username, reason: body.reason },
        body.reason,
      ),
    );
  });

  router.post('/:code/refuse', async (req, res) => {
    const d = await loadDossierFor(ctx, req, req.params.code, WORKERS);
    const body = validateBody<{ reason: string }>(reasonBodySchema, req.body);
    res.json(
      await update(
        req,
        d,
        'dossier.refuse',
        'refuseDossier',
        { actor: req.principal!.username, reason: body.reason },
        body.reason,
      ),
    );
  });

  router.post('/:code/stop', async (req, res) => {
    const d = await loadDossierFor(ctx, req, req.params.code, [...LEADER_ROLES, ...SUPERVISOR_ROLES]);
    const body = validateBody<{ reason: string }>(reasonBodySchema, req.body);
    res.json(
      await update(
        req,
        d,
        'dossier.stop',
        'stopDossier',
        { actor: req.principal!.username, reason: body.reason },
        body.reason,
      ),
    );
  });

  router.post('/:code/apology', async (req, res) => {
    const d = await loadDossierFor(ctx, req, req.params.code, [...LEADER_ROLES, ...SUPERVISOR_ROLES]);
    const body = validateBody<{ reason: string; newAppointmentAt: string }>(apologySchema, req.body);
    const at = new Date(body.newAppointmentAt);
    if (d.due_at && at.getTime() <= new Date(d.due_at).getTime()) {
      throw new ValidationError([
        {
          field: 'newAppointmentAt',
          message: {
            vi: `phải sau ngày hẹn hiện tại ${vnDateTime(d.due_at)}`,
            en: `must be after the current appointment ${new Date(d.due_at).toISOString()}`,
          },
        },
      ]);
    }
    const arg = { actor: req.principal!.username, reason: body.reason, newAppointmentAt: at.toISOString() };
    res.json(await update(req, d, 'dossier.apology', 'apologize', arg, body.reason));
  });

  router.post('/:code/incidents/:incidentId/retry', async (req, res) => {
    const d = await loadDossierFor(ctx, req, req.params.code, SUPERVISOR_ROLES);
    const body = validateBody<{ reason?: string }>(retryIncidentSchema, req.body ?? {});
    res.json(
      await update(
        req,
        d,
        'dossier.retry-incident',
        'retryIncident',
        { actor: req.principal!.username, incidentId: req.params.incidentId },
        body.reason,
      ),
    );
  });

  router.get('/:code/state', async (req, res) => {
    const d = await loadDossierFor(ctx, req, req.params.code);
    const [state, rows] = await Promise.all([
      ctx.workflows.query(d.workflow_id, 'dossierState') as Promise<DossierStateView>,
      listDossierTasks({ knex: ctx.knex, dossierId: d.id }),
    ]);
    // The workflow's live state, with each open task's assignee from its row: assignment is PostgreSQL's
    // (store/task-assignments.ts), the workflow does not know who claimed.
    const assignees = new Map(
      rows.filter((r) => r.workflow_id === d.workflow_id).map((r) => [r.task_id, r.assignee]),
    );
    for (const t of state.openTasks ?? []) {
      if (assignees.has(t.taskId)) t.assignee = assignees.get(t.taskId) ?? t.assignee;
    }
    res.json(state);
  });

  router.get('/:code/fees', async (req, res) => {
    const d = await loadDossierFor(ctx, req, req.params.code);
    const version = await getProcedureVersionById({ knex: ctx.knex, id: d.procedure_version_id });
    const meta = version?.metadata as ProcedureMetadata | undefined;
    const due = meta?.channels.find((c) => c.channel === d.channel)?.fees ?? [];
    const paid = await listFeePayments({ knex: ctx.knex, dossierId: d.id });
    res.json({
      dossierCode: d.code,
      fees: due,
      payments: paid.map((p) => ({
        receiptNo: p.receipt_no,
        amount: Number(p.amount),
        currency: p.currency,
        note: p.note,
        recordedBy: p.recorded_by,
        paidAt: p.paid_at,
      })),
      paidTotal: paid.reduce((s, p) => s + Number(p.amount), 0),
    });
  });

  router.post('/:code/fees', async (req, res) => {
    const d = await loadDossierFor(ctx, req, req.params.code, INTAKE_ROLES);
    const body = validateBody<{ receiptNo: string; amount: number; note?: string }>(feeSchema, req.body);
    const p = req.principal!;
    const row = await insertFeePayment({
      knex: ctx.knex,
      payment: {
        dossierId: d.id,
        receiptNo: body.receiptNo,
        amount: body.amount,
        note: body.note ?? null,
        recordedBy: p.username,
      },
    });
    if (!row) {
      const existing = await getFeePayment({ knex: ctx.knex, receiptNo: body.receiptNo });
      if (existing && existing.dossier_id === d.id && Number(existing.amount) === body.amount) {
        // The same receipt recorded again (a retry): answer it without a second payment. While the dossier still
        // waits for the payment, signal again in case the first signal was lost (the workflow counts a receipt once).
        if (!finished(d) && d.status === 'financial-obligation') {
          await ctx.workflows
            .signal(d.workflow_id, 'paymentReceived', {
              receiptNo: existing.receipt_no,
              amount: Number(existing.amount),
            })
            .catch((err: unknown) => {
              ctx.logger.warn(
                { err: (err as Error).message, dossierCode: d.code },
                'payment signal retry failed',
              );
            });
        }
        res.setHeader('Idempotent-Replayed', 'true');
        res.status(200).json({
          dossierCode: d.code,
          receiptNo: existing.receipt_no,
          amount: Number(existing.amount),
          paidAt: existing.paid_at,
        });
        return;
      }
      throw new ConflictError('receipt-exists', {
        vi: `Biên lai ${body.receiptNo} đã được ghi nhận`,
        en: `Receipt ${body.receiptNo} is already recorded`,
      });
    }
    // The running workflow learns of the payment (it ends an open financial-obligation request and the clocks
    // resume); a finished one only keeps the record.
    if (!finished(d)) {
      await ctx.workflows
        .signal(d.workflow_id, 'paymentReceived', { receiptNo: body.receiptNo, amount: body.amount })
        .catch((err: unknown) => {
          ctx.logger.warn(
            { err: (err as Error).message, dossierCode: d.code },
            'payment recorded, workflow not signalled',
          );
        });
    }
    await audit(ctx.knex, req, {
      action: 'dossier.fee',
      targetType: 'dossier',
      targetId: d.code,
      newValue: body,
    });
    res.status(201).json({
      dossierCode: d.code,
      receiptNo: row.receipt_no,
      amount: Number(row.amount),
      paidAt: row.paid_at,
    });
  });

  router.post('/:code/results', async (req, res) => {
    const d = await loadDossierFor(ctx, req, req.params.code, WORKERS);
    assertRunning(d);
    const p = req.principal!;
    const up = await receiveDocuments<{ note?: string }>(ctx, req, {
      dossier: d,
      field: 'result',
      schema: resultsSchema,
      actor: p.username,
      componentFor: (name) => `result:${name}`.slice(0, 128),
      requireFiles: true,
    });
    await audit(ctx.knex, req, {
      action: 'dossier.result-upload',
      targetType: 'dossier',
      targetId: d.code,
      newValue: {
        documents: up.files.map((f) => ({ componentId: f.componentId, sha256: f.sha256 })),
        note: up.body.note,
      },
    });
    const docs = await listDocuments({ knex: ctx.knex, dossierId: d.id });
    const ids = new Set(up.files.map((f) => f.id));
    res.status(201).json({
      dossierCode: d.code,
      documents: docs.filter((x) => ids.has(x.id)).map((x) => documentView(x, d.code)),
    });
  });

  // ------------------------------------------------------------------------------------------------------------
  // Slips
  // ------------------------------------------------------------------------------------------------------------

  const slipBase = async (d: DossierRow) => {
    const [agency, version] = await Promise.all([
      getAgency({ knex: ctx.knex, code: d.agency_code }),
      getProcedureVersionById({ knex: ctx.knex, id: d.procedure_version_id }),
    ]);
    const meta = version?.metadata as ProcedureMetadata | undefined;
    const a = d.applicant as { name?: string; idNumber?: string; phone?: string; address?: string };
    return {
      meta,
      agencyName: agency?.name_vi ?? d.agency_code,
      applicantFields: [
        { vi: 'Tên tổ chức, cá nhân', en: 'Applicant', value: a.name ?? '' },
        { vi: 'Số giấy tờ', en: 'ID number', value: a.idNumber ?? '' },
        { vi: 'Điện thoại', en: 'Phone', value: a.phone ?? '' },
        { vi: 'Địa chỉ', en: 'Address', value: a.address ?? '' },
      ],
      procedureField: {
        vi: 'Thủ tục',
        en: 'Procedure',
        value: meta ? `${meta.code} — ${meta.names.vi}` : d.procedure_code,
      },
      lookupUrl: `${opts.publicBaseUrl}/?lookup=${encodeURIComponent(d.code)}`,
    };
  };

  const sendPdf = async (res: express.Response, name: string, spec: SlipSpec) => {
    const pdf = await renderSlip(spec);
    res.type('application/pdf').setHeader('Content-Disposition', `inline; filename="${name}"`);
    res.send(pdf);
  };

  router.get('/:code/slips/receipt.pdf', async (req, res) => {
    const d = await loadDossierFor(ctx, req, req.params.code);
    const b = await slipBase(d);
    const [docs, intake] = await Promise.all([
      listDocuments({ knex: ctx.knex, dossierId: d.id }),
      ctx
        .knex('audit_log')
        .where({ target_type: 'dossier', target_id: d.code, action: 'dossier.intake' })
        .first('new_value'),
    ]);
    // Components handed over on paper at intake were recorded with the intake entry.
    const paper = new Set(
      ((intake?.new_value as { paperComponents?: string[] } | undefined)?.paperComponents ?? []) as string[],
    );
    const received = new Map<string, number>();
    for (const doc of docs)
      if (doc.component_id && !doc.component_id.startsWith('result:'))
        received.set(doc.component_id, (received.get(doc.component_id) ?? 0) + 1);
    const lines = (b.meta?.components ?? []).map((c) => {
      const n = received.get(c.id);
      const how = n
        ? `${n} tệp điện tử / ${n} file(s)`
        : paper.has(c.id)
          ? 'bản giấy / on paper'
          : 'không nộp / not supplied';
      return `${c.name.vi}${c.name.en ? ` / ${c.name.en}` : ''} — ${how}`;
    });
    await sendPdf(res, `bien-nhan-${d.code}.pdf`, {
      agency: b.agencyName,
      title: {
        vi: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả',
        en: 'Receipt of dossier and appointment for the result',
      },
      code: d.code,
      lookupUrl: b.lookupUrl,
      fields: [
        b.procedureField,
        ...b.applicantFields,
        { vi: 'Kênh nộp', en: 'Channel', value: d.channel },
        { vi: 'Thời điểm tiếp nhận', en: 'Received at', value: vnDateTime(d.received_at) },
        { vi: 'Ngày hẹn trả kết quả', en: 'Appointment for the result', value: vnDateTime(d.due_at) },
      ],
      sections: [{ heading: { vi: 'Thành phần hồ sơ', en: 'Dossier components' }, lines }],
      footer: [
        'Tra cứu tình trạng hồ sơ bằng mã QR hoặc mã hồ sơ kèm 4 số cuối điện thoại.',
        'Look the dossier up with the QR code, or with its code and the last 4 digits of the phone number.',
      ],
      signer: { vi: 'Người tiếp nhận', en: 'Receiving officer' },
    });
  });

  const eventSlip = async (
    req: Request<{ code: string }>,
    res: express.Response,
    type: string,
    build: (
      b: Awaited<ReturnType<typeof slipBase>>,
      payload: Record<string, unknown>,
      d: DossierRow,
      at: Date,
      actor: string | null,
    ) => SlipSpec,
  ) => {
    const d = await loadDossierFor(ctx, req as unknown as Request, req.params.code);
    const events = await listDossierEvents({ knex: ctx.knex, dossierId: d.id });
    const e = [...events].reverse().find((x) => x.type === type);
    if (!e) {
      throw new ConflictError('no-such-event', {
        vi: `Hồ sơ ${d.code} chưa có sự kiện "${type}" để in phiếu`,
        en: `Dossier ${d.code} has no "${type}" event to print`,
      });
    }
    const b = await slipBase(d);
    await sendPdf(
      res,
      `${type}-${d.code}.pdf`,
      build(b, (e.payload ?? {}) as Record<string, unknown>, d, e.at, e.actor),
    );
  };

  router.get('/:code/slips/supplement-request.pdf', (req, res) =>
    eventSlip(req, res, 'supplement-requested', (b, p, d, at, actor) => ({
      agency: b.agencyName,
      title: { vi: 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ', en: 'Request to supplement the dossier' },
      code: d.code,
      lookupUrl: b.lookupUrl,
      fields: [
        b.procedureField,
        ...b.applicantFields,
        { vi: 'Ngày yêu cầu', en: 'Requested at', value: vnDateTime(at) },
        { vi: 'Lý do', en: 'Reason', value: String(p.reason ?? '') },
      ],
      sections: [
        {
          heading: { vi: 'Nội dung cần bổ sung', en: 'To be supplied' },
          lines: (p.missing as string[] | undefined) ?? [],
        },
      ],
      footer: [
        'Thời gian bổ sung không tính vào thời hạn giải quyết.',
        'The time until the papers are supplied does not count towards the deadline.',
      ],
      signer: { vi: 'Người yêu cầu', en: 'Issued by', name: actor ?? undefined },
    })),
  );

  router.get('/:code/slips/refusal.pdf', (req, res) =>
    eventSlip(req, res, 'refused', (b, p, d, at, actor) => ({
      agency: b.agencyName,
      title: { vi: 'Phiếu từ chối giải quyết hồ sơ', en: 'Refusal to resolve the dossier' },
      code: d.code,
      lookupUrl: b.lookupUrl,
      fields: [
        b.procedureField,
        ...b.applicantFields,
        { vi: 'Ngày từ chối', en: 'Refused at', value: vnDateTime(at) },
        { vi: 'Lý do', en: 'Reason', value: String(p.reason ?? '') },
      ],
      signer: { vi: 'Người ký', en: 'Signed by', name: actor ?? undefined },
    })),
  );

  router.get('/:code/slips/apology.pdf', (req, res) =>
    eventSlip(req, res, 'apologized', (b, p, d, at, actor) => ({
      agency: b.agencyName,
      title: { vi: 'Phiếu xin lỗi và hẹn lại ngày trả kết quả', en: 'Apology and new appointment date' },
      code: d.code,
      lookupUrl: b.lookupUrl,
      fields: [
        b.procedureField,
        ...b.applicantFields,
        {
          vi: 'Ngày hẹn cũ',
          en: 'Previous appointment',
          value: vnDateTime(p.previousAppointmentAt as string),
        },
        { vi: 'Ngày hẹn mới', en: 'New appointment', value: vnDateTime(p.newAppointmentAt as string) },
        { vi: 'Lý do', en: 'Reason', value: String(p.reason ?? '') },
        { vi: 'Ngày lập', en: 'Issued at', value: vnDateTime(at) },
      ],
      footer: [
        'Cơ quan giải quyết thành thật xin lỗi vì sự chậm trễ.',
        'The agency sincerely apologises for the delay.',
      ],
      signer: { vi: 'Thủ trưởng cơ quan', en: 'Head of the agency', name: actor ?? undefined },
    })),
  );

  router.get('/:code/slips/stop.pdf', (req, res) =>
    eventSlip(req, res, 'stopped', (b, p, d, at, actor) => ({
      agency: b.agencyName,
      title: { vi: 'Thông báo dừng xử lý hồ sơ', en: 'Notice that processing has stopped' },
      code: d.code,
      lookupUrl: b.lookupUrl,
      fields: [
        b.procedureField,
        ...b.applicantFields,
        { vi: 'Ngày dừng', en: 'Stopped at', value: vnDateTime(at) },
        { vi: 'Lý do', en: 'Reason', value: String(p.reason ?? '') },
      ],
      signer: { vi: 'Người ký', en: 'Signed by', name: actor ?? undefined },
    })),
  );

  router.get('/:code/slips/control.pdf', async (req, res) => {
    const d = await loadDossierFor(ctx, req, req.params.code, STAFF_VIEW_ROLES);
    const b = await slipBase(d);
    const tasks = await listDossierTasks({ knex: ctx.knex, dossierId: d.id });
    await sendPdf(res, `kiem-soat-${d.code}.pdf`, {
      agency: b.agencyName,
      title: { vi: 'Phiếu kiểm soát quá trình giải quyết hồ sơ', en: 'Processing-control slip' },
      code: d.code,
      lookupUrl: b.lookupUrl,
      fields: [
        b.procedureField,
        { vi: 'Tên tổ chức, cá nhân', en: 'Applicant', value: b.applicantFields[0]!.value },
        { vi: 'Ngày hẹn trả', en: 'Appointment', value: vnDateTime(d.due_at) },
        { vi: 'Trạng thái', en: 'Status', value: `${d.status} (${d.national_status})` },
      ],
      table: {
        headers: [
          'Bước / Step',
          'Người xử lý / Handled by',
          'Nhận / Opened',
          'Hạn / Due',
          'Xong / Done',
          'Kết quả / Outcome',
        ],
        widths: [3, 2, 2, 2, 2, 1.5],
        rows: tasks.map((t) => [
          t.name_vi,
          t.assignee ?? t.role,
          vnDateTime(t.opened_at),
          vnDateTime(t.due_at),
          vnDateTime(t.completed_at),
          `${t.outcome ?? t.status}${t.overdue ? ' (quá hạn / late)' : ''}`,
        ]),
      },
    });
  });

  return router;
}
