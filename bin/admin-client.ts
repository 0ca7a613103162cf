// Where the admin API is and which token to send, for the admin verbs (routes, cutover, rollback, diffs, events).
import type { Command } from 'commander';
import { CodedError } from '../common/coded-error.js';
import { DEFAULT_ADMIN_URL, type AdminTarget } from '../gateway/admin/call-admin.js';

export { AdminCallError, callAdmin, type AdminTarget } from '../gateway/admin/call-admin.js';

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
    throw new CodedError('FICUS_CLI_USAGE', `admin URL "${raw}" is not a URL (expected e.g. ${DEFAULT_ADMIN_URL})`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new CodedError('FICUS_CLI_USAGE', `admin URL "${raw}" must be http:// or https://`);
  return { url: url.toString().replace(/\/+$/, ''), token: opts.token ?? (env.FICUS_ADMIN_TOKEN || undefined) };
}
