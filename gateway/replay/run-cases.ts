// `ficus replay run`: sends recorded cases to a base URL with bounded concurrency, a deadline per
// case and for the whole run, and compares each answer with the recorded monolith answer by the
// route's rules (ignore, tolerance, headers; redacted fields are not compared). A difference at a
// field the route's shadow history found to be noise is reported as noise, not as real.
import http from 'node:http';
import https from 'node:https';
import type { OutgoingHttpHeaders } from 'node:http';
import type { CompareRules } from '../compare/compare-rules.js';
import { diffResponses, type CapturedResponse } from '../compare/diff-responses.js';
import { compilePathPatterns } from '../compare/path-pattern.js';
import { compileRedaction, REDACTED } from '../compare/redact.js';
import { fieldKey } from '../compare/summarise-route.js';
import { sendCopy, type CopyOutcome } from '../shadow/send-copy.js';
import { bodyBytes, type ReplayCase, type ReplayHeader } from './replay-case.js';

export type CaseOutcome = 'matched' | 'differed' | Exclude<CopyOutcome, 'ok'> | 'skipped_write' | 'skipped_deadline';

export interface CaseDifference {
  path: string;
  at: string;
  kind: string;
  left?: unknown; // recorded (monolith)
  right?: unknown; // this run's answer
  noise: boolean;
}

export interface CaseResult {
  method: string;
  url: string;
  outcome: CaseOutcome;
  status?: number;
  detail?: string;
  differences: CaseDifference[];
  durationMs: number;
}

export interface ReplayReport {
  route: string;
  against: string;
  total: number;
  matched: number; // no difference, or noise only
  differed: number; // at least one real difference
  failed: number; // no answer: upstream_timeout, _refused, _reset, _error, too_large
  skipped: { write: number; deadline: number };
  fields: { path: string; kind: string; cases: number; noise: boolean; example: { url: string; left?: unknown; right?: unknown } }[];
  cases: CaseResult[];
}

export interface RunCasesOptions {
  against: string;
  concurrency?: number; // default 8
  timeoutMs?: number; // per case, default 5000
  deadlineMs?: number; // whole run, default 120000
  allowWrites?: boolean;
  headers?: Record<string, string>; // added to every request (credentials that were redacted)
  capBytes?: number;
  now?: () => number;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
// Not replayed as recorded: the target's own, recomputed, or describing the recording hop.
const DROPPED = new Set(['host', 'content-length', 'x-request-id', 'x-ficus-shadow']);

/** Runs every case; never throws for a failing target (each failure is an outcome). */
export async function runCases(header: ReplayHeader, cases: readonly ReplayCase[], options: RunCasesOptions): Promise<ReplayReport> {
  const now = options.now ?? Date.now;
  const target = new URL(options.against);
  const concurrency = Math.max(1, options.concurrency ?? 8);
  const timeoutMs = options.timeoutMs ?? 5000;
  const endAt = now() + (options.deadlineMs ?? 120_000);
  const agent = new (target.protocol === 'https:' ? https.Agent : http.Agent)({ keepAlive: true, maxSockets: concurrency });
  const rules = compileReplayRules(header);
  const noise = new Set(header.rules.noise.map((n) => fieldKey(n.path, n.kind as never)));
  const results: CaseResult[] = new Array(cases.length);
  let next = 0;

  async function runOne(c: ReplayCase): Promise<CaseResult> {
    const base = { method: c.method, url: c.url, differences: [] as CaseDifference[] };
    if (!SAFE_METHODS.has(c.method) && !options.allowWrites) return { ...base, outcome: 'skipped_write', durationMs: 0 };
    const left = endAt - now();
    if (left <= 0) return { ...base, outcome: 'skipped_deadline', durationMs: 0 };
    const started = now();
    const body = bodyBytes(c.requestBody);
    const answer = await sendCopy({
      target,
      agent,
      method: c.method,
      url: c.url,
      headers: requestHeaders(c, body.length, options.headers),
      body,
      timeoutMs: Math.min(timeoutMs, left),
      capBytes: options.capBytes ?? 8 * 1024 * 1024,
    });
    const durationMs = now() - started;
    if (answer.outcome !== 'ok') return { ...base, outcome: answer.outcome, detail: answer.detail, durationMs };
    const recorded: CapturedResponse = { status: c.status, headers: c.responseHeaders, body: bodyBytes(c.responseBody) };
    const differences = diffResponses(recorded, answer.response, rules).map((d) => ({
      path: d.path,
      at: d.at,
      kind: d.kind,
      ...(d.left !== undefined ? { left: d.left } : {}),
      ...(d.right !== undefined ? { right: d.right } : {}),
      noise: noise.has(fieldKey(d.path, d.kind)),
    }));
    return { ...base, outcome: differences.some((d) => !d.noise) ? 'differed' : 'matched', status: answer.response.status, differences, durationMs };
  }

  const worker = async (): Promise<void> => {
    while (next < cases.length) {
      const i = next++;
      results[i] = await runOne(cases[i]);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, cases.length) }, worker));
  } finally {
    agent.destroy();
  }
  return summarise(header.route, options.against, results);
}

/** The header's rules as compare rules: redacted fields are never compared (the recording holds no value for them). */
function compileReplayRules(header: ReplayHeader): CompareRules {
  const redact = compileRedaction(header.rules.redact);
  return {
    ignore: compilePathPatterns([...header.rules.ignore, ...header.rules.redact.filter((p) => p.startsWith('$'))]),
    redact,
    headers: header.rules.headers.filter((h) => !redact.headers.has(h)),
    tolerance: header.rules.tolerance,
  };
}

function requestHeaders(c: ReplayCase, bodyLength: number, extra: Record<string, string> = {}): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(c.requestHeaders)) {
    if (DROPPED.has(name) || value === REDACTED || (Array.isArray(value) && value.includes(REDACTED))) continue;
    out[name] = value;
  }
  if (bodyLength > 0) out['content-length'] = String(bodyLength);
  out['x-ficus-replay'] = '1';
  for (const [name, value] of Object.entries(extra)) out[name.toLowerCase()] = value;
  return out;
}

function summarise(route: string, against: string, cases: CaseResult[]): ReplayReport {
  const count = (...outcomes: CaseOutcome[]) => cases.filter((c) => outcomes.includes(c.outcome)).length;
  const fields = new Map<string, ReplayReport['fields'][number]>();
  for (const c of cases) {
    for (const d of c.differences) {
      const key = fieldKey(d.path, d.kind as never);
      const f = fields.get(key);
      if (f) f.cases++;
      else fields.set(key, { path: d.path, kind: d.kind, cases: 1, noise: d.noise, example: { url: c.url, left: d.left, right: d.right } });
    }
  }
  return {
    route,
    against,
    total: cases.length,
    matched: count('matched'),
    differed: count('differed'),
    failed: count('upstream_timeout', 'upstream_refused', 'upstream_reset', 'upstream_error', 'too_large'),
    skipped: { write: count('skipped_write'), deadline: count('skipped_deadline') },
    fields: [...fields.values()].sort((a, b) => Number(a.noise) - Number(b.noise) || b.cases - a.cases || a.path.localeCompare(b.path)),
    cases,
  };
}
