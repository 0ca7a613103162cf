// Names, formulas and directions of the decomposition metrics, shared by the Markdown and HTML reports.

export interface MetricInfo {
  key: string;
  name: string;
  better: 'higher' | 'lower';
  formula: string; // Markdown
}

export const METRICS: MetricInfo[] = [
  {
    key: 'modularity',
    name: 'Newman modularity Q',
    better: 'higher',
    formula:
      'Q = Σ_s [ L_s / m − (d_s / 2m)² ], where m is the total edge weight, L_s the weight of edges inside seam s and d_s the summed weighted degree of its modules. 0 is no better than chance; above 0.3 is a clear community structure.',
  },
  {
    key: 'sm',
    name: 'Structural modularity SM',
    better: 'higher',
    formula:
      'SM = (1/K) Σ_i μ_i / N_i² − (1 / (K(K−1)/2)) Σ_{i<j} σ_ij / (2 N_i N_j), with K seams, N_i modules in seam i, μ_i linked module pairs inside it and σ_ij linked pairs between seams i and j (Sarkar et al.).',
  },
  {
    key: 'icp',
    name: 'Inter-partition call percentage ICP',
    better: 'lower',
    formula: 'ICP = Σ w(import, table and foreign-key edges crossing seams) / Σ w(all import, table and foreign-key edges): the share of coupling that becomes a network call or a data split.',
  },
  {
    key: 'ifn',
    name: 'Interface number IFN',
    better: 'lower',
    formula: 'IFN = (1/K) Σ_s |{ modules of s imported from another seam }|: how many modules per seam would need a remote interface.',
  },
  {
    key: 'ned',
    name: 'Non-extreme distribution NED',
    better: 'lower',
    formula: 'NED = 1 − Σ_{s: 5 ≤ N_s ≤ 20} N_s / N: the share of modules in seams that are too small (< 5) or too large (> 20) (Mono2Micro).',
  },
];

/** Which side of a comparison wins for this metric ('=' on a tie). */
export function compareMetric(info: MetricInfo, suggested: number, folders: number): 'suggested' | 'folders' | '=' {
  if (suggested === folders) return '=';
  const suggestedWins = info.better === 'higher' ? suggested > folders : suggested < folders;
  return suggestedWins ? 'suggested' : 'folders';
}
