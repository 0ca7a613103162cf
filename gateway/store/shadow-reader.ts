// Reads a route's shadow results fleet-wide (all replicas summed), as plain rows: the all-time
// totals, and the evidence of one epoch within a window of the last N comparisons or a duration.
// Judging them (noise, match rate, latency percentiles) is the caller's business.
import type { Knex } from 'knex';
import type { ShadowCounter, ShadowExample } from './shadow-records.js';

type Row = Record<string, unknown>;

export interface ShadowTotals {
  counters: Partial<Record<ShadowCounter, number>>;
  fields: { path: string; kind: string; raw: number; noise: number }[];
  signatures: { keys: string[]; count: number }[];
}

/** How far back evidence counts: the last `count` comparisons (whole 10 s buckets) or `durationMs`; neither is the whole epoch. */
export interface EvidenceWindow {
  count?: number;
  durationMs?: number;
}

export interface EvidenceRows {
  compared: number;
  matched: number; // no difference at all
  unkept: number;
  signatures: { keys: string[]; count: number }[];
  latency: { monolith: [number, number][]; service: [number, number][] };
  /** Start of the oldest bucket counted (epoch ms), null without any. */
  from: number | null;
}

/** A route's all-time counters, fields and mismatch signatures. */
export async function readShadowTotals(knex: Knex, routeId: string): Promise<ShadowTotals> {
  const [counterRows, fieldRows, signatureRows] = (await Promise.all([
    knex('shadow_counters').where({ route_id: routeId }).groupBy('name').select('name').sum({ value: 'value' }),
    knex('shadow_fields').where({ route_id: routeId }).groupBy('path', 'kind').select('path', 'kind').sum({ raw: 'raw_count', noise: 'noise_count' }),
    knex('shadow_signatures').where({ route_id: routeId }).groupBy('field_keys').select('field_keys').sum({ count: 'count' }),
  ])) as [Row[], Row[], Row[]];
  const counters: Partial<Record<ShadowCounter, number>> = {};
  for (const r of counterRows) counters[r.name as ShadowCounter] = Number(r.value);
  return {
    counters,
    fields: fieldRows.map((r) => ({ path: String(r.path), kind: String(r.kind), raw: Number(r.raw), noise: Number(r.noise) })),
    signatures: signatureRows.map((r) => ({ keys: JSON.parse(String(r.field_keys)) as string[], count: Number(r.count) })),
  };
}

/** The comparisons of one epoch within `window`, summed over replicas. */
export async function readEvidenceRows(knex: Knex, routeId: string, epochId: number, window: EvidenceWindow, now: number): Promise<EvidenceRows> {
  const where = { route_id: routeId, epoch_id: epochId };
  const buckets = (await knex('shadow_buckets')
    .where(where)
    .groupBy('bucket')
    .select('bucket')
    .sum({ compared: 'compared', matched: 'matched', unkept: 'unkept' })
    .orderBy('bucket', 'desc')) as Row[];
  let from: number | null = null;
  const sums = { compared: 0, matched: 0, unkept: 0 };
  for (const b of buckets) {
    const bucket = Number(b.bucket);
    if (window.durationMs !== undefined && bucket + 10_000 <= now - window.durationMs) break;
    if (window.count !== undefined && sums.compared >= window.count) break;
    from = bucket;
    sums.compared += Number(b.compared);
    sums.matched += Number(b.matched);
    sums.unkept += Number(b.unkept);
  }
  if (from === null) return { ...sums, signatures: [], latency: { monolith: [], service: [] }, from };
  const inWindow = (q: Knex.QueryBuilder) => q.where(where).andWhere('bucket', '>=', from);
  const [signatureRows, latencyRows, keyRows] = (await Promise.all([
    inWindow(knex('shadow_bucket_signatures')).groupBy('signature').select('signature').sum({ count: 'count' }),
    inWindow(knex('shadow_bucket_latency')).groupBy('side', 'bin').select('side', 'bin').sum({ count: 'count' }),
    knex('shadow_signatures').where({ route_id: routeId }).distinct('signature', 'field_keys'),
  ])) as [Row[], Row[], Row[]];
  const keysOf = new Map(keyRows.map((r) => [String(r.signature), JSON.parse(String(r.field_keys)) as string[]]));
  const latency: EvidenceRows['latency'] = { monolith: [], service: [] };
  for (const r of latencyRows) latency[r.side === 'service' ? 'service' : 'monolith'].push([Number(r.bin), Number(r.count)]);
  return {
    ...sums,
    signatures: signatureRows.map((r) => ({ keys: keysOf.get(String(r.signature)) ?? [], count: Number(r.count) })),
    latency,
    from,
  };
}

/** Up to `perField` newest examples per field. */
export async function readExamples(knex: Knex, routeId: string, perField: number): Promise<Map<string, ShadowExample[]>> {
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
