// A worker's exchanges reach the primary's hooks (traffic window and auto-rollback, inspector,
// shadow mirror, replay cases) as if they had happened there: the worker's tap records each
// exchange and sends them in batches; the primary replays each one through openTaps. The same
// batches carry the worker's verdicts on service instances (the primary alone ejects) and its
// requests in flight on them when those changed. So every
// count, window and comparison the primary keeps is the sum over its workers, as the store's
// sum is over a fleet's replicas. Bodies travel only where a hook reads them (shadow routes, and
// routes whose bodies the inspector keeps).
import type { ExchangeInfo, ExchangeTap, GatewayHooks } from '../hooks.js';
import type { RouteConfig } from '../config/schema.js';
import type { RouteTable } from '../routing/route-table.js';
import { openTaps } from '../proxy/open-taps.js';
import type { InFlightCount } from '../upstream/service-pools.js';
import type { RelayBatch, RelayedExchange } from './messages.js';

const BATCH = 256; // exchanges per message at most
const FLUSH_MS = 20; // and at most this late
const MIN_BODY_CAP = 256 * 1024; // the replay-case recorder's per-body cap: it must see a body too large as such
/** The most a worker holds of messages written to the primary but not yet taken by the channel (a primary that does not read). */
export const RELAY_QUEUE_BYTES = 32 * 1024 * 1024;

export interface ExchangeRelay {
  hooks: GatewayHooks;
  /** A verdict of the worker's pools (service-pools.ts `follower.onVerdict`). */
  verdict(service: string, url: string, failed: boolean): void;
  /** The worker's requests in flight changed: `inFlight` is read at the next send. */
  touch(): void;
  flush(): void;
  /** Bytes (estimated as sent) written to the channel and not yet out of this process. */
  queuedBytes(): number;
}

/** What one backed-up episode dropped so far. */
export interface Dropped {
  exchanges: number;
  verdicts: number;
}

export interface RelayOptions {
  /** Sends one batch; `written` once it has left this process (process.send's callback). */
  send(batch: RelayBatch, written: () => void): void;
  inFlight(): InFlightCount[];
  maxQueuedBytes?: number; // default RELAY_QUEUE_BYTES
  /** A batch was dropped: the queue was full (`queuedBytes`); `first`: the first of this episode. */
  onDrop?(dropped: Dropped, queuedBytes: number, first: boolean): void;
  /** The queue emptied after drops: what the episode dropped in all. */
  onCaughtUp?(dropped: Dropped): void;
}

/** JSON bytes of a header object, near enough: names, values, quotes and separators. */
function headerBytes(h: Readonly<Record<string, unknown>> | undefined): number {
  let n = 2;
  if (h) for (const k in h) {
    const v = h[k];
    n += k.length + 6 + (typeof v === 'string' ? v.length : Array.isArray(v) ? v.join('').length + 3 * v.length : 16);
  }
  return n;
}

const bodyBytes = (chunks: readonly string[] | undefined): number => (chunks ? chunks.reduce((n, c) => n + c.length + 3, 2) : 0);
const exchangeBytes = (x: RelayedExchange): number =>
  512 + x.info.url.length + headerBytes(x.info.headers) + headerBytes(x.info.upstreamHeaders) + headerBytes(x.response?.headers) + bodyBytes(x.requestBody) + bodyBytes(x.responseBody);

/**
 * Worker side: hooks that record every exchange and send them, with verdicts and in-flight counts,
 * in batches. The queue of what is written but not yet out is bounded (`maxQueuedBytes`): a batch
 * that would pass it is dropped and counted (`onDrop`), so a primary that stops reading never
 * grows a worker's memory past the bound plus the batch being filled.
 */
export function createExchangeRelay(o: RelayOptions): ExchangeRelay {
  const maxQueued = o.maxQueuedBytes ?? RELAY_QUEUE_BYTES;
  const batchBytesMax = Math.max(1, Math.floor(maxQueued / 8)); // a batch never holds more than an eighth of the bound (plus one exchange)
  let batch: RelayBatch = { exchanges: [], verdicts: [] };
  let batchBytes = 0;
  let queued = 0;
  let dropped: Dropped | undefined; // this backed-up episode's drops
  let inFlightChanged = false;
  let timer: NodeJS.Timeout | undefined;
  const flush = (): void => {
    clearTimeout(timer);
    timer = undefined;
    if (batch.exchanges.length === 0 && batch.verdicts.length === 0 && !inFlightChanged) return;
    const out = batch;
    const bytes = batchBytes + (inFlightChanged ? 64 : 0);
    const hadInFlight = inFlightChanged;
    batch = { exchanges: [], verdicts: [] };
    batchBytes = 0;
    inFlightChanged = false;
    if (queued > 0 && queued + bytes > maxQueued) {
      const first = dropped === undefined;
      dropped ??= { exchanges: 0, verdicts: 0 };
      dropped.exchanges += out.exchanges.length;
      dropped.verdicts += out.verdicts.length;
      o.onDrop?.({ exchanges: out.exchanges.length, verdicts: out.verdicts.length }, queued, first);
      if (hadInFlight) {
        inFlightChanged = true; // the latest counts go with the next batch that fits
        later();
      }
      return;
    }
    if (hadInFlight) out.inFlight = o.inFlight();
    queued += bytes;
    o.send(out, () => {
      queued -= bytes;
      if (queued === 0 && dropped) {
        o.onCaughtUp?.(dropped);
        dropped = undefined;
      }
    });
  };
  const later = (): void => void (timer ??= setTimeout(flush, FLUSH_MS));
  const push = (x: RelayedExchange): void => {
    batch.exchanges.push(x);
    batchBytes += exchangeBytes(x);
    if (batch.exchanges.length >= BATCH || batchBytes >= batchBytesMax) flush();
    else later();
  };
  return {
    flush,
    queuedBytes: () => queued,
    verdict(service, url, failed) {
      batch.verdicts.push([service, url, failed]);
      batchBytes += service.length + url.length + 16;
      if (batch.verdicts.length >= BATCH) flush();
      else later();
    },
    touch() {
      inFlightChanged = true;
      later();
    },
    hooks: {
      tapExchange(full: ExchangeInfo): ExchangeTap {
        const { route, upstreamHeaders, ...rest } = full;
        const cap = bodyCap(route, full); // one byte over each reader's cap: it sees "too large" as such
        const info: RelayedExchange['info'] = cap ? { ...rest, upstreamHeaders } : rest; // the shadow copy's headers
        const x: RelayedExchange = { info, response: undefined, requestBody: cap ? [] : undefined, responseBody: cap ? [] : undefined, result: undefined! };
        let requestBytes = 0;
        let responseBytes = 0;
        const keep = (into: string[], chunk: Buffer, held: number): number => {
          if (held >= cap) return held;
          const part = held + chunk.length > cap ? chunk.subarray(0, cap - held) : chunk;
          into.push(part.toString('base64'));
          return held + part.length;
        };
        return {
          onRequestChunk: cap ? (chunk) => void (requestBytes = keep(x.requestBody!, chunk, requestBytes)) : undefined,
          onResponse(status, headers) {
            x.response = { status, headers };
          },
          onResponseChunk: cap ? (chunk) => void (responseBytes = keep(x.responseBody!, chunk, responseBytes)) : undefined,
          onComplete(result) {
            x.result = result;
            push(x);
          },
        };
      },
    },
  };
}

/** Bytes of each body to relay: 0 when no hook reads them; else one over the largest cap a reader applies. */
function bodyCap(route: RouteConfig | null, info: ExchangeInfo): number {
  if (route === null) return 0;
  const shadowed = route.mode === 'shadow' && info.backend === 'monolith';
  if (!shadowed && !route.inspect.bodies) return 0;
  return Math.max(shadowed ? route.shadow.bodyCapBytes : 0, route.inspect.bodies ? route.inspect.bodyCapBytes : 0, MIN_BODY_CAP) + 1;
}

/** Primary side: replays relayed exchanges into `hooks`, each with its route from the primary's table. */
export function createExchangeReplay(o: { table: () => RouteTable; hooks: () => readonly GatewayHooks[]; onTapError: (err: unknown) => void }) {
  let routes = { version: -1, byId: new Map<string, RouteConfig>() };
  const routeOf = (id: string | null): RouteConfig | null => {
    const table = o.table();
    if (routes.version !== table.version) routes = { version: table.version, byId: new Map(table.routes.map((r) => [r.id, r.route])) };
    return id === null ? null : (routes.byId.get(id) ?? null); // a route a reload removed meanwhile: unmatched
  };
  return (exchanges: readonly RelayedExchange[]): void => {
    for (const x of exchanges) {
      const info: ExchangeInfo = { upstreamHeaders: {}, ...x.info, route: routeOf(x.info.routeId) };
      if (info.route === null) info.routeId = null;
      const tap = openTaps(o.hooks(), info, o.onTapError);
      if (!tap) continue;
      for (const chunk of x.requestBody ?? []) tap.onRequestChunk?.(Buffer.from(chunk, 'base64'));
      tap.onRequestEnd?.();
      if (x.response) tap.onResponse?.(x.response.status, x.response.headers);
      for (const chunk of x.responseBody ?? []) tap.onResponseChunk?.(Buffer.from(chunk, 'base64'));
      tap.onComplete?.(x.result);
    }
  };
}
