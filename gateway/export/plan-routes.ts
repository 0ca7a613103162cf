// The target-neutral plan of an export: for each route, in ficus's order, which requests it takes
// (path matches × methods), where they go (monolith, service, or both with weights), whether they
// are mirrored to ficus compare, and whether a user must stay on one backend. Targets render it.
import type { ExportRoute, ExportState } from './export-state.js';
import { resolveBackend, type BackendRef, type ResolvedBackend } from './backend-ref.js';
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
  const refs = new Map<string, BackendRef>();
  const refOf = (upstream: string, urls: readonly string[] | undefined): BackendRef => {
    let ref = refs.get(upstream);
    if (!ref) refs.set(upstream, (ref = resolvePool(upstream, urls?.length ? urls : ['http://unknown'], overrides, notes)));
    return ref;
  };
  const monolith = refOf('monolith', [state.monolith]);
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

/**
 * The one Service a pool's instances stand for. A route sends to a Service, which balances over its
 * own endpoints: instances that are one Service (pod IPs behind it, say) export exactly; instances
 * that are different Services cannot be said by one backend, so the first is used and a lossy note
 * says so.
 */
function resolvePool(upstream: string, urls: readonly string[], overrides: Readonly<Record<string, BackendRef>>, notes: ExportNote[]): BackendRef {
  const distinct = new Map<string, ResolvedBackend>();
  for (const url of urls) {
    const resolved = resolveBackend(upstream, url, overrides);
    if (!distinct.has(describeRef(resolved.ref))) distinct.set(describeRef(resolved.ref), resolved);
  }
  const [first, ...others] = [...distinct.values()];
  for (const r of [first, ...others]) if (r.guessed && !notes.some((n) => n.message === r.guessed)) notes.push({ routeId: null, lossy: false, message: r.guessed });
  if (others.length > 0) {
    const names = [...distinct.keys()].join(', ');
    notes.push({
      routeId: null,
      lossy: true,
      message: `${upstream}: its ${urls.length} instances are ${distinct.size} different Services (${names}); a backend is one Service, so only ${describeRef(first.ref)} gets traffic (set --backend ${upstream}=<service>:<port> to a Service that selects them all)`,
    });
  } else if (urls.length > 1) {
    notes.push({ routeId: null, lossy: false, message: `${upstream}: its pool of ${urls.length} instances is Service ${describeRef(first.ref)}, which balances over its own endpoints` });
  }
  return first.ref;
}

/** `catalog.shop` for a ref with a namespace, `catalog` without. */
export function describeRef(ref: BackendRef): string {
  return `${ref.name}${ref.namespace ? `.${ref.namespace}` : ''}:${ref.port}`;
}
