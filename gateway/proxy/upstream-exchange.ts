// One HTTP exchange with an upstream on undici: it is the dispatch handler (undici's own, callback
// form: no adapter between the parser and us), streams the request body (the client's request, as
// an iterator undici pulls only when the upstream socket takes more) and the response (a full
// client socket pauses undici's parser until it drains), runs the idle and total timers, answers
// failures with a problem body, retries a connect failure once on the monolith when the route
// allows it, and reports exactly once (access log, metrics, taps) when the client's response closes.
import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { util, type Dispatcher } from 'undici';
import { sendProblem } from '../../common/problem.js';
import type { UpstreamConfig } from '../config/schema.js';
import type { Backend, ExchangeInfo, ExchangeOutcome, ExchangeTap } from '../hooks.js';
import { upstreamPath } from '../upstream/upstream-path.js';
import type { Upstream } from '../upstream/pick-upstream.js';
import type { Instance } from '../upstream/service-pool.js';
import { classifyFailure, whenNoInstance, type Failure, type UpstreamTimer } from './classify-failure.js';
import { clientCutOf } from './client-limits.js';
import { recordExchange, type DataPlane } from './data-plane.js';
import { buildClientHeaders } from './forward-headers.js';
import { readWholeBody } from './replay-body.js';

const CLIENT_GONE = Object.assign(new Error('client closed the exchange'), { code: 'ECLIENTGONE' });
const TIMED_OUT = Object.assign(new Error('upstream timer fired'), { code: 'ETIMEDOUT' });

export class UpstreamExchange implements Dispatcher.DispatchHandler {
  backend: Backend; // where the answer comes from: differs from info.backend after a fallback
  timeoutMs: number;
  deadlineMs: number;
  timedOut: UpstreamTimer = false;
  fellBack = false;
  failure: Failure | undefined = undefined;
  replayable = false; // a connect failure may be retried on the monolith (see canFallBack)
  private instance: Instance | undefined; // the service instance, until its pool hears how it did
  private abortUpstream: ((err?: Error) => void) | undefined = undefined;
  private resumeUpstream: (() => void) | undefined = undefined;
  private pendingAbort: Error | undefined = undefined; // asked before undici connected: applied in onConnect
  private deadline: NodeJS.Timeout | undefined = undefined;
  private idle: NodeJS.Timeout | undefined = undefined;
  private waitingForDrain = false;
  private closed = false;

  constructor(
    readonly info: ExchangeInfo,
    readonly tap: ExchangeTap | undefined,
    private routeHeaders: { route: string; backend: string } | null,
    private readonly via: string,
    private readonly plane: DataPlane,
    private readonly monolith: UpstreamConfig, // the fallback target, from the table the exchange started with
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
    private readonly upstreamHeaders: OutgoingHttpHeaders, // as undici takes them: no transfer-encoding (it frames the body itself)
    private readonly hasBody: boolean,
    upstream: Upstream,
  ) {
    this.instance = upstream.instance;
    this.backend = info.backend;
    this.timeoutMs = upstream.timeoutMs;
    this.deadlineMs = upstream.deadlineMs;
  }

  /** Sends the request to `url` (the client's request streams as the body, or `replay` when given). */
  forward(url: string, replay?: Buffer): void {
    const { pool, target } = this.plane.dispatchers.dispatcherFor(url);
    const streamed = replay === undefined && this.hasBody;
    this.deadline = setTimeout(expireDeadline, this.deadlineMs, this);
    pool.dispatch(
      {
        path: upstreamPath(target, this.info.url),
        method: this.info.method as Dispatcher.HttpMethod,
        headers: this.upstreamHeaders as Dispatcher.DispatchOptions['headers'],
        body: replay ?? (streamed ? this.bodyStream() : null),
        // Framed as parsed: a body on a GET/HEAD/DELETE keeps the connection (undici would close it).
        reset: false,
        // The idle timer: undici's, from the request's start to the head, while nothing is uploaded;
        // for a streamed body it starts once the body is sent (onRequestSent), so a slow client's
        // upload is the client limits' business, not the upstream's.
        headersTimeout: streamed ? 0 : this.timeoutMs,
        bodyTimeout: this.timeoutMs,
      },
      this,
    );
  }

  // The client's request as an iterator, whatever its framing: undici frames it by the
  // content-length it was told (none: chunked), pulls a chunk only when the upstream socket takes
  // one (backpressure), and, unlike a stream body, never destroys it when the upstream fails
  // mid-upload, so the socket the 502 goes out on stays open. (Handed a stream, undici also sends
  // one it finds already ended with that length, so a chunked body would lose its chunking.)
  private bodyStream(): Dispatcher.DispatchOptions['body'] {
    // undici takes any async iterable as a body; its types list only Readable.
    return this.req.iterator({ destroyOnReturn: false }) as unknown as Readable;
  }

  onConnect(abort: (err?: Error) => void): void {
    if (this.pendingAbort) return abort(this.pendingAbort);
    this.abortUpstream = abort;
  }

  // The request body as undici writes it: the taps see exactly what the upstream was sent. (undici 7
  // passes the chunk itself; its types still say a size.)
  onBodySent(chunk: unknown): void {
    this.tap?.onRequestChunk?.(chunk as Buffer);
  }

  onRequestSent(): void {
    this.tap?.onRequestEnd?.();
    if (this.hasBody && !this.res.headersSent) this.idle = setTimeout(expireIdle, this.timeoutMs, this);
  }

  onHeaders(status: number, raw: Buffer[], resume: () => void, statusText: string): boolean {
    if (status < 200) return true; // 1xx: informational, not relayed (as node's client did)
    clearTimeout(this.idle);
    const res = this.res;
    if (res.headersSent || res.destroyed) return true;
    const upstream = util.parseHeaders(raw) as IncomingHttpHeaders;
    const headers = buildClientHeaders(upstream, { requestId: this.info.requestId, via: this.via, routeHeaders: this.routeHeaders });
    if (statusText) res.writeHead(status, statusText, headers);
    else res.writeHead(status, headers);
    this.tap?.onResponse?.(status, headers as IncomingHttpHeaders);
    this.resumeUpstream = resume;
    return true;
  }

  onData(chunk: Buffer): boolean {
    this.tap?.onResponseChunk?.(chunk);
    if (this.res.write(chunk)) return true;
    // The client reads slower than the upstream sends: undici stops reading until the client drains.
    if (!this.waitingForDrain) {
      this.waitingForDrain = true;
      this.res.on('drain', () => this.resumeUpstream?.());
    }
    return false;
  }

  onComplete(): void {
    this.settle();
    this.res.end();
  }

  onError(err: Error): void {
    this.settle();
    if (this.closed) return; // the client left first: complete() has reported it
    const failure = classifyFailure(err as NodeJS.ErrnoException, this.timedOut);
    this.release(true);
    if (this.canFallBack(failure)) return this.fallBack(failure);
    this.fail(failure);
  }

  /** The client's response closed (sent, or the client went away): report once, cancel what still runs. */
  complete(): void {
    this.closed = true;
    const { plane, res } = this;
    // An answer cut short, or a request body that will never be whole (the client went away, or
    // node answered its truncated body itself): the upstream's half of the exchange ends here too.
    if (!res.writableFinished || !this.req.complete) this.abort(CLIENT_GONE);
    plane.metrics.inFlight.dec();
    // A client that left says nothing about the instance; an answer does (5xx, or an upstream failure).
    this.release(this.failure ? true : res.headersSent ? res.statusCode >= 500 : undefined);
    const outcome: ExchangeOutcome = this.failure?.outcome ?? clientCutOf(res) ?? (res.writableFinished ? 'ok' : 'client_abort');
    const status = res.headersSent ? res.statusCode : 499; // 499: the client left before an answer (nginx's code)
    const durationMs = plane.now() - this.info.startedAt;
    this.tap?.onComplete?.({ outcome, status, durationMs, backend: this.backend, fellBack: this.fellBack });
    const info = this.info;
    recordExchange(plane, {
      requestId: info.requestId, method: info.method, url: info.url, route: info.routeId, backend: this.backend,
      status, durationMs, outcome, fellBack: this.fellBack, reason: info.reason, ...(this.failure ? { error: this.failure.code } : {}),
      ...(info.trace ? { traceparent: info.upstreamHeaders.traceparent as string } : {}),
    });
  }

  /** Cancels the upstream request (now, or as soon as undici connects it: a timer then answers at once). */
  abort(err: Error): void {
    if (this.abortUpstream) return this.abortUpstream(err); // undici calls onError before this returns
    this.pendingAbort = err;
    if (err === TIMED_OUT) this.onError(err);
  }

  private settle(): void {
    clearTimeout(this.deadline);
    clearTimeout(this.idle);
    this.abortUpstream = undefined;
  }

  // Only a request that never reached the service is retried, once, and only when the route falls
  // back and the request is idempotent with no body or a small one (`replayable`, see handle-request.ts).
  private canFallBack(failure: Failure): boolean {
    return failure.connectFailed && this.replayable && !this.fellBack && this.backend === 'service' && !this.res.headersSent;
  }

  /** No instance of the service is in its pool (whenNoInstance): the monolith, its body still unread, or 503. */
  noInstance(): void {
    const { plane, info } = this;
    const instead = whenNoInstance(info.route, plane.metrics);
    if (instead !== 'monolith') return this.fail(instead);
    plane.logger.warn({ requestId: info.requestId, route: info.routeId, service: info.serviceName }, 'no instance of the service in its pool; sending to the monolith');
    this.toMonolith();
    this.forward(this.monolith.url);
  }

  // Tells the pool how its instance did (the outlier detector's input), once per exchange.
  private release(failed: boolean | undefined): void {
    const instance = this.instance;
    if (!instance) return;
    this.instance = undefined;
    this.plane.pools.release(instance, failed);
  }

  private fallBack(failure: Failure): void {
    const { plane, info } = this;
    plane.metrics.observeUpstreamError(failure.outcome);
    plane.logger.warn({ requestId: info.requestId, route: info.routeId, error: failure.code }, 'service unreachable; retrying on the monolith');
    this.toMonolith();
    if (this.hasBody) readWholeBody(this.req, (body) => this.forward(this.monolith.url, body));
    else this.forward(this.monolith.url, EMPTY);
  }

  private toMonolith(): void {
    this.fellBack = true;
    this.backend = 'monolith';
    this.timeoutMs = this.monolith.timeoutMs;
    this.deadlineMs = this.monolith.deadlineMs;
    this.pendingAbort = undefined;
    if (this.routeHeaders) this.routeHeaders = { route: this.routeHeaders.route, backend: 'monolith' };
  }

  private fail(failure: Failure): void {
    const res = this.res;
    if (this.failure || res.writableEnded || res.destroyed) return;
    this.failure = failure;
    if (res.headersSent) {
      res.destroy(); // mid-body: the only honest signal left is a cut connection
      return;
    }
    const { info, routeHeaders } = this;
    // An upload cut on its way upstream is still arriving: the rest is read and dropped (node does so
    // itself only for a body nobody began to read) and the connection closes after the answer.
    if (this.req.readableDidRead && !this.req.complete) {
      res.shouldKeepAlive = false;
      this.req.resume();
    }
    sendProblem(
      res,
      { status: failure.status, detail: `${this.backend}: ${failure.code}`, route: info.routeId, requestId: info.requestId },
      { 'x-request-id': info.requestId, ...(routeHeaders ? { 'x-ficus-route': routeHeaders.route, 'x-ficus-backend': routeHeaders.backend } : {}) },
    );
  }
}

const EMPTY = Buffer.alloc(0);

function expireDeadline(ex: UpstreamExchange): void {
  ex.timedOut = 'deadline';
  ex.abort(TIMED_OUT); // before the head: 504; mid-body: the client's connection is cut (see fail)
}

function expireIdle(ex: UpstreamExchange): void {
  ex.timedOut = 'idle';
  ex.abort(TIMED_OUT);
}
