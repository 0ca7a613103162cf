// Errors of `ficus demo` (codes in common/error-codes.ts); a step that does not hold ends the demo with its reason.
import { CodedError } from '../common/coded-error.js';

export type DemoErrorCode = 'FICUS_DEMO_DIR' | 'FICUS_DEMO_BUILD_MISSING' | 'FICUS_DEMO_CHILD' | 'FICUS_DEMO_STEP';

export class DemoError extends CodedError<DemoErrorCode> {}
