// Errors thrown by the service kit, each with a stable `code` that tests and callers match on.

export type KitErrorCode =
  | 'FICUS_SERVICE_CONFIG_INVALID' // environment variables failed the service's zod schema
  | 'FICUS_SERVICE_LISTENING' // listen() called twice
  | 'FICUS_DB_URL' // a database URL the kit cannot open
  | 'FICUS_DB_TABLE_MISSING' // introspection asked for a table the database does not have
  | 'FICUS_HTTP_ERROR'; // an HttpError thrown by a handler (rendered as problem+json)

/** An error with a stable `code` and structured `details`; each component narrows the codes. */
export class CodedError<C extends string> extends Error {
  readonly code: C;
  readonly details: Record<string, unknown>;
  constructor(code: C, message: string, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.details = details;
  }
}

export class KitError extends CodedError<KitErrorCode> {}

/** A handler throws this to answer with an RFC 9457 problem+json body: `throw new HttpError(404, 'no such product')`. */
export class HttpError extends Error {
  readonly code = 'FICUS_HTTP_ERROR';
  readonly status: number;
  readonly title: string;
  readonly type: string;
  constructor(status: number, detail?: string, options: { title?: string; type?: string; cause?: unknown } = {}) {
    super(detail ?? statusTitle(status), { cause: options.cause });
    this.name = 'HttpError';
    this.status = status;
    this.title = options.title ?? statusTitle(status);
    this.type = options.type ?? 'about:blank';
  }
}

/** The standard reason phrase for a status, e.g. 501 → "Not Implemented". */
export function statusTitle(status: number): string {
  return STATUS_TITLES[status] ?? (status >= 500 ? 'Server Error' : 'Client Error');
}

const STATUS_TITLES: Record<number, string> = {
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
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};
