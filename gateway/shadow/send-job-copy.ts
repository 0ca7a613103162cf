// One call of a shadow job: the copy to the service, the noise call to the monolith again, or
// ficus compare's call to the primary. Headers for its purpose; with spans exported, the call is a
// CLIENT span and the upstream is told that span as its parent. The gateway's mirror and ficus
// compare send through here.
import type { CopyTracer } from '../hooks.js';
import { applyTraceHeaders } from '../telemetry/trace-context.js';
import type { UpstreamPool } from '../upstream/upstream-pool.js';
import type { ShadowJob } from './capture-exchange.js';
import { buildCopyHeaders } from './copy-headers.js';
import { sendCopy, type CopyAnswer } from './send-copy.js';

export type CopyPurpose = 'primary' | 'service' | 'noise';

/** Sends `job`'s request to `baseUrl` for `purpose`. */
export function sendJobCopy(o: { upstreams: UpstreamPool; tracer?: CopyTracer }, baseUrl: string, job: ShadowJob, purpose: CopyPurpose): Promise<CopyAnswer> {
  const { target, agent } = o.upstreams.upstreamFor(baseUrl);
  const headers = buildCopyHeaders(job.info.upstreamHeaders, job.requestBody.length, job.info.requestId, purpose === 'service' ? 'service' : 'noise');
  if (purpose === 'primary') delete headers['x-ficus-shadow']; // the answer compared against, asked as the client asked
  const span = o.tracer?.startCopy(job.info, purpose, job.route.id);
  if (span && job.info.trace) applyTraceHeaders(headers, job.info.trace, span.spanId);
  const sent = sendCopy({
    target,
    agent,
    method: job.info.method,
    url: job.info.url,
    headers,
    body: job.requestBody,
    timeoutMs: job.route.shadow.timeoutMs,
    capBytes: job.route.shadow.bodyCapBytes,
  });
  if (span) void sent.then((a) => span.end(a.outcome, a.outcome === 'ok' ? a.response.status : undefined));
  return sent;
}
