// Upstream failures become data: an outcome, the status the client gets, and whether the request
// never reached the upstream (the only case a fallback may retry).
import { classifyUpstreamError, type UpstreamFailure } from '../../common/outcome.js';

export interface Failure extends UpstreamFailure {
  status: 502 | 504;
}

/** Which of the gateway's own upstream timers fired, if one did: `timeoutMs` (idle) or `deadlineMs`. */
export type UpstreamTimer = false | 'idle' | 'deadline';

/** Classifies a proxy error; `timedOut` names the gateway's own upstream timer when one fired. */
export function classifyFailure(err: NodeJS.ErrnoException, timedOut: UpstreamTimer): Failure {
  const failure: UpstreamFailure = timedOut
    ? { outcome: 'upstream_timeout', code: timedOut === 'deadline' ? 'EDEADLINE' : 'ETIMEDOUT', connectFailed: false }
    : classifyUpstreamError(err);
  return { ...failure, status: failure.outcome === 'upstream_timeout' ? 504 : 502 };
}
