// Errors thrown by the service kit (codes in common/error-codes.ts).
import { CodedError } from '../../common/coded-error.js';
import { statusTitle } from '../../common/problem.js';

export type KitErrorCode = 'FICUS_SERVICE_CONFIG_INVALID' | 'FICUS_SERVICE_LISTENING' | 'FICUS_DB_URL' | 'FICUS_DB_TABLE_MISSING' | 'FICUS_HTTP_ERROR';

export { CodedError };

export class KitError extends CodedError<KitErrorCode> {}

/** A handler throws this to answer with an RFC 9457 problem+json body: `throw new HttpError(404, 'no such product')`. */
export class HttpError extends CodedError<'FICUS_HTTP_ERROR'> {
  readonly title: string;
  readonly type: string;
  constructor(status: number, detail?: string, options: { title?: string; type?: string; cause?: unknown } = {}) {
    super('FICUS_HTTP_ERROR', detail ?? statusTitle(status), {}, { cause: options.cause, status });
    this.title = options.title ?? statusTitle(status);
    this.type = options.type ?? 'about:blank';
  }
}
