// The target-neutral plan of an export: for each route, in ficus's order, which requests it takes
// (path matches × methods), where they go (monolith, service, or both with weights), whether they
// are mirrored to ficus compare, and whether a user must stay on one backend. Targets render it.
import type { ExportRoute, ExportState } from './export-state.js';
import { resolveBackend, type BackendRef } from './backend-ref.js';
import { toPathMatches, type PathMatch } from './path-match.js';

export interface ExportOptions {
  /** Overrides by ficus upstream name (`monolith` or a service name). */
  backends?: Readonly<Record<string, BackendRef>>;
  /** Where `ficus compare` listens in the cluster; shadow routes mirror to it. */
  comparator?: BackendRef;
}

/** Something the export could not say exactly (`lossy`: the target behaves differently) or wants the reader to know. */
export interface ExportNote {
  routeId: string | null;
  lossy: boolean;
  message: string;
}

export interface PlannedBackend {
  upstream: string; // ficus name: monolith or the service's
  ref: BackendRef;
  percent: number; // share of the route's requests, 0–100
}

export interface PlannedRoute {
  route: ExportRoute;
  paths: PathMatch[];
  methods: string[] | null; // null: every method; GET routes also take HEAD, as ficus does
  backends: PlannedBackend[]; // non-zero shares only
  mirror: boolean;
}

export interface ExportPlan {
  source: string;
  monolith: BackendRef;
  comparator: BackendRef;
  routes: PlannedRoute[];
  notes: ExportNote[];
}

export const DEFAULT_COMPARATOR: BackendRef = { name: 'ficus-compare', port: 8090 };

/** Plans every route; notes say what was guessed and what a target may not express. */
export function planExport(state: ExportState, options: ExportOptions = {}): ExportPlan {
  const overrides = options.backends ?? {};
  const notes: ExportNote[] = [];
  const refOf = (upstream: string, url: string | undefined): BackendRef => {
    const resolved = resolveBackend(upstream, url ?? 'http://unknown', overrides);
    if (resolved.guessed && !notes.some((n) => n.message === resolved.guessed)) notes.push({ routeId: null, lossy: false, message: resolved.guessed });
    return resolved.ref;
  };
  const monolith = refOf('monolith', state.monolith);
  const routes = state.routes.map((route): PlannedRoute => {
    const service = route.service ? refOf(route.service, state.services[route.service]) : undefined;
    if (!service && route.mode !== 'monolith') notes.push({ routeId: route.id, lossy: true, message: `mode ${route.mode} needs a service, and the route names none` });
    const share = route.mode === 'service' ? 100 : route.mode === 'canary' ? route.percent : 0;
    const backends: PlannedBackend[] = [];
    if (share < 100 || !service) backends.push({ upstream: 'monolith', ref: monolith, percent: service ? 100 - share : 100 });
    if (service && share > 0) backends.push({ upstream: route.service!, ref: service, percent: share });
    const methods = route.match.methods ? [...new Set(route.match.methods.flatMap((m) => (m === 'GET' ? ['GET', 'HEAD'] : [m])))] : null;
    return { route, paths: toPathMatches(route.match.path), methods, backends, mirror: route.mode === 'shadow' && Boolean(service) };
  });
  return { source: state.source, monolith, comparator: options.comparator ?? DEFAULT_COMPARATOR, routes, notes };
}

/** `catalog.shop` for a ref with a namespace, `catalog` without. */
export function describeRef(ref: BackendRef): string {
  return `${ref.name}${ref.namespace ? `.${ref.namespace}` : ''}:${ref.port}`;
}
