// The admin API against a live gateway: tokens, validation, the promote guard and its audit trail,
// rollback, reset, and a restart that comes back in the same state.
import { afterAll, assert, beforeAll, describe, expect, it } from 'vitest';
import { createShadowWriter } from '../../../gateway/shadow/shadow-writer.js';
import { ALICE, BOB, adminCall, sendTraffic, startLiveGateway, startScenario, stopScenario, type LiveGateway, type Upstream } from './admin-fixture.js';

describe('admin API', () => {
  let monolith: Upstream;
  let service: Upstream;
  let live: LiveGateway;

  beforeAll(async () => {
    // Identical answers: the shadow comparisons of real traffic all match, so the evidence is predictable.
    ({ monolith, service, live } = await startScenario({ names: ['app', 'app'] }));
  });
  afterAll(() => stopScenario({ monolith, service, live }));

  it('answers health and readiness without a token, everything else only with one', async () => {
    expect((await adminCall(live.adminUrl, 'GET', '/healthz')).status).toBe(200);
    expect(await adminCall(live.adminUrl, 'GET', '/readyz')).toMatchObject({ status: 200, body: { store: 'ok' } });
    for (const p of ['/api/routes', '/api/events', '/metrics', '/api/routes/catalog-products/diffs']) {
      expect((await adminCall(live.adminUrl, 'GET', p)).status, p).toBe(401);
      expect((await adminCall(live.adminUrl, 'GET', p, 'wrong-token-0123456789abcdef')).status, p).toBe(401);
      expect((await adminCall(live.adminUrl, 'GET', p, ALICE.slice(0, -1))).status, p).toBe(401);
      expect((await adminCall(live.adminUrl, 'GET', p, BOB)).status, p).toBe(200);
    }
    const noAuth = await adminCall(live.adminUrl, 'PATCH', '/api/routes/catalog-products', undefined, { mode: 'service', force: true });
    expect(noAuth).toMatchObject({ status: 401, body: { code: 'FICUS_ADMIN_UNAUTHORIZED' } });
    expect(live.gateway.routeTable()).toBeDefined();
    const { body } = await adminCall(live.adminUrl, 'GET', '/api/routes/catalog-products', ALICE);
    expect(body.mode).toBe('shadow'); // the refused change did nothing
  });

  it('lists every route with its mode, source and live counters', async () => {
    await sendTraffic(live.url, 5);
    await sendTraffic(live.url, 2, (i) => `/api/orders/${i}`);
    const { status, body } = await adminCall(live.adminUrl, 'GET', '/api/routes', ALICE);
    expect(status).toBe(200);
    const byId = Object.fromEntries(body.routes.map((r: { id: string }) => [r.id, r]));
    expect(byId['catalog-products']).toMatchObject({ mode: 'shadow', source: 'config', service: 'catalog', requests: { monolith: 5, service: 0 }, errorRate: null });
    expect(byId['catalog-products'].shadow).toMatchObject({ compared: expect.any(Number) });
    expect(byId.orders).toMatchObject({ mode: 'monolith', source: 'config', service: null, requests: { monolith: 2, service: 0 } });
  });

  it('rejects bad changes with every problem, and unknown routes with 404', async () => {
    const bad = await adminCall(live.adminUrl, 'PATCH', '/api/routes/catalog-products', ALICE, { mode: 'sideways', percent: 150, extra: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('FICUS_ADMIN_INVALID_CHANGE');
    expect(bad.body.problems.length).toBeGreaterThanOrEqual(3);
    expect((await adminCall(live.adminUrl, 'PATCH', '/api/routes/catalog-products', ALICE, {})).status).toBe(400);
    expect((await adminCall(live.adminUrl, 'PATCH', '/api/routes/catalog-products', ALICE, '{"mode":')).status).toBe(400);
    expect((await adminCall(live.adminUrl, 'PATCH', '/api/routes/orders', ALICE, { mode: 'canary', percent: 5, force: true })).body.code).toBe('FICUS_ADMIN_INVALID_CHANGE');
    expect((await adminCall(live.adminUrl, 'PATCH', '/api/routes/catalog-products', ALICE, { mode: 'canary', force: true })).status).toBe(400); // canary at 0%
    expect(await adminCall(live.adminUrl, 'PATCH', '/api/routes/nope', ALICE, { mode: 'shadow' })).toMatchObject({ status: 404, body: { code: 'FICUS_ADMIN_UNKNOWN_ROUTE' } });
    expect((await adminCall(live.adminUrl, 'POST', '/api/routes/nope/rollback', ALICE)).status).toBe(404);
    expect((await adminCall(live.adminUrl, 'GET', '/api/routes/nope/diffs', ALICE)).status).toBe(404);
  });

  it('refuses a promotion without shadow evidence (409 with the numbers), lets force override, and audits both', async () => {
    const refused = await adminCall(live.adminUrl, 'PATCH', '/api/routes/catalog-products', BOB, { mode: 'canary', percent: 10, reason: 'first try' });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('FICUS_ADMIN_GUARD_REFUSED');
    expect(refused.body.shortfalls).toContainEqual({ metric: 'samples', required: 20, actual: expect.any(Number) });
    expect(refused.body.evidence.compared).toBeLessThan(20);
    const still = await fetch(`${live.url}/api/products/1`, { headers: { 'x-user-id': 'u1' } });
    await still.arrayBuffer();
    expect(still.headers.get('x-ficus-backend')).toBe('monolith'); // still shadow: the monolith answers the client

    const forced = await adminCall(live.adminUrl, 'PATCH', '/api/routes/catalog-products', BOB, { mode: 'canary', percent: 100, force: true, reason: 'service is the new truth' });
    expect(forced.status).toBe(200);
    expect(forced.body).toMatchObject({ changed: true, state: { mode: 'canary', percent: 100, source: 'runtime' } });
    const answers = await Promise.all([1, 2, 3].map((i) => fetch(`${live.url}/api/products/${i}`, { headers: { 'x-user-id': `u${i}` } })));
    expect(answers.map((a) => a.headers.get('x-ficus-backend'))).toEqual(['service', 'service', 'service']);
    await Promise.all(answers.map((a) => a.arrayBuffer()));

    const { body } = await adminCall(live.adminUrl, 'GET', '/api/events?route=catalog-products', ALICE);
    const [cut, refusal] = body.events;
    expect(cut).toMatchObject({ action: 'cutover', forced: true, who: 'bob', why: 'service is the new truth', from: { mode: 'shadow' }, to: { mode: 'canary', percent: 100 } });
    expect(refusal).toMatchObject({ action: 'refused', forced: false, who: 'bob', from: { mode: 'shadow' }, to: { mode: 'canary', percent: 10 } });
    expect(refusal.why).toContain('samples');
  });

  it('promotes without force once the shadow evidence meets guard.promote', async () => {
    await adminCall(live.adminUrl, 'DELETE', '/api/routes/catalog-products/state', ALICE, { reason: 'start over' });
    const writer = createShadowWriter({ knex: live.store.knex, replicaId: 'other-replica' });
    for (let i = 0; i < 30; i++) writer.recordComparison('catalog-products', [], () => assert.fail('no example for a match'));
    await writer.close();
    const ok = await adminCall(live.adminUrl, 'PATCH', '/api/routes/catalog-products', ALICE, { mode: 'canary', percent: 10 });
    expect(ok.status).toBe(200);
    expect(ok.body.event).toMatchObject({ action: 'cutover', forced: false, who: 'alice', evidence: { matchRate: 1 } });
    expect(ok.body.event.evidence.compared).toBeGreaterThanOrEqual(30);
    const { body } = await adminCall(live.adminUrl, 'GET', '/api/routes/catalog-products', ALICE);
    expect(body).toMatchObject({ mode: 'canary', percent: 10, source: 'runtime', updatedBy: 'alice' });
    expect(body.shadow.matched).toBe(body.shadow.compared);
  });

  it('rolls back, resets to the file, and comes back in the same state after a restart', async () => {
    const rb = await adminCall(live.adminUrl, 'POST', '/api/routes/catalog-products/rollback', ALICE, { reason: 'pager' });
    expect(rb.body).toMatchObject({ changed: true, state: { mode: 'monolith', source: 'runtime' }, event: { action: 'rollback', who: 'alice', why: 'pager' } });
    const again = await adminCall(live.adminUrl, 'POST', '/api/routes/catalog-products/rollback', ALICE);
    expect(again.body.changed).toBe(false);

    await adminCall(live.adminUrl, 'PATCH', '/api/routes/catalog-products', ALICE, { mode: 'canary', percent: 25, force: true });
    const config = live.gateway.config();
    await live.close();
    live = await startLiveGateway(config);
    const { body } = await adminCall(live.adminUrl, 'GET', '/api/routes/catalog-products', ALICE);
    expect(body).toMatchObject({ mode: 'canary', percent: 25, source: 'runtime' });
    const res = await fetch(`${live.url}/api/products/1`, { headers: { 'x-user-id': 'someone' } });
    expect(res.headers.get('x-ficus-route')).toBe('catalog-products');
    await res.arrayBuffer();

    const reset = await adminCall(live.adminUrl, 'DELETE', '/api/routes/catalog-products/state', ALICE);
    expect(reset.body).toMatchObject({ changed: true, state: { mode: 'shadow', source: 'config' }, event: { action: 'reset' } });
    const after = await adminCall(live.adminUrl, 'GET', '/api/routes/catalog-products', ALICE);
    expect(after.body).toMatchObject({ mode: 'shadow', source: 'config', updatedBy: null });
  });

  it('serves the gateway metrics and the dashboard page under a strict CSP', async () => {
    const m = await adminCall(live.adminUrl, 'GET', '/metrics', ALICE);
    expect(m.body).toContain('ficus_route_changes_total{route="catalog-products",action="reset"} 1'); // since the restart
    expect(m.body).toContain('ficus_route_service_share_percent{route="catalog-products",mode="shadow"} 0');
    expect(m.body).toContain('ficus_route_runtime_override{route="catalog-products"} 0');
    const page = await fetch(`${live.adminUrl}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("connect-src 'self'");
    expect(await page.text()).toContain('sessionStorage');
  });
});
