// Reads a route's shadow results fleet-wide (all replicas summed) and turns them into the
// `GET /api/routes/:id/diffs` body and the numbers the promote guard needs.
import type { Knex } from 'knex';
import type { NoiseThresholds } from '../compare/classify-noise.js';
import type { DiffKind } from '../compare/diff-json.js';
import { summariseRoute, type RouteSummary } from '../compare/summarise-route.js';
import type { ShadowCounter, ShadowExample } from './shadow-records.js';

export const DEFAULT_THRESHOLDS: NoiseThresholds = { relative: 0.2, absolute: 0.0003 };

export interface ReadDiffsOptions {
  /** The route's `shadow.thresholds`; Diffy's defaults otherwise. */
  thresholds?: NoiseThresholds;
  /** Examples returned per field (at most what was stored). */
  examples?: number;
}

/** The body of `GET /api/routes/:id/diffs`. */
export interface RouteDiffs {
  route: string;
  compared: number;
  matched: number;
  mismatched: number;
  matchRate: number | null;
  /** Exchanges with no difference at all, noise included. */
  strictMatched: number;
  noiseCompared: number;
  counters: Partial<Record<ShadowCounter, number>>;
  thresholds: NoiseThresholds;
  fields: { path: string; kind: DiffKind; count: number; noiseCount: number; noise: boolean; examples: ShadowExample[] }[];
}

/** What the promote guard reads: fleet-wide, noise taken out. */
export interface ShadowStats {
  compared: number;
  matched: number;
  realMismatches: number;
  matchRate: number | null;
}

type StoreLike = { knex: Knex };

/** A route's diffs as the admin API serves them. Example: `await readRouteDiffs(store, 'catalog-products')`. */
export async function readRouteDiffs(store: StoreLike, routeId: string, options: ReadDiffsOptions = {}): Promise<RouteDiffs> {
  const thresholds = options.thresholds ?? DEFAULT_THRESHOLDS;
  const { counters, summary } = await readSummary(store.knex, routeId, thresholds);
  const examples = await readExamples(store.knex, routeId, options.examples ?? 3);
  return {
    route: routeId,
    compared: summary.compared,
    matched: summary.matched,
    mismatched: summary.mismatched,
    matchRate: summary.matchRate,
    strictMatched: counters.matched ?? 0,
    noiseCompared: counters.noise_compared ?? 0,
    counters,
    thresholds,
    fields: summary.fields.map((f) => ({ ...f, examples: examples.get(`${f.path}\0${f.kind}`) ?? [] })),
  };
}

/** A route's fleet-wide `{ compared, matched, realMismatches, matchRate }` for the promote guard. */
export async function readShadowStats(store: StoreLike, routeId: string, thresholds: NoiseThresholds = DEFAULT_THRESHOLDS): Promise<ShadowStats> {
  const { summary } = await readSummary(store.knex, routeId, thresholds);
  return { compared: summary.compared, matched: summary.matched, realMismatches: summary.mismatched, matchRate: summary.matchRate };
}

async function readSummary(knex: Knex, routeId: string, thresholds: NoiseThresholds): Promise<{ counters: Partial<Record<ShadowCounter, number>>; summary: RouteSummary }> {
  type Row = Record<string, unknown>;
  const [counterRows, fieldRows, signatureRows] = (await Promise.all([
    knex('shadow_counters').where({ route_id: routeId }).groupBy('name').select('name').sum({ value: 'value' }),
    knex('shadow_fields')
      .where({ route_id: routeId })
      .groupBy('path', 'kind')
      .select('path', 'kind')
      .sum({ raw: 'raw_count', noise: 'noise_count' }),
    knex('shadow_signatures').where({ route_id: routeId }).groupBy('field_keys').select('field_keys').sum({ count: 'count' }),
  ])) as [Row[], Row[], Row[]];
  const counters: Partial<Record<ShadowCounter, number>> = {};
  for (const r of counterRows) counters[r.name as ShadowCounter] = Number(r.value);
  const summary = summariseRoute(
    {
      compared: counters.compared ?? 0,
      noiseCompared: counters.noise_compared ?? 0,
      unkeptMismatches: counters.signatures_unkept ?? 0,
      fields: fieldRows.map((r) => ({ path: String(r.path), kind: r.kind as DiffKind, count: Number(r.raw), noiseCount: Number(r.noise) })),
      signatures: signatureRows.map((r) => ({ keys: JSON.parse(String(r.field_keys)) as string[], count: Number(r.count) })),
    },
    thresholds,
  );
  return { counters, summary };
}

async function readExamples(knex: Knex, routeId: string, perField: number): Promise<Map<string, ShadowExample[]>> {
  const out = new Map<string, ShadowExample[]>();
  if (perField <= 0) return out;
  const rows = await knex('shadow_examples').where({ route_id: routeId }).orderBy('id', 'desc').select('path', 'kind', 'example');
  for (const r of rows) {
    const key = `${r.path}\0${r.kind}`;
    const list = out.get(key) ?? [];
    if (list.length >= perField) continue;
    list.push(JSON.parse(String(r.example)) as ShadowExample);
    out.set(key, list);
  }
  return out;
}
