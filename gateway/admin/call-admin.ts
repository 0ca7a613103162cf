// The client of the admin API that the CLI verbs (routes, cutover, rollback, diffs, events) and the
// demo share: one readable line for every way a call can fail, with a stable code.
import { CodedError } from '../../common/coded-error.js';
import { ERROR_CODES, type ErrorCode } from '../../common/error-codes.js';
import type { Problem } from '../../common/problem.js';

export const DEFAULT_ADMIN_URL = 'http://127.0.0.1:8081';

export interface AdminTarget {
  url: string;
  token: string | undefined;
}

/** A failed admin call; `status` is the API's answer (when it answered), `body` its problem+json. */
export class AdminCallError extends CodedError {
  get body(): unknown {
    return this.details.body;
  }
}

/** Calls the admin API and returns its JSON body; throws AdminCallError with one readable line. */
export async function callAdmin<T>(target: AdminTarget, method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(target.url + path, {
      method,
      headers: {
        accept: 'application/json',
        ...(target.token ? { authorization: `Bearer ${target.token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(15_000),
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const why = (err as Error).name === 'TimeoutError' ? 'no answer within 15 s' : (cause?.code ?? cause?.message ?? (err as Error).message);
    throw new AdminCallError('FICUS_CLI_ADMIN_UNREACHABLE', `cannot reach the admin API at ${target.url} (${why}); is the gateway running? Set --admin-url or FICUS_ADMIN_URL`);
  }
  const text = await res.text();
  let data: unknown = undefined;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: reported below by status
  }
  if (res.ok) return data as T;
  const p = (data ?? {}) as Partial<Problem>;
  const answered = { body: data };
  if (res.status === 401) {
    const how = target.token ? 'the token was refused' : 'no token was given';
    throw new AdminCallError('FICUS_CLI_ADMIN_UNAUTHORIZED', `admin API at ${target.url}: ${how} (401); set --token or FICUS_ADMIN_TOKEN`, answered, { status: 401 });
  }
  const detail = p.detail ?? p.title ?? `${res.status} ${res.statusText}`;
  if (res.status === 409 && p.code === 'FICUS_ADMIN_GUARD_REFUSED') {
    throw new AdminCallError('FICUS_ADMIN_GUARD_REFUSED', `${detail}; --force overrides (the override is audited)`, answered, { status: 409 });
  }
  const code = typeof p.code === 'string' && p.code in ERROR_CODES ? (p.code as ErrorCode) : 'FICUS_CLI_ADMIN_HTTP';
  throw new AdminCallError(code, `admin API: ${detail}`, answered, { status: res.status });
}
