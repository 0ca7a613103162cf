// Reads the plan `ficus check` compares against: a ficus-report.json from `ficus analyze`, through the
// one report reader (common/read-report.ts).
import { CodedError } from '../../common/coded-error.js';
import { readReportFile } from '../../common/read-report.js';
import type { Report } from '../types.js';

/** Bad input to `ficus check` (exit 2, apart from exit 1 for violations found). */
export class PlanError extends CodedError<'FICUS_CHECK_PLAN_READ' | 'FICUS_CHECK_PLAN_INVALID' | 'FICUS_CHECK_NO_DIR'> {}

/** Reads and validates a plan file; throws PlanError (FICUS_CHECK_PLAN_READ or FICUS_CHECK_PLAN_INVALID). */
export function readPlan(file: string): Report {
  return readReportFile(file, ['modules', 'tables', 'seams'], (kind, message, cause) => {
    throw new PlanError(kind === 'read' ? 'FICUS_CHECK_PLAN_READ' : 'FICUS_CHECK_PLAN_INVALID', message, {}, { cause });
  }) as unknown as Report;
}
