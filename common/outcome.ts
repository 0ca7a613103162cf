// How an exchange with an upstream ended: the one vocabulary of the proxy, the shadow plane and the
// service client, so a log line, a metric label and a CallResult say the same thing in the same words.
// Outcomes are data, never exceptions (YARP's ForwarderError).

export type UpstreamOutcome =
  | 'ok'
  | 'upstream_refused' // nothing listening
  | 'upstream_reset' // the connection was cut mid-exchange
  | 'upstream_timeout' // no full answer in time
  | 'upstream_error' // DNS, TLS, anything else below HTTP
  | 'upstream_unavailable'; // no instance of the service is in its pool (health checks, ejection): nothing was sent

export interface UpstreamFailure {
  outcome: Exclude<UpstreamOutcome, 'ok'>;
  /** The socket error's code (undici puts it in `cause`), e.g. ECONNREFUSED. */
  code: string;
  /** The request never reached the upstream: the only case a write may be retried elsewhere. */
  connectFailed: boolean;
}

const CONNECT_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EADDRNOTAVAIL']);
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ERR_STREAM_PREMATURE_CLOSE', 'UND_ERR_SOCKET']);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

/** Classifies a failed upstream call from node's http, http-proxy or fetch (undici). */
export function classifyUpstreamError(err: unknown): UpstreamFailure {
  const e = err as { name?: string; code?: string; message?: string; cause?: { name?: string; code?: string } };
  const code = e?.cause?.code ?? e?.code ?? (e?.message === 'socket hang up' ? 'ECONNRESET' : 'UNKNOWN');
  if (e?.name === 'TimeoutError' || e?.cause?.name === 'TimeoutError' || TIMEOUT_CODES.has(code)) {
    // A connect that timed out sent nothing: like a refused one, the request may still go elsewhere.
    return { outcome: 'upstream_timeout', code: TIMEOUT_CODES.has(code) ? code : 'ETIMEDOUT', connectFailed: code === 'UND_ERR_CONNECT_TIMEOUT' };
  }
  if (code === 'ECONNREFUSED') return { outcome: 'upstream_refused', code, connectFailed: true };
  if (CONNECT_CODES.has(code)) return { outcome: 'upstream_error', code, connectFailed: true };
  if (RESET_CODES.has(code)) return { outcome: 'upstream_reset', code, connectFailed: false };
  return { outcome: 'upstream_error', code, connectFailed: false };
}
