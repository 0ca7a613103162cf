// One undici Pool per upstream origin: keep-alive connections reused across requests and across
// reloads while the origin stays configured. A URL's base path (`http://svc/v2`) is the request
// path's prefix; the Pool only knows the origin.
import { Pool } from 'undici';

export interface OriginDispatcher {
  pool: Pool;
  target: URL; // parsed once per configured URL
}

export interface OriginDispatchers {
  dispatcherFor(url: string): OriginDispatcher;
  destroy(): Promise<void>; // requests still running fail (the gateway's close has let its own finish first)
}

export interface OriginDispatcherOptions {
  connections?: number; // concurrent connections per origin
  connectTimeoutMs?: number;
}

/** Creates the Pools lazily, one per origin, on first use. */
export function createOriginDispatchers(options: OriginDispatcherOptions = {}): OriginDispatchers {
  const byUrl = new Map<string, OriginDispatcher>();
  const pools = new Map<string, Pool>();
  return {
    dispatcherFor(url) {
      let found = byUrl.get(url);
      if (found) return found;
      const target = new URL(url);
      let pool = pools.get(target.origin);
      if (!pool) {
        pool = new Pool(target.origin, {
          connections: options.connections ?? 512,
          pipelining: 1, // a request's answer never waits behind another's
          connectTimeout: options.connectTimeoutMs ?? 10_000,
        });
        pools.set(target.origin, pool);
      }
      found = { pool, target };
      byUrl.set(url, found);
      return found;
    },
    async destroy() {
      const all = [...pools.values()];
      pools.clear();
      byUrl.clear();
      await Promise.all(all.map((pool) => pool.destroy().catch(() => undefined)));
    },
  };
}
