// Extraction order, cheapest first: few inbound imports, few tables another seam also writes, many
// routes of its own (only routes can be cut over at the gateway). Each rank comes with one sentence.
import type { SharedTable } from '../types.js';
import type { SeamFacts } from './describe-seams.js';
import { round } from './measure-decomposition.js';

export const COST_WEIGHTS = {
  inboundImport: 1, // each import from another seam becomes a remote call or a shared library
  contestedTable: 3, // a table this seam and another both write: the data must be split first
  exposedTable: 1, // a table only this seam writes and others read: they need an API or a replica
  foreignRead: 1, // a table this seam reads and another writes: reads become calls to its owner
  outboundImport: 0.5, // the extracted service still calls into the monolith
  routeBonus: 2, // times log2(1 + routes): a seam with routes can move one route at a time
  noRoutes: 100, // a seam with no routes cannot be cut over at the gateway on its own
} as const;

export interface RankedSeam extends SeamFacts {
  extractionOrder: number;
  why: string;
  cost: number;
  contested: string[];
  exposed: string[];
  foreignReads: string[];
}

/** Ranks seams cheapest first and explains each rank in one sentence. */
export function rankSeams(seams: SeamFacts[]): RankedSeam[] {
  const costed = seams.map((s) => {
    const writes = (t: SharedTable) => t.writers.includes(s.id);
    const contested = s.sharedTables.filter((t) => writes(t) && t.writers.length > 1).map((t) => t.table);
    const exposed = s.sharedTables.filter((t) => writes(t) && t.writers.length === 1).map((t) => t.table);
    const foreignReads = s.sharedTables.filter((t) => !writes(t) && t.writers.length > 0).map((t) => t.table);
    const inbound = sum(s.dependedOnBy.map((d) => d.edges));
    const outbound = sum(s.dependsOn.map((d) => d.edges));
    const cost =
      COST_WEIGHTS.inboundImport * inbound +
      COST_WEIGHTS.contestedTable * contested.length +
      COST_WEIGHTS.exposedTable * exposed.length +
      COST_WEIGHTS.foreignRead * foreignReads.length +
      COST_WEIGHTS.outboundImport * outbound -
      COST_WEIGHTS.routeBonus * Math.log2(1 + s.routes.length) +
      (s.routes.length === 0 ? COST_WEIGHTS.noRoutes : 0);
    return { ...s, cost: round(cost), contested, exposed, foreignReads };
  });
  costed.sort((a, b) => a.cost - b.cost || b.routes.length - a.routes.length || a.id.localeCompare(b.id));
  return costed.map((s, i) => ({ ...s, extractionOrder: i + 1, why: explainRank(s) }));
}

/** The cost formula in words, for reports to print as they are (they never see the weights). */
export function describeRanking(): string {
  const W = COST_WEIGHTS;
  return (
    `Extraction order (cheapest first) sorts by cost = inbound imports × ${W.inboundImport} + tables this seam and another both write × ${W.contestedTable} + ` +
    `tables only this seam writes but others read × ${W.exposedTable} + tables it reads that another seam writes × ${W.foreignRead} + ` +
    `outbound imports × ${W.outboundImport} − ${W.routeBonus}·log₂(1 + routes); a seam without routes goes last (+${W.noRoutes}).`
  );
}

/** One sentence on what makes the seam cheap or dear to extract; the rank itself is `extractionOrder`. */
function explainRank(s: Omit<RankedSeam, 'extractionOrder' | 'why'>): string {
  const routes =
    s.routes.length === 0 ? 'no routes of its own (the gateway cannot cut it over alone)' : `${s.routes.length} route${plural(s.routes.length)} of its own`;
  const inbound = sum(s.dependedOnBy.map((d) => d.edges));
  const importers =
    inbound === 0
      ? 'no other seam imports it'
      : `${inbound} import${plural(inbound)} from ${s.dependedOnBy.map((d) => d.seam).join(', ')} to turn into calls`;
  const data: string[] = [];
  if (s.contested.length) data.push(`${list(s.contested)} ${s.contested.length === 1 ? 'is' : 'are'} also written by another seam and must be split first`);
  if (s.exposed.length) data.push(`it alone writes the shared ${list(s.exposed)}`);
  if (s.foreignReads.length) data.push(`it reads ${list(s.foreignReads)} that another seam writes`);
  if (data.length === 0) data.push(s.sharedTables.length ? 'it shares only read-only tables' : 'no shared tables');
  return `${capitalise(routes)}, ${importers}, and ${data.join('; ')}.`;
}

function list(tables: string[]): string {
  const shown = tables.slice(0, 3).map((t) => `\`${t}\``).join(', ');
  return tables.length > 3 ? `${shown} and ${tables.length - 3} more` : shown;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function plural(n: number): string {
  return n === 1 ? '' : 's';
}

function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}
