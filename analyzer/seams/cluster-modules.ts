// Community detection over the module graph: seeded Louvain, pinned modules set apart as their own seams,
// resolution tuned towards `--seams <n>`, and modules without any edge placed by folder.
import { UndirectedGraph } from 'graphology';
import louvainModule from 'graphology-communities-louvain';
import type { ModuleGraph } from '../graph/types.js';
import { compileGlob } from '../graph/match-glob.js';
import { ANCHOR_PREFIX, addAnchors } from './responsibility-anchors.js';
import { createSeededRng } from './seeded-rng.js';

export interface Pin {
  path: string; // a glob or a folder
  seam: string;
}

export interface ClusterOptions {
  seams?: number; // about this many seams
  pins?: Pin[];
  seed?: number;
  folderAffinity?: number; // weight tying each module to its folder-mates; 0 ignores the folders. Default 1
}

/** One cluster: its members and, when pinned, the seam name the config gave it. */
export interface Cluster {
  modules: string[];
  pinned?: string;
  joined?: boolean; // a pinned cluster that has absorbed its namesake
}

// The package is CommonJS (`module.exports = fn`) but its typings declare `export default`: under NodeNext
// TypeScript sees the default import as the module object, while node hands us the function itself.
const louvain = louvainModule as unknown as typeof louvainModule.default;

// The team's folders and file names carry intent the import graph may lack (responsibility-anchors.ts).
const DEFAULT_FOLDER_AFFINITY = 1;

/**
 * Splits the non-infrastructure modules into clusters; deterministic for a given seed. Pins move files,
 * not labels: pinned modules (and the modules only they use) form their named seams and are taken out
 * of the graph before clustering, so every other module keeps the seam it would have had.
 */
export function clusterModules(graph: ModuleGraph, options: ClusterOptions = {}): { clusters: Cluster[]; resolution: number } {
  const all = graph.nodes.filter((n) => !n.infrastructure).map((n) => n.path);
  const pinOf = followPins(all, assignPins(all, options.pins ?? []), graph);
  const members = all.filter((p) => !pinOf.has(p));

  const g = new UndirectedGraph();
  for (const p of members) g.mergeNode(p);
  for (const e of graph.edges) {
    if (pinOf.has(e.source) || pinOf.has(e.target)) continue;
    g.updateEdge(e.source, e.target, (attr) => ({ weight: (attr.weight ?? 0) + e.weight }));
  }
  addAnchors(g, graph, members, options.folderAffinity ?? DEFAULT_FOLDER_AFFINITY);

  const run = (resolution: number): Map<string, number> => {
    if (g.size === 0) return new Map(g.nodes().map((n, i) => [n, i]));
    const found = louvain(g, { resolution, rng: createSeededRng(options.seed ?? 42), getEdgeWeight: 'weight' });
    return new Map(Object.entries(found));
  };

  const pinnedSeams = new Set(pinOf.values()).size;
  const target = options.seams && options.seams > 0 ? Math.max(1, options.seams - pinnedSeams) : 0;
  const { resolution, communities } = target > 0 ? tuneResolution(target, run, (c) => countClusters(g, c)) : { resolution: 1, communities: run(1) };
  const clusters = toClusters(g, communities, members, graph);
  const pinned = new Map<string, string[]>();
  for (const [p, seam] of pinOf) pinned.set(seam, [...(pinned.get(seam) ?? []), p]);
  for (const [seam, modules] of pinned) clusters.push({ modules: modules.sort(), pinned: seam });
  return { clusters: sortClusters(clusters), resolution };
}

/** Modules imported only by modules of one pinned seam go with them (a pinned provider's private helpers). */
function followPins(members: string[], pinOf: Map<string, string>, graph: ModuleGraph): Map<string, string> {
  const out = new Map(pinOf);
  const member = new Set(members);
  const importers = new Map<string, Set<string>>();
  for (const link of graph.imports) {
    if (!member.has(link.from) || !member.has(link.to) || link.from === link.to) continue;
    if (!importers.has(link.to)) importers.set(link.to, new Set());
    importers.get(link.to)!.add(link.from);
  }
  for (let changed = true; changed; ) {
    changed = false;
    for (const p of members) {
      const from = importers.get(p);
      if (out.has(p) || !from || from.size === 0) continue;
      const seams = new Set([...from].map((q) => out.get(q)));
      if (seams.size === 1 && !seams.has(undefined)) {
        out.set(p, [...seams][0]!);
        changed = true;
      }
    }
  }
  return out;
}

/** Bisects the resolution (in log space) for the community count closest to `target`; the first closest wins. */
function tuneResolution(
  target: number,
  run: (r: number) => Map<string, number>,
  count: (c: Map<string, number>) => number,
): { resolution: number; communities: Map<string, number> } {
  let lo = 0.01;
  let hi = 10;
  let best = { resolution: 1, communities: run(1) };
  let bestGap = Math.abs(count(best.communities) - target);
  for (let i = 0; i < 24 && bestGap > 0; i++) {
    const mid = Math.sqrt(lo * hi); // resolutions span orders of magnitude: search in log space
    const communities = run(mid);
    const n = count(communities);
    const gap = Math.abs(n - target);
    if (gap < bestGap) ({ best, bestGap } = { best: { resolution: mid, communities }, bestGap: gap });
    if (n < target) lo = mid;
    else hi = mid;
  }
  return best;
}

/** Communities that hold at least one connected module; isolated modules join a folder-mate later. */
function countClusters(g: UndirectedGraph, communities: Map<string, number>): number {
  const real = [...communities].filter(([node]) => !node.startsWith(ANCHOR_PREFIX) && g.degree(node) > 0);
  return new Set(real.map(([, c]) => c)).size;
}

function toClusters(g: UndirectedGraph, communities: Map<string, number>, members: string[], graph: ModuleGraph): Cluster[] {
  const byCommunity = new Map<number, Cluster>();
  const isolated: string[] = [];
  for (const p of members) {
    if (g.degree(p) === 0) {
      isolated.push(p);
      continue;
    }
    const c = communities.get(p)!;
    if (!byCommunity.has(c)) byCommunity.set(c, { modules: [] });
    byCommunity.get(c)!.modules.push(p);
  }
  const clusters = placeIsolated([...byCommunity.values()], isolated, graph);
  for (const c of clusters) c.modules.sort();
  return clusters;
}

function sortClusters(clusters: Cluster[]): Cluster[] {
  return clusters.sort((a, b) => b.modules.length - a.modules.length || a.modules[0].localeCompare(b.modules[0]));
}

/** A module with no edge at all joins the cluster holding most of its folder, or a cluster of its folder's strays. */
function placeIsolated(clusters: Cluster[], isolated: string[], graph: ModuleGraph): Cluster[] {
  const folderOf = new Map(graph.nodes.map((n) => [n.path, n.folder]));
  const strays = new Map<string, Cluster>();
  for (const p of isolated) {
    const folder = folderOf.get(p)!;
    let home: Cluster | undefined;
    let most = 0;
    for (const c of clusters) {
      const n = c.modules.filter((m) => folderOf.get(m) === folder).length;
      if (n > most) ({ home, most } = { home: c, most: n });
    }
    if (home) home.modules.push(p);
    else {
      if (!strays.has(folder)) strays.set(folder, { modules: [] });
      strays.get(folder)!.modules.push(p);
    }
  }
  return [...clusters, ...strays.values()];
}

function assignPins(members: string[], pins: Pin[]): Map<string, string> {
  const rules = pins.map((pin) => ({ match: compileGlob(pin.path), seam: pin.seam }));
  const pinOf = new Map<string, string>();
  for (const p of members) {
    const rule = rules.find((r) => r.match(p)); // first matching rule wins, as in the config's order
    if (rule) pinOf.set(p, rule.seam);
  }
  return pinOf;
}
