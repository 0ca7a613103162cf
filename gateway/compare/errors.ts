// Errors thrown by the compare component (codes in common/error-codes.ts).
import { CodedError } from '../../common/coded-error.js';

export type CompareErrorCode = 'FICUS_COMPARE_BAD_PATH';

export class CompareError extends CodedError<CompareErrorCode> {}
