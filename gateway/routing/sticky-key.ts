// Sticky canary membership: a stable hash of the user's key puts each user at a fixed point in
// [0, 10000); the user is on the service when that point is below percent × 100. Raising the
// percent therefore only moves users from the monolith to the service, never back.
import type { IncomingHttpHeaders } from 'node:http';

export type StickyConfig = { header: string } | { cookie: string };

/** The sticky key of a request (header value or cookie value), or undefined when it has none. */
export function readStickyKey(headers: IncomingHttpHeaders, sticky: StickyConfig): string | undefined {
  if ('header' in sticky) {
    const v = headers[sticky.header];
    const value = Array.isArray(v) ? v[0] : v;
    return value ? value : undefined;
  }
  return readCookie(headers.cookie, sticky.cookie);
}

function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    const value = part.slice(eq + 1).trim();
    return value ? value : undefined;
  }
  return undefined;
}

/** A key's bucket in [0, 10000): FNV-1a over UTF-16 code units with a murmur3 finaliser for spread. */
export function bucketOf(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) % 10_000;
}
