// A request body crosses the proxy framed as the gateway parsed it (RFC 9112 §6). node's parser
// accepts a Transfer-Encoding only when chunked is its final coding, so such a body is re-chunked
// upstream; a Content-Length is kept as it is (it is not hop-by-hop); neither means no body.
// Without this, a chunked GET/HEAD/DELETE/OPTIONS lost its transfer-encoding with the hop-by-hop
// headers, node's client (which chunks by default only for other methods) wrote the decoded bytes
// unframed onto the keep-alive socket, and the upstream read them as a second request.
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';

/** Sets the upstream copy's framing headers from the client request's (in place). */
export function frameUpstreamBody(upstream: OutgoingHttpHeaders, client: IncomingHttpHeaders): void {
  if (client['transfer-encoding'] === undefined) return;
  upstream['transfer-encoding'] = 'chunked';
  delete upstream['content-length'];
}

/** http-proxy's `deleteLength` pass, without its hole: `content-length: 0` only on a DELETE or OPTIONS that has no body. */
export function deleteLength(req: { method?: string; headers: IncomingHttpHeaders }): void {
  if ((req.method === 'DELETE' || req.method === 'OPTIONS') && req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined) {
    req.headers['content-length'] = '0';
  }
}
