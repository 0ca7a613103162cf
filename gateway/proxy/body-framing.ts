// A request body crosses the proxy framed as the gateway parsed it (RFC 9112 §6). node's parser
// accepts a Transfer-Encoding only when chunked is its final coding, so such a body is re-chunked
// upstream; a Content-Length is kept as it is (it is not hop-by-hop); neither means no body.
// Without this, a chunked GET/HEAD/DELETE/OPTIONS lost its transfer-encoding with the hop-by-hop
// headers and reached the upstream unframed, where it read as a second request.
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';

/** Sets the upstream copy's framing headers from the client request's (in place); true when the body is chunked. */
export function frameUpstreamBody(upstream: OutgoingHttpHeaders, client: IncomingHttpHeaders): boolean {
  if (client['transfer-encoding'] === undefined) return false;
  upstream['transfer-encoding'] = 'chunked';
  delete upstream['content-length'];
  return true;
}
