// A seam with no route, no entry point and no table of its own (one it alone writes) is nothing to extract: it folds into the
// seam it imports most (or the only seam importing it), or, when several seams use it, it is a library.
import type { ModuleGraph } from '../graph/types.js';
import type { Cluster } from './cluster-modules.js';

export interface Folded {
  clusters: Cluster[];
  libraries: Map<string, string>; // module → why it is a shared library rather than a seam
}

/** Folds surfaceless clusters, smallest first, until every cluster left has a route, an entry point or a table. */
export function foldSeams(clusters: Cluster[], graph: ModuleGraph): Folded {
  const byPath = new Map(graph.nodes.map((n) => [n.path, n]));
  const entries = new Set(graph.entryPoints.map((e) => e.file));
  const libraries = new Map<string, string>();
  let live = clusters.map((c) => ({ ...c, modules: [...c.modules] }));
  for (;;) {
    const of = new Map<string, number>();
    live.forEach((c, i) => c.modules.forEach((p) => of.set(p, i)));
    // a table is this cluster's when it alone writes it (others may read: they will call it), or alone touches it
    const tableUsers = new Map<string, Set<number>>();
    const tableWriters = new Map<string, Set<number>>();
    for (const [p, i] of of) {
      for (const t of byPath.get(p)!.tables) {
        (tableUsers.get(t.table) ?? tableUsers.set(t.table, new Set()).get(t.table)!).add(i);
        if (t.write) (tableWriters.get(t.table) ?? tableWriters.set(t.table, new Set()).get(t.table)!).add(i);
      }
    }
    const owns = (table: string, i: number) => {
      const only = tableWriters.get(table) ?? tableUsers.get(table)!;
      return only.size === 1 && only.has(i);
    };
    const hasSurface = (c: Cluster, i: number) =>
      c.pinned !== undefined ||
      c.modules.some((p) => {
        const n = byPath.get(p)!;
        return n.routes.length > 0 || n.handlers.length > 0 || entries.has(p) || n.tables.some((t) => owns(t.table, i));
      });
    const foldable = live
      .map((c, i) => ({ c, i }))
      .filter(({ c, i }) => !hasSurface(c, i))
      .sort((a, b) => a.c.modules.length - b.c.modules.length || a.c.modules[0].localeCompare(b.c.modules[0]));
    // with no route, handler, entry point or table anywhere, edges are all there is to go by: keep them
    if (foldable.length === 0 || foldable.length === live.length) return { clusters: live, libraries };
    const { c, i } = foldable[0];
    const users = new Set(graph.imports.filter((l) => of.get(l.to) === i && of.has(l.from) && of.get(l.from) !== i).map((l) => of.get(l.from)!));
    // what it imports most; else the one seam using it (its private helpers); else a library the seams share
    const target = strongestTie(i, c, of, graph) ?? (users.size === 1 ? [...users][0] : undefined);
    if (target === undefined) {
      const why = `a library: no route, entry point or table of its own${users.size ? `, used by ${users.size} seam${users.size === 1 ? '' : 's'}` : ''}`;
      for (const p of c.modules) libraries.set(p, why);
    } else live[target].modules.push(...c.modules);
    live = live.filter((_, j) => j !== i);
    for (const k of live) k.modules.sort();
  }
}

/** The cluster `c` imports most (then shares most edge weight with); undefined when it imports none. */
function strongestTie(i: number, c: Cluster, of: Map<string, number>, graph: ModuleGraph): number | undefined {
  const members = new Set(c.modules);
  const imports = new Map<number, number>();
  for (const l of graph.imports) {
    const j = of.get(l.to);
    if (members.has(l.from) && j !== undefined && j !== i) imports.set(j, (imports.get(j) ?? 0) + 1);
  }
  if (imports.size === 0) return undefined;
  const weight = new Map<number, number>();
  for (const e of graph.edges) {
    const [a, b] = [of.get(e.source), of.get(e.target)];
    if (a === i && b !== undefined && b !== i) weight.set(b, (weight.get(b) ?? 0) + e.weight);
    if (b === i && a !== undefined && a !== i) weight.set(a, (weight.get(a) ?? 0) + e.weight);
  }
  return [...imports].sort((x, y) => y[1] - x[1] || (weight.get(y[0]) ?? 0) - (weight.get(x[0]) ?? 0) || x[0] - y[0])[0][0];
}
