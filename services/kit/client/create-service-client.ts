// A client for calling the monolith or another service, by URL or by name (`service://catalog/path`,
// resolved through a registry at every call). Per service: a circuit breaker and a bound on concurrent
// calls. Per call: a timeout per attempt, retries for idempotent methods only (exponential backoff with
// jitter, or the server's Retry-After up to a cap), a `default` answer when it fails for good, the request
// id passed on. Outcomes are data (CallResult) and metrics; the client never throws.
// Node's fetch (undici) keeps connections alive and pools them per origin.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Registry } from 'prom-client';
import { REQUEST_ID_HEADER, currentRequestContext } from '../request-context.js';
import { createCircuitBreaker, type CircuitBreaker, type CircuitBreakerOptions } from './circuit-breaker.js';
import { createClientMetrics } from './client-metrics.js';
import { createConcurrencyLimit, type ConcurrencyLimit } from './limit-concurrency.js';
import { classifyFailure, finishCall, isFailure, type Attempt, type CallResult } from './outcome.js';
import { backoffDelay, isIdempotent, isRetryable, retryAfterMs } from './retry-policy.js';
import { createServiceRegistry, serviceEnvVariable, type ServiceRegistry } from './service-registry.js';

export interface ServiceClientOptions {
  /** `http://host:port` or `service://name`; paths of calls are relative to it. Calls may also pass full `service://name/path` or `http://…` URLs. */
  baseUrl?: string;
  /** Resolves `service://` names (default: createServiceRegistry(), i.e. the environment and FICUS_SERVICE_REGISTRY / FICUS_ADMIN_URL). */
  registry?: ServiceRegistry;
  /** Per attempt, headers and body included (default 5000). */
  timeoutMs?: number;
  /** Extra attempts after the first, for idempotent methods only (default 2). */
  retries?: number;
  /** First backoff step; doubles each retry, with jitter (default 100). */
  backoffMs?: number;
  /** Longest Retry-After the client waits (default 5000); a server asking for more ends the retries. */
  maxRetryAfterMs?: number;
  /** The answer's `body` (with `fromDefault: true`) when a call fails for good; a 4xx is an answer, not a failure. */
  default?: unknown;
  headers?: Record<string, string>;
  /** Per service; `false` turns it off (default: 5 failed attempts in a row open it for 10 s). */
  breaker?: CircuitBreakerOptions | false;
  /** Calls in flight per service (default 64) and waiting beyond those (default 256). */
  maxConcurrent?: number;
  maxQueue?: number;
  /** Registers ficus_client_calls_total / ficus_client_call_duration_seconds here (a service's `metrics`). */
  metrics?: Registry;
  /** Called with every call's result (logs, tests). */
  onOutcome?: (call: { service: string; method: string; path: string; result: CallResult<unknown> }) => void;
  /** Injected randomness for the jitter (tests). */
  rng?: () => number;
}

export interface CallOptions<T> {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
  /** Defaults to the id of the request being served (AsyncLocalStorage), if any. */
  requestId?: string;
  /** Overrides the client's `default` for this call. */
  default?: T;
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
  /** Counts calls on `registry` unless `metrics` was given; createService calls it for a client in `deps`. */
  registerMetrics: (registry: Registry) => void;
}

type Verbs = Pick<ServiceClient, 'request' | 'get' | 'post' | 'put' | 'patch' | 'delete'>;

/** The method shortcuts over one `request`: the real client and the fake share them. */
export function withVerbs(request: ServiceClient['request']): Verbs {
  return {
    request,
    get: (path, o) => request('GET', path, o),
    post: (path, o) => request('POST', path, o),
    put: (path, o) => request('PUT', path, o),
    patch: (path, o) => request('PATCH', path, o),
    delete: (path, o) => request('DELETE', path, o),
  };
}

interface Target {
  /** The service name (service://name) or the origin: the key of its breaker, limit and metrics label. */
  service: string;
  /** Resolves to the absolute URL to call, or undefined when the name is unknown. */
  url: () => Promise<URL | undefined>;
}

/**
 * Example: `const catalog = createServiceClient({ baseUrl: 'service://catalog', default: { items: [] }, metrics: service.metrics });
 * const r = await catalog.get<Product>('/api/products/1'); if (r.ok) use(r.body);`
 */
export function createServiceClient(options: ServiceClientOptions = {}): ServiceClient {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const backoffMs = options.backoffMs ?? 100;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 5_000;
  const rng = options.rng ?? Math.random;
  let registry = options.registry;
  let metrics = options.metrics ? createClientMetrics(options.metrics) : undefined;
  const breakers = new Map<string, CircuitBreaker>();
  const limits = new Map<string, ConcurrencyLimit>();
  const breakerOf = (service: string): CircuitBreaker | undefined => {
    if (options.breaker === false) return undefined;
    let b = breakers.get(service);
    if (!b) breakers.set(service, (b = createCircuitBreaker(options.breaker)));
    return b;
  };
  const limitOf = (service: string): ConcurrencyLimit => {
    let l = limits.get(service);
    if (!l) limits.set(service, (l = createConcurrencyLimit(options.maxConcurrent ?? 64, options.maxQueue ?? 256)));
    return l;
  };

  const targetOf = (path: string): Target => {
    const absolute = /^[a-z][a-z0-9+.-]*:\/\//i.test(path) ? path : options.baseUrl ? joinUrl(options.baseUrl, path) : path;
    if (absolute.startsWith('service://')) {
      const rest = absolute.slice('service://'.length);
      const cut = rest.search(/[/?#]/);
      const service = cut < 0 ? rest : rest.slice(0, cut);
      const tail = cut < 0 ? '' : rest.slice(cut);
      return {
        service,
        url: async () => {
          registry ??= createServiceRegistry();
          const base = await registry.resolve(service);
          return base ? new URL(joinUrl(base, tail)) : undefined;
        },
      };
    }
    const url = new URL(absolute);
    return { service: url.host, url: async () => url };
  };

  const request = async <T>(method: string, path: string, call: CallOptions<T> = {}): Promise<CallResult<T>> => {
    const verb = method.toUpperCase();
    const start = performance.now();
    const target = targetOf(path);
    const fallback = ('default' in call ? call.default : options.default) as T | undefined;
    const done = (last: Attempt, attempts: number): CallResult<T> => {
      const result = finishCall<T>(last, attempts, Math.round(performance.now() - start), fallback);
      metrics?.observe({ service: target.service, method: verb, outcome: result.outcome }, (performance.now() - start) / 1000);
      options.onOutcome?.({ service: target.service, method: verb, path, result });
      return result;
    };

    const url = await target.url();
    if (!url) return done({ outcome: 'unresolved', headers: {}, error: `no address for service "${target.service}" (set ${serviceEnvVariable(target.service)}, a registry file or the gateway's admin URL)` }, 0);
    for (const [k, v] of Object.entries(call.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const requestId = call.requestId ?? currentRequestContext()?.requestId;
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers, ...call.headers };
    if (requestId) headers[REQUEST_ID_HEADER] = requestId;
    let payload: string | undefined;
    if (call.body !== undefined) {
      payload = typeof call.body === 'string' ? call.body : JSON.stringify(call.body);
      headers['content-type'] ??= 'application/json';
    }

    const release = await limitOf(target.service).acquire();
    if (!release) return done({ outcome: 'queue_full', headers: {}, error: `more than ${options.maxConcurrent ?? 64} calls in flight and ${options.maxQueue ?? 256} waiting for ${target.service}` }, 0);
    try {
      const breaker = breakerOf(target.service);
      const maxAttempts = 1 + (isIdempotent(verb) ? (call.retries ?? options.retries ?? 2) : 0);
      let last: Attempt = { outcome: 'upstream_error', headers: {} };
      let attempts = 0;
      let wait = 0;
      while (attempts < maxAttempts) {
        if (wait > 0) await sleep(wait);
        if (breaker && !breaker.allow()) {
          if (attempts === 0) return done({ outcome: 'circuit_open', headers: {}, error: `the circuit for ${target.service} is open after repeated failures` }, 0);
          break; // opened while retrying: the last real failure stands
        }
        attempts += 1;
        last = await attemptOnce(url, verb, headers, payload, call.timeoutMs ?? timeoutMs);
        breaker?.record(isFailure(last));
        if (last.outcome === 'ok' || attempts >= maxAttempts || !isRetryable(last)) break;
        const asked = retryAfterMs(last.headers['retry-after']);
        if (asked !== undefined && asked > maxRetryAfterMs) {
          last = { ...last, error: `${last.error ?? 'failed'}; Retry-After ${Math.round(asked / 1000)} s is past the ${maxRetryAfterMs} ms cap, not retried` };
          break;
        }
        wait = asked ?? backoffDelay(attempts, backoffMs, rng);
      }
      return done(last, attempts);
    } finally {
      release();
    }
  };

  return {
    ...withVerbs(request),
    registerMetrics: (registry) => {
      metrics ??= createClientMetrics(registry);
    },
  };
}

/** `http://h/base` + `/api/x` → `http://h/base/api/x` (the base's path is kept, unlike `new URL(path, base)`). */
function joinUrl(base: string, path: string): string {
  if (!path) return base;
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

async function attemptOnce(url: URL, method: string, headers: Record<string, string>, payload: string | undefined, timeoutMs: number): Promise<Attempt> {
  try {
    // The signal also bounds reading the body, so a server that stalls mid-body is a timeout too.
    const res = await fetch(url, { method, headers, body: payload, signal: AbortSignal.timeout(timeoutMs) });
    const resHeaders = Object.fromEntries(res.headers.entries());
    const text = method === 'HEAD' ? '' : await res.text();
    const outcome = res.status < 400 ? 'ok' : 'http_error';
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
