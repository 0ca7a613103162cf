// Hop-by-hop headers (RFC 9110 §7.6.1) describe one connection and must not cross the proxy, in
// either direction, including every header named as a token of `Connection`.
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);
// Never dropped because a client listed them in Connection: the upstream needs them to read the message.
const PROTECTED = new Set(['host', 'content-length', 'content-type']);

/** A copy of `headers` without hop-by-hop headers; `keep` names ones to retain (Upgrade for websockets). */
export function stripHopByHop(headers: IncomingHttpHeaders, keep: readonly string[] = []): OutgoingHttpHeaders {
  const named = connectionTokens(headers.connection);
  const out: OutgoingHttpHeaders = {};
  for (const name in headers) {
    if ((HOP_BY_HOP.has(name) || named.has(name)) && !keep.includes(name)) continue;
    out[name] = headers[name];
  }
  return out;
}

function connectionTokens(value: string | string[] | undefined): Set<string> {
  const tokens = new Set<string>();
  if (!value) return tokens;
  for (const part of (Array.isArray(value) ? value.join(',') : value).split(',')) {
    const token = part.trim().toLowerCase();
    if (token && !PROTECTED.has(token)) tokens.add(token);
  }
  return tokens;
}
