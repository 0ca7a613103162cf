// The promote guard: more traffic to a service needs enough matching shadow traffic first. Pure.
import type { GuardConfig, Mode } from '../config/schema.js';

/** A route's fleet-wide shadow evidence: real differences only, noise excluded. */
export interface ShadowEvidence {
  compared: number;
  matched: number;
  realMismatches: number;
  matchRate: number | null; // matched / compared; null before any comparison
}

export interface Shortfall {
  metric: 'samples' | 'matchRate';
  required: number;
  actual: number | null;
}

export interface PromoteVerdict {
  guarded: boolean; // false when the change sends no more traffic to the service than before
  allowed: boolean;
  shortfalls: Shortfall[];
}

/** Share of a route's traffic answered by the service in a mode (shadow still answers from the monolith). */
export function serviceShare(state: { mode: Mode; percent: number }): number {
  if (state.mode === 'service') return 100;
  if (state.mode === 'canary') return state.percent;
  return 0;
}

/**
 * Checks a change against `guard.promote`. Only promotions are guarded (more traffic to the service):
 * stepping back is never blocked, because that is what an operator does when things go wrong.
 */
export function checkPromotion(
  from: { mode: Mode; percent: number },
  to: { mode: Mode; percent: number },
  evidence: ShadowEvidence,
  promote: GuardConfig['promote'],
): PromoteVerdict {
  if (serviceShare(to) <= serviceShare(from)) return { guarded: false, allowed: true, shortfalls: [] };
  const shortfalls: Shortfall[] = [];
  if (evidence.compared < promote.minSamples) {
    shortfalls.push({ metric: 'samples', required: promote.minSamples, actual: evidence.compared });
  }
  if (evidence.matchRate === null || evidence.matchRate < promote.minMatchRate) {
    shortfalls.push({ metric: 'matchRate', required: promote.minMatchRate, actual: evidence.matchRate });
  }
  return { guarded: true, allowed: shortfalls.length === 0, shortfalls };
}

const round4 = (x: number): number => Math.round(x * 10_000) / 10_000;

/** One line for people: `samples 12 < 200, match rate 0.9 < 0.99`. */
export function describeShortfalls(shortfalls: Shortfall[]): string {
  return shortfalls
    .map((s) => (s.metric === 'samples' ? `samples ${s.actual} < ${s.required}` : `match rate ${s.actual === null ? 'n/a' : round4(s.actual)} < ${s.required}`))
    .join(', ');
}
