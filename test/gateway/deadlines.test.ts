// A service's total deadline (`deadlineMs`): an upstream that trickles its answer, each byte well
// inside the idle `timeoutMs`, is cut at the deadline: 504 before the head, a cut connection after,
// counted as upstream_timeout (error EDEADLINE). An answer inside the deadline is untouched.
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { request } from './support/http-client.js';
import { startRecordingUpstream } from './support/recording-upstream.js';
import { startGateway, type RunningGateway } from './support/start-gateway.js';
import { startTrickler } from './support/trickling-upstream.js';
import { waitFor } from './support/wait-for.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

async function setUp(serviceUrl: string, deadlineMs: number): Promise<RunningGateway> {
  const monolith = await startRecordingUpstream();
  const gw = await startGateway({
    monolith: { url: monolith.url },
    services: { svc: { url: serviceUrl, timeoutMs: 2000, deadlineMs } },
    routes: [{ id: 'svc-route', match: { path: '/api/*' }, service: 'svc', mode: 'service' }],
  });
  cleanups.push(async () => {
    await gw.close();
    await monolith.close();
  });
  return gw;
}

async function timeouts(gw: RunningGateway): Promise<number> {
  const scrape = (await request(gw.adminPort, '/metrics')).body;
  return Number(/^ficus_upstream_errors_total\{kind="upstream_timeout"\} (\d+)$/m.exec(scrape)?.[1] ?? 0);
}

const BODY = 'x'.repeat(200);
const ANSWER = `HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: ${BODY.length}\r\n\r\n${BODY}`;

describe('total deadline per service', () => {
  it('a head trickled past deadlineMs gets 504 naming the deadline, counted', async () => {
    const trickler = await startTrickler(ANSWER, { bytes: 1, everyMs: 40 }); // ~11 s for the whole answer, 40 ms per byte
    cleanups.push(() => trickler.close());
    const gw = await setUp(trickler.url, 400);
    const reply = await request(gw.port, '/api/slow');
    expect(reply.status).toBe(504);
    expect(reply.json()).toMatchObject({ route: 'svc-route', detail: 'service: EDEADLINE' });
    expect(trickler.received().match(/^GET \/api\/slow HTTP\/1\.1/gm)).toHaveLength(1); // sent once, not retried
    expect(await timeouts(gw)).toBe(1);
    await waitFor(() => gw.logs.some((l) => l.msg === 'request'));
    expect(gw.logs.find((l) => l.msg === 'request')).toMatchObject({ outcome: 'upstream_timeout', error: 'EDEADLINE', status: 504 });
    expect((await request(gw.adminPort, '/readyz')).status).toBe(200);
  });

  it('a body trickled past deadlineMs cuts the client connection after the head', async () => {
    const headLength = ANSWER.indexOf('\r\n\r\n') + 4;
    const trickler = await startTrickler(ANSWER, { bytes: 5, everyMs: 40, fromByte: headLength });
    cleanups.push(() => trickler.close());
    const gw = await setUp(trickler.url, 400);
    const got = await new Promise<{ head: string; body: number }>((resolve) => {
      const socket = net.connect(gw.port, '127.0.0.1', () => socket.write('GET /api/slow HTTP/1.1\r\nHost: shop.example\r\n\r\n'));
      let text = '';
      socket.on('data', (c: Buffer) => (text += c.toString('latin1')));
      socket.on('error', () => {});
      socket.on('close', () => {
        const at = text.indexOf('\r\n\r\n');
        resolve({ head: text.slice(0, at), body: text.length - at - 4 });
      });
    });
    expect(got.head).toMatch(/^HTTP\/1\.1 200 /);
    expect(got.body).toBeGreaterThan(0);
    expect(got.body).toBeLessThan(BODY.length); // cut short: the content-length was never met
    await waitFor(() => gw.logs.some((l) => l.msg === 'request'));
    expect(gw.logs.find((l) => l.msg === 'request')).toMatchObject({ outcome: 'upstream_timeout', error: 'EDEADLINE', status: 200 });
    expect(await timeouts(gw)).toBe(1);
    expect((await request(gw.adminPort, '/readyz')).status).toBe(200);
  });

  it('an answer inside the deadline is untouched, and its upstream connection is reused after the deadline has passed', async () => {
    const service = await startRecordingUpstream();
    cleanups.push(() => service.close());
    const gw = await setUp(service.url, 300);
    expect((await request(gw.port, '/api/one')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 450)); // past the first exchange's deadline
    expect((await request(gw.port, '/api/two')).status).toBe(200);
    expect(service.requests.map((r) => [r.url, r.connection])).toEqual([
      ['/api/one', 1],
      ['/api/two', 1],
    ]);
    expect(await timeouts(gw)).toBe(0);
    expect((await request(gw.adminPort, '/readyz')).status).toBe(200);
  });
});
