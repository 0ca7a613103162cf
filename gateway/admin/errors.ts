// Errors thrown by the admin component, each with a stable `code` that tests and callers assert on.
// The API also answers FICUS_ADMIN_UNAUTHORIZED (401), FICUS_ADMIN_FORBIDDEN (403, tokenless and not
// addressed to loopback) and FICUS_ADMIN_UNAVAILABLE (503, store unreachable) in its problem+json bodies.

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
