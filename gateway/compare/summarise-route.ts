// Turns a route's aggregated counts into the verdict people read: which fields really differ,
// which are noise, and how many exchanges matched. An exchange is remembered by its signature
// (the set of field keys that differed in it), so once noise is learned, exchanges that differed
// only in noisy fields count as matched — also those seen before the noise was learned.
import { isRealDifference, type NoiseBasis, type NoiseThresholds } from './classify-noise.js';
import type { DiffKind } from './diff-json.js';

export interface FieldCount {
  path: string;
  kind: DiffKind;
  count: number;
  noiseCount: number;
}

export interface SignatureCount {
  /** Field keys (`fieldKey(path, kind)`) that differed together in these exchanges. */
  keys: string[];
  count: number;
}

export interface RouteSummaryInput extends NoiseBasis {
  fields: FieldCount[];
  signatures: SignatureCount[];
  /** Mismatching exchanges whose signature was not kept (too many distinct ones): counted as real. */
  unkeptMismatches: number;
}

export interface RouteSummary {
  compared: number;
  matched: number;
  mismatched: number;
  matchRate: number | null;
  fields: (FieldCount & { noise: boolean })[];
}

/** The key of one field difference in a signature: `$.price value`. */
export function fieldKey(path: string, kind: DiffKind): string {
  return `${path} ${kind}`;
}

/** Classifies every field and counts matched exchanges; fields sorted real first, then by count. */
export function summariseRoute(input: RouteSummaryInput, thresholds: NoiseThresholds): RouteSummary {
  const realKeys = new Set<string>();
  const fields = input.fields.map((f) => {
    const real = isRealDifference(f.count, f.noiseCount, input, thresholds);
    if (real) realKeys.add(fieldKey(f.path, f.kind));
    return { ...f, noise: !real };
  });
  let mismatched = input.unkeptMismatches;
  for (const s of input.signatures) if (s.keys.some((k) => realKeys.has(k))) mismatched += s.count;
  mismatched = Math.min(mismatched, input.compared);
  const matched = input.compared - mismatched;
  fields.sort((a, b) => Number(a.noise) - Number(b.noise) || b.count - a.count || a.path.localeCompare(b.path));
  return {
    compared: input.compared,
    matched,
    mismatched,
    matchRate: input.compared > 0 ? matched / input.compared : null,
    fields,
  };
}
