// Log-scale latency histogram: bins 10% wide from 0.1 ms, so any percentile is read within 10% from
// a few dozen counts that add up across seconds, buckets and replicas (plain `bin → count` maps).

const BASE_MS = 0.1;
const GROWTH = Math.log(1.1);
const MAX_BIN = 200; // 0.1 ms × 1.1^200 ≈ 19 million ms: everything longer shares the last bin

/** The bin a duration falls in: bin b holds (0.1 × 1.1^(b−1), 0.1 × 1.1^b] ms. */
export function latencyBin(ms: number): number {
  if (!(ms > BASE_MS)) return 0;
  return Math.min(MAX_BIN, Math.ceil(Math.log(ms / BASE_MS) / GROWTH - 1e-9));
}

/** The upper bound of a bin, in ms (what a percentile reports). */
export function binUpperMs(bin: number): number {
  return Math.round(BASE_MS * Math.exp(bin * GROWTH) * 100) / 100;
}

export type LatencyBins = Map<number, number>;

/** Adds one duration to `bins`. */
export function addLatency(bins: LatencyBins, ms: number): void {
  const b = latencyBin(ms);
  bins.set(b, (bins.get(b) ?? 0) + 1);
}

export interface LatencySummary {
  count: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

/** p50/p95/p99 (ms, upper bin bounds) of merged bins; nulls without samples. */
export function summariseLatency(bins: Iterable<[number, number]>): LatencySummary {
  const sorted = [...bins].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  const count = sorted.reduce((s, [, n]) => s + n, 0);
  const at = (q: number): number | null => {
    if (count === 0) return null;
    const rank = Math.ceil(q * count);
    let seen = 0;
    for (const [bin, n] of sorted) {
      seen += n;
      if (seen >= rank) return binUpperMs(bin);
    }
    return binUpperMs(sorted[sorted.length - 1][0]);
  };
  return { count, p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}
