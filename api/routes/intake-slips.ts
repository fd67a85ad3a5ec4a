/**
 * /api/intake: slips a receptionist prints when a filing is NOT received — the one supplement request listing every
 * missing component of an incomplete filing, or a refusal with its reason. Nothing is stored.
 */
import express from 'express';
import { getAgency } from '../../store/index.js';
import { requireRole } from '../auth.js';
import type { ApiContext } from '../context.js';
import { audit } from '../context.js';
import { ValidationError } from '../errors.js';
import { INTAKE_ROLES } from '../roles.js';
import { intakeSlipSchema } from '../schemas.js';
import { renderSlip, vnDateTime } from '../slips.js';
import { validateBody } from '../validation.js';

interface SlipInput {
  procedureCode: string;
  level?: string;
  applicant: { name: string; idNumber: string; phone: string; address: string };
  supplied?: string[];
  reason?: string;
}

export function createIntakeSlipsRouter(ctx: ApiContext): express.Router {
  const router = express.Router();

  const prepare = async (req: express.Request) => {
    const body = validateBody<SlipInput>(intakeSlipSchema, req.body);
    const p = await ctx.published.get(body.procedureCode, body.level);
    const principal = await requireRole(req, ctx.auth, INTAKE_ROLES, p.procedure.agency_code);
    const agency = await getAgency({ knex: ctx.knex, code: p.procedure.agency_code });
    const fields = [
      { vi: 'Thủ tục', en: 'Procedure', value: `${p.metadata.code} — ${p.metadata.names.vi}` },
      { vi: 'Tên tổ chức, cá nhân', en: 'Applicant', value: body.applicant.name },
      { vi: 'Số giấy tờ', en: 'ID number', value: body.applicant.idNumber },
      { vi: 'Điện thoại', en: 'Phone', value: body.applicant.phone },
      { vi: 'Địa chỉ', en: 'Address', value: body.applicant.address },
      { vi: 'Ngày lập', en: 'Issued at', value: vnDateTime(new Date()) },
    ];
    return { body, p, principal, agencyName: agency?.name_vi ?? p.procedure.agency_code, fields };
  };

  router.post('/supplement-request.pdf', async (req, res) => {
    const { body, p, principal, agencyName, fields } = await prepare(req);
    const supplied = new Set(body.supplied ?? []);
    const missing = p.metadata.components.filter((c) => c.required && !supplied.has(c.id));
    if (missing.length === 0 && !body.reason) {
      throw new ValidationError([
        {
          field: 'supplied',
          message: {
            vi: 'hồ sơ đã đủ thành phần bắt buộc: hãy tiếp nhận',
            en: 'every required component is supplied: file the dossier instead',
          },
        },
      ]);
    }
    const pdf = await renderSlip({
      agency: agencyName,
      title: { vi: 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ', en: 'Request to complete the dossier' },
      fields: body.reason ? [...fields, { vi: 'Lý do', en: 'Reason', value: body.reason }] : fields,
      sections: [
        {
          heading: { vi: 'Thành phần cần bổ sung', en: 'Components to supply' },
          lines: missing.map(
            (c) => `${c.name.vi}${c.name.en ? ` / ${c.name.en}` : ''} (${c.count} ${c.kind})`,
          ),
        },
      ],
      footer: [
        'Hướng dẫn một lần, đầy đủ các nội dung cần bổ sung theo quy định.',
        'Everything missing is listed here once, as the rules require.',
      ],
      signer: { vi: 'Người hướng dẫn', en: 'Officer', name: principal.fullName },
    });
    await audit(ctx.knex, req, {
      action: 'intake.supplement-request-slip',
      targetType: 'procedure',
      targetId: p.metadata.code,
      newValue: { missing: missing.map((c) => c.id) },
    });
    res.type('application/pdf').setHeader('Content-Disposition', 'inline; filename="yeu-cau-bo-sung.pdf"');
    res.send(pdf);
  });

  router.post('/refusal.pdf', async (req, res) => {
    const { body, p, principal, agencyName, fields } = await prepare(req);
    if (!body.reason) {
      throw new ValidationError([
        { field: 'reason', message: { vi: 'cần nêu lý do từ chối', en: 'a refusal needs a reason' } },
      ]);
    }
    const pdf = await renderSlip({
      agency: agencyName,
      title: { vi: 'Phiếu từ chối tiếp nhận giải quyết hồ sơ', en: 'Refusal to accept the dossier' },
      fields: [...fields, { vi: 'Lý do', en: 'Reason', value: body.reason }],
      signer: { vi: 'Người tiếp nhận', en: 'Receiving officer', name: principal.fullName },
    });
    await audit(ctx.knex, req, {
      action: 'intake.refusal-slip',
      targetType: 'procedure',
      targetId: p.metadata.code,
      reason: body.reason,
    });
    res.type('application/pdf').setHeader('Content-Disposition', 'inline; filename="tu-choi-tiep-nhan.pdf"');
    res.send(pdf);
  });

  return router;
}
