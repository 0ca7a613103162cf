// Headers of a shadow copy: the client's headers minus hop-by-hop ones, a content-length that
// matches the captured body, and `x-ficus-shadow: 1` so the service can tell it is a copy.
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'expect']);

/** Headers for one copy. `purpose` says which copy it is: the service's, or the monolith's second answer for noise. */
export function buildCopyHeaders(client: IncomingHttpHeaders, bodyBytes: number, requestId: string, purpose: 'service' | 'noise'): OutgoingHttpHeaders {
  const named = new Set(
    String(client.connection ?? '')
      .split(',')
      .map((t) => t.trim().toLowerCase())
      .filter((t) => t && t !== 'host' && t !== 'content-length' && t !== 'content-type'),
  );
  const out: OutgoingHttpHeaders = {};
  for (const name in client) {
    if (HOP_BY_HOP.has(name) || named.has(name) || name === 'content-length') continue;
    out[name] = client[name];
  }
  if (bodyBytes > 0 || client['content-length'] !== undefined) out['content-length'] = String(bodyBytes);
  out['x-ficus-shadow'] = purpose === 'service' ? '1' : 'noise';
  out['x-request-id'] = requestId;
  return out;
}
