// listen.workers: a real `ficus gateway` with two data-plane workers on one port (node's cluster):
// both serve, a cutover made through the primary's admin API reaches both, the route counters and
// /metrics are the group's sum, the auto-rollback judges the sum, the service pools are one view
// (the primary alone probes and ejects, on failures the workers saw, and every worker follows it),
// and a killed worker is replaced and counted while the other keeps serving.
import { Agent, type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../gateway/config/validate-config.js';
import { request } from './support/http-client.js';
import { spawnGateway, type GatewayProcess } from './support/spawn-gateway.js';
import { startEcho, type TestUpstream } from './support/upstreams.js';
import { waitFor } from './support/wait-for.js';

const TOKEN = 'workers-test-token-0123456789';
const served = (names: string[]) => Object.fromEntries([...new Set(names)].sort().map((n) => [n, names.filter((x) => x === n).length]));
const auth = { authorization: `Bearer ${TOKEN}` };

describe('listen.workers: config', () => {
  it('is a whole number from 1, or "auto"; anything else is a problem at listen.workers', () => {
    const base = { monolith: { url: 'http://127.0.0.1:1' } };
    for (const workers of [2, 'auto']) expect(validateConfig({ ...base, listen: { workers } }).ok).toBe(true);
    for (const workers of [0, 1.5, 'many', -1]) {
      const r = validateConfig({ ...base, listen: { workers } });
      expect(r.ok ? [] : r.problems.map((p) => p.path)).toEqual(['listen.workers']);
    }
  });
});

describe('listen.workers: 2 (real processes)', { timeout: 240_000 }, () => {
  let monolith: TestUpstream;
  let service: TestUpstream;
  let good: TestUpstream;
  let bad: TestUpstream;
  let badFails = false;
  const held: ServerResponse[] = [];
  let gw: GatewayProcess;
  let port = 0;
  let adminPort = 0;
  const lines = () => gw.lines();
  const requestLines = (route: string) => lines().filter((l) => l.msg === 'request' && l.route === route);
  const admin = async (method: string, p: string, body?: unknown) => {
    const res = await fetch(`http://127.0.0.1:${adminPort}${p}`, { method, headers: { ...auth, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
    return { status: res.status, body: (await res.json().catch(() => undefined)) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  const metrics = async () => (await fetch(`http://127.0.0.1:${adminPort}/metrics`, { headers: auth })).text();
  // Each on a new connection: the cluster hands connections to the workers in turn.
  const send = async (n: number, p: string) => {
    const out = [];
    for (let i = 0; i < n; i++) out.push(await request(port, p));
    return out;
  };

  beforeAll(async () => {
    monolith = await startEcho('monolith');
    service = await startEcho('catalog', (req, res) => {
      if (!req.url?.endsWith('-fail')) return false;
      res.writeHead(503, { 'content-type': 'application/json' }).end('{}');
      return true;
    });
    const pooled = (name: string, fails: () => boolean) => (req: IncomingMessage, res: ServerResponse) => {
      if (req.url === '/api/pool/hold') return (held.push(res), true); // answered when the test says
      if (req.url === '/healthz' || !fails()) return false;
      res.writeHead(500, { 'x-upstream': name }).end('{}');
      return true;
    };
    good = await startEcho('good', pooled('good', () => false));
    bad = await startEcho('bad', pooled('bad', () => badFails));
    gw = await spawnGateway(
      (dir) => ({
        listen: { host: '127.0.0.1', port: 0, workers: 2 },
        admin: { host: '127.0.0.1', port: 0, token: TOKEN },
        store: { url: `sqlite:${path.join(dir, 'gateway.db')}` },
        monolith: { url: monolith.url },
        services: {
          catalog: { url: service.url },
          // One probe per instance at the start, the next in an hour: what each instance receives tells how many processes probe.
          pool: { urls: [good.url, bad.url], balance: 'round-robin', health: { path: '/healthz', intervalMs: 3_600_000, timeoutMs: 60_000 }, outlier: { consecutiveFailures: 4, baseEjectionMs: 5000 } },
        },
        routes: [
          { id: 'pool', match: { path: '/api/pool/*' }, service: 'pool', mode: 'service', guard: { rollback: { maxErrorRate: 1 } } }, // failures eject; they never roll back
          { id: 'products', match: { path: '/api/products/*' }, service: 'catalog', mode: 'monolith' },
          { id: 'items', match: { path: '/api/items/*' }, service: 'catalog', mode: 'shadow' },
          { id: 'orders', match: { path: '/api/orders/*' }, service: 'catalog', mode: 'service', guard: { rollback: { minRequests: 10, maxErrorRate: 0.5 } } },
        ],
      }),
      /listening on 127\.0\.0\.1:(\d+), admin on 127\.0\.0\.1:(\d+) \(2 workers\)/,
    );
    ({ port, adminPort } = gw);
  });

  afterAll(async () => {
    await gw?.stop();
    for (const res of held.splice(0)) res.end('{}');
    await Promise.all([monolith?.close(), service?.close(), good?.close(), bad?.close()]);
  });

  it('both workers serve one port, and the route counters and /metrics are their sum', async () => {
    const replies = await send(20, '/api/products/1');
    expect(replies.map((r) => r.headers['x-upstream'])).toEqual(Array(20).fill('monolith'));
    await waitFor(() => requestLines('products').length === 20, 10_000);
    expect(new Set(requestLines('products').map((l) => l.pid)).size).toBe(2);

    let view: { requests: Record<string, number> } = { requests: {} };
    // polled every 20 ms: the workers relay their exchanges within ~20 ms
    await waitFor(async () => (view = (await admin('GET', '/api/routes/products')).body).requests.monolith >= 20, 2000, 20);
    expect(view.requests).toEqual({ monolith: 20, service: 0 });
    expect(await metrics()).toMatch(/^ficus_requests_total\{route="products",backend="monolith",status="200"\} 20$/m);
    expect(await metrics()).toMatch(/^ficus_workers 2$/m);
  });

  it('the primary alone probes the instances: one health check each per interval, not one per process', async () => {
    await send(4, '/api/pool/1'); // both workers are up and routing the pool
    const probes = (u: TestUpstream) => u.requests.filter((r) => r.url === '/healthz').length;
    expect([probes(good), probes(bad)]).toEqual([1, 1]);
    const counted = [...(await metrics()).matchAll(new RegExp(`^ficus_health_checks_total\\{service="pool",instance="${good.url}",result="[a-z_0-9]+"\\} (\\d+)$`, 'gm'))];
    expect(counted.reduce((n, m) => n + Number(m[1]), 0)).toBe(1); // and counted once, by the group
  });

  it('failures seen by both workers eject an instance once, for the group: no worker sends to it until it is back', async () => {
    const pidOf = (requestId: unknown) => lines().find((l) => l.msg === 'request' && l.requestId === requestId)?.pid;
    const seenBefore = bad.requests.length;
    const failed = () => bad.requests.slice(seenBefore).filter((r) => r.url.startsWith('/api/pool/'));
    badFails = true;
    let sent = 0;
    while (failed().length < 4 && sent++ < 40) await request(port, '/api/pool/2');
    type View = { state: string; ejectedUntil: string | null; inFlight: number }[];
    let view: View = [];
    const pool = async (): Promise<View> => (await admin('GET', '/api/services')).body.services.find((s: { name: string }) => s.name === 'pool').instances;
    await waitFor(async () => (view = await pool())[1]!.state === 'ejected', 5000, 20);
    expect(view.map((i) => i.state)).toEqual(['healthy', 'ejected']);
    await waitFor(() => failed().every((r) => pidOf(r.headers['x-request-id']) !== undefined), 5000);
    const byWorker = Object.values(served(failed().map((r) => String(pidOf(r.headers['x-request-id'])))));
    expect(byWorker.length).toBe(2); // both workers sent it failing requests...
    expect(Math.max(...byWorker)).toBeLessThan(4); // ...neither enough to eject it on its own

    // The ejection was pushed to every worker before any later IPC message, such as the scrape's request.
    const text = await metrics();
    expect(text).toContain(`ficus_instance_in_pool{service="pool",instance="${bad.url}",state="ejected"} 0`);
    expect(text).not.toContain(`ficus_instance_in_pool{service="pool",instance="${bad.url}",state="healthy"}`);
    expect(text).toContain(`ficus_instance_ejections_total{service="pool",instance="${bad.url}"} 1`);
    const toBad = bad.requests.length;
    const replies = await send(20, '/api/pool/3');
    expect(Date.now()).toBeLessThan(Date.parse(view[1]!.ejectedUntil!)); // still within the ejection (5 s)
    expect(replies.map((r) => r.headers['x-upstream'])).toEqual(Array(20).fill('good'));
    expect(bad.requests.length).toBe(toBad);
    await waitFor(() => replies.every((r) => pidOf(r.headers['x-request-id']) !== undefined), 5000);
    expect(new Set(replies.map((r) => pidOf(r.headers['x-request-id']))).size).toBe(2);

    badFails = false; // the ejection ends by time: back in the pool, for every worker
    await waitFor(async () => (await pool())[1]!.state === 'healthy', 15_000, 50);
    const back = await send(10, '/api/pool/4');
    expect(Object.keys(served(back.map((r) => String(r.headers['x-upstream']))))).toEqual(['bad', 'good']);
    await waitFor(() => back.every((r) => pidOf(r.headers['x-request-id']) !== undefined), 5000);
    const backOnBad = back.filter((r) => r.headers['x-upstream'] === 'bad');
    expect(new Set(backOnBad.map((r) => pidOf(r.headers['x-request-id']))).size).toBe(2);
  });

  it('GET /api/services counts the workers\' requests in flight', async () => {
    const pending = request(port, '/api/pool/hold');
    let inFlight = 0;
    const count = async () => (await admin('GET', '/api/services')).body.services.find((s: { name: string }) => s.name === 'pool').instances.reduce((n: number, i: { inFlight: number }) => n + i.inFlight, 0);
    await waitFor(async () => (inFlight = await count()) === 1, 5000, 20);
    expect(inFlight).toBe(1);
    for (const res of held.splice(0)) res.end('{}');
    await pending;
    await waitFor(async () => (inFlight = await count()) === 0, 5000, 20);
    expect(inFlight).toBe(0);
  });

  it('shadow copies of both workers\' exchanges are sent and compared by the primary', async () => {
    await send(4, '/api/items/1');
    await waitFor(() => service.requests.filter((r) => r.url === '/api/items/1' && r.headers['x-ficus-shadow']).length === 4, 20_000);
    let compared = 0;
    await waitFor(async () => (compared = (await admin('GET', '/api/routes/items')).body.shadow.compared) >= 4, 5000, 50);
    expect(compared).toBe(4);
  });

  it('a cutover through the admin API reaches both workers', async () => {
    expect((await admin('PATCH', '/api/routes/products', { mode: 'service', force: true })).status).toBe(200);
    const before = requestLines('products').length;
    const replies = await send(20, '/api/products/2');
    expect(replies.map((r) => r.headers['x-upstream'])).toEqual(Array(20).fill('catalog'));
    await waitFor(() => requestLines('products').length === before + 20, 10_000);
    const after = requestLines('products').slice(before);
    expect(new Set(after.map((l) => l.pid)).size).toBe(2);
    expect(after.every((l) => l.backend === 'service')).toBe(true);
  });

  it('the auto-rollback judges the group: 10 failures split over two workers reach minRequests 10 together', async () => {
    const replies = await send(10, '/api/orders/1-fail');
    expect(replies.map((r) => r.status)).toEqual(Array(10).fill(503));
    await waitFor(() => requestLines('orders').length === 10, 10_000);
    const pids = requestLines('orders').map((l) => l.pid);
    expect(new Set(pids).size).toBe(2);
    expect(pids.filter((p) => p === pids[0]).length).toBeLessThan(10); // neither worker saw enough on its own
    let mode = '';
    await waitFor(async () => (mode = (await admin('GET', '/api/routes/orders')).body.mode) === 'monolith', 5000, 50);
    expect(mode).toBe('monolith');
    expect((await request(port, '/api/orders/2-fail')).headers['x-upstream']).toBe('monolith'); // the rollback reached the workers
  });

  it('a worker that dies is replaced on the same port and counted; the other keeps serving', async () => {
    const pids = [...new Set(requestLines('products').map((l) => Number(l.pid)))];
    const victim = pids[0]!;
    process.kill(victim, 'SIGKILL');
    // A connection the primary hands to the worker in the instant before it learns of the death is
    // lost with it (node's round-robin handoff), so the traffic below starts once the death is logged.
    await waitFor(() => lines().some((l) => l.msg === 'gateway worker died; starting another' && l.workerPid === victim), 30_000);
    expect((await send(6, '/api/products/3')).map((r) => r.status)).toEqual(Array(6).fill(200)); // the other worker serves meanwhile
    let text = await metrics();
    await waitFor(async () => /^ficus_workers 2$/m.test((text = await metrics())), 10_000, 50);
    expect(text).toMatch(/^ficus_worker_restarts_total 1$/m);
    expect(text).toMatch(/^ficus_workers 2$/m);
    const before = requestLines('products').length;
    await send(10, '/api/products/4');
    await waitFor(() => requestLines('products').length === before + 10, 10_000);
    const serving = new Set(requestLines('products').slice(before).map((l) => Number(l.pid)));
    expect(serving.size).toBe(2);
    expect(serving.has(victim)).toBe(false);
    expect(requestLines('products').slice(before).every((l) => l.backend === 'service')).toBe(true); // the new worker got the live table
  });
});

describe('listen.workers: the relay to a primary that does not read', { timeout: 240_000 }, () => {
  const MiB = 1024 * 1024;
  let monolith: TestUpstream;
  let gw: GatewayProcess;

  beforeAll(async () => {
    const big = Buffer.alloc(MiB, 'x');
    monolith = await startEcho('monolith', (_req, res) => (res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(big), true));
    gw = await spawnGateway((dir) => ({
      listen: { host: '127.0.0.1', port: 0, workers: 2 },
      admin: { host: '127.0.0.1', port: 0, token: TOKEN },
      store: { url: `sqlite:${path.join(dir, 'gateway.db')}` },
      inspector: { perRoute: 2 },
      monolith: { url: monolith.url },
      routes: [{ id: 'big', match: { path: '/big/*' }, mode: 'monolith', inspect: { bodies: true, bodyCapBytes: MiB } }], // 1 MiB bodies relayed
    }));
  });

  afterAll(async () => {
    await gw?.stop();
    await monolith?.close();
  });

  it('holds at most its queue bound, drops the rest and counts it; every exchange is relayed or counted as dropped', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 }); // one connection: one worker, which the primary need not hand anything
    await request(gw.port, '/big/0', { agent });
    process.kill(gw.pid, 'SIGSTOP'); // the primary stops reading its workers
    const N = 60; // 60 × 1.3 MiB of base64 bodies: about twice the 32 MiB bound
    try {
      for (let i = 1; i <= N; i++) expect((await request(gw.port, `/big/${i}`, { agent })).status).toBe(200);
    } finally {
      process.kill(gw.pid, 'SIGCONT');
      agent.destroy();
    }
    const backedUp = () => gw.lines().find((l) => l.msg === 'relay to the primary backed up; dropping exchanges until it reads again');
    await waitFor(() => backedUp() !== undefined, 10_000);
    const { queuedBytes, limitBytes } = backedUp() as { queuedBytes: number; limitBytes: number };
    expect(limitBytes).toBe(32 * MiB);
    expect(queuedBytes).toBeLessThanOrEqual(limitBytes); // it filled up to the bound, not past it
    expect(queuedBytes).toBeGreaterThan(limitBytes / 2);

    const caughtUp = () => gw.lines().find((l) => l.msg === 'relay to the primary caught up') as { dropped: { exchanges: number } } | undefined;
    await waitFor(() => caughtUp() !== undefined, 60_000, 50);
    const text = await (await fetch(`http://127.0.0.1:${gw.adminPort}/metrics`, { headers: auth })).text();
    const dropped = Number(/^ficus_relay_dropped_total\{kind="exchanges"\} (\d+)$/m.exec(text)?.[1]);
    expect(dropped).toBe(caughtUp()!.dropped.exchanges);
    expect(dropped).toBeGreaterThan(0);
    expect(text).toMatch(/^ficus_relay_queued_bytes 0$/m);
    let relayed = 0;
    const counted = async () => ((await (await fetch(`http://127.0.0.1:${gw.adminPort}/api/routes/big`, { headers: auth })).json()) as { requests: { monolith: number } }).requests.monolith;
    await waitFor(async () => (relayed = await counted()) + dropped === N + 1, 30_000, 50);
    expect(relayed + dropped).toBe(N + 1); // what the primary counted and what the worker dropped: every exchange once
  });
});
