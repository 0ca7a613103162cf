// Shadow mode end to end: real upstreams on port 0, the real gateway (data plane, shadow plane,
// admin API) on a real SQLite store, traffic over HTTP, results read from the admin API.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { RouteDiffs } from '../../../gateway/admin/shadow-evidence.js';
import { createPgDatabase, pgTitle, pgUrl } from '../../support/pg.js';
import { request } from '../support/http-client.js';
import { startGateway, type RunningGateway } from '../support/start-gateway.js';
import { closedPort, product, sendJson, startUpstream, type Handler, type Upstream } from '../support/upstreams.js';

const TOKEN = 'shadow-test-token-0123456789';
const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

const idOf = (url: string) => Number(url.split('/')[3]?.split('?')[0]);
const monolithProducts: Handler = (req, res) => sendJson(res, product(idOf(req.url)));

async function up(handler: Handler): Promise<Upstream> {
  const u = await startUpstream(handler);
  open.push(u);
  return u;
}

async function startShadowGateway(monolith: Upstream, serviceUrl: string, shadow: object = {}, storeUrl?: string): Promise<RunningGateway> {
  const gw = await startGateway({
    monolith: { url: monolith.url },
    services: { catalog: { url: serviceUrl } },
    store: { url: storeUrl ?? `sqlite:${path.join(mkdtempSync(path.join(tmpdir(), 'ficus-shadow-gw-')), 'gw.db')}` },
    admin: { token: TOKEN },
    routes: [
      { id: 'products', match: { methods: ['GET', 'POST'], path: '/api/products/:id' }, service: 'catalog', mode: 'shadow', shadow: { noiseSample: 50, ...shadow } },
    ],
  });
  open.push(gw);
  return gw;
}

/** Reads the diffs API until `done` holds (shadow work and the batched writer are asynchronous by design). */
async function readDiffs(gw: RunningGateway, done: (d: RouteDiffs) => boolean): Promise<RouteDiffs> {
  const end = Date.now() + 15_000;
  for (;;) {
    const reply = await request(gw.adminPort, '/api/routes/products/diffs', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(reply.status).toBe(200);
    const diffs = reply.json<RouteDiffs>();
    if (done(diffs)) return diffs;
    if (Date.now() > end) throw new Error(`shadow results not complete in time: ${reply.body}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('shadow mode through the gateway', () => {
  it('answers from the monolith, and the diffs API shows the differing field with its count and the timestamp as noise', async () => {
    const monolith = await up(monolithProducts);
    const service = await up((req, res) => {
      const id = idOf(req.url);
      sendJson(res, { ...product(id), price: id % 4 === 0 ? -1 : id * 10 });
    });
    const gw = await startShadowGateway(monolith, service.url);
    for (let id = 1; id <= 40; id++) {
      const reply = await request(gw.port, `/api/products/${id}`);
      expect(reply.status).toBe(200);
      expect(reply.headers['x-ficus-backend']).toBe('monolith');
      expect(reply.json().price).toBe(id * 10);
    }
    const diffs = await readDiffs(gw, (d) => d.compared === 40);
    expect(diffs).toMatchObject({ route: 'products', compared: 40, mismatched: 10, matched: 30, matchRate: 0.75 });
    expect(diffs.fields.find((f) => f.path === '$.price')).toMatchObject({ kind: 'value', count: 10, noiseCount: 0, noise: false });
    expect(diffs.fields.find((f) => f.path === '$.generatedAt')).toMatchObject({ count: 40, noise: true });
    expect(service.seen.every((r) => r.headers['x-ficus-shadow'] === '1')).toBe(true);
  });

  it('sends the copy with the forwarding headers the monolith got, not the client\'s claims or hop-by-hop headers', async () => {
    const monolith = await up(monolithProducts);
    const service = await up(monolithProducts);
    const gw = await startShadowGateway(monolith, service.url, { noise: 'off' });
    const headers = { 'x-forwarded-for': '203.0.113.9', 'x-forwarded-proto': 'https', connection: 'keep-alive, x-private', 'x-private': 'hop', 'x-user-id': 'u1' };
    expect((await request(gw.port, '/api/products/3', { headers })).status).toBe(200);
    await readDiffs(gw, (d) => d.compared === 1);
    const primary = monolith.seen[0]!.headers;
    const copy = service.seen[0]!.headers;
    expect(primary).toMatchObject({ 'x-forwarded-for': '127.0.0.1', 'x-forwarded-proto': 'http', via: '1.1 ficus', 'x-user-id': 'u1' });
    for (const name of ['x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host', 'via', 'x-request-id', 'x-user-id']) expect(copy[name]).toBe(primary[name]);
    expect(copy['x-private']).toBeUndefined();
    expect(copy['x-ficus-shadow']).toBe('1');
  });

  it('never delays the client behind a slow service: every answer arrives before the service has answered its copy', async () => {
    const events: string[] = [];
    const monolith = await up(monolithProducts);
    const service = await up((req, res) =>
      setTimeout(() => {
        events.push(`service answered ${req.url}`);
        sendJson(res, product(idOf(req.url)));
      }, 200),
    );
    const gw = await startShadowGateway(monolith, service.url, { noise: 'off' });
    await Promise.all(
      [1, 2, 3].map(async (id) => {
        const reply = await request(gw.port, `/api/products/${id}`);
        expect(reply.status).toBe(200);
        events.push(`client answered /api/products/${id}`);
      }),
    );
    const clientDone = [...events];
    expect(clientDone.filter((e) => e.startsWith('client'))).toHaveLength(3);
    expect(clientDone.some((e) => e.startsWith('service'))).toBe(false);
    await readDiffs(gw, (d) => d.compared === 3); // the copies were answered and compared afterwards
  });

  it('answers every request while the service is a dead port, counts the shadow errors, then leaves the service alone', async () => {
    const monolith = await up(monolithProducts);
    const gw = await startShadowGateway(monolith, `http://127.0.0.1:${await closedPort()}`);
    for (let id = 1; id <= 20; id++) expect((await request(gw.port, `/api/products/${id}`)).status).toBe(200);
    const diffs = await readDiffs(gw, (d) => {
      const c = d.counters as Record<string, number>;
      return (c.errors_service ?? 0) + (c.skipped_service_down ?? 0) === 20;
    });
    const c = diffs.counters as Record<string, number>;
    expect(c.errors_service).toBeGreaterThanOrEqual(5); // the breaker opens after 5 failures in a row…
    expect(c.skipped_service_down).toBeGreaterThan(0); // …and later requests are not copied at all
    expect(diffs.compared).toBe(0);
    const metrics = (await request(gw.adminPort, '/metrics', { headers: { authorization: `Bearer ${TOKEN}` } })).body;
    expect(metrics).toContain(`ficus_shadow_total{route="products",result="errors_service"} ${c.errors_service}`);
    expect(metrics).toContain(`ficus_shadow_total{route="products",result="skipped_service_down"} ${c.skipped_service_down}`);
  });

  it('proxies POSTs and a 5 MB answer to the client without mirroring or comparing them', async () => {
    const big = JSON.stringify({ blob: 'z'.repeat(5 * 1024 * 1024) });
    const monolith = await up((req, res) => (req.url.endsWith('/big') ? sendJson(res, JSON.parse(big)) : sendJson(res, { posted: req.body })));
    const service = await up(monolithProducts);
    const gw = await startShadowGateway(monolith, service.url);
    const posted = await request(gw.port, '/api/products/1', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
    expect(posted.json()).toEqual({ posted: '{"a":1}' });
    const reply = await request(gw.port, '/api/products/big');
    expect(reply.body.length).toBe(big.length);
    const diffs = await readDiffs(gw, (d) => {
      const c = d.counters as Record<string, number>;
      return c.skipped_write === 1 && c.skipped_too_large === 1;
    });
    expect(diffs.compared).toBe(0);
    expect(service.seen).toHaveLength(0);
  });
});

const pgDbs: { drop: () => Promise<void> }[] = [];
afterAll(async () => {
  for (const d of pgDbs) await d.drop();
});

describe.skipIf(!pgUrl)(pgTitle('shadow results of a fleet on one PostgreSQL'), () => {
  it('sums what every replica compared, whichever replica is asked', async () => {
    const db = await createPgDatabase();
    pgDbs.push(db);
    const monolith = await up(monolithProducts);
    const service = await up((req, res) => {
      const id = idOf(req.url);
      sendJson(res, { ...product(id), price: id % 3 === 0 ? 0 : id * 10 });
    });
    const a = await startShadowGateway(monolith, service.url, { noise: 'off', ignore: ['$.generatedAt'] }, db.url);
    const b = await startShadowGateway(monolith, service.url, { noise: 'off', ignore: ['$.generatedAt'] }, db.url);
    for (let id = 1; id <= 12; id++) expect((await request((id % 2 ? a : b).port, `/api/products/${id}`)).status).toBe(200);
    for (const gw of [a, b]) {
      const diffs = await readDiffs(gw, (d) => d.compared === 12);
      expect(diffs).toMatchObject({ compared: 12, matched: 8, mismatched: 4 });
      expect(diffs.fields).toEqual([expect.objectContaining({ path: '$.price', count: 4, noise: false })]);
    }
  });
});
