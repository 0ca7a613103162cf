// Per-route traffic counters: lifetime requests per backend, and service requests/failures in a
// sliding window of one-second buckets (the auto-rollback guard's error rate). Pure; `now` injected.
import type { Backend } from '../hooks.js';
import { addLatency, summariseLatency, type LatencyBins, type LatencySummary } from '../telemetry/latency-histogram.js';

export interface WindowCounts {
  requests: number;
  failures: number;
}

export interface RouteTraffic {
  requests: Record<Backend, number>; // since start, per backend the request was sent to
  window: WindowCounts; // service requests and failures over the last windowS seconds
  errorRate: number | null; // failures / requests in the window; null without service requests
}

export interface TrafficWindow {
  /** Counts one finished exchange; `failed` only matters for the service backend; `durationMs` feeds the latency window when given. */
  record(routeId: string, backend: Backend, failed: boolean, windowS: number, durationMs?: number): void;
  read(routeId: string, windowS: number): RouteTraffic;
  /** p50/p95/p99 per backend over the last windowS seconds (only exchanges recorded with a duration). */
  readLatency(routeId: string, windowS: number): Record<Backend, LatencySummary>;
  /** Forgets a route's window (after a rollback, so old failures do not count against the next try). */
  clearWindow(routeId: string): void;
  /** Service counts recorded since the last call, per route and second (for the fleet-wide table). */
  takeDeltas(): TrafficDelta[];
}

export interface TrafficDelta {
  routeId: string;
  second: number; // epoch second
  requests: number;
  failures: number;
}

interface SecondCounts extends WindowCounts {
  latency?: Record<Backend, LatencyBins>;
}

interface RouteCounters {
  requests: Record<Backend, number>;
  buckets: Map<number, SecondCounts>; // epoch second → counts
}

/** Creates the counters; `now` returns epoch ms. Example: `createTrafficWindow(() => clock)`. */
export function createTrafficWindow(now: () => number = Date.now): TrafficWindow {
  const routes = new Map<string, RouteCounters>();
  let deltas = new Map<string, TrafficDelta>(); // routeId \0 second

  const countersFor = (routeId: string): RouteCounters => {
    let c = routes.get(routeId);
    if (!c) {
      c = { requests: { monolith: 0, service: 0 }, buckets: new Map() };
      routes.set(routeId, c);
    }
    return c;
  };

  // Drops buckets older than the window; the map holds at most windowS + 1 entries.
  const sumWindow = (c: RouteCounters, windowS: number): WindowCounts => {
    const oldest = Math.floor(now() / 1000) - windowS + 1;
    const sum = { requests: 0, failures: 0 };
    for (const [second, b] of c.buckets) {
      if (second < oldest) c.buckets.delete(second);
      else {
        sum.requests += b.requests;
        sum.failures += b.failures;
      }
    }
    return sum;
  };

  return {
    record(routeId, backend, failed, windowS, durationMs) {
      const c = countersFor(routeId);
      c.requests[backend] += 1;
      if (backend !== 'service' && durationMs === undefined) return;
      const second = Math.floor(now() / 1000);
      let b = c.buckets.get(second);
      if (!b) {
        b = { requests: 0, failures: 0 };
        c.buckets.set(second, b);
        if (c.buckets.size > windowS + 1) sumWindow(c, windowS);
      }
      if (durationMs !== undefined) addLatency((b.latency ??= { monolith: new Map(), service: new Map() })[backend], durationMs);
      if (backend !== 'service') return;
      b.requests += 1;
      if (failed) b.failures += 1;
      const key = `${routeId}\0${second}`;
      let d = deltas.get(key);
      if (!d) deltas.set(key, (d = { routeId, second, requests: 0, failures: 0 }));
      d.requests += 1;
      if (failed) d.failures += 1;
    },
    read(routeId, windowS) {
      const c = routes.get(routeId);
      if (!c) return { requests: { monolith: 0, service: 0 }, window: { requests: 0, failures: 0 }, errorRate: null };
      const window = sumWindow(c, windowS);
      return { requests: { ...c.requests }, window, errorRate: window.requests > 0 ? window.failures / window.requests : null };
    },
    readLatency(routeId, windowS) {
      const c = routes.get(routeId);
      const merged: Record<Backend, LatencyBins> = { monolith: new Map(), service: new Map() };
      if (c) {
        sumWindow(c, windowS); // drops old seconds
        for (const b of c.buckets.values()) {
          if (!b.latency) continue;
          for (const backend of ['monolith', 'service'] as const) for (const [bin, n] of b.latency[backend]) merged[backend].set(bin, (merged[backend].get(bin) ?? 0) + n);
        }
      }
      return { monolith: summariseLatency(merged.monolith), service: summariseLatency(merged.service) };
    },
    clearWindow(routeId) {
      routes.get(routeId)?.buckets.clear();
    },
    takeDeltas() {
      const out = [...deltas.values()];
      deltas = new Map();
      return out;
    },
  };
}
