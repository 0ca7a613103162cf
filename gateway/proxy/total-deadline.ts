// A service's total deadline (`deadlineMs`): the time from sending the request upstream to the last
// byte of the answer. `timeoutMs` is time without a byte, so an upstream trickling a byte now and then
// never reaches it; this bounds the whole exchange with the upstream instead.
import type { ClientRequest } from 'node:http';

/** Calls `expire` if `upstreamReq` has not closed (answer read to its end, or failed) within `ms`. */
export function armDeadline(upstreamReq: ClientRequest, ms: number, expire: () => void): void {
  const timer = setTimeout(expire, ms);
  upstreamReq.once('close', () => clearTimeout(timer));
}
