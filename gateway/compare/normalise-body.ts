// Turns a captured body into something comparable: content-encoding undone, JSON parsed,
// text decoded, anything else reduced to a hash. Both sides go through the same steps, so a
// gzip answer from the monolith compares equal to a plain one from the service.
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import zlib from 'node:zlib';

export type NormalisedBody =
  | { kind: 'empty' }
  | { kind: 'json'; value: unknown }
  | { kind: 'text'; text: string }
  | { kind: 'binary'; sha256: string; bytes: number };

const TEXT_TYPE = /^(text\/|application\/(xml|javascript|x-www-form-urlencoded)|[^;]*\+xml)/i;
export const JSON_TYPE = /^(application\/json|[^;]*\+json)/i;

/** Normalises one body by its headers. Example: `normaliseBody(buf, { 'content-type': 'application/json' })` → `{ kind: 'json', value }`. */
export function normaliseBody(body: Buffer, headers: IncomingHttpHeaders, maxDecodedBytes = 8 * 1024 * 1024): NormalisedBody {
  if (body.length === 0) return { kind: 'empty' };
  const decoded = decodeContent(body, headers['content-encoding'], maxDecodedBytes);
  if (!decoded) return hashBody(body);
  const type = headers['content-type'] ?? '';
  if (JSON_TYPE.test(type)) {
    const text = decoded.toString('utf8');
    try {
      return { kind: 'json', value: JSON.parse(text) };
    } catch {
      return { kind: 'text', text }; // broken JSON still compares, as text
    }
  }
  if (TEXT_TYPE.test(type)) return { kind: 'text', text: decoded.toString('utf8') };
  return hashBody(decoded);
}

export function hashBody(body: Buffer): Extract<NormalisedBody, { kind: 'binary' }> {
  return { kind: 'binary', sha256: createHash('sha256').update(body).digest('hex'), bytes: body.length };
}

/** Undoes gzip/deflate/br; undefined when the encoding is unknown or the data is corrupt or too large. */
function decodeContent(body: Buffer, encoding: string | undefined, maxOutputLength: number): Buffer | undefined {
  const enc = (encoding ?? 'identity').trim().toLowerCase();
  try {
    if (enc === 'identity' || enc === '') return body;
    if (enc === 'gzip' || enc === 'x-gzip') return zlib.gunzipSync(body, { maxOutputLength });
    if (enc === 'deflate') return zlib.inflateSync(body, { maxOutputLength });
    if (enc === 'br') return zlib.brotliDecompressSync(body, { maxOutputLength });
  } catch {
    return undefined;
  }
  return undefined;
}
