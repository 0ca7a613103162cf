// What a service call ended as: outcomes are data, never exceptions (YARP's ForwarderError).
import { classifyUpstreamError, type UpstreamOutcome } from '../../../common/outcome.js';

/** An upstream outcome (common/outcome.ts), or what only a service call can end as. */
export type CallOutcome =
  | UpstreamOutcome
  | 'http_error' // the server answered 4xx/5xx (after retries, for idempotent calls)
  | 'invalid_body' // a JSON content type whose body does not parse
  | 'unresolved' // service://name that no registry source knows
  | 'circuit_open' // the service failed repeatedly; calls are not sent until its breaker lets a probe through
  | 'queue_full'; // maxConcurrent calls in flight and maxQueue waiting for this service

export interface CallResult<T> {
  ok: boolean;
  outcome: CallOutcome;
  /** HTTP status of the last attempt, when there was an answer. */
  status?: number;
  /** Parsed JSON (or text) of the answer; the `default` value when `fromDefault`. */
  body: T | undefined;
  headers: Record<string, string>;
  /** Attempts sent, retries included (0 when the call never left: unresolved, circuit open, queue full). */
  attempts: number;
  /** The call failed and `body` is the configured `default`. */
  fromDefault: boolean;
  /** What went wrong, for logs; absent when ok. */
  error?: string;
  ms: number;
}

/** One attempt's end, before retries and defaults are decided. */
export interface Attempt {
  outcome: CallOutcome;
  status?: number;
  body?: unknown;
  headers: Record<string, string>;
  error?: string;
}

/** A failure the caller should not rely on: anything but an answer below 500 (a 4xx is an answer). */
export function isFailure(a: Pick<Attempt, 'outcome' | 'status'>): boolean {
  return a.outcome !== 'ok' && !(a.outcome === 'http_error' && a.status !== undefined && a.status < 500);
}

/** The call's result from its last attempt, with `fallback` as the body when it failed and one is given. */
export function finishCall<T>(last: Attempt, attempts: number, ms: number, fallback: T | undefined): CallResult<T> {
  if (isFailure(last) && fallback !== undefined) {
    return { ok: false, outcome: last.outcome, status: last.status, body: fallback, headers: last.headers, attempts, fromDefault: true, error: last.error, ms };
  }
  return { ok: last.outcome === 'ok', outcome: last.outcome, status: last.status, body: last.body as T | undefined, headers: last.headers, attempts, fromDefault: false, error: last.error, ms };
}

/** Maps a fetch failure to an outcome by its cause's code (undici puts the socket error in `cause`). */
export function classifyFailure(err: unknown): { outcome: CallOutcome; error: string } {
  const e = err as { message?: string; cause?: { message?: string } };
  return { outcome: classifyUpstreamError(err).outcome, error: `${e?.message ?? String(err)}${e?.cause?.message ? `: ${e.cause.message}` : ''}` };
}
