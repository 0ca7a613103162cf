// Graceful close: stop accepting, let in-flight exchanges finish, cut what is left at graceMs.
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { request } from './support/http-client.js';
import { startGateway } from './support/start-gateway.js';
import { startBlackHole, startEcho } from './support/upstreams.js';
import { waitFor } from './support/wait-for.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

describe('graceful shutdown', () => {
  it('finishes in-flight requests, refuses new connections, and closes idle keep-alive ones', async () => {
    let release: (() => void) | undefined;
    const monolith = await startEcho('monolith', (req, res) => {
      if (req.url !== '/slow') return false;
      release = () => res.end('finished');
      return true;
    });
    const gw = await startGateway({ monolith: { url: monolith.url }, shutdown: { graceMs: 5000 } });
    cleanups.push(() => monolith.close());
    const idle = new http.Agent({ keepAlive: true });
    await request(gw.port, '/warm', { agent: idle }); // leaves an idle keep-alive connection open
    const inFlight = request(gw.port, '/slow');
    await waitFor(() => release !== undefined);
    let closed = false;
    const closing = gw.close().then(() => (closed = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(closed).toBe(false);
    await expect(request(gw.port, '/new')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    release!();
    const reply = await inFlight;
    expect(reply.status).toBe(200);
    expect(reply.body).toBe('finished');
    await closing;
    idle.destroy();
  });

  it('cuts what is still running when shutdown.graceMs is over', async () => {
    const hole = await startBlackHole();
    const gw = await startGateway({ monolith: { url: hole.url, timeoutMs: 60_000 }, shutdown: { graceMs: 100 } });
    cleanups.push(() => hole.close());
    const stuck = request(gw.port, '/never');
    await waitFor(() => hole.connections() === 1);
    await gw.close();
    await expect(stuck).rejects.toThrow();
  });
});
