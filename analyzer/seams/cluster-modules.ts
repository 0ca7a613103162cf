// Community detection over the module graph: seeded Louvain, pins contracted into one node per pinned
// seam, resolution tuned towards `--seams <n>`, and modules without any edge placed by folder.
import { UndirectedGraph } from 'graphology';
import louvainModule from 'graphology-communities-louvain';
import type { ModuleGraph } from '../graph/types.js';
import { ROOT_FOLDER } from '../graph/find-top-folders.js';
import { compileGlob } from '../graph/match-glob.js';
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

const PIN_PREFIX = '\0pin:';
// The team's folders carry intent the import graph may lack: each module is tied to an anchor node of its
// routed top-level folder (a star, linear in size, instead of a clique) with the weight of one import.
const FOLDER_PREFIX = '\0dir:';
const DEFAULT_FOLDER_AFFINITY = 1;

/** Splits the non-infrastructure modules into clusters; deterministic for a given seed. */
export function clusterModules(graph: ModuleGraph, options: ClusterOptions = {}): { clusters: Cluster[]; resolution: number } {
  const members = graph.nodes.filter((n) => !n.infrastructure).map((n) => n.path);
  const pinOf = assignPins(members, options.pins ?? []);
  const nodeOf = (p: string): string => (pinOf.has(p) ? PIN_PREFIX + pinOf.get(p) : p);

  const g = new UndirectedGraph();
  for (const p of members) g.mergeNode(nodeOf(p));
  for (const e of graph.edges) {
    const a = nodeOf(e.source);
    const b = nodeOf(e.target);
    if (a === b) continue;
    g.updateEdge(a, b, (attr) => ({ weight: (attr.weight ?? 0) + e.weight }));
  }
  addFolderAnchors(g, graph, members, nodeOf, options.folderAffinity ?? DEFAULT_FOLDER_AFFINITY);

  const run = (resolution: number): Map<string, number> => {
    if (g.size === 0) return new Map(g.nodes().map((n, i) => [n, i]));
    const found = louvain(g, { resolution, rng: createSeededRng(options.seed ?? 42), getEdgeWeight: 'weight' });
    return new Map(Object.entries(found));
  };

  const { resolution, communities } =
    options.seams && options.seams > 0 ? tuneResolution(options.seams, run, (c) => countClusters(g, c)) : { resolution: 1, communities: run(1) };
  return { clusters: toClusters(g, communities, members, nodeOf, graph), resolution };
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

function addFolderAnchors(g: UndirectedGraph, graph: ModuleGraph, members: string[], nodeOf: (p: string) => string, weight: number): void {
  if (weight <= 0) return;
  const folderOf = new Map(graph.nodes.map((n) => [n.path, n.folder]));
  const routedFolders = new Set(graph.nodes.filter((n) => n.routes.length > 0).map((n) => n.folder));
  const byFolder = new Map<string, string[]>();
  for (const p of members) {
    const folder = folderOf.get(p)!;
    // only a folder serving routes is a domain; lib/ or the root files share no purpose
    if (folder === ROOT_FOLDER || !routedFolders.has(folder)) continue;
    if (!byFolder.has(folder)) byFolder.set(folder, []);
    byFolder.get(folder)!.push(p);
  }
  for (const [folder, paths] of byFolder) {
    if (paths.length < 2) continue;
    const anchor = FOLDER_PREFIX + folder;
    g.mergeNode(anchor);
    for (const p of paths) g.updateEdge(anchor, nodeOf(p), (attr) => ({ weight: (attr.weight ?? 0) + weight }));
  }
}

/** Communities that hold at least one connected module; isolated modules join a folder-mate later. */
function countClusters(g: UndirectedGraph, communities: Map<string, number>): number {
  const real = [...communities].filter(([node]) => !node.startsWith(FOLDER_PREFIX) && (g.degree(node) > 0 || node.startsWith(PIN_PREFIX)));
  return new Set(real.map(([, c]) => c)).size;
}

function toClusters(
  g: UndirectedGraph,
  communities: Map<string, number>,
  members: string[],
  nodeOf: (p: string) => string,
  graph: ModuleGraph,
): Cluster[] {
  const byCommunity = new Map<number, Cluster>();
  const isolated: string[] = [];
  for (const p of members) {
    const node = nodeOf(p);
    if (g.degree(node) === 0 && !node.startsWith(PIN_PREFIX)) {
      isolated.push(p);
      continue;
    }
    const c = communities.get(node)!;
    if (!byCommunity.has(c)) byCommunity.set(c, { modules: [] });
    const cluster = byCommunity.get(c)!;
    cluster.modules.push(p);
    if (node.startsWith(PIN_PREFIX)) cluster.pinned ??= node.slice(PIN_PREFIX.length);
  }
  let clusters = splitMultiplePins([...byCommunity.values()], nodeOf, graph);
  clusters = placeIsolated(clusters, isolated, graph);
  for (const c of clusters) c.modules.sort();
  return clusters.sort((a, b) => b.modules.length - a.modules.length || a.modules[0].localeCompare(b.modules[0]));
}

/** Two pinned seams in one community are kept apart: each unpinned module follows the pin it is most tied to. */
function splitMultiplePins(clusters: Cluster[], nodeOf: (p: string) => string, graph: ModuleGraph): Cluster[] {
  const out: Cluster[] = [];
  for (const cluster of clusters) {
    const pins = [...new Set(cluster.modules.map(nodeOf).filter((n) => n.startsWith(PIN_PREFIX)))];
    if (pins.length <= 1) {
      out.push(cluster);
      continue;
    }
    const parts = new Map(pins.map((pin) => [pin, [] as string[]]));
    const free: string[] = [];
    for (const p of cluster.modules) (parts.get(nodeOf(p)) ?? free).push(p);
    for (const p of free) {
      const tie = new Map(pins.map((pin) => [pin, 0]));
      for (const e of graph.edges) {
        const other = e.source === p ? e.target : e.target === p ? e.source : null;
        if (other && tie.has(nodeOf(other))) tie.set(nodeOf(other), tie.get(nodeOf(other))! + e.weight);
      }
      const [pin] = [...tie].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
      parts.get(pin)!.push(p);
    }
    for (const [pin, modules] of parts) out.push({ modules, pinned: pin.slice(PIN_PREFIX.length) });
  }
  return out;
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
