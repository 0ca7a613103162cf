// W3C trace context (https://www.w3.org/TR/trace-context/) as plain data: read from the client's
// `traceparent` / `tracestate`, created when absent or malformed, and turned into the headers the
// upstream and each shadow copy are sent. When the gateway exports spans it takes part in the trace
// (the upstream's parent is the gateway's own span); when it does not, a valid traceparent passes
// through unchanged, and one created for a request that came without names a span no collector sees
// (the upstream's spans are still one trace, rooted at the gateway).
import { randomFillSync } from 'node:crypto';
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';

export interface TraceContext {
  traceId: string; // 32 lowercase hex digits
  /** The caller's span (from its traceparent); undefined when the trace starts here. */
  parentSpanId: string | undefined;
  /** The parent the upstream is told of: the gateway's span when it exports spans, else the caller's (or a fresh id). */
  spanId: string;
  flags: string; // 2 hex digits; bit 0: sampled
  tracestate: string | undefined; // passed on as it came (trimmed to the spec's 512 characters)
}

// version 00 exactly; a later version is read by its first four fields (spec §4.3, "future versions").
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-|$)/;
const ZERO_TRACE = '0'.repeat(32);
const ZERO_SPAN = '0'.repeat(16);
const MAX_TRACESTATE = 512;

// Ids come from a pool filled 4 KiB at a time: one randomBytes call per id cost ~30 µs a request
// under load (measured), a pool slice well under one.
const pool = Buffer.allocUnsafe(4096);
let used = pool.length;

/** A fresh random id of `bytes` bytes in hex (16: a trace id, 8: a span id). */
export function randomTraceId(bytes: 8 | 16): string {
  if (used + bytes > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  used += bytes;
  return pool.toString('hex', used - bytes, used);
}

/** Reads the client's trace context; `exporting`: the gateway records its own span (telemetry.otlp is set). */
export function readTraceContext(headers: IncomingHttpHeaders, exporting: boolean, newId: (bytes: 8 | 16) => string = randomTraceId): TraceContext {
  const parent = parseTraceparent(headers.traceparent);
  if (!parent) return { traceId: newId(16), parentSpanId: undefined, spanId: newId(8), flags: '01', tracestate: undefined };
  return {
    traceId: parent.traceId,
    parentSpanId: parent.spanId,
    spanId: exporting ? newId(8) : parent.spanId,
    flags: parent.flags,
    tracestate: readTracestate(headers.tracestate),
  };
}

/** The headers that carry `ctx` to the next hop, with `spanId` as its parent (default: ctx.spanId). */
export function traceHeaders(ctx: TraceContext, spanId = ctx.spanId): { traceparent: string; tracestate?: string } {
  const traceparent = `00-${ctx.traceId}-${spanId}-${ctx.flags}`;
  return ctx.tracestate === undefined ? { traceparent } : { traceparent, tracestate: ctx.tracestate };
}

/** Sets (replaces) traceparent and tracestate on headers about to be sent. */
export function applyTraceHeaders(headers: OutgoingHttpHeaders, ctx: TraceContext, spanId?: string): void {
  const next = traceHeaders(ctx, spanId);
  headers.traceparent = next.traceparent;
  if (next.tracestate === undefined) delete headers.tracestate;
  else headers.tracestate = next.tracestate;
}

function parseTraceparent(value: string | string[] | undefined): { traceId: string; spanId: string; flags: string } | undefined {
  if (typeof value !== 'string') return undefined; // two traceparent headers: neither is trusted (spec §4.2)
  const m = TRACEPARENT.exec(value.trim());
  if (!m) return undefined;
  const [, version, traceId, spanId, flags, rest] = m as unknown as [string, string, string, string, string, string];
  if (version === 'ff' || (version === '00' && rest !== '')) return undefined;
  if (traceId === ZERO_TRACE || spanId === ZERO_SPAN) return undefined;
  return { traceId, spanId, flags: version === '00' ? flags : (parseInt(flags, 16) & 1).toString(16).padStart(2, '0') };
}

function readTracestate(value: string | string[] | undefined): string | undefined {
  const joined = Array.isArray(value) ? value.join(',') : value;
  if (joined === undefined || joined.trim() === '') return undefined;
  // Over the limit, whole list members are dropped from the end (the spec drops from the right).
  let out = joined.trim();
  while (out.length > MAX_TRACESTATE && out.includes(',')) out = out.slice(0, out.lastIndexOf(',')).trimEnd();
  return out.length > MAX_TRACESTATE ? undefined : out;
}
