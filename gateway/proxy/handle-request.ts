// One proxied HTTP exchange: normalise, decide, forward with http-proxy-3, answer failures with a
// problem body, retry a connect failure once on the monolith when the route allows it, and report
// exactly once (access log, metrics, taps).
import type { ClientRequest, IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { Backend, ExchangeInfo, ExchangeOutcome, ExchangeTap } from '../hooks.js';
import type { UpstreamConfig } from '../config/schema.js';
import { decideTarget } from '../routing/decide-target.js';
import { normaliseTarget } from '../routing/normalise-path.js';
import { classifyFailure, type Failure, type UpstreamTimer } from './classify-failure.js';
import { recordExchange, type DataPlane } from './data-plane.js';
import { frameUpstreamBody } from './body-framing.js';
import { buildClientHeaders, buildUpstreamHeaders } from './forward-headers.js';
import { openTaps } from './open-taps.js';
import { adoptTargetAuthority, refuseRequestHead } from './request-head.js';
import { keepForReplay, whenReceived, type KeptBody } from './replay-body.js';
import { readRequestId } from './request-id.js';
import { readTraceContext } from '../telemetry/trace-context.js';
import { sendProblem } from '../../common/problem.js';
import { armDeadline } from './total-deadline.js';
import { upstreamPath } from '../upstream/upstream-path.js';

const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);
const EXCHANGE = Symbol('ficus.exchange');

export interface Exchange {
  info: ExchangeInfo;
  backend: Backend; // where the answer comes from: differs from info.backend after a fallback
  tap: ExchangeTap | undefined;
  timeoutMs: number;
  deadlineMs: number;
  timedOut: UpstreamTimer;
  fellBack: boolean;
  failure: Failure | undefined;
  kept: KeptBody | undefined; // the body, kept for a replay on the monolith (see canFallBack)
  routeHeaders: { route: string; backend: string } | null;
  via: string;
  // What the shared listeners below need: they are module functions, not closures per request.
  plane: DataPlane;
  monolith: UpstreamConfig; // the fallback target, from the table the exchange started with
  res: ServerResponse;
}

type TaggedRequest = IncomingMessage & { [EXCHANGE]?: Exchange }; // the client's request and the upstream's response

/** The exchange an http-proxy event belongs to. */
export function exchangeOf(req: IncomingMessage): Exchange | undefined {
  return (req as TaggedRequest)[EXCHANGE];
}

/** Builds the data-plane request listener for node's http server. */
export function createRequestHandler(plane: DataPlane): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const startedAt = plane.now();
    const method = req.method ?? 'GET';
    const requestId = readRequestId(req.headers);
    if (plane.draining()) res.shouldKeepAlive = false;
    const target = normaliseTarget(req.url ?? '/');
    const refusal = target.ok ? refuseRequestHead(req) : target.reason;
    if (!target.ok || refusal !== undefined) {
      const reason = refusal ?? 'bad request';
      sendProblem(res, { status: 400, detail: reason, route: null, requestId }, { 'x-request-id': requestId });
      recordExchange(plane, {
        requestId, method, url: req.url ?? '', route: null, backend: 'none', status: 400,
        durationMs: plane.now() - startedAt, outcome: 'rejected', fellBack: false, reason,
      });
      return;
    }
    adoptTargetAuthority(req);
    const table = plane.table();
    const config = plane.config();
    const decision = decideTarget({ method, path: target.path, headers: req.headers }, table, plane.rng);
    const upstream: UpstreamConfig =
      decision.backend === 'service' && decision.serviceName ? table.services[decision.serviceName]! : table.monolith;
    const trace = readTraceContext(req.headers, config.telemetry.otlp !== undefined);
    const upstreamHeaders = buildUpstreamHeaders(req, { requestId, via: config.headers.via, trustForwarded: config.headers.trustForwarded, trace });
    frameUpstreamBody(upstreamHeaders, req.headers);
    const info: ExchangeInfo = {
      requestId, routeId: decision.routeId, route: decision.route, method, url: target.url, headers: req.headers, upstreamHeaders,
      backend: decision.backend, serviceName: decision.serviceName, reason: decision.reason, startedAt, trace,
    };
    const ex: Exchange = {
      info,
      backend: decision.backend,
      tap: openTaps(plane.hooks(), info, plane.onTapError),
      timeoutMs: upstream.timeoutMs,
      deadlineMs: upstream.deadlineMs,
      timedOut: false,
      fellBack: false,
      failure: undefined,
      kept: undefined,
      routeHeaders: config.headers.route ? { route: decision.routeId ?? '(unmatched)', backend: decision.backend } : null,
      via: config.headers.via,
      plane,
      monolith: table.monolith,
      res,
    };
    (req as TaggedRequest)[EXCHANGE] = ex;
    req.headers = upstreamHeaders as IncomingMessage['headers'];
    plane.metrics.inFlight.inc();
    res.on('close', completeOnClose); // emitted once
    forward(ex, req, upstream);
    if (decision.backend === 'service' && decision.route?.fallback === 'monolith' && IDEMPOTENT.has(method)) {
      ex.kept = keepForReplay(req, info.headers, decision.route.fallbackBodyCapBytes);
    }
    const tap = ex.tap;
    if (tap?.onRequestChunk) req.on('data', (chunk: Buffer) => tap.onRequestChunk!(chunk));
    if (tap?.onRequestEnd) req.once('end', () => tap.onRequestEnd!());
  };
}

function forward(ex: Exchange, req: IncomingMessage, up: UpstreamConfig, replay?: Readable): void {
  const proxy = ex.plane.webProxies.proxyFor(up.url);
  req.url = upstreamPath(ex.plane.upstreams.upstreamFor(up.url).target, ex.info.url);
  if (replay) proxy.web(req, ex.res, { buffer: replay }, onProxyError);
  else proxy.web(req, ex.res, onProxyError);
}

// http-proxy's error callback for the client request and the upstream request of one exchange.
function onProxyError(err: Error, req: IncomingMessage): void {
  const ex = exchangeOf(req);
  if (!ex) return;
  const failure = classifyFailure(err as NodeJS.ErrnoException, ex.timedOut);
  if (canFallBack(ex, ex.res, failure)) {
    ex.plane.metrics.observeUpstreamError(failure.outcome);
    ex.plane.logger.warn({ requestId: ex.info.requestId, route: ex.info.routeId, error: failure.code }, 'service unreachable; retrying on the monolith');
    ex.fellBack = true;
    ex.backend = 'monolith';
    ex.timeoutMs = ex.monolith.timeoutMs;
    ex.deadlineMs = ex.monolith.deadlineMs;
    if (ex.routeHeaders) ex.routeHeaders = { route: ex.routeHeaders.route, backend: 'monolith' };
    if (ex.kept) whenReceived(req, ex.kept, (body) => forward(ex, req, ex.monolith, Readable.from([body])));
    else forward(ex, req, ex.monolith, Readable.from([]));
    return;
  }
  fail(ex, ex.res, failure);
}

function completeOnClose(this: ServerResponse): void {
  const ex = exchangeOf(this.req);
  if (ex) complete(ex.plane, ex, this);
}

// Only a request that never reached the service and is idempotent is retried, and only when it has
// no body or a small one that was kept (see replay-body.ts).
function canFallBack(ex: Exchange, res: ServerResponse, failure: Failure): boolean {
  return (
    failure.connectFailed &&
    !ex.fellBack &&
    ex.backend === 'service' &&
    ex.info.route?.fallback === 'monolith' &&
    IDEMPOTENT.has(ex.info.method) &&
    (ex.kept !== undefined || !hasBody(ex.info.headers)) && // the client's headers: transfer-encoding is gone from the upstream copy
    !res.headersSent
  );
}

function hasBody(headers: IncomingHttpHeaders): boolean {
  const length = headers['content-length'];
  return headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function fail(ex: Exchange, res: ServerResponse, failure: Failure): void {
  if (ex.failure || res.writableEnded || res.destroyed) return;
  ex.failure = failure;
  if (res.headersSent) {
    res.destroy(); // mid-body: the only honest signal left is a cut connection
    return;
  }
  sendProblem(
    res,
    { status: failure.status, detail: `${ex.backend}: ${failure.code}`, route: ex.info.routeId, requestId: ex.info.requestId },
    { 'x-request-id': ex.info.requestId, ...(ex.routeHeaders ? { 'x-ficus-route': ex.routeHeaders.route, 'x-ficus-backend': ex.routeHeaders.backend } : {}) },
  );
}

/** Arms the upstream timers (service `timeoutMs`, socket idle time; `deadlineMs`, the whole answer) on each upstream request (http-proxy `proxyReq`). */
export function armTimeout(proxyReq: ClientRequest, req: IncomingMessage): void {
  const ex = exchangeOf(req);
  if (!ex) return;
  proxyReq.setTimeout(ex.timeoutMs, () => {
    ex.timedOut = 'idle';
    proxyReq.destroy();
  });
  armDeadline(proxyReq, ex.deadlineMs, () => {
    ex.timedOut = 'deadline';
    proxyReq.destroy(); // before the head: 504; mid-body: the client's connection is cut (see fail)
  });
}

/** Response head from the upstream: filter headers, add ours, stream the body (http-proxy `proxyRes`). */
export function relayResponse(proxyRes: IncomingMessage, req: IncomingMessage, res: ServerResponse): void {
  const ex = exchangeOf(req);
  if (!ex || res.headersSent || res.destroyed) return;
  const status = proxyRes.statusCode ?? 502;
  const headers = buildClientHeaders(proxyRes.headers, { requestId: ex.info.requestId, via: ex.via, routeHeaders: ex.routeHeaders });
  res.writeHead(status, proxyRes.statusMessage, headers);
  ex.tap?.onResponse?.(status, headers as IncomingMessage['headers']);
  const tap = ex.tap;
  if (tap?.onResponseChunk) proxyRes.on('data', (chunk: Buffer) => tap.onResponseChunk!(chunk));
  (proxyRes as TaggedRequest)[EXCHANGE] = ex;
  proxyRes.on('error', onUpstreamError);
  proxyRes.once('close', onUpstreamClose);
  proxyRes.pipe(res);
}

function onUpstreamError(this: IncomingMessage, err: Error): void {
  const ex = exchangeOf(this)!;
  fail(ex, ex.res, classifyFailure(err as NodeJS.ErrnoException, ex.timedOut));
}

function onUpstreamClose(this: IncomingMessage): void {
  const ex = exchangeOf(this)!;
  if (!this.complete) fail(ex, ex.res, classifyFailure(Object.assign(new Error('upstream closed mid-body'), { code: 'ECONNRESET' }), ex.timedOut));
}

function complete(plane: DataPlane, ex: Exchange, res: ServerResponse): void {
  plane.metrics.inFlight.dec();
  const outcome: ExchangeOutcome = ex.failure?.outcome ?? (res.writableFinished ? 'ok' : 'client_abort');
  const status = res.headersSent ? res.statusCode : 499; // 499: the client left before an answer (nginx's code)
  const durationMs = plane.now() - ex.info.startedAt;
  ex.tap?.onComplete?.({ outcome, status, durationMs, backend: ex.backend, fellBack: ex.fellBack });
  recordExchange(plane, {
    requestId: ex.info.requestId, method: ex.info.method, url: ex.info.url, route: ex.info.routeId, backend: ex.backend,
    status, durationMs, outcome, fellBack: ex.fellBack, reason: ex.info.reason, ...(ex.failure ? { error: ex.failure.code } : {}),
    ...(ex.info.trace ? { traceparent: ex.info.upstreamHeaders.traceparent as string } : {}),
  });
}
