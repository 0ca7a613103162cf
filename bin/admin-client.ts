// The small HTTP client the admin verbs (routes, cutover, rollback, diffs, events) share: where the
// admin API is, which token to send, and one readable line for every way a call can fail.
import type { Command } from 'commander';

export const DEFAULT_ADMIN_URL = 'http://127.0.0.1:8081';

export interface AdminTarget {
  url: string;
  token: string | undefined;
}

/** Adds `--admin-url` and `--token` (falling back to FICUS_ADMIN_URL / FICUS_ADMIN_TOKEN). */
export function addAdminOptions(cmd: Command): Command {
  return cmd
    .option('--admin-url <url>', `admin API of the gateway (env FICUS_ADMIN_URL, default ${DEFAULT_ADMIN_URL})`)
    .option('--token <token>', 'admin bearer token (env FICUS_ADMIN_TOKEN)');
}

/** Flags first, then the environment, then the default loopback port. */
export function resolveAdminTarget(opts: { adminUrl?: string; token?: string }, env: NodeJS.ProcessEnv = process.env): AdminTarget {
  const raw = opts.adminUrl ?? env.FICUS_ADMIN_URL ?? DEFAULT_ADMIN_URL;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AdminCallError('FICUS_CLI_USAGE', `admin URL "${raw}" is not a URL (expected e.g. ${DEFAULT_ADMIN_URL})`, { exitCode: 2 });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new AdminCallError('FICUS_CLI_USAGE', `admin URL "${raw}" must be http:// or https://`, { exitCode: 2 });
  return { url: url.toString().replace(/\/+$/, ''), token: opts.token ?? (env.FICUS_ADMIN_TOKEN || undefined) };
}

/** A failed admin call: one line for the user, a stable code, exit status 1 (2 for usage errors). */
export class AdminCallError extends Error {
  readonly code: string;
  readonly exitCode: number;
  readonly status: number | undefined;
  readonly body: unknown;
  constructor(code: string, message: string, extra: { status?: number; body?: unknown; exitCode?: number } = {}) {
    super(message);
    this.code = code;
    this.status = extra.status;
    this.body = extra.body;
    this.exitCode = extra.exitCode ?? 1;
  }
}

interface Problem {
  title?: string;
  code?: string;
  problems?: string[];
  shortfalls?: Array<{ metric: string; required: number; actual: number | null }>;
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
  const p = (data ?? {}) as Problem;
  if (res.status === 401) {
    const how = target.token ? 'the token was refused' : 'no token was given';
    throw new AdminCallError('FICUS_CLI_ADMIN_UNAUTHORIZED', `admin API at ${target.url}: ${how} (401); set --token or FICUS_ADMIN_TOKEN`, { status: 401, body: data });
  }
  if (res.status === 409 && p.code === 'FICUS_ADMIN_GUARD_REFUSED') {
    throw new AdminCallError('FICUS_ADMIN_GUARD_REFUSED', `${p.title}; --force overrides (the override is audited)`, { status: 409, body: data });
  }
  const detail = p.title ?? `${res.status} ${res.statusText}`;
  throw new AdminCallError(p.code ?? `FICUS_CLI_ADMIN_HTTP_${res.status}`, `admin API: ${detail}`, { status: res.status, body: data });
}
