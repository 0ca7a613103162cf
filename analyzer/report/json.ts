// The machine-readable report (ficus-report.json, schemaVersion 1): facts folded into the public
// shapes of DESIGN.md "Contracts". Formatting only: nothing here re-analyses the code.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AnalyzerError } from '../errors.js';
import type { EntryPoint, Facts, Report, ReportSeam, ReportTable, TableEvidence } from '../types.js';

export const REPORT_FILE = 'ficus-report.json';

/** What the seam stage hands over; empty until it runs (every module and route then has `seam: null`). */
export interface SeamResult {
  seams: ReportSeam[];
  assignment: Record<string, string | null>; // module path → seam id
  metrics?: object; // numeric metrics by name
  folderMetrics?: object;
  entryPoints?: EntryPoint[];
  unreached?: string[];
  infrastructure?: string[];
  infrastructureWhy?: Record<string, string>;
  ranking?: string;
  tangle?: string;
}

export interface ReportOptions {
  rootLabel: string; // the directory as the user gave it
  now?: () => Date;
}

/** Folds facts (and seams, when the seam stage ran) into the report. */
export function toReport(facts: Facts, seams: SeamResult | undefined, options: ReportOptions): Report {
  const seamOf = (file: string) => seams?.assignment[file] ?? null;
  const tables = new Map<string, ReportTable>();
  const tableEntry = (name: string) => {
    let t = tables.get(name);
    if (!t) tables.set(name, (t = { name, accessedBy: [], foreignKeys: [] }));
    return t;
  };
  const evidence = new Map<string, TableEvidence[]>(); // module \0 table → the calls behind the fact
  for (const a of facts.accesses) {
    const key = `${a.file}\0${a.table}`;
    evidence.set(key, [...(evidence.get(key) ?? []), { file: a.site?.file ?? a.file, line: a.site?.line ?? a.line, call: a.call }]);
  }
  for (const m of facts.modules) {
    for (const t of m.tables) tableEntry(t.table).accessedBy.push({ module: m.path, read: t.read, write: t.write, evidence: evidence.get(`${m.path}\0${t.table}`) ?? [] });
  }
  for (const fk of facts.foreignKeys) {
    const entry = tableEntry(fk.table);
    if (!entry.foreignKeys.some((k) => k.column === fk.column && k.references.table === fk.references.table)) {
      entry.foreignKeys.push({ column: fk.column, references: { ...fk.references } });
    }
  }
  const handlersOf = new Map<string, string[]>();
  for (const h of facts.handlers ?? []) handlersOf.set(h.file, [...(handlersOf.get(h.file) ?? []), `${h.kind} ${h.name}`]);
  const report: Report = {
    schemaVersion: 1,
    generatedAt: (options.now?.() ?? new Date()).toISOString(),
    root: options.rootLabel,
    modules: facts.modules.map((m) => ({ ...m, seam: seamOf(m.path), ...(handlersOf.has(m.path) ? { handlers: handlersOf.get(m.path) } : {}) })),
    tables: [...tables.values()].sort((a, b) => (a.name < b.name ? -1 : 1)),
    routes: facts.routes.map((r) => ({ ...r, seam: seamOf(r.file) })),
    handlers: (facts.handlers ?? []).map((h) => ({ ...h, seam: seamOf(h.file) })),
    seams: seams?.seams ?? [],
    metrics: { ...(seams?.metrics as Record<string, number> | undefined) },
    catalogReads: facts.catalogReads,
    cycles: facts.cycles,
    diagnostics: facts.diagnostics,
    stats: { files: facts.stats.files, testFiles: facts.stats.testFiles, externalImports: facts.stats.externalImports, modules: facts.modules.length, tables: tables.size, routes: facts.routes.length, durationMs: facts.stats.durationMs, ...(facts.stats.styles ? { styles: facts.stats.styles } : {}) },
  };
  if (seams?.folderMetrics) report.folderMetrics = { ...(seams.folderMetrics as Record<string, number>) };
  if (seams?.entryPoints) report.entryPoints = seams.entryPoints;
  if (seams?.unreached) report.unreached = seams.unreached;
  if (seams?.infrastructure) report.infrastructure = seams.infrastructure;
  if (seams?.infrastructureWhy) report.infrastructureWhy = seams.infrastructureWhy;
  if (seams?.ranking) report.ranking = seams.ranking;
  if (seams?.tangle) report.tangle = seams.tangle;
  return report;
}

/** Writes `<outDir>/ficus-report.json` and returns its path. */
export function writeJsonReport(report: Report, outDir: string): string {
  const file = path.join(outDir, REPORT_FILE);
  try {
    mkdirSync(outDir, { recursive: true });
    writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  } catch (cause) {
    throw new AnalyzerError('FICUS_ANALYZE_OUTPUT', `cannot write ${file}: ${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}`, {}, { cause });
  }
  return file;
}
