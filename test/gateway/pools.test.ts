// A service is a pool: real instances on port 0 behind a real gateway. Balancing (least requests,
// round robin), active health checks taking an instance out and back (a hanging check counted as a
// timeout), passive ejection with its growing time (on an injected clock), and every instance out:
// fallback to the monolith or a counted 503, and the auto-rollback that follows.
import type http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { validateConfig } from '../../gateway/config/validate-config.js';
import type { GatewayConfigInput } from '../../gateway/config/schema.js';
import type { InstanceView } from '../../gateway/upstream/service-pool.js';
import { request } from './support/http-client.js';
import { startGateway, type RunningGateway } from './support/start-gateway.js';
import { startEcho, type TestUpstream } from './support/upstreams.js';
import { waitFor } from './support/wait-for.js';

const TOKEN = 'pool-test-token-0123456789';
const auth = { authorization: `Bearer ${TOKEN}` };

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

async function echo(name: string, handler?: Parameters<typeof startEcho>[1]): Promise<TestUpstream> {
  const u = await startEcho(name, handler);
  open.push(u);
  return u;
}

async function gateway(input: GatewayConfigInput, options: Parameters<typeof startGateway>[1] = {}): Promise<RunningGateway> {
  const gw = await startGateway({ admin: { token: TOKEN }, ...input }, options);
  open.push(gw);
  return gw;
}

async function instances(gw: RunningGateway, service = 'catalog'): Promise<InstanceView[]> {
  const res = await fetch(`http://127.0.0.1:${gw.adminPort}/api/services`, { headers: auth });
  const { services } = (await res.json()) as { services: { name: string; instances: InstanceView[] }[] };
  return services.find((s) => s.name === service)!.instances;
}

async function metrics(gw: RunningGateway): Promise<string> {
  return (await fetch(`http://127.0.0.1:${gw.adminPort}/metrics`, { headers: auth })).text();
}

const served = (names: string[]) => Object.fromEntries([...new Set(names)].sort().map((n) => [n, names.filter((x) => x === n).length]));

async function names(port: number, n: number, path = '/api/products/1'): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(String((await request(port, path)).headers['x-upstream']));
  return out;
}

const serviceRoute = { id: 'products', match: { path: '/api/products/:id' }, service: 'catalog', mode: 'service' as const };

describe('service pools: config', () => {
  const base = { monolith: { url: 'http://127.0.0.1:1' }, routes: [serviceRoute] };
  const problems = (catalog: unknown) => {
    const r = validateConfig({ ...base, services: { catalog } });
    return r.ok ? [] : r.problems;
  };

  it('accepts one url or a list of urls, and gives both the same shape', () => {
    const one = validateConfig({ ...base, services: { catalog: { url: 'http://127.0.0.1:2' } } });
    const many = validateConfig({ ...base, services: { catalog: { urls: ['http://127.0.0.1:2', 'http://127.0.0.1:3'], balance: 'round-robin' } } });
    expect(one.ok && one.config.services.catalog).toMatchObject({ urls: ['http://127.0.0.1:2'], balance: 'least-requests' });
    expect(many.ok && many.config.services.catalog).toMatchObject({ urls: ['http://127.0.0.1:2', 'http://127.0.0.1:3'], balance: 'round-robin' });
  });

  it('names every problem with its path: empty urls, url and urls, neither, a repeated URL, a bad balancer and health check', () => {
    expect(problems({ urls: [] })).toEqual([{ path: 'services.catalog.urls', message: 'a pool needs at least one URL (or give url)' }]);
    expect(problems({ url: 'http://127.0.0.1:2', urls: ['http://127.0.0.1:3'] })).toEqual([{ path: 'services.catalog.urls', message: 'give url or urls, not both' }]);
    expect(problems({ timeoutMs: 100 })).toEqual([{ path: 'services.catalog.url', message: 'a service needs url (one instance) or urls (a pool)' }]);
    expect(problems({ urls: ['http://127.0.0.1:2', 'http://127.0.0.1:2'] })).toEqual([{ path: 'services.catalog.urls', message: 'the same URL is listed twice' }]);
    const many = problems({ urls: ['http://127.0.0.1:2', 'ftp://x'], balance: 'random', health: { path: 'healthz', intervalMs: 0 } }).map((p) => p.path);
    expect(many).toEqual(expect.arrayContaining(['services.catalog.urls[1]', 'services.catalog.balance', 'services.catalog.health.path', 'services.catalog.health.intervalMs']));
  });
});

describe('service pools: balancing', () => {
  it('round robin takes turns; least requests spreads sequential requests evenly too', async () => {
    const [a, b, c] = [await echo('a'), await echo('b'), await echo('c')];
    const monolith = await echo('monolith');
    for (const balance of ['round-robin', 'least-requests'] as const) {
      const gw = await gateway({ monolith: { url: monolith.url }, services: { catalog: { urls: [a.url, b.url, c.url], balance } }, routes: [serviceRoute] });
      expect(served(await names(gw.port, 30))).toEqual({ a: 10, b: 10, c: 10 });
    }
  });

  it('least requests sends new requests around an instance still busy; round robin does not', async () => {
    const held: http.ServerResponse[] = [];
    const slow = await echo('slow', (_req, res) => (held.push(res), true)); // answers only when released
    const fast = await echo('fast');
    const monolith = await echo('monolith');
    for (const balance of ['least-requests', 'round-robin'] as const) {
      slow.requests.length = 0;
      const gw = await gateway({ monolith: { url: monolith.url }, services: { catalog: { urls: [slow.url, fast.url], balance } }, routes: [serviceRoute] });
      const pending: Promise<unknown>[] = [];
      const fastBefore = fast.requests.length;
      for (let i = 0; i < 10; i++) {
        const seenSlow = slow.requests.length;
        const reply = request(gw.port, '/api/products/1');
        pending.push(reply);
        // Wait until this request is either answered (fast) or held by the slow instance.
        await Promise.race([reply, waitFor(() => slow.requests.length > seenSlow)]);
      }
      const toSlow = slow.requests.length;
      expect({ balance, toSlow, toFast: fast.requests.length - fastBefore }).toEqual(
        balance === 'least-requests' ? { balance, toSlow: 1, toFast: 9 } : { balance, toSlow: 5, toFast: 5 },
      );
      for (const res of held.splice(0)) res.end('{}');
      await Promise.all(pending);
    }
  });
});

describe('service pools: active health checks', () => {
  it('takes an instance out after unhealthyAfter failed checks and back after healthyAfter passes', async () => {
    let bHealthy = true;
    const health = (name: string, ok: () => boolean) => (req: http.IncomingMessage, res: http.ServerResponse) => {
      if (req.url !== '/healthz') return false;
      res.writeHead(ok() ? 200 : 503).end(name);
      return true;
    };
    const a = await echo('a', health('a', () => true));
    const b = await echo('b', health('b', () => bHealthy));
    const monolith = await echo('monolith');
    const gw = await gateway({
      monolith: { url: monolith.url },
      services: { catalog: { urls: [a.url, b.url], health: { path: '/healthz', intervalMs: 20, unhealthyAfter: 2, healthyAfter: 3 } } },
      routes: [serviceRoute],
    });
    expect(served(await names(gw.port, 4))).toEqual({ a: 2, b: 2 });

    bHealthy = false;
    let view: InstanceView[] = [];
    await waitFor(async () => (view = await instances(gw))[1]!.state === 'unhealthy', 2000, 10);
    expect(view.map((i) => i.state)).toEqual(['healthy', 'unhealthy']);
    expect(served(await names(gw.port, 6))).toEqual({ a: 6 }); // no traffic to an instance out of the pool
    const text = await metrics(gw);
    expect(text).toContain(`ficus_instance_in_pool{service="catalog",instance="${b.url}",state="unhealthy"} 0`);
    expect(text).toMatch(new RegExp(`ficus_health_checks_total\\{service="catalog",instance="${b.url}",result="status_503"\\} [1-9]`));

    bHealthy = true;
    await waitFor(async () => (view = await instances(gw))[1]!.state === 'healthy', 2000, 10);
    expect(view.map((i) => i.state)).toEqual(['healthy', 'healthy']);
    expect(served(await names(gw.port, 4))).toEqual({ a: 2, b: 2 });
  });

  it('a health path that hangs is cut at timeoutMs and counted as upstream_timeout; the instance goes out, nothing crashes', async () => {
    const hanging = await echo('hanging', (req) => req.url === '/healthz'); // never answers its health path
    const a = await echo('a', (req, res) => (req.url === '/healthz' ? (res.end('ok'), true) : false));
    const monolith = await echo('monolith');
    const gw = await gateway({
      monolith: { url: monolith.url },
      services: { catalog: { urls: [hanging.url, a.url], health: { path: '/healthz', intervalMs: 20, timeoutMs: 150, unhealthyAfter: 1, healthyAfter: 1 } } },
      routes: [serviceRoute],
    });
    const settled = async () => (await instances(gw)).map((i) => i.state).join() === 'unhealthy,healthy';
    await waitFor(settled, 3000, 10);
    expect((await instances(gw)).map((i) => i.state)).toEqual(['unhealthy', 'healthy']);
    expect(await metrics(gw)).toMatch(new RegExp(`ficus_health_checks_total\\{service="catalog",instance="${hanging.url}",result="upstream_timeout"\\} [1-9]`));
    expect(served(await names(gw.port, 3))).toEqual({ a: 3 });
  });
});

describe('service pools: passive outlier ejection', () => {
  it('consecutive 5xx eject an instance for baseEjectionMs × the times it was ejected, capped at maxEjectionMs', async () => {
    const clock = { now: Date.parse('2026-01-01T00:00:00Z') };
    const good = await echo('good');
    const bad = await echo('bad', (_req, res) => (res.writeHead(500, { 'x-upstream': 'bad' }).end('{}'), true));
    const monolith = await echo('monolith');
    const gw = await gateway(
      {
        monolith: { url: monolith.url },
        services: { catalog: { urls: [good.url, bad.url], outlier: { consecutiveFailures: 2, baseEjectionMs: 10_000, maxEjectionMs: 25_000 } } },
        routes: [serviceRoute],
      },
      { now: () => clock.now },
    );
    const ejectedUntil = async () => (await instances(gw))[1]!.ejectedUntil;
    expect(served(await names(gw.port, 4))).toEqual({ bad: 2, good: 2 }); // the second 500 in a row ejects it
    expect((await instances(gw))[1]).toMatchObject({ state: 'ejected', ejections: 1 });
    expect(await ejectedUntil()).toBe(new Date(clock.now + 10_000).toISOString());
    expect(served(await names(gw.port, 4))).toEqual({ good: 4 });

    clock.now += 10_000; // back in the pool; two more failures: ejected twice as long
    expect((await instances(gw))[1]!.state).toBe('healthy');
    expect(served(await names(gw.port, 4))).toEqual({ bad: 2, good: 2 });
    expect(await ejectedUntil()).toBe(new Date(clock.now + 20_000).toISOString());

    clock.now += 20_000; // the third ejection would be 30 s: capped at 25 s
    await names(gw.port, 4);
    expect(await ejectedUntil()).toBe(new Date(clock.now + 25_000).toISOString());
    expect(await metrics(gw)).toContain(`ficus_instance_ejections_total{service="catalog",instance="${bad.url}"} 3`);
  });

  it('the ejection multiplier steps down after each decayMs the instance spends in the pool (as Envoy), never while it is out', async () => {
    const clock = { now: Date.parse('2026-01-01T00:00:00Z') };
    let failing = true;
    const good = await echo('good');
    const bad = await echo('bad', (_req, res) => (failing ? (res.writeHead(500, { 'x-upstream': 'bad' }).end('{}'), true) : false));
    const monolith = await echo('monolith');
    const gw = await gateway(
      {
        monolith: { url: monolith.url },
        services: { catalog: { urls: [good.url, bad.url], balance: 'round-robin', outlier: { consecutiveFailures: 2, baseEjectionMs: 10_000, maxEjectionMs: 60_000, decayMs: 5000 } } },
        routes: [serviceRoute],
      },
      { now: () => clock.now },
    );
    const badView = async () => (await instances(gw))[1]!;
    const ejectedFor = async () => Date.parse((await badView()).ejectedUntil!) - clock.now;
    await names(gw.port, 4);
    expect(await badView()).toMatchObject({ state: 'ejected', ejections: 1 });
    expect(await ejectedFor()).toBe(10_000);

    clock.now += 10_000; // back; the time it was out does not count
    expect(await badView()).toMatchObject({ state: 'healthy', ejections: 1 });
    failing = false;
    expect(served(await names(gw.port, 4))).toEqual({ bad: 2, good: 2 });
    clock.now += 4999;
    expect((await badView()).ejections).toBe(1);
    clock.now += 1; // one whole decayMs in the pool: one ejection less
    expect((await badView()).ejections).toBe(0);

    failing = true; // ejected again: for the base time, not twice it
    await names(gw.port, 4);
    expect(await badView()).toMatchObject({ state: 'ejected', ejections: 1 });
    expect(await ejectedFor()).toBe(10_000);
    clock.now += 10_000 + 2000; // back, but 2 s in the pool is less than decayMs: the next one is twice as long
    await names(gw.port, 4);
    expect(await badView()).toMatchObject({ state: 'ejected', ejections: 2 });
    expect(await ejectedFor()).toBe(20_000);
  });

  it('maxEjectedPercent keeps a share serving: with 50% of two instances, the second failing one stays in', async () => {
    const a = await echo('a', (_req, res) => (res.writeHead(502, { 'x-upstream': 'a' }).end('{}'), true));
    const b = await echo('b', (_req, res) => (res.writeHead(503, { 'x-upstream': 'b' }).end('{}'), true));
    const monolith = await echo('monolith');
    const gw = await gateway({
      monolith: { url: monolith.url },
      services: { catalog: { urls: [a.url, b.url], outlier: { consecutiveFailures: 1 } } },
      routes: [serviceRoute],
    });
    await names(gw.port, 6);
    expect((await instances(gw)).map((i) => i.state).sort()).toEqual(['ejected', 'healthy']);
  });
});

describe('service pools: every instance out', () => {
  const unhealthy = (name: string) => (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (req.url !== '/healthz') return false;
    res.writeHead(503).end(name);
    return true;
  };

  it('falls back to the monolith (any method: nothing was sent) with fallback: monolith; otherwise a 503 counted as upstream_unavailable', async () => {
    const a = await echo('a', unhealthy('a'));
    const b = await echo('b', unhealthy('b'));
    const monolith = await echo('monolith');
    const gw = await gateway({
      monolith: { url: monolith.url },
      services: { catalog: { urls: [a.url, b.url], health: { path: '/healthz', intervalMs: 20, unhealthyAfter: 1 } } },
      routes: [
        { ...serviceRoute, fallback: 'monolith' },
        { id: 'orders', match: { path: '/api/orders' }, service: 'catalog', mode: 'service' },
      ],
    });
    await waitFor(async () => (await instances(gw)).every((x) => x.state === 'unhealthy'), 3000, 10);
    const before = a.requests.length + b.requests.length;

    const get = await request(gw.port, '/api/products/1');
    const post = await request(gw.port, '/api/products/2', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"x":1}' });
    expect([get.status, get.headers['x-upstream'], get.headers['x-ficus-backend']]).toEqual([200, 'monolith', 'monolith']);
    expect([post.status, post.headers['x-upstream'], post.json().body]).toEqual([200, 'monolith', '{"x":1}']);

    const refused = await request(gw.port, '/api/orders');
    expect(refused.status).toBe(503);
    expect(refused.json()).toMatchObject({ status: 503, detail: 'service: NO_HEALTHY_INSTANCE', route: 'orders' });
    const traffic = a.requests.length + b.requests.length - before;
    expect(a.requests.concat(b.requests).slice(-traffic).every((r) => r.url === '/healthz')).toBe(true); // only health checks reached them
    await waitFor(() => gw.logs.some((l) => l.msg === 'request' && l.route === 'orders'));
    expect(gw.logs.find((l) => l.msg === 'request' && l.route === 'orders')).toMatchObject({ outcome: 'upstream_unavailable', status: 503, error: 'NO_HEALTHY_INSTANCE' });
    expect(gw.logs.filter((l) => l.msg === 'request' && l.route === 'products').map((l) => [l.backend, l.fellBack])).toEqual([['monolith', true], ['monolith', true]]);
    expect(await metrics(gw)).toMatch(/ficus_upstream_errors_total\{kind="upstream_unavailable"\} 3/);
  });

  it('the fallbacks count against the service: a canary with no instance left is rolled back', async () => {
    const a = await echo('a', unhealthy('a'));
    const monolith = await echo('monolith');
    const gw = await gateway({
      monolith: { url: monolith.url },
      services: { catalog: { urls: [a.url], health: { path: '/healthz', intervalMs: 20, unhealthyAfter: 1 } } },
      routes: [{ ...serviceRoute, mode: 'canary', percent: 100, fallback: 'monolith', guard: { rollback: { minRequests: 5, maxErrorRate: 0.5 } } }],
    });
    await waitFor(async () => (await instances(gw))[0]!.state === 'unhealthy', 3000, 10);
    expect(served(await names(gw.port, 5))).toEqual({ monolith: 5 });
    let mode = '';
    await waitFor(async () => (mode = (await (await fetch(`http://127.0.0.1:${gw.adminPort}/api/routes/products`, { headers: auth })).json()).mode) === 'monolith', 2000, 20);
    expect(mode).toBe('monolith');
  });
});

describe('service pools: shadow copies', () => {
  it('go only to instances in the pool', async () => {
    const a = await echo('a', (req, res) => (req.url === '/healthz' ? (res.end('ok'), true) : false));
    const b = await echo('b', (req, res) => (req.url === '/healthz' ? (res.writeHead(503).end(), true) : false));
    const monolith = await echo('monolith');
    const gw = await gateway({
      monolith: { url: monolith.url },
      services: { catalog: { urls: [b.url, a.url], health: { path: '/healthz', intervalMs: 20, unhealthyAfter: 1 } } },
      routes: [{ ...serviceRoute, mode: 'shadow' }],
    });
    await waitFor(async () => (await instances(gw))[0]!.state === 'unhealthy', 3000, 10);
    expect(served(await names(gw.port, 4))).toEqual({ monolith: 4 });
    await waitFor(() => a.requests.filter((r) => r.headers['x-ficus-shadow']).length === 4);
    expect(b.requests.filter((r) => r.url !== '/healthz')).toEqual([]);
  });
});
