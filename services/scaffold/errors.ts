// Errors of `ficus new-service`, each with a stable code.

export type ScaffoldErrorCode =
  | 'FICUS_SCAFFOLD_PLAN' // the report cannot be read or is not an analyzer report
  | 'FICUS_SCAFFOLD_SEAM_UNKNOWN' // no seam with that id in the report
  | 'FICUS_SCAFFOLD_ROUTE' // a seam route that is not "METHOD /path"
  | 'FICUS_SCAFFOLD_TARGET_NOT_EMPTY'; // the output directory has files and --force was not given

export class ScaffoldError extends Error {
  readonly code: ScaffoldErrorCode;
  readonly details: Record<string, unknown>;
  constructor(code: ScaffoldErrorCode, message: string, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ScaffoldError';
    this.code = code;
    this.details = details;
  }
}
