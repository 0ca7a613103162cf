// A Report for the hand-made shop, assembled the way analyze.ts folds its stages together.
import { buildModuleGraph } from '../../../analyzer/graph/build-module-graph.js';
import { suggestSeams } from '../../../analyzer/seams/suggest-seams.js';
import type { Facts, Report } from '../../../analyzer/types.js';
import { createShopFacts } from '../seams/shop-facts.js';

/** The shop's report; `facts` lets a test start from other facts. */
export function createShopReport(facts: Facts = createShopFacts()): Report {
  const s = suggestSeams(buildModuleGraph(facts), { seams: 4 });
  const tables = [...new Set(facts.modules.flatMap((m) => m.tables.map((t) => t.table)))].sort();
  return {
    schemaVersion: 1,
    generatedAt: '2026-01-01T00:00:00.000Z',
    root: 'shop',
    modules: facts.modules.map((m) => ({ ...m, seam: s.assignment[m.path] })),
    tables: tables.map((name) => ({
      name,
      accessedBy: facts.modules.flatMap((m) => m.tables.filter((t) => t.table === name).map((t) => ({
        module: m.path,
        read: t.read,
        write: t.write,
        evidence: facts.accesses.filter((x) => x.file === m.path && x.table === name).map((x) => ({ file: x.file, line: x.line, call: x.call })),
      }))),
      foreignKeys: facts.foreignKeys.filter((f) => f.table === name).map((f) => ({ column: f.column, references: f.references })),
    })),
    routes: facts.routes.map((r) => ({ ...r, seam: s.assignment[r.file] })),
    seams: s.seams,
    metrics: s.metrics,
    folderMetrics: s.folderMetrics,
    infrastructure: s.infrastructure,
    infrastructureWhy: s.infrastructureWhy,
    catalogReads: [],
    cycles: facts.cycles,
    diagnostics: facts.diagnostics,
    stats: { files: facts.stats.files, testFiles: 0, externalImports: 0, modules: facts.modules.length, tables: tables.length, routes: facts.routes.length, durationMs: 1 },
  };
}
