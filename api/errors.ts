/**
 * Typed API errors and the one error handler that turns every failure into an application/problem+json document
 * (RFC 9457) with Vietnamese and English text, the field at fault and the request id; never a stack trace.
 */
import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import type { LocalizedText } from '../ir/index.js';

export interface FieldProblem {
  /** Dotted path of the field at fault, e.g. "applicant.idNumber", or a header / component name. */
  field: string;
  message: LocalizedText;
}

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  /** "vi / en" in one line, for clients that show a single string. */
  detail: string;
  code: string;
  message: LocalizedText;
  errors?: FieldProblem[];
  instance?: string;
  requestId?: string;
  [extra: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export class ApiError extends Error {
  constructor(
    readonly status: number,
    /** Stable machine-readable code, e.g. "validation", "dossier-not-found". */
    readonly code: string,
    readonly text: LocalizedText,
    readonly errors?: FieldProblem[],
    /** Extra members of the problem document (e.g. `missing` components). */
    readonly extra?: Record<string, unknown>,
  ) {
    super(`${text.vi} / ${text.en ?? ''}`);
    this.name = new.target.name;
  }
}

export class BadRequestError extends ApiError {
  constructor(code: string, text: LocalizedText, errors?: FieldProblem[], extra?: Record<string, unknown>) {
    super(400, code, text, errors, extra);
  }
}
/** Input that is well-formed but breaks a rule (schema, business rule). */
export class ValidationError extends ApiError {
  constructor(
    errors: FieldProblem[],
    text?: LocalizedText,
    extra?: Record<string, unknown>,
    code = 'validation',
  ) {
    super(
      422,
      code,
      text ?? {
        vi: `Dữ liệu không hợp lệ: ${errors.map((e) => `${e.field}: ${e.message.vi}`).join('; ')}`,
        en: `Invalid input: ${errors.map((e) => `${e.field}: ${e.message.en ?? e.message.vi}`).join('; ')}`,
      },
      errors,
      extra,
    );
  }
}
export class AuthenticationError extends ApiError {
  constructor(
    text: LocalizedText = { vi: 'Cần đăng nhập', en: 'Sign-in required' },
    code = 'unauthenticated',
  ) {
    super(401, code, text);
  }
}
export class ForbiddenError extends ApiError {
  constructor(
    text: LocalizedText = { vi: 'Không có quyền thực hiện', en: 'Not allowed' },
    code = 'forbidden',
  ) {
    super(403, code, text);
  }
}
export class NotFoundError extends ApiError {
  constructor(what: { vi: string; en: string }, id: string, code = 'not-found') {
    super(404, code, { vi: `Không tìm thấy ${what.vi} "${id}"`, en: `${what.en} "${id}" not found` });
  }
}
export class ConflictError extends ApiError {
  constructor(code: string, text: LocalizedText, extra?: Record<string, unknown>) {
    super(409, code, text, undefined, extra);
  }
}
export class PayloadTooLargeError extends ApiError {
  constructor(text: LocalizedText, errors?: FieldProblem[]) {
    super(413, 'too-large', text, errors);
  }
}
export class UnsupportedMediaTypeError extends ApiError {
  constructor(text: LocalizedText, errors?: FieldProblem[]) {
    super(415, 'unsupported-media-type', text, errors);
  }
}
export class TooManyRequestsError extends ApiError {
  constructor(retryAfterSeconds: number) {
    super(
      429,
      'rate-limited',
      {
        vi: `Quá nhiều yêu cầu, thử lại sau ${retryAfterSeconds} giây`,
        en: `Too many requests, retry in ${retryAfterSeconds} s`,
      },
      undefined,
      { retryAfter: retryAfterSeconds },
    );
  }
}
/** A server motcua depends on (Temporal, PostgreSQL, MinIO) did not answer. */
export class ServiceUnavailableError extends ApiError {
  constructor(component: string, text?: LocalizedText) {
    super(
      503,
      'service-unavailable',
      text ?? {
        vi: `Dịch vụ ${component} tạm thời không sẵn sàng, vui lòng thử lại`,
        en: `${component} is temporarily unavailable, please retry`,
      },
      undefined,
      { component },
    );
  }
}

export function problemOf(err: ApiError, requestId?: string, instance?: string): ProblemDocument {
  return {
    type: `urn:motcua:problem:${err.code}`,
    title: TITLES[err.status] ?? 'Error',
    status: err.status,
    detail: `${err.text.vi} / ${err.text.en ?? err.text.vi}`,
    code: err.code,
    message: err.text,
    ...(err.errors ? { errors: err.errors } : {}),
    ...(err.extra ?? {}),
    ...(instance ? { instance } : {}),
    ...(requestId ? { requestId } : {}),
  };
}

/** Maps errors raised by libraries (body parser, PostgreSQL, Temporal, MinIO) to typed API errors. */
export function toApiError(err: unknown): ApiError | undefined {
  if (err instanceof ApiError) return err;
  const e = err as { type?: string; status?: number; code?: string; name?: string; message?: string };
  // body-parser / express
  if (e.type === 'entity.parse.failed') {
    return new BadRequestError('malformed-json', {
      vi: 'Nội dung JSON không đúng cú pháp',
      en: 'The request body is not valid JSON',
    });
  }
  if (e.type === 'entity.too.large') {
    return new PayloadTooLargeError({ vi: 'Nội dung yêu cầu quá lớn', en: 'The request body is too large' });
  }
  if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') {
    return new UnsupportedMediaTypeError({ vi: 'Bảng mã không được hỗ trợ', en: 'Unsupported encoding' });
  }
  if (e.name === 'URIError') {
    return new BadRequestError('malformed-uri', { vi: 'Đường dẫn không hợp lệ', en: 'Malformed URL' });
  }
  // PostgreSQL
  if (e.code === '22P02' || e.code === '22007' || e.code === '22008') {
    return new BadRequestError('malformed-value', {
      vi: 'Giá trị không đúng định dạng',
      en: 'A value has the wrong format',
    });
  }
  if (
    e.code === 'ECONNREFUSED' ||
    e.code === '57P01' ||
    e.code === '57P02' ||
    e.code === '57P03' ||
    (typeof e.code === 'string' && e.code.startsWith('08')) ||
    e.name === 'KnexTimeoutError' ||
    (e.code === undefined && PG_CONNECTION_LOST.test(e.message ?? ''))
  ) {
    return new ServiceUnavailableError('postgres');
  }
  return undefined;
}

/**
 * What node-postgres (and knex, which prefixes the SQL) throws when the server goes away under a query or a
 * transaction: no SQLSTATE, only the message. A restart or outage of PostgreSQL must answer 503, not 500.
 */
const PG_CONNECTION_LOST =
  /Connection terminated unexpectedly|Connection terminated due to connection timeout|Client has encountered a connection error and is not queryable|timeout exceeded when trying to connect/;

export function createErrorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const requestId = (req as { id?: string | number }).id?.toString();
    let apiErr = toApiError(err);
    if (!apiErr) {
      // Unknown failure: log it without the request body or driver details (a PostgreSQL `detail` quotes row
      // values, i.e. personal data) and answer a generic 500.
      const e = err as { name?: string; message?: string; code?: string; stack?: string };
      logger.error(
        {
          err: {
            name: e?.name,
            message: String(e?.message ?? err).slice(0, 300),
            code: e?.code,
            stack: e?.stack?.split('\n').slice(0, 8).join('\n'),
          },
          requestId,
          path: req.path,
          method: req.method,
        },
        'unhandled error',
      );
      apiErr = new ApiError(500, 'internal', {
        vi: 'Lỗi hệ thống, vui lòng thử lại sau',
        en: 'Internal error, please retry later',
      });
    } else if (apiErr.status >= 500) {
      logger.warn(
        { code: apiErr.code, requestId, path: req.path, cause: (err as Error).message },
        'service error',
      );
    }
    if (res.headersSent) {
      res.end();
      return;
    }
    if (apiErr.status === 429 && typeof apiErr.extra?.retryAfter === 'number') {
      res.setHeader('Retry-After', String(apiErr.extra.retryAfter));
    }
    if (apiErr.status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
    res
      .status(apiErr.status)
      .type('application/problem+json')
      .send(JSON.stringify(problemOf(apiErr, requestId, req.originalUrl.split('?')[0])));
  };
}
