// Stage 3 of the analyzer: module graph → named, ranked seams with metrics, beside the folder split.
import type { ModuleGraph } from '../graph/types.js';
import type { EntryPoint, ReportSeam } from '../types.js';
import { clusterModules, type Cluster, type Pin } from './cluster-modules.js';
import { describeSeams } from './describe-seams.js';
import { findTangle } from './find-tangle.js';
import { foldSeams } from './fold-seams.js';
import { measureDecomposition, round, type DecompositionMetrics } from './measure-decomposition.js';
import { joinPinnedNamesakes, nameSeams, toId } from './name-seams.js';
import { describeRanking, rankSeams } from './rank-seams.js';

export interface SeamOptions {
  seams?: number; // ask for about n seams (`--seams n`)
  pins?: Pin[]; // from ficus.config.yaml `pins`
  seed?: number; // Louvain's random walk seed; default 42
  folderAffinity?: number; // how strongly modules stay with their routed folder; 0 ignores folders; default 1
}

export interface SeamSuggestion {
  seams: ReportSeam[]; // in extraction order
  assignment: Record<string, string | null>; // every module → its seam (null: infrastructure)
  metrics: DecompositionMetrics & { resolution: number };
  folderMetrics: DecompositionMetrics;
  folderSplit: Record<string, string>; // module → top-level folder, for the side-by-side comparison
  entryPoints: EntryPoint[];
  unreached: string[]; // not reached from a server entry point: never a seam
  infrastructure: string[];
  infrastructureWhy: Record<string, string>;
  ranking: string; // how extractionOrder is decided, in words
  tangle?: string; // when the code is (mostly) one tangle: the verdict with its numbers
}

/** Clusters, names, describes and ranks seams: `suggestSeams(buildModuleGraph(facts), { seams: 6 })`. */
export function suggestSeams(graph: ModuleGraph, options: SeamOptions = {}): SeamSuggestion {
  const found = clusterModules(graph, options);
  const byPath = new Map(graph.nodes.map((n) => [n.path, n]));
  const { clusters: kept, libraries } = foldSeams(found.clusters, graph);
  const { clusters, tangle } = judgeTangle(joinPinnedNamesakes(kept, byPath), graph, options);
  const resolution = found.resolution;
  const names = nameSeams(clusters, byPath);
  const assignment = new Map<string, string>();
  clusters.forEach((c, i) => c.modules.forEach((p) => assignment.set(p, names[i])));

  const ranked = rankSeams(describeSeams(graph, assignment, names));
  const seams: ReportSeam[] = ranked.map((s) => ({
    id: s.id,
    modules: s.modules,
    routes: s.routes,
    ...(s.handlers.length ? { handlers: s.handlers } : {}),
    ownedTables: s.ownedTables,
    sharedTables: s.sharedTables,
    dependsOn: s.dependsOn,
    dependedOnBy: s.dependedOnBy,
    extractionOrder: s.extractionOrder,
    why: s.why,
    metrics: {
      modules: s.modules.length,
      loc: s.loc,
      routes: s.routes.length,
      handlers: s.handlers.length,
      ownedTables: s.ownedTables.length,
      sharedTables: s.sharedTables.length,
      contestedTables: s.contested.length,
      inboundImports: s.dependedOnBy.reduce((a, d) => a + d.edges, 0),
      outboundImports: s.dependsOn.reduce((a, d) => a + d.edges, 0),
      interfaceModules: s.interfaceModules,
      cohesion: round(s.cohesion),
      cost: s.cost,
    },
  }));

  const folderSplit = new Map(graph.nodes.filter((n) => !n.infrastructure).map((n) => [n.path, toId(n.folder)]));
  return {
    seams,
    assignment: Object.fromEntries(graph.nodes.map((n) => [n.path, assignment.get(n.path) ?? null])),
    metrics: { ...measureDecomposition(graph, assignment), resolution: round(resolution) },
    folderMetrics: measureDecomposition(graph, folderSplit),
    folderSplit: Object.fromEntries(folderSplit),
    entryPoints: graph.entryPoints,
    unreached: graph.unreached,
    infrastructure: [...graph.infrastructure, ...libraries.keys()].sort(),
    infrastructureWhy: { ...graph.infrastructureWhy, ...Object.fromEntries(libraries) },
    ranking: describeRanking(),
    ...(tangle ? { tangle } : {}),
  };
}

/** Merges the unpinned clusters into one when the split is no better than chance (unless `--seams n` asked for one). */
function judgeTangle(clusters: Cluster[], graph: ModuleGraph, options: SeamOptions): { clusters: Cluster[]; tangle?: string } {
  const free = clusters.filter((c) => !c.pinned);
  const assignment = new Map(free.flatMap((c, i) => c.modules.map((p) => [p, String(i)] as const)));
  const weight = graph.edges.reduce((sum, e) => sum + (assignment.has(e.source) && assignment.has(e.target) ? e.weight : 0), 0);
  const verdict = findTangle(measureDecomposition(graph, assignment), free.map((c) => c.modules.length), weight);
  if (!verdict) return { clusters };
  if (verdict.split || options.seams) return { clusters, tangle: verdict.sentence };
  const one: Cluster = { modules: free.flatMap((c) => c.modules).sort() };
  return { clusters: [one, ...clusters.filter((c) => c.pinned)], tangle: verdict.sentence };
}
