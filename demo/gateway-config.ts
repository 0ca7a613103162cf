// The demo's gateway config, made from the analyzer's gateway.draft.yaml the way an operator would: real
// URLs, ports chosen by the OS, a store in the demo folder, the admin token from the environment, and for
// the catalog's read routes a sticky canary key, shadow settings and a promote guard sized for a short demo;
// its write routes keep the draft's `tables`, and the monolith's database is named, so the gateway
// refuses to move a write while data sync still copies those tables towards the service.
import { readFileSync, writeFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import type { GatewayConfigInput } from '../gateway/config/schema.js';

export interface DemoGatewayOptions {
  draftFile: string;
  outFile: string;
  monolithUrl: string;
  /** The monolith's database (knex URL), where data sync keeps its state. */
  monolithDb: string;
  serviceName: string;
  serviceUrl: string;
  storeUrl: string;
  /** Shadow comparisons a route needs before it may take traffic. */
  minSamples: number;
}

type DraftRoute = NonNullable<GatewayConfigInput['routes']>[number];

/** True for a route that only reads (GET/HEAD): the ones mirrored in shadow and promoted in the demo. */
export function isReadRoute(route: Pick<DraftRoute, 'match'>): boolean {
  return Boolean(route.match.methods?.length && route.match.methods.every((m) => m === 'GET' || m === 'HEAD'));
}

/** Writes the config file (admin token as `${FICUS_ADMIN_TOKEN}`, never on disk) and returns the service's read and write route ids. */
export function writeDemoGatewayConfig(o: DemoGatewayOptions): { readRoutes: string[]; writeRoutes: string[] } {
  const draft = parse(readFileSync(o.draftFile, 'utf8')) as GatewayConfigInput;
  const routes = (draft.routes ?? []).filter((r) => r.service === o.serviceName);
  const config: GatewayConfigInput = {
    listen: { host: '127.0.0.1', port: 0 },
    // Patient upstream timeouts: the demo must hold on a busy laptop or a shared CI machine.
    monolith: { url: o.monolithUrl, timeoutMs: 15_000 },
    services: { [o.serviceName]: { url: o.serviceUrl, timeoutMs: 15_000 } },
    store: { url: o.storeUrl },
    data: { url: o.monolithDb },
    admin: { host: '127.0.0.1', port: 0, token: '${FICUS_ADMIN_TOKEN}' },
    routes: routes.map((r) =>
      isReadRoute(r)
        ? {
            ...r,
            sticky: { header: 'x-user-id' },
            shadow: { sample: 100, noise: 'auto', noiseSample: 50 },
            guard: { promote: { minSamples: o.minSamples, minMatchRate: 0.99 } },
            fallback: 'monolith',
          }
        : r, // writes stay on the monolith until the data is handed over; the draft says which tables each writes
    ),
  };
  const header = `# Written by \`ficus demo\` from ${o.draftFile}: the ${o.serviceName} seam's routes, reads ready for shadow.\n`;
  writeFileSync(o.outFile, header + stringify(config));
  return { readRoutes: routes.filter(isReadRoute).map((r) => r.id), writeRoutes: routes.filter((r) => !isReadRoute(r)).map((r) => r.id) };
}
