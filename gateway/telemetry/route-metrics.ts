// The admin plane's Prometheus series: where each route stands, computed at scrape time so alerts can
// say "catalog-products is at 50% canary with 4% service errors" without asking the admin API, and the
// runtime changes made. Defined here with the gateway's other metrics; the admin plane feeds them.
import { Counter, Gauge, type Registry } from 'prom-client';

/** One route as the gauges show it, read at scrape time. */
export interface RouteStanding {
  route: string;
  mode: string;
  serviceSharePercent: number; // monolith/shadow 0, canary percent, service 100
  runtimeOverride: boolean;
  serviceErrorRate: number | null; // over guard.rollback.windowS; null without service traffic
}

/** Registers `ficus_route_service_share_percent`, `ficus_route_runtime_override` and `ficus_route_service_error_rate`. */
export function registerRouteMetrics(registry: Registry, routes: () => RouteStanding[]): void {
  new Gauge({
    name: 'ficus_route_service_share_percent',
    help: 'Percent of a route’s traffic its mode sends to the service (monolith/shadow 0, canary percent, service 100)',
    labelNames: ['route', 'mode'],
    registers: [registry],
    collect() {
      this.reset();
      for (const r of routes()) this.set({ route: r.route, mode: r.mode }, r.serviceSharePercent);
    },
  });
  new Gauge({
    name: 'ficus_route_runtime_override',
    help: '1 when a runtime change (admin API or automatic rollback) overrides the config file for the route',
    labelNames: ['route'],
    registers: [registry],
    collect() {
      for (const r of routes()) this.set({ route: r.route }, r.runtimeOverride ? 1 : 0);
    },
  });
  new Gauge({
    name: 'ficus_route_service_error_rate',
    help: 'Service failures / service requests over the route’s guard.rollback.windowS on this replica (absent without service traffic)',
    labelNames: ['route'],
    registers: [registry],
    collect() {
      this.reset();
      for (const r of routes()) if (r.serviceErrorRate !== null) this.set({ route: r.route }, r.serviceErrorRate);
    },
  });
}

/** `ficus_route_changes_total{route,action}`: runtime route changes by action. */
export function createRouteChangeCounter(registry: Registry): Counter<'route' | 'action'> {
  return new Counter({
    name: 'ficus_route_changes_total',
    help: 'Runtime route changes by action (cutover, refused, rollback, auto-rollback, reset)',
    labelNames: ['route', 'action'],
    registers: [registry],
  });
}
