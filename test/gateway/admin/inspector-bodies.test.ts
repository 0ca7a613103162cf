// Bodies in the traffic inspector: kept only for a route that opts in (inspect.bodies), capped, and
// redacted by the route's rules before they are kept; the API is searched for the secrets. One
// exchange is read by its request id with its shadow comparison beside it.
import { afterEach, describe, expect, it } from 'vitest';
import { request } from '../support/http-client.js';
import { startGateway, type RunningGateway } from '../support/start-gateway.js';
import { sendJson, startUpstream, type Upstream } from '../support/upstreams.js';
import { waitFor } from '../support/wait-for.js';

const TOKEN = 'inspector-bodies-token-0123456789';
const SECRET = 'hunter2-s3cr3t';
const auth = { authorization: `Bearer ${TOKEN}` };
const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

async function up(price: number): Promise<Upstream> {
  const u = await startUpstream((req, res) => sendJson(res, { user: 'bob', token: SECRET, price, echo: req.body.length }));
  open.push(u);
  return u;
}

async function gateway(monolith: Upstream, service: Upstream): Promise<RunningGateway> {
  const redact = ['$.password', '$..token', 'headers.x-session'];
  const gw = await startGateway({
    monolith: { url: monolith.url },
    services: { catalog: { url: service.url } },
    admin: { token: TOKEN },
    routes: [
      { id: 'login', match: { path: '/login' }, service: 'catalog', mode: 'shadow', shadow: { redact, allowWrites: true, noise: 'off' }, inspect: { bodies: true, bodyCapBytes: 512 } },
      { id: 'quiet', match: { path: '/quiet' }, service: 'catalog', mode: 'monolith', shadow: { redact } },
    ],
  });
  open.push(gw);
  return gw;
}

const traffic = async (gw: RunningGateway, path: string) => {
  const reply = await request(gw.adminPort, path, { headers: auth });
  return { status: reply.status, body: reply.body, json: reply.status === 200 ? reply.json() : undefined };
};

describe('inspector bodies', () => {
  it('keeps bodies only where the route opts in, redacted for form, JSON and query alike; the secret is nowhere in the API', async () => {
    const gw = await gateway(await up(10), await up(10));
    const form = `user=bob&password=${SECRET}`;
    await request(gw.port, '/login', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-session': SECRET }, body: form });
    await request(gw.port, `/login?token=${SECRET}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: 'bob', password: SECRET }) });
    await request(gw.port, '/quiet', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ password: SECRET }) });

    const list = await traffic(gw, '/api/traffic');
    expect(list.status).toBe(200);
    expect(list.body).not.toContain(SECRET);
    expect(list.body).not.toContain('hunter2');
    const [quiet, json, formExchange] = list.json.exchanges;
    expect(quiet).toMatchObject({ route: 'quiet' });
    expect(quiet.requestBody).toBeUndefined(); // not opted in: no bodies kept
    expect(quiet.responseBody).toBeUndefined();
    expect(formExchange.requestBody.text).toBe('user=bob&password=%5Bredacted%5D');
    expect(formExchange.requestBody.bytes).toBe(Buffer.byteLength(form));
    expect(formExchange.requestHeaders['x-session']).toBe('[redacted]');
    expect(JSON.parse(json.requestBody.text)).toEqual({ user: 'bob', password: '[redacted]' });
    expect(JSON.parse(json.responseBody.text)).toMatchObject({ user: 'bob', token: '[redacted]', price: 10 });
    expect(json.url).not.toContain(SECRET);

    const one = await traffic(gw, `/api/traffic/${encodeURIComponent(formExchange.requestId)}`);
    expect(one.status).toBe(200);
    expect(one.body).not.toContain(SECRET);
    expect(one.json.requestBody.text).toBe('user=bob&password=%5Bredacted%5D');
  });

  it('keeps only the size of a body over the route cap', async () => {
    const gw = await gateway(await up(10), await up(10));
    const big = JSON.stringify({ password: SECRET, pad: 'x'.repeat(600) });
    await request(gw.port, '/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: big });
    const list = await traffic(gw, '/api/traffic?route=login');
    expect(list.body).not.toContain(SECRET);
    expect(list.json.exchanges[0].requestBody).toEqual({ bytes: Buffer.byteLength(big), overCap: true });
    expect(list.json.exchanges[0].responseBody.text).toContain('"price":10');
  });

  it('shows a body that says JSON but does not parse as its size and hash, never as text, where rules apply', async () => {
    const gw = await gateway(await up(10), await up(10));
    const broken = `{"user":"bob","password":"${SECRET}"`; // cut short: no field can be found to redact
    await request(gw.port, '/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: broken });
    const list = await traffic(gw, '/api/traffic?route=login');
    expect(list.body).not.toContain(SECRET);
    expect(list.json.exchanges[0].requestBody).toEqual({ bytes: Buffer.byteLength(broken), text: expect.stringMatching(/^<unparsable JSON \d+ bytes sha256:[0-9a-f]{64}>$/) });
  });

  it('shows one exchange with its shadow comparison beside it, values redacted; an unknown id is a 404 with a code', async () => {
    const gw = await gateway(await up(10), await up(12));
    const reply = await request(gw.port, '/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"user":"bob"}' });
    const id = String(reply.headers['x-request-id']);
    await waitFor(async () => Boolean((await traffic(gw, `/api/traffic/${id}`)).json?.shadow), 15_000, 50);
    const one = await traffic(gw, `/api/traffic/${id}`);
    expect(one.json.shadow).toMatchObject({ matched: false, serviceStatus: 200, differences: [{ at: '$.price', kind: 'value', monolith: 10, service: 12 }] });
    expect(one.body).not.toContain(SECRET);
    const missing = await traffic(gw, '/api/traffic/no-such-request');
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body)).toMatchObject({ code: 'FICUS_ADMIN_UNKNOWN_EXCHANGE' });
    expect((await request(gw.adminPort, `/api/traffic/${id}`)).status).toBe(401);
  });

  it('refuses a cap of 0 or over 1 MiB with the path', async () => {
    for (const bodyCapBytes of [0, 2 * 1024 * 1024]) {
      await expect(
        startGateway({ monolith: { url: 'http://127.0.0.1:1' }, routes: [{ id: 'r', match: { path: '/r' }, inspect: { bodies: true, bodyCapBytes } }] }),
      ).rejects.toThrow(/routes\[0\]\.inspect\.bodyCapBytes|routes\.0\.inspect\.bodyCapBytes/);
    }
  });
});
