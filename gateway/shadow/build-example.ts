// Builds the example pair stored for a field: request line, both answers, the two values.
// Secrets never reach the store: compare/redact.ts replaces credential headers, secret-looking
// query values and every field the route's `redact` rules name (JSON, form, multipart, query,
// headers) before anything is serialised; bodies are truncated after.
import type { IncomingHttpHeaders } from 'node:http';
import type { CompareRules } from '../compare/compare-rules.js';
import { normaliseResponse, type CapturedResponse } from '../compare/diff-responses.js';
import type { FieldDifference } from '../compare/diff-json.js';
import type { PathSegment } from '../compare/json-path.js';
import { redactBody, redactHeaderDifference, redactHeaders, redactUrl, type Redaction, type RedactedBody } from '../compare/redact.js';
import type { ExampleMessage, ShadowExample } from '../store/shadow-records.js';

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
    const { request, monolith, service, monolithBody, serviceBody } = prepared;
    const example: ShadowExample = { at: d.at, kind: d.kind, request, monolith, service, recordedAt: now };
    const left = valueOf(d, d.left, monolithBody, rules.redact);
    const right = valueOf(d, d.right, serviceBody, rules.redact);
    if (left !== undefined) example.left = truncateValue(left);
    if (right !== undefined) example.right = truncateValue(right);
    return example;
  };
}

function prepare(source: ExampleSource, r: Redaction) {
  const requestBody = redactBody(source.requestBody, source.requestHeaders, r);
  const monolithBody = redactBody(source.monolith.body, source.monolith.headers, r, normaliseResponse(source.monolith));
  const serviceBody = redactBody(source.service.body, source.service.headers, r, normaliseResponse(source.service));
  return {
    request: { method: source.method, url: redactUrl(source.url, r), ...describeMessage(source.requestBody, source.requestHeaders, requestBody, r) },
    monolith: { status: source.monolith.status, ...describeMessage(source.monolith.body, source.monolith.headers, monolithBody, r) },
    service: { status: source.service.status, ...describeMessage(source.service.body, source.service.headers, serviceBody, r) },
    monolithBody,
    serviceBody,
  };
}

/** A difference's value as it may be stored: looked up in the redacted body, never taken raw from a body. */
function valueOf(d: FieldDifference, raw: unknown, body: RedactedBody, r: Redaction): unknown {
  if (d.segments) return lookUp(body.json, d.segments);
  if (d.path === '$' && body.normalised.kind === 'text') return body.text; // a whole-text difference shows the redacted text
  return redactHeaderDifference(d.path, raw, r);
}

/** One side of the example, from its redacted form only. */
function describeMessage(raw: Buffer, headers: IncomingHttpHeaders, body: RedactedBody, r: Redaction): Omit<ExampleMessage, 'status'> {
  const truncated = body.text.length > MAX_BODY_CHARS;
  return { headers: redactHeaders(headers, r), body: truncated ? body.text.slice(0, MAX_BODY_CHARS) : body.text, bodyBytes: raw.length, truncated };
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
