// Seam quality on real code: for each corpus repo with a reference in bench/seams/reference/ (the services
// its code owners would plausibly cut, as module globs), how close ficus's suggestion and the plain
// folder split come to the reference (AMI over the reference's server modules: those a service lists and
// a server entry point reaches), and how they cut the coupling graph (ICP: share of import/data weight
// crossing seams, lower is better; modularity Q, higher is better), beside the reference's own cut.
// Run: npx tsx bench/seams/compare-reference.ts [corpus folder]   (default ../shared/corpus)
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { parseAnalyzerConfig } from '../../analyzer/config.js';
import { extractFacts } from '../../analyzer/extract/extract-facts.js';
import { buildModuleGraph } from '../../analyzer/graph/build-module-graph.js';
import { chooseEntryPoints } from '../../analyzer/graph/choose-entry-points.js';
import { compileGlob } from '../../analyzer/graph/match-glob.js';
import { measureDecomposition } from '../../analyzer/seams/measure-decomposition.js';
import { suggestSeams } from '../../analyzer/seams/suggest-seams.js';
import { adjustedMutualInformation } from './mutual-information.js';

interface Reference {
  root: string;
  services: Record<string, string[]>;
}

const INFRASTRUCTURE = '(infrastructure)';
const corpus = path.resolve(process.argv[2] ?? path.join(import.meta.dirname, '..', '..', '..', 'shared', 'corpus'));
const referenceDir = path.join(import.meta.dirname, 'reference');

/** `a/{b,c}/*.ts` → `a/b/*.ts`, `a/c/*.ts` (the analyzer's globs have no braces). */
function expandBraces(glob: string): string[] {
  const m = /\{([^{}]*)\}/.exec(glob);
  if (!m) return [glob];
  return m[1].split(',').flatMap((alt) => expandBraces(glob.slice(0, m.index) + alt + glob.slice(m.index + m[0].length)));
}

function referenceOf(modules: string[], ref: Reference): Map<string, string> {
  const out = new Map<string, string>();
  for (const [service, globs] of Object.entries(ref.services)) {
    const matchers = globs.flatMap(expandBraces).map(compileGlob);
    for (const p of modules) if (!out.has(p) && !/\.(test|spec)\.[jt]sx?$/.test(p) && matchers.some((m) => m(p))) out.set(p, service);
  }
  return out;
}

const rows: string[][] = [];
for (const file of readdirSync(referenceDir).filter((f) => f.endsWith('.yaml')).sort()) {
  const ref = parse(readFileSync(path.join(referenceDir, file), 'utf8')) as Reference;
  const root = path.join(corpus, ref.root);
  const started = performance.now();
  const config = parseAnalyzerConfig({}, 'defaults');
  const facts = chooseEntryPoints(await extractFacts(root, { config }), undefined, 'defaults');
  const graph = buildModuleGraph(facts);
  const seams = suggestSeams(graph);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);

  const nodes = graph.nodes.map((n) => n.path);
  const reference = referenceOf(nodes, ref);
  const scored = [...reference.keys()].sort();
  const truth = scored.map((p) => reference.get(p)!);
  const ficus = scored.map((p) => seams.assignment[p] ?? INFRASTRUCTURE);
  const folderOf = new Map(graph.nodes.map((n) => [n.path, n.folder]));
  const folders = scored.map((p) => folderOf.get(p)!);

  const referenceCut = measureDecomposition(graph, new Map([...reference].filter(([p]) => !graph.infrastructure.includes(p))));
  const f = (x: number) => x.toFixed(3);
  rows.push([
    ref.root,
    String(graph.nodes.length),
    String(scored.length),
    `${seams.seams.length} / ${seams.folderMetrics.seams} / ${Object.keys(ref.services).length}`,
    f(adjustedMutualInformation(ficus, truth)),
    f(adjustedMutualInformation(folders, truth)),
    `${f(seams.metrics.icp)} / ${f(seams.folderMetrics.icp)} / ${f(referenceCut.icp)}`,
    `${f(seams.metrics.modularity)} / ${f(seams.folderMetrics.modularity)} / ${f(referenceCut.modularity)}`,
    seconds,
  ]);
  process.stderr.write(`${ref.root}: done in ${seconds}s\n`);
}

const header = ['repo', 'server modules', 'scored', 'seams ficus / folders / reference', 'AMI ficus', 'AMI folders', 'ICP ficus / folders / reference', 'Q ficus / folders / reference', 's'];
console.log(`| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|\n${rows.map((r) => `| ${r.join(' | ')} |`).join('\n')}`);
