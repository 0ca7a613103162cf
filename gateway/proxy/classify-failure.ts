// Upstream failures become data: an outcome, the status the client gets, and whether the request
// never reached the upstream (the only case a fallback may retry).
import type { ExchangeOutcome } from '../hooks.js';

export interface Failure {
  outcome: Exclude<ExchangeOutcome, 'ok' | 'client_abort' | 'rejected'>;
  status: 502 | 504;
  connectFailed: boolean;
  code: string;
}

const CONNECT_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EADDRNOTAVAIL']);

/** Which of the gateway's own upstream timers fired, if one did: `timeoutMs` (idle) or `deadlineMs`. */
export type UpstreamTimer = false | 'idle' | 'deadline';

/** Classifies a proxy error; `timedOut` names the gateway's own upstream timer when one fired. */
export function classifyFailure(err: NodeJS.ErrnoException, timedOut: UpstreamTimer): Failure {
  const code = err.code ?? 'UNKNOWN';
  if (timedOut) return { outcome: 'upstream_timeout', status: 504, connectFailed: false, code: timedOut === 'deadline' ? 'EDEADLINE' : 'ETIMEDOUT' };
  if (code === 'ECONNREFUSED') return { outcome: 'upstream_refused', status: 502, connectFailed: true, code };
  if (CONNECT_CODES.has(code)) return { outcome: 'upstream_error', status: 502, connectFailed: true, code };
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ERR_STREAM_PREMATURE_CLOSE') {
    return { outcome: 'upstream_reset', status: 502, connectFailed: false, code };
  }
  if (code === 'ETIMEDOUT') return { outcome: 'upstream_timeout', status: 504, connectFailed: false, code };
  return { outcome: 'upstream_error', status: 502, connectFailed: false, code };
}
