// The targets the data-plane benches share: the upstreams' ports, the 50-route ficus config, and
// starters for a ficus process and the bare undici and http-proxy-3 floors (each in its own, pinned process).
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { here, spawnJson, spawnWaiting } from './measure.js';

const ROOT = path.resolve(here, '../..');

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
  adminPort?: number; // ficus targets: the admin API
}

export type BenchMode = 'monolith' | 'canary' | 'service' | 'shadow';

/** ficus config: 49 routes that do not match the bench path, then the bench route in `mode`. */
export function ficusConfig(up: Upstreams, mode: BenchMode, extra: object = {}, listen: object = {}) {
  const routes = Array.from({ length: 49 }, (_, i) => ({
    id: `r${i}`,
    match: { path: [`/api/area${i}/:id`, `/api/area${i}/*`, `/v${i}/items/:id/details`][i % 3], methods: i % 2 ? ['GET'] : undefined },
    service: 'svc',
    mode: ['monolith', 'shadow', 'canary', 'service'][i % 4],
    percent: 10,
  }));
  return {
    listen: { host: '127.0.0.1', port: 0, ...listen },
    admin: { host: '127.0.0.1', port: 0 },
    store: { url: 'sqlite::memory:' },
    monolith: { url: `http://127.0.0.1:${up.monolith}` },
    services: { svc: { url: `http://127.0.0.1:${up.fast}` } },
    routes: [...routes, { id: 'bench', match: { path: '/api/bench/:id' }, service: 'svc', mode, percent: 50, ...extra }],
  };
}

/**
 * Starts `ficus gateway` as users run it: the compiled CLI (dist/, from `npm run build`) with the
 * config in a file and the access log (stdout) going to /dev/null, on the proxies' CPU.
 * `nodeArgs` go to node (e.g. --cpu-prof); `tree`: another checkout, built, to compare with.
 */
export async function startFicus(config: object, nodeArgs: string[] = [], tree = ROOT): Promise<Target> {
  const cli = path.join(tree, 'dist/bin/ficus.js');
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run npm run build in ${tree}`);
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'ficus-bench-')), 'gateway.yaml');
  writeFileSync(file, JSON.stringify(config)); // JSON is YAML
  const { child, info } = await spawnWaiting(1, process.execPath, [...nodeArgs, cli, 'gateway', '-c', file], 'stderr', (line) => {
    const ports = /listening on [\d.]+:(\d+), admin on [\d.]+:(\d+)/.exec(line);
    return ports ? { port: Number(ports[1]), adminPort: Number(ports[2]) } : undefined;
  });
  return { url: `http://127.0.0.1:${info.port}${BENCH_PATH}`, pid: child.pid, adminPort: info.adminPort };
}

/** Starts the undici floor (bare-undici.mjs: node's http server + one undici Pool, nothing else). */
export async function startBareUndici(up: Upstreams, nodeArgs: string[] = []): Promise<Target> {
  const { child, info } = await spawnJson<{ port: number }>(1, process.execPath, [...nodeArgs, path.join(here, 'bare-undici.mjs'), String(up.monolith)]);
  return { url: `http://127.0.0.1:${info.port}${BENCH_PATH}`, pid: child.pid };
}

/** Keeps a server-sent-events watcher on a ficus target's traffic inspector (`/api/traffic/stream`), reading and discarding. */
export function watchTraffic(target: Target): void {
  const req = http.get({ host: '127.0.0.1', port: target.adminPort, path: '/api/traffic/stream' }, (res) => res.resume());
  req.on('error', () => undefined); // the bench's end closes it
}

/** Starts the library floor (bare-proxy.mjs, plain node) for `lib`: http-proxy-3 or a path to an http-proxy install; `features`: with headers and access log. */
export async function startBareProxy(lib: string, up: Upstreams, nodeArgs: string[] = [], features = false): Promise<Target> {
  const argv = [...nodeArgs, path.join(here, 'bare-proxy.mjs'), lib, String(up.monolith), ...(features ? ['features'] : [])];
  const { child, info } = await spawnJson<{ port: number }>(1, process.execPath, argv);
  return { url: `http://127.0.0.1:${info.port}${BENCH_PATH}`, pid: child.pid };
}
