// Whether a host name or address is this machine's loopback: the admin API's bind and Host checks.
import { isIP } from 'node:net';

/** True for 127.0.0.0/8, ::1 and localhost: only this machine can reach the admin API. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (h.startsWith('::ffff:')) return isLoopbackHost(h.slice('::ffff:'.length));
  return false;
}
