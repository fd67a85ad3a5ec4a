/** /api/dossiers: intake, lookup and documents of dossiers (staff). */
import express, { type Request } from 'express';
import { CHANNELS } from '../../ir/index.js';
import {
  getDocument,
  getDossierByCode,
  listDocuments,
  listDossierEvents,
  listDossierTasks,
  listDossiers,
  type DossierRow,
} from '../../store/index.js';
import { requireRole, requireUser, scopesOf } from '../auth.js';
import type { ApiContext } from '../context.js';
import { NotFoundError } from '../errors.js';
import { fileDossier } from '../intake.js';
import { INTAKE_ROLES, STAFF_VIEW_ROLES } from '../roles.js';
import { dossierListQuery } from '../schemas.js';
import { listParam, validateQuery } from '../validation.js';
import { documentView, dossierView, eventView, taskView } from '../views.js';

/** The dossier, if the caller's roles cover its agency (404 otherwise: no probing of codes). */
export async function loadDossierFor(
  ctx: ApiContext,
  req: Request,
  code: string,
  roles: readonly string[] = STAFF_VIEW_ROLES,
): Promise<DossierRow> {
  const d = await getDossierByCode({ knex: ctx.knex, code });
  if (!d) throw new NotFoundError({ vi: 'hồ sơ', en: 'dossier' }, code, 'dossier-not-found');
  await requireRole(req, ctx.auth, roles, d.agency_code);
  return d;
}

export function createDossiersRouter(ctx: ApiContext): express.Router {
  const router = express.Router();

  router.post('/', async (req, res) => {
    const principal = requireUser(req);
    await requireRole(req, ctx.auth, INTAKE_ROLES);
    const result = await fileDossier(ctx, req, {
      actor: principal.username,
      channels: CHANNELS,
      authorize: async (agency) => {
        await requireRole(req, ctx.auth, INTAKE_ROLES, agency);
      },
    });
    if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
    res.setHeader('Location', (result.body.links as { self: string }).self);
    res.status(result.status).json(result.body);
  });

  router.get('/', async (req, res) => {
    const principal = requireUser(req);
    await requireRole(req, ctx.auth, STAFF_VIEW_ROLES);
    const q = validateQuery<{
      status?: string;
      agency?: string;
      procedure?: string;
      channel?: string;
      from?: string;
      to?: string;
      overdue?: boolean;
      q?: string;
      limit: number;
      offset: number;
    }>(dossierListQuery, req.query);
    const allowed = await ctx.auth.agencies.expand(scopesOf(principal, STAFF_VIEW_ROLES));
    const asked = listParam(q.agency);
    const agencies = asked ? (allowed ? asked.filter((a) => allowed.includes(a)) : asked) : allowed;
    const page = await listDossiers({
      knex: ctx.knex,
      filter: {
        agencies,
        status: listParam(q.status),
        procedureCode: q.procedure,
        channel: q.channel,
        receivedFrom: q.from ? new Date(q.from) : undefined,
        receivedTo: q.to ? new Date(q.to) : undefined,
        overdue: q.overdue,
        q: q.q,
        limit: q.limit,
        offset: q.offset,
      },
    });
    res.json({ items: page.items.map(dossierView), total: page.total, limit: q.limit, offset: q.offset });
  });

  router.get('/:code', async (req, res) => {
    const d = await loadDossierFor(ctx, req, req.params.code);
    const [documents, tasks, events] = await Promise.all([
      listDocuments({ knex: ctx.knex, dossierId: d.id }),
      listDossierTasks({ knex: ctx.knex, dossierId: d.id }),
      listDossierEvents({ knex: ctx.knex, dossierId: d.id }),
    ]);
    res.json({
      ...dossierView(d),
      documents: documents.map((doc) => documentView(doc, d.code)),
      tasks: tasks.map(taskView),
      events: events.map(eventView),
    });
  });

  router.get('/:code/documents', async (req, res) => {
    const d = await loadDossierFor(ctx, req, req.params.code);
    const documents = await listDocuments({ knex: ctx.knex, dossierId: d.id });
    res.json({ items: documents.map((doc) => documentView(doc, d.code)) });
  });

  const loadDocument = async (req: Request<{ code: string; docId: string }>) => {
    const d = await loadDossierFor(ctx, req as unknown as Request, req.params.code);
    const id = req.params.docId;
    const doc = /^[0-9a-f-]{36}$/i.test(id) ? await getDocument({ knex: ctx.knex, id }) : undefined;
    if (!doc || doc.dossier_id !== d.id)
      throw new NotFoundError({ vi: 'tài liệu', en: 'document' }, id, 'document-not-found');
    return { d, doc };
  };

  router.get('/:code/documents/:docId', async (req, res) => {
    const { d, doc } = await loadDocument(req);
    const url = await ctx.objects.presign(doc.object_key, doc.filename, doc.content_type);
    res.json({ ...documentView(doc, d.code), url, urlExpiresInSeconds: 300 });
  });

  router.get('/:code/documents/:docId/content', async (req, res) => {
    const { doc } = await loadDocument(req);
    res.redirect(302, await ctx.objects.presign(doc.object_key, doc.filename, doc.content_type));
  });

  return router;
}
