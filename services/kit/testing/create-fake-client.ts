// createFakeClient: the ServiceClient API answered by handlers keyed "METHOD /path/:param", recording
// every call, for a caller's tests. Results go through the same `default` rule as the real client.
import { match, type MatchFunction } from 'path-to-regexp';
import { withVerbs, type CallOptions, type ServiceClient } from '../client/create-service-client.js';
import { finishCall, type Attempt, type CallOutcome, type CallResult } from '../client/outcome.js';

export interface FakeRequest {
  method: string;
  /** The path without scheme, service name or query: `/products/7`. */
  path: string;
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
  headers: Record<string, string>;
}

/** What a handler returns: a body (answered 200), `reply(status, body, headers)`, or `failWith(outcome)`. */
export type FakeHandler = (req: FakeRequest) => unknown;

export interface FakeCall extends FakeRequest {
  /** The handler key that answered, or undefined when none matched (answered 404). */
  route?: string;
  result: CallResult<unknown>;
}

export interface FakeClient extends ServiceClient {
  calls: FakeCall[];
  /** Calls whose route key is `route` ("GET /products/:id"). */
  callsTo: (route: string) => FakeCall[];
}

const REPLY = Symbol.for('ficus.fakeReply');

interface Reply {
  [REPLY]: true;
  attempt: Attempt;
}

/** An answer with a status: `reply(503, { title: 'busy' }, { 'retry-after': '1' })`. */
export function reply(status: number, body?: unknown, headers: Record<string, string> = {}): Reply {
  return { [REPLY]: true, attempt: { outcome: status < 400 ? 'ok' : 'http_error', status, body, headers, error: status < 400 ? undefined : `HTTP ${status}` } };
}

/** A call that fails below HTTP: `failWith('upstream_timeout')`, `failWith('upstream_refused')`. */
export function failWith(outcome: Exclude<CallOutcome, 'ok' | 'http_error'>, error = `fake ${outcome}`): Reply {
  return { [REPLY]: true, attempt: { outcome, headers: {}, error } };
}

/**
 * Example: `const catalog = createFakeClient({ 'GET /products/:id': ({ params }) => ({ id: Number(params.id), price: 3 }) });
 * … await createTestService(shipping, { catalog }); expect(catalog.callsTo('GET /products/:id')).toHaveLength(1);`
 */
export function createFakeClient(handlers: Record<string, FakeHandler>, options: { default?: unknown } = {}): FakeClient {
  const routes: { key: string; method: string; match: MatchFunction<Record<string, string>>; handler: FakeHandler }[] = Object.entries(handlers).map(([key, handler]) => {
    const [method, pattern] = key.trim().split(/\s+/, 2);
    return { key, method: method.toUpperCase(), match: match<Record<string, string>>(pattern, { decode: decodeURIComponent }), handler };
  });
  const calls: FakeCall[] = [];

  const request = async <T>(method: string, target: string, call: CallOptions<T> = {}): Promise<CallResult<T>> => {
    const verb = method.toUpperCase();
    const url = new URL(target.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, ''), 'http://fake');
    for (const [k, v] of Object.entries(call.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const req: FakeRequest = { method: verb, path: url.pathname, params: {}, query: Object.fromEntries(url.searchParams), body: call.body, headers: { ...call.headers } };
    let attempt: Attempt = { outcome: 'http_error', status: 404, headers: {}, body: { title: `no fake for ${verb} ${url.pathname}` }, error: 'HTTP 404' };
    let route: string | undefined;
    for (const r of routes) {
      const m = (r.method === verb || (r.method === 'GET' && verb === 'HEAD')) && r.match(url.pathname);
      if (!m) continue;
      route = r.key;
      req.params = m.params;
      try {
        const answer = await r.handler(req);
        attempt = isReply(answer) ? answer.attempt : { outcome: 'ok', status: 200, body: answer, headers: {} };
      } catch (err) {
        attempt = { outcome: 'http_error', status: 500, headers: {}, error: `fake handler threw: ${(err as Error).message}` };
      }
      break;
    }
    const fallback = ('default' in call ? call.default : options.default) as T | undefined;
    const result = finishCall<T>(attempt, 1, 0, fallback);
    calls.push({ ...req, route, result });
    return result;
  };

  return {
    calls,
    callsTo: (route) => calls.filter((c) => c.route === route),
    ...withVerbs(request),
    registerMetrics: () => undefined, // a fake's calls are in `calls`
  };
}

function isReply(value: unknown): value is Reply {
  return typeof value === 'object' && value !== null && REPLY in value;
}
