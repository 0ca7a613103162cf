// The one reader of a ficus-report.json (`ficus check --plan`, `ficus new-service --plan`): JSON,
// schemaVersion 1, and the parts a consumer needs, every problem with its path. Extra fields pass
// (the report grows; docs/report.schema.json is the whole of it). Each caller names its own error.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { problemsFromIssues, formatProblemList } from './config-problem.js';

const PARTS = {
  modules: z.array(z.looseObject({ path: z.string(), imports: z.array(z.string()), seam: z.string().nullable() })),
  tables: z.array(
    z.looseObject({
      name: z.string(),
      accessedBy: z.array(z.looseObject({ module: z.string(), read: z.boolean(), write: z.boolean() })),
    }),
  ),
  routes: z.array(z.looseObject({ method: z.string(), path: z.string(), file: z.string(), line: z.number() })),
  seams: z.array(z.looseObject({ id: z.string().min(1), routes: z.array(z.string()), ownedTables: z.array(z.string()) })),
};

export type ReportPart = keyof typeof PARTS;
type Parts = { [K in ReportPart]: z.infer<(typeof PARTS)[K]> };

/** What a consumer may rely on: the parts it needs, checked; the others when present (routes: [] when absent); the rest unchecked. */
export type ReadReport<K extends ReportPart> = { schemaVersion: 1 } & Pick<Parts, K | 'routes'> & Partial<Parts>;

export type ReportFailure = 'read' | 'invalid';

/** Reads `file`; a missing or broken file or one that is not a report goes to `fail`, which throws the caller's coded error. */
export function readReportFile<K extends ReportPart>(file: string, needs: readonly K[], fail: (kind: ReportFailure, message: string, cause?: unknown) => never): ReadReport<K> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    const reason = (cause as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (cause as Error).message.split('\n')[0];
    return fail('read', `cannot read plan ${file}: ${reason}`, cause);
  }
  const shape = Object.fromEntries(
    (Object.keys(PARTS) as ReportPart[]).map((part) => [part, (needs as readonly ReportPart[]).includes(part) ? PARTS[part] : part === 'routes' ? PARTS.routes.default([]) : PARTS[part].optional()]),
  );
  const parsed = z.looseObject({ schemaVersion: z.literal(1, 'only schemaVersion 1 reports are understood'), ...shape }).safeParse(raw);
  if (!parsed.success) {
    const problems = problemsFromIssues(parsed.error.issues);
    const more = problems.length > 5 ? `; and ${problems.length - 5} more` : '';
    return fail('invalid', `${file} is not a ficus report: ${formatProblemList(problems.slice(0, 5).map((p) => ({ ...p, path: p.path || '(root)' })), '; ')}${more}`);
  }
  return parsed.data as unknown as ReadReport<K>;
}
