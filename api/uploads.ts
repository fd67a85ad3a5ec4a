/**
 * Documents added to an existing dossier (supplements, results): streamed to S3 like intake, then recorded in one
 * statement; `discard` undoes both when the step that follows (a workflow signal) fails.
 */
import type { Request } from 'express';
import { deleteDocuments, insertDocuments, type DossierRow } from '../store/index.js';
import type { ApiContext } from './context.js';
import { BadRequestError, UnsupportedMediaTypeError, ValidationError } from './errors.js';
import { receiveMultipart, type ReceivedFile } from './multipart.js';
import { validateBody } from './validation.js';
import type { SchemaObject } from 'ajv';

export interface Uploaded<T> {
  body: T;
  files: ReceivedFile[];
  /** Removes the rows and objects (the follow-up step failed). */
  discard(): Promise<void>;
}

/**
 * Reads JSON, or multipart with an optional JSON field `field` plus files; checks the files' component ids with
 * `checkComponent`; stores and records the files for `dossier`.
 */
export async function receiveDocuments<T>(
  ctx: ApiContext,
  req: Request,
  opts: {
    dossier: DossierRow;
    field: string;
    schema: SchemaObject;
    actor: string;
    /** Component id recorded for a file sent under form field `name`, or an error message when not allowed. */
    componentFor: (name: string) => string | { vi: string; en: string };
    requireFiles?: boolean;
  },
): Promise<Uploaded<T>> {
  let raw: unknown = {};
  let files: ReceivedFile[] = [];
  if (req.is('multipart/form-data')) {
    const got = await receiveMultipart(req, {
      store: ctx.objects,
      keyPrefix: `documents/${new Date().toISOString().slice(0, 7)}`,
      limits: ctx.uploadLimits,
    });
    files = got.files;
    const fail = async (err: unknown) => {
      await ctx.objects.remove(files.map((f) => f.objectKey)).catch(() => undefined);
      throw err;
    };
    const text = got.fields[opts.field];
    if (text !== undefined) {
      try {
        raw = JSON.parse(text);
      } catch {
        await fail(
          new BadRequestError(
            'malformed-json',
            { vi: `Trường "${opts.field}" không phải JSON`, en: `Field "${opts.field}" is not JSON` },
            [{ field: opts.field, message: { vi: 'JSON không đúng cú pháp', en: 'malformed JSON' } }],
          ),
        );
      }
    }
  } else if (req.is('application/json')) {
    raw = req.body ?? {};
  } else if (req.headers['content-type']) {
    throw new UnsupportedMediaTypeError({
      vi: 'Gửi multipart/form-data hoặc application/json',
      en: 'Send multipart/form-data or application/json',
    });
  }
  const objects = files.map((f) => f.objectKey);
  try {
    const body = validateBody<T>(opts.schema, raw, req.is('multipart/form-data') ? opts.field : '');
    const problems = [];
    const recorded: ReceivedFile[] = [];
    for (const f of files) {
      const c = opts.componentFor(f.componentId);
      if (typeof c === 'string') recorded.push({ ...f, componentId: c });
      else problems.push({ field: f.componentId, message: c });
    }
    if (opts.requireFiles && files.length === 0) {
      problems.push({
        field: '(files)',
        message: { vi: 'cần ít nhất một tệp', en: 'at least one file is required' },
      });
    }
    if (problems.length) throw new ValidationError(problems);
    await insertDocuments({
      knex: ctx.knex,
      dossierId: opts.dossier.id,
      documents: recorded.map((f) => ({
        id: f.id,
        componentId: f.componentId,
        objectKey: f.objectKey,
        filename: f.filename,
        contentType: f.contentType,
        size: f.size,
        sha256: f.sha256,
        uploadedBy: opts.actor,
      })),
    });
    return {
      body,
      files: recorded,
      discard: async () => {
        await deleteDocuments({ knex: ctx.knex, ids: recorded.map((f) => f.id) });
        await ctx.objects.remove(objects).catch(() => undefined);
      },
    };
  } catch (err) {
    await ctx.objects.remove(objects).catch(() => undefined);
    throw err;
  }
}
