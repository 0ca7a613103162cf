// Errors of `ficus new-service`, each with a stable code.
import { CodedError } from '../../common/coded-error.js';

export type ScaffoldErrorCode =
  | 'FICUS_SCAFFOLD_PLAN' // the report cannot be read or is not an analyzer report
  | 'FICUS_SCAFFOLD_SEAM_UNKNOWN' // no seam with that id in the report
  | 'FICUS_SCAFFOLD_ROUTE' // a seam route that is not "METHOD /path"
  | 'FICUS_SCAFFOLD_NAME_INVALID' // the service name is not a valid package name
  | 'FICUS_SCAFFOLD_TARGET_NOT_EMPTY'; // the output directory has files and --force was not given

export class ScaffoldError extends CodedError<ScaffoldErrorCode> {}
