// The data plane's request listener: the shared prefix (normalise, check, decide, pick the upstream),
// the headers sent upstream, the taps, then one UpstreamExchange on undici (upstream-exchange.ts).
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { ExchangeInfo } from '../hooks.js';
import { sendProblem } from '../../common/problem.js';
import { admitRequest } from './admit-request.js';
import { recordExchange, type DataPlane } from './data-plane.js';
import { frameUpstreamBody } from './body-framing.js';
import { buildUpstreamHeaders } from './forward-headers.js';
import { openTaps } from './open-taps.js';
import { isReplayable } from './replay-body.js';
import { UpstreamExchange } from './upstream-exchange.js';
import { readTraceContext } from '../telemetry/trace-context.js';

const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);
const EXCHANGE = Symbol('ficus.exchange');
type TaggedResponse = ServerResponse & { [EXCHANGE]?: UpstreamExchange };

/** Builds the data-plane request listener for node's http server. */
export function createRequestHandler(plane: DataPlane): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const startedAt = plane.now();
    if (plane.draining()) res.shouldKeepAlive = false;
    const admitted = admitRequest(plane, req, startedAt);
    if (!admitted.ok) {
      const { requestId, refused } = admitted;
      sendProblem(res, { status: 400, detail: refused.reason, route: null, requestId }, { 'x-request-id': requestId });
      recordExchange(plane, refused);
      return;
    }
    const { requestId, table, decision, upstream } = admitted;
    const method = req.method ?? 'GET';
    const config = plane.config();
    const trace = readTraceContext(req.headers, config.telemetry.otlp !== undefined);
    const upstreamHeaders = buildUpstreamHeaders(req, { requestId, via: config.headers.via, trustForwarded: config.headers.trustForwarded, trace });
    const chunked = frameUpstreamBody(upstreamHeaders, req.headers);
    const info: ExchangeInfo = {
      requestId, routeId: decision.routeId, route: decision.route, method, url: admitted.url, headers: req.headers, upstreamHeaders,
      backend: decision.backend, serviceName: decision.serviceName, reason: decision.reason, startedAt, trace,
    };
    const ex = new UpstreamExchange(
      info,
      openTaps(plane.hooks(), info, plane.onTapError),
      config.headers.route ? { route: decision.routeId ?? '(unmatched)', backend: decision.backend } : null,
      config.headers.via,
      plane,
      table.monolith,
      req,
      res,
      chunked ? withoutTransferEncoding(upstreamHeaders) : upstreamHeaders,
      chunked || hasLength(req),
      upstream ?? table.monolith, // no instance in the pool: the monolith's timers, for a fallback
    );
    (res as TaggedResponse)[EXCHANGE] = ex;
    plane.metrics.inFlight.inc();
    res.on('close', completeOnClose); // emitted once
    if (!upstream) return ex.noInstance();
    if (decision.backend === 'service' && decision.route?.fallback === 'monolith' && IDEMPOTENT.has(method)) {
      ex.replayable = isReplayable(req.headers, decision.route.fallbackBodyCapBytes);
    }
    ex.forward(upstream.url);
  };
}

function completeOnClose(this: ServerResponse): void {
  (this as TaggedResponse)[EXCHANGE]?.complete();
}

function hasLength(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return length !== undefined && length !== '0';
}

// undici frames a body without a length itself (chunked) and refuses to be told to.
function withoutTransferEncoding(headers: OutgoingHttpHeaders): OutgoingHttpHeaders {
  const { 'transfer-encoding': _chunked, ...rest } = headers;
  return rest;
}
