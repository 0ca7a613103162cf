// Upstream failures become data: an outcome, the status the client gets, and whether the request
// never reached the upstream (the only case a fallback may retry).
import { classifyUpstreamError, type UpstreamFailure } from '../../common/outcome.js';

export interface Failure extends UpstreamFailure {
  status: 502 | 503 | 504;
}

/** Which of the gateway's own upstream timers fired, if one did: `timeoutMs` (idle) or `deadlineMs`. */
export type UpstreamTimer = false | 'idle' | 'deadline';

// undici's timers for the head and between body chunks are the idle timer (`timeoutMs`).
const IDLE_TIMEOUTS = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/** No instance of the service is in its pool: nothing was sent anywhere. */
export const NO_INSTANCE: Failure = Object.freeze({ outcome: 'upstream_unavailable', code: 'NO_HEALTHY_INSTANCE', connectFailed: true, status: 503 });

/**
 * What a request or an upgrade does when its service has no instance in the pool: with `fallback:
 * monolith` it goes there as it is, any method, since nothing was sent (counted now: its outcome will
 * say ok); otherwise it fails with NO_INSTANCE.
 */
export function whenNoInstance(route: { fallback: string } | null | undefined, metrics: { observeUpstreamError(outcome: Failure['outcome']): void }): 'monolith' | Failure {
  if (route?.fallback !== 'monolith') return NO_INSTANCE;
  metrics.observeUpstreamError(NO_INSTANCE.outcome);
  return 'monolith';
}

/** Classifies an upstream error (node's net, http-proxy or undici); `timedOut` names the gateway's own upstream timer when one fired. */
export function classifyFailure(err: NodeJS.ErrnoException, timedOut: UpstreamTimer): Failure {
  const timer = timedOut || (IDLE_TIMEOUTS.has(err.code ?? '') ? 'idle' : false);
  const failure: UpstreamFailure = timer
    ? { outcome: 'upstream_timeout', code: timer === 'deadline' ? 'EDEADLINE' : 'ETIMEDOUT', connectFailed: false }
    : classifyUpstreamError(err);
  // undici's "other side closed" is a connection the upstream cut: the same words as node's reset.
  if (failure.code === 'UND_ERR_SOCKET') failure.code = 'ECONNRESET';
  return { ...failure, status: failure.outcome === 'upstream_timeout' ? 504 : 502 };
}
