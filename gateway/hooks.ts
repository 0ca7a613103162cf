// The gateway integration contract between the data plane (gw1), shadow traffic (gw2) and the
// admin plane (gw3). Fields may be added; names are never changed.
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import type { UpstreamOutcome } from '../common/outcome.js';
import type { Mode, RouteConfig } from './config/schema.js';
import type { TraceContext } from './telemetry/trace-context.js';

export type Backend = 'monolith' | 'service';

/**
 * An upstream outcome (common/outcome.ts), or the client gave up (`client_abort`: it went away, or
 * closed mid-body), or its body missed listen.requestTimeoutMs (`client_timeout`, answered 408), or
 * the gateway refused the request (`rejected`: a head it will not forward, or a body that does not parse).
 */
export type ExchangeOutcome = UpstreamOutcome | 'client_abort' | 'client_timeout' | 'rejected';

export interface ExchangeInfo {
  requestId: string;
  routeId: string | null;
  route: RouteConfig | null;
  method: string;
  url: string; // normalised path + query exactly as sent upstream
  headers: IncomingHttpHeaders; // the client's request headers
  upstreamHeaders: OutgoingHttpHeaders; // what the upstream is sent: hop-by-hop dropped, x-forwarded-*, via, x-request-id set
  backend: Backend;
  serviceName: string | null;
  reason: string;
  startedAt: number;
  trace?: TraceContext; // the W3C trace context the upstream is sent (telemetry/trace-context.ts)
}

export interface ExchangeResult {
  outcome: ExchangeOutcome;
  status: number;
  durationMs: number;
  backend: Backend;
  fellBack: boolean;
}

/** Observes one proxied exchange. Called synchronously on the data plane: must be cheap, must never throw or block. */
export interface ExchangeTap {
  onRequestChunk?(chunk: Buffer): void; // request body as streamed upstream
  onRequestEnd?(): void;
  onResponse?(status: number, headers: IncomingHttpHeaders): void; // primary response head as sent to the client
  onResponseChunk?(chunk: Buffer): void;
  onComplete?(result: ExchangeResult): void; // exactly once, after the client's response ended or failed
}

/** One shadow comparison of an exchange, for the traffic inspector: values redacted like stored examples. */
export interface ShadowComparison {
  requestId: string;
  routeId: string;
  matched: boolean;
  serviceStatus: number;
  monolithMs: number;
  serviceMs: number;
  /** The first differences (at most 20), each with both sides' values as a stored example shows them. */
  differences: { at: string; kind: string; monolith?: unknown; service?: unknown }[];
}

/** Spans for shadow copies (telemetry.otlp): one per copy, linked to the exchange's span. */
export interface CopyTracer {
  /** Starts the copy's span; its id goes in the copy's traceparent, `end` records how the copy went. */
  startCopy(info: ExchangeInfo, purpose: 'primary' | 'service' | 'noise', routeId: string): { spanId: string; end(outcome: string, status?: number): void } | undefined;
}

export interface GatewayHooks {
  tapExchange?(info: ExchangeInfo): ExchangeTap | undefined;
}

/** Runtime cutover state that wins over the file (set by the admin API / store). */
export type RouteOverrides = Record<string, { mode: Mode; percent: number }>;
