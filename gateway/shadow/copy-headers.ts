// Headers of a shadow copy: what the primary's upstream was sent (hop-by-hop dropped, the same
// x-forwarded-*, via and x-request-id, so the service sees the request as the monolith did), framed
// by a content-length that matches the captured body (a chunked original is buffered whole here), and `x-ficus-shadow: 1` so the service can tell it
// is a copy (`noise` on the monolith's second call).
import type { OutgoingHttpHeaders } from 'node:http';

/** Headers for one copy. `purpose` says which copy it is: the service's, or the monolith's second answer for noise. */
export function buildCopyHeaders(forwarded: OutgoingHttpHeaders, bodyBytes: number, requestId: string, purpose: 'service' | 'noise'): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = { ...forwarded };
  const framed = forwarded['content-length'] !== undefined || forwarded['transfer-encoding'] !== undefined;
  delete out['content-length'];
  delete out['transfer-encoding'];
  if (bodyBytes > 0 || framed) out['content-length'] = String(bodyBytes);
  out['x-ficus-shadow'] = purpose === 'service' ? '1' : 'noise';
  out['x-request-id'] = requestId;
  return out;
}
