/**
 * /api/public: what a citizen does without an account — look a dossier up by its code plus a secret only the
 * applicant holds (the last 4 digits of the phone number given at intake), supply missing papers, rate the service
 * after the result is returned, and file online. Rate-limited; a wrong code and a wrong secret get the same answer,
 * so codes cannot be enumerated.
 */
import { timingSafeEqual } from 'node:crypto';
import express, { type Request } from 'express';
import {
  getDossierByCode,
  getProcedureVersionById,
  getRating,
  insertRating,
  listDossierEvents,
  type DossierRow,
} from '../../store/index.js';
import type { ProcedureMetadata } from '../../ir/index.js';
import type { ApiContext } from '../context.js';
import { audit } from '../context.js';
import { ApiError, ConflictError, ValidationError } from '../errors.js';
import { fileDossier } from '../intake.js';
import { lookupQuery, publicSupplementSchema, ratingSchema } from '../schemas.js';
import { receiveDocuments } from '../uploads.js';
import { validateBody, validateQuery } from '../validation.js';

/** Events a citizen may see in the timeline (no internal routing, no staff names). */
const PUBLIC_EVENTS = new Set([
  'received',
  'supplement-requested',
  'supplement-received',
  'apologized',
  'withdrawn',
  'refused',
  'stopped',
  'result',
  'payment-requested',
  'payment-received',
]);

const notFound = () =>
  new ApiError(404, 'lookup-failed', {
    vi: 'Không tìm thấy hồ sơ với mã và mã bí mật đã nhập',
    en: 'No dossier matches this code and secret',
  });

function secretMatches(d: DossierRow, secret: string): boolean {
  const phone = String((d.applicant as { phone?: string }).phone ?? '').replace(/\D/g, '');
  const given = secret.replace(/\D/g, '');
  if (given.length < 4 || phone.length < 4) return false;
  const expected = Buffer.from(phone.slice(-given.length));
  const actual = Buffer.from(given);
  return (
    expected.length === actual.length && given.length <= phone.length && timingSafeEqual(expected, actual)
  );
}

export function createPublicRouter(ctx: ApiContext): express.Router {
  const router = express.Router();

  const secretOf = (req: Request, bodySecret?: string): string | undefined => {
    const header = req.headers['x-lookup-secret'];
    return (typeof header === 'string' ? header : undefined) ?? bodySecret;
  };

  /** The dossier when code and secret match; throttled per address and per code. */
  const authorized = async (req: Request, code: string, secret: string | undefined): Promise<DossierRow> => {
    await ctx.limiters.publicLookup.hit(`ip:${req.ip}`);
    if (!secret) {
      throw new ValidationError([
        {
          field: 'secret',
          message: {
            vi: 'cần 4 số cuối điện thoại đã khai khi nộp (X-Lookup-Secret hoặc ?secret=)',
            en: 'give the last 4 digits of the phone number given at filing (X-Lookup-Secret or ?secret=)',
          },
        },
      ]);
    }
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(code)) throw notFound();
    // Checked before comparing: once a code has had too many wrong secrets, even the right one waits.
    await ctx.limiters.publicLookupCode.check(`code:${code}`);
    const d = await getDossierByCode({ knex: ctx.knex, code });
    if (!d || !secretMatches(d, secret)) {
      // Failures count per code too: guessing the secret of one dossier is bounded whatever the address.
      await ctx.limiters.publicLookupCode.hit(`code:${code}`);
      throw notFound();
    }
    return d;
  };

  const publicView = async (d: DossierRow) => {
    const [version, events, rating] = await Promise.all([
      getProcedureVersionById({ knex: ctx.knex, id: d.procedure_version_id }),
      listDossierEvents({ knex: ctx.knex, dossierId: d.id }),
      getRating({ knex: ctx.knex, dossierId: d.id }),
    ]);
    const meta = version?.metadata as ProcedureMetadata | undefined;
    const timeline = events
      .filter((e) => PUBLIC_EVENTS.has(e.type))
      .map((e) => {
        const p = (e.payload ?? {}) as Record<string, unknown>;
        const keep: Record<string, unknown> = {};
        for (const k of [
          'reason',
          'missing',
          'amount',
          'items',
          'newAppointmentAt',
          'previousAppointmentAt',
          'outcome',
          'classification',
        ]) {
          if (p[k] !== undefined) keep[k] = p[k];
        }
        return { type: e.type, at: new Date(e.at).toISOString(), ...keep };
      });
    const lastRequest = [...events].reverse().find((e) => e.type === 'supplement-requested');
    const a = d.applicant as { name?: string };
    return {
      code: d.code,
      procedure: { code: d.procedure_code, names: meta?.names ?? null },
      applicantName: a.name ? a.name.replace(/(\S)\S*/gu, '$1*') : null,
      status: d.status,
      nationalStatus: d.national_status,
      currentStep: d.current_step,
      receivedAt: new Date(d.received_at).toISOString(),
      appointmentAt: d.due_at ? new Date(d.due_at).toISOString() : null,
      finishedAt: d.finished_at ? new Date(d.finished_at).toISOString() : null,
      outcome: d.outcome,
      classification: d.classification,
      supplementRequest:
        d.status === 'supplement-requested' && lastRequest
          ? {
              at: new Date(lastRequest.at).toISOString(),
              ...(lastRequest.payload as object),
              // The procedure's components (public catalogue data): what the applicant files each paper as.
              components: (meta?.components ?? []).map((c) => ({ id: c.id, name: c.name })),
            }
          : null,
      rating: rating ? { score: rating.score, ratedAt: new Date(rating.rated_at).toISOString() } : null,
      timeline,
    };
  };

  router.get('/dossiers/:code', async (req, res) => {
    const q = validateQuery<{ secret?: string }>(lookupQuery, req.query);
    const d = await authorized(req, req.params.code, secretOf(req, q.secret));
    res.setHeader('Cache-Control', 'no-store');
    res.json(await publicView(d));
  });

  router.post('/dossiers/:code/supplement', async (req, res) => {
    // The secret may come in the header or in the multipart "supplement" field; read the header first so a
    // stranger cannot make us store files.
    const header = secretOf(req);
    const d = await authorized(
      req,
      req.params.code,
      header ?? (req.is('application/json') ? (req.body as { secret?: string })?.secret : undefined),
    );
    if (d.status !== 'supplement-requested') {
      throw new ConflictError('not-awaiting-supplement', {
        vi: 'Hồ sơ không ở trạng thái chờ bổ sung',
        en: 'The dossier is not waiting for a supplement',
      });
    }
    const up = await receiveDocuments<{ secret?: string; note?: string }>(ctx, req, {
      dossier: d,
      field: 'supplement',
      schema: publicSupplementSchema,
      actor: 'applicant',
      componentFor: (name) => name,
      requireFiles: true,
    });
    try {
      await ctx.workflows.signal(d.workflow_id, 'supplementReceived', {
        actor: 'applicant',
        documents: up.files.map((f) => f.id),
        ...(up.body.note ? { note: up.body.note } : {}),
      });
    } catch (err) {
      await up.discard();
      throw err;
    }
    await audit(ctx.knex, req, {
      actor: 'applicant',
      action: 'public.supplement',
      targetType: 'dossier',
      targetId: d.code,
      newValue: { documents: up.files.map((f) => ({ componentId: f.componentId, sha256: f.sha256 })) },
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

  router.post('/dossiers/:code/rating', async (req, res) => {
    const body = validateBody<{ secret?: string; score: number; comment?: string }>(ratingSchema, req.body);
    const d = await authorized(req, req.params.code, secretOf(req, body.secret));
    if (d.status !== 'returned') {
      throw new ConflictError('not-returned', {
        vi: 'Chỉ đánh giá được sau khi đã trả kết quả',
        en: 'A dossier can be rated only once its result is returned',
      });
    }
    const inserted = await insertRating({
      knex: ctx.knex,
      rating: { dossierId: d.id, score: body.score, comment: body.comment ?? null },
    });
    if (!inserted)
      throw new ConflictError('already-rated', {
        vi: 'Hồ sơ đã được đánh giá',
        en: 'The dossier is already rated',
      });
    await audit(ctx.knex, req, {
      actor: 'applicant',
      action: 'public.rating',
      targetType: 'dossier',
      targetId: d.code,
      newValue: { score: body.score },
    });
    res.status(201).json({ dossierCode: d.code, score: body.score });
  });

  router.post('/dossiers', async (req, res) => {
    await ctx.limiters.publicIntake.hit(`ip:${req.ip}`);
    const result = await fileDossier(ctx, req, {
      actor: 'applicant',
      channels: ['online'],
      authorize: async () => undefined,
    });
    if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
    const body = result.body as {
      code: string;
      receivedAt: string;
      appointmentAt: string | null;
      status: string;
      documents: unknown[];
    };
    // The citizen gets the receipt facts, not staff links.
    res.status(result.status).json({
      code: body.code,
      status: body.status,
      receivedAt: body.receivedAt,
      appointmentAt: body.appointmentAt,
      documents: body.documents,
      lookup: `/api/public/dossiers/${encodeURIComponent(body.code)}`,
    });
  });

  return router;
}
