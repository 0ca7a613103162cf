// Headers of a shadow copy: the client's headers minus hop-by-hop ones (the data plane's rule), a
// content-length that matches the captured body, and `x-ficus-shadow: 1` so the service can tell
// it is a copy (`noise` on the monolith's second call).
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import { stripHopByHop } from '../proxy/hop-by-hop.js';

/** Headers for one copy. `purpose` says which copy it is: the service's, or the monolith's second answer for noise. */
export function buildCopyHeaders(client: IncomingHttpHeaders, bodyBytes: number, requestId: string, purpose: 'service' | 'noise'): OutgoingHttpHeaders {
  const out = stripHopByHop(client);
  delete out.expect; // the body is sent whole; nobody waits for 100-continue
  delete out['content-length'];
  if (bodyBytes > 0 || client['content-length'] !== undefined) out['content-length'] = String(bodyBytes);
  out['x-ficus-shadow'] = purpose === 'service' ? '1' : 'noise';
  out['x-request-id'] = requestId;
  return out;
}
