// What the admin plane reads from the shadow store: the evidence the promote guard judges (the
// current epoch, within guard.promote.window) with all-time totals beside it, the per-field diff
// report, and evidence resets.
import type { Knex } from 'knex';
import type { NoiseThresholds } from '../compare/classify-noise.js';
import type { DiffKind } from '../compare/diff-json.js';
import { summariseEvidence, type LatencyComparison } from '../compare/summarise-evidence.js';
import { parseDurationMs, type GatewayConfig, type RouteConfig } from '../config/schema.js';
import { countVersionEpochsSince, readCurrentEpoch, startEpoch } from '../store/evidence-epochs.js';
import type { OpenStore } from '../store/open-store.js';
import type { EvidenceEpoch, ShadowCounter, ShadowExample } from '../store/shadow-records.js';
import { readEvidenceRows, readExamples, readShadowTotals, type EvidenceWindow } from '../store/shadow-reader.js';
import type { ShadowEvidence } from './promote-guard.js';

export const DEFAULT_THRESHOLDS: NoiseThresholds = { relative: 0.2, absolute: 0.0003 };
/** More version epochs than this within FLAP_WINDOW_MS: the version header flaps (e.g. a per-instance id, or a rollout under way). */
export const FLAP_LIMIT = 3;
export const FLAP_WINDOW_MS = 5 * 60_000;

export interface EpochView extends EvidenceEpoch {
  startedAtIso: string | null;
  /** The version header changed too often to trust one epoch; promotion is refused while it does. */
  flapping: boolean;
  recentVersionEpochs: number;
}

export interface Totals {
  compared: number;
  matched: number;
  mismatched: number;
  matchRate: number | null;
  strictMatched: number;
}

/** The body of `GET /api/routes/:id/diffs`: the current window and epoch at the top level, all-time totals beside. */
export interface RouteDiffs {
  route: string;
  compared: number;
  matched: number;
  mismatched: number;
  matchRate: number | null;
  /** Exchanges with no difference at all, noise included (current window). */
  strictMatched: number;
  noiseCompared: number;
  counters: Partial<Record<ShadowCounter, number>>;
  thresholds: NoiseThresholds;
  epoch: EpochView;
  window: { setting: number | string | null; from: string | null };
  latency: LatencyComparison;
  allTime: Totals & { fields: { path: string; kind: DiffKind; count: number; noiseCount: number; noise: boolean }[] };
  fields: { path: string; kind: DiffKind; count: number; noiseCount: number; noise: boolean; examples: ShadowExample[] }[];
}

export interface ShadowReader {
  readEvidence(routeId: string): Promise<ShadowEvidence>;
  readDiffs(routeId: string, options?: { examples?: number }): Promise<RouteDiffs>;
  /** Starts a new evidence epoch for the route; what was compared before no longer counts for promotion. */
  resetEvidence(routeId: string, who: string, why: string): Promise<EvidenceEpoch>;
}

export interface ShadowReaderOptions {
  now?: () => number;
  replica?: string;
}

/** The window a route's guard judges. */
export function evidenceWindowOf(route: RouteConfig | undefined): EvidenceWindow {
  const w = route?.guard.promote.window;
  if (typeof w === 'number') return { count: w };
  if (typeof w === 'string') return { durationMs: parseDurationMs(w) };
  return {};
}

interface ReadOptions {
  route: RouteConfig | undefined;
  thresholds?: NoiseThresholds;
  examples: number;
  now: number;
}

async function readRoute(knex: Knex, routeId: string, o: ReadOptions) {
  const { route, now } = o;
  const thresholds = o.thresholds ?? route?.shadow.thresholds ?? DEFAULT_THRESHOLDS;
  const epoch = await readCurrentEpoch(knex, routeId);
  const [totals, rows, recentVersionEpochs, exampleMap] = await Promise.all([
    readShadowTotals(knex, routeId),
    readEvidenceRows(knex, routeId, epoch.id, evidenceWindowOf(route), now),
    countVersionEpochsSince(knex, routeId, now - FLAP_WINDOW_MS),
    readExamples(knex, routeId, o.examples),
  ]);
  const c = totals.counters;
  const summary = summariseEvidence(
    { compared: c.compared ?? 0, noiseCompared: c.noise_compared ?? 0, unkeptMismatches: c.signatures_unkept ?? 0, fields: totals.fields, signatures: totals.signatures },
    rows,
    thresholds,
  );
  const epochView: EpochView = {
    ...epoch,
    startedAtIso: epoch.startedAt === null ? null : new Date(epoch.startedAt).toISOString(),
    flapping: recentVersionEpochs > FLAP_LIMIT,
    recentVersionEpochs,
  };
  const window = { setting: route?.guard.promote.window ?? null, from: rows.from === null ? null : new Date(rows.from).toISOString() };
  return { thresholds, totals, rows, summary, epoch: epochView, window, exampleMap };
}

/** The evidence the promote guard judges. Example: `await readShadowEvidence(store, 'catalog-products')`. */
export async function readShadowEvidence(store: Pick<OpenStore, 'knex'>, routeId: string, o: Partial<ReadOptions> = {}): Promise<ShadowEvidence> {
  const { summary, epoch, window } = await readRoute(store.knex, routeId, { route: o.route, thresholds: o.thresholds, examples: 0, now: o.now ?? Date.now() });
  const { current, allTime } = summary;
  return {
    compared: current.compared,
    matched: current.matched,
    realMismatches: current.mismatched,
    matchRate: current.matchRate,
    epoch: { id: epoch.id, version: epoch.version, startedAt: epoch.startedAtIso, cause: epoch.cause, flapping: epoch.flapping },
    window,
    latency: summary.latency,
    allTime: { compared: allTime.compared, matched: allTime.matched, realMismatches: allTime.mismatched, matchRate: allTime.matchRate },
  };
}

/** A route's diffs as the admin API serves them. Example: `await readRouteDiffs(store, 'catalog-products')`. */
export async function readRouteDiffs(store: Pick<OpenStore, 'knex'>, routeId: string, o: Partial<ReadOptions> = {}): Promise<RouteDiffs> {
  const r = await readRoute(store.knex, routeId, { route: o.route, thresholds: o.thresholds, examples: o.examples ?? 3, now: o.now ?? Date.now() });
  const { current, allTime } = r.summary;
  return {
    route: routeId,
    compared: current.compared,
    matched: current.matched,
    mismatched: current.mismatched,
    matchRate: current.matchRate,
    strictMatched: r.rows.matched,
    noiseCompared: r.totals.counters.noise_compared ?? 0,
    counters: r.totals.counters,
    thresholds: r.thresholds,
    epoch: r.epoch,
    window: r.window,
    latency: r.summary.latency,
    allTime: {
      compared: allTime.compared,
      matched: allTime.matched,
      mismatched: allTime.mismatched,
      matchRate: allTime.matchRate,
      strictMatched: r.totals.counters.matched ?? 0,
      fields: allTime.fields,
    },
    fields: current.fields.map((f) => ({ ...f, examples: r.exampleMap.get(`${f.path}\0${f.kind}`) ?? [] })),
  };
}

/** Reads shadow results from the store; `config` gives each route's current thresholds and window. */
export function createShadowReader(store: Pick<OpenStore, 'knex'>, config: () => GatewayConfig, options: ShadowReaderOptions = {}): ShadowReader {
  const now = options.now ?? Date.now;
  const routeOf = (routeId: string) => config().routes.find((r) => r.id === routeId);
  return {
    readEvidence: (routeId) => readShadowEvidence(store, routeId, { route: routeOf(routeId), now: now() }),
    readDiffs: (routeId, o = {}) => readRouteDiffs(store, routeId, { route: routeOf(routeId), examples: o.examples, now: now() }),
    async resetEvidence(routeId, who, why) {
      const current = await readCurrentEpoch(store.knex, routeId);
      return startEpoch(store.knex, { routeId, at: now(), version: current.version, cause: 'reset', who, why, replica: options.replica ?? 'admin' });
    },
  };
}
