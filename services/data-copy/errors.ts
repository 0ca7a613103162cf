// Errors of `ficus data copy`, each with a stable code; a checksum mismatch is an outcome in the report, not an error.

export type CopyErrorCode =
  | 'FICUS_COPY_ARGS' // bad options: no tables, bad batch size
  | 'FICUS_COPY_SAME_DATABASE' // --from and --to name the same database
  | 'FICUS_COPY_NO_PRIMARY_KEY' // keyset pagination and verification need a primary key
  | 'FICUS_COPY_SCHEMA_MISMATCH'; // an existing target table lacks columns the source has

export class CopyError extends Error {
  readonly code: CopyErrorCode;
  readonly details: Record<string, unknown>;
  constructor(code: CopyErrorCode, message: string, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CopyError';
    this.code = code;
    this.details = details;
  }
}
