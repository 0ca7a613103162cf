// The comparator on its own, with real upstreams on port 0: a mirror flood meets a bounded queue
// and a bounded body budget (drops counted where an operator looks: ficus diffs --json, /metrics;
// what it holds read from its own gauges, wave after wave), every mirrored request is answered at
// once with a bare empty 204, writes are never asked of the primary again, and requests no shadow
// route takes are left alone.
import http from 'node:http';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createComparator, type Comparator } from '../../../gateway/comparator/create-comparator.js';
import { assertValidConfig } from '../../../gateway/config/validate-config.js';
import { openStore, type OpenStore } from '../../../gateway/store/open-store.js';
import { runCli } from '../../support/cli.js';
import { attr, startReceiver } from '../support/otlp-receiver.js';
import { startShop, type ShopUpstream } from '../replay/shop-upstreams.js';

const silent = pino({ level: 'silent' });

async function setup(o: { service: ShopUpstream; monolith: ShopUpstream; maxConcurrent?: number; maxQueue?: number; timeoutMs?: number; maxCaptureBytes?: number; noise?: 'auto'; otlp?: string }) {
  const config = assertValidConfig({
    listen: { host: '127.0.0.1', port: 0 },
    admin: { host: '127.0.0.1', port: 0 },
    monolith: { url: o.monolith.url },
    services: { catalog: { url: o.service.url } },
    store: { url: 'sqlite::memory:' },
    ...(o.otlp ? { telemetry: { otlp: { url: o.otlp, serviceName: 'ficus-compare' } } } : {}),
    routes: [
      {
        id: 'products',
        match: { path: '/api/products/:id' },
        service: 'catalog',
        mode: 'shadow',
        shadow: { noise: o.noise ?? 'off', noiseSample: 100, maxConcurrent: o.maxConcurrent ?? 32, maxQueue: o.maxQueue ?? 32, timeoutMs: o.timeoutMs ?? 5000 },
      },
      { id: 'orders', match: { path: '/api/orders/:id' }, service: 'catalog', mode: 'monolith' },
    ],
  });
  const store = await openStore(config.store.url);
  const comparator = createComparator({ config, store, logger: silent, flushMs: 50, maxCaptureBytes: o.maxCaptureBytes });
  const { port, adminPort } = await comparator.listen();
  return { comparator, store, port, adminPort };
}

function mirror(port: number, path: string, method = 'GET', body?: string, extra: http.OutgoingHttpHeaders = {}): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method, agent: false, headers: { ...extra, ...(body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {}) } }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function counters(store: OpenStore): Promise<Record<string, number>> {
  const rows = await store.knex('shadow_counters').where({ route_id: 'products' }).groupBy('name').select('name').sum({ n: 'value' });
  return Object.fromEntries((rows as { name: string; n: number }[]).map((r) => [r.name, Number(r.n)]));
}

/** The comparator's own series for the route, read from its admin /metrics as a scraper would. */
async function scrape(adminPort: number): Promise<{ active: number; queued: number; heldBytes: number; total: (result: string) => number }> {
  const text = await (await fetch(`http://127.0.0.1:${adminPort}/metrics`)).text();
  const value = (re: RegExp) => Number(re.exec(text)?.[1] ?? NaN);
  return {
    active: value(/^ficus_shadow_jobs\{route="products",state="active"\} (\d+)$/m),
    queued: value(/^ficus_shadow_jobs\{route="products",state="queued"\} (\d+)$/m),
    heldBytes: value(/^ficus_shadow_held_bytes (\d+)$/m),
    total: (result) => value(new RegExp(`^ficus_shadow_total\\{route="products",result="${result}"\\} (\\d+)$`, 'm')),
  };
}

/** `ficus diffs products --json` against the comparator's admin API, as an operator runs it. */
async function diffsJson(adminPort: number): Promise<{ counters: Record<string, number> }> {
  const r = await runCli(['diffs', 'products', '--json', '--admin-url', `http://127.0.0.1:${adminPort}`], { timeoutMs: 120_000 });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

/** What a client could see in an answer: anything past the bare framing of an empty 204. */
function visible(a: { status: number; body: string; headers: http.IncomingHttpHeaders }): unknown {
  const extra = Object.keys(a.headers).filter((h) => !['date', 'connection', 'keep-alive', 'content-length'].includes(h));
  return { status: a.status, body: a.body, extra, length: a.headers['content-length'] };
}
const NOTHING = { status: 204, body: '', extra: [], length: '0' };

describe('ficus compare', { timeout: 180_000 }, () => {
  const open: { comparator?: Comparator; store?: OpenStore; ups: { close(): Promise<void> }[] } = { ups: [] };
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
    for (const a of answers) expect(visible(a)).toEqual(NOTHING);
    // 2 comparisons wait on the candidate, 3 wait their turn; the other 55 are dropped, and counted.
    await expect.poll(async () => (await counters(store)).skipped_queue_full, { timeout: 10_000 }).toBe(55);
    expect(service.requests).toHaveLength(2);
    open.comparator = undefined;
    await comparator.close(); // the 5 held are let go as skipped_closing: a shutdown never waits for a hanging service
    const c = await counters(store);
    expect(c).toMatchObject({ skipped_queue_full: 55, skipped_closing: 5 });
    expect(c.compared ?? 0).toBe(0);
  });

  it('holds no more than its queue and its budget through a flood: drops visible in ficus diffs --json and /metrics', async () => {
    const monolith = await startShop();
    const service = await startShop({ hang: true }); // a candidate slower than the flood
    open.ups.push(monolith, service);
    const { comparator, store, port, adminPort } = await setup({ monolith, service, maxConcurrent: 2, maxQueue: 3, timeoutMs: 60_000 });
    Object.assign(open, { comparator, store });
    let seen = { active: 0, queued: 0, heldBytes: 0 };
    for (let wave = 1; wave <= 3; wave++) {
      const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => mirror(port, `/api/products/${wave * 1000 + i}`)));
      for (const a of answers) expect(visible(a)).toEqual(NOTHING);
      await expect.poll(async () => (await scrape(adminPort)).total('skipped_queue_full'), { timeout: 10_000 }).toBe(wave * 100 - 5);
      const m = await scrape(adminPort);
      // Whatever the flood, the same 2 running and 3 waiting, and the bytes of the 2 primary answers held.
      expect({ active: m.active, queued: m.queued }).toEqual({ active: 2, queued: 3 });
      expect(m.heldBytes).toBeGreaterThan(0);
      expect(m.heldBytes).toBeLessThanOrEqual(2 * 1024);
      if (wave > 1) expect(m).toMatchObject(seen);
      seen = { active: m.active, queued: m.queued, heldBytes: m.heldBytes };
    }
    await expect.poll(async () => (await diffsJson(adminPort)).counters.skipped_queue_full, { timeout: 10_000, interval: 100 }).toBe(295);
    expect(service.requests).toHaveLength(2);
  });

  it('drops what its memory budget cannot hold as skipped_memory, counted in ficus diffs --json and /metrics', async () => {
    const monolith = await startShop();
    const service = await startShop({ hang: true });
    open.ups.push(monolith, service);
    // Room for one primary answer (~100 bytes) held while the candidate hangs, not two.
    const { comparator, store, port, adminPort } = await setup({ monolith, service, maxConcurrent: 2, maxQueue: 3, timeoutMs: 60_000, maxCaptureBytes: 150 });
    Object.assign(open, { comparator, store });
    const answers = await Promise.all(Array.from({ length: 5 }, (_, i) => mirror(port, `/api/products/${i + 1}`)));
    for (const a of answers) expect(visible(a)).toEqual(NOTHING);
    // One comparison holds its primary answer and waits on the candidate; the other four find the budget spent.
    await expect.poll(async () => (await scrape(adminPort)).total('skipped_memory'), { timeout: 10_000 }).toBe(4);
    const m = await scrape(adminPort);
    expect(m.heldBytes).toBeGreaterThan(0);
    expect(m.heldBytes).toBeLessThanOrEqual(150);
    expect({ active: m.active, queued: m.queued }).toEqual({ active: 1, queued: 0 });
    expect(monolith.requests).toHaveLength(5);
    expect(service.requests).toHaveLength(1);
    await expect.poll(async () => (await diffsJson(adminPort)).counters.skipped_memory, { timeout: 10_000, interval: 100 }).toBe(4);
  });

  it("exports the gateway's spans with telemetry.otlp: a SERVER span per mirrored request, a CLIENT span per call, each call's traceparent naming its span", async () => {
    const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
    const CALLER = '00f067aa0ba902b7';
    const receiver = await startReceiver();
    const monolith = await startShop();
    const service = await startShop();
    open.ups.push(monolith, service, receiver);
    const { comparator, store, port } = await setup({ monolith, service, noise: 'auto', otlp: receiver.url });
    Object.assign(open, { comparator, store });
    expect(visible(await mirror(port, '/api/products/4', 'GET', undefined, { traceparent: `00-${TRACE}-${CALLER}-01` }))).toEqual(NOTHING);
    expect(visible(await mirror(port, '/api/products/5', 'POST', '{"qty":1}'))).toEqual(NOTHING);
    await comparator.settle();
    open.comparator = undefined;
    await comparator.close(); // exports what is pending

    expect(receiver.services).toContain('ficus-compare');
    const servers = receiver.spans.filter((sp) => sp.kind === 2);
    const reasons = Object.fromEntries(servers.map((sp) => [String(attr(sp.attributes, 'ficus.reason')), sp]));
    expect(Object.keys(reasons).sort()).toEqual(['mirrored', 'skipped_write']);
    const server = reasons.mirrored;
    expect(server).toMatchObject({ traceId: TRACE, parentSpanId: CALLER, name: 'GET products' });
    expect(attr(server.attributes, 'http.response.status_code')).toBe(204);
    expect(reasons.skipped_write.traceId).not.toBe(TRACE); // a request that came without a traceparent starts its own trace

    const calls = receiver.spans.filter((sp) => sp.kind === 3);
    const byPurpose = Object.fromEntries(calls.map((sp) => [String(attr(sp.attributes, 'ficus.shadow.purpose')), sp]));
    expect(Object.keys(byPurpose).sort()).toEqual(['noise', 'primary', 'service']);
    for (const [purpose, sp] of Object.entries(byPurpose)) {
      expect(sp.traceId, purpose).toBe(TRACE);
      expect(sp.links?.map((l) => l.spanId), purpose).toEqual([server.spanId]);
      expect(attr(sp.attributes, 'ficus.backend'), purpose).toBe(purpose === 'service' ? 'service' : 'monolith');
      expect(attr(sp.attributes, 'ficus.outcome'), purpose).toBe('ok');
    }
    // Each upstream call carries its own span as the parent.
    expect(monolith.requests.map((q) => q.headers.traceparent).sort()).toEqual([`00-${TRACE}-${byPurpose.primary.spanId}-01`, `00-${TRACE}-${byPurpose.noise.spanId}-01`].sort());
    expect(service.requests.map((q) => q.headers.traceparent)).toEqual([`00-${TRACE}-${byPurpose.service.spanId}-01`]);
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
