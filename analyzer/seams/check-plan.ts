// `ficus check`: compares today's facts with a plan (a ficus-report.json) and lists every import or table
// access that crosses a seam boundary the plan did not cross. Pure: the caller extracts and reads files.
import type { Facts, Report } from '../types.js';
import { findImportLine } from './find-import-line.js';
import { placeModules, type Placement } from './place-modules.js';

export interface PlanViolation {
  kind: 'import' | 'read' | 'write';
  file: string;
  line: number;
  fromSeam: string;
  toSeam: string; // the seam owning the imported module or the table ('' for a table no seam owned)
  target: string; // module path or table name
}

export interface PlanCheck {
  violations: PlanViolation[];
  placements: Map<string, Placement>;
  newModules: string[];
}

/** Lists new cross-seam imports and table accesses; `readSource(file)` returns a module's text for line numbers. */
export function checkPlan(plan: Report, facts: Facts, readSource: (file: string) => string | undefined): PlanCheck {
  const planned = new Map(plan.modules.map((m) => [m.path, m.seam]));
  const plannedImports = new Set(plan.modules.flatMap((m) => m.imports.map((t) => `${m.path}\0${t}`)));
  const placements = placeModules(facts.modules, planned);
  const seamOf = (p: string) => placements.get(p)?.seam ?? null;
  const violations: PlanViolation[] = [];

  for (const m of facts.modules) {
    const from = seamOf(m.path);
    if (!from) continue;
    for (const target of new Set(m.imports)) {
      const to = seamOf(target);
      if (!to || to === from || plannedImports.has(`${m.path}\0${target}`)) continue;
      const source = readSource(m.path);
      const line = (source && findImportLine(source, m.path, target)) || 1;
      violations.push({ kind: 'import', file: m.path, line, fromSeam: from, toSeam: to, target });
    }
  }

  const tableSeams = new Map<string, { touch: Set<string>; write: Set<string> }>();
  for (const t of plan.tables) {
    const use = { touch: new Set<string>(), write: new Set<string>() };
    for (const a of t.accessedBy) {
      const seam = planned.get(a.module);
      if (!seam) continue;
      use.touch.add(seam);
      if (a.write) use.write.add(seam);
    }
    tableSeams.set(t.name, use);
  }
  const seen = new Set<string>();
  for (const access of facts.accesses) {
    const from = seamOf(access.file);
    const use = tableSeams.get(access.table);
    if (!from || !use || use.touch.size === 0) continue; // infrastructure, or a table the plan did not know
    const kind = access.write && !use.write.has(from) ? 'write' : !use.touch.has(from) ? 'read' : null;
    if (!kind) continue;
    const key = `${access.file}\0${access.line}\0${access.table}\0${kind}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const owner = [...(use.write.size ? use.write : use.touch)].sort().join(', ');
    violations.push({ kind, file: access.file, line: access.line, fromSeam: from, toSeam: owner, target: access.table });
  }

  violations.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.target.localeCompare(b.target));
  return { violations, placements, newModules: facts.modules.filter((m) => !planned.has(m.path)).map((m) => m.path) };
}

/** One line per violation: `src/orders/service.ts:3  imports src/reviews/repo.ts (orders → reviews)`. */
export function formatViolation(v: PlanViolation): string {
  const what = v.kind === 'import' ? `imports ${v.target}` : `${v.kind === 'write' ? 'writes' : 'reads'} table ${v.target}`;
  return `${v.file}:${v.line}  ${what} (${v.fromSeam} → ${v.toSeam})`;
}
