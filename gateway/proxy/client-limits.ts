// What one client connection may hold, so a client cannot hoard the gateway's sockets: node's own
// server limits (a header deadline, a whole-request deadline for slow bodies, a keep-alive idle
// timeout, a connection cap), each counted in ficus_client_connections_closed_total when it closes
// a connection. node checks the two deadlines on a sweep, every `connectionsCheckingInterval`.
import type http from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { GatewayConfig } from '../config/schema.js';
import type { ExchangeOutcome } from '../hooks.js';
import type { GatewayMetrics } from '../telemetry/create-metrics.js';

type Limits = GatewayConfig['listen'];

/** How a client ended a request whose body never arrived whole (the exchange's outcome). */
export type ClientCut = Extract<ExchangeOutcome, 'client_abort' | 'client_timeout' | 'rejected'>;

// Set on the response of a request cut by its client's connection, before node answers it or closes.
const CUT = new WeakMap<http.ServerResponse, ClientCut>();

/** Why the client's side of this exchange ended early, if it did: timed out, went away, or sent a body that does not parse. */
export function clientCutOf(res: http.ServerResponse): ClientCut | undefined {
  return CUT.get(res);
}

// A request under way whose connection failed: at the whole-request deadline, closed or reset by the
// client mid-body (node's parser reports a close as an EOF in the wrong state), or a body that is
// not valid chunked framing.
function cutBy(code: string | undefined): ClientCut {
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return 'client_timeout';
  if (code === 'ECONNRESET' || code === 'HPE_INVALID_EOF_STATE') return 'client_abort';
  return 'rejected';
}

// What node itself answers a request it could not parse (its default `clientError` behaviour,
// which a listener replaces); the timeout is ours to count.
const PARSE_STATUS: Record<string, [number, string]> = {
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout'],
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large'],
  HPE_CHUNK_EXTENSIONS_OVERFLOW: [413, 'Payload Too Large'],
};

/** Options for http.createServer: the deadlines, swept at a tenth of the header deadline (10 ms to 1 s). */
export function clientLimitOptions(limits: Limits): http.ServerOptions {
  return {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionsCheckingInterval: Math.min(1000, Math.max(10, Math.floor(limits.headersTimeoutMs / 10))),
  };
}

/** Caps open connections and counts every connection a limit closes. */
export function enforceClientLimits(server: http.Server, limits: Limits, metrics: GatewayMetrics): void {
  server.maxConnections = limits.maxConnections;
  server.on('drop', () => metrics.clientConnectionClosed('max_connections'));
  // node sets the keep-alive timeout on a socket between requests (nothing else here sets a socket
  // timeout); with a listener it no longer closes the socket itself.
  server.on('timeout', (socket: Socket) => {
    metrics.clientConnectionClosed('idle_timeout');
    socket.destroy();
  });
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    // A response under way means the head was read: the body was too slow (node's own test, too).
    const res = (socket as { _httpMessage?: http.ServerResponse | null })._httpMessage ?? undefined;
    if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') metrics.clientConnectionClosed(res ? 'request_timeout' : 'headers_timeout');
    if (res) CUT.set(res, socket.writable ? cutBy(err.code) : 'client_abort');
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const [status, text] = PARSE_STATUS[err.code ?? ''] ?? [400, 'Bad Request'];
    if (res && !res.headersSent) {
      // Through the response, so the exchange's access-log line says what the client was answered;
      // `connection: close` makes node close the socket once it is written.
      res.writeHead(status, { connection: 'close', 'content-length': 0 });
      res.end();
    } else if (!res) {
      // The server's sockets allow half-open: end() alone would wait for the client's FIN.
      socket.end(`HTTP/1.1 ${status} ${text}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`, () => socket.destroy());
    } else socket.destroy(); // mid-answer: a cut connection is the only honest signal left
  });
}
