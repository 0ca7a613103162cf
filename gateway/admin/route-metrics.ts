// Prometheus gauges for where each route stands, computed at scrape time so alerts can say
// "catalog-products is at 50% canary with 4% service errors" without asking the admin API.
import { Gauge, type Registry } from 'prom-client';
import type { GatewayConfig } from '../config/schema.js';
import { serviceShare } from './promote-guard.js';
import type { RouteControl } from './route-control.js';
import type { TrafficWindow } from './traffic-window.js';

/** Registers `ficus_route_service_share_percent`, `ficus_route_runtime_override` and `ficus_route_service_error_rate`. */
export function registerRouteMetrics(registry: Registry, config: () => GatewayConfig, control: RouteControl, traffic: TrafficWindow): void {
  const routes = () => config().routes.map((r) => ({ r, state: control.stateOf(r.id) }));
  new Gauge({
    name: 'ficus_route_service_share_percent',
    help: 'Percent of a route’s traffic its mode sends to the service (monolith/shadow 0, canary percent, service 100)',
    labelNames: ['route', 'mode'],
    registers: [registry],
    collect() {
      this.reset();
      for (const { r, state } of routes()) this.set({ route: r.id, mode: state.mode }, serviceShare(state));
    },
  });
  new Gauge({
    name: 'ficus_route_runtime_override',
    help: '1 when a runtime change (admin API or automatic rollback) overrides the config file for the route',
    labelNames: ['route'],
    registers: [registry],
    collect() {
      for (const { r, state } of routes()) this.set({ route: r.id }, state.source === 'runtime' ? 1 : 0);
    },
  });
  new Gauge({
    name: 'ficus_route_service_error_rate',
    help: 'Service failures / service requests over the route’s guard.rollback.windowS on this replica (absent without service traffic)',
    labelNames: ['route'],
    registers: [registry],
    collect() {
      this.reset();
      for (const { r } of routes()) {
        const { errorRate } = traffic.read(r.id, r.guard.rollback.windowS);
        if (errorRate !== null) this.set({ route: r.id }, errorRate);
      }
    },
  });
}
