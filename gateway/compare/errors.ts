// Errors thrown by the compare component, each with a stable code (tests assert on the code).

export type CompareErrorCode = 'FICUS_COMPARE_BAD_PATH';

export class CompareError extends Error {
  readonly code: CompareErrorCode;
  constructor(code: CompareErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CompareError';
    this.code = code;
  }
}
