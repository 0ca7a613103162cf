// Websocket upgrades: tunnelled to the route's backend with the forwarding headers, one access-log
// line and one request count each (route, backend, duration, outcome, status 101 when tunnelled),
// and a refused service falls back to the monolith when the route says so.
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { request } from './support/http-client.js';
import { startGateway } from './support/start-gateway.js';
import { closedPort, startEcho } from './support/upstreams.js';
import { waitFor } from './support/wait-for.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

async function startWsService(): Promise<{ url: string; upgrades: http.IncomingHttpHeaders[]; paths: string[] }> {
  const server = http.createServer();
  const wss = new WebSocketServer({ server });
  const upgrades: http.IncomingHttpHeaders[] = [];
  const paths: string[] = [];
  wss.on('connection', (socket, req) => {
    upgrades.push(req.headers);
    paths.push(req.url ?? '');
    socket.on('message', (data) => socket.send(`echo:${data.toString()}`));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close();
        server.close(() => resolve());
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, upgrades, paths };
}

function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`status ${res.statusCode}`)));
  });
}

describe('websockets', () => {
  it('upgrades and tunnels to the route’s service, with forwarding headers', async () => {
    const service = await startWsService();
    const monolith = await startEcho('monolith');
    const gw = await startGateway({
      monolith: { url: monolith.url },
      services: { live: { url: service.url } },
      routes: [{ id: 'live', match: { path: '/ws/*' }, service: 'live', mode: 'service' }],
    });
    cleanups.push(() => gw.close(), () => monolith.close());
    const ws = await open(`ws://127.0.0.1:${gw.port}/ws/./chat`);
    const reply = new Promise<string>((resolve) => ws.once('message', (d) => resolve(d.toString())));
    ws.send('hello');
    expect(await reply).toBe('echo:hello');
    ws.close();
    expect(service.paths).toEqual(['/ws/chat']);
    expect(service.upgrades[0]).toMatchObject({ 'x-forwarded-for': '127.0.0.1', via: '1.1 ficus', upgrade: 'websocket' });
    await waitFor(() => gw.logs.some((l) => l.msg === 'request' && l.status === 101));
    const line = gw.logs.find((l) => l.msg === 'request')!;
    expect(line).toMatchObject({ route: 'live', backend: 'service', outcome: 'ok', status: 101, fellBack: false, url: '/ws/chat' });
    expect(line.durationMs).toEqual(expect.any(Number));
    expect(gw.logs.filter((l) => l.msg === 'request')).toHaveLength(1); // one line per upgrade, written when the tunnel closes
    const requests = await gw.gateway.registry.getSingleMetric('ficus_requests_total')!.get();
    expect(requests.values.filter((v) => v.labels.route === 'live')).toEqual([expect.objectContaining({ labels: { route: 'live', backend: 'service', status: '101' }, value: 1 })]);
    const scrape = (await request(gw.adminPort, '/metrics')).body;
    expect(scrape).toMatch(/^ficus_request_duration_seconds_count\{route="live",backend="service"\} 1$/m);
    expect(monolith.requests).toEqual([]);
    expect((await fetch(`http://127.0.0.1:${gw.adminPort}/readyz`)).status).toBe(200);
  });

  it('an unreachable websocket upstream answers 502, and the gateway keeps serving', async () => {
    const monolith = await startEcho('monolith');
    const gw = await startGateway({
      monolith: { url: monolith.url },
      services: { live: { url: `http://127.0.0.1:${await closedPort()}` } },
      routes: [{ id: 'live', match: { path: '/ws/*' }, service: 'live', mode: 'service' }],
    });
    cleanups.push(() => gw.close(), () => monolith.close());
    await expect(open(`ws://127.0.0.1:${gw.port}/ws/chat`)).rejects.toThrow('status 502');
    await expect(open(`ws://127.0.0.1:${gw.port}/ws%2fchat`)).rejects.toThrow('status 400');
    const ok = await fetch(`http://127.0.0.1:${gw.port}/home`);
    expect(ok.status).toBe(200);
    expect(monolith.requests.map((r) => r.url)).toEqual(['/home']); // neither upgrade reached it
    await waitFor(() => gw.logs.filter((l) => l.msg === 'request').length === 3);
    expect(gw.logs.filter((l) => l.msg === 'request').map((l) => [l.url, l.status, l.outcome])).toEqual([
      ['/ws/chat', 502, 'upstream_refused'],
      ['/ws%2fchat', 400, 'rejected'],
      ['/home', 200, 'ok'],
    ]);
    expect((await fetch(`http://127.0.0.1:${gw.adminPort}/readyz`)).status).toBe(200);
  });

  it('an upgrade to a service that refuses the connection falls back to the monolith when the route says so, logged and counted', async () => {
    const monolith = await startWsService();
    const gw = await startGateway({
      monolith: { url: monolith.url },
      services: { live: { url: `http://127.0.0.1:${await closedPort()}` } },
      routes: [{ id: 'live', match: { path: '/ws/*' }, service: 'live', mode: 'service', fallback: 'monolith' }],
    });
    cleanups.push(() => gw.close());
    const ws = await open(`ws://127.0.0.1:${gw.port}/ws/chat`);
    const reply = new Promise<string>((resolve) => ws.once('message', (d) => resolve(d.toString())));
    ws.send('hello');
    expect(await reply).toBe('echo:hello'); // the tunnel outlived the failed first attempt
    ws.close();
    expect(monolith.paths).toEqual(['/ws/chat']);
    expect(monolith.upgrades[0]).toMatchObject({ via: '1.1 ficus', upgrade: 'websocket' });
    await waitFor(() => gw.logs.some((l) => l.msg === 'request'));
    expect(gw.logs.find((l) => l.msg === 'request')).toMatchObject({ route: 'live', backend: 'monolith', fellBack: true, status: 101, outcome: 'ok' });
    expect(gw.logs.find((l) => l.msg === 'request')!.durationMs).toEqual(expect.any(Number));
    const errors = await gw.gateway.registry.getSingleMetric('ficus_upstream_errors_total')!.get();
    expect(errors.values.find((v) => v.labels.kind === 'upstream_refused')?.value).toBe(1);
    const requests = await gw.gateway.registry.getSingleMetric('ficus_requests_total')!.get();
    expect(requests.values.find((v) => v.labels.route === 'live')).toMatchObject({ labels: { backend: 'monolith', status: '101' }, value: 1 });
    expect((await fetch(`http://127.0.0.1:${gw.adminPort}/readyz`)).status).toBe(200);
  });

  it('without fallback the refused upgrade answers 502 and the monolith never sees it', async () => {
    const monolith = await startWsService();
    const gw = await startGateway({
      monolith: { url: monolith.url },
      services: { live: { url: `http://127.0.0.1:${await closedPort()}` } },
      routes: [{ id: 'live', match: { path: '/ws/*' }, service: 'live', mode: 'service' }],
    });
    cleanups.push(() => gw.close());
    await expect(open(`ws://127.0.0.1:${gw.port}/ws/chat`)).rejects.toThrow('status 502');
    expect(monolith.paths).toEqual([]);
    await waitFor(() => gw.logs.some((l) => l.msg === 'request'));
    expect(gw.logs.find((l) => l.msg === 'request')).toMatchObject({ backend: 'service', fellBack: false, status: 502, outcome: 'upstream_refused' });
    const requests = await gw.gateway.registry.getSingleMetric('ficus_requests_total')!.get();
    expect(requests.values.find((v) => v.labels.route === 'live')).toMatchObject({ labels: { backend: 'service', status: '502' }, value: 1 });
    expect((await fetch(`http://127.0.0.1:${gw.adminPort}/readyz`)).status).toBe(200);
  });
});
