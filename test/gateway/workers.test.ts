// listen.workers: a real `ficus gateway` with two data-plane workers on one port (node's cluster):
// both serve, a cutover made through the primary's admin API reaches both, the route counters and
// /metrics are the group's sum, the auto-rollback judges the sum, and a killed worker is replaced
// and counted while the other keeps serving.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../gateway/config/validate-config.js';
import { ficusEntry, repoRoot } from '../support/cli.js';
import { request } from './support/http-client.js';
import { startEcho, type TestUpstream } from './support/upstreams.js';
import { waitFor } from './support/wait-for.js';

const TOKEN = 'workers-test-token-0123456789';
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
  let child: ReturnType<typeof spawn>;
  let stdout = '';
  let stderr = '';
  let port = 0;
  let adminPort = 0;
  const lines = (): Record<string, unknown>[] =>
    stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
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
    const dir = mkdtempSync(path.join(tmpdir(), 'ficus-workers-'));
    const file = path.join(dir, 'gateway.yaml');
    writeFileSync(
      file,
      JSON.stringify({
        listen: { host: '127.0.0.1', port: 0, workers: 2 },
        admin: { host: '127.0.0.1', port: 0, token: TOKEN },
        store: { url: `sqlite:${path.join(dir, 'gateway.db')}` },
        monolith: { url: monolith.url },
        services: { catalog: { url: service.url } },
        routes: [
          { id: 'products', match: { path: '/api/products/*' }, service: 'catalog', mode: 'monolith' },
          { id: 'items', match: { path: '/api/items/*' }, service: 'catalog', mode: 'shadow' },
          { id: 'orders', match: { path: '/api/orders/*' }, service: 'catalog', mode: 'service', guard: { rollback: { minRequests: 10, maxErrorRate: 0.5 } } },
        ],
      }),
    );
    child = spawn(process.execPath, [ficusEntry, 'gateway', '-c', file], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    await waitFor(() => /listening on 127\.0\.0\.1:\d+, admin on 127\.0\.0\.1:\d+ \(2 workers\)/.test(stderr), 120_000).catch((err: Error) => {
      throw new Error(`${err.message}; gateway stderr: ${stderr}`);
    });
    [, port, adminPort] = /listening on 127\.0\.0\.1:(\d+), admin on 127\.0\.0\.1:(\d+)/.exec(stderr)!.map(Number) as [number, number, number];
  });

  afterAll(async () => {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))]);
    child.kill('SIGKILL');
    await Promise.all([monolith?.close(), service?.close()]);
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
