// Prometheus metrics of the data plane, served on the admin port's /metrics.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ExchangeOutcome } from '../hooks.js';

export interface GatewayMetrics {
  registry: Registry;
  observe(exchange: { route: string; backend: string; status: number; durationMs: number; outcome: ExchangeOutcome }): void;
  observeUpstreamError(kind: ExchangeOutcome): void; // a failure that did not decide the outcome (a fallback's first try)
  inFlight: { inc(): void; dec(): void }; // a plain count, read when /metrics is scraped
  configReloads: Counter<'result'>;
  tlsReloads: Counter<'result'>; // listen.tls files re-read after a change: ok, invalid
  tapErrors: Counter;
  clientConnectionClosed(reason: ClientCloseReason): void; // the gateway closed a client connection it would not keep
}

export type ClientCloseReason = 'headers_timeout' | 'request_timeout' | 'idle_timeout' | 'max_connections';

/** Registers ficus_requests_total{route,backend,status}, a latency histogram and ficus_upstream_errors_total{kind}. */
export function createMetrics(registry = new Registry(), sources: { droppedLogLines?: () => number } = {}): GatewayMetrics {
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'ficus_requests_total',
    help: 'Requests answered by the gateway, by route, backend and status',
    labelNames: ['route', 'backend', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'ficus_request_duration_seconds',
    help: 'Time from request to end of response, by route and backend',
    labelNames: ['route', 'backend'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const upstreamErrors = new Counter({
    name: 'ficus_upstream_errors_total',
    help: 'Exchanges that did not end ok, by kind (upstream_refused, upstream_reset, upstream_timeout, upstream_error, upstream_unavailable, client_abort, client_timeout, rejected)',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  let inFlightNow = 0;
  new Gauge({
    name: 'ficus_requests_in_flight',
    help: 'Requests being proxied now',
    registers: [registry],
    collect() {
      this.set(inFlightNow);
    },
  });
  const inFlight = { inc: () => void inFlightNow++, dec: () => void inFlightNow-- };
  const configReloads = new Counter({
    name: 'ficus_config_reloads_total',
    help: 'Config reloads, by result (ok, invalid)',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  const tlsReloads = new Counter({
    name: 'ficus_tls_reloads_total',
    help: 'TLS certificate and key reloads after the files changed, by result (ok, invalid)',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  const children = new Map<string, { requests: { inc(): void }; duration: { observe(v: number): void } }>();
  const { droppedLogLines } = sources;
  if (droppedLogLines) {
    new Counter({
      name: 'ficus_log_lines_dropped_total',
      help: 'Log lines dropped because stdout was not read fast enough (the buffer was full)',
      registers: [registry],
      collect() {
        this.reset();
        this.inc(droppedLogLines());
      },
    });
  }
  const tapErrors = new Counter({ name: 'ficus_tap_errors_total', help: 'Exceptions thrown by exchange taps (hooks)', registers: [registry] });
  const clientClosed = new Counter({
    name: 'ficus_client_connections_closed_total',
    help: 'Client connections the gateway closed, by reason (headers_timeout, request_timeout, idle_timeout, max_connections)',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  return {
    registry,
    tapErrors,
    clientConnectionClosed(reason) {
      clientClosed.inc({ reason });
    },
    inFlight,
    configReloads,
    tlsReloads,
    observeUpstreamError(kind) {
      upstreamErrors.inc({ kind });
    },
    observe({ route, backend, status, durationMs, outcome }) {
      // Label children are cached: resolving labels on every request is the costly part of prom-client.
      const key = `${route}\0${backend}\0${status}`;
      let series = children.get(key);
      if (!series) {
        series = { requests: requests.labels(route, backend, String(status)), duration: duration.labels(route, backend) };
        children.set(key, series);
      }
      series.requests.inc();
      series.duration.observe(durationMs / 1000);
      if (outcome !== 'ok') upstreamErrors.inc({ kind: outcome });
    },
  };
}
