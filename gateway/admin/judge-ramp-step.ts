// The verdict on a ramp step at the end of its hold. Pure: what the canary did during the hold in,
// one of hold (not over yet, or no traffic to judge), next, done or fail out.
import type { GuardConfig } from '../config/schema.js';
import type { Backend } from '../hooks.js';
import type { LatencySummary } from '../telemetry/latency-histogram.js';
import { judgeErrorRate, judgeLatency } from './auto-rollback.js';
import type { WindowCounts } from './traffic-window.js';

export type RampVerdict =
  | { action: 'hold'; why: string }
  | { action: 'next'; percent: number; stepIndex: number }
  | { action: 'done' }
  | { action: 'fail'; why: string; evidence: Record<string, unknown> };

export interface StepFacts {
  steps: number[];
  stepIndex: number;
  holdS: number;
  elapsedMs: number;
  window: WindowCounts; // service requests and failures since the step began (the window is cleared on each move)
  latency: Record<Backend, LatencySummary>;
}

/** Judges the step: any failure rate above maxErrorRate, or latency past the rollback limits, fails it. */
export function judgeRampStep(f: StepFacts, rollback: GuardConfig['rollback']): RampVerdict {
  if (f.elapsedMs < f.holdS * 1000) return { action: 'hold', why: 'holding' };
  if (f.window.requests === 0) return { action: 'hold', why: 'no service traffic during the hold yet: waiting for some before the next step' };
  // One failing request in a small step already says something: the step needs no minimum count.
  const strict = { ...rollback, minRequests: 1 };
  const breach = judgeErrorRate(f.window, strict, 'replica') ?? judgeLatency(f.latency, strict);
  if (breach) return { action: 'fail', why: `ramp step ${f.steps[f.stepIndex]}% failed: ${breach.why}`, evidence: breach.evidence };
  const next = f.stepIndex + 1;
  if (next >= f.steps.length) return { action: 'done' };
  return { action: 'next', percent: f.steps[next], stepIndex: next };
}
