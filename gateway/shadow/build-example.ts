// Builds the example pair stored for a field: request line, both answers, the two values.
// Secrets never reach the store: credential headers, secret-looking query values and the route's
// `redact` JSON fields are replaced before anything is serialised; bodies are truncated.
import type { IncomingHttpHeaders } from 'node:http';
import type { CompareRules } from '../compare/compare-rules.js';
import { normaliseResponse, type CapturedResponse } from '../compare/diff-responses.js';
import type { FieldDifference } from '../compare/diff-json.js';
import type { PathSegment } from '../compare/json-path.js';
import { normaliseBody, type NormalisedBody } from '../compare/normalise-body.js';
import type { PathPatterns } from '../compare/path-pattern.js';
import type { ExampleMessage, ShadowExample } from '../store/shadow-records.js';

export const REDACTED = '[redacted]';
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key', 'x-auth-token']);
const SECRET_QUERY = /token|secret|password|passwd|api[-_]?key|auth|session|signature/i;
const MAX_BODY_CHARS = 4096;
const MAX_VALUE_CHARS = 512;

export interface ExampleSource {
  method: string;
  url: string;
  requestHeaders: IncomingHttpHeaders;
  requestBody: Buffer;
  monolith: CapturedResponse;
  service: CapturedResponse;
}

/** A per-exchange example builder: bodies are parsed and redacted once, however many fields want an example. */
export function createExampleBuilder(source: ExampleSource, rules: CompareRules, now: number): (d: FieldDifference) => ShadowExample {
  let prepared: ReturnType<typeof prepare> | undefined;
  return (d) => {
    prepared ??= prepare(source, rules.redact);
    const { request, monolith, service, monolithJson, serviceJson } = prepared;
    const example: ShadowExample = { at: d.at, kind: d.kind, request, monolith, service, recordedAt: now };
    const left = d.segments ? lookUp(monolithJson, d.segments) : redactHeaderValue(d.path, d.left);
    const right = d.segments ? lookUp(serviceJson, d.segments) : redactHeaderValue(d.path, d.right);
    if (left !== undefined) example.left = truncateValue(left);
    if (right !== undefined) example.right = truncateValue(right);
    return example;
  };
}

function prepare(source: ExampleSource, redact: PathPatterns) {
  const requestBody = normaliseBody(source.requestBody, source.requestHeaders);
  const monolithBody = normaliseResponse(source.monolith);
  const serviceBody = normaliseResponse(source.service);
  const monolithJson = redactedJson(monolithBody, redact);
  const serviceJson = redactedJson(serviceBody, redact);
  return {
    request: {
      method: source.method,
      url: redactQuery(source.url),
      ...describeMessage(source.requestBody, source.requestHeaders, requestBody, redactedJson(requestBody, redact)),
    },
    monolith: { status: source.monolith.status, ...describeMessage(source.monolith.body, source.monolith.headers, monolithBody, monolithJson) },
    service: { status: source.service.status, ...describeMessage(source.service.body, source.service.headers, serviceBody, serviceJson) },
    monolithJson,
    serviceJson,
  };
}

/** The parsed JSON body with `redact` paths replaced, or undefined for a non-JSON body. */
function redactedJson(body: NormalisedBody, redact: PathPatterns): { value: unknown } | undefined {
  if (body.kind !== 'json') return undefined;
  return { value: redact.size > 0 ? redactValue(body.value, [], redact) : body.value };
}

function redactValue(value: unknown, segs: PathSegment[], redact: PathPatterns): unknown {
  if (redact.matches(segs)) return REDACTED;
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v, i) => redactValue(v, [...segs, i], redact));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactValue(v, [...segs, k], redact)]));
}

/** One side of the example; a JSON body is written from its redacted form only. */
function describeMessage(raw: Buffer, headers: IncomingHttpHeaders, body: NormalisedBody, json: { value: unknown } | undefined): Omit<ExampleMessage, 'status'> {
  let text: string;
  if (json) text = JSON.stringify(json.value);
  else if (body.kind === 'text') text = body.text;
  else if (body.kind === 'binary') text = `<binary ${body.bytes} bytes sha256:${body.sha256}>`;
  else text = '';
  const truncated = text.length > MAX_BODY_CHARS;
  return { headers: redactHeaders(headers), body: truncated ? text.slice(0, MAX_BODY_CHARS) : text, bodyBytes: raw.length, truncated };
}

function redactHeaders(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name] = SECRET_HEADERS.has(name) ? REDACTED : value;
  }
  return out;
}

function redactHeaderValue(path: string, value: unknown): unknown {
  return path.startsWith('headers.') && SECRET_HEADERS.has(path.slice('headers.'.length)) ? REDACTED : value;
}

function redactQuery(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  for (const key of new Set(params.keys())) if (SECRET_QUERY.test(key)) params.set(key, REDACTED);
  return `${url.slice(0, q)}?${params.toString()}`;
}

function lookUp(doc: { value: unknown } | undefined, segments: readonly PathSegment[]): unknown {
  let v: unknown = doc?.value;
  for (const s of segments) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[s];
  }
  return v;
}

function truncateValue(value: unknown): unknown {
  if (typeof value === 'string') return value.length > MAX_VALUE_CHARS ? `${value.slice(0, MAX_VALUE_CHARS)}…` : value;
  if (value === null || typeof value !== 'object') return value;
  const text = JSON.stringify(value);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}…` : value;
}
