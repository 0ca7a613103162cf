// Shadow evidence with a window and an epoch, end to end: a service that was broken and then fixed
// is promotable without --force once its new version (or an explicit reset) has clean evidence;
// a slower service is refused with the numbers; a flapping version header is said and refused.
import { afterEach, describe, expect, it } from 'vitest';
import { startGateway, type RunningGateway } from '../support/start-gateway.js';
import { sendJson, startUpstream, type Upstream } from '../support/upstreams.js';
import { adminCall } from './admin-fixture.js';

const TOKEN = 'evidence-test-token-0123456789';
const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

interface ServiceBehaviour {
  price: (id: number) => number;
  version?: () => string | undefined;
  delayMs?: number;
}

async function startPair(behaviour: ServiceBehaviour, guard: Record<string, unknown> = {}, clock?: { now: number }) {
  const monolith = await startUpstream((req, res) => sendJson(res, { id: Number(req.url.split('/')[3]), price: 10 }));
  const service = await startUpstream((req, res) => {
    const id = Number(req.url.split('/')[3]);
    const version = behaviour.version?.();
    const answer = () => sendJson(res, { id, price: behaviour.price(id) }, version ? { 'x-service-version': version } : {});
    if (behaviour.delayMs) setTimeout(answer, behaviour.delayMs);
    else answer();
  });
  const gw = await startGateway(
    {
      monolith: { url: monolith.url },
      services: { catalog: { url: service.url } },
      admin: { token: TOKEN },
      routes: [
        {
          id: 'products',
          match: { methods: ['GET'], path: '/api/products/:id' },
          service: 'catalog',
          mode: 'shadow',
          shadow: { noise: 'off' },
          guard: { promote: { minSamples: 20, minMatchRate: 0.95, ...guard } },
        },
      ],
    },
    clock ? { now: () => clock.now } : {},
  );
  open.push(monolith, service, gw);
  return { monolith, service, gw, admin: `http://127.0.0.1:${gw.adminPort}` };
}

async function send(gw: RunningGateway, n: number, from = 0): Promise<void> {
  for (let i = from; i < from + n; i++) {
    const res = await fetch(`http://127.0.0.1:${gw.port}/api/products/${i}`);
    expect(res.status).toBe(200);
    await res.arrayBuffer();
  }
}

/** Reads the diffs until `done` (the shadow plane writes asynchronously, once a second). */
async function diffsWhen(admin: string, done: (d: any) => boolean): Promise<any> {
  const end = Date.now() + 15_000;
  for (;;) {
    const { body } = await adminCall(admin, 'GET', '/api/routes/products/diffs', TOKEN);
    if (done(body)) return body;
    if (Date.now() > end) throw new Error(`diffs not as expected in time: ${JSON.stringify(body)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const promote = (admin: string) => adminCall(admin, 'PATCH', '/api/routes/products', TOKEN, { mode: 'canary', percent: 10 });

describe('promote guard evidence: window and epoch', () => {
  it('a broken-then-fixed service that names its version is promotable on the new version, all-time totals beside', async () => {
    const s: ServiceBehaviour = { price: () => 11, version: () => 'v1' };
    const { gw, admin } = await startPair(s);
    await send(gw, 25);
    await diffsWhen(admin, (d) => d.compared >= 25);
    expect((await promote(admin)).status).toBe(409);

    s.price = () => 10; // the fix, deployed as v2
    s.version = () => 'v2';
    await send(gw, 25, 100);
    const d = await diffsWhen(admin, (x) => x.epoch.version === 'v2' && x.compared >= 25);
    expect(d).toMatchObject({ compared: 25, matched: 25, matchRate: 1, epoch: { cause: 'version', version: 'v2', flapping: false }, fields: [] });
    expect(d.allTime).toMatchObject({ compared: 50, matched: 25, matchRate: 0.5 });
    expect(d.allTime.fields).toContainEqual(expect.objectContaining({ path: '$.price', count: 25, noise: false }));

    const ok = await promote(admin);
    expect(ok.status).toBe(200);
    expect(ok.body.event).toMatchObject({ action: 'cutover', forced: false, evidence: { compared: 25, matchRate: 1, epoch: { version: 'v2' } } });
  });

  it('without a version header, POST /evidence/reset starts a new epoch (audited) and the fixed service is promotable', async () => {
    const s: ServiceBehaviour = { price: () => 11 };
    const { gw, admin } = await startPair(s);
    await send(gw, 25);
    await diffsWhen(admin, (d) => d.compared >= 25);
    s.price = () => 10;
    await send(gw, 25, 100);
    await diffsWhen(admin, (d) => d.compared >= 50);
    const refused = await promote(admin);
    expect(refused.status).toBe(409);
    expect(refused.body.shortfalls).toContainEqual({ metric: 'matchRate', required: 0.95, actual: 0.5 });

    const reset = await adminCall(admin, 'POST', '/api/routes/products/evidence/reset', TOKEN, { reason: 'v2 deployed' });
    expect(reset.status).toBe(200);
    expect(reset.body.event).toMatchObject({ action: 'evidence-reset', who: 'admin', why: 'v2 deployed' });
    await diffsWhen(admin, (d) => d.epoch.cause === 'reset' && d.compared === 0 && d.allTime.compared === 50);
    expect((await promote(admin)).body.shortfalls).toContainEqual({ metric: 'samples', required: 20, actual: 0 });

    await send(gw, 20, 200);
    await diffsWhen(admin, (d) => d.compared >= 20);
    expect((await promote(admin)).status).toBe(200);
    const events = await adminCall(admin, 'GET', '/api/events?route=products', TOKEN);
    expect(events.body.events.map((e: { action: string }) => e.action)).toEqual(['cutover', 'refused', 'evidence-reset', 'refused']);

    const unknown = await adminCall(admin, 'POST', '/api/routes/nope/evidence/reset', TOKEN, {});
    expect(unknown).toMatchObject({ status: 404, body: { code: 'FICUS_ADMIN_UNKNOWN_ROUTE' } });
  });

  it('guard.promote.window judges only the last comparisons (whole 10 s buckets)', async () => {
    const clock = { now: Date.now() };
    const s: ServiceBehaviour = { price: () => 11 };
    const { gw, admin } = await startPair(s, { window: 20 }, clock);
    await send(gw, 25);
    await diffsWhen(admin, (d) => d.compared >= 25);
    clock.now += 20_000; // later buckets
    s.price = () => 10;
    await send(gw, 25, 100);
    const d = await diffsWhen(admin, (x) => x.allTime.compared >= 50);
    expect(d).toMatchObject({ compared: 25, matchRate: 1, window: { setting: 20 } });
    expect((await promote(admin)).status).toBe(200);
  });

  it('records both durations per pair and refuses a slower service with the p95 numbers', async () => {
    const { gw, admin } = await startPair({ price: () => 10, delayMs: 150 }, { maxLatencyRatio: 1.2 });
    await send(gw, 25);
    const d = await diffsWhen(admin, (x) => x.compared >= 25);
    expect(d.latency.service.count).toBe(25);
    expect(d.latency.monolith.count).toBe(25);
    expect(d.latency.service.p95).toBeGreaterThanOrEqual(150);
    expect(d.latency.ratio.p95).toBeGreaterThan(1.2);
    const refused = await promote(admin);
    expect(refused.status).toBe(409);
    expect(refused.body.shortfalls).toEqual([{ metric: 'latencyRatio', required: 1.2, actual: d.latency.ratio.p95 }]);
    expect(refused.body.detail).toContain('p95 latency ratio');
  });

  it('a version header that changes on every answer is called flapping and refused', async () => {
    let n = 0;
    const { gw, admin } = await startPair({ price: () => 10, version: () => `build-${n++}` });
    for (let round = 0; round < 6; round++) {
      await send(gw, 5, round * 10);
      await new Promise((r) => setTimeout(r, 1100)); // one flush: at most one epoch per route and flush
    }
    await send(gw, 25, 100);
    const d = await diffsWhen(admin, (x) => x.epoch.flapping && x.allTime.compared >= 55);
    expect(d.epoch.recentVersionEpochs).toBeGreaterThan(3);
    const refused = await promote(admin);
    expect(refused.status).toBe(409);
    expect(refused.body.shortfalls).toContainEqual({ metric: 'epoch', required: 'one service version', actual: 'version header flapping' });
  });
});

describe('evidence config', () => {
  it('refuses a window of 0, a bad duration and a non-positive latency ratio, each at its path', async () => {
    const { validateConfig } = await import('../../../gateway/config/validate-config.js');
    const result = validateConfig({
      monolith: { url: 'http://127.0.0.1:9' },
      services: { s: { url: 'http://127.0.0.1:9' } },
      routes: [
        { id: 'a', match: { path: '/a' }, service: 's', guard: { promote: { window: 0 } } },
        { id: 'b', match: { path: '/b' }, service: 's', guard: { promote: { window: 'soon', maxLatencyRatio: 0 } } },
      ],
    });
    expect(result.ok).toBe(false);
    const paths = result.ok ? [] : result.problems.map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['routes[0].guard.promote.window', 'routes[1].guard.promote.window', 'routes[1].guard.promote.maxLatencyRatio']));
  });
});
