// docs/admin-api.yaml (OpenAPI) lists every route the admin server registers, with its method, and no
// other; what it says needs a token is what the server refuses without one.
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type express from 'express';
import { pino } from 'pino';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminPlane } from '../../gateway/admin/create-admin-plane.js';
import { assertValidConfig } from '../../gateway/config/validate-config.js';
import { createGateway, type Gateway } from '../../gateway/create-gateway.js';
import { openStore, type OpenStore } from '../../gateway/store/open-store.js';
import { repoRoot } from '../support/cli.js';

type Operation = { security?: unknown[] };
type OpenApi = { security?: unknown[]; paths: Record<string, Record<string, Operation>> };
const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

const doc = parse(readFileSync(path.join(repoRoot, 'docs', 'admin-api.yaml'), 'utf8')) as OpenApi;
const documented = Object.entries(doc.paths).flatMap(([p, item]) =>
  Object.keys(item)
    .filter((m) => METHODS.has(m))
    .map((m) => `${m.toUpperCase()} ${p}`),
);

/** `METHOD /path/{param}` for every route on the app's router (express paths `:param` → `{param}`). */
function registeredRoutes(app: express.Express): string[] {
  type Layer = { name: string; route?: { path: string; methods: Record<string, boolean> }; handle: { stack?: unknown } };
  const stack = (app as unknown as { router: { stack: Layer[] } }).router.stack;
  // A router mounted with app.use(prefix, router) hides its routes from this walk: refuse to pass then.
  const mounted = stack.filter((layer) => !layer.route && Array.isArray(layer.handle.stack)).map((layer) => layer.name);
  if (mounted.length) throw new Error(`the admin app mounts sub-routers (${mounted.join(', ')}): teach registeredRoutes their prefixes`);
  return stack.flatMap((layer) =>
    layer.route ? Object.keys(layer.route.methods).map((m) => `${m.toUpperCase()} ${layer.route!.path.replace(/:(\w+)/g, '{$1}')}`) : [],
  );
}

describe('docs/admin-api.yaml', () => {
  let store: OpenStore;
  let gateway: Gateway;
  let app: express.Express;
  let server: ReturnType<express.Express['listen']>;
  let base: string;

  beforeAll(async () => {
    const config = assertValidConfig({
      monolith: { url: 'http://127.0.0.1:9' },
      services: { catalog: { url: 'http://127.0.0.1:9' } },
      store: { url: 'sqlite::memory:' },
      admin: { host: '127.0.0.1', port: 0, token: 'a-token-of-16-chars-or-more' },
      routes: [{ id: 'catalog-products', match: { path: '/api/products/:id' }, service: 'catalog', mode: 'shadow' }],
    });
    store = await openStore(config.store.url);
    const logger = pino({ level: 'silent' });
    gateway = createGateway(config, { logger, store });
    app = createAdminPlane({ gateway, store, storeUrl: config.store.url, logger }).app;
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await gateway?.close();
    await store?.close();
  });

  it('documents every route the admin server registers', () => {
    expect(registeredRoutes(app).filter((r) => !documented.includes(r)), 'add these operations to docs/admin-api.yaml').toEqual([]);
  });

  it('documents no route the admin server does not register', () => {
    const registered = registeredRoutes(app);
    expect(documented.filter((r) => !registered.includes(r)), 'remove these operations from docs/admin-api.yaml').toEqual([]);
  });

  it('says which operations need the token, as the server does', async () => {
    const wrong: string[] = [];
    for (const [p, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item).filter(([m]) => METHODS.has(m))) {
        const needsToken = (op.security ?? doc.security ?? []).length > 0;
        const res = await fetch(base + p.replace(/\{\w+\}/g, 'catalog-products'), { method: method.toUpperCase() });
        await res.body?.cancel();
        if ((res.status === 401) !== needsToken) wrong.push(`${method.toUpperCase()} ${p}: documented ${needsToken ? 'with' : 'without'} a token, answered ${res.status} without one`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('has no $ref that points nowhere', () => {
    const text = JSON.stringify(doc);
    const dangling = [...text.matchAll(/"\$ref":"#\/([^"]+)"/g)]
      .map((m) => m[1])
      .filter((ref) => ref.split('/').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], doc) === undefined);
    expect(dangling).toEqual([]);
  });
});
