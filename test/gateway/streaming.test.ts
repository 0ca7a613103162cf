// The engine streams: bodies larger than any buffer cross both ways intact, a slow reader on either
// side holds the other back instead of the gateway buffering the difference, and an abort on either
// side ends the other side's half at once, counted with its outcome.
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startGateway, type RunningGateway } from './support/start-gateway.js';
import { waitFor } from './support/wait-for.js';

const MiB = 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 'x');

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

/** An upstream handed each request as node gives it, body unread (support/upstreams.ts buffers whole bodies, which these tests must not); closed after the test. */
async function startStreamingUpstream(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

async function gatewayTo(url: string): Promise<RunningGateway> {
  const gw = await startGateway({ monolith: { url, timeoutMs: 20_000, deadlineMs: 60_000 } });
  cleanups.unshift(() => gw.close());
  return gw;
}

/** Writes `total` bytes to `out` as fast as it takes them, counting what it handed over. */
function pump(out: NodeJS.WritableStream & { destroyed: boolean }, total: number, sent: { bytes: number }, end = true): void {
  const write = (): void => {
    while (sent.bytes < total && !out.destroyed) {
      sent.bytes += CHUNK.length;
      if (!out.write(CHUNK)) return void out.once('drain', write);
    }
    if (end && !out.destroyed) out.end();
  };
  write();
}

/** Resolves once `read()` has not changed for `quietMs` (what a stalled stream looks like from outside). */
async function settled(read: () => number, quietMs = 400): Promise<number> {
  let last = -1;
  let since = Date.now();
  for (;;) {
    const now = read();
    if (now !== last) [last, since] = [now, Date.now()];
    else if (Date.now() - since >= quietMs) return now;
    await new Promise((r) => setTimeout(r, 20));
  }
}

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

function send(port: number, options: http.RequestOptions, body?: (req: http.ClientRequest) => void): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, agent: false, ...options }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body) body(req);
    else req.end();
  });
}

const lastLine = (gw: RunningGateway) => gw.logs.filter((l) => l.msg === 'request').at(-1);

describe('streaming through the gateway', () => {
  it.each([
    ['content-length', true],
    ['chunked', false],
  ])('a 24 MiB body goes up and comes back intact (%s)', async (_name, withLength) => {
    const url = await startStreamingUpstream((req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'x-framing': req.headers['content-length'] ?? req.headers['transfer-encoding'] ?? 'none' });
      req.pipe(res); // echoed as it arrives
    });
    const gw = await gatewayTo(url);
    const body = randomBytes(24 * MiB);
    const reply = await send(gw.port, { method: 'POST', path: '/upload', headers: withLength ? { 'content-length': body.length } : {} }, (req) => {
      for (let at = 0; at < body.length; at += 1 * MiB) req.write(body.subarray(at, at + 1 * MiB));
      req.end();
    });
    expect(reply.status).toBe(200);
    expect(reply.body.length).toBe(body.length);
    expect(sha(reply.body)).toBe(sha(body));
    await waitFor(() => lastLine(gw)?.outcome === 'ok');
  });

  it('a client that stops reading a large answer holds the upstream back; nothing is lost when it reads on', async () => {
    const total = 256 * MiB;
    const sent = { bytes: 0 };
    const url = await startStreamingUpstream((_req, res) => {
      res.writeHead(200, { 'content-length': total });
      pump(res, total, sent);
    });
    const gw = await gatewayTo(url);
    const got = await new Promise<number>((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port: gw.port, path: '/download', agent: false }, (res) => {
          // Not reading: the response stays paused while the upstream is watched.
          settled(() => sent.bytes).then((stalled) => {
            // The upstream is held back at what the sockets on the way hold, not the 256 MiB it has to send.
            expect(stalled).toBeLessThan(total / 2);
            let bytes = 0;
            res.on('data', (c: Buffer) => (bytes += c.length));
            res.on('end', () => resolve(bytes));
          }, reject);
        })
        .on('error', reject);
    });
    expect(got).toBe(total);
    expect(sent.bytes).toBe(total);
  });

  it('an upstream that stops reading a large upload holds the client back; nothing is lost when it reads on', async () => {
    const total = 256 * MiB;
    const sent = { bytes: 0 };
    let release: (() => void) | undefined;
    const url = await startStreamingUpstream((req, res) => {
      release = () => {
        let bytes = 0;
        req.on('data', (c: Buffer) => (bytes += c.length));
        req.on('end', () => res.end(String(bytes)));
      };
    });
    const gw = await gatewayTo(url);
    const reply = send(gw.port, { method: 'PUT', path: '/upload', headers: { 'content-length': total } }, (req) => pump(req, total, sent));
    await waitFor(() => release !== undefined, 10_000);
    const stalled = await settled(() => sent.bytes);
    expect(stalled).toBeLessThan(total / 2);
    release!();
    const answer = await reply;
    expect(answer.status).toBe(200);
    expect(answer.body.toString()).toBe(String(total));
  });

  it.each([
    ['resets its connection', true],
    ['closes its connection', false],
  ])('a client that %s mid-upload: the upstream sees its request cut short', async (_name, reset) => {
    let upstreamReq: http.IncomingMessage | undefined;
    let received = 0;
    let upstreamClosed = false;
    const url = await startStreamingUpstream((req) => {
      upstreamReq = req;
      req.on('data', (c: Buffer) => (received += c.length));
      req.on('close', () => (upstreamClosed = true));
    });
    const gw = await gatewayTo(url);
    const req = http.request({ host: '127.0.0.1', port: gw.port, method: 'POST', path: '/upload', agent: false, headers: { 'content-length': 8 * MiB } });
    req.on('error', () => undefined);
    req.write(CHUNK);
    await waitFor(() => received > 0, 10_000);
    if (reset) req.socket!.resetAndDestroy();
    else req.destroy(); // a FIN mid-body: node itself answers the truncated request (400, client-limits.ts)
    await waitFor(() => upstreamClosed, 10_000);
    expect(upstreamReq!.complete).toBe(false);
    expect(received).toBeLessThan(8 * MiB);
    await waitFor(() => lastLine(gw) !== undefined);
    // A reset leaves nothing to answer; a FIN mid-body gets node's 400 on the half-open connection.
    expect(lastLine(gw)).toMatchObject({ outcome: 'client_abort', status: reset ? 499 : 400 });
  });

  it('a client that goes away mid-answer: the upstream response is cancelled, logged as client_abort', async () => {
    const sent = { bytes: 0 };
    let upstreamRes: http.ServerResponse | undefined;
    let upstreamClosed = false;
    const url = await startStreamingUpstream((_req, res) => {
      upstreamRes = res;
      res.on('close', () => (upstreamClosed = true));
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      pump(res, 1024 * MiB, sent, false); // far more than the client will take
    });
    const gw = await gatewayTo(url);
    await new Promise<void>((resolve) => {
      const req = http.get({ host: '127.0.0.1', port: gw.port, path: '/download', agent: false }, (res) => {
        res.once('data', () => req.destroy()); // the first chunk, then gone
      });
      req.on('error', () => undefined);
      req.on('close', resolve);
    });
    await waitFor(() => upstreamClosed, 10_000);
    expect(upstreamRes!.writableFinished).toBe(false);
    expect(sent.bytes).toBeLessThan(1024 * MiB);
    await waitFor(() => lastLine(gw) !== undefined);
    expect(lastLine(gw)).toMatchObject({ outcome: 'client_abort', status: 200 });
  });

  it.each([
    ['resets its connection', true],
    ['closes its connection', false],
  ])('an upstream that %s mid-upload: the client gets a 502 problem, logged as upstream_reset', async (_name, reset) => {
    let received = 0;
    let upstreamReq: http.IncomingMessage | undefined;
    const url = await startStreamingUpstream((req) => {
      upstreamReq = req;
      req.on('data', (c: Buffer) => {
        received += c.length;
        if (received < 1 * MiB || req.socket.destroyed) return;
        if (reset) req.socket.resetAndDestroy();
        else req.socket.destroy();
      });
    });
    const gw = await gatewayTo(url);
    const reply = await send(gw.port, { method: 'POST', path: '/upload', headers: { 'content-length': 64 * MiB } }, (req) => {
      req.on('error', () => undefined); // the gateway closes the connection after its answer, mid-upload
      pump(req, 64 * MiB, { bytes: 0 });
    });
    expect(reply.status).toBe(502);
    expect(JSON.parse(reply.body.toString())).toMatchObject({ status: 502, detail: 'monolith: ECONNRESET' });
    expect(upstreamReq!.complete).toBe(false);
    expect(received).toBeGreaterThanOrEqual(1 * MiB);
    expect(received).toBeLessThan(64 * MiB);
    await waitFor(() => lastLine(gw) !== undefined, 10_000);
    expect(lastLine(gw)).toMatchObject({ outcome: 'upstream_reset', status: 502, error: 'ECONNRESET' });
    expect((await send(gw.adminPort, { path: '/readyz' })).status).toBe(200);
  });

  it('an upstream that dies mid-answer: the client connection is cut short of the length, logged as upstream_reset', async () => {
    const url = await startStreamingUpstream((_req, res) => {
      res.writeHead(200, { 'content-length': 64 * MiB });
      const sent = { bytes: 0 };
      pump(res, 4 * MiB, sent, false);
      setImmediate(function check() {
        if (sent.bytes >= 4 * MiB) res.socket?.destroy();
        else setImmediate(check);
      });
    });
    const gw = await gatewayTo(url);
    const got = await new Promise<{ bytes: number; complete: boolean }>((resolve) => {
      http
        .get({ host: '127.0.0.1', port: gw.port, path: '/download', agent: false }, (res) => {
          let bytes = 0;
          res.on('data', (c: Buffer) => (bytes += c.length));
          res.on('error', () => undefined);
          res.on('close', () => resolve({ bytes, complete: res.complete }));
        })
        .on('error', () => resolve({ bytes: 0, complete: false }));
    });
    expect(got.complete).toBe(false);
    expect(got.bytes).toBeLessThan(64 * MiB);
    await waitFor(() => lastLine(gw) !== undefined, 10_000);
    expect(lastLine(gw)).toMatchObject({ outcome: 'upstream_reset', status: 200 });
  });
});
