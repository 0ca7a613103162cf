// What a service call ended as: outcomes are data, never exceptions (YARP's ForwarderError).

export type CallOutcome =
  | 'ok' // 2xx/3xx
  | 'http_error' // the server answered 4xx/5xx (after retries, for idempotent calls)
  | 'timeout' // no full answer within timeoutMs
  | 'refused' // nothing listening
  | 'reset' // the connection was cut mid-exchange
  | 'network_error' // DNS, TLS, anything else below HTTP
  | 'invalid_body'; // a JSON content type whose body does not parse

export interface CallResult<T> {
  ok: boolean;
  outcome: CallOutcome;
  /** HTTP status of the last attempt, when there was an answer. */
  status?: number;
  /** Parsed JSON (or text) of the answer; the fallback value when `fromFallback`. */
  body: T | undefined;
  headers: Record<string, string>;
  /** Attempts made, retries included. */
  attempts: number;
  /** The call failed and `body` is the configured fallback. */
  fromFallback: boolean;
  /** What went wrong, for logs; absent when ok. */
  error?: string;
  ms: number;
}

/** Maps a fetch failure to an outcome by its cause's code (undici puts the socket error in `cause`). */
export function classifyFailure(err: unknown): { outcome: CallOutcome; error: string } {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string; name?: string } };
  if (e?.name === 'TimeoutError' || e?.cause?.name === 'TimeoutError') return { outcome: 'timeout', error: e.message ?? 'timed out' };
  const code = e?.cause?.code ?? (e as { code?: string })?.code;
  const detail = `${e?.message ?? String(err)}${e?.cause?.message ? `: ${e.cause.message}` : ''}`;
  if (code === 'ECONNREFUSED') return { outcome: 'refused', error: detail };
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') return { outcome: 'reset', error: detail };
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'ETIMEDOUT') return { outcome: 'timeout', error: detail };
  return { outcome: 'network_error', error: detail };
}
