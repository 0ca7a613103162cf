// Redaction, one rule syntax for every place a secret can sit: a route's `shadow.redact` entries
// are JSON path patterns (`$.password`, `$..token`) that match JSON fields, form fields
// (urlencoded and multipart, whose names are flat keys) and query parameters alike, plus
// `headers.<name>` for header values. Credential headers and secret-looking query names are always
// redacted. Applied before anything is stored or shown; bodies are truncated after.
import type { IncomingHttpHeaders } from 'node:http';
import type { PathSegment } from './json-path.js';
import { hashBody, JSON_TYPE, normaliseBody, type NormalisedBody } from './normalise-body.js';
import { compilePathPatterns, type PathPatterns } from './path-pattern.js';

export const REDACTED = '[redacted]';
const SECRET_HEADERS = ['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key', 'x-auth-token'];
const SECRET_QUERY = /token|secret|password|passwd|api[-_]?key|auth|session|signature/i;
const FORM_TYPE = /^application\/x-www-form-urlencoded/i;
const MULTIPART_TYPE = /^multipart\/form-data/i;

export interface Redaction {
  fields: PathPatterns;
  headers: ReadonlySet<string>;
}

/** Compiles `redact` entries: `$…` patterns for fields and query parameters, `headers.<name>` for headers. */
export function compileRedaction(entries: readonly string[]): Redaction {
  const headers = new Set(SECRET_HEADERS);
  const fields: string[] = [];
  for (const e of entries) {
    if (e.toLowerCase().startsWith('headers.')) headers.add(e.slice('headers.'.length).toLowerCase());
    else fields.push(e);
  }
  return { fields: compilePathPatterns(fields), headers };
}

/** A copy of `headers` with every redacted header's value replaced. */
export function redactHeaders(headers: IncomingHttpHeaders | Record<string, string | string[] | undefined>, r: Redaction): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name] = r.headers.has(name.toLowerCase()) ? REDACTED : value;
  }
  return out;
}

/** The value a `headers.<name>` difference may show. */
export function redactHeaderDifference(path: string, value: unknown, r: Redaction): unknown {
  return path.startsWith('headers.') && r.headers.has(path.slice('headers.'.length)) ? REDACTED : value;
}

/** `/login?user=bob&pin=1234` → `/login?user=bob&pin=%5Bredacted%5D` for a `$.pin` rule (and secret-looking names always). */
export function redactUrl(url: string, r: Redaction): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  let changed = false;
  for (const key of new Set(params.keys())) {
    if (SECRET_QUERY.test(key) || r.fields.matches([key])) {
      params.set(key, REDACTED);
      changed = true;
    }
  }
  return changed ? `${url.slice(0, q)}?${params.toString()}` : url;
}

/** A JSON value with every matching field replaced. */
export function redactJson(value: unknown, r: Redaction, segs: PathSegment[] = []): unknown {
  if (r.fields.size === 0) return value;
  if (r.fields.matches(segs)) return REDACTED;
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v, i) => redactJson(v, r, [...segs, i]));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactJson(v, r, [...segs, k])]));
}

export interface RedactedBody {
  /** What may be shown or stored: redacted JSON, form or multipart text, plain text, or a binary summary. */
  text: string;
  /** The redacted JSON value, for a JSON body. */
  json?: { value: unknown };
  normalised: NormalisedBody;
}

/** A body made safe to show: by content type, every field a rule names is replaced. */
export function redactBody(raw: Buffer, headers: IncomingHttpHeaders, r: Redaction, normalised: NormalisedBody = normaliseBody(raw, headers)): RedactedBody {
  const type = String(headers['content-type'] ?? '');
  if (normalised.kind === 'json') {
    const json = { value: redactJson(normalised.value, r) };
    return { text: JSON.stringify(json.value), json, normalised };
  }
  // A body that says JSON but does not parse (cut, or malformed on purpose) cannot have its fields found:
  // with rules to apply, only its size and hash are shown.
  if (normalised.kind === 'text' && JSON_TYPE.test(type) && r.fields.size > 0) return { text: `<unparsable JSON ${raw.length} bytes sha256:${hashBody(raw).sha256}>`, normalised };
  if (normalised.kind === 'text') return { text: FORM_TYPE.test(type) ? redactForm(normalised.text, r) : normalised.text, normalised };
  if (normalised.kind === 'binary' && MULTIPART_TYPE.test(type) && raw.length === normalised.bytes) {
    const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(type);
    if (boundary) return { text: redactMultipart(raw.toString('latin1'), boundary[1] ?? boundary[2], r), normalised };
  }
  if (normalised.kind === 'binary') return { text: `<binary ${normalised.bytes} bytes sha256:${normalised.sha256}>`, normalised };
  return { text: '', normalised };
}

/** `user=bob&password=hunter2` → `user=bob&password=%5Bredacted%5D` for `$.password` (or `$..password`). */
export function redactForm(text: string, r: Redaction): string {
  const params = new URLSearchParams(text);
  for (const key of new Set(params.keys())) if (r.fields.matches([key])) params.set(key, REDACTED);
  return params.toString();
}

/**
 * Multipart form data as readable text: each part's headers, then its value, or `[redacted]` when a
 * rule names the field; file parts show their size only (a file's bytes are never an example).
 */
export function redactMultipart(body: string, boundary: string, r: Redaction): string {
  const delimiter = `--${boundary}`;
  const parts = body.split(delimiter).slice(1); // before the first delimiter: the preamble
  const out: string[] = [];
  for (const part of parts) {
    if (part.startsWith('--')) break; // the closing delimiter
    const split = part.indexOf('\r\n\r\n');
    const head = split < 0 ? part.trim() : part.slice(0, split).trim();
    const value = split < 0 ? '' : part.slice(split + 4).replace(/\r\n$/, '');
    const name = /name="([^"]*)"/i.exec(head)?.[1] ?? '';
    const isFile = /filename="/i.test(head);
    const shown = r.fields.matches([name]) ? REDACTED : isFile ? `<file, ${Buffer.byteLength(value, 'latin1')} bytes>` : Buffer.from(value, 'latin1').toString('utf8');
    out.push(`${delimiter}\r\n${head}\r\n\r\n${shown}\r\n`);
  }
  return `${out.join('')}${delimiter}--\r\n`;
}
