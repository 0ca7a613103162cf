// Websocket upgrades: the same prefix as HTTP (admit-request.ts), then http-proxy-3 tunnels the two
// sockets (the data plane's HTTP engine is undici; a tunnel is http-proxy-3's strong suit). Taps see HTTP exchanges only; upgrades are logged and counted like exchanges (route,
// backend, duration, outcome; status 101 when tunnelled), and fall back to the monolith as HTTP does.
import { STATUS_CODES, type ClientRequest, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Backend } from '../hooks.js';
import { admitRequest } from './admit-request.js';
import { classifyFailure, whenNoInstance, type Failure } from './classify-failure.js';
import { recordExchange, type DataPlane } from './data-plane.js';
import { buildUpstreamHeaders } from './forward-headers.js';
import { refuseUpgrade } from './request-head.js';
import { readTraceContext } from '../telemetry/trace-context.js';

const TUNNEL = Symbol('ficus.tunnel');
interface Tunnel {
  status: number | undefined;
  failure: Failure | undefined;
  backend: Backend; // where the tunnel goes: the monolith after a fallback
  fellBack: boolean;
}
const EMPTY = Buffer.alloc(0);
type TaggedRequest = IncomingMessage & { [TUNNEL]?: Tunnel };

/** Builds the data-plane `upgrade` listener. */
export function createUpgradeHandler(plane: DataPlane): (req: IncomingMessage, socket: Duplex, head: Buffer) => void {
  return (req, socket, head) => {
    const startedAt = plane.now();
    const method = req.method ?? 'GET';
    socket.on('error', () => socket.destroy()); // a client reset must never crash the process
    const admitted = admitRequest(plane, req, startedAt, refuseUpgrade);
    if (!admitted.ok) {
      socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
      recordExchange(plane, admitted.refused);
      return;
    }
    const { requestId, url, table, decision, upstream } = admitted;
    let instance = upstream?.instance;
    // The pool hears once how its instance did: refused (failed), answered (5xx failed), or the tunnel closed.
    const release = (failed: boolean | undefined): void => {
      if (instance) plane.pools.release(instance, failed);
      instance = undefined;
    };
    const tunnel: Tunnel = { status: undefined, failure: undefined, backend: decision.backend, fellBack: false };
    (req as TaggedRequest)[TUNNEL] = tunnel;
    req.url = url;
    const { via, trustForwarded } = plane.config().headers;
    const trace = readTraceContext(req.headers, false); // tunnels get no span: the client's context passes through
    const headers = buildUpstreamHeaders(req, { requestId, via, trustForwarded, trace }, ['upgrade']);
    headers.connection = 'Upgrade';
    req.headers = headers as IncomingMessage['headers'];
    socket.once('close', () => {
      release(tunnel.status === undefined ? undefined : tunnel.status >= 500);
      recordExchange(plane, {
        requestId, method, url, route: decision.routeId, backend: tunnel.backend,
        status: tunnel.status ?? tunnel.failure?.status ?? 499, durationMs: plane.now() - startedAt,
        outcome: tunnel.failure?.outcome ?? (tunnel.status === undefined ? 'client_abort' : 'ok'),
        fellBack: tunnel.fellBack, reason: decision.reason, ...(tunnel.failure ? { error: tunnel.failure.code } : {}),
        traceparent: headers.traceparent as string,
      });
    });
    const open = (url: string, bytes: Buffer): void =>
      plane.proxy.ws(req, socket, bytes, { target: plane.upstreams.upstreamFor(url).target }, (err) => {
        if (tunnel.failure) return;
        const failure = classifyFailure(err as NodeJS.ErrnoException, false);
        if (tunnel.backend === 'service') release(true);
        // Same rule as HTTP: only an upgrade that never reached the service is retried, once.
        if (failure.connectFailed && tunnel.status === undefined && !tunnel.fellBack && tunnel.backend === 'service' && decision.route?.fallback === 'monolith') {
          plane.metrics.observeUpstreamError(failure.outcome);
          plane.logger.warn({ requestId, route: decision.routeId, error: failure.code }, 'service unreachable; retrying the upgrade on the monolith');
          tunnel.fellBack = true;
          tunnel.backend = 'monolith';
          keepClientSocketOpen(socket);
          open(table.monolith.url, EMPTY); // the first attempt already put `head` back on the client socket
          return;
        }
        refuse(failure);
      });
    const refuse = (failure: Failure): void => {
      tunnel.failure = failure;
      if (tunnel.status === undefined && socket.writable) {
        socket.end(`HTTP/1.1 ${failure.status} ${STATUS_CODES[failure.status]}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
      } else socket.destroy();
    };
    if (upstream) return open(upstream.url, head);
    const instead = whenNoInstance(decision.route, plane.metrics);
    if (instead !== 'monolith') return refuse(instead);
    tunnel.fellBack = true; // no instance of the service in its pool: nothing was sent, the upgrade goes to the monolith as it is
    tunnel.backend = 'monolith';
    open(table.monolith.url, head);
  };
}

// http-proxy-3 ends the client socket (destroySoon) right after the error callback of a failed
// upgrade; for a retry on the monolith that one call is skipped (the prototype's returns after it).
function keepClientSocketOpen(socket: Duplex): void {
  const own = socket as Duplex & { destroySoon?: () => void };
  own.destroySoon = () => {
    delete own.destroySoon;
  };
}

/** Notes how the upstream answered an upgrade (http-proxy `proxyReqWs`). */
export function watchUpgrade(proxyReq: ClientRequest, req: IncomingMessage): void {
  const tunnel = (req as TaggedRequest)[TUNNEL];
  if (!tunnel) return;
  proxyReq.once('upgrade', () => (tunnel.status = 101));
  proxyReq.once('response', (res: IncomingMessage) => (tunnel.status = res.statusCode));
}
