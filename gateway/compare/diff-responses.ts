// Compares two whole answers: status, the configured headers, and bodies by content type
// (JSON structurally, text by equality, anything else by hash).
import type { IncomingHttpHeaders } from 'node:http';
import type { CompareRules } from './compare-rules.js';
import { diffJson, type FieldDifference } from './diff-json.js';
import { normaliseBody, type NormalisedBody } from './normalise-body.js';

/** An answer as captured for comparison (body already bounded by the shadow cap). */
export interface CapturedResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** Differences between the monolith's answer (left) and the other answer (right). Paths: `status`, `headers.<name>`, `$…`. */
export function diffResponses(left: CapturedResponse, right: CapturedResponse, rules: CompareRules): FieldDifference[] {
  const out: FieldDifference[] = [];
  if (left.status !== right.status) out.push({ path: 'status', at: 'status', kind: 'value', left: left.status, right: right.status });
  for (const name of rules.headers) {
    const l = headerValue(left.headers, name);
    const r = headerValue(right.headers, name);
    if (l === r) continue;
    const path = `headers.${name}`;
    const kind = l === undefined ? 'extra' : r === undefined ? 'missing' : 'value';
    out.push({ path, at: path, kind, left: l, right: r });
  }
  out.push(...diffBodies(normaliseResponse(left), normaliseResponse(right), rules));
  return out;
}

const normalised = new WeakMap<CapturedResponse, NormalisedBody>();

/** The response's body normalised once, however many comparisons (service, noise) and examples read it. */
export function normaliseResponse(response: CapturedResponse): NormalisedBody {
  let n = normalised.get(response);
  if (!n) normalised.set(response, (n = normaliseBody(response.body, response.headers)));
  return n;
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

function diffBodies(left: NormalisedBody, right: NormalisedBody, rules: CompareRules): FieldDifference[] {
  if (rules.ignore.matches([])) return [];
  if (left.kind !== right.kind) return [{ path: '$', at: '$', kind: 'type', left: left.kind, right: right.kind }];
  switch (left.kind) {
    case 'empty':
      return [];
    case 'json':
      return diffJson(left.value, (right as typeof left).value, { ignore: rules.ignore, tolerance: rules.tolerance });
    case 'text': {
      const r = (right as typeof left).text;
      return left.text === r ? [] : [{ path: '$', at: '$', kind: 'value', left: left.text, right: r }];
    }
    case 'binary': {
      const r = right as typeof left;
      return left.sha256 === r.sha256 ? [] : [{ path: '$', at: '$', kind: 'value', left: `sha256:${left.sha256}`, right: `sha256:${r.sha256}` }];
    }
  }
}
