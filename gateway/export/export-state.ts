// What an export reads: the routes as they stand now (mode and percent after runtime changes), with
// what a manifest needs of each (match, service, stickiness, shadow sample) and the upstream URLs.
// It comes from a config file (the file's modes) or from a running gateway's admin API (live modes).
import type { GatewayConfig, Mode } from '../config/schema.js';

export interface ExportRoute {
  id: string;
  match: { methods?: readonly string[]; path: string };
  service: string | null;
  mode: Mode;
  percent: number;
  sticky: { header: string } | { cookie: string } | null;
  /** shadow.sample: the percent of mirrored requests ficus compare compares. */
  shadowSample: number;
}

export interface ExportState {
  /** Where the state came from, for the manifest header: a file name or an admin URL. */
  source: string;
  monolith: string; // URL
  services: Readonly<Record<string, readonly string[]>>; // name → its URLs (a pool's every instance)
  routes: readonly ExportRoute[];
}

/** The route state a config file describes (no runtime changes). */
export function stateFromConfig(config: GatewayConfig, source: string): ExportState {
  return {
    source,
    monolith: config.monolith.url,
    services: Object.fromEntries(Object.entries(config.services).map(([name, s]) => [name, s.urls])),
    routes: config.routes.map((r) => ({
      id: r.id,
      match: r.match,
      service: r.service ?? null,
      mode: r.mode,
      percent: r.percent,
      sticky: r.sticky ?? null,
      shadowSample: r.shadow.sample,
    })),
  };
}

/** The part of `GET /api/routes` an export reads (the admin API's RouteView). */
export interface LiveRouteView {
  id: string;
  match: ExportRoute['match'];
  service: string | null;
  mode: Mode;
  percent: number;
  sticky?: ExportRoute['sticky'];
  shadowSample?: number;
  backends?: { monolith: string; service: string | null };
}

/** The part of `GET /api/services` an export reads: each pool's instances. */
export interface LiveServiceView {
  name: string;
  instances: readonly { url: string }[];
}

/** The live route state a running gateway's admin API answers (runtime changes included); `pools` from GET /api/services. */
export function stateFromRouteViews(views: readonly LiveRouteView[], source: string, pools: readonly LiveServiceView[] = []): ExportState {
  const services: Record<string, readonly string[]> = {};
  let monolith = '';
  for (const v of views) {
    monolith ||= v.backends?.monolith ?? '';
    if (v.service && v.backends?.service) services[v.service] = [v.backends.service];
  }
  for (const p of pools) if (p.instances.length > 0) services[p.name] = p.instances.map((i) => i.url);
  return {
    source,
    monolith,
    services,
    routes: views.map((v) => ({
      id: v.id,
      match: v.match,
      service: v.service,
      mode: v.mode,
      percent: v.percent,
      sticky: v.sticky ?? null,
      shadowSample: v.shadowSample ?? 100,
    })),
  };
}
