// Where does this request go? A pure function of the request, the route table and a random source.
import type { IncomingHttpHeaders } from 'node:http';
import { bucketOf, readStickyKey } from './sticky-key.js';
import { matchRoute, type Decision, type RouteTable } from './route-table.js';

export interface RoutableRequest {
  method: string;
  path: string; // normalised (see normaliseTarget)
  headers: IncomingHttpHeaders;
}

/** Decides the backend: monolith/shadow → monolith, service → service, canary → sticky hash or rng against percent. */
export function decideTarget(request: RoutableRequest, table: RouteTable, rng: () => number): Decision {
  const match = matchRoute(table, request.method, request.path);
  if (!match) return { backend: 'monolith', routeId: null, route: null, serviceName: null, reason: 'unmatched' };
  const { route } = match;
  const base = { routeId: route.id, route, serviceName: route.service ?? null };
  if (!route.service) return { ...base, backend: 'monolith', reason: 'no-service' };
  switch (route.mode) {
    case 'monolith':
    case 'shadow':
      return { ...base, backend: 'monolith', reason: `mode:${route.mode}` };
    case 'service':
      return { ...base, backend: 'service', reason: 'mode:service' };
    case 'canary': {
      const key = route.sticky ? readStickyKey(request.headers, route.sticky) : undefined;
      const point = key !== undefined ? bucketOf(key) / 100 : rng() * 100;
      const backend = point < route.percent ? 'service' : 'monolith';
      return { ...base, backend, reason: key !== undefined ? 'canary:sticky' : 'canary:random' };
    }
  }
}
