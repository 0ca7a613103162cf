// When a failed call may be sent again, and how long to wait first.
import type { CallOutcome } from './outcome.js';

// RFC 9110 idempotent methods; POST and PATCH are never retried since a retry could apply a write twice.
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);
const RETRYABLE_STATUS = new Set([500, 502, 503, 504]);

export function isIdempotent(method: string): boolean {
  return IDEMPOTENT.has(method.toUpperCase());
}

/** A transient failure worth another attempt: transport errors and 500/502/503/504. */
export function isRetryable(outcome: CallOutcome, status: number | undefined): boolean {
  if (outcome === 'http_error') return status !== undefined && RETRYABLE_STATUS.has(status);
  return outcome === 'timeout' || outcome === 'refused' || outcome === 'reset' || outcome === 'network_error';
}

/** Exponential backoff with "equal jitter": half the step fixed, half random. `retry` counts from 1. */
export function backoffDelay(retry: number, backoffMs: number, rng: () => number = Math.random): number {
  const step = backoffMs * 2 ** (retry - 1);
  return step / 2 + rng() * (step / 2);
}
