// The live traffic inspector: the last `inspector.perRoute` exchanges of every route in a ring
// buffer, read through `GET /api/traffic` and streamed to watchers (`GET /api/traffic/stream`).
// On the data plane it only keeps references (the request info and the response head it already
// has) in a preallocated ring; redaction, filtering and serialising happen when someone reads.
// Bodies are kept only for routes with `inspect.bodies`: each up to `inspect.bodyCapBytes`, redacted
// by the route's `shadow.redact` rules when the exchange ends, so only the redacted text is kept; a
// body over the cap is kept as its size alone (a cut JSON or form body could not be redacted safely).
// A shadow comparison of the exchange, when there is one, is attached when it arrives.
import type { IncomingHttpHeaders } from 'node:http';
import { normaliseBody } from '../compare/normalise-body.js';
import { compileRedaction, redactBody, redactHeaders, redactUrl, type Redaction } from '../compare/redact.js';
import type { GatewayConfig } from '../config/schema.js';
import type { ExchangeInfo, ExchangeResult, GatewayHooks, ShadowComparison } from '../hooks.js';

/** A body as the inspector keeps it: redacted text, or only its size when it was over the route's cap. */
export interface InspectedBody {
  bytes: number;
  text?: string;
  overCap?: true;
}

/** One exchange as the inspector shows it (headers redacted by the route's rules). */
export interface InspectedExchange {
  time: string;
  requestId: string;
  route: string | null;
  method: string;
  url: string;
  status: number;
  backend: string;
  outcome: string;
  fellBack: boolean;
  reason: string;
  durationMs: number;
  requestHeaders: Record<string, string | string[]>;
  responseHeaders: Record<string, string | string[]>;
  requestBody?: InspectedBody; // routes with inspect.bodies only
  responseBody?: InspectedBody;
  shadow?: Omit<ShadowComparison, 'requestId' | 'routeId'>; // the shadow comparison of this exchange, once made
}

export interface TrafficFilter {
  route?: string;
  /** `503`, or a class: `5xx`. */
  status?: string;
  backend?: string;
  slowerThanMs?: number;
  limit?: number;
}

interface Entry {
  seq: number; // order of completion (clocks may stand still in tests, or step back)
  info: ExchangeInfo;
  result: ExchangeResult;
  responseHeaders: IncomingHttpHeaders;
  bodies?: { request: InspectedBody; response: InspectedBody };
  shadow?: ShadowComparison;
}

export interface TrafficInspector {
  hooks: GatewayHooks;
  /** Newest first. */
  list(filter?: TrafficFilter): InspectedExchange[];
  /** Calls `onExchange` for every new exchange that passes `filter` until the returned function is called. */
  watch(filter: TrafficFilter, onExchange: (x: InspectedExchange) => void): () => void;
  /** One exchange by its request id (the newest with that id), or undefined once it left the ring. */
  get(requestId: string): InspectedExchange | undefined;
  /** Attaches a shadow comparison to its exchange (the shadow plane calls it). */
  noteComparison(comparison: ShadowComparison): void;
}

const NONE = '';

/** Checks a filter's values; the problem, or undefined. */
export function checkTrafficFilter(f: TrafficFilter): string | undefined {
  if (f.status !== undefined && !/^[1-5](\d\d|xx)$/.test(f.status)) return 'status is a code (503) or a class (5xx)';
  if (f.backend !== undefined && f.backend !== 'monolith' && f.backend !== 'service') return 'backend is monolith or service';
  if (f.slowerThanMs !== undefined && !(f.slowerThanMs >= 0)) return 'slowerThanMs is a number of milliseconds';
  return undefined;
}

/** Creates the inspector over the live config (its size and each route's redaction). */
export function createTrafficInspector(config: () => GatewayConfig): TrafficInspector {
  const rings = new Map<string, { entries: (Entry | undefined)[]; next: number }>();
  let seq = 0;
  const watchers = new Set<{ filter: TrafficFilter; onExchange: (x: InspectedExchange) => void }>();

  const matches = (e: Entry, f: TrafficFilter): boolean => {
    if (f.route !== undefined && (e.info.routeId ?? NONE) !== f.route) return false;
    if (f.backend !== undefined && e.result.backend !== f.backend) return false;
    if (f.slowerThanMs !== undefined && !(e.result.durationMs > f.slowerThanMs)) return false;
    if (f.status !== undefined) {
      const s = String(e.result.status);
      if (f.status.endsWith('xx') ? s[0] !== f.status[0] : s !== f.status) return false;
    }
    return true;
  };

  const show = (e: Entry): InspectedExchange => {
    const redaction = compileRedaction(e.info.route?.shadow.redact ?? []);
    return {
      time: new Date(e.info.startedAt).toISOString(),
      requestId: e.info.requestId,
      route: e.info.routeId,
      method: e.info.method,
      url: redactUrl(e.info.url, redaction),
      status: e.result.status,
      backend: e.result.backend,
      outcome: e.result.outcome,
      fellBack: e.result.fellBack,
      reason: e.info.reason,
      durationMs: Math.round(e.result.durationMs * 100) / 100,
      requestHeaders: redactHeaders(e.info.headers, redaction),
      responseHeaders: redactHeaders(e.responseHeaders, redaction),
      ...(e.bodies ? { requestBody: e.bodies.request, responseBody: e.bodies.response } : {}),
      ...(e.shadow ? { shadow: shownComparison(e.shadow) } : {}),
    };
  };

  const find = (requestId: string, routeId?: string): Entry | undefined => {
    let best: Entry | undefined;
    for (const [key, ring] of rings) {
      if (routeId !== undefined && key !== routeId) continue;
      for (const e of ring.entries) if (e && e.info.requestId === requestId && (!best || e.seq > best.seq)) best = e;
    }
    return best;
  };

  function record(e: Entry): void {
    const size = config().inspector.perRoute;
    if (size === 0) return;
    const key = e.info.routeId ?? NONE;
    let ring = rings.get(key);
    if (!ring || ring.entries.length !== size) rings.set(key, (ring = { entries: new Array<Entry | undefined>(size), next: 0 }));
    ring.entries[ring.next] = e;
    ring.next = (ring.next + 1) % size;
    if (watchers.size === 0) return; // nobody watching: nothing else to do
    let shown: InspectedExchange | undefined;
    for (const w of watchers) if (matches(e, w.filter)) w.onExchange((shown ??= show(e)));
  }

  return {
    hooks: {
      tapExchange(info) {
        let responseHeaders: IncomingHttpHeaders = {};
        const inspect = info.route?.inspect;
        if (inspect?.bodies && config().inspector.perRoute > 0) return tapWithBodies(info, inspect.bodyCapBytes, record, () => ++seq);
        return {
          onResponse(_status, headers) {
            responseHeaders = headers;
          },
          onComplete(result) {
            record({ seq: ++seq, info, result, responseHeaders });
          },
        };
      },
    },
    get(requestId) {
      const e = find(requestId);
      return e && show(e);
    },
    noteComparison(comparison) {
      const e = find(comparison.requestId, comparison.routeId);
      if (e) e.shadow = comparison;
    },
    list(filter = {}) {
      const out: Entry[] = [];
      for (const ring of rings.values()) for (const e of ring.entries) if (e && matches(e, filter)) out.push(e);
      out.sort((a, b) => b.seq - a.seq);
      return out.slice(0, filter.limit ?? 100).map(show);
    },
    watch(filter, onExchange) {
      const w = { filter, onExchange };
      watchers.add(w);
      return () => void watchers.delete(w);
    },
  };
}

function shownComparison(c: ShadowComparison): Omit<ShadowComparison, 'requestId' | 'routeId'> {
  const { requestId: _r, routeId: _id, ...rest } = c;
  return { ...rest, monolithMs: Math.round(c.monolithMs * 100) / 100, serviceMs: Math.round(c.serviceMs * 100) / 100 };
}

// A route that opted into bodies: both bodies up to the cap, redacted once when the exchange ends.
function tapWithBodies(info: ExchangeInfo, capBytes: number, record: (e: Entry) => void, nextSeq: () => number): ReturnType<NonNullable<GatewayHooks['tapExchange']>> {
  const request = keepUpTo(capBytes);
  const response = keepUpTo(capBytes);
  let responseHeaders: IncomingHttpHeaders = {};
  return {
    onRequestChunk: request.add,
    onResponse(_status, headers) {
      responseHeaders = headers;
    },
    onResponseChunk: response.add,
    onComplete(result) {
      const redaction = compileRedaction(info.route?.shadow.redact ?? []);
      record({
        seq: nextSeq(),
        info,
        result,
        responseHeaders,
        bodies: { request: request.shown(info.headers, redaction), response: response.shown(responseHeaders, redaction) },
      });
    },
  };
}

function keepUpTo(capBytes: number) {
  const chunks: Buffer[] = [];
  let bytes = 0;
  return {
    add(chunk: Buffer): void {
      bytes += chunk.length;
      if (bytes <= capBytes) chunks.push(chunk);
      else chunks.length = 0; // over the cap: only the size is kept
    },
    shown(headers: IncomingHttpHeaders, redaction: Redaction): InspectedBody {
      if (bytes > capBytes) return { bytes, overCap: true };
      if (bytes === 0) return { bytes, text: '' };
      const raw = Buffer.concat(chunks);
      return { bytes, text: redactBody(raw, headers, redaction, normaliseBody(raw, headers)).text };
    },
  };
}
