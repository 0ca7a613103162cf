// Websocket upgrades: same normalisation and decision as HTTP, then http-proxy-3 tunnels the two
// sockets. Taps see HTTP exchanges only; upgrades are logged and counted (status 101 when tunnelled).
import { STATUS_CODES, type ClientRequest, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { decideTarget } from '../routing/decide-target.js';
import { normaliseTarget } from '../routing/normalise-path.js';
import { classifyFailure, type Failure } from './classify-failure.js';
import { recordExchange, type DataPlane } from './data-plane.js';
import { buildUpstreamHeaders } from './forward-headers.js';
import { adoptTargetAuthority, refuseRequestHead, refuseUpgrade } from './request-head.js';
import { readRequestId } from './request-id.js';

const TUNNEL = Symbol('ficus.tunnel');
interface Tunnel {
  status: number | undefined;
  failure: Failure | undefined;
}
type TaggedRequest = IncomingMessage & { [TUNNEL]?: Tunnel };

/** Builds the data-plane `upgrade` listener. */
export function createUpgradeHandler(plane: DataPlane): (req: IncomingMessage, socket: Duplex, head: Buffer) => void {
  return (req, socket, head) => {
    const startedAt = plane.now();
    const method = req.method ?? 'GET';
    const requestId = readRequestId(req.headers);
    socket.on('error', () => socket.destroy()); // a client reset must never crash the process
    const target = normaliseTarget(req.url ?? '/');
    const refusal = target.ok ? refuseRequestHead(req) ?? refuseUpgrade(req) : target.reason;
    if (!target.ok || refusal !== undefined) {
      socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
      recordExchange(plane, {
        requestId, method, url: req.url ?? '', route: null, backend: 'none', status: 400,
        durationMs: plane.now() - startedAt, outcome: 'rejected', fellBack: false, reason: refusal ?? 'bad request',
      });
      return;
    }
    adoptTargetAuthority(req);
    const table = plane.table();
    const decision = decideTarget({ method, path: target.path, headers: req.headers }, table, plane.rng);
    const upstream = decision.backend === 'service' && decision.serviceName ? table.services[decision.serviceName]! : table.monolith;
    const tunnel: Tunnel = { status: undefined, failure: undefined };
    (req as TaggedRequest)[TUNNEL] = tunnel;
    req.url = target.url;
    const { via, trustForwarded } = plane.config().headers;
    const headers = buildUpstreamHeaders(req, { requestId, via, trustForwarded }, ['upgrade']);
    headers.connection = 'Upgrade';
    req.headers = headers as IncomingMessage['headers'];
    socket.once('close', () =>
      recordExchange(plane, {
        requestId, method, url: target.url, route: decision.routeId, backend: decision.backend,
        status: tunnel.status ?? tunnel.failure?.status ?? 499, durationMs: plane.now() - startedAt,
        outcome: tunnel.failure?.outcome ?? (tunnel.status === undefined ? 'client_abort' : 'ok'),
        fellBack: false, reason: decision.reason, ...(tunnel.failure ? { error: tunnel.failure.code } : {}),
      }),
    );
    plane.proxy.ws(req, socket, head, { target: plane.upstreams.upstreamFor(upstream.url).target }, (err) => {
      if (tunnel.failure) return;
      tunnel.failure = classifyFailure(err as NodeJS.ErrnoException, false);
      if (tunnel.status === undefined && socket.writable) {
        socket.end(`HTTP/1.1 ${tunnel.failure.status} ${STATUS_CODES[tunnel.failure.status]}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
      } else socket.destroy();
    });
  };
}

/** Notes how the upstream answered an upgrade (http-proxy `proxyReqWs`). */
export function watchUpgrade(proxyReq: ClientRequest, req: IncomingMessage): void {
  const tunnel = (req as TaggedRequest)[TUNNEL];
  if (!tunnel) return;
  proxyReq.once('upgrade', () => (tunnel.status = 101));
  proxyReq.once('response', (res: IncomingMessage) => (tunnel.status = res.statusCode));
}
