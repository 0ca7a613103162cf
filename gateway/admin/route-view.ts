// What `GET /api/routes` says about each route: where it stands, where that came from, and live numbers.
import type { GatewayConfig, RouteConfig } from '../config/schema.js';
import type { RouteStateRow } from '../store/route-state-store.js';
import type { ShadowEvidence } from './promote-guard.js';
import type { RouteState } from './route-control.js';
import type { RouteTraffic } from './traffic-window.js';

export interface RouteView {
  id: string;
  match: RouteConfig['match'];
  service: string | null;
  mode: RouteState['mode'];
  percent: number;
  source: RouteState['source'];
  updatedBy: string | null; // runtime state only
  updatedAt: string | null;
  file: { mode: RouteState['mode']; percent: number }; // what the config file says
  requests: RouteTraffic['requests'];
  errorRate: number | null; // service failures / service requests over the rollback window
  window: { seconds: number; requests: number; failures: number };
  shadow: ShadowEvidence;
  guard: RouteConfig['guard'];
  // What `ficus export` needs to write manifests of the live state.
  sticky: NonNullable<RouteConfig['sticky']> | null;
  shadowSample: number;
  backends: { monolith: string; service: string | null }; // upstream URLs (a pool's first instance; GET /api/services lists them all)
}

export interface RouteViewSources {
  stateOf(routeId: string): RouteState;
  traffic(routeId: string, windowS: number): RouteTraffic;
  evidence(routeId: string): Promise<ShadowEvidence>;
}

/** Builds the view of every configured route, in config order. */
export async function buildRouteViews(config: GatewayConfig, stored: RouteStateRow[], sources: RouteViewSources): Promise<RouteView[]> {
  const byId = new Map(stored.map((s) => [s.routeId, s]));
  return Promise.all(config.routes.map(async (r) => buildRouteView(config, r, byId.get(r.id), sources)));
}

async function buildRouteView(config: GatewayConfig, r: RouteConfig, stored: RouteStateRow | undefined, sources: RouteViewSources): Promise<RouteView> {
  const state = sources.stateOf(r.id);
  const windowS = r.guard.rollback.windowS;
  const traffic = sources.traffic(r.id, windowS);
  const runtime = state.source === 'runtime' && stored;
  return {
    id: r.id,
    match: r.match,
    service: r.service ?? null,
    mode: state.mode,
    percent: state.percent,
    source: state.source,
    updatedBy: runtime ? stored.updatedBy : null,
    updatedAt: runtime ? new Date(stored.updatedAt).toISOString() : null,
    file: { mode: r.mode, percent: r.percent },
    requests: traffic.requests,
    errorRate: traffic.errorRate,
    window: { seconds: windowS, ...traffic.window },
    shadow: await sources.evidence(r.id),
    guard: r.guard,
    sticky: r.sticky ?? null,
    shadowSample: r.shadow.sample,
    backends: { monolith: config.monolith.url, service: (r.service && config.services[r.service]?.urls[0]) || null },
  };
}
