// Noise cancellation after Twitter's Diffy. Each field path (and kind) has a raw count
// (monolith vs service answers that differed there) and a noise count (monolith vs monolith,
// measured on a sample). A field is a real difference only when raw exceeds noise and both the
// relative and the absolute thresholds hold. Noise is measured on a `noiseSample` share of the
// exchanges, so its count is scaled to the raw basis before the rule is applied.

export interface NoiseThresholds {
  /** |raw−noise| / (raw+noise) must exceed this (Diffy: 20%). */
  relative: number;
  /** |raw−noise| / compared must exceed this (Diffy: 0.03%). */
  absolute: number;
}

export interface NoiseBasis {
  /** Exchanges compared monolith vs service. */
  compared: number;
  /** Exchanges compared monolith vs monolith. */
  noiseCompared: number;
}

/** True when a field's raw difference count is more than its noise explains. Example: raw 40 of 100, noise 0 of 20 → true. */
export function isRealDifference(raw: number, noise: number, basis: NoiseBasis, thresholds: NoiseThresholds): boolean {
  if (raw <= 0 || basis.compared <= 0) return false;
  const scaledNoise = basis.noiseCompared > 0 ? (noise * basis.compared) / basis.noiseCompared : 0;
  const delta = raw - scaledNoise;
  if (delta <= 0) return false;
  return delta / (raw + scaledNoise) > thresholds.relative && delta / basis.compared > thresholds.absolute;
}
