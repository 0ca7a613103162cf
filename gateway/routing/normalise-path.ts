// The path a route is matched on is exactly the path sent upstream, so an encoding trick cannot
// reach one route through the matcher and another in the upstream. Normalisation (RFC 3986 §6):
// decode percent-encoded unreserved characters (incl. %2e), upper-case the remaining escapes,
// collapse duplicate slashes, resolve `.` and `..`. Rejected, because upstreams disagree on them:
// NUL, backslashes, encoded `/` and `\`, malformed escapes, `..` above the root, non-origin targets.

export type NormalisedTarget = { ok: true; path: string; url: string } | { ok: false; reason: string };

const UNRESERVED = /[A-Za-z0-9\-._~]/;
// An absolute-form target (RFC 9112 §3.2.2): http(s), a host (name, IPv4 or an IPv6 literal) and an
// optional port; anything else (another scheme, userinfo, no host) is not an absolute path and is refused.
const ABSOLUTE_FORM = /^https?:\/\/((?:[A-Za-z0-9\-._~]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?)(?=[/?]|$)/i;

// Targets that are already in normal form (no escapes, dot segments, `//` or characters the URL
// parser would escape) skip the full pass: the common case on the hot path.
const ALREADY_NORMAL = /^(?:\/|(?:\/(?!\.{1,2}(?:\/|\?|$))[A-Za-z0-9\-._~!$&'()*+,;=:@]+)+\/?)(?:\?[A-Za-z0-9\-._~!$&()*+,;=:@/?%]+)?$/;

/** The authority of an absolute-form target (`http://shop.example:8080/x` → `shop.example:8080`), or undefined. */
export function absoluteFormAuthority(target: string): string | undefined {
  return target.charCodeAt(0) === 47 /* '/' */ ? undefined : ABSOLUTE_FORM.exec(target)?.[1]?.toLowerCase();
}

/** Normalises a request-target (`/a/../b?x=1`) into the path used for matching and forwarding. */
export function normaliseTarget(target: string): NormalisedTarget {
  if (ALREADY_NORMAL.test(target)) {
    const q = target.indexOf('?');
    return { ok: true, path: q < 0 ? target : target.slice(0, q), url: target };
  }
  const stripped = target.replace(ABSOLUTE_FORM, '');
  // `http://shop.example` and `http://shop.example?q` name the root (RFC 9110 §4.2.1: an empty path is `/`).
  const raw = stripped !== target && !stripped.startsWith('/') ? `/${stripped}` : stripped;
  const q = raw.indexOf('?');
  const rawPath = q < 0 ? raw : raw.slice(0, q);
  const query = q < 0 ? '' : raw.slice(q);
  if (!rawPath.startsWith('/')) return { ok: false, reason: 'request-target must be an absolute path' };
  if (query.includes('\0') || query.includes('#')) return { ok: false, reason: 'invalid query' };

  let decoded = '';
  for (let i = 0; i < rawPath.length; i++) {
    const c = rawPath[i]!;
    if (c === '\\' || c === '\0') return { ok: false, reason: 'backslash or NUL in path' };
    if (c === '#') return { ok: false, reason: 'fragment in request-target' };
    if (c !== '%') {
      decoded += c;
      continue;
    }
    const hex = rawPath.slice(i + 1, i + 3);
    if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return { ok: false, reason: 'malformed percent-encoding' };
    const ch = String.fromCharCode(parseInt(hex, 16));
    if (ch === '/' || ch === '\\' || ch === '\0') return { ok: false, reason: `encoded ${JSON.stringify(ch)} in path` };
    decoded += UNRESERVED.test(ch) ? ch : `%${hex.toUpperCase()}`;
    i += 2;
  }

  const out: string[] = [];
  const segments = decoded.split('/');
  for (let i = 1; i < segments.length; i++) {
    const seg = segments[i]!;
    const last = i === segments.length - 1;
    if (seg === '.' || (seg === '' && !last)) continue; // `//` collapses; a trailing `/` survives
    if (seg === '..') {
      if (out.length === 0) return { ok: false, reason: 'path climbs above the root' };
      out.pop();
      continue;
    }
    out.push(seg);
  }
  // `/a/b/..` and `/a/.` name a directory: keep the trailing slash as RFC 3986 does.
  const tail = segments[segments.length - 1];
  const trailing = (tail === '.' || tail === '..') && out.length > 0 && out[out.length - 1] !== '' ? '/' : '';
  // Finally the exact form http-proxy's WHATWG URL parsing will send (it escapes a few raw characters).
  const sent = new URL(`/${out.join('/')}${trailing}${query}`, 'http://base.invalid');
  return { ok: true, path: sent.pathname, url: sent.pathname + sent.search };
}
