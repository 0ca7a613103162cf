// The base of every error ficus throws: a stable `code` from error-codes.ts (tests and callers match
// on it, never on text), structured `details`, and the `status` and `exitCode` the table gives it.
import { specOf, type ErrorCode } from './error-codes.js';

const BRAND = Symbol.for('ficus.CodedError');

export class CodedError<C extends ErrorCode = ErrorCode> extends Error {
  readonly code: C;
  readonly details: Record<string, unknown>;
  readonly status: number;
  readonly exitCode: number;
  constructor(code: C, message: string, details: Record<string, unknown> = {}, options: { cause?: unknown; status?: number } = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.details = details;
    const spec = specOf(code);
    this.status = options.status ?? spec.status; // an HttpError carries its own
    this.exitCode = spec.exit;
    (this as unknown as Record<symbol, boolean>)[BRAND] = true;
  }

  // instanceof holds across two copies of the module (dist/ and sources in one process), as undici does.
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (this !== CodedError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }
}

