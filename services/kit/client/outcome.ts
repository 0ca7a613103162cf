// What a service call ended as: outcomes are data, never exceptions (YARP's ForwarderError).

export type CallOutcome =
  | 'ok' // 2xx/3xx
  | 'http_error' // the server answered 4xx/5xx (after retries, for idempotent calls)
  | 'timeout' // no full answer within timeoutMs
  | 'refused' // nothing listening
  | 'reset' // the connection was cut mid-exchange
  | 'network_error' // DNS, TLS, anything else below HTTP
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
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string; name?: string } };
  if (e?.name === 'TimeoutError' || e?.cause?.name === 'TimeoutError') return { outcome: 'timeout', error: e.message ?? 'timed out' };
  const code = e?.cause?.code ?? (e as { code?: string })?.code;
  const detail = `${e?.message ?? String(err)}${e?.cause?.message ? `: ${e.cause.message}` : ''}`;
  if (code === 'ECONNREFUSED') return { outcome: 'refused', error: detail };
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') return { outcome: 'reset', error: detail };
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'ETIMEDOUT') return { outcome: 'timeout', error: detail };
  return { outcome: 'network_error', error: detail };
}
