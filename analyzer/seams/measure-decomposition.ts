// Quality metrics of a decomposition (module → seam) over the module graph. Formulas are spelled out in
// the Markdown report (report/markdown.ts, METRIC_FORMULAS); keep both in step.
import type { ModuleGraph } from '../graph/types.js';

export const NED_BOUNDS = { min: 5, max: 20 } as const; // Mono2Micro's "non-extreme" seam sizes

// a type, not an interface, so that it is assignable to the report's Record<string, number>
export type DecompositionMetrics = {
  seams: number;
  modularity: number; // Newman Q over the weighted graph
  sm: number; // structural modularity
  icp: number; // share of import/data edge weight crossing seams
  ifn: number; // mean number of modules per seam imported from another seam
  ned: number; // share of modules in seams of extreme size
};

/** Measures how well `assignment` cuts the graph; modules absent from it (infrastructure) are left out. */
export function measureDecomposition(graph: ModuleGraph, assignment: Map<string, string>): DecompositionMetrics {
  const sizes = new Map<string, number>();
  for (const seam of assignment.values()) sizes.set(seam, (sizes.get(seam) ?? 0) + 1);
  const k = sizes.size;
  const n = assignment.size;

  let total = 0;
  let structural = 0;
  let crossing = 0;
  const internal = new Map<string, number>(); // weighted, for Q
  const degree = new Map<string, number>();
  const internalPairs = new Map<string, Set<string>>(); // unweighted module pairs, for SM
  const betweenPairs = new Map<string, Set<string>>();
  for (const e of graph.edges) {
    const a = assignment.get(e.source);
    const b = assignment.get(e.target);
    if (a === undefined || b === undefined) continue;
    total += e.weight;
    degree.set(a, (degree.get(a) ?? 0) + e.weight);
    degree.set(b, (degree.get(b) ?? 0) + e.weight);
    const pair = `${e.source}\0${e.target}`;
    if (a === b) {
      internal.set(a, (internal.get(a) ?? 0) + e.weight);
      addTo(internalPairs, a, pair);
    } else addTo(betweenPairs, [a, b].sort().join('\0'), pair);
    if (e.kind !== 'cochange') {
      structural += e.weight;
      if (a !== b) crossing += e.weight;
    }
  }

  let modularity = 0;
  if (total > 0) {
    for (const seam of sizes.keys()) {
      modularity += (internal.get(seam) ?? 0) / total - ((degree.get(seam) ?? 0) / (2 * total)) ** 2;
    }
  }

  let cohesion = 0;
  for (const [seam, size] of sizes) cohesion += (internalPairs.get(seam)?.size ?? 0) / (size * size);
  let coupling = 0;
  for (const [key, pairs] of betweenPairs) {
    const [a, b] = key.split('\0');
    coupling += pairs.size / (2 * sizes.get(a)! * sizes.get(b)!);
  }
  const sm = k === 0 ? 0 : cohesion / k - (k > 1 ? coupling / ((k * (k - 1)) / 2) : 0);

  const interfaces = new Set<string>();
  for (const link of graph.imports) {
    const from = assignment.get(link.from);
    const to = assignment.get(link.to);
    if (from !== undefined && to !== undefined && from !== to) interfaces.add(link.to);
  }

  let nonExtreme = 0;
  for (const size of sizes.values()) if (size >= NED_BOUNDS.min && size <= NED_BOUNDS.max) nonExtreme += size;

  return {
    seams: k,
    modularity: round(modularity),
    sm: round(sm),
    icp: round(structural > 0 ? crossing / structural : 0),
    ifn: round(k > 0 ? interfaces.size / k : 0),
    ned: round(n > 0 ? 1 - nonExtreme / n : 0),
  };
}

function addTo(map: Map<string, Set<string>>, key: string, value: string): void {
  if (!map.has(key)) map.set(key, new Set());
  map.get(key)!.add(value);
}

export function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
