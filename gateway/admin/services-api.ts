// GET /api/services: the gateway's services as it routes to them now (after reloads), so satellites'
// clients can resolve `service://name` from the gateway (createServiceRegistry's gateway source).
// Behind the admin token like the rest of /api; credentials in a service URL are never shown.
import type express from 'express';
import type { GatewayConfig } from '../config/schema.js';

export interface ServiceView {
  name: string;
  url: string;
  timeoutMs?: number;
}

/** The services of `config`, URLs without user:password. */
export function listServices(config: GatewayConfig): ServiceView[] {
  return Object.entries(config.services).map(([name, s]) => {
    const url = new URL(s.url);
    url.username = '';
    url.password = '';
    return { name, url: url.toString().replace(/\/$/, ''), timeoutMs: s.timeoutMs };
  });
}

export function mountServicesApi(app: express.Express, config: () => GatewayConfig): void {
  app.get('/api/services', (_req, res) => {
    res.json({ services: listServices(config()) });
  });
}
