// Reads the plan `ficus check` compares against: a ficus-report.json from `ficus analyze`. Only the
// fields the check needs are validated; every problem is listed with its path.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { CodedError } from '../../common/coded-error.js';
import type { Report } from '../types.js';

const planSchema = z.looseObject({
  schemaVersion: z.literal(1, 'only schemaVersion 1 reports are understood'),
  modules: z.array(z.looseObject({ path: z.string(), imports: z.array(z.string()), seam: z.string().nullable() })),
  tables: z.array(
    z.looseObject({
      name: z.string(),
      accessedBy: z.array(z.looseObject({ module: z.string(), read: z.boolean(), write: z.boolean() })),
    }),
  ),
  seams: z.array(z.looseObject({ id: z.string() })),
});

/** Bad input to `ficus check` (exit 2, apart from exit 1 for violations found). */
export class PlanError extends CodedError<'FICUS_CHECK_PLAN_READ' | 'FICUS_CHECK_PLAN_INVALID' | 'FICUS_CHECK_NO_DIR'> {}

/** Reads and validates a plan file; throws PlanError (FICUS_CHECK_PLAN_READ or FICUS_CHECK_PLAN_INVALID). */
export function readPlan(file: string): Report {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    const reason = (cause as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (cause as Error).message.split('\n')[0];
    throw new PlanError('FICUS_CHECK_PLAN_READ', `cannot read plan ${file}: ${reason}`, {}, { cause });
  }
  const parsed = planSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`);
    throw new PlanError('FICUS_CHECK_PLAN_INVALID', `${file} is not a ficus report: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? `; and ${problems.length - 5} more` : ''}`);
  }
  return parsed.data as unknown as Report;
}
