// `fallback: monolith` with a body: an idempotent request whose small body (content-length up to
// the route's fallbackBodyCapBytes) was kept is replayed on the monolith when its connection to the
// service was refused, since the service never saw it. Anything the service may have received, or
// that was not kept whole, is never replayed. Asserted on what the monolith's own parser read.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from './support/http-client.js';
import { startRecordingUpstream, type RecordingUpstream } from './support/recording-upstream.js';
import { startGateway, type RunningGateway } from './support/start-gateway.js';
import { closedPort, startResetter, type TestUpstream } from './support/upstreams.js';
import { waitFor } from './support/wait-for.js';

let monolith: RecordingUpstream;
let resetter: TestUpstream;
let gw: RunningGateway;

beforeAll(async () => {
  monolith = await startRecordingUpstream();
  resetter = await startResetter();
  gw = await startGateway({
    monolith: { url: monolith.url },
    services: { down: { url: `http://127.0.0.1:${await closedPort()}` }, resets: { url: resetter.url } },
    routes: [
      { id: 'down', match: { path: '/api/*' }, service: 'down', mode: 'service', fallback: 'monolith', fallbackBodyCapBytes: 16 },
      { id: 'resets', match: { path: '/resets/*' }, service: 'resets', mode: 'service', fallback: 'monolith' },
    ],
  });
});

afterAll(async () => {
  await gw.close();
  await Promise.all([monolith.close(), resetter.close()]);
});

/** Writes the request in parts (`pauseMs` apart) and resolves with the status line. */
function send(parts: string[], pauseMs = 0): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(gw.port, '127.0.0.1');
    let text = '';
    socket.on('data', (c: Buffer) => {
      text += c.toString('latin1');
      if (text.includes('\r\n\r\n')) {
        socket.destroy();
        resolve(text.slice(0, text.indexOf('\r\n')));
      }
    });
    socket.on('error', reject);
    socket.once('connect', async () => {
      for (const [i, part] of parts.entries()) {
        if (i > 0) await new Promise((r) => setTimeout(r, pauseMs));
        socket.write(part, 'latin1');
      }
    });
  });
}

const head = (method: string, path: string, framing: string): string => `${method} ${path} HTTP/1.1\r\nHost: shop.example\r\n${framing}\r\n`;

async function seenByMonolith(action: () => Promise<string>): Promise<{ status: string; seen: RecordingUpstream['requests'] }> {
  const from = monolith.requests.length;
  const status = await action();
  await new Promise((r) => setTimeout(r, 50)); // room for a request that should not be there
  expect((await request(gw.adminPort, '/readyz')).status).toBe(200);
  return { status, seen: monolith.requests.slice(from) };
}

describe('fallback with a small body', () => {
  it.each(['PUT', 'DELETE'])('a %s with a small body is replayed on the monolith, body and length intact, once', async (method) => {
    const { status, seen } = await seenByMonolith(() => send([head(method, '/api/items/1', 'Content-Length: 11\r\n') + 'hello=world']));
    expect(status).toBe('HTTP/1.1 200 OK');
    expect(seen.map((r) => [r.method, r.url, r.body, r.headers['content-length']])).toEqual([[method, '/api/items/1', 'hello=world', '11']]);
    await waitFor(() => gw.logs.some((l) => l.msg === 'request' && l.method === method && l.url === '/api/items/1'));
    expect(gw.logs.find((l) => l.method === method && l.url === '/api/items/1')).toMatchObject({ backend: 'monolith', fellBack: true, status: 200, outcome: 'ok' });
  });

  it('a body still arriving when the service refuses is replayed once it is whole', async () => {
    const { status, seen } = await seenByMonolith(() => send([head('PUT', '/api/items/2', 'Content-Length: 11\r\n') + 'hello', '=world'], 200));
    expect(status).toBe('HTTP/1.1 200 OK');
    expect(seen.map((r) => r.body)).toEqual(['hello=world']);
  });

  it.each([
    ['a body over fallbackBodyCapBytes', head('PUT', '/api/items/3', 'Content-Length: 17\r\n') + 'x'.repeat(17)],
    ['a chunked body (no length to check before it is read)', head('PUT', '/api/items/4', 'Transfer-Encoding: chunked\r\n') + '5\r\nhello\r\n0\r\n\r\n'],
    ['a POST (not idempotent)', head('POST', '/api/items', 'Content-Length: 5\r\n') + 'hello'],
    ['a PUT the service may have received (connection reset)', head('PUT', '/resets/items/1', 'Content-Length: 5\r\n') + 'hello'],
  ])('%s is not replayed: 502, and the monolith sees nothing', async (_name, bytes) => {
    const { status, seen } = await seenByMonolith(() => send([bytes]));
    expect(status).toBe('HTTP/1.1 502 Bad Gateway');
    expect(seen).toEqual([]);
  });
});
