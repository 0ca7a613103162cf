// Checks on a request head that node's parser does not make, for HTTP and upgrade requests alike.
// - `Connection` is a comma-separated list of tokens (RFC 9110 §7.6.1, §5.6.1-2). Each token names a
//   header the gateway drops as hop-by-hop, so a value that is not such a list is refused rather
//   than guessed at (hono's proxy helper does the same).
// - An absolute-form target (`GET http://shop.example/x`) is routed on its path only (see
//   normalise-path.ts), and its authority replaces `Host` (RFC 9112 §3.2.2), so the upstream and
//   x-forwarded-host see the host the client actually asked for.
// - A request line without a version is HTTP/0.9 to node's parser, which then still reads header
//   lines after it: a CR LF inside a target (`GET /x\r\nX-Injected: 1 HTTP/1.1`) would pass as one
//   request with an injected header. The gateway speaks HTTP/1.x only.
import type { IncomingMessage } from 'node:http';
import { absoluteFormAuthority } from '../routing/normalise-path.js';

// One list element: optional whitespace around a token, or nothing (empty elements are allowed).
// Checked per element: a single regex over the whole list backtracks badly on runs of `, ,`.
const ELEMENT = /^[\t ]*[!#$%&'*+\-.^_`|~0-9A-Za-z]*[\t ]*$/;

/** Why a request head is refused with 400, or undefined when it is fine. */
export function refuseRequestHead(req: IncomingMessage): string | undefined {
  if (req.httpVersionMajor !== 1) return 'only HTTP/1.0 and HTTP/1.1 requests are proxied';
  const connection = req.headers.connection;
  if (connection === undefined || connection === 'keep-alive' || connection === 'close') return undefined;
  for (const element of connection.split(',')) if (!ELEMENT.test(element)) return 'Connection header is not a list of tokens';
  return undefined;
}

/** Replaces `Host` with the authority of an absolute-form target (in place); origin-form targets are left alone. */
export function adoptTargetAuthority(req: IncomingMessage): void {
  const authority = absoluteFormAuthority(req.url ?? '/');
  if (authority !== undefined) req.headers.host = authority;
}

/**
 * Why an upgrade request is refused with 400, or undefined. Only websocket upgrades are tunnelled
 * (RFC 6455 §4.1: GET, no body). node hands every byte after an upgrade's head to the socket
 * unparsed, so a declared body would be tunnelled raw after a 101 while its length went upstream
 * in the head: a message framed one way and sent another.
 */
export function refuseUpgrade(req: IncomingMessage): string | undefined {
  if (req.method !== 'GET' || req.headers.upgrade?.toLowerCase() !== 'websocket') return 'only GET websocket upgrades are tunnelled';
  const length = req.headers['content-length'];
  if (req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0')) return 'an upgrade request carries no body';
  return undefined;
}
