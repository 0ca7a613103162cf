// What each seam holds and what ties it to the rest: routes, owned and shared tables, import edges.
import type { ModuleGraph } from '../graph/types.js';
import type { SeamEdge, SharedTable } from '../types.js';

export interface SeamFacts {
  id: string;
  modules: string[];
  routes: string[];
  handlers: string[];
  ownedTables: string[];
  sharedTables: SharedTable[];
  dependsOn: SeamEdge[];
  dependedOnBy: SeamEdge[];
  loc: number;
  interfaceModules: number; // modules other seams import
  cohesion: number; // internal edge weight over all edge weight touching the seam
}

/** Describes every seam of `assignment` (module → seam id); infrastructure modules are absent from it. */
export function describeSeams(graph: ModuleGraph, assignment: Map<string, string>, ids: string[]): SeamFacts[] {
  const tableUse = new Map<string, Map<string, { write: boolean }>>(); // table → seam → writes?
  for (const node of graph.nodes) {
    const seam = assignment.get(node.path);
    if (seam === undefined) continue;
    for (const t of node.tables) {
      if (!tableUse.has(t.table)) tableUse.set(t.table, new Map());
      const use = tableUse.get(t.table)!;
      use.set(seam, { write: (use.get(seam)?.write ?? false) || t.write });
    }
  }

  const edgeCounts = new Map<string, number>(); // "from\0to" → import links
  const interfaces = new Map<string, Set<string>>();
  for (const link of graph.imports) {
    const from = assignment.get(link.from);
    const to = assignment.get(link.to);
    if (from === undefined || to === undefined || from === to) continue;
    edgeCounts.set(`${from}\0${to}`, (edgeCounts.get(`${from}\0${to}`) ?? 0) + 1);
    if (!interfaces.has(to)) interfaces.set(to, new Set());
    interfaces.get(to)!.add(link.to);
  }
  const weightIn = new Map<string, number>();
  const weightAll = new Map<string, number>();
  for (const e of graph.edges) {
    const a = assignment.get(e.source);
    const b = assignment.get(e.target);
    if (a === undefined || b === undefined) continue;
    for (const s of new Set([a, b])) weightAll.set(s, (weightAll.get(s) ?? 0) + e.weight);
    if (a === b) weightIn.set(a, (weightIn.get(a) ?? 0) + e.weight);
  }
  const byPath = new Map(graph.nodes.map((n) => [n.path, n]));
  const tablesOf = new Map<string, [string, Map<string, { write: boolean }>][]>();
  for (const entry of [...tableUse].sort((a, b) => a[0].localeCompare(b[0]))) {
    for (const seam of entry[1].keys()) (tablesOf.get(seam) ?? tablesOf.set(seam, []).get(seam)!).push(entry);
  }
  const modulesOf = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const [p, seam] of assignment) modulesOf.get(seam)?.push(p);
  const out = new Map<string, SeamEdge[]>();
  const into = new Map<string, SeamEdge[]>();
  for (const [key, edges] of edgeCounts) {
    const [from, to] = key.split('\0');
    (out.get(from) ?? out.set(from, []).get(from)!).push({ seam: to, edges });
    (into.get(to) ?? into.set(to, []).get(to)!).push({ seam: from, edges });
  }
  const sorted = (list: SeamEdge[] = []) => [...list].sort((a, b) => b.edges - a.edges || a.seam.localeCompare(b.seam));

  return ids.map((id) => {
    const modules = modulesOf.get(id)!.sort();
    const ownedTables: string[] = [];
    const sharedTables: SharedTable[] = [];
    for (const [table, use] of tablesOf.get(id) ?? []) {
      if (use.size === 1) ownedTables.push(table);
      else {
        sharedTables.push({
          table,
          with: [...use.keys()].filter((s) => s !== id).sort(),
          writers: [...use].filter(([, u]) => u.write).map(([s]) => s).sort(),
        });
      }
    }
    return {
      id,
      modules,
      routes: [...new Set(modules.flatMap((p) => byPath.get(p)!.routes))], // declaration order: modules by path, routes by line
      handlers: [...new Set(modules.flatMap((p) => byPath.get(p)!.handlers))].sort(),
      ownedTables,
      sharedTables,
      dependsOn: sorted(out.get(id)),
      dependedOnBy: sorted(into.get(id)),
      loc: modules.reduce((sum, p) => sum + byPath.get(p)!.loc, 0),
      interfaceModules: interfaces.get(id)?.size ?? 0,
      cohesion: weightAll.get(id) ? (weightIn.get(id) ?? 0) / weightAll.get(id)! : 1,
    };
  });
}
