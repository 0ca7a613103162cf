// Seam names a person recognises: the pinned name, else the dominant folder, else the main table;
// unique across the decomposition.
import { ROOT_FOLDER, findSourceRoot } from '../graph/find-top-folders.js';
import { domainFolder } from '../graph/name-subjects.js';
import type { GraphNode } from '../graph/types.js';
import type { Cluster } from './cluster-modules.js';

/** Returns one unique, id-safe name per cluster, in the clusters' order. */
export function nameSeams(clusters: Cluster[], nodes: Map<string, GraphNode>): string[] {
  const taken = new Set<string>(clusters.flatMap((c) => (c.pinned ? [toId(c.pinned)] : [])));
  const names: string[] = [];
  for (const cluster of clusters) {
    if (cluster.pinned) {
      names.push(toId(cluster.pinned));
      continue;
    }
    const candidates = nameCandidates(cluster, nodes);
    let name = candidates.find((c) => !taken.has(c));
    for (let i = 2; !name; i++) if (!taken.has(`${candidates[0]}-${i}`)) name = `${candidates[0]}-${i}`;
    taken.add(name);
    names.push(name);
  }
  return names;
}

/** A pin that names a seam the graph found anyway (`seam: catalog` while a cluster is mostly `catalog/`) joins it. */
export function joinPinnedNamesakes(clusters: Cluster[], nodes: Map<string, GraphNode>): Cluster[] {
  const pinned = new Map(clusters.filter((c) => c.pinned).map((c) => [toId(c.pinned!), c]));
  if (pinned.size === 0) return clusters;
  const out: Cluster[] = [];
  for (const cluster of clusters) {
    const pin = cluster.pinned ? undefined : pinned.get(nameCandidates(cluster, nodes)[0]);
    if (pin && !pin.joined) {
      pin.modules.push(...cluster.modules);
      pin.modules.sort();
      pin.joined = true;
    } else out.push(cluster);
  }
  return out;
}

/**
 * Best first: the dominant domain folder (the first folder that is not a layer, when it holds at least half
 * the weight), the table the cluster writes most, folder plus table, the top-level folder. In a layered tree
 * (routes/, models/) the folders name layers, so the table names the seam.
 */
function nameCandidates(cluster: Cluster, nodes: Map<string, GraphNode>): string[] {
  const root = sourceRootOf(nodes);
  // a module serving routes counts thrice: a seam is named for its domain
  const folderWeights = new Map<string, number>();
  let weight = 0;
  for (const p of cluster.modules) {
    const n = nodes.get(p)!;
    const w = n.routes.length > 0 ? 3 : 1;
    weight += w;
    const folder = domainFolder(p, root)?.split('/').pop();
    if (folder) folderWeights.set(folder, (folderWeights.get(folder) ?? 0) + w);
  }
  const folders = [...folderWeights].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  // tables written by the cluster weigh double: they name what the seam is about
  const tables = rankCounts(
    cluster.modules.flatMap((p) => nodes.get(p)!.tables.flatMap((t) => (t.write ? [t.table, t.table] : [t.table]))),
  );
  const top = rankCounts(cluster.modules.map((p) => nodes.get(p)!.folder).filter((f) => f !== ROOT_FOLDER))[0]?.[0] ?? ROOT_FOLDER;
  const [folder, folderCount] = folders[0] ?? [top, 0];
  const table = tables[0]?.[0];
  const out: string[] = [];
  if (folderCount * 2 >= weight) out.push(folder);
  if (table) out.push(table, `${folder}-${table}`);
  if (folders[1]) out.push(`${folder}-${folders[1][0]}`);
  out.push(folder, top);
  return [...new Set(out.map(toId))];
}

const sourceRoots = new WeakMap<Map<string, GraphNode>, string>();

/** The tree's source root, once per graph (every cluster's name needs it). */
function sourceRootOf(nodes: Map<string, GraphNode>): string {
  if (!sourceRoots.has(nodes)) sourceRoots.set(nodes, findSourceRoot([...nodes.keys()]));
  return sourceRoots.get(nodes)!;
}

function rankCounts(values: string[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** Lower-case letters, digits and dashes: usable as a gateway service name and a route id prefix. */
export function toId(name: string): string {
  const id = name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return id || 'seam';
}
