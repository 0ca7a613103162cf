// The headers sent upstream and back to the client: hop-by-hop stripped, forwarding headers added.
import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import { applyTraceHeaders, type TraceContext } from '../telemetry/trace-context.js';
import { stripHopByHop } from './hop-by-hop.js';

export interface ForwardOptions {
  requestId: string;
  via: string; // pseudonym in `Via: 1.1 <via>`
}

export interface UpstreamOptions extends ForwardOptions {
  trustForwarded: boolean; // keep the client's x-forwarded-* (config headers.trustForwarded)
  trace?: TraceContext; // traceparent/tracestate the upstream is sent (telemetry/trace-context.ts)
}

const append = (existing: string | string[] | undefined, value: string): string =>
  existing ? `${Array.isArray(existing) ? existing.join(', ') : existing}, ${value}` : value;

/** Upstream request headers: client headers minus hop-by-hop, plus x-forwarded-*, via, x-request-id and the trace context. */
export function buildUpstreamHeaders(req: IncomingMessage, options: UpstreamOptions, keep: readonly string[] = []): OutgoingHttpHeaders {
  const headers = stripHopByHop(req.headers, keep);
  // node's server already answered `Expect: 100-continue`; the upstream must not wait for a second one.
  delete headers.expect;
  const peer = req.socket.remoteAddress ?? '';
  const proto = 'encrypted' in req.socket ? 'https' : 'http';
  const host = req.headers.host ?? '';
  if (options.trustForwarded) {
    headers['x-forwarded-for'] = append(req.headers['x-forwarded-for'], peer);
    headers['x-forwarded-proto'] ??= proto;
    headers['x-forwarded-host'] ??= host;
  } else {
    delete headers.forwarded; // RFC 7239's form of the same claims
    headers['x-forwarded-for'] = peer;
    headers['x-forwarded-proto'] = proto;
    headers['x-forwarded-host'] = host;
  }
  headers.via = append(req.headers.via, `1.1 ${options.via}`);
  headers['x-request-id'] = options.requestId;
  if (options.trace) applyTraceHeaders(headers, options.trace);
  return headers;
}

/** Client response headers: upstream headers minus hop-by-hop, plus via, x-request-id and the ficus route headers. */
export function buildClientHeaders(
  upstream: IncomingHttpHeaders,
  options: ForwardOptions & { routeHeaders: { route: string; backend: string } | null },
): OutgoingHttpHeaders {
  const headers = stripHopByHop(upstream);
  headers.via = append(upstream.via, `1.1 ${options.via}`);
  headers['x-request-id'] ??= options.requestId;
  if (options.routeHeaders) {
    headers['x-ficus-route'] = options.routeHeaders.route;
    headers['x-ficus-backend'] = options.routeHeaders.backend;
  }
  return headers;
}
