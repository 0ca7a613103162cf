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

const NONE: readonly string[] = [];

/** A copy of `headers` without hop-by-hop headers; `keep` names ones to retain (Upgrade for websockets). */
export function stripHopByHop(headers: IncomingHttpHeaders, keep: readonly string[] = NONE): OutgoingHttpHeaders {
  const named = connectionTokens(headers.connection);
  const out: OutgoingHttpHeaders = {};
  for (const name in headers) {
    if ((HOP_BY_HOP.has(name) || named?.has(name)) && !(keep.length > 0 && keep.includes(name))) continue;
    out[name] = headers[name];
  }
  return out;
}

// The headers `Connection` names beyond the fixed hop-by-hop list; usually none (`keep-alive`,
// `close`), so most messages allocate no set.
function connectionTokens(value: string | string[] | undefined): Set<string> | undefined {
  if (!value) return undefined;
  let tokens: Set<string> | undefined;
  for (const part of (Array.isArray(value) ? value.join(',') : value).split(',')) {
    const token = part.trim().toLowerCase();
    if (token && !PROTECTED.has(token) && !HOP_BY_HOP.has(token)) (tokens ??= new Set()).add(token);
  }
  return tokens;
}
