// Where `service://name` lives, asked in order: the environment (FICUS_SERVICE_<NAME>_URL), a registry file
// (YAML or JSON: `services: { catalog: { url } }`, so a gateway config serves too), and the gateway's own
// service list over its admin API (GET /api/services). Every call asks again, so a changed variable, a
// saved file or a gateway reload is seen without restarting the caller.
import { readFileSync, statSync } from 'node:fs';
import { parse } from 'yaml';

export interface ServiceRegistry {
  /** The base URL of `name`, or undefined when no source knows it. */
  resolve: (name: string) => Promise<string | undefined>;
}

export interface ServiceRegistryOptions {
  /** Read at every call (default process.env). */
  env?: Record<string, string | undefined>;
  /** A YAML/JSON file re-read whenever it changes on disk. */
  file?: string;
  /** The gateway's admin API; its list is refreshed every `refreshMs` (default 5 s), the last good one kept on failure. */
  gateway?: { url: string; token?: string; refreshMs?: number };
}

/** FICUS_SERVICE_<NAME>_URL for a service name: `order-items` → FICUS_SERVICE_ORDER_ITEMS_URL. */
export function serviceEnvVariable(name: string): string {
  return `FICUS_SERVICE_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_URL`;
}

/**
 * Example: `createServiceRegistry({ file: 'services.yaml', gateway: { url: 'http://127.0.0.1:8081', token } })`.
 * Without options: the environment, plus FICUS_SERVICE_REGISTRY (a file) and FICUS_ADMIN_URL/FICUS_ADMIN_TOKEN when set.
 */
export function createServiceRegistry(options: ServiceRegistryOptions = {}): ServiceRegistry {
  const env = options.env ?? process.env;
  const file = options.file ?? env.FICUS_SERVICE_REGISTRY;
  const gateway = options.gateway ?? (env.FICUS_ADMIN_URL ? { url: env.FICUS_ADMIN_URL, token: env.FICUS_ADMIN_TOKEN } : undefined);
  const fromFile = file ? createFileSource(file) : undefined;
  const fromGateway = gateway ? createGatewaySource(gateway) : undefined;
  return {
    resolve: async (name) => env[serviceEnvVariable(name)] || fromFile?.(name) || (await fromGateway?.(name)),
  };
}

function readServiceMap(doc: unknown): Map<string, string> {
  const services = (doc as { services?: unknown } | null)?.services ?? doc;
  const map = new Map<string, string>();
  if (!services || typeof services !== 'object') return map;
  const entries = Array.isArray(services) ? services.map((s: { name?: string; url?: string }) => [s.name, s] as const) : Object.entries(services);
  for (const [name, value] of entries) {
    const url = typeof value === 'string' ? value : (value as { url?: unknown } | null)?.url;
    if (typeof name === 'string' && typeof url === 'string') map.set(name, url);
  }
  return map;
}

function createFileSource(file: string): (name: string) => string | undefined {
  let seen = '';
  let map = new Map<string, string>();
  return (name) => {
    let stamp = '';
    try {
      const s = statSync(file);
      stamp = `${s.mtimeMs}:${s.size}:${s.ino}`;
    } catch {
      return undefined; // no file (yet): this source knows nothing
    }
    if (stamp !== seen) {
      try {
        map = readServiceMap(parse(readFileSync(file, 'utf8')));
        seen = stamp;
      } catch {
        // A half-written or broken file: keep the last good map and read it again next time.
      }
    }
    return map.get(name);
  };
}

function createGatewaySource(gateway: { url: string; token?: string; refreshMs?: number }): (name: string) => Promise<string | undefined> {
  const refreshMs = gateway.refreshMs ?? 5_000;
  const endpoint = new URL('/api/services', gateway.url);
  let map = new Map<string, string>();
  let fetchedAt = -Infinity;
  let inFlight: Promise<void> | undefined;
  const refresh = (): Promise<void> =>
    (inFlight ??= (async () => {
      try {
        const res = await fetch(endpoint, { headers: gateway.token ? { authorization: `Bearer ${gateway.token}` } : {}, signal: AbortSignal.timeout(2_000) });
        if (res.ok) map = readServiceMap(await res.json());
      } catch {
        // Unreachable gateway: the last list stays in use.
      } finally {
        fetchedAt = Date.now();
        inFlight = undefined;
      }
    })());
  return async (name) => {
    const stale = Date.now() - fetchedAt >= refreshMs;
    // The first call waits for the list; later ones use the current list while a refresh runs, unless the name is new.
    if (stale) {
      const pending = refresh();
      if (!map.has(name)) await pending;
    }
    return map.get(name);
  };
}
