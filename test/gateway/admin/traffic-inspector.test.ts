// The live traffic inspector on a live gateway: the recent exchanges with filters, the SSE stream,
// redacted headers, and `ficus tail` the way a user runs it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.js';
import { ALICE, adminCall, startScenario, stopScenario, type Scenario } from './admin-fixture.js';

let s: Scenario;
beforeAll(async () => {
  // catalog-products in canary 50 (sticky): the service answers 500 for /api/products/13.
  s = await startScenario({ names: ['same', 'same'], serviceStatus: (url) => (url.endsWith('/13') ? 500 : 200) });
  await adminCall(s.live.adminUrl, 'PATCH', '/api/routes/catalog-products', ALICE, { mode: 'canary', percent: 50, force: true });
});
afterAll(() => stopScenario(s));

async function get(path: string, headers: Record<string, string> = {}): Promise<number> {
  const res = await fetch(s.live.url + path, { headers });
  await res.arrayBuffer();
  return res.status;
}

/** A user the sticky split sends to the service. */
async function serviceUser(): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const res = await fetch(`${s.live.url}/api/products/1`, { headers: { 'x-user-id': `probe-${i}` } });
    await res.arrayBuffer();
    if (res.headers.get('x-ficus-backend') === 'service') return `probe-${i}`;
  }
  throw new Error('no user reached the service');
}

describe('traffic inspector', { timeout: 300_000 }, () => {
  it('lists recent exchanges newest first, filtered by route, status class, backend and duration, headers redacted', async () => {
    const user = await serviceUser();
    expect(await get('/api/products/13', { 'x-user-id': user, authorization: 'Bearer secret-of-the-user' })).toBe(500);
    expect(await get('/api/orders/7')).toBe(200);
    const all = await adminCall(s.live.adminUrl, 'GET', '/api/traffic', ALICE);
    expect(all.status).toBe(200);
    expect(all.body.exchanges[0]).toMatchObject({ route: 'orders', method: 'GET', url: '/api/orders/7', status: 200, backend: 'monolith', outcome: 'ok' });
    const failed = await adminCall(s.live.adminUrl, 'GET', '/api/traffic?route=catalog-products&status=5xx&backend=service', ALICE);
    expect(failed.body.exchanges).toHaveLength(1);
    expect(failed.body.exchanges[0]).toMatchObject({ url: '/api/products/13', status: 500, backend: 'service', reason: expect.stringContaining('canary') });
    expect(failed.body.exchanges[0].requestHeaders).toMatchObject({ authorization: '[redacted]', 'x-user-id': user });
    expect(failed.body.exchanges[0].responseHeaders['content-type']).toBe('application/json');
    expect(typeof failed.body.exchanges[0].durationMs).toBe('number');
    const slow = await adminCall(s.live.adminUrl, 'GET', '/api/traffic?slowerThanMs=60000', ALICE);
    expect(slow.body.exchanges).toEqual([]);
    for (const bad of ['status=5x', 'backend=db', 'slowerThanMs=soon']) {
      expect(await adminCall(s.live.adminUrl, 'GET', `/api/traffic?${bad}`, ALICE), bad).toMatchObject({ status: 400, body: { code: 'FICUS_ADMIN_INVALID_FILTER' } });
    }
    expect((await adminCall(s.live.adminUrl, 'GET', '/api/traffic')).status).toBe(401);
  });

  it('streams new exchanges as server-sent events, filtered', async () => {
    const controller = new AbortController();
    const res = await fetch(`${s.live.adminUrl}/api/traffic/stream?route=orders`, { headers: { authorization: `Bearer ${ALICE}` }, signal: controller.signal });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reader = res.body!.getReader();
    await reader.read(); // the opening comment: subscribed
    await get('/api/products/2');
    await get('/api/orders/42');
    let text = '';
    while (!text.includes('\n\n')) text += new TextDecoder().decode((await reader.read()).value);
    controller.abort();
    const [event, data] = text.split('\n');
    expect(event).toBe('event: exchange');
    expect(JSON.parse(data.slice('data: '.length))).toMatchObject({ route: 'orders', url: '/api/orders/42', status: 200 });
  });

  it('ficus tail prints recent exchanges and follows new ones', async () => {
    await get('/api/orders/100');
    const running = runCli(['tail', 'orders', '--lines', '1', '--max', '1', '--admin-url', s.live.adminUrl, '--token', ALICE], { timeoutMs: 240_000 });
    // Keep sending until the CLI has subscribed and printed one new exchange.
    let done = false;
    void running.then(() => (done = true));
    for (let i = 0; !done && i < 2000; i++) {
      await get(`/api/orders/${200 + i}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const out = await running;
    expect(out.code, out.stderr).toBe(0);
    const lines = out.stdout.trimEnd().split('\n');
    // The snapshot's newest exchange (whatever had arrived when the CLI started), then a newer one from the stream.
    const numberOf = (line: string) => Number(/GET \/api\/orders\/(\d+) 200 monolith [\d.]+ms orders /.exec(line)?.[1]);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d\.\d{3} GET /);
    expect(numberOf(lines[1])).toBeGreaterThan(numberOf(lines[0]));
    const bad = await runCli(['tail', '--status', '5x', '--admin-url', s.live.adminUrl, '--token', ALICE], { timeoutMs: 240_000 });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('status is a code');
  });
});
