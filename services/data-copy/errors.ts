// Errors of `ficus data copy`, each with a stable code; a checksum mismatch is an outcome in the report, not an error.
import { CodedError } from '../../common/coded-error.js';

export type CopyErrorCode =
  | 'FICUS_COPY_ARGS' // bad options: no tables, bad batch size
  | 'FICUS_COPY_SAME_DATABASE' // --from and --to name the same database
  | 'FICUS_COPY_NO_PRIMARY_KEY' // keyset pagination and verification need a primary key
  | 'FICUS_COPY_SCHEMA_MISMATCH'; // an existing target table lacks columns the source has

export class CopyError extends CodedError<CopyErrorCode> {}
