// A route's shadow verdict for its current window and epoch, with all-time totals beside it. Raw
// field counts in the window come from the mismatch signatures (each names the fields that
// differed together); noise is what the monolith-vs-monolith comparisons learned over all time,
// since it says how the monolith behaves, whatever version the service runs.
import { summariseLatency, type LatencySummary } from '../telemetry/latency-histogram.js';
import type { NoiseThresholds } from './classify-noise.js';
import type { DiffKind } from './diff-json.js';
import { fieldKey, summariseRoute, type RouteSummary } from './summarise-route.js';

export interface TotalsInput {
  compared: number;
  noiseCompared: number;
  unkeptMismatches: number;
  fields: { path: string; kind: string; raw: number; noise: number }[];
  signatures: { keys: string[]; count: number }[];
}

export interface WindowInput {
  compared: number;
  unkept: number;
  signatures: { keys: string[]; count: number }[];
  latency: { monolith: [number, number][]; service: [number, number][] };
}

export interface LatencyComparison {
  monolith: LatencySummary;
  service: LatencySummary;
  /** service ÷ monolith per percentile; null while either side has no samples. */
  ratio: { p50: number | null; p95: number | null; p99: number | null };
}

export interface EvidenceSummary {
  current: RouteSummary;
  allTime: RouteSummary;
  latency: LatencyComparison;
}

/** Judges the window against noise learned all-time; `allTime` is the classic whole-history verdict. */
export function summariseEvidence(totals: TotalsInput, window: WindowInput, thresholds: NoiseThresholds): EvidenceSummary {
  const allTime = summariseRoute(
    {
      compared: totals.compared,
      noiseCompared: totals.noiseCompared,
      unkeptMismatches: totals.unkeptMismatches,
      fields: totals.fields.map((f) => ({ path: f.path, kind: f.kind as DiffKind, count: f.raw, noiseCount: f.noise })),
      signatures: totals.signatures,
    },
    thresholds,
  );
  const rawInWindow = new Map<string, number>();
  for (const s of window.signatures) for (const k of s.keys) rawInWindow.set(k, (rawInWindow.get(k) ?? 0) + s.count);
  const current = summariseRoute(
    {
      compared: window.compared,
      noiseCompared: totals.noiseCompared,
      unkeptMismatches: window.unkept,
      fields: totals.fields
        .map((f) => ({ path: f.path, kind: f.kind as DiffKind, count: rawInWindow.get(fieldKey(f.path, f.kind as DiffKind)) ?? 0, noiseCount: f.noise }))
        .filter((f) => f.count > 0),
      signatures: window.signatures,
    },
    thresholds,
  );
  const monolith = summariseLatency(window.latency.monolith);
  const service = summariseLatency(window.latency.service);
  const ratio = (a: number | null, b: number | null): number | null => (a === null || b === null || b === 0 ? null : Math.round((a / b) * 1000) / 1000);
  return {
    current,
    allTime,
    latency: { monolith, service, ratio: { p50: ratio(service.p50, monolith.p50), p95: ratio(service.p95, monolith.p95), p99: ratio(service.p99, monolith.p99) } },
  };
}
