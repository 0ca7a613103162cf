// GET /api/services: the gateway's services as it routes to them now (after reloads), so satellites'
// clients can resolve `service://name` from the gateway (createServiceRegistry's gateway source),
// with each instance of the pool and whether it gets traffic. Behind the admin token like the rest
// of /api; credentials in a service URL are never shown.
import type express from 'express';
import type { GatewayConfig } from '../config/schema.js';
import { instanceLabel, type InstanceView } from '../upstream/service-pool.js';

export interface ServiceView {
  name: string;
  url: string; // the first instance in the pool now (the first configured when none is): what one-URL clients use
  timeoutMs?: number;
  balance: string;
  instances: InstanceView[];
}

export type InstancesOf = (service: string) => InstanceView[];

/** The services of `config`, URLs without user:password; `instances` gives each pool's live state. */
export function listServices(config: GatewayConfig, instances?: InstancesOf): ServiceView[] {
  return Object.entries(config.services).map(([name, s]) => {
    const live = instances?.(name) ?? [];
    const views = live.length > 0 ? live : s.urls.map((url) => ({ url: instanceLabel(url), state: 'healthy' as const, inFlight: 0, ejections: 0, ejectedUntil: null }));
    const serving = views.find((i) => i.state === 'healthy') ?? views[0]!;
    return { name, url: serving.url, timeoutMs: s.timeoutMs, balance: s.balance, instances: views };
  });
}

export function mountServicesApi(app: express.Express, config: () => GatewayConfig, instances?: InstancesOf): void {
  app.get('/api/services', (_req, res) => {
    res.json({ services: listServices(config(), instances) });
  });
}
