// Connections a client cannot hoard: the header deadline, the whole-request deadline, the
// keep-alive idle timeout and the connection cap each close what they should, are counted on
// /metrics, let nothing half-sent reach the upstream, and leave the gateway answering.
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { request } from './support/http-client.js';
import { startRecordingUpstream, type RecordingUpstream } from './support/recording-upstream.js';
import { startGateway, type RunningGateway } from './support/start-gateway.js';
import { waitFor } from './support/wait-for.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

async function setUp(listen: Record<string, number>): Promise<{ gw: RunningGateway; monolith: RecordingUpstream }> {
  const monolith = await startRecordingUpstream();
  const gw = await startGateway({ listen, monolith: { url: monolith.url } });
  cleanups.push(async () => {
    await gw.close();
    await monolith.close();
  });
  return { gw, monolith };
}

async function counted(gw: RunningGateway, metric: string, label: string, value: string): Promise<number> {
  const scrape = (await request(gw.adminPort, '/metrics')).body;
  const match = new RegExp(`^${metric}\\{${label}="${value}"\\} (\\d+)$`, 'm').exec(scrape);
  return Number(match?.[1] ?? 0);
}

const closedCount = (gw: RunningGateway, reason: string): Promise<number> => counted(gw, 'ficus_client_connections_closed_total', 'reason', reason);
const errorCount = (gw: RunningGateway, kind: string): Promise<number> => counted(gw, 'ficus_upstream_errors_total', 'kind', kind);

/** The access-log line of the exchange for `url`, once it is written. */
async function logLine(gw: RunningGateway, url: string): Promise<Record<string, unknown>> {
  await waitFor(() => gw.logs.some((l) => l.msg === 'request' && l.url === url));
  return gw.logs.find((l) => l.msg === 'request' && l.url === url)!;
}

interface RawClient {
  socket: net.Socket;
  received(): string;
  closed(): boolean;
}

/** Opens a connection and writes `bytes` (possibly half a request); records what comes back. */
function openRaw(port: number, bytes = ''): Promise<RawClient> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let closed = false;
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('close', () => (closed = true));
    socket.on('error', () => {}); // a reset is one way of being closed
    socket.once('connect', () => {
      if (bytes) socket.write(bytes, 'latin1');
      resolve({ socket, received: () => Buffer.concat(chunks).toString('latin1'), closed: () => closed });
    });
    socket.once('error', reject);
  });
}

async function readyz(gw: RunningGateway): Promise<number> {
  return (await request(gw.adminPort, '/readyz')).status;
}

describe('client connection limits', () => {
  it('closes 200 connections that sent half a request line at the header deadline, while normal clients are served', async () => {
    const { gw, monolith } = await setUp({ headersTimeoutMs: 300, requestTimeoutMs: 2000 });
    const slow = await Promise.all(Array.from({ length: 200 }, () => openRaw(gw.port, 'GET /api/items HT')));
    // Normal traffic while they hang: every request answered.
    const normal: number[] = [];
    for (let i = 0; i < 20; i++) normal.push((await request(gw.port, `/normal/${i}`)).status);
    expect(normal).toEqual(Array(20).fill(200));
    await waitFor(() => slow.every((c) => c.closed()), 5000);
    expect(slow.every((c) => c.received().startsWith('HTTP/1.1 408 '))).toBe(true);
    expect(await closedCount(gw, 'headers_timeout')).toBe(200);
    expect(monolith.requests.map((r) => r.url)).toEqual(Array.from({ length: 20 }, (_, i) => `/normal/${i}`));
    expect(await readyz(gw)).toBe(200);
  });

  it('a body slower than the whole-request deadline gets 408 and never completes upstream', async () => {
    const { gw, monolith } = await setUp({ headersTimeoutMs: 200, requestTimeoutMs: 500 });
    const client = await openRaw(gw.port, 'PUT /api/items/1 HTTP/1.1\r\nHost: shop.example\r\nContent-Length: 100\r\n\r\n{"na');
    const trickle = setInterval(() => client.socket.write('a'), 100); // bytes keep coming, the request never ends in time
    cleanups.push(async () => clearInterval(trickle));
    await waitFor(() => client.closed(), 5000);
    clearInterval(trickle);
    expect(client.received()).toMatch(/^HTTP\/1\.1 408 /);
    expect(await closedCount(gw, 'request_timeout')).toBe(1);
    expect(await closedCount(gw, 'headers_timeout')).toBe(0);
    expect(monolith.requests).toEqual([]); // the upstream's parser never saw a whole request
    expect((await request(gw.port, '/after')).status).toBe(200);
    expect(monolith.requests.map((r) => r.url)).toEqual(['/after']);
    expect(await logLine(gw, '/api/items/1')).toMatchObject({ status: 408, outcome: 'client_timeout' });
    expect(await errorCount(gw, 'client_timeout')).toBe(1);
    expect(await readyz(gw)).toBe(200);
  });

  it.each([
    { name: 'closes its connection (FIN)', then: 'close', method: 'PUT', rest: 'Content-Length: 100\r\n\r\n{"na', status: 400, outcome: 'client_abort' },
    { name: 'resets its connection', then: 'reset', method: 'PUT', rest: 'Content-Length: 100\r\n\r\n{"na', status: 499, outcome: 'client_abort' },
    { name: 'sends a chunk size that is not hex', then: 'zz\r\n', method: 'POST', rest: 'Transfer-Encoding: chunked\r\n\r\n4\r\n{"na\r\n', status: 400, outcome: 'rejected' },
  ] as const)('a client that $name mid-body: the upstream never sees a whole request; logged and counted as $outcome', async ({ then, method, rest, status, outcome }) => {
    const { gw, monolith } = await setUp({});
    const client = await openRaw(gw.port, `${method} /api/items/1 HTTP/1.1\r\nHost: shop.example\r\n${rest}`);
    // The head and the first bytes are on their way upstream before the client's body goes wrong.
    await waitFor(() => monolith.raw().join('').includes('{"na'));
    if (then === 'close') client.socket.end();
    else if (then === 'reset') client.socket.resetAndDestroy();
    else client.socket.write(then);
    await waitFor(() => client.closed(), 5000);
    if (status !== 499) expect(client.received()).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
    expect(await logLine(gw, '/api/items/1')).toMatchObject({ status, outcome });
    expect(await errorCount(gw, outcome)).toBe(1);
    expect(await errorCount(gw, 'upstream_reset')).toBe(0); // the upstream did nothing wrong
    expect((await request(gw.port, '/after')).status).toBe(200);
    expect(monolith.requests.map((r) => r.url)).toEqual(['/after']); // the cut request never parsed whole
    expect(await readyz(gw)).toBe(200);
  });

  it('closes a keep-alive connection left idle past keepAliveTimeoutMs', async () => {
    const { gw, monolith } = await setUp({ keepAliveTimeoutMs: 200 });
    const client = await openRaw(gw.port, 'GET /first HTTP/1.1\r\nHost: shop.example\r\n\r\n');
    await waitFor(() => client.received().includes('\r\n\r\n'));
    expect(client.closed()).toBe(false); // kept alive after the answer
    // node adds a one-second margin to the advertised timeout before it closes.
    await waitFor(() => client.closed(), 4000);
    expect(await closedCount(gw, 'idle_timeout')).toBe(1);
    expect(monolith.requests.map((r) => r.url)).toEqual(['/first']);
    expect(await readyz(gw)).toBe(200);
  });

  it('closes connections past listen.maxConnections and serves again once they go', async () => {
    const { gw, monolith } = await setUp({ maxConnections: 3 });
    const held = await Promise.all([1, 2, 3].map(() => openRaw(gw.port)));
    await new Promise((r) => setTimeout(r, 50)); // let the server count them
    const extra = await openRaw(gw.port, 'GET /over-the-cap HTTP/1.1\r\nHost: shop.example\r\n\r\n');
    await waitFor(() => extra.closed());
    expect(extra.received()).toBe(''); // closed on accept, never read
    expect(await closedCount(gw, 'max_connections')).toBe(1);
    for (const c of held) c.socket.destroy();
    await new Promise((r) => setTimeout(r, 50));
    expect((await request(gw.port, '/after')).status).toBe(200);
    expect(monolith.requests.map((r) => r.url)).toEqual(['/after']);
    expect(await readyz(gw)).toBe(200);
  });

  it('refuses a header deadline longer than the whole-request deadline, naming the field', async () => {
    await expect(startGateway({ listen: { headersTimeoutMs: 5000, requestTimeoutMs: 1000 }, monolith: { url: 'http://127.0.0.1:1' } })).rejects.toThrow(
      /listen\.headersTimeoutMs/,
    );
  });
});
