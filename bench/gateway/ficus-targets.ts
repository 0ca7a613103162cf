// The targets the data-plane benches share: the upstreams' ports, the 50-route ficus config, and
// starters for a ficus process and the bare http-proxy-3 floor (each in its own, pinned process).
import path from 'node:path';
import { spawnScript } from './measure.js';

export const BENCH_PATH = '/api/bench/1';

export interface Upstreams {
  monolith: number; // minimal node server answering ~1 KB of JSON
  fast: number; // the same, as the "service"
  slow: number; // answers after 200 ms (for shadow scenarios)
  dead: number; // nothing listens
}

export interface Target {
  url: string;
  pid?: number; // the process whose CPU and RSS are measured
}

export type BenchMode = 'monolith' | 'canary' | 'service' | 'shadow';

/** ficus config: 49 routes that do not match the bench path, then the bench route in `mode`. */
export function ficusConfig(up: Upstreams, mode: BenchMode, extra: object = {}) {
  const routes = Array.from({ length: 49 }, (_, i) => ({
    id: `r${i}`,
    match: { path: [`/api/area${i}/:id`, `/api/area${i}/*`, `/v${i}/items/:id/details`][i % 3], methods: i % 2 ? ['GET'] : undefined },
    service: 'svc',
    mode: ['monolith', 'shadow', 'canary', 'service'][i % 4],
    percent: 10,
  }));
  return {
    listen: { host: '127.0.0.1', port: 0 },
    admin: { host: '127.0.0.1', port: 0 },
    store: { url: 'sqlite::memory:' },
    monolith: { url: `http://127.0.0.1:${up.monolith}` },
    services: { svc: { url: `http://127.0.0.1:${up.fast}` } },
    routes: [...routes, { id: 'bench', match: { path: '/api/bench/:id' }, service: 'svc', mode, percent: 50, ...extra }],
  };
}

/** Starts ficus-process.ts on the proxies' CPU; `nodeArgs` go to node (e.g. --cpu-prof); `tree`: another checkout's copy. */
export async function startFicus(config: object, nodeArgs: string[] = [], tree?: string): Promise<Target> {
  const script = tree ? path.join(tree, 'bench/gateway/ficus-process.ts') : 'ficus-process.ts';
  const { child, info } = await spawnScript<{ port: number }>(1, script, [JSON.stringify(config)], nodeArgs);
  return { url: `http://127.0.0.1:${info.port}${BENCH_PATH}`, pid: child.pid };
}

/** Starts the library floor (bare-proxy.ts) for `lib`: http-proxy-3 or a path to an http-proxy install. */
export async function startBareProxy(lib: string, up: Upstreams, nodeArgs: string[] = []): Promise<Target> {
  const { child, info } = await spawnScript<{ port: number }>(1, 'bare-proxy.ts', [lib, String(up.monolith)], nodeArgs);
  return { url: `http://127.0.0.1:${info.port}${BENCH_PATH}`, pid: child.pid };
}
