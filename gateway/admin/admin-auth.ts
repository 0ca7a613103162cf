// Bearer-token auth for the admin API: constant-time comparison, the token's name becomes "who" in
// the audit log, and a refusal to run an open admin API on a non-loopback address.
import { createHash, timingSafeEqual } from 'node:crypto';
import { isLoopbackHost } from '../../common/loopback-host.js';
import type { GatewayConfig } from '../config/schema.js';
import { AdminError } from './errors.js';

export interface NamedToken {
  name: string;
  token: string;
}

/** The configured tokens: `admin.token` is named "admin"; `admin.tokens` name each operator's. */
export function listAdminTokens(admin: GatewayConfig['admin']): NamedToken[] {
  const tokens = [...admin.tokens];
  if (admin.token) tokens.unshift({ name: 'admin', token: admin.token });
  return tokens;
}


/** Throws FICUS_ADMIN_INSECURE_BIND when the admin API would listen beyond loopback with no token. */
export function assertSafeAdminBind(admin: GatewayConfig['admin']): void {
  if (!isLoopbackHost(admin.host) && listAdminTokens(admin).length === 0) {
    throw new AdminError(
      'FICUS_ADMIN_INSECURE_BIND',
      `admin.host is ${admin.host}, which is not loopback, and no admin token is configured: set admin.token (or admin.tokens) or bind admin.host to 127.0.0.1`,
      { host: admin.host },
    );
  }
}

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/**
 * Resolves an `Authorization` header to the token's name, or null. Digests make every comparison the
 * same length, and every configured token is compared so the time taken does not tell which matched.
 */
export function createTokenCheck(tokens: NamedToken[]): (authorization: string | undefined) => string | null {
  const known = tokens.map((t) => ({ name: t.name, digest: digest(t.token) }));
  return (authorization) => {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!m) return null;
    const given = digest(m[1]);
    let found: string | null = null;
    for (const k of known) if (timingSafeEqual(given, k.digest) && found === null) found = k.name;
    return found;
  };
}
