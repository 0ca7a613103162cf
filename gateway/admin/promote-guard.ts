// The promote guard: more traffic to a service needs enough matching shadow traffic first. Pure.
import type { LatencyComparison } from '../compare/summarise-evidence.js';
import type { GuardConfig, Mode } from '../config/schema.js';

/** A route's fleet-wide shadow evidence in its current window and epoch: real differences only, noise excluded. */
export interface ShadowEvidence {
  compared: number;
  matched: number;
  realMismatches: number;
  matchRate: number | null; // matched / compared; null before any comparison
  epoch?: { id: number; version: string | null; startedAt: string | null; cause: string; flapping: boolean };
  window?: { setting: number | string | null; from: string | null };
  latency?: LatencyComparison;
  allTime?: { compared: number; matched: number; realMismatches: number; matchRate: number | null };
}

export interface Shortfall {
  metric: 'samples' | 'matchRate' | 'latencyRatio' | 'epoch';
  required: number | string;
  actual: number | string | null;
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
  if (promote.maxLatencyRatio !== undefined) {
    const ratio = evidence.latency?.ratio.p95 ?? null;
    if (ratio === null || ratio > promote.maxLatencyRatio) shortfalls.push({ metric: 'latencyRatio', required: promote.maxLatencyRatio, actual: ratio });
  }
  if (evidence.epoch?.flapping) shortfalls.push({ metric: 'epoch', required: 'one service version', actual: 'version header flapping' });
  return { guarded: true, allowed: shortfalls.length === 0, shortfalls };
}

const round4 = (x: number): number => Math.round(x * 10_000) / 10_000;

const show = (x: number | string | null): string => (x === null ? 'n/a' : typeof x === 'number' ? String(round4(x)) : x);

/** One line for people: `samples 12 < 200, match rate 0.9 < 0.99, p95 latency ratio 2.1 > 1.2`. */
export function describeShortfalls(shortfalls: Shortfall[]): string {
  return shortfalls
    .map((s) => {
      if (s.metric === 'samples') return `samples ${show(s.actual)} < ${s.required}`;
      if (s.metric === 'matchRate') return `match rate ${show(s.actual)} < ${s.required}`;
      if (s.metric === 'latencyRatio') return `p95 latency ratio service/monolith ${show(s.actual)} > ${s.required}`;
      return `the service's version header changes too often to tell which version was compared (${s.actual})`;
    })
    .join(', ');
}
