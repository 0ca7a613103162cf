// Automatic rollback with real traffic through a live gateway and an injected clock: it fires when
// the service's error rate exceeds guard.rollback.maxErrorRate over the window with enough requests,
// and not at or below it; the event and an error-level log line say why.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE, adminCall, sendTraffic, startScenario, stopScenario, type LiveGateway, type Upstream } from './admin-fixture.js';
import { waitFor } from '../support/wait-for.js';

async function readEvents(live: LiveGateway): Promise<Array<Record<string, any>>> {
  return (await adminCall(live.adminUrl, 'GET', '/api/events?route=catalog-products', ALICE)).body.events;
}

// The rollback is written off the request path; wait (bounded) until the store has it.
async function waitForAction(live: LiveGateway, action: string): Promise<Record<string, any> | undefined> {
  await waitFor(async () => (await readEvents(live)).some((e) => e.action === action), 10_000, 50);
  return (await readEvents(live)).find((e) => e.action === action);
}

describe('automatic rollback', () => {
  let monolith: Upstream;
  let service: Upstream;
  let live: LiveGateway;
  const ok = (n: number) => sendTraffic(live.url, n, (i) => `/api/products/${i}`);
  const failing = (n: number) => sendTraffic(live.url, n, (i) => `/api/products/${i}-fail`);

  beforeAll(async () => {
    ({ monolith, service, live } = await startScenario({
      serviceStatus: (url) => (url.endsWith('-fail') ? 503 : 200),
      guard: { promote: { minSamples: 1000, minMatchRate: 0.99 }, rollback: { maxErrorRate: 0.2, windowS: 60, minRequests: 10, to: 'shadow' } },
    }));
    expect((await adminCall(live.adminUrl, 'PATCH', '/api/routes/catalog-products', ALICE, { mode: 'service', force: true })).status).toBe(200);
  });
  afterAll(() => stopScenario({ monolith, service, live }));

  it('does not fire at the threshold, nor below minRequests', async () => {
    await ok(8);
    expect(await failing(2)).toEqual([503, 503]); // 2 of 10 = 0.2: at maxErrorRate, not above
    const { body } = await adminCall(live.adminUrl, 'GET', '/api/routes/catalog-products', ALICE);
    expect(body).toMatchObject({ mode: 'service', errorRate: 0.2, window: { requests: 10, failures: 2, seconds: 60 } });

    live.clock.now += 61_000; // the window slides past those ten requests
    await failing(9); // 100% failing, but only 9 requests: below minRequests
    const after = await adminCall(live.adminUrl, 'GET', '/api/routes/catalog-products', ALICE);
    expect(after.body).toMatchObject({ mode: 'service', errorRate: 1, window: { requests: 9 } });
    expect((await readEvents(live)).some((e) => e.action === 'auto-rollback')).toBe(false);
  });

  it('fires above the threshold: back to guard.rollback.to, audited, logged at error level', async () => {
    await failing(1); // the tenth request in the window: 10 of 10 failed
    const event = await waitForAction(live, 'auto-rollback');
    expect(event).toMatchObject({ who: 'ficus (auto-rollback)', from: { mode: 'service' }, to: { mode: 'shadow' }, evidence: { requests: 10, failures: 10, errorRate: 1 } });
    expect(event?.why).toMatch(/error rate 1\.000 .*10 of 10.* exceeded maxErrorRate 0\.2/);
    const log = live.logs.find((l) => l.level === 50 && String(l.msg).includes('automatic rollback of catalog-products'));
    expect(log).toMatchObject({ routeId: 'catalog-products', errorRate: 1 });

    const monolithBefore = monolith.hits();
    const res = await fetch(`${live.url}/api/products/7-fail`, { headers: { 'x-user-id': 'u7' } });
    expect(res.status).toBe(200); // the monolith answers again
    expect(((await res.json()) as { from: string }).from).toBe('monolith');
    expect(monolith.hits()).toBeGreaterThan(monolithBefore);
    const { body } = await adminCall(live.adminUrl, 'GET', '/api/routes/catalog-products', ALICE);
    expect(body).toMatchObject({ mode: 'shadow', source: 'runtime', updatedBy: 'ficus (auto-rollback)' });
  });

  it('starts a fresh window when the route is promoted again', async () => {
    await adminCall(live.adminUrl, 'PATCH', '/api/routes/catalog-products', ALICE, { mode: 'service', force: true, reason: 'fixed' });
    await failing(1);
    const { body } = await adminCall(live.adminUrl, 'GET', '/api/routes/catalog-products', ALICE);
    expect(body).toMatchObject({ mode: 'service', window: { requests: 1, failures: 1 } });
    expect((await readEvents(live)).filter((e) => e.action === 'auto-rollback')).toHaveLength(1);
  });
});

describe('automatic rollback while the store is down', () => {
  let monolith: Upstream;
  let service: Upstream;
  let live: LiveGateway;

  beforeAll(async () => {
    ({ monolith, service, live } = await startScenario({ serviceStatus: () => 503 }));
    expect((await adminCall(live.adminUrl, 'PATCH', '/api/routes/catalog-products', ALICE, { mode: 'service', force: true })).status).toBe(200);
  });
  afterAll(() => stopScenario({ monolith, service, live }));

  it('takes the failing service out of this replica at once, and writes the rollback when the store is back', async () => {
    await live.store.knex.raw('ALTER TABLE ficus_route_state RENAME TO ficus_route_state_away'); // the store refuses writes
    expect(await sendTraffic(live.url, 10)).toEqual(Array(10).fill(503));
    let i = 0;
    let backend: string | null = null;
    await waitFor(async () => {
      const res = await fetch(`${live.url}/api/products/${i++}`);
      await res.arrayBuffer();
      backend = res.headers.get('x-ficus-backend');
      return backend === 'monolith';
    }, 5000, 20);
    expect(backend).toBe('monolith');
    expect(live.logs.some((l) => l.level === 50 && String(l.msg).startsWith('store unreachable: the automatic rollback of catalog-products'))).toBe(true);

    await live.store.knex.raw('ALTER TABLE ficus_route_state_away RENAME TO ficus_route_state');
    const event = await waitForAction(live, 'auto-rollback');
    expect(event).toMatchObject({ from: { mode: 'service' }, to: { mode: 'monolith' }, who: 'ficus (auto-rollback)' });
    const { body } = await adminCall(live.adminUrl, 'GET', '/api/routes/catalog-products', ALICE);
    expect(body).toMatchObject({ mode: 'monolith', source: 'runtime', updatedBy: 'ficus (auto-rollback)' });
  });
});
