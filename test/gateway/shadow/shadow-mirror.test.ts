// The mirror tap driven directly over real HTTP exchanges (as the data plane calls it), against
// real upstreams on port 0 and a real SQLite store, read back the way the admin API reads it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { gatewayConfigSchema, type GatewayConfig } from '../../../gateway/config/schema.js';
import { createShadowMirror, type ShadowMirror } from '../../../gateway/shadow/create-shadow-mirror.js';
import { openStore, type OpenStore } from '../../../gateway/store/open-store.js';
import { readRouteDiffs } from '../../../gateway/admin/shadow-evidence.js';
import { createShadowWriter, type ShadowWriter } from '../../../gateway/shadow/shadow-writer.js';
import { driveExchange } from './drive-tap.js';
import { closedPort, product, sendJson, startUpstream, type Handler, type Upstream } from '../support/upstreams.js';
import { pino } from 'pino';
import { createServicePools } from '../../../gateway/upstream/service-pools.js';

interface Rig {
  monolith: Upstream;
  service: Upstream;
  config: GatewayConfig;
  mirror: ShadowMirror;
  writer: ShadowWriter;
  store: OpenStore;
  /** Waits for shadow jobs, flushes, reads the route's diffs. */
  diffs(): ReturnType<typeof readRouteDiffs>;
}

const rigs: Rig[] = [];
afterEach(async () => {
  for (const r of rigs.splice(0)) {
    await r.mirror.close();
    await r.writer.close();
    await r.store.close();
    await r.monolith.close();
    await r.service.close();
  }
});

const idOf = (url: string) => Number(url.split('/')[3]?.split('?')[0] ?? 0);
const monolithProducts: Handler = (req, res) => sendJson(res, product(idOf(req.url)));

async function startRig(opts: { shadow?: object; service?: Handler; monolith?: Handler; serviceUrl?: string; rng?: () => number; maxCaptureBytes?: number }): Promise<Rig> {
  const monolith = await startUpstream(opts.monolith ?? monolithProducts);
  const service = await startUpstream(opts.service ?? monolithProducts);
  const config = gatewayConfigSchema.parse({
    monolith: { url: monolith.url },
    services: { catalog: { url: opts.serviceUrl ?? service.url } },
    routes: [{ id: 'products', match: { path: '/api/products/:id' }, service: 'catalog', mode: 'shadow', shadow: { noiseSample: 100, ...opts.shadow } }],
  });
  const store = await openStore(`sqlite:${path.join(mkdtempSync(path.join(tmpdir(), 'ficus-mirror-')), 'gw.db')}`);
  const writer = createShadowWriter({ knex: store.knex, replicaId: 'test', flushMs: 60_000 });
  const pools = createServicePools({ logger: pino({ level: 'silent' }) });
  pools.sync(config.services);
  const mirror = createShadowMirror({ config: () => config, pools, writer, rng: opts.rng, maxCaptureBytes: opts.maxCaptureBytes });
  const rig: Rig = {
    monolith,
    service,
    config,
    mirror,
    writer,
    store,
    diffs: async () => {
      await mirror.idle();
      await writer.flush();
      return readRouteDiffs(store, 'products', { thresholds: config.routes[0].shadow.thresholds });
    },
  };
  rigs.push(rig);
  return rig;
}

const get = (rig: Rig, url: string, headers?: Record<string, string>) => driveExchange(rig.mirror.hooks, rig.config, 'products', { url, headers });

describe('shadow mirror', () => {
  it('catches a field that differs on some ids, at its path, with the right count, and learns the timestamp is noise', async () => {
    const rig = await startRig({
      service: (req, res) => {
        const id = Number(req.url.split('/')[3]);
        sendJson(res, { ...product(id), price: id % 5 === 0 ? id * 10 + 1 : id * 10 });
      },
    });
    for (let id = 1; id <= 20; id++) expect((await get(rig, `/api/products/${id}`)).status).toBe(200);
    const diffs = await rig.diffs();
    expect(diffs).toMatchObject({ compared: 20, matched: 16, mismatched: 4, matchRate: 0.8, noiseCompared: 20 });
    const price = diffs.fields.find((f) => f.path === '$.price');
    expect(price).toMatchObject({ kind: 'value', count: 4, noiseCount: 0, noise: false });
    expect(price?.examples.length).toBeGreaterThan(0);
    for (const e of price?.examples ?? []) {
      const id = Number(e.request.url.split('/')[3]);
      expect(id % 5).toBe(0);
      expect(e).toMatchObject({ at: '$.price', left: id * 10, right: id * 10 + 1, request: { method: 'GET' }, monolith: { status: 200 } });
    }
    expect(diffs.fields.find((f) => f.path === '$.generatedAt')).toMatchObject({ count: 20, noiseCount: 20, noise: true });
  });

  it('never counts ignored paths', async () => {
    const rig = await startRig({ shadow: { ignore: ['$.generatedAt'] } });
    for (let id = 1; id <= 5; id++) await get(rig, `/api/products/${id}`);
    const diffs = await rig.diffs();
    expect(diffs).toMatchObject({ compared: 5, matched: 5, strictMatched: 5, fields: [] });
  });

  it('sends the same method, path, query and body with x-ficus-shadow: 1 and no hop-by-hop headers', async () => {
    const rig = await startRig({});
    await driveExchange(rig.mirror.hooks, rig.config, 'products', {
      method: 'OPTIONS',
      url: '/api/products/7?view=full&x=%20y',
      headers: { connection: 'keep-alive, x-private', 'x-private': 'hop', 'keep-alive': 'timeout=5', 'x-user-id': 'u1' },
      body: 'hello',
    });
    await rig.mirror.idle();
    const copy = rig.service.seen.find((r) => r.headers['x-ficus-shadow'] === '1');
    expect(copy).toMatchObject({ method: 'OPTIONS', url: '/api/products/7?view=full&x=%20y', body: 'hello' });
    expect(copy?.headers).toMatchObject({ 'x-user-id': 'u1', host: 'shop.test', 'content-length': '5' });
    expect(copy?.headers['x-private']).toBeUndefined();
    expect(copy?.headers['keep-alive']).toBeUndefined();
  });

  it('does not mirror writes unless the route allows them', async () => {
    const rig = await startRig({});
    await driveExchange(rig.mirror.hooks, rig.config, 'products', { method: 'POST', url: '/api/products/1', body: '{"q":1}' });
    const diffs = await rig.diffs();
    expect(rig.service.seen).toHaveLength(0);
    expect(diffs.counters).toMatchObject({ skipped_write: 1 });
    expect(diffs.compared).toBe(0);

    const writes = await startRig({ shadow: { allowWrites: true } });
    await driveExchange(writes.mirror.hooks, writes.config, 'products', { method: 'POST', url: '/api/products/1', body: '{"q":1}' });
    await writes.mirror.idle();
    expect(writes.service.seen.map((r) => [r.method, r.body])).toEqual([['POST', '{"q":1}']]);
    expect(writes.monolith.seen).toHaveLength(1); // a write is never sent twice to the monolith for noise
  });

  it('proxies a body over the cap normally but does not compare it', async () => {
    const big = 'x'.repeat(5 * 1024 * 1024);
    const rig = await startRig({ monolith: (_req, res) => sendJson(res, { big }) });
    const answer = await get(rig, '/api/products/1');
    expect(answer.body.length).toBe(big.length + 10);
    const diffs = await rig.diffs();
    expect(diffs.counters).toMatchObject({ skipped_too_large: 1 });
    expect(diffs.compared).toBe(0);
    expect(rig.service.seen).toHaveLength(0);
  });

  it('counts a service answer over the cap as too large', async () => {
    const rig = await startRig({ shadow: { bodyCapBytes: 1024 }, service: (_req, res) => sendJson(res, { big: 'y'.repeat(4096) }) });
    await get(rig, '/api/products/1');
    expect((await rig.diffs()).counters).toMatchObject({ skipped_too_large: 1 });
  });

  it('stops holding bodies past the gateway-wide budget, counted, and holds them again once jobs are done', async () => {
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const rig = await startRig({
      maxCaptureBytes: Math.floor(JSON.stringify(product(1)).length * 2.5), // two answers fit, not three
      shadow: { noise: 'off' },
      service: (req, res) => void gate.then(() => sendJson(res, product(idOf(req.url)))),
    });
    for (let id = 1; id <= 3; id++) expect((await get(rig, `/api/products/${id}`)).status).toBe(200);
    release();
    await rig.mirror.idle();
    await get(rig, '/api/products/4');
    const diffs = await rig.diffs();
    expect(diffs.counters).toMatchObject({ skipped_memory: 1 });
    expect(diffs.compared).toBe(3);
  });

  it('closes without waiting for a copy in flight, counting it as cut short by the shutdown', async () => {
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const rig = await startRig({ shadow: { noise: 'off' }, service: (req, res) => void gate.then(() => sendJson(res, product(1))) });
    await get(rig, '/api/products/1');
    while (rig.service.seen.length === 0) await new Promise((r) => setTimeout(r, 5));
    await rig.mirror.close(); // resolves while the service still holds its answer back
    release();
    await rig.writer.flush();
    const diffs = await readRouteDiffs(rig.store, 'products');
    expect(diffs.counters).toMatchObject({ skipped_closing: 1 });
    expect(diffs.counters.errors_service).toBeUndefined();
    expect(diffs.compared).toBe(0);
  });

  it('samples fractions of a percent with the injected rng', async () => {
    const draws = [0.001, 0.5, 0.004, 0.0049, 0.006, 0.9];
    const rig = await startRig({ shadow: { sample: 0.5, noise: 'off' }, rng: () => draws.shift() ?? 0.99 });
    for (let i = 0; i < 6; i++) await get(rig, `/api/products/${i + 1}`);
    const diffs = await rig.diffs();
    expect(diffs.compared).toBe(3); // 0.1, 0.4 and 0.49 are below 0.5 (percent)
    expect(diffs.counters.skipped_sample).toBe(3);
  });

  it('counts a dead service as a service error and still answers the client', async () => {
    const rig = await startRig({ serviceUrl: `http://127.0.0.1:${await closedPort()}` });
    expect(await get(rig, '/api/products/3')).toMatchObject({ status: 200 });
    const diffs = await rig.diffs();
    expect(diffs.counters).toMatchObject({ errors_service: 1 });
    expect(diffs.compared).toBe(0);
  });

  it('times out a slow service and counts it', async () => {
    const rig = await startRig({ shadow: { timeoutMs: 50 }, service: (req, res) => setTimeout(() => sendJson(res, product(1)), 1000) });
    await get(rig, '/api/products/1');
    expect((await rig.diffs()).counters).toMatchObject({ errors_service: 1, errors_service_timeout: 1 });
  });

  it('drops what does not fit in the queue, counted, while earlier jobs finish', async () => {
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const rig = await startRig({
      shadow: { maxConcurrent: 1, maxQueue: 1, noise: 'off' },
      service: (req, res) => void gate.then(() => sendJson(res, product(Number(req.url.split('/')[3])))),
    });
    for (let id = 1; id <= 4; id++) expect((await get(rig, `/api/products/${id}`)).status).toBe(200); // none waits for the service
    release();
    const diffs = await rig.diffs();
    expect(diffs.counters).toMatchObject({ skipped_queue_full: 2 });
    expect(diffs.compared).toBe(2);
  });

  it('a queue replaced by a reload (new maxConcurrent) is still drained by close(): nothing of it runs afterwards', async () => {
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const rig = await startRig({
      shadow: { maxConcurrent: 1, maxQueue: 1, noise: 'off' },
      service: (req, res) => void gate.then(() => sendJson(res, product(Number(req.url.split('/')[3])))),
    });
    await get(rig, '/api/products/1'); // runs, held by the service
    await get(rig, '/api/products/2'); // waits in the route's queue
    const reloaded = structuredClone(rig.config);
    reloaded.routes[0].shadow.maxConcurrent = 2;
    await driveExchange(rig.mirror.hooks, reloaded, 'products', { url: '/api/products/3' }); // a new queue for the new limits
    await vi.waitFor(() => expect(rig.service.seen.length).toBe(2));
    const closed = rig.mirror.close();
    release();
    await closed;
    await new Promise((resolve) => setTimeout(resolve, 200)); // room for a job that escaped close() to start
    expect(rig.service.seen.map((r) => r.url)).toEqual(['/api/products/1', '/api/products/3']); // the waiting copy was dropped, not sent after close
    await rig.writer.flush();
    const diffs = await readRouteDiffs(rig.store, 'products');
    expect(diffs.counters).toMatchObject({ skipped_closing: 3 });
    expect(diffs.compared).toBe(0);
  });

  it('never writes secrets to the store', async () => {
    const secrets = ['Bearer s3cr3t-token', 'sid=cookie-secret', 'set-cookie-secret', 'alice@example.com', 'q-secret-token', 'body-password'];
    const user = (email: string) => ({ id: 1, email, password: 'body-password', price: 1 });
    const rig = await startRig({
      shadow: { redact: ['$.email', '$..password'], headers: ['set-cookie'] },
      monolith: (_req, res) => sendJson(res, user('alice@example.com'), { 'set-cookie': 'sid=set-cookie-secret' }),
      service: (_req, res) => sendJson(res, { ...user('alice@example.com'), email: 'other@example.com', price: 2 }, { 'set-cookie': 'sid=set-cookie-secret-2' }),
    });
    await get(rig, '/api/products/1?access_token=q-secret-token&page=2', { authorization: 'Bearer s3cr3t-token', cookie: 'sid=cookie-secret' });
    const diffs = await rig.diffs();
    expect(diffs.fields.map((f) => f.path).sort()).toEqual(['$.email', '$.price', 'headers.set-cookie']);
    const rows = JSON.stringify(await rig.store.knex('shadow_examples').select());
    expect(rows).toContain('[redacted]');
    expect(rows).toContain('page=2');
    for (const s of secrets) expect(rows).not.toContain(s);
  });
});
