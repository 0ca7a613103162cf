// Upstream failures are data: the client gets a problem+json 502/504 naming the route, never a
// hang; the exchange is logged, counted and reported to taps with its outcome.
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { ExchangeResult } from '../../gateway/hooks.js';
import { request } from './support/http-client.js';
import { waitFor } from './support/wait-for.js';
import { startGateway } from './support/start-gateway.js';
import { closedPort, startBlackHole, startEcho, startResetter } from './support/upstreams.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

async function setUp(serviceUrl: string, route: { fallback?: 'monolith' | 'none'; timeoutMs?: number } = {}) {
  const monolith = await startEcho('monolith');
  const results: ExchangeResult[] = [];
  const gw = await startGateway(
    {
      monolith: { url: monolith.url },
      services: { svc: { url: serviceUrl, timeoutMs: route.timeoutMs ?? 5000 } },
      routes: [{ id: 'svc-route', match: { path: '/api/*' }, service: 'svc', mode: 'service', fallback: route.fallback ?? 'none' }],
    },
    { hooks: [{ tapExchange: () => ({ onComplete: (r) => results.push(r) }) }] },
  );
  cleanups.push(() => gw.close(), () => monolith.close());
  return { gw, monolith, results };
}

async function errorsOfKind(gw: Awaited<ReturnType<typeof setUp>>['gw'], kind: string): Promise<number> {
  const metric = await gw.gateway.registry.getSingleMetric('ficus_upstream_errors_total')!.get();
  return metric.values.find((v) => v.labels.kind === kind)?.value ?? 0;
}

/** The gateway still answers after a failure: /readyz, and a request to the monolith. */
async function stillServing(gw: Awaited<ReturnType<typeof setUp>>['gw']): Promise<void> {
  expect((await request(gw.adminPort, '/readyz')).status).toBe(200);
  expect((await request(gw.port, '/home')).status).toBe(200);
}

describe('upstream failures', () => {
  it('connection refused → 502 problem naming the route', async () => {
    const { gw, monolith, results } = await setUp(`http://127.0.0.1:${await closedPort()}`);
    const reply = await request(gw.port, '/api/x');
    expect(reply.status).toBe(502);
    expect(reply.headers['content-type']).toBe('application/problem+json');
    expect(reply.headers['x-ficus-route']).toBe('svc-route');
    expect(reply.json()).toMatchObject({ status: 502, route: 'svc-route', detail: 'service: ECONNREFUSED' });
    await waitFor(() => results.length === 1);
    expect(results[0]).toMatchObject({ outcome: 'upstream_refused', status: 502, backend: 'service', fellBack: false });
    expect(await errorsOfKind(gw, 'upstream_refused')).toBe(1);
    expect(monolith.requests).toEqual([]); // no fallback configured: nothing went elsewhere
    await stillServing(gw);
  });

  it('a service that destroys the socket → 502 upstream_reset', async () => {
    const resetter = await startResetter();
    cleanups.push(() => resetter.close());
    const { gw, results } = await setUp(resetter.url);
    const reply = await request(gw.port, '/api/x');
    expect(reply.status).toBe(502);
    expect(reply.json().route).toBe('svc-route');
    await waitFor(() => results.length === 1);
    expect(results[0]!.outcome).toBe('upstream_reset');
    expect(resetter.connections()).toBe(1); // the request went once, and was not retried
    await stillServing(gw);
  });

  it('a service that never answers → 504 after its timeoutMs', async () => {
    const hole = await startBlackHole();
    cleanups.push(() => hole.close());
    const { gw, results } = await setUp(hole.url, { timeoutMs: 150 });
    const reply = await request(gw.port, '/api/x');
    expect(reply.status).toBe(504);
    expect(reply.json()).toMatchObject({ status: 504, route: 'svc-route' });
    await waitFor(() => results.length === 1);
    expect(results[0]!.outcome).toBe('upstream_timeout');
    expect(await errorsOfKind(gw, 'upstream_timeout')).toBe(1);
    expect(hole.connections()).toBe(1);
    await stillServing(gw);
  });

  it('a service that dies mid-body cuts the client connection instead of faking success', async () => {
    const dying = await startEcho('dying', (_req, res) => {
      res.writeHead(200, { 'content-length': '1000' });
      res.write('partial');
      setTimeout(() => res.socket?.destroy(), 20);
      return true;
    });
    cleanups.push(() => dying.close());
    const { gw, results } = await setUp(dying.url);
    await expect(request(gw.port, '/api/x')).rejects.toThrow();
    await waitFor(() => results.length === 1);
    expect(results[0]).toMatchObject({ outcome: 'upstream_reset', status: 200 });
    expect(dying.requests.map((r) => r.url)).toEqual(['/api/x']);
    await stillServing(gw);
  });

  it('a client that aborts is reported as client_abort and the upstream request is cancelled', async () => {
    const hole = await startBlackHole();
    cleanups.push(() => hole.close());
    const { gw, results } = await setUp(hole.url);
    const req = http.request({ host: '127.0.0.1', port: gw.port, path: '/api/slow', agent: false });
    req.on('error', () => {});
    req.end();
    await waitFor(() => hole.connections() === 1);
    req.destroy();
    await waitFor(() => results.length === 1);
    expect(results[0]).toMatchObject({ outcome: 'client_abort', status: 499 });
    expect(gw.logs.find((l) => l.msg === 'request')).toMatchObject({ outcome: 'client_abort', route: 'svc-route' });
    await waitFor(() => hole.closed() === 1); // the upstream's half was cancelled, not left to time out
    await stillServing(gw);
  });
});

describe('fallback: monolith', () => {
  it.each(['GET', 'HEAD', 'OPTIONS', 'DELETE'])('retries an idempotent %s that could not connect once on the monolith', async (method) => {
    const { gw, monolith, results } = await setUp(`http://127.0.0.1:${await closedPort()}`, { fallback: 'monolith' });
    const reply = await request(gw.port, '/api/x', { method });
    expect(reply.status).toBe(200);
    expect(reply.headers['x-ficus-backend']).toBe('monolith');
    expect(monolith.requests.map((r) => r.method)).toEqual([method]);
    await waitFor(() => results.length === 1);
    expect(results[0]).toMatchObject({ outcome: 'ok', backend: 'monolith', fellBack: true });
    expect(await errorsOfKind(gw, 'upstream_refused')).toBe(1); // the service failure is still counted
    await stillServing(gw);
  });

  it.each([
    ['POST', undefined],
    ['PATCH', undefined],
    ['PUT with a body over the default fallbackBodyCapBytes (64 KiB)', 'x'.repeat(64 * 1024 + 1)], // small ones: fallback-body.test.ts
  ])('never retries %s', async (label, body) => {
    const { gw, monolith } = await setUp(`http://127.0.0.1:${await closedPort()}`, { fallback: 'monolith' });
    const reply = await request(gw.port, '/api/x', { method: label.split(' ')[0], body: body ?? '{}', headers: { 'content-type': 'application/json' } });
    expect(reply.status).toBe(502);
    expect(monolith.requests).toEqual([]);
    await stillServing(gw);
  });

  it('never retries a chunked PUT (a body without content-length)', async () => {
    const { gw, monolith } = await setUp(`http://127.0.0.1:${await closedPort()}`, { fallback: 'monolith' });
    const reply = await new Promise<number>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: gw.port, path: '/api/x', method: 'PUT', agent: false }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.write('{"part":1}'); // no content-length: node sends transfer-encoding: chunked
      req.end('{"part":2}');
    });
    expect(reply).toBe(502);
    expect(monolith.requests).toEqual([]);
    await stillServing(gw);
  });

  it('does not retry a request the service received (reset after connect)', async () => {
    const resetter = await startResetter();
    cleanups.push(() => resetter.close());
    const { gw, monolith } = await setUp(resetter.url, { fallback: 'monolith' });
    const reply = await request(gw.port, '/api/x');
    expect(reply.status).toBe(502);
    expect(monolith.requests).toEqual([]);
    expect(resetter.connections()).toBe(1);
    await stillServing(gw);
  });

  it('answers 502 when the monolith is down too, still once', async () => {
    const port = await closedPort();
    const { gw, results } = await setUp(`http://127.0.0.1:${port}`, { fallback: 'monolith' });
    await gw.gateway.reload({ ...gw.gateway.config(), monolith: { ...gw.gateway.config().monolith, url: `http://127.0.0.1:${port}`, timeoutMs: 1000 } });
    const reply = await request(gw.port, '/api/x');
    expect(reply.status).toBe(502);
    expect(reply.json().detail).toBe('monolith: ECONNREFUSED');
    await waitFor(() => results.length === 1);
    expect(results[0]).toMatchObject({ outcome: 'upstream_refused', backend: 'monolith', fellBack: true });
    expect((await request(gw.adminPort, '/readyz')).status).toBe(200);
  });
});
