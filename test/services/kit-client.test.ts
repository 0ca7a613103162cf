import { afterEach, describe, expect, it } from 'vitest';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { createService, createServiceClient, type Service } from '../../services/kit/index.js';

// Real servers on port 0, each failing in one way; they count what reaches them.
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

interface Seen {
  method: string;
  url: string;
  requestId?: string;
}

async function serve(handler: (req: http.IncomingMessage, res: http.ServerResponse, n: number) => void): Promise<{ base: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    seen.push({ method: req.method!, url: req.url!, requestId: req.headers['x-request-id'] as string | undefined });
    req.resume();
    handler(req, res, seen.length);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanups.push(
    () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  );
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** A port that was free a moment ago and has nothing listening now. */
async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

describe('createServiceClient', () => {
  it('returns the parsed JSON answer and passes the request id on', async () => {
    const { base, seen } = await serve((_req, res) => json(res, 200, { id: 1 }));
    const client = createServiceClient({ baseUrl: base });
    const r = await client.get<{ id: number }>('/api/products/1', { requestId: 'gw-42', query: { fields: 'id' } });
    expect(r).toMatchObject({ ok: true, outcome: 'ok', status: 200, body: { id: 1 }, attempts: 1, fromDefault: false });
    expect(seen).toEqual([{ method: 'GET', url: '/api/products/1?fields=id', requestId: 'gw-42' }]);
  });

  it('reports a refused connection as data after retrying, or returns the default', async () => {
    const port = await closedPort();
    const client = createServiceClient({ baseUrl: `http://127.0.0.1:${port}`, retries: 2, backoffMs: 5 });
    const r = await client.get('/x');
    expect(r).toMatchObject({ ok: false, outcome: 'upstream_refused', attempts: 3, fromDefault: false, body: undefined });
    const withDefault = createServiceClient({ baseUrl: `http://127.0.0.1:${port}`, retries: 0, default: { items: [] } });
    expect(await withDefault.get('/x')).toMatchObject({ ok: false, outcome: 'upstream_refused', fromDefault: true, body: { items: [] }, attempts: 1 });
  });

  it('reports a connection reset mid-exchange', async () => {
    const { base, seen } = await serve((req) => req.socket.destroy());
    const r = await createServiceClient({ baseUrl: base, retries: 1, backoffMs: 5 }).get('/x');
    expect(r).toMatchObject({ ok: false, outcome: 'upstream_reset', attempts: 2 });
    expect(seen).toHaveLength(2);
  });

  it('times out a server that hangs past timeoutMs, and retries it', async () => {
    const { base } = await serve(() => {}); // never answers
    const r = await createServiceClient({ baseUrl: base, timeoutMs: 300, retries: 1, backoffMs: 5 }).get('/x');
    expect(r).toMatchObject({ ok: false, outcome: 'upstream_timeout', attempts: 2 });
  });

  it('times out a server that stalls in the middle of the body', async () => {
    const { base } = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"items": [');
    });
    const r = await createServiceClient({ baseUrl: base, timeoutMs: 300, retries: 0 }).get('/x');
    expect(r).toMatchObject({ ok: false, outcome: 'upstream_timeout', attempts: 1 });
  });

  it('retries a 503 and succeeds on the 200 that follows', async () => {
    const { base, seen } = await serve((_req, res, n) => (n === 1 ? json(res, 503, { title: 'busy' }) : json(res, 200, { ok: 1 })));
    const r = await createServiceClient({ baseUrl: base, retries: 2, backoffMs: 5 }).get('/x');
    expect(r).toMatchObject({ ok: true, status: 200, body: { ok: 1 }, attempts: 2 });
    expect(seen.map((s) => s.method)).toEqual(['GET', 'GET']);
  });

  it('never retries a POST or a PATCH, even on a 500', async () => {
    const { base, seen } = await serve((_req, res) => json(res, 500, { title: 'oops' }));
    const client = createServiceClient({ baseUrl: base, retries: 3, backoffMs: 5, default: { queued: false } });
    const post = await client.post('/orders', { body: { sku: 'fig' } });
    expect(post).toMatchObject({ ok: false, outcome: 'http_error', status: 500, attempts: 1, fromDefault: true, body: { queued: false } });
    const patch = await client.patch('/orders/1', { body: { qty: 2 } });
    expect(patch).toMatchObject({ outcome: 'http_error', status: 500, attempts: 1 });
    expect(seen.map((s) => s.method)).toEqual(['POST', 'PATCH']);
  });

  it('treats a 404 as an answer: no retry, no default', async () => {
    const { base, seen } = await serve((_req, res) => json(res, 404, { title: 'Not Found' }));
    const r = await createServiceClient({ baseUrl: base, retries: 3, default: 'fb' }).get('/x');
    expect(r).toMatchObject({ ok: false, outcome: 'http_error', status: 404, body: { title: 'Not Found' }, fromDefault: false, attempts: 1 });
    expect(seen).toHaveLength(1);
  });

  it('reports a JSON content type with a broken body as invalid_body', async () => {
    const { base } = await serve((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"a":'));
    expect(await createServiceClient({ baseUrl: base, retries: 0 }).get('/x')).toMatchObject({ ok: false, outcome: 'invalid_body', body: '{"a":' });
  });

  it('passes the id of the request being served on without being told, from a kit service', async () => {
    const upstream = await serve((_req, res) => json(res, 200, { price: 3 }));
    const monolith = createServiceClient({ baseUrl: upstream.base });
    const service: Service<Record<string, never>, undefined> = createService({
      name: 'svc',
      logLevel: 'silent',
      defaultMetrics: false,
      routes: (r) => r.get('/p', async (_req, res) => res.json((await monolith.get('/price')).body)),
    });
    cleanups.push(() => service.close());
    const port = await service.listen(0);
    const res = await fetch(`http://127.0.0.1:${port}/p`, { headers: { 'x-request-id': 'from-gateway-7' } });
    expect(await res.json()).toEqual({ price: 3 });
    expect(upstream.seen[0].requestId).toBe('from-gateway-7');
  });
});

describe('backoffDelay', () => {
  it('doubles each retry and keeps the jitter within the upper half of the step', async () => {
    const { backoffDelay } = await import('../../services/kit/client/retry-policy.js');
    expect([1, 2, 3].map((n) => backoffDelay(n, 100, () => 0))).toEqual([50, 100, 200]);
    expect([1, 2, 3].map((n) => backoffDelay(n, 100, () => 0.999999))).toEqual([100, 200, 400].map((v) => expect.closeTo(v, 2)));
  });
});
