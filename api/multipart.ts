/**
 * multipart/form-data reception: fields are kept (small), files are streamed straight to the object store while
 * their sha256 and size are computed and their first bytes checked against the declared type. Nothing is buffered
 * whole. On any failure every object this request stored is deleted before the error is thrown.
 */
import { createHash, randomUUID } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import type { Request } from 'express';
import busboy from 'busboy';
import {
  ApiError,
  BadRequestError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
  ValidationError,
  type FieldProblem,
} from './errors.js';
import type { ObjectStore } from './object-store.js';

export interface ReceivedFile {
  id: string;
  /** The form field name: the dossier component id. */
  componentId: string;
  objectKey: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
}

export interface UploadLimits {
  maxFileBytes: number;
  maxFiles: number;
  maxFieldBytes: number;
  maxFields: number;
  allowedTypes: readonly string[];
}

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = {
  maxFileBytes: 20 * 1024 * 1024,
  maxFiles: 30,
  maxFieldBytes: 1024 * 1024,
  maxFields: 20,
  allowedTypes: [
    'application/pdf',
    'image/jpeg',
    'image/png',
    'image/tiff',
    'application/msword',
    'application/vnd.ms-excel',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ],
};

/** Magic numbers: the first bytes each allowed type must start with. */
const SIGNATURES: Array<{ types: string[]; bytes: number[] }> = [
  { types: ['application/pdf'], bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { types: ['image/jpeg'], bytes: [0xff, 0xd8, 0xff] },
  { types: ['image/png'], bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { types: ['image/tiff'], bytes: [0x49, 0x49, 0x2a, 0x00] },
  { types: ['image/tiff'], bytes: [0x4d, 0x4d, 0x00, 0x2a] },
  {
    types: [
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ],
    bytes: [0x50, 0x4b, 0x03, 0x04],
  },
  { types: ['application/msword', 'application/vnd.ms-excel'], bytes: [0xd0, 0xcf, 0x11, 0xe0] },
];

/** The types whose signature `head` carries. */
export function sniffTypes(head: Buffer): string[] {
  return SIGNATURES.filter((s) => s.bytes.every((b, i) => head[i] === b)).flatMap((s) => s.types);
}

const COMPONENT_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const GENERIC_TYPES = new Set(['application/octet-stream', 'binary/octet-stream', '']);

function cleanFilename(raw: string | undefined): string {
  const base = (raw ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = base
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim()
    .slice(0, 200);
  return cleaned || 'document';
}

class FileRejected extends Error {
  constructor(readonly problem: ApiError) {
    super(problem.message);
  }
}

/**
 * Reads a multipart request. `store: null` drains files without storing them (an idempotent replay).
 * Returns the text fields and the stored files; throws an ApiError (after deleting what it stored) otherwise.
 */
export async function receiveMultipart(
  req: Request,
  options: { store: ObjectStore | null; keyPrefix: string; limits: UploadLimits; uploadedBy?: string },
): Promise<{ fields: Record<string, string>; files: ReceivedFile[] }> {
  const { store, limits } = options;
  let bb: busboy.Busboy;
  try {
    bb = busboy({
      headers: req.headers,
      defParamCharset: 'utf8',
      limits: {
        fileSize: limits.maxFileBytes,
        files: limits.maxFiles,
        fieldSize: limits.maxFieldBytes,
        fields: limits.maxFields,
        parts: limits.maxFiles + limits.maxFields,
      },
    });
  } catch {
    throw new UnsupportedMediaTypeError({
      vi: 'Cần gửi multipart/form-data có boundary',
      en: 'Expected multipart/form-data with a boundary',
    });
  }

  const fields: Record<string, string> = {};
  const keys: string[] = [];
  const uploads: Array<Promise<ReceivedFile | null>> = [];
  let failure: ApiError | undefined;
  const fail = (err: ApiError) => {
    failure ??= err;
  };

  bb.on('field', (name, value, info) => {
    if (info.valueTruncated) {
      fail(
        new PayloadTooLargeError({ vi: `Trường "${name}" quá lớn`, en: `Field "${name}" is too large` }, [
          {
            field: name,
            message: {
              vi: `tối đa ${limits.maxFieldBytes} byte`,
              en: `at most ${limits.maxFieldBytes} bytes`,
            },
          },
        ]),
      );
      return;
    }
    fields[name] = value;
  });

  bb.on('file', (name, stream, info) => {
    if (failure) {
      stream.resume();
      return;
    }
    if (!COMPONENT_RE.test(name)) {
      stream.resume();
      fail(
        new ValidationError([
          {
            field: name || '(file)',
            message: {
              vi: 'tên trường tệp phải là mã thành phần hồ sơ (chữ, số, . _ -)',
              en: 'a file field name must be a dossier component id (letters, digits, . _ -)',
            },
          },
        ]),
      );
      return;
    }
    const filename = cleanFilename(info.filename);
    const declared = (info.mimeType || '').toLowerCase();
    if (!GENERIC_TYPES.has(declared) && !limits.allowedTypes.includes(declared)) {
      stream.resume();
      fail(unsupported(name, filename, declared, limits));
      return;
    }
    const id = randomUUID();
    const objectKey = `${options.keyPrefix}/${id}`;
    const hash = createHash('sha256');
    let size = 0;
    let contentType = declared;
    const pending: Buffer[] = [];
    let pendingBytes = 0;
    let checked = false;
    const check = (head: Buffer): ApiError | undefined => {
      checked = true;
      const sniffed = sniffTypes(head);
      if (GENERIC_TYPES.has(declared)) {
        const inferred = sniffed.find((t) => limits.allowedTypes.includes(t));
        if (!inferred) return unsupported(name, filename, declared, limits);
        contentType = inferred;
        return undefined;
      }
      if (!sniffed.includes(declared)) {
        return new UnsupportedMediaTypeError(
          {
            vi: `Tệp "${filename}" không phải ${declared} như đã khai báo`,
            en: `File "${filename}" is not the ${declared} it claims to be`,
          },
          [
            {
              field: name,
              message: { vi: 'nội dung không khớp loại tệp', en: 'content does not match its type' },
            },
          ],
        );
      }
      return undefined;
    };
    const meter = new Transform({
      transform(chunk: Buffer, _enc, cb: TransformCallback) {
        hash.update(chunk);
        size += chunk.length;
        if (checked) return cb(null, chunk);
        pending.push(chunk);
        pendingBytes += chunk.length;
        if (pendingBytes < 16) return cb();
        const bad = check(Buffer.concat(pending));
        if (bad) return cb(new FileRejected(bad));
        for (const p of pending.splice(0)) this.push(p);
        cb();
      },
      flush(cb: TransformCallback) {
        if (size === 0) {
          return cb(
            new FileRejected(
              new ValidationError([
                { field: name, message: { vi: `tệp "${filename}" rỗng`, en: `file "${filename}" is empty` } },
              ]),
            ),
          );
        }
        if (!checked) {
          const bad = check(Buffer.concat(pending));
          if (bad) return cb(new FileRejected(bad));
          for (const p of pending.splice(0)) this.push(p);
        }
        cb();
      },
    });
    stream.on('limit', () => {
      meter.destroy(
        new FileRejected(
          new PayloadTooLargeError(
            {
              vi: `Tệp "${filename}" vượt quá ${limits.maxFileBytes} byte`,
              en: `File "${filename}" exceeds ${limits.maxFileBytes} bytes`,
            },
            [
              {
                field: name,
                message: {
                  vi: `tối đa ${limits.maxFileBytes} byte`,
                  en: `at most ${limits.maxFileBytes} bytes`,
                },
              },
            ],
          ),
        ),
      );
    });
    meter.on('error', () => {
      // Keep reading the request so the answer reaches the client; the bytes go nowhere.
      stream.unpipe(meter);
      stream.resume();
    });
    stream.pipe(meter);
    keys.push(objectKey);
    const stored = store
      ? store.put(objectKey, meter, contentType || 'application/octet-stream')
      : new Promise<void>((resolve, reject) => {
          meter.on('error', reject);
          meter.on('end', resolve);
          meter.resume();
        });
    uploads.push(
      stored.then(
        () => ({ id, componentId: name, objectKey, filename, contentType, size, sha256: hash.digest('hex') }),
        (err: unknown) => {
          if (err instanceof FileRejected) fail(err.problem);
          else if ((meter.errored as unknown) instanceof FileRejected)
            fail((meter.errored as unknown as FileRejected).problem);
          else fail(s3Failure(err));
          return null;
        },
      ),
    );
  });

  bb.on('filesLimit', () =>
    fail(
      new PayloadTooLargeError({
        vi: `Tối đa ${limits.maxFiles} tệp`,
        en: `At most ${limits.maxFiles} files`,
      }),
    ),
  );
  bb.on('fieldsLimit', () =>
    fail(
      new PayloadTooLargeError({
        vi: `Tối đa ${limits.maxFields} trường`,
        en: `At most ${limits.maxFields} fields`,
      }),
    ),
  );
  bb.on('partsLimit', () => fail(new PayloadTooLargeError({ vi: 'Quá nhiều phần', en: 'Too many parts' })));

  await new Promise<void>((resolve) => {
    bb.on('close', () => resolve());
    bb.on('error', () => {
      fail(
        new BadRequestError('malformed-multipart', {
          vi: 'Nội dung multipart bị lỗi',
          en: 'Malformed multipart body',
        }),
      );
      req.unpipe(bb);
      req.resume();
      resolve();
    });
    req.on('aborted', () => {
      fail(
        new BadRequestError('aborted', { vi: 'Yêu cầu bị hủy giữa chừng', en: 'The request was aborted' }),
      );
      resolve();
    });
    req.pipe(bb);
  });
  const results = await Promise.all(uploads);
  if (failure) {
    if (store) await store.remove(keys).catch(() => undefined);
    throw failure;
  }
  return { fields, files: results.filter((f): f is ReceivedFile => f !== null) };
}

function unsupported(field: string, filename: string, declared: string, limits: UploadLimits): ApiError {
  const problem: FieldProblem = {
    field,
    message: {
      vi: `loại tệp ${declared || '(không rõ)'} không được nhận; nhận: ${limits.allowedTypes.join(', ')}`,
      en: `file type ${declared || '(unknown)'} is not accepted; accepted: ${limits.allowedTypes.join(', ')}`,
    },
  };
  return new UnsupportedMediaTypeError(
    {
      vi: `Tệp "${filename}" có loại không được nhận`,
      en: `File "${filename}" has a type that is not accepted`,
    },
    [problem],
  );
}

function s3Failure(err: unknown): ApiError {
  return new ApiError(
    503,
    'storage-unavailable',
    {
      vi: 'Kho lưu trữ tài liệu tạm thời không sẵn sàng, vui lòng thử lại',
      en: 'Document storage is temporarily unavailable, please retry',
    },
    undefined,
    { component: 'minio', cause: (err as Error)?.name },
  );
}
