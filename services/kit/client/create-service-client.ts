// A client for calling the monolith or another service: per-attempt timeouts, retries with exponential
// backoff and jitter for idempotent methods only, an optional fallback value, the request id passed on.
// Node's fetch (undici) keeps connections alive and pools them per origin.
import { setTimeout as sleep } from 'node:timers/promises';
import { REQUEST_ID_HEADER, currentRequestContext } from '../request-context.js';
import { classifyFailure, type CallOutcome, type CallResult } from './outcome.js';
import { backoffDelay, isIdempotent, isRetryable } from './retry-policy.js';

export interface ServiceClientOptions {
  baseUrl: string;
  /** Per attempt, headers and body included. */
  timeoutMs?: number;
  /** Extra attempts after the first, for idempotent methods only. */
  retries?: number;
  /** First backoff step; doubles each retry, with jitter. */
  backoffMs?: number;
  /** Returned as `body` (with `fromFallback: true`) when a call fails for good; a 4xx is an answer, not a failure. */
  fallback?: unknown;
  headers?: Record<string, string>;
  /** Injected randomness for the jitter (tests). */
  rng?: () => number;
}

export interface CallOptions<T> {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
  /** Defaults to the id of the request being served (AsyncLocalStorage), if any. */
  requestId?: string;
  /** Overrides the client's fallback for this call. */
  fallback?: T;
  timeoutMs?: number;
  retries?: number;
}

export interface ServiceClient {
  request: <T = unknown>(method: string, path: string, options?: CallOptions<T>) => Promise<CallResult<T>>;
  get: <T = unknown>(path: string, options?: CallOptions<T>) => Promise<CallResult<T>>;
  post: <T = unknown>(path: string, options?: CallOptions<T>) => Promise<CallResult<T>>;
  put: <T = unknown>(path: string, options?: CallOptions<T>) => Promise<CallResult<T>>;
  patch: <T = unknown>(path: string, options?: CallOptions<T>) => Promise<CallResult<T>>;
  delete: <T = unknown>(path: string, options?: CallOptions<T>) => Promise<CallResult<T>>;
}

interface Attempt {
  outcome: CallOutcome;
  status?: number;
  body?: unknown;
  headers: Record<string, string>;
  error?: string;
}

/**
 * Example: `const monolith = createServiceClient({ baseUrl: config.MONOLITH_URL, timeoutMs: 2000, retries: 2 });
 * const r = await monolith.get<User>('/api/users/1'); if (r.ok) use(r.body);`
 */
export function createServiceClient(options: ServiceClientOptions): ServiceClient {
  const base = options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const backoffMs = options.backoffMs ?? 100;
  const rng = options.rng ?? Math.random;

  const request = async <T>(method: string, path: string, call: CallOptions<T> = {}): Promise<CallResult<T>> => {
    const verb = method.toUpperCase();
    const url = new URL(path.replace(/^\//, ''), base);
    for (const [k, v] of Object.entries(call.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const requestId = call.requestId ?? currentRequestContext()?.requestId;
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers, ...call.headers };
    if (requestId) headers[REQUEST_ID_HEADER] = requestId;
    let payload: string | undefined;
    if (call.body !== undefined) {
      payload = typeof call.body === 'string' ? call.body : JSON.stringify(call.body);
      headers['content-type'] ??= 'application/json';
    }
    const maxAttempts = 1 + (isIdempotent(verb) ? (call.retries ?? options.retries ?? 2) : 0);
    const start = performance.now();

    let attempt: Attempt = { outcome: 'network_error', headers: {} };
    let attempts = 0;
    while (attempts < maxAttempts) {
      if (attempts > 0) await sleep(backoffDelay(attempts, backoffMs, rng));
      attempts += 1;
      attempt = await attemptOnce(url, verb, headers, payload, call.timeoutMs ?? timeoutMs);
      if (attempt.outcome === 'ok' || !isRetryable(attempt.outcome, attempt.status)) break;
    }

    const ms = Math.round(performance.now() - start);
    const failedForGood = attempt.outcome !== 'ok' && !(attempt.outcome === 'http_error' && attempt.status! < 500);
    const fallback = 'fallback' in call ? call.fallback : options.fallback;
    if (failedForGood && fallback !== undefined) {
      return { ok: false, outcome: attempt.outcome, status: attempt.status, body: fallback as T, headers: attempt.headers, attempts, fromFallback: true, error: attempt.error, ms };
    }
    return { ok: attempt.outcome === 'ok', outcome: attempt.outcome, status: attempt.status, body: attempt.body as T | undefined, headers: attempt.headers, attempts, fromFallback: false, error: attempt.error, ms };
  };

  return {
    request,
    get: (path, o) => request('GET', path, o),
    post: (path, o) => request('POST', path, o),
    put: (path, o) => request('PUT', path, o),
    patch: (path, o) => request('PATCH', path, o),
    delete: (path, o) => request('DELETE', path, o),
  };
}

async function attemptOnce(url: URL, method: string, headers: Record<string, string>, payload: string | undefined, timeoutMs: number): Promise<Attempt> {
  try {
    // The signal also bounds reading the body, so a server that stalls mid-body is a timeout too.
    const res = await fetch(url, { method, headers, body: payload, signal: AbortSignal.timeout(timeoutMs) });
    const resHeaders = Object.fromEntries(res.headers.entries());
    const text = method === 'HEAD' ? '' : await res.text();
    const outcome: CallOutcome = res.status < 400 ? 'ok' : 'http_error';
    const error = outcome === 'ok' ? undefined : `HTTP ${res.status}`;
    const isJson = /\bjson\b/i.test(res.headers.get('content-type') ?? '');
    if (!isJson || text === '') return { outcome, status: res.status, body: text === '' ? undefined : text, headers: resHeaders, error };
    try {
      return { outcome, status: res.status, body: JSON.parse(text), headers: resHeaders, error };
    } catch (err) {
      return { outcome: outcome === 'ok' ? 'invalid_body' : outcome, status: res.status, body: text, headers: resHeaders, error: error ?? `invalid JSON: ${(err as Error).message}` };
    }
  } catch (err) {
    return { headers: {}, ...classifyFailure(err) };
  }
}
