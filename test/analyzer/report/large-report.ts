// A generated report the size of a large monolith (about 2,000 modules in 40 seams), for the HTML
// page's behaviour at scale: each seam has routes, owned tables, a table shared with its neighbour and
// imports into the next seam; a few hubs are infrastructure.
import type { Report, ReportSeam } from '../../../analyzer/types.js';

export function createLargeReport(seamCount = 40, perSeam = 50): Report {
  const seamId = (i: number) => `domain-${String(i).padStart(2, '0')}`;
  const modules: Report['modules'] = [];
  const seams: ReportSeam[] = [];
  const hubs = ['src/lib/db.ts', 'src/lib/log.ts', 'src/app.ts'];
  for (let i = 0; i < seamCount; i++) {
    const id = seamId(i);
    const paths = Array.from({ length: perSeam }, (_, j) => `src/${id}/${j % 3 === 0 ? 'routes' : 'lib'}/m${j}.ts`);
    const next = seamId((i + 1) % seamCount);
    paths.forEach((p, j) =>
      modules.push({
        path: p,
        loc: 40,
        imports: [paths[(j + 1) % perSeam], paths[(j + 7) % perSeam], 'src/lib/db.ts', ...(j === 0 ? [`src/${next}/lib/m1.ts`] : [])],
        tables: j === 1 ? [{ table: `${id}_items`, read: true, write: true }, { table: `${next}_items`, read: true, write: false }] : [],
        seam: id,
      }),
    );
    seams.push({
      id,
      modules: paths,
      routes: [`GET /api/${id}`, `POST /api/${id}`],
      ownedTables: [`${id}_rows`],
      sharedTables: [{ table: `${id}_items`, with: [seamId((i + seamCount - 1) % seamCount)], writers: [id] }],
      dependsOn: [{ seam: next, edges: 1 }],
      dependedOnBy: [{ seam: seamId((i + seamCount - 1) % seamCount), edges: 1 }],
      extractionOrder: i + 1,
      why: `2 routes of its own, 1 import from ${seamId((i + seamCount - 1) % seamCount)} to turn into calls, and it alone writes the shared \`${id}_items\`.`,
      metrics: { modules: perSeam },
    });
  }
  for (const h of hubs) modules.push({ path: h, loc: 10, imports: [], tables: [], seam: null });
  const tables = seams.map((s, i) => ({
    name: `${s.id}_items`,
    accessedBy: [
      { module: s.modules[1], read: true, write: true, evidence: [] },
      { module: seams[(i + seamCount - 1) % seamCount].modules[1], read: true, write: false, evidence: [] },
    ],
    foreignKeys: [],
  }));
  return {
    schemaVersion: 1,
    generatedAt: '2026-01-01T00:00:00.000Z',
    root: 'large',
    modules,
    tables,
    routes: seams.flatMap((s) => s.routes.map((r, k) => ({ method: r.split(' ')[0], path: r.split(' ')[1], file: s.modules[0], line: 10 + k, seam: s.id }))),
    seams,
    metrics: { seams: seamCount },
    infrastructure: hubs,
    infrastructureWhy: Object.fromEntries(hubs.map((h) => [h, 'a hub'])),
    catalogReads: [],
    cycles: [],
    diagnostics: [],
    stats: { files: modules.length, testFiles: 0, externalImports: 0, modules: modules.length, tables: tables.length, routes: seamCount * 2, durationMs: 1 },
  };
}
