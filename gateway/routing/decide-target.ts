// Where does this request go? A pure function of the request, the route table and a random source.
import type { IncomingHttpHeaders } from 'node:http';
import type { RouteConfig } from '../config/schema.js';
import type { Backend } from '../hooks.js';
import { bucketOf, readStickyKey } from './sticky-key.js';
import { matchRoute, type Decision, type RouteTable } from './route-table.js';

export interface RoutableRequest {
  method: string;
  path: string; // normalised (see normaliseTarget)
  headers: IncomingHttpHeaders;
}

const UNMATCHED: Decision = Object.freeze({ backend: 'monolith', routeId: null, route: null, serviceName: null, reason: 'unmatched' });

/** Decides the backend: monolith/shadow → monolith, service → service, canary → sticky hash or rng against percent. */
export function decideTarget(request: RoutableRequest, table: RouteTable, rng: () => number): Decision {
  const match = matchRoute(table, request.method, request.path);
  if (!match) return UNMATCHED;
  const { route } = match;
  if (!route.service) return decision(route, 'monolith', 'no-service');
  switch (route.mode) {
    case 'monolith':
      return decision(route, 'monolith', 'mode:monolith');
    case 'shadow':
      return decision(route, 'monolith', 'mode:shadow');
    case 'service':
      return decision(route, 'service', 'mode:service');
    case 'canary': {
      const key = route.sticky ? readStickyKey(request.headers, route.sticky) : undefined;
      const point = key !== undefined ? bucketOf(key) / 100 : rng() * 100;
      return decision(route, point < route.percent ? 'service' : 'monolith', key !== undefined ? 'canary:sticky' : 'canary:random');
    }
  }
}

// An object literal, not `{ ...base, backend }`: on node 20 a spread followed by more properties
// takes a slow path costing microseconds per request.
function decision(route: RouteConfig, backend: Backend, reason: string): Decision {
  return { backend, routeId: route.id, route, serviceName: route.service ?? null, reason };
}
