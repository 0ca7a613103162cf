// Errors thrown by `ficus export`, each with a stable code (tests assert on the code).

export type ExportErrorCode =
  | 'FICUS_EXPORT_LOSSY' // the route state cannot be said exactly in the target format (and --lossy was not given)
  | 'FICUS_EXPORT_INVALID_MANIFEST'; // a generated object failed its published schema (a bug in ficus)

export class ExportError extends Error {
  readonly code: ExportErrorCode;
  readonly exitCode = 1;
  constructor(code: ExportErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ExportError';
    this.code = code;
  }
}
