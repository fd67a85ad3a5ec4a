/**
 * Filing a dossier: read the request (JSON, or multipart with files streamed to S3), check it against the
 * procedure's published version (channel, components), give it a code and an appointment date, write the dossier
 * and its documents in one transaction, then start its workflow. Any failure leaves nothing behind: uploaded
 * objects are deleted, rows are rolled back or removed. An Idempotency-Key makes a retried request answer the
 * first filing instead of filing twice.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Request } from 'express';
import { CHANNELS, NATIONAL_STATUS, type Channel, type ComponentSpec } from '../ir/index.js';
import {
  deleteUnstartedDossier,
  findIdempotencyKey,
  getDossierById,
  listDocuments,
  type DossierRow,
} from '../store/index.js';
import type { ApiContext } from './context.js';
import { audit, requestId } from './context.js';
import {
  BadRequestError,
  ConflictError,
  UnsupportedMediaTypeError,
  ValidationError,
  type FieldProblem,
} from './errors.js';
import { receiveMultipart, type ReceivedFile } from './multipart.js';
import { intakeSchema } from './schemas.js';
import { validateBody } from './validation.js';
import { canonicalJson, documentView, dossierView } from './views.js';
import type { PublishedProcedure } from './published.js';

export interface IntakeInput {
  procedureCode: string;
  level?: string;
  channel: Channel;
  applicant: {
    type: 'person' | 'organisation';
    name: string;
    idNumber: string;
    phone: string;
    address: string;
    email?: string;
  };
  data: Record<string, unknown>;
  paperComponents?: string[];
  note?: string;
}

export interface IntakeResult {
  status: 201 | 200;
  replayed: boolean;
  body: Record<string, unknown>;
}

const KEY_RE = /^[\x21-\x7e]{1,128}$/;

function idempotencyKeyOf(req: Request): string | undefined {
  const raw = req.headers['idempotency-key'];
  if (raw === undefined) return undefined;
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (!key || !KEY_RE.test(key)) {
    throw new BadRequestError(
      'invalid-idempotency-key',
      { vi: 'Idempotency-Key không hợp lệ', en: 'Invalid Idempotency-Key' },
      [
        {
          field: 'Idempotency-Key',
          message: {
            vi: '1-128 ký tự ASCII in được, không có dấu cách',
            en: '1-128 printable ASCII characters, no spaces',
          },
        },
      ],
    );
  }
  return key;
}

function requestHash(input: IntakeInput, files: ReceivedFile[]): string {
  const docs = files.map((f) => `${f.componentId}:${f.sha256}`).sort();
  return createHash('sha256').update(canonicalJson({ input, docs })).digest('hex');
}

function isUniqueViolation(err: unknown, constraintPart: string): boolean {
  const e = err as { code?: string; constraint?: string };
  return e.code === '23505' && (e.constraint ?? '').includes(constraintPart);
}

/** Checks channel and components; returns the legal duration of the channel. */
function checkAgainstProcedure(p: PublishedProcedure, input: IntakeInput, files: ReceivedFile[]) {
  const problems: FieldProblem[] = [];
  const offered = p.compiled.ir.procedure.channels;
  if (offered.length > 0 && !offered.some((c) => c.channel === input.channel)) {
    problems.push({
      field: 'channel',
      message: {
        vi: `thủ tục không nhận qua kênh ${input.channel} (nhận: ${offered.map((c) => c.channel).join(', ')})`,
        en: `the procedure is not filed through ${input.channel} (offered: ${offered.map((c) => c.channel).join(', ')})`,
      },
    });
  }
  const components: ComponentSpec[] = p.metadata.components ?? [];
  const known = new Map(components.map((c) => [c.id, c]));
  for (const f of files) {
    if (!known.has(f.componentId)) {
      problems.push({
        field: f.componentId,
        message: {
          vi: `"${f.componentId}" không phải thành phần hồ sơ của thủ tục (có: ${[...known.keys()].join(', ') || 'không'})`,
          en: `"${f.componentId}" is not a component of the procedure (known: ${[...known.keys()].join(', ') || 'none'})`,
        },
      });
    }
  }
  const paper = input.paperComponents ?? [];
  if (paper.length > 0 && input.channel === 'online') {
    problems.push({
      field: 'paperComponents',
      message: { vi: 'hồ sơ trực tuyến không có bản giấy', en: 'an online dossier has no paper components' },
    });
  }
  paper.forEach((id, i) => {
    if (!known.has(id)) {
      problems.push({
        field: `paperComponents[${i}]`,
        message: {
          vi: `"${id}" không phải thành phần hồ sơ của thủ tục`,
          en: `"${id}" is not a component of the procedure`,
        },
      });
    }
  });
  if (problems.length) throw new ValidationError(problems);
  const supplied = new Set([...files.map((f) => f.componentId), ...paper]);
  const missing = components.filter((c) => c.required && !supplied.has(c.id));
  if (missing.length) {
    throw new ValidationError(
      missing.map((c) => ({
        field: c.id,
        message: {
          vi: `thiếu thành phần bắt buộc "${c.name.vi}"`,
          en: `required component "${c.name.en ?? c.name.vi}" is missing`,
        },
      })),
      {
        vi: `Hồ sơ chưa đầy đủ, thiếu: ${missing.map((c) => c.name.vi).join('; ')}`,
        en: `The dossier is incomplete, missing: ${missing.map((c) => c.name.en ?? c.name.vi).join('; ')}`,
      },
      { missing: missing.map((c) => ({ id: c.id, name: c.name })) },
      'missing-components',
    );
  }
  const spec = offered.find((c) => c.channel === input.channel) ?? offered[0];
  return spec?.duration;
}

async function replay(ctx: ApiContext, dossierId: string): Promise<IntakeResult> {
  const d = await getDossierById({ knex: ctx.knex, id: dossierId });
  if (!d)
    throw new ConflictError('idempotency-key-in-use', {
      vi: 'Yêu cầu cùng khóa đang được xử lý',
      en: 'A request with this key is in progress',
    });
  return { status: 200, replayed: true, body: await intakeBody(ctx, d) };
}

export async function intakeBody(ctx: ApiContext, d: DossierRow): Promise<Record<string, unknown>> {
  const docs = await listDocuments({ knex: ctx.knex, dossierId: d.id });
  return { ...dossierView(d), documents: docs.map((doc) => documentView(doc, d.code)) };
}

export async function fileDossier(
  ctx: ApiContext,
  req: Request,
  opts: {
    actor: string;
    /** Channels this caller may file through. */
    channels: readonly Channel[];
    /** Throws when the caller may not file for the procedure's agency. */
    authorize: (agencyCode: string) => Promise<void>;
  },
): Promise<IntakeResult> {
  const key = idempotencyKeyOf(req);
  // Multipart: look the key up first, so a replay's files are drained instead of stored. JSON (no files): the
  // unique key in the insert answers a replay, one query fewer on the hot path.
  const previous =
    key && req.is('multipart/form-data') ? await findIdempotencyKey({ knex: ctx.knex, key }) : undefined;
  let raw: unknown;
  let files: ReceivedFile[] = [];
  const now = new Date();
  if (req.is('multipart/form-data')) {
    const received = await receiveMultipart(req, {
      store: previous ? null : ctx.objects,
      keyPrefix: `documents/${now.toISOString().slice(0, 7)}`,
      limits: ctx.uploadLimits,
    });
    files = received.files;
    const field = received.fields.dossier;
    try {
      if (field === undefined) {
        throw new ValidationError([
          {
            field: 'dossier',
            message: { vi: 'thiếu trường "dossier" (JSON)', en: 'the "dossier" field (JSON) is missing' },
          },
        ]);
      }
      try {
        raw = JSON.parse(field);
      } catch {
        throw new BadRequestError(
          'malformed-json',
          { vi: 'Trường "dossier" không phải JSON hợp lệ', en: 'The "dossier" field is not valid JSON' },
          [{ field: 'dossier', message: { vi: 'JSON không đúng cú pháp', en: 'malformed JSON' } }],
        );
      }
    } catch (err) {
      if (!previous) await ctx.objects.remove(files.map((f) => f.objectKey)).catch(() => undefined);
      throw err;
    }
  } else if (req.is('application/json')) {
    raw = req.body;
  } else {
    throw new UnsupportedMediaTypeError({
      vi: 'Gửi multipart/form-data (trường "dossier" + tệp) hoặc application/json',
      en: 'Send multipart/form-data (a "dossier" field + files) or application/json',
    });
  }
  const stored = previous ? [] : files.map((f) => f.objectKey);
  let started = false;
  const cleanup = () => (started ? Promise.resolve() : ctx.objects.remove(stored).catch(() => undefined));
  try {
    const input = validateBody<IntakeInput>(
      intakeSchema,
      raw,
      req.is('multipart/form-data') ? 'dossier' : '',
    );
    const hash = requestHash(input, files);
    if (previous) {
      if (previous.request_hash !== hash) {
        throw new ConflictError('idempotency-key-reused', {
          vi: 'Idempotency-Key đã dùng cho một yêu cầu khác',
          en: 'The Idempotency-Key was used for a different request',
        });
      }
      return await replay(ctx, previous.dossier_id);
    }
    if (!opts.channels.includes(input.channel)) {
      throw new ValidationError([
        {
          field: 'channel',
          message: {
            vi: `chỉ nhận kênh: ${opts.channels.join(', ')}`,
            en: `only these channels: ${opts.channels.join(', ')}`,
          },
        },
      ]);
    }
    const p = await ctx.published.get(input.procedureCode, input.level);
    const agencyCode = p.procedure.agency_code;
    await opts.authorize(agencyCode);
    const duration = checkAgainstProcedure(p, input, files);
    const unitCode = (await ctx.auth.agencies.unitCode(agencyCode)) ?? agencyCode;
    const receivedAt = new Date();
    const appointmentAt = await ctx.appointments.appointment({
      agencyCode,
      receivedAt,
      channel: input.channel,
      duration,
      cutoff: p.compiled.ir.procedure.cutoff,
    });
    const id = randomUUID();
    const documents = files.map((f) => ({
      id: f.id,
      componentId: f.componentId,
      objectKey: f.objectKey,
      filename: f.filename,
      contentType: f.contentType,
      size: f.size,
      sha256: f.sha256,
      uploadedBy: opts.actor,
    }));
    const dossierRow = {
      id,
      // Numbered by the insert itself, in the same transaction (no separate round trip, no number lost when the
      // insert fails).
      codeUnit: unitCode,
      procedureVersionId: p.versionId,
      procedureCode: p.procedure.code,
      agencyCode,
      channel: input.channel,
      applicant: input.applicant,
      data: input.data,
      status: 'accepted',
      nationalStatus: NATIONAL_STATUS.accepted,
      receivedAt,
      dueAt: appointmentAt,
      idempotencyKey: key ?? null,
      requestHash: key ? hash : null,
    };
    let code: string;
    let workflowId: string;
    try {
      // Dossier, key, documents and the audit entry in one statement (batched with concurrent filings): all or
      // nothing.
      ({ code, workflowId } = await ctx.dossierWriter.insert({
        dossier: dossierRow,
        documents,
        audit: {
          actor: opts.actor,
          action: 'dossier.intake',
          newValue: {
            procedureCode: p.procedure.code,
            version: p.version,
            channel: input.channel,
            documents: files.map((f) => ({ componentId: f.componentId, sha256: f.sha256, size: f.size })),
            paperComponents: input.paperComponents ?? [],
          },
          requestId: requestId(req) ?? null,
        },
      }));
    } catch (err) {
      if (key && (isUniqueViolation(err, 'idempotency') || isUniqueViolation(err, 'idempotency_keys_pkey'))) {
        // The key was used before (or a concurrent request with it won): answer as its replay.
        await cleanup();
        const winner = await findIdempotencyKey({ knex: ctx.knex, key });
        if (winner && winner.request_hash === hash) return await replay(ctx, winner.dossier_id);
        throw new ConflictError('idempotency-key-reused', {
          vi: 'Idempotency-Key đã dùng cho một yêu cầu khác',
          en: 'The Idempotency-Key was used for a different request',
        });
      }
      throw err;
    }
    try {
      await ctx.workflows.start(
        {
          workflowId,
          taskQueue: ctx.taskQueue,
          dossierCode: code,
          procedureCode: p.procedure.code,
          agencyCode,
          level: p.procedure.level,
          sector: p.procedure.sector,
          dueAt: appointmentAt,
        },
        {
          dossierId: id,
          dossierCode: code,
          procedureVersionId: p.versionId,
          compiled: p.compiled,
          channel: input.channel,
          receivedAt: receivedAt.toISOString(),
          ...(appointmentAt ? { appointmentAt: appointmentAt.toISOString() } : {}),
          agencyCode,
          data: input.data,
          applicantType: input.applicant.type,
        },
      );
    } catch (err) {
      // The dossier never started: remove every trace (rows here, bytes below). A start that timed out may still
      // have happened: terminate it so no workflow runs for a dossier that does not exist.
      if ((err as { code?: string }).code !== 'workflow-exists')
        await ctx.workflows.terminate(workflowId, 'intake failed');
      await deleteUnstartedDossier({ knex: ctx.knex, dossierId: id }).catch((e: unknown) =>
        ctx.logger.error(
          { err: (e as Error).message, dossierId: id },
          'could not remove an unstarted dossier',
        ),
      );
      // The audit log is append-only: the intake entry stays, this one says it was undone.
      await audit(ctx.knex, req, {
        actor: opts.actor,
        action: 'dossier.intake-cancelled',
        targetType: 'dossier',
        targetId: code,
        reason: 'workflow start failed / không khởi động được quy trình',
      }).catch(() => undefined);
      throw err;
    }
    started = true;
    const now = new Date();
    const body = {
      ...dossierView({
        ...dossierRow,
        code,
        procedure_version_id: dossierRow.procedureVersionId,
        procedure_code: dossierRow.procedureCode,
        agency_code: agencyCode,
        national_status: dossierRow.nationalStatus,
        workflow_id: workflowId,
        received_at: receivedAt,
        due_at: appointmentAt,
        finished_at: null,
        outcome: null,
        classification: null,
        current_step: null,
        idempotency_key: dossierRow.idempotencyKey,
        created_at: now,
        updated_at: now,
      }),
      documents: documents.map((doc) =>
        documentView(
          {
            id: doc.id,
            dossier_id: id,
            component_id: doc.componentId,
            object_key: doc.objectKey,
            filename: doc.filename,
            content_type: doc.contentType,
            size: doc.size,
            sha256: doc.sha256,
            uploaded_by: doc.uploadedBy,
            uploaded_at: now,
          },
          code,
        ),
      ),
    };
    return { status: 201, replayed: false, body };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

export { CHANNELS };
