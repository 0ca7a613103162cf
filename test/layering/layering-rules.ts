// The architecture's import rules (docs/architecture.md), checked on every test run. Each rule names
// the files it governs and what they may not import; a violation names the file, line and import.
import type { ImportEdge } from './import-graph.js';

export interface LayeringRule {
  name: string;
  why: string;
  /** The importing files this rule governs. */
  from: (file: string) => boolean;
  /** True when `edge.to` is an import those files must not make. */
  forbids: (to: string, edge: ImportEdge) => boolean;
}

const under = (...folders: string[]) => (file: string) => folders.some((f) => file === f || file.startsWith(`${f}/`));
const isFicusSource = (to: string) => !to.startsWith('node:') && to.includes('/') && /^(bin|common|analyzer|gateway|services|demo|monolith-fixture)\//.test(to);
const not = (pred: (s: string) => boolean) => (s: string) => !pred(s);
const IO_MODULES = new Set(['fs', 'net', 'http', 'https', 'http2', 'dgram', 'child_process', 'worker_threads', 'fs/promises'].flatMap((m) => [m, `node:${m}`]));

// gateway/hooks.ts and gateway/errors.ts are the gateway's contracts: every part may import them.
const gatewayContracts = (to: string) => to === 'gateway/hooks.ts' || to === 'gateway/errors.ts';

export const LAYERING_RULES: readonly LayeringRule[] = [
  {
    name: 'analyzer-and-gateway-apart',
    why: 'the gateway reads the analyzer only as a file (the draft YAML); neither imports the other',
    from: under('analyzer'),
    forbids: under('gateway'),
  },
  { name: 'gateway-and-analyzer-apart', why: 'as above, the other way', from: under('gateway'), forbids: under('analyzer') },
  { name: 'services-not-gateway-or-fixture', why: 'a satellite runs without the gateway; the fixture is someone else’s code', from: under('services'), forbids: under('gateway', 'monolith-fixture') },
  { name: 'fixture-imports-nothing-of-ficus', why: 'the fixture stands for a monolith ficus does not own', from: under('monolith-fixture'), forbids: (to) => isFicusSource(to) && !to.startsWith('monolith-fixture/') },
  { name: 'common-is-the-bottom', why: 'common/ is what every component may import, so it imports none of them', from: under('common'), forbids: (to) => isFicusSource(to) && !to.startsWith('common/') },
  {
    name: 'routing-is-pure',
    why: 'where a request goes is a pure function of the request, the route table and a random source',
    from: under('gateway/routing'),
    // a type from node:http is data; a value from it would be I/O
    forbids: (to, edge) => (IO_MODULES.has(to) && !edge.typeOnly) || (isFicusSource(to) && !under('gateway/routing', 'gateway/config', 'common')(to) && !gatewayContracts(to)),
  },
  { name: 'config-first', why: 'config is the first gateway stage: it validates with common/ and the compare library, never a later stage', from: under('gateway/config'), forbids: under('gateway/routing', 'gateway/proxy', 'gateway/shadow', 'gateway/store', 'gateway/admin', 'gateway/telemetry', 'gateway/upstream', 'gateway/export') },
  { name: 'compare-is-a-library', why: 'normalising and diffing take plain data: no config types, no I/O stage', from: under('gateway/compare'), forbids: under('gateway/config', 'gateway/routing', 'gateway/proxy', 'gateway/shadow', 'gateway/store', 'gateway/admin', 'gateway/upstream', 'gateway/export') },
  { name: 'store-holds-data', why: 'the store reads and writes rows; comparison and shadow policy live in compare/ and shadow/', from: under('gateway/store'), forbids: under('gateway/compare', 'gateway/shadow', 'gateway/proxy', 'gateway/admin', 'gateway/routing', 'gateway/export') },
  { name: 'proxy-and-shadow-apart', why: 'the data plane and the shadow plane share upstream/ and the hooks contract, not each other', from: under('gateway/shadow'), forbids: under('gateway/proxy', 'gateway/admin') },
  { name: 'proxy-before-shadow', why: 'the proxy only taps exchanges (hooks.ts); it never calls the shadow, compare or store', from: under('gateway/proxy'), forbids: under('gateway/shadow', 'gateway/compare', 'gateway/store', 'gateway/admin') },
  { name: 'upstream-below-planes', why: 'keep-alive agents and upstream paths serve proxy and shadow alike', from: under('gateway/upstream'), forbids: under('gateway/proxy', 'gateway/shadow', 'gateway/admin', 'gateway/store', 'gateway/compare') },
  { name: 'analyzer-stages-look-forward', why: 'extract → graph → seams → report pass plain data; a stage never imports a later one', from: under('analyzer/extract'), forbids: under('analyzer/graph', 'analyzer/seams', 'analyzer/report', 'analyzer/analyze.ts') },
  { name: 'graph-before-seams', why: 'as above', from: under('analyzer/graph'), forbids: under('analyzer/seams', 'analyzer/report', 'analyzer/analyze.ts') },
  { name: 'seams-before-report', why: 'as above', from: under('analyzer/seams'), forbids: under('analyzer/report', 'analyzer/analyze.ts') },
  { name: 'reports-only-format', why: 'a reporter formats the Report it is given; it never re-analyses', from: under('analyzer/report'), forbids: under('analyzer/extract', 'analyzer/graph', 'analyzer/seams', 'analyzer/analyze.ts') },
  { name: 'demo-not-bin', why: 'the demo drives components, not the command line', from: under('demo'), forbids: under('bin') },
  { name: 'only-bin-imports-bin', why: 'bin/ is the thin command layer on top', from: not(under('bin')), forbids: under('bin') },
];

/** One line per import that breaks a rule: `gateway/config/x.ts:3 imports gateway/admin/y.ts (config-first: …)`. */
export function checkLayering(edges: readonly ImportEdge[], rules: readonly LayeringRule[] = LAYERING_RULES): string[] {
  const violations: string[] = [];
  for (const edge of edges) {
    for (const rule of rules) {
      if (rule.from(edge.from) && rule.forbids(edge.to, edge)) violations.push(`${edge.from}:${edge.line} imports ${edge.to} (${rule.name}: ${rule.why})`);
    }
  }
  return violations;
}
