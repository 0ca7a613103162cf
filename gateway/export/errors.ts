// Errors thrown by `ficus export`, each with a stable code (tests assert on the code).
import { CodedError } from '../../common/coded-error.js';

export type ExportErrorCode =
  | 'FICUS_EXPORT_LOSSY' // the route state cannot be said exactly in the target format (and --lossy was not given)
  | 'FICUS_EXPORT_INVALID_MANIFEST'; // a generated object failed its published schema (a bug in ficus)

export class ExportError extends CodedError<ExportErrorCode> {}
