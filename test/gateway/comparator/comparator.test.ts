// The comparator on its own, with real upstreams on port 0: a mirror flood meets a bounded queue
// (drops counted, every mirrored request answered at once with an empty 204), writes are never
// asked of the primary again, and requests no shadow route takes are left alone.
import http from 'node:http';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createComparator, type Comparator } from '../../../gateway/comparator/create-comparator.js';
import { assertValidConfig } from '../../../gateway/config/validate-config.js';
import { openStore, type OpenStore } from '../../../gateway/store/open-store.js';
import { startShop, type ShopUpstream } from '../replay/shop-upstreams.js';

const silent = pino({ level: 'silent' });

async function setup(o: { service: ShopUpstream; monolith: ShopUpstream; maxConcurrent?: number; maxQueue?: number; timeoutMs?: number }) {
  const config = assertValidConfig({
    listen: { host: '127.0.0.1', port: 0 },
    admin: { host: '127.0.0.1', port: 0 },
    monolith: { url: o.monolith.url },
    services: { catalog: { url: o.service.url } },
    store: { url: 'sqlite::memory:' },
    routes: [
      {
        id: 'products',
        match: { path: '/api/products/:id' },
        service: 'catalog',
        mode: 'shadow',
        shadow: { noise: 'off', maxConcurrent: o.maxConcurrent ?? 32, maxQueue: o.maxQueue ?? 32, timeoutMs: o.timeoutMs ?? 5000 },
      },
      { id: 'orders', match: { path: '/api/orders/:id' }, service: 'catalog', mode: 'monolith' },
    ],
  });
  const store = await openStore(config.store.url);
  const comparator = createComparator({ config, store, logger: silent, flushMs: 50 });
  const { port, adminPort } = await comparator.listen();
  return { comparator, store, port, adminPort };
}

function mirror(port: number, path: string, method = 'GET', body?: string): Promise<{ status: number; body: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method, agent: false, headers: body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {} }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, ms: Date.now() - started }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function counters(store: OpenStore): Promise<Record<string, number>> {
  const rows = await store.knex('shadow_counters').where({ route_id: 'products' }).groupBy('name').select('name').sum({ n: 'value' });
  return Object.fromEntries((rows as { name: string; n: number }[]).map((r) => [r.name, Number(r.n)]));
}

describe('ficus compare', () => {
  const open: { comparator?: Comparator; store?: OpenStore; ups: ShopUpstream[] } = { ups: [] };
  afterEach(async () => {
    await open.comparator?.close();
    await open.store?.close();
    for (const u of open.ups) await u.close();
    open.ups = [];
  });

  it('meets a mirror flood with a bounded queue: every request answered at once, every drop counted', async () => {
    const monolith = await startShop();
    const service = await startShop({ hang: true }); // the candidate never answers
    open.ups.push(monolith, service);
    const { comparator, store, port } = await setup({ monolith, service, maxConcurrent: 2, maxQueue: 3, timeoutMs: 60_000 });
    Object.assign(open, { comparator, store });
    const answers = await Promise.all(Array.from({ length: 60 }, (_, i) => mirror(port, `/api/products/${i}`)));
    for (const a of answers) {
      expect(a.status).toBe(204);
      expect(a.body).toBe('');
    }
    // 2 comparisons wait on the candidate, 3 wait their turn; the other 55 are dropped, and counted.
    await expect.poll(async () => (await counters(store)).skipped_queue_full, { timeout: 10_000 }).toBe(55);
    expect(service.requests).toHaveLength(2);
    open.comparator = undefined;
    await comparator.close(); // the 5 held are let go as skipped_closing: a shutdown never waits for a hanging service
    const c = await counters(store);
    expect(c).toMatchObject({ skipped_queue_full: 55, skipped_closing: 5 });
    expect(c.compared ?? 0).toBe(0);
  });

  it('never asks the primary for a write again, and leaves routes not in shadow alone', async () => {
    const monolith = await startShop();
    const service = await startShop();
    open.ups.push(monolith, service);
    const { comparator, store, port } = await setup({ monolith, service });
    Object.assign(open, { comparator, store });
    expect((await mirror(port, '/api/products/3', 'POST', '{"qty":1}')).status).toBe(204);
    expect((await mirror(port, '/api/orders/3')).status).toBe(204);
    expect((await mirror(port, '/api/products/4')).status).toBe(204);
    await comparator.settle();
    expect(monolith.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /api/products/4']);
    expect(service.requests.map((r) => `${r.method} ${r.url} ${r.headers['x-ficus-shadow']}`)).toEqual(['GET /api/products/4 1']);
    const c = await counters(store);
    expect(c).toMatchObject({ skipped_write: 1, compared: 1 });
  });
});
