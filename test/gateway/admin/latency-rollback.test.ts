// A canary that slows down rolls back like one that fails: guard.rollback.maxP95Ms, or
// maxP95Ratio against the monolith's p95 on the same route, over the rollback window.
import { afterEach, describe, expect, it } from 'vitest';
import { startGateway } from '../support/start-gateway.js';
import { sendJson, startUpstream } from '../support/upstreams.js';
import { adminCall } from './admin-fixture.js';

const TOKEN = 'latency-test-token-0123456789';
const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

async function startCanary(percent: number, rollback: Record<string, unknown>, serviceDelayMs: number) {
  const monolith = await startUpstream((_req, res) => sendJson(res, { from: 'monolith' }));
  const service = await startUpstream((_req, res) => setTimeout(() => sendJson(res, { from: 'service' }), serviceDelayMs));
  const gw = await startGateway({
    monolith: { url: monolith.url },
    services: { catalog: { url: service.url } },
    admin: { token: TOKEN },
    routes: [
      {
        id: 'products',
        match: { path: '/api/products/:id' },
        service: 'catalog',
        mode: 'canary',
        percent,
        sticky: { header: 'x-user-id' },
        guard: { rollback: { windowS: 60, minRequests: 10, ...rollback } },
      },
    ],
  });
  open.push(monolith, service, gw);
  return { gw, admin: `http://127.0.0.1:${gw.adminPort}` };
}

/** Sends requests as different users until the route leaves canary (or 200 were sent); returns how many. */
async function sendUntilRolledBack(port: number, admin: string): Promise<{ sent: number; mode: string }> {
  for (let i = 0; i < 200; i++) {
    const res = await fetch(`http://127.0.0.1:${port}/api/products/${i}`, { headers: { 'x-user-id': `u${i}` } });
    expect(res.status).toBe(200); // a slow service still answers the client
    await res.arrayBuffer();
    const { body } = await adminCall(admin, 'GET', '/api/routes/products', TOKEN);
    if (body.mode !== 'canary') return { sent: i + 1, mode: body.mode };
  }
  return { sent: 200, mode: 'canary' };
}

describe('latency rollback', () => {
  it('rolls a canary back when the service p95 passes maxP95Ms, and says why with the numbers', async () => {
    const { gw, admin } = await startCanary(100, { maxP95Ms: 20 }, 60);
    const { mode, sent } = await sendUntilRolledBack(gw.port, admin);
    expect(mode).toBe('monolith');
    expect(sent).toBeGreaterThanOrEqual(10);
    const { body } = await adminCall(admin, 'GET', '/api/events?route=products', TOKEN);
    expect(body.events[0]).toMatchObject({ action: 'auto-rollback', who: 'ficus (auto-rollback)', evidence: { maxP95Ms: 20 } });
    expect(body.events[0].why).toContain('exceeded maxP95Ms 20');
    expect(body.events[0].evidence.serviceP95Ms).toBeGreaterThanOrEqual(60);
  });

  it('rolls a canary back when its p95 is more than maxP95Ratio times the monolith p95 on the route', async () => {
    const { gw, admin } = await startCanary(50, { maxP95Ratio: 3 }, 150); // far apart, also on a loaded machine
    const { mode } = await sendUntilRolledBack(gw.port, admin);
    expect(mode).toBe('monolith');
    const { body } = await adminCall(admin, 'GET', '/api/events?route=products', TOKEN);
    expect(body.events[0].why).toContain('above maxP95Ratio 3');
    expect(body.events[0].evidence.ratio).toBeGreaterThan(3);
  });

  it('leaves a canary as fast as the monolith alone', async () => {
    const { gw, admin } = await startCanary(50, { maxP95Ms: 500, maxP95Ratio: 20 }, 0);
    const { mode, sent } = await sendUntilRolledBack(gw.port, admin);
    expect({ mode, sent }).toEqual({ mode: 'canary', sent: 200 });
  });
});
