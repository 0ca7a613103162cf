// Spans over OTLP/HTTP with the OpenTelemetry SDK, loaded by createGateway only when
// `telemetry.otlp` is set (a dynamic import: without it no SDK code is ever loaded). One SERVER span
// per exchange, one CLIENT span per shadow copy, in the same trace and linked to the exchange's
// span (the copy follows the exchange, it is not part of answering it). The spans keep the ids the
// data plane already sent in traceparent (telemetry/trace-context.ts): the SDK is handed them
// through its IdGenerator, read synchronously inside startSpan.
import {
  createTraceState,
  diag,
  DiagLogLevel,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Link,
} from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, type IdGenerator } from '@opentelemetry/sdk-trace-base';
import type { Logger } from 'pino';
import type { GatewayConfig } from '../config/schema.js';
import type { CopyTracer, ExchangeInfo, GatewayHooks } from '../hooks.js';
import { randomTraceId, type TraceContext } from './trace-context.js';

export type OtlpConfig = NonNullable<GatewayConfig['telemetry']['otlp']>;

export interface SpanExport {
  hooks: GatewayHooks; // the exchange spans
  tracer: CopyTracer; // the shadow copies' spans
  /** Exports what is pending and stops. */
  close(): Promise<void>;
}

/** Starts the exporter (nothing is sent until a span ends); the SDK's warnings and errors (a failed export) go to `logger`. */
export function startSpanExport(config: OtlpConfig, logger: Logger): SpanExport {
  // The SDK reports a failed export through its process-wide diag logger, silent by default.
  const say = (level: 'warn' | 'error') => (message: string, ...args: unknown[]) => logger.warn({ otel: level, detail: args.length ? args.map(String) : undefined, collector: config.url }, `OpenTelemetry: ${message}`);
  diag.setLogger({ error: say('error'), warn: say('warn'), info: () => {}, debug: () => {}, verbose: () => {} }, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
  let next: { traceId: string; spanId: string } | undefined;
  const ids: IdGenerator = {
    generateTraceId: () => next?.traceId ?? randomTraceId(16),
    generateSpanId: () => next?.spanId ?? randomTraceId(8),
  };
  const exporter = new OTLPTraceExporter({ url: tracesUrl(config.url), headers: config.headers, timeoutMillis: config.timeoutMs });
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': config.serviceName }),
    idGenerator: ids,
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('ficus-gateway');

  const startSpan = (name: string, ctx: TraceContext, spanId: string, kind: SpanKind, startTime: number, attributes: Attributes, links?: Link[]) => {
    next = { traceId: ctx.traceId, spanId };
    try {
      return tracer.startSpan(name, { kind, startTime, attributes, links }, parentOf(ctx));
    } finally {
      next = undefined;
    }
  };

  return {
    hooks: {
      tapExchange(info) {
        const ctx = info.trace;
        if (!ctx) return undefined;
        return {
          onComplete(result) {
            const span = startSpan(`${info.method} ${info.routeId ?? '(unmatched)'}`, ctx, ctx.spanId, SpanKind.SERVER, info.startedAt, {
              'ficus.route': info.routeId ?? '(unmatched)',
              'ficus.mode': info.route?.mode ?? 'monolith', // the table's mode: overrides included
              'ficus.reason': info.reason,
              'ficus.request_id': info.requestId,
              'http.request.method': info.method,
              'url.path': info.url.split('?')[0],
            });
            span.setAttributes({
              'ficus.backend': result.backend,
              'ficus.outcome': result.outcome,
              'ficus.fell_back': result.fellBack,
              'http.response.status_code': result.status,
            });
            if (result.outcome !== 'ok' || result.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR, message: result.outcome });
            span.end(info.startedAt + result.durationMs);
          },
        };
      },
    },
    tracer: {
      startCopy(info, purpose, routeId) {
        const ctx = info.trace;
        if (!ctx) return undefined;
        const spanId = randomTraceId(8);
        const primary = { traceId: ctx.traceId, spanId: ctx.spanId, traceFlags: parseInt(ctx.flags, 16) };
        const span = startSpan(`shadow ${info.method} ${routeId}`, ctx, spanId, SpanKind.CLIENT, Date.now(), {
          'ficus.route': routeId,
          'ficus.backend': purpose === 'service' ? 'service' : 'monolith',
          'ficus.mode': 'shadow',
          'ficus.shadow.purpose': purpose,
          'ficus.request_id': info.requestId,
          'http.request.method': info.method,
          'url.path': info.url.split('?')[0],
        }, [{ context: primary, attributes: { 'ficus.link': 'shadow_of' } }]);
        return {
          spanId,
          end(outcome, status) {
            span.setAttribute('ficus.outcome', outcome);
            if (status !== undefined) span.setAttribute('http.response.status_code', status);
            if (outcome !== 'ok') span.setStatus({ code: SpanStatusCode.ERROR, message: outcome });
            span.end();
          },
        };
      },
    },
    async close() {
      await provider.shutdown(); // flushes the batch first
    },
  };
}

// The exchange's span is a child of the caller's span (a remote parent), or the root of the trace.
function parentOf(ctx: TraceContext): Context {
  if (ctx.parentSpanId === undefined) return ROOT_CONTEXT;
  return trace.setSpanContext(ROOT_CONTEXT, {
    traceId: ctx.traceId,
    spanId: ctx.parentSpanId,
    traceFlags: parseInt(ctx.flags, 16),
    isRemote: true,
    ...(ctx.tracestate ? { traceState: createTraceState(ctx.tracestate) } : {}),
  });
}

/** The collector's traces endpoint: a URL with no path gets the OTLP/HTTP default, /v1/traces. */
export function tracesUrl(url: string): string {
  const u = new URL(url);
  if (u.pathname === '/' || u.pathname === '') u.pathname = '/v1/traces';
  return u.toString();
}
