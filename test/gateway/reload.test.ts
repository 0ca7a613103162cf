// Hot reload: a valid new config swaps the whole table; an invalid one is logged with its problems
// and the last good config keeps serving; in-flight requests finish where they started.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { GatewayConfigInput } from '../../gateway/config/schema.js';
import { request } from './support/http-client.js';
import { startGateway } from './support/start-gateway.js';
import { startEcho } from './support/upstreams.js';
import { waitFor } from './support/wait-for.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

async function setUp() {
  const monolith = await startEcho('monolith');
  const service = await startEcho('catalog');
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'ficus-reload-')), 'gateway.yaml');
  const configWith = (mode: string, extra: Partial<GatewayConfigInput> = {}): GatewayConfigInput => ({
    listen: { host: '127.0.0.1', port: 0 },
    admin: { host: '127.0.0.1', port: 0 },
    store: { url: 'sqlite::memory:' },
    monolith: { url: monolith.url },
    services: { catalog: { url: service.url } },
    routes: [{ id: 'products', match: { path: '/api/products/*' }, service: 'catalog', mode: mode as 'service' }],
    ...extra,
  });
  const write = (text: string): void => writeFileSync(file, text);
  write(JSON.stringify(configWith('monolith'))); // JSON is YAML
  const gw = await startGateway(configWith('monolith'), { configPath: file });
  cleanups.push(() => gw.close(), () => monolith.close(), () => service.close());
  const backendOf = async (): Promise<string> => (await request(gw.port, '/api/products/1')).headers['x-ficus-backend'] as string;
  return { gw, file, write, configWith, backendOf, monolith, service };
}

describe('hot reload', () => {
  it('a valid file change swaps the route table', async () => {
    const { gw, write, configWith, backendOf } = await setUp();
    expect(await backendOf()).toBe('monolith');
    const before = gw.gateway.routeTable().version;
    write(JSON.stringify(configWith('service')));
    await waitFor(() => gw.gateway.routeTable().version !== before);
    expect(await backendOf()).toBe('service');
  });

  it('an invalid file is logged with every problem and the last good config keeps serving', async () => {
    const { gw, write, backendOf } = await setUp();
    const table = gw.gateway.routeTable();
    write('monolith: { url: ftp://x }\nroutes: [ { id: a, match: { path: nope } } ]\n');
    await waitFor(() => gw.logs.some((l) => String(l.msg).startsWith('config reload rejected')));
    const rejected = gw.logs.find((l) => String(l.msg).startsWith('config reload rejected')) as { problems: { path: string }[] };
    expect(rejected.problems.map((p) => p.path).sort()).toEqual(['monolith.url', 'routes[0].match.path']);
    expect(gw.gateway.routeTable()).toBe(table);
    expect(await backendOf()).toBe('monolith');
    expect(await gw.gateway.registry.getSingleMetricAsString('ficus_config_reloads_total')).toContain('result="invalid"} 1');
  });

  it('reloadFromFile (SIGHUP) re-reads the file', async () => {
    const { gw, file, configWith, backendOf } = await setUp();
    writeFileSync(file, JSON.stringify(configWith('service')));
    expect(gw.gateway.reloadFromFile()).toBe(true);
    expect(await backendOf()).toBe('service');
  });

  it('an in-flight request finishes on the upstream it started with', async () => {
    let release: (() => void) | undefined;
    const slow = await startEcho('old-monolith', (_req, res) => {
      release = () => res.end('old');
      return true;
    });
    const { gw } = await setUp();
    cleanups.push(() => slow.close());
    gw.gateway.reload({ ...gw.gateway.config(), monolith: { ...gw.gateway.config().monolith, url: slow.url, timeoutMs: 5000 } });
    const inFlight = request(gw.port, '/home');
    await waitFor(() => release !== undefined);
    const next = await startEcho('new-monolith');
    cleanups.push(() => next.close());
    const current = gw.gateway.config();
    gw.gateway.reload({ ...current, monolith: { ...current.monolith, url: next.url, timeoutMs: 5000 } });
    expect((await request(gw.port, '/home')).json().name).toBe('new-monolith');
    release!();
    expect((await inFlight).body).toBe('old');
  });

  it('route overrides rebuild the table atomically over the file config', async () => {
    const { gw, backendOf } = await setUp();
    gw.gateway.setRouteOverrides({ products: { mode: 'service', percent: 0 } });
    expect(await backendOf()).toBe('service');
    expect(gw.gateway.routeTable().routes[0]!.route.mode).toBe('service');
    gw.gateway.reload(gw.gateway.config()); // a reload keeps the overrides
    expect(await backendOf()).toBe('service');
    gw.gateway.setRouteOverrides({});
    expect(await backendOf()).toBe('monolith');
  });
});
