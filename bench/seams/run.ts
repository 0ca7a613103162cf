// Seam stages on synthetic monoliths: time of buildModuleGraph + suggestSeams against a bare Louvain run
// on the same import graph (the floor: what clustering alone costs), measured in the same run in
// interleaved rounds; medians of per-round ratios. Also how well each domain is recovered (purity),
// with and without the folder prior. Run: npx tsx bench/seams/run.ts [rounds]
import { UndirectedGraph } from 'graphology';
import louvainModule from 'graphology-communities-louvain';
import { buildModuleGraph } from '../../analyzer/graph/build-module-graph.js';
import { createSeededRng } from '../../analyzer/seams/seeded-rng.js';
import { suggestSeams } from '../../analyzer/seams/suggest-seams.js';
import type { Facts } from '../../analyzer/types.js';
import { createSyntheticFacts } from './synthetic-facts.js';

const louvain = louvainModule as unknown as typeof louvainModule.default;
const rounds = Number(process.argv[2] ?? 5);
const SIZES = [
  { domains: 10, perDomain: 30 },
  { domains: 40, perDomain: 50 },
  { domains: 100, perDomain: 80 },
];

function bareLouvain(facts: Facts): number {
  const g = new UndirectedGraph();
  for (const m of facts.modules) g.mergeNode(m.path);
  for (const m of facts.modules) for (const t of m.imports) if (t !== m.path) g.mergeEdge(m.path, t);
  return Object.keys(louvain(g, { rng: createSeededRng(42) })).length;
}

function time(fn: () => unknown): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

/** Mean over domains of the share of a domain's modules in its most common seam. */
function purity(facts: Facts, assignment: Record<string, string | null>): number {
  const byDomain = new Map<string, Map<string, number>>();
  for (const m of facts.modules) {
    const domain = m.path.split('/')[1];
    if (domain === 'lib') continue;
    const seam = assignment[m.path] ?? 'infrastructure';
    if (!byDomain.has(domain)) byDomain.set(domain, new Map());
    byDomain.get(domain)!.set(seam, (byDomain.get(domain)!.get(seam) ?? 0) + 1);
  }
  const shares = [...byDomain.values()].map((c) => Math.max(...c.values()) / [...c.values()].reduce((a, b) => a + b, 0));
  return shares.reduce((a, b) => a + b, 0) / shares.length;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

for (const size of SIZES) {
  const facts = createSyntheticFacts(size.domains, size.perDomain);
  const variants = {
    louvain: () => bareLouvain(facts),
    seams: () => suggestSeams(buildModuleGraph(facts)),
    'seams --seams n': () => suggestSeams(buildModuleGraph(facts), { seams: size.domains }),
  };
  const names = Object.keys(variants) as (keyof typeof variants)[];
  for (const name of names) variants[name](); // warm-up
  const ms: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < rounds; r++) {
    const order = names.map((_, i) => names[(i + r) % names.length]); // rotate the order each round
    for (const name of order) ms[name].push(time(variants[name]));
  }
  const ratio = (name: string) => median(ms[name].map((t, i) => t / ms.louvain[i]));
  const withFolders = suggestSeams(buildModuleGraph(facts));
  const graphOnly = suggestSeams(buildModuleGraph(facts), { folderAffinity: 0 });
  console.log(
    `${facts.modules.length} modules, ${size.domains} domains: louvain ${median(ms.louvain).toFixed(1)} ms; ` +
      `graph+seams ×${ratio('seams').toFixed(2)}, with --seams ${size.domains} ×${ratio('seams --seams n').toFixed(2)} (medians of ${rounds} interleaved rounds); ` +
      `purity ${purity(facts, withFolders.assignment).toFixed(3)} (${withFolders.seams.length} seams), ` +
      `graph only ${purity(facts, graphOnly.assignment).toFixed(3)} (${graphOnly.seams.length} seams)`,
  );
}
