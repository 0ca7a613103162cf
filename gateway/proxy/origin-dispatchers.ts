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

// Per origin: enough connections for a busy monolith; a connect that hangs longer than this fails as
// connectFailed (common/outcome.ts), and a route's own total deadline is usually shorter still.
const CONNECTIONS = 512;
const CONNECT_TIMEOUT_MS = 10_000;

/** Creates the Pools lazily, one per origin, on first use. */
export function createOriginDispatchers(): OriginDispatchers {
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
          connections: CONNECTIONS,
          pipelining: 1, // a request's answer never waits behind another's
          connectTimeout: CONNECT_TIMEOUT_MS,
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
