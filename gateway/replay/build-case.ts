// One exchange as a replay case, redacted by the same rules as stored examples (compare/redact.ts:
// credential headers, secret-looking query values, every field the route's `redact` rules name).
// Bodies are kept decoded (JSON re-serialised from its redacted form, forms with their fields
// replaced), so a case compares like the live answer did; other binary bodies are kept as bytes.
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { normaliseResponse, type CapturedResponse } from '../compare/diff-responses.js';
import { normaliseBody, type NormalisedBody } from '../compare/normalise-body.js';
import { redactBody, redactHeaders, redactUrl, type Redaction } from '../compare/redact.js';
import { stripHopByHop } from '../proxy/hop-by-hop.js';
import type { ReplayBody, ReplayCase } from './replay-case.js';

export interface CaseSource {
  method: string;
  url: string;
  requestHeaders: IncomingHttpHeaders;
  requestBody: Buffer;
  response: CapturedResponse; // the monolith's answer
}

/** The case and its key (one case per distinct method, URL and request body). */
export function buildCase(source: CaseSource, redact: Redaction, now: number): { key: string; data: ReplayCase } {
  const key = createHash('sha1').update(`${source.method}\n${source.url}\n`).update(source.requestBody).digest('hex');
  const request = encodeBody(source.requestBody, source.requestHeaders, normaliseBody(source.requestBody, source.requestHeaders), redact);
  const response = encodeBody(source.response.body, source.response.headers, normaliseResponse(source.response), redact);
  return {
    key,
    data: {
      method: source.method,
      url: redactUrl(source.url, redact),
      requestHeaders: redactHeaders(request.headers, redact),
      requestBody: request.body,
      status: source.response.status,
      responseHeaders: redactHeaders(response.headers, redact),
      responseBody: response.body,
      recordedAt: now,
    },
  };
}

function encodeBody(raw: Buffer, headers: IncomingHttpHeaders, body: NormalisedBody, redact: Redaction): { body: ReplayBody; headers: IncomingHttpHeaders } {
  const kept = stripHopByHop(headers) as IncomingHttpHeaders;
  delete kept['content-length'];
  const multipart = /^multipart\/form-data/i.test(String(headers['content-type'] ?? ''));
  if (body.kind === 'binary' && !multipart) return { body: { text: raw.toString('base64'), encoding: 'base64' }, headers: kept };
  if (body.kind === 'empty') return { body: { text: '', encoding: 'utf8' }, headers: kept };
  delete kept['content-encoding']; // the text below is decoded
  return { body: { text: redactBody(raw, headers, redact, body).text, encoding: 'utf8' }, headers: kept };
}
