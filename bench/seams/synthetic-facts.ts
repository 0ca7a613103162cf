// Seeded synthetic facts for the seam stages: `domains` domains of routes, services and repositories,
// dense imports inside a domain, a few imports and table reads across domains, a db module and a
// utility hub imported everywhere. No files: the graph and seam stages only read Facts.
import { createSeededRng } from '../../analyzer/seams/seeded-rng.js';
import type { Facts, ModuleFacts, RouteFact } from '../../analyzer/types.js';

/** Facts for `domains` domains of `perDomain` modules each; `crossShare` of services reach into another domain. */
export function createSyntheticFacts(domains: number, perDomain: number, crossShare = 0.15, seed = 7): Facts {
  const rand = createSeededRng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const modules: ModuleFacts[] = [
    { path: 'src/lib/db.ts', loc: 20, imports: [], tables: [] },
    { path: 'src/lib/utils.ts', loc: 80, imports: [], tables: [] },
  ];
  const routes: RouteFact[] = [];
  const names = (d: number) => Array.from({ length: perDomain }, (_, i) => `src/d${d}/m${i}.ts`);
  for (let d = 0; d < domains; d++) {
    const own = names(d);
    const tables = [`t${d}_a`, `t${d}_b`];
    own.forEach((p, i) => {
      const role = i % 3; // 0 routes, 1 service, 2 repository
      const imports = new Set<string>(['src/lib/utils.ts']);
      for (let k = 0; k < 2; k++) imports.add(pick(own));
      if (role === 2) imports.add('src/lib/db.ts');
      if (role === 1 && rand() < crossShare) imports.add(pick(names(Math.floor(rand() * domains))));
      imports.delete(p);
      const accessed = role === 2 ? [{ table: pick(tables), read: true, write: true }] : [];
      if (role === 2 && rand() < crossShare) accessed.push({ table: `t${Math.floor(rand() * domains)}_a`, read: true, write: false });
      modules.push({ path: p, loc: 50, imports: [...imports], tables: accessed.filter((t, j) => accessed.findIndex((u) => u.table === t.table) === j) });
      if (role === 0) routes.push({ method: 'GET', path: `/api/d${d}/r${i}`, file: p, line: 1 });
    });
  }
  return {
    root: '/synthetic',
    modules,
    accesses: modules.flatMap((m) => m.tables.map((t) => ({ ...t, file: m.path, line: 1, call: `db('${t.table}')` }))),
    routes,
    foreignKeys: [],
    catalogReads: [],
    cycles: [],
    entryPoints: [],
    diagnostics: [],
    stats: { files: modules.length, testFiles: 0, externalImports: 0, durationMs: 0 },
  };
}
