/** /api/procedures: the catalog (public reads) and procedure management (publishers, duration editors). */
import express from 'express';
import type { Duration, ProcedureMetadata } from '../../ir/index.js';
import {
  createDraftVersion,
  deleteDraftVersion,
  publishDraftVersion,
  publishProcedures,
  setProcedureStatus,
  updateDraftVersion,
  type ProcedureVersionRow,
  getLatestPublishedVersion,
  getProceduresByCode,
  getProcedureVersion,
  listProcedures,
  listProcedureVersions,
  type ProcedureRow,
} from '../../store/index.js';
import { hasRole, requireRole, type Principal } from '../auth.js';
import { diagnosticView } from '../compile.js';
import type { ApiContext } from '../context.js';
import { audit } from '../context.js';
import { setStepDurations } from '../durations.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { DURATION_EDITOR_ROLES, PUBLISHER_ROLES } from '../roles.js';
import {
  draftSchema,
  durationsSchema,
  procedureGetQuery,
  procedureListQuery,
  publishSchema,
  reasonBodySchema,
  versionPathQuery,
} from '../schemas.js';
import { listParam, validateBody, validateQuery } from '../validation.js';
import { procedureSummaryView, versionView } from '../views.js';

/** The procedure with a code (and level when several levels share the code). */
export async function resolveProcedure(
  ctx: ApiContext,
  code: string,
  level: string | undefined,
): Promise<ProcedureRow> {
  const all = (await getProceduresByCode({ knex: ctx.knex, code })).filter(
    (p) => !level || p.level === level,
  );
  if (all.length === 0)
    throw new NotFoundError(
      { vi: 'thủ tục', en: 'procedure' },
      level ? `${code} (${level})` : code,
      'procedure-not-found',
    );
  if (all.length > 1) {
    throw new ValidationError(
      [
        {
          field: 'level',
          message: {
            vi: `mã ${code} có ở nhiều cấp (${all.map((p) => p.level).join(', ')}): thêm ?level=`,
            en: `code ${code} exists at several levels (${all.map((p) => p.level).join(', ')}): add ?level=`,
          },
        },
      ],
      undefined,
      undefined,
      'ambiguous-procedure',
    );
  }
  return all[0]!;
}

/** Agency codes one catalog search may name (a receptionist holds roles in a handful). */
const MAX_AGENCIES = 50;

export function createProceduresRouter(ctx: ApiContext): express.Router {
  const router = express.Router();

  /** Staff who see drafts: publishers and duration editors. */
  const drafter = (p: Principal | undefined) =>
    !!p && hasRole(p, [...PUBLISHER_ROLES, ...DURATION_EDITOR_ROLES]);

  const versionOf = async (procedureId: number, raw: string, code: string) => {
    const n = Number(raw);
    const v =
      Number.isInteger(n) && n > 0
        ? await getProcedureVersion({ knex: ctx.knex, procedureId, version: n })
        : undefined;
    if (!v)
      throw new NotFoundError({ vi: 'phiên bản', en: 'version' }, `${code} v${raw}`, 'version-not-found');
    return v;
  };

  type DraftBody = {
    metadata: ProcedureMetadata;
    modelKind: 'bpmn' | 'steps';
    modelSource: string;
    changeNote?: string;
  };

  router.post('/validate', async (req, res) => {
    await requireRole(req, ctx.auth, [...PUBLISHER_ROLES, ...DURATION_EDITOR_ROLES]);
    const body = validateBody<DraftBody>(draftSchema, req.body);
    const result = await ctx.compiler.compile(body.metadata, body.modelKind, body.modelSource);
    res.json({
      ok: result.ok,
      hash: result.hash ?? null,
      diagnostics: result.diagnostics.map(diagnosticView),
    });
  });

  router.post('/drafts', async (req, res) => {
    await requireRole(req, ctx.auth, PUBLISHER_ROLES);
    const body = validateBody<DraftBody>(draftSchema, req.body);
    const p = await requireRole(req, ctx.auth, PUBLISHER_ROLES, body.metadata.agency);
    const result = await ctx.compiler.compile(body.metadata, body.modelKind, body.modelSource);
    const row = await createDraftVersion({
      knex: ctx.knex,
      draft: {
        metadata: body.metadata,
        modelKind: body.modelKind,
        modelSource: body.modelSource,
        changeNote: body.changeNote ?? null,
        actor: p.username,
      },
    });
    await audit(ctx.knex, req, {
      action: 'procedure.draft-create',
      targetType: 'procedure',
      targetId: `${body.metadata.code}@${body.metadata.level}`,
      newValue: { version: row.version, changeNote: body.changeNote },
    });
    await ctx.changes.announce('compiler');
    res
      .status(201)
      .location(
        `/api/procedures/${encodeURIComponent(body.metadata.code)}/versions/${row.version}?level=${body.metadata.level}`,
      )
      .json({
        ...versionView(row),
        code: body.metadata.code,
        level: body.metadata.level,
        ok: result.ok,
        diagnostics: result.diagnostics.map(diagnosticView),
      });
  });

  router.get('/:code/drafts', async (req, res) => {
    const q = validateQuery<{ level?: string }>(versionPathQuery, req.query);
    const proc = await resolveProcedure(ctx, req.params.code, q.level);
    await requireRole(req, ctx.auth, [...PUBLISHER_ROLES, ...DURATION_EDITOR_ROLES], proc.agency_code);
    const versions = await listProcedureVersions({ knex: ctx.knex, procedureId: proc.id });
    res.json({
      procedure: procedureSummaryView(proc),
      items: versions.filter((v) => v.status === 'draft').map(versionView),
    });
  });

  router.get('/:code/versions/:version', async (req, res) => {
    const q = validateQuery<{ level?: string }>(versionPathQuery, req.query);
    const proc = await resolveProcedure(ctx, req.params.code, q.level);
    const v = await versionOf(proc.id, req.params.version, proc.code);
    if (v.status === 'draft') {
      if (!drafter(req.principal))
        throw new NotFoundError(
          { vi: 'phiên bản', en: 'version' },
          `${proc.code} v${v.version}`,
          'version-not-found',
        );
      await requireRole(req, ctx.auth, [...PUBLISHER_ROLES, ...DURATION_EDITOR_ROLES], proc.agency_code);
    }
    res.json({
      procedure: procedureSummaryView(proc),
      ...versionView(v),
      modelSource: v.model_source,
      ir: v.ir,
    });
  });

  router.put('/:code/versions/:version', async (req, res) => {
    const q = validateQuery<{ level?: string }>(versionPathQuery, req.query);
    const proc = await resolveProcedure(ctx, req.params.code, q.level);
    await requireRole(req, ctx.auth, PUBLISHER_ROLES, proc.agency_code);
    const body = validateBody<DraftBody>(draftSchema, req.body);
    const v = await versionOf(proc.id, req.params.version, proc.code);
    if (body.metadata.code !== proc.code || body.metadata.level !== proc.level) {
      throw new ValidationError([
        {
          field: 'metadata.code',
          message: { vi: 'mã và cấp phải giữ nguyên', en: 'code and level cannot change' },
        },
      ]);
    }
    if (
      v.status !== 'draft' ||
      !(await updateDraftVersion({
        knex: ctx.knex,
        id: v.id,
        draft: { ...body, changeNote: body.changeNote ?? null },
      }))
    ) {
      throw new ConflictError('version-immutable', {
        vi: `Phiên bản ${v.version} đã công bố, không sửa được`,
        en: `Version ${v.version} is published and immutable`,
      });
    }
    const result = await ctx.compiler.compile(body.metadata, body.modelKind, body.modelSource);
    await audit(ctx.knex, req, {
      action: 'procedure.draft-update',
      targetType: 'procedure',
      targetId: `${proc.code}@${proc.level}`,
      oldValue: { version: v.version, changeNote: v.change_note },
      newValue: { version: v.version, changeNote: body.changeNote },
    });
    res.json({
      ...versionView({ ...v, change_note: body.changeNote ?? null }),
      ok: result.ok,
      diagnostics: result.diagnostics.map(diagnosticView),
    });
  });

  router.delete('/:code/versions/:version', async (req, res) => {
    const q = validateQuery<{ level?: string }>(versionPathQuery, req.query);
    const proc = await resolveProcedure(ctx, req.params.code, q.level);
    await requireRole(req, ctx.auth, PUBLISHER_ROLES, proc.agency_code);
    const v = await versionOf(proc.id, req.params.version, proc.code);
    if (v.status !== 'draft' || !(await deleteDraftVersion({ knex: ctx.knex, id: v.id }))) {
      throw new ConflictError('version-immutable', {
        vi: `Phiên bản ${v.version} đã công bố, không xóa được`,
        en: `Version ${v.version} is published and cannot be deleted`,
      });
    }
    await audit(ctx.knex, req, {
      action: 'procedure.draft-delete',
      targetType: 'procedure',
      targetId: `${proc.code}@${proc.level}`,
      oldValue: { version: v.version },
    });
    res.status(204).end();
  });

  router.post('/:code/versions/:version/publish', async (req, res) => {
    const q = validateQuery<{ level?: string }>(versionPathQuery, req.query);
    const proc = await resolveProcedure(ctx, req.params.code, q.level);
    const p = await requireRole(req, ctx.auth, PUBLISHER_ROLES, proc.agency_code);
    const body = validateBody<{ changeNote: string }>(publishSchema, req.body);
    const v = await versionOf(proc.id, req.params.version, proc.code);
    if (v.status !== 'draft') {
      throw new ConflictError('version-immutable', {
        vi: `Phiên bản ${v.version} đã công bố`,
        en: `Version ${v.version} is already published`,
      });
    }
    const result = await ctx.compiler.compile(v.metadata, v.model_kind, v.model_source);
    if (!result.ok || !result.compiled) {
      throw new ValidationError(
        result.diagnostics
          .filter((d) => d.severity === 'error')
          .map((d) => ({
            field: d.elementId ?? d.path ?? d.code,
            message: { vi: `${d.code}: ${d.message}`, en: `${d.code}: ${d.messageEn}` },
          })),
        { vi: 'Bản nháp còn lỗi, chưa công bố được', en: 'The draft has errors and cannot be published' },
        { diagnostics: result.diagnostics.map(diagnosticView) },
        'draft-invalid',
      );
    }
    if (
      !(await publishDraftVersion({
        knex: ctx.knex,
        id: v.id,
        compiled: result.compiled,
        metadata: v.metadata as ProcedureMetadata,
        changeNote: body.changeNote,
        actor: p.username,
      }))
    ) {
      throw new ConflictError('version-immutable', {
        vi: `Phiên bản ${v.version} đã công bố`,
        en: `Version ${v.version} is already published`,
      });
    }
    await ctx.changes.announce('procedures');
    await audit(ctx.knex, req, {
      action: 'procedure.publish',
      targetType: 'procedure',
      targetId: `${proc.code}@${proc.level}`,
      newValue: { version: v.version, irHash: result.compiled.hash },
      reason: body.changeNote,
    });
    res.json({
      code: proc.code,
      level: proc.level,
      version: v.version,
      irHash: result.compiled.hash,
      status: 'published',
    });
  });

  router.post('/:code/retire', async (req, res) => {
    const q = validateQuery<{ level?: string }>(versionPathQuery, req.query);
    const proc = await resolveProcedure(ctx, req.params.code, q.level);
    await requireRole(req, ctx.auth, PUBLISHER_ROLES, proc.agency_code);
    const body = validateBody<{ reason: string }>(reasonBodySchema, req.body);
    if (proc.status === 'retired')
      throw new ConflictError('already-retired', {
        vi: 'Thủ tục đã bãi bỏ',
        en: 'The procedure is already retired',
      });
    await setProcedureStatus({ knex: ctx.knex, procedureId: proc.id, status: 'retired' });
    await ctx.changes.announce('procedures');
    await audit(ctx.knex, req, {
      action: 'procedure.retire',
      targetType: 'procedure',
      targetId: `${proc.code}@${proc.level}`,
      oldValue: { status: proc.status },
      newValue: { status: 'retired' },
      reason: body.reason,
    });
    res.json({ code: proc.code, level: proc.level, status: 'retired' });
  });

  router.post('/:code/durations', async (req, res) => {
    const q = validateQuery<{ level?: string }>(versionPathQuery, req.query);
    const proc = await resolveProcedure(ctx, req.params.code, q.level);
    // Duration editors of the procedure's own agency (publishers may do it too).
    const p = await requireRole(
      req,
      ctx.auth,
      [...DURATION_EDITOR_ROLES, ...PUBLISHER_ROLES],
      proc.agency_code,
    );
    const body = validateBody<{
      durations?: Record<string, Duration>;
      warningThresholds?: Record<string, number>;
      changeNote: string;
    }>(durationsSchema, req.body);
    if (proc.status !== 'published') {
      throw new ConflictError('not-published', {
        vi: 'Thủ tục chưa công bố hoặc đã bãi bỏ',
        en: 'The procedure is not published',
      });
    }
    const current = (await getLatestPublishedVersion({
      knex: ctx.knex,
      procedureId: proc.id,
    })) as ProcedureVersionRow;
    const edited = setStepDurations(
      current.model_kind,
      current.model_source,
      body.durations ?? {},
      body.warningThresholds,
    );
    if (edited.missing.length) {
      throw new ValidationError(
        edited.missing.map((id) => ({
          field: id in (body.durations ?? {}) ? `durations.${id}` : `warningThresholds.${id}`,
          message: { vi: `không có bước "${id}" trong quy trình`, en: `no step "${id}" in the model` },
        })),
      );
    }
    const result = await ctx.compiler.compile(current.metadata, current.model_kind, edited.source);
    if (!result.ok || !result.compiled) {
      throw new ValidationError(
        result.diagnostics
          .filter((d) => d.severity === 'error')
          .map((d) => ({
            field: d.elementId ? `durations.${d.elementId}` : d.code,
            message: { vi: `${d.code}: ${d.message}`, en: `${d.code}: ${d.messageEn}` },
          })),
        undefined,
        { diagnostics: result.diagnostics.map(diagnosticView) },
        'durations-invalid',
      );
    }
    const out = await publishProcedures({
      knex: ctx.knex,
      entries: [
        {
          metadata: current.metadata as ProcedureMetadata,
          modelKind: current.model_kind,
          modelSource: edited.source,
          compiled: result.compiled,
          changeNote: body.changeNote,
        },
      ],
      actor: p.username,
    });
    await ctx.changes.announce('procedures');
    const version = out.versions[0]?.version ?? current.version;
    await audit(ctx.knex, req, {
      action: 'procedure.durations',
      targetType: 'procedure',
      targetId: `${proc.code}@${proc.level}`,
      oldValue: { version: current.version },
      newValue: { version, durations: body.durations ?? {}, warningThresholds: body.warningThresholds ?? {} },
      reason: body.changeNote,
    });
    res.status(out.published ? 201 : 200).json({
      code: proc.code,
      level: proc.level,
      version,
      changed: out.published === 1,
      irHash: result.compiled.hash,
    });
  });

  router.get('/', async (req, res) => {
    const q = validateQuery<{
      q?: string;
      code?: string;
      sector?: string;
      level?: string;
      agency?: string;
      agencyScope: 'exact' | 'subtree';
      status?: 'draft' | 'published' | 'retired';
      limit: number;
      offset: number;
    }>(procedureListQuery, req.query);
    const agencies = listParam(q.agency);
    if (q.agencyScope === 'subtree' && !agencies) {
      throw new ValidationError([
        {
          field: 'query.agencyScope',
          message: {
            vi: "'subtree' cần tham số agency (mã cơ quan gốc)",
            en: "'subtree' needs the agency parameter (the root agency code)",
          },
        },
      ]);
    }
    if (agencies && agencies.length > MAX_AGENCIES) {
      throw new ValidationError([
        {
          field: 'query.agency',
          message: {
            vi: `tối đa ${MAX_AGENCIES} mã cơ quan`,
            en: `at most ${MAX_AGENCIES} agency codes`,
          },
        },
      ]);
    }
    const page = await listProcedures({
      knex: ctx.knex,
      filter: {
        q: q.q,
        code: q.code,
        sector: q.sector,
        level: q.level,
        agencies,
        agencyScope: q.agencyScope,
        status: q.status ?? 'published',
        limit: q.limit,
        offset: q.offset,
      },
    });
    if (page.unknownAgencies?.length) {
      const list = page.unknownAgencies.join(', ');
      throw new ValidationError(
        [
          {
            field: 'query.agency',
            message: { vi: `không có cơ quan ${list}`, en: `no agency ${list}` },
          },
        ],
        undefined,
        undefined,
        'unknown-agency',
      );
    }
    res.json({
      items: page.items.map(procedureSummaryView),
      total: page.total,
      limit: q.limit,
      offset: q.offset,
    });
  });

  router.get('/:code', async (req, res) => {
    const q = validateQuery<{ level?: string; version?: number }>(procedureGetQuery, req.query);
    const p = await resolveProcedure(ctx, req.params.code, q.level);
    const v = q.version
      ? await getProcedureVersion({ knex: ctx.knex, procedureId: p.id, version: q.version })
      : await getLatestPublishedVersion({ knex: ctx.knex, procedureId: p.id });
    if (q.version && (!v || v.status === 'draft')) {
      throw new NotFoundError(
        { vi: 'phiên bản', en: 'version' },
        `${p.code} v${q.version}`,
        'version-not-found',
      );
    }
    const latestPublished = q.version
      ? await getLatestPublishedVersion({ knex: ctx.knex, procedureId: p.id })
      : v;
    res.json({
      ...procedureSummaryView(p),
      // The detail has no list join: report the published version from the version row itself.
      publishedVersion: latestPublished?.status === 'published' ? latestPublished.version : null,
      publishedAt:
        latestPublished?.status === 'published' && latestPublished.published_at
          ? new Date(latestPublished.published_at).toISOString()
          : null,
      version: v ? { ...versionView(v), ir: v.ir } : null,
      links: {
        self: `/api/procedures/${encodeURIComponent(p.code)}?level=${p.level}`,
        versions: `/api/procedures/${encodeURIComponent(p.code)}/versions?level=${p.level}`,
      },
    });
  });

  router.get('/:code/versions', async (req, res) => {
    const q = validateQuery<{ level?: string }>(procedureGetQuery, req.query);
    const p = await resolveProcedure(ctx, req.params.code, q.level);
    const versions = await listProcedureVersions({ knex: ctx.knex, procedureId: p.id });
    res.json({
      procedure: procedureSummaryView(p),
      items: versions.filter((v) => v.status !== 'draft').map(versionView),
    });
  });

  return router;
}
