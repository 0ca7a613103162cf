// The prefix every data-plane request shares, HTTP exchange or websocket upgrade alike: a request id,
// the normalised target, the checks on the head, then the routing decision and the upstream picked
// for it. A refusal comes back as the access-log record to write; the caller answers the client in
// its own way (a problem body, or a raw 400 on an upgrade's socket).
import type { IncomingMessage } from 'node:http';
import { decideTarget } from '../routing/decide-target.js';
import { normaliseTarget } from '../routing/normalise-path.js';
import type { Decision, RouteTable } from '../routing/route-table.js';
import { pickUpstream, type Upstream } from '../upstream/pick-upstream.js';
import type { DataPlane, ExchangeRecord } from './data-plane.js';
import { adoptTargetAuthority, refuseRequestHead } from './request-head.js';
import { readRequestId } from './request-id.js';

export type Admission =
  | { ok: false; requestId: string; refused: ExchangeRecord }
  | { ok: true; requestId: string; path: string; url: string; table: RouteTable; decision: Decision; upstream: Upstream | undefined }; // undefined: no instance of the service in its pool

/** Normalises, checks (`refuseMore`: the upgrade's own checks), decides and picks the upstream. */
export function admitRequest(plane: DataPlane, req: IncomingMessage, startedAt: number, refuseMore?: (req: IncomingMessage) => string | undefined): Admission {
  const requestId = readRequestId(req.headers);
  const target = normaliseTarget(req.url ?? '/');
  const refusal = target.ok ? refuseRequestHead(req) ?? refuseMore?.(req) : target.reason;
  if (!target.ok || refusal !== undefined) {
    const reason = refusal ?? 'bad request';
    return {
      ok: false,
      requestId,
      refused: {
        requestId, method: req.method ?? 'GET', url: req.url ?? '', route: null, backend: 'none', status: 400,
        durationMs: plane.now() - startedAt, outcome: 'rejected', fellBack: false, reason,
      },
    };
  }
  adoptTargetAuthority(req);
  const table = plane.table();
  const decision = decideTarget({ method: req.method ?? 'GET', path: target.path, headers: req.headers }, table, plane.rng);
  return { ok: true, requestId, path: target.path, url: target.url, table, decision, upstream: pickUpstream(decision, table, plane.pools) };
}
