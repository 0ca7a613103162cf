// When the code is one tangle, say so with its numbers instead of presenting a split Louvain would find
// in any graph: a low modularity over a graph dense enough to mean it, or one seam holding most modules.
import type { DecompositionMetrics } from './measure-decomposition.js';

export const TANGLE = {
  modularity: 0.15, // below this (with most coupling crossing seams) the split is about what a random cut gives
  crossing: 0.5, // share of the import/data weight a split cuts above which it is invented
  density: 1, // edge weight per clustered module needed before any of this means a tangle (not sparsity)
  largestShare: 0.6, // one seam holding this share of the clustered modules is most of the code
  minModules: 8, // fewer modules than this say nothing either way
} as const;

export interface Tangle {
  split: boolean; // false: no split is worth suggesting, the seams are merged into one
  sentence: string;
}

/** The verdict on a decomposition; undefined when the seams are real (or the graph too sparse to tell). */
export function findTangle(metrics: DecompositionMetrics, sizes: number[], edgeWeight: number): Tangle | undefined {
  const modules = sizes.reduce((a, b) => a + b, 0);
  if (modules < TANGLE.minModules || edgeWeight / modules < TANGLE.density) return undefined;
  const largest = Math.max(...sizes);
  const share = `${Math.round((100 * largest) / modules)}%`;
  const q = metrics.modularity.toFixed(2);
  if (sizes.length === 1) {
    return { split: false, sentence: `One tangle: community detection finds no split of the ${modules} clustered server modules (modularity ${q}, one seam holds ${share}); pin files to seams (\`pins\`) to cut one anyway.` };
  }
  if (metrics.modularity < TANGLE.modularity && metrics.icp > TANGLE.crossing) {
    return {
      split: false,
      sentence:
        `One tangle: the best split found has modularity ${q} (below ${TANGLE.modularity}) and cuts ${Math.round(100 * metrics.icp)}% of the import and data weight, ` +
        `about what a random cut gives, so no split is suggested; pin files to seams (\`pins\`) to cut one anyway.`,
    };
  }
  if (largest / modules >= TANGLE.largestShare) {
    return {
      split: true,
      sentence: `Mostly one tangle: the largest seam holds ${share} of the ${modules} clustered server modules (modularity ${q}); the other seams are what can be cut from it.`,
    };
  }
  return undefined;
}
