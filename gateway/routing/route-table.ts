// The immutable route table: config + runtime overrides, compiled once, swapped whole.
import type { Backend, RouteOverrides } from '../hooks.js';
import { deepFreeze } from '../config/deep-freeze.js';
import type { GatewayConfig, RouteConfig, ServiceConfig, UpstreamConfig } from '../config/schema.js';
import { compilePattern, type PathMatcher } from '../../common/compile-pattern.js';
import { buildRouteIndex, routeCandidates, type RouteIndex } from './route-index.js';

export interface CompiledRoute {
  id: string;
  route: RouteConfig; // effective config: the file's route with any override applied
  methods: ReadonlySet<string> | null; // null: every method
  matchPath: PathMatcher;
}

export interface RouteTable {
  version: number;
  routes: readonly CompiledRoute[];
  index: RouteIndex; // routes by their literal leading segments
  monolith: UpstreamConfig;
  services: Readonly<Record<string, ServiceConfig>>;
  overrides: RouteOverrides;
}

export interface Decision {
  backend: Backend;
  routeId: string | null;
  route: RouteConfig | null;
  serviceName: string | null;
  reason: string;
}

let nextVersion = 1;

/** Compiles a validated config plus overrides into a frozen table; routes keep their order (first match wins). */
export function buildRouteTable(config: GatewayConfig, overrides: RouteOverrides = {}): RouteTable {
  const routes = config.routes.map((file): CompiledRoute => {
    const override = Object.hasOwn(overrides, file.id) ? overrides[file.id] : undefined;
    const route = override ? { ...file, mode: override.mode, percent: override.percent } : file;
    return {
      id: route.id,
      route,
      methods: route.match.methods ? new Set(route.match.methods) : null,
      matchPath: compilePattern(route.match.path),
    };
  });
  return deepFreeze({
    version: nextVersion++,
    routes,
    index: buildRouteIndex(routes.map((r) => r.matchPath.prefix)),
    monolith: config.monolith,
    services: config.services,
    overrides: { ...overrides },
  });
}

/** The first route matching a method and normalised path, or undefined. */
export function matchRoute(table: RouteTable, method: string, path: string): CompiledRoute | undefined {
  // HEAD is served by GET routes, as in express.
  const alt = method === 'HEAD' ? 'GET' : method;
  const lower = path.toLowerCase(); // patterns match case-insensitively
  const candidates = routeCandidates(table.index, lower);
  for (let i = 0; i < candidates.length; i++) {
    const r = table.routes[candidates[i]!]!;
    if (!lower.startsWith(r.matchPath.prefix)) continue;
    if (r.methods && !r.methods.has(method) && !r.methods.has(alt)) continue;
    if (r.matchPath.test(path)) return r;
  }
  return undefined;
}
