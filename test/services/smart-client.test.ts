// The client against real servers on port 0: service:// names resolved from the environment, a registry
// file and a real gateway's admin API (each re-read when it changes), Retry-After with its cap, the
// circuit breaker, the concurrency bound, and outcomes in metrics.
import { afterEach, describe, expect, it } from 'vitest';
import http from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import { createServiceClient, createServiceRegistry } from '../../services/kit/client/index.js';
import { startGateway } from '../gateway/support/start-gateway.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Upstream {
  base: string;
  hits: { url: string; at: number }[];
  maxInFlight: number;
}

async function serve(handler: (req: http.IncomingMessage, res: http.ServerResponse, n: number) => void): Promise<Upstream> {
  const up: Upstream = { base: '', hits: [], maxInFlight: 0 };
  let inFlight = 0;
  const server = http.createServer((req, res) => {
    up.hits.push({ url: req.url!, at: performance.now() });
    inFlight += 1;
    up.maxInFlight = Math.max(up.maxInFlight, inFlight);
    res.on('close', () => (inFlight -= 1));
    req.resume();
    handler(req, res, up.hits.length);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanups.push(
    () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  );
  up.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return up;
}

const json = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));

describe('service:// names', () => {
  it('resolves FICUS_SERVICE_<NAME>_URL at every call, so a changed variable is followed', async () => {
    const a = await serve((_req, res) => json(res, 200, { from: 'a' }));
    const b = await serve((_req, res) => json(res, 200, { from: 'b' }));
    const env: Record<string, string | undefined> = { FICUS_SERVICE_ORDER_ITEMS_URL: a.base };
    const client = createServiceClient({ registry: createServiceRegistry({ env }) });
    expect((await client.get('service://order-items/api/items?x=1')).body).toEqual({ from: 'a' });
    expect(a.hits[0].url).toBe('/api/items?x=1');
    env.FICUS_SERVICE_ORDER_ITEMS_URL = b.base;
    expect((await client.get('service://order-items/api/items')).body).toEqual({ from: 'b' });
  });

  it('takes a service:// baseUrl, and answers unresolved (with the default) for a name nobody knows', async () => {
    const a = await serve((_req, res) => json(res, 200, { id: 1 }));
    const client = createServiceClient({ baseUrl: 'service://catalog', registry: createServiceRegistry({ env: { FICUS_SERVICE_CATALOG_URL: a.base } }) });
    expect(await client.get('/api/products/1')).toMatchObject({ ok: true, body: { id: 1 } });
    const lost = createServiceClient({ baseUrl: 'service://billing', registry: createServiceRegistry({ env: {} }), default: { invoices: [] } });
    const r = await lost.get('/api/invoices');
    expect(r).toMatchObject({ ok: false, outcome: 'unresolved', attempts: 0, fromDefault: true, body: { invoices: [] } });
    expect(r.error).toContain('FICUS_SERVICE_BILLING_URL');
  });

  it('reads a registry file (a gateway config works) and follows it when it is saved again', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ficus-registry-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const a = await serve((_req, res) => json(res, 200, { from: 'a' }));
    const b = await serve((_req, res) => json(res, 200, { from: 'b' }));
    const file = path.join(dir, 'ficus.gateway.yaml');
    writeFileSync(file, `monolith: { url: http://127.0.0.1:1 }\nservices:\n  catalog: { url: ${a.base}, timeoutMs: 900 }\n`);
    const client = createServiceClient({ registry: createServiceRegistry({ env: {}, file }) });
    expect((await client.get('service://catalog/x')).body).toEqual({ from: 'a' });
    writeFileSync(file, `services:\n  catalog:\n    url: ${b.base}\n`);
    expect((await client.get('service://catalog/x')).body).toEqual({ from: 'b' });
    writeFileSync(file, 'services: [ this is not'); // a broken save keeps the last good list
    expect((await client.get('service://catalog/x')).body).toEqual({ from: 'b' });
  });

  it("asks a real gateway's admin API (GET /api/services, with its token) and sees a reload", async () => {
    const a = await serve((_req, res) => json(res, 200, { from: 'a' }));
    const b = await serve((_req, res) => json(res, 200, { from: 'b' }));
    const gw = await startGateway({ monolith: { url: 'http://127.0.0.1:9' }, services: { catalog: { url: a.base } }, admin: { token: 'sekret-token-123' }, routes: [] });
    cleanups.push(() => gw.close());
    const admin = `http://127.0.0.1:${gw.adminPort}`;
    expect((await fetch(`${admin}/api/services`)).status).toBe(401);
    const listed = await (await fetch(`${admin}/api/services`, { headers: { authorization: 'Bearer sekret-token-123' } })).json();
    expect(listed).toEqual({
      services: [{ name: 'catalog', url: a.base, timeoutMs: 5000, balance: 'least-requests', instances: [{ url: a.base, state: 'healthy', inFlight: 0, ejections: 0, ejectedUntil: null }] }],
    });

    const client = createServiceClient({ registry: createServiceRegistry({ env: {}, gateway: { url: admin, token: 'sekret-token-123', refreshMs: 100 } }) });
    expect((await client.get('service://catalog/x')).body).toEqual({ from: 'a' });
    gw.gateway.reload({ ...gw.gateway.config(), services: { catalog: { ...gw.gateway.config().services.catalog, urls: [b.base] } } });
    await new Promise((r) => setTimeout(r, 150));
    await client.get('service://catalog/x'); // the stale list answers while the refresh runs
    await new Promise((r) => setTimeout(r, 100));
    expect((await client.get('service://catalog/x')).body).toEqual({ from: 'b' });
  });
});

describe('retries', () => {
  it('waits what Retry-After asks before retrying an idempotent call', async () => {
    const up = await serve((_req, res, n) => (n === 1 ? json(res, 503, { title: 'busy' }, { 'retry-after': '1' }) : json(res, 200, { ok: true })));
    const r = await createServiceClient({ baseUrl: up.base, backoffMs: 1 }).get('/x');
    expect(r).toMatchObject({ ok: true, attempts: 2 });
    expect(up.hits[1].at - up.hits[0].at).toBeGreaterThanOrEqual(950);
  });

  it('retries a 429 only when it says when, and gives up when Retry-After is past the cap', async () => {
    const up = await serve((_req, res) => json(res, 429, { title: 'slow down' }, { 'retry-after': '60' }));
    const r = await createServiceClient({ baseUrl: up.base, maxRetryAfterMs: 2000, default: 'later' }).get('/x');
    expect(r).toMatchObject({ ok: false, outcome: 'http_error', status: 429, attempts: 1, fromDefault: false }); // a 4xx is an answer
    expect(r.error).toContain('past the 2000 ms cap');
    expect(up.hits).toHaveLength(1);
    const bare = await serve((_req, res) => json(res, 429, { title: 'slow down' }));
    expect(await createServiceClient({ baseUrl: bare.base, backoffMs: 1 }).get('/x')).toMatchObject({ status: 429, attempts: 1 });
  });

  it('never retries a POST even when Retry-After says it may', async () => {
    const up = await serve((_req, res) => json(res, 503, {}, { 'retry-after': '0' }));
    expect(await createServiceClient({ baseUrl: up.base }).post('/orders', { body: {} })).toMatchObject({ outcome: 'http_error', status: 503, attempts: 1 });
    expect(up.hits).toHaveLength(1);
  });
});

describe('circuit breaker', () => {
  it('opens after repeated failures (calls answer circuit_open with the default, unsent), probes after openMs, closes on success', async () => {
    let healthy = false;
    const up = await serve((_req, res) => (healthy ? json(res, 200, { ok: 1 }) : json(res, 500, {})));
    const client = createServiceClient({ baseUrl: up.base, retries: 0, breaker: { failures: 3, openMs: 300 }, default: { cached: true } });
    for (let i = 0; i < 3; i++) expect(await client.get('/x')).toMatchObject({ outcome: 'http_error', status: 500, fromDefault: true });
    const open = await client.get('/x');
    expect(open).toMatchObject({ ok: false, outcome: 'circuit_open', attempts: 0, fromDefault: true, body: { cached: true } });
    expect(up.hits).toHaveLength(3);
    await new Promise((r) => setTimeout(r, 350));
    expect(await client.get('/x')).toMatchObject({ outcome: 'http_error' }); // the probe fails: open again
    expect(await client.get('/x')).toMatchObject({ outcome: 'circuit_open' });
    expect(up.hits).toHaveLength(4);
    healthy = true;
    await new Promise((r) => setTimeout(r, 350));
    expect(await client.get('/x')).toMatchObject({ ok: true, body: { ok: 1 } });
    expect(await client.get('/x')).toMatchObject({ ok: true });
  });

  it('keeps one breaker per service: a failing one does not stop calls to another', async () => {
    const bad = await serve((_req, res) => json(res, 500, {}));
    const good = await serve((_req, res) => json(res, 200, { ok: 1 }));
    const client = createServiceClient({ retries: 0, breaker: { failures: 2, openMs: 10_000 }, registry: createServiceRegistry({ env: { FICUS_SERVICE_BAD_URL: bad.base, FICUS_SERVICE_GOOD_URL: good.base } }) });
    await client.get('service://bad/x');
    await client.get('service://bad/x');
    expect(await client.get('service://bad/x')).toMatchObject({ outcome: 'circuit_open' });
    expect(await client.get('service://good/x')).toMatchObject({ ok: true });
  });
});

describe('concurrency bound', () => {
  it('sends at most maxConcurrent calls at once, queues maxQueue, refuses the rest as queue_full', async () => {
    const up = await serve((_req, res) => setTimeout(() => json(res, 200, { ok: 1 }), 200));
    const client = createServiceClient({ baseUrl: up.base, maxConcurrent: 2, maxQueue: 2 });
    const results = await Promise.all(Array.from({ length: 6 }, () => client.get('/slow')));
    expect(results.map((r) => r.outcome).sort()).toEqual(['ok', 'ok', 'ok', 'ok', 'queue_full', 'queue_full']);
    expect(up.maxInFlight).toBe(2);
    expect(up.hits).toHaveLength(4);
  });
});

describe('outcomes as metrics and data', () => {
  it('counts every call by service, method and outcome on the given registry, and reports each to onOutcome', async () => {
    const up = await serve((req, res) => (req.url === '/ok' ? json(res, 200, {}) : json(res, 404, {})));
    const registry = new Registry();
    const seen: string[] = [];
    const client = createServiceClient({
      registry: createServiceRegistry({ env: { FICUS_SERVICE_CATALOG_URL: up.base } }),
      metrics: registry,
      onOutcome: ({ service, method, result }) => seen.push(`${service} ${method} ${result.outcome}`),
    });
    await client.get('service://catalog/ok');
    await client.get('service://catalog/missing');
    await client.get('service://nowhere/x');
    const text = await registry.metrics();
    expect(text).toContain('ficus_client_calls_total{service="catalog",method="GET",outcome="ok"} 1');
    expect(text).toContain('ficus_client_calls_total{service="catalog",method="GET",outcome="http_error"} 1');
    expect(text).toContain('ficus_client_calls_total{service="nowhere",method="GET",outcome="unresolved"} 1');
    expect(text).toMatch(/ficus_client_call_duration_seconds_count\{service="catalog",outcome="ok"\} 1/);
    expect(seen).toEqual(['catalog GET ok', 'catalog GET http_error', 'nowhere GET unresolved']);
  });
});
