// What the request and upgrade handlers need from the gateway; read per request so a reload or an
// override swap applies to the next request while in-flight ones keep the table they started with.
import type { ProxyServer } from 'http-proxy-3';
import type { Logger } from 'pino';
import type { GatewayConfig } from '../config/schema.js';
import type { Backend, ExchangeOutcome, GatewayHooks } from '../hooks.js';
import type { RouteTable } from '../routing/route-table.js';
import type { GatewayMetrics } from '../telemetry/create-metrics.js';
import type { UpstreamPool } from '../upstream/upstream-pool.js';
import type { ServicePools } from '../upstream/service-pools.js';
import type { OriginDispatchers } from './origin-dispatchers.js';

export interface DataPlane {
  table(): RouteTable;
  config(): GatewayConfig;
  hooks(): readonly GatewayHooks[];
  proxy: ProxyServer; // websocket upgrades (http-proxy-3), target given per call
  upstreams: UpstreamPool; // keep-alive agents, for the upgrades
  dispatchers: OriginDispatchers; // HTTP exchanges (undici): one Pool per upstream origin
  pools: ServicePools; // which instance of a service a request goes to
  rng(): number;
  now(): number;
  logger: Logger;
  metrics: GatewayMetrics;
  draining(): boolean;
  onTapError(err: unknown): void;
}

/** What one finished exchange reports to the access log and metrics. */
export interface ExchangeRecord {
  requestId: string;
  method: string;
  url: string;
  route: string | null;
  backend: Backend | 'none';
  status: number;
  durationMs: number;
  outcome: ExchangeOutcome;
  fellBack: boolean;
  reason: string;
  error?: string;
  traceparent?: string; // as sent upstream (W3C trace context)
}

/** Logs one access-log line and updates the request metrics. */
export function recordExchange(plane: DataPlane, record: ExchangeRecord): void {
  plane.metrics.observe({
    route: record.route ?? '(unmatched)',
    backend: record.backend,
    status: record.status,
    durationMs: record.durationMs,
    outcome: record.outcome,
  });
  plane.logger.info(record, 'request');
}
