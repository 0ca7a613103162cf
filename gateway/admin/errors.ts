// Errors thrown by the admin component, each with a stable `code` that tests and callers assert on.

export type AdminErrorCode =
  | 'FICUS_ADMIN_INSECURE_BIND' // non-loopback admin host without any token
  | 'FICUS_ADMIN_UNKNOWN_ROUTE' // a route id that is not in the config
  | 'FICUS_ADMIN_INVALID_CHANGE' // a cutover request that fails validation
  | 'FICUS_ADMIN_GUARD_REFUSED'; // promotion without enough shadow evidence

export class AdminError extends Error {
  readonly code: AdminErrorCode;
  readonly details: Record<string, unknown>;
  constructor(code: AdminErrorCode, message: string, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AdminError';
    this.code = code;
    this.details = details;
  }
}

/** True for an AdminError with the given code (or any AdminError without one). */
export function isAdminError(err: unknown, code?: AdminErrorCode): err is AdminError {
  return err instanceof AdminError && (code === undefined || err.code === code);
}
