import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { ExchangeInfo, ExchangeResult, GatewayHooks } from '../../gateway/hooks.js';
import { request } from './support/http-client.js';
import { waitFor } from './support/wait-for.js';
import { startGateway, type RunningGateway } from './support/start-gateway.js';
import { startEcho, type TestUpstream } from './support/upstreams.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

async function setUp(options: { headers?: { route?: boolean; trustForwarded?: boolean }; hooks?: GatewayHooks[]; upstream?: Parameters<typeof startEcho>[1] } = {}) {
  const monolith = await startEcho('monolith', options.upstream);
  const service = await startEcho('catalog', options.upstream);
  const gw = await startGateway(
    {
      monolith: { url: monolith.url },
      services: { catalog: { url: service.url } },
      headers: options.headers,
      routes: [
        { id: 'products', match: { path: '/api/products/*' }, service: 'catalog', mode: 'service' },
        { id: 'orders', match: { path: '/api/orders/*' }, service: 'catalog', mode: 'shadow' },
      ],
    },
    { hooks: options.hooks },
  );
  cleanups.push(() => gw.close(), () => monolith.close(), () => service.close());
  return { monolith, service, gw };
}

describe('proxying', () => {
  it('adds forwarding headers and names the route and backend on the response', async () => {
    const { gw } = await setUp();
    const reply = await request(gw.port, '/api/products/7?x=1', {
      headers: { host: 'shop.example', via: '1.0 edge' },
    });
    expect(reply.status).toBe(200);
    expect(reply.headers['x-ficus-route']).toBe('products');
    expect(reply.headers['x-ficus-backend']).toBe('service');
    expect(reply.headers['x-upstream']).toBe('catalog');
    expect(reply.headers.via).toBe('1.1 ficus');
    const seen = reply.json();
    expect(seen.url).toBe('/api/products/7?x=1');
    expect(seen.headers).toMatchObject({
      host: 'shop.example',
      'x-forwarded-for': '127.0.0.1',
      'x-forwarded-proto': 'http',
      'x-forwarded-host': 'shop.example',
      via: '1.0 edge, 1.1 ficus',
    });
  });

  it("replaces a client's forwarding claims by what it saw, unless told to trust them (behind a proxy of yours)", async () => {
    const claims = {
      host: 'shop.example',
      'x-forwarded-for': '203.0.113.9',
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'admin.example',
      forwarded: 'for=203.0.113.9;proto=https',
    };
    const untrusted = await setUp();
    expect((await request(untrusted.gw.port, '/api/products/7', { headers: claims })).json().headers).toMatchObject({
      'x-forwarded-for': '127.0.0.1',
      'x-forwarded-proto': 'http',
      'x-forwarded-host': 'shop.example',
    });
    expect(untrusted.service.requests.at(-1)!.headers.forwarded).toBeUndefined();

    const trusted = await setUp({ headers: { trustForwarded: true } });
    expect((await request(trusted.gw.port, '/api/products/7', { headers: claims })).json().headers).toMatchObject({
      'x-forwarded-for': '203.0.113.9, 127.0.0.1',
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'admin.example',
      forwarded: 'for=203.0.113.9;proto=https',
    });
  });

  it('puts an upstream URL base path in front of the request path, query kept', async () => {
    const monolith = await startEcho('monolith');
    const service = await startEcho('catalog');
    const gw = await startGateway({
      monolith: { url: `${monolith.url}/legacy/` },
      services: { catalog: { url: `${service.url}/v2` } },
      routes: [{ id: 'products', match: { path: '/api/products/*' }, service: 'catalog', mode: 'service' }],
    });
    cleanups.push(() => gw.close(), () => monolith.close(), () => service.close());
    expect((await request(gw.port, '/api/products/7?x=1')).json().url).toBe('/v2/api/products/7?x=1');
    expect((await request(gw.port, '/api/users/1')).json().url).toBe('/legacy/api/users/1');
  });

  it('route headers can be switched off', async () => {
    const { gw } = await setUp({ headers: { route: false } });
    const reply = await request(gw.port, '/api/products/7');
    expect(reply.status).toBe(200);
    expect(reply.headers['x-ficus-route']).toBeUndefined();
    expect(reply.headers['x-ficus-backend']).toBeUndefined();
  });

  it('propagates a client x-request-id, or creates one, upstream and back', async () => {
    const { gw } = await setUp();
    const given = await request(gw.port, '/x', { headers: { 'x-request-id': 'req-123' } });
    expect(given.json().headers['x-request-id']).toBe('req-123');
    expect(given.headers['x-request-id']).toBe('req-123');
    const created = await request(gw.port, '/x');
    expect(created.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.json().headers['x-request-id']).toBe(created.headers['x-request-id']);
    const unsafe = await request(gw.port, '/x', { headers: { 'x-request-id': 'a b<script>' } });
    expect(unsafe.headers['x-request-id']).not.toBe('a b<script>');
  });

  it('strips hop-by-hop response headers, including Connection tokens', async () => {
    const { gw } = await setUp({
      upstream: (_req, res) => {
        res.writeHead(200, {
          connection: 'x-upstream-secret',
          'x-upstream-secret': 'leak',
          'keep-alive': 'timeout=99',
          'proxy-authenticate': 'Basic',
          'content-type': 'text/plain',
        });
        res.end('ok');
        return true;
      },
    });
    const reply = await request(gw.port, '/x');
    expect(reply.status).toBe(200);
    expect(reply.body).toBe('ok');
    expect(reply.headers['x-upstream-secret']).toBeUndefined();
    expect(reply.headers['keep-alive']).not.toBe('timeout=99'); // node may state its own, for this hop
    expect(reply.headers['proxy-authenticate']).toBeUndefined();
    expect(reply.headers['content-type']).toBe('text/plain');
  });

  it('does not forward hop-by-hop request headers upstream', async () => {
    const { gw, monolith } = await setUp();
    await request(gw.port, '/x', {
      headers: { connection: 'x-client-secret', 'x-client-secret': 'leak', te: 'trailers', 'proxy-authorization': 'Basic eA==', 'x-kept': '1' },
    });
    const seen = monolith.requests.at(-1)!.headers;
    expect(seen['x-client-secret']).toBeUndefined();
    expect(seen.te).toBeUndefined();
    expect(seen['proxy-authorization']).toBeUndefined();
    expect(seen['x-kept']).toBe('1');
  });

  it('streams request and response bodies and shows them to exchange taps', async () => {
    const infos: ExchangeInfo[] = [];
    const results: ExchangeResult[] = [];
    let requestBytes = 0;
    let responseBytes = 0;
    let responseHead: number | undefined;
    const hooks: GatewayHooks = {
      tapExchange(info) {
        infos.push(info);
        return {
          onRequestChunk: (c) => (requestBytes += c.length),
          onResponse: (status) => (responseHead = status),
          onResponseChunk: (c) => (responseBytes += c.length),
          onComplete: (r) => results.push(r),
        };
      },
    };
    const { gw, monolith } = await setUp({ hooks: [hooks] });
    const body = Buffer.alloc(3 * 1024 * 1024, 'a'); // larger than any socket buffer: it must stream
    const reply = await request(gw.port, '/api/orders/1', { method: 'POST', body, headers: { 'content-type': 'text/plain', 'x-user-id': 'u1' } });
    expect(reply.status).toBe(200);
    expect(monolith.requests.at(-1)!.body.length).toBe(body.length);
    expect(requestBytes).toBe(body.length);
    expect(responseHead).toBe(200);
    expect(responseBytes).toBe(Buffer.byteLength(reply.body));
    expect(infos[0]).toMatchObject({ routeId: 'orders', backend: 'monolith', reason: 'mode:shadow', method: 'POST', url: '/api/orders/1', serviceName: 'catalog' });
    expect(infos[0]!.headers['x-user-id']).toBe('u1');
    expect(infos[0]!.route?.mode).toBe('shadow');
    await waitFor(() => results.length === 1);
    expect(results[0]).toMatchObject({ outcome: 'ok', status: 200, backend: 'monolith', fellBack: false });
  });

  it('a tap that throws costs nothing but a counted error', async () => {
    const { gw } = await setUp({
      hooks: [
        {
          tapExchange: () => ({
            onResponse: () => {
              throw new Error('tap bug');
            },
          }),
        },
      ],
    });
    const reply = await request(gw.port, '/api/products/1');
    expect(reply.status).toBe(200);
    expect(await gw.gateway.registry.getSingleMetricAsString('ficus_tap_errors_total')).toMatch(/ficus_tap_errors_total 1/);
  });

  it('reuses keep-alive sockets to each upstream', async () => {
    const { gw, monolith, service } = await setUp();
    const client = new http.Agent({ keepAlive: true, maxSockets: 4 });
    for (let round = 0; round < 5; round++) {
      await Promise.all(Array.from({ length: 4 }, (_, i) => request(gw.port, i % 2 ? '/api/products/1' : '/home', { agent: client })));
    }
    client.destroy();
    expect(monolith.requests.length).toBe(10);
    expect(service.requests.length).toBe(10);
    // 20 requests, at most 4 concurrent: without reuse each upstream would see 10 connections.
    expect(monolith.connections()).toBeLessThanOrEqual(2);
    expect(service.connections()).toBeLessThanOrEqual(2);
  });

  it('writes a JSON access log line and metrics per exchange', async () => {
    const { gw } = await setUp();
    await request(gw.port, '/api/products/9', { headers: { 'x-request-id': 'log-me' } });
    await waitFor(() => gw.logs.some((l) => l.requestId === 'log-me'));
    expect(gw.logs.find((l) => l.requestId === 'log-me')).toMatchObject({
      msg: 'request', route: 'products', backend: 'service', status: 200, outcome: 'ok', method: 'GET', url: '/api/products/9',
    });
    const scrape = await request(gw.adminPort, '/metrics'); // the admin port serves them (open on loopback without a token)
    expect(scrape.status).toBe(200);
    const metrics = scrape.body;
    expect(metrics).toContain('ficus_requests_total{route="products",backend="service",status="200"} 1');
    expect(metrics).toMatch(/ficus_request_duration_seconds_count\{route="products",backend="service"\} 1/);
    expect(metrics).toMatch(/^ficus_requests_in_flight 0$/m);
  });

  it('counts requests in flight while the upstream has not answered', async () => {
    let answer: (() => void) | undefined;
    const { gw } = await setUp({
      upstream: (req, res) => {
        if (req.url !== '/slow') return false;
        answer = () => res.end('late');
        return true;
      },
    });
    const inFlight = async () => Number(/^ficus_requests_in_flight (\d+)$/m.exec((await request(gw.adminPort, '/metrics')).body)?.[1]);
    const slow = request(gw.port, '/slow');
    await waitFor(() => answer !== undefined);
    expect(await inFlight()).toBe(1);
    answer!();
    expect((await slow).body).toBe('late');
    // the exchange is complete when the server's response closes, just after the client has its answer
    await waitFor(async () => (await inFlight()) === 0, 1000, 25);
    expect(await inFlight()).toBe(0);
  });
});
