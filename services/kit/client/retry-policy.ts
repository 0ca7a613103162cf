// When a failed call may be sent again, and how long to wait first.
import type { Attempt } from './outcome.js';

// RFC 9110 idempotent methods; POST and PATCH are never retried since a retry could apply a write twice.
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);
const RETRYABLE_STATUS = new Set([500, 502, 503, 504]);

export function isIdempotent(method: string): boolean {
  return IDEMPOTENT.has(method.toUpperCase());
}

/** A transient failure worth another attempt: transport errors, 500/502/503/504, and a 429 that says when. */
export function isRetryable(a: Pick<Attempt, 'outcome' | 'status' | 'headers'>): boolean {
  if (a.outcome === 'http_error') return a.status !== undefined && (RETRYABLE_STATUS.has(a.status) || (a.status === 429 && 'retry-after' in a.headers));
  return a.outcome === 'upstream_timeout' || a.outcome === 'upstream_refused' || a.outcome === 'upstream_reset' || a.outcome === 'upstream_error';
}

/** Exponential backoff with "equal jitter": half the step fixed, half random. `retry` counts from 1. */
export function backoffDelay(retry: number, backoffMs: number, rng: () => number = Math.random): number {
  const step = backoffMs * 2 ** (retry - 1);
  return step / 2 + rng() * (step / 2);
}

/** Retry-After (delta-seconds or an HTTP date) in milliseconds from `now`; undefined when absent or unreadable. */
export function retryAfterMs(header: string | undefined, now = Date.now()): number | undefined {
  if (header === undefined) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
