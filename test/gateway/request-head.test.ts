// Request heads node's parser accepts but the gateway must read carefully: absolute-form targets
// (routed on the path, Host replaced by the authority), Connection values that are not token lists,
// and upgrade requests, whose following bytes node hands over unparsed. Asserted on what an
// upstream's own parser read, and that the gateway still answers afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from './support/http-client.js';
import { startRecordedGateway } from './support/recorded-gateway.js';
import { sendRaw, type RecordingUpstream } from './support/recording-upstream.js';
import type { RunningGateway } from './support/start-gateway.js';
import { waitFor } from './support/wait-for.js';

let monolith: RecordingUpstream;
let service: RecordingUpstream;
let gw: RunningGateway;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ monolith, service, gw, close } = await startRecordedGateway({ mode: 'service' }));
});

afterAll(() => close());

/** Sends raw bytes; returns the answer and what each upstream parsed meanwhile. */
async function send(bytes: string): Promise<{ answer: string; toMonolith: RecordingUpstream['requests']; toService: RecordingUpstream['requests'] }> {
  const [m, s] = [monolith.requests.length, service.requests.length];
  const answer = await sendRaw(gw.port, bytes);
  await new Promise((r) => setTimeout(r, 50)); // room for a request that should not be there
  return { answer, toMonolith: monolith.requests.slice(m), toService: service.requests.slice(s) };
}

async function stillServing(): Promise<void> {
  expect((await request(gw.adminPort, '/readyz')).status).toBe(200);
  expect((await request(gw.port, '/api/after')).status).toBe(200);
}

describe('absolute-form targets', () => {
  it.each([
    ['http://other.example/api/items?page=2', '/api/items?page=2', 'other.example'],
    ['http://Other.Example:8443/api/items', '/api/items', 'other.example:8443'],
    ['https://[::1]:9/api/items', '/api/items', '[::1]:9'],
  ])('%s is routed on its path, its authority replaces Host', async (target, url, host) => {
    const { answer, toMonolith, toService } = await send(`GET ${target} HTTP/1.1\r\nHost: shop.example\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(toMonolith).toEqual([]);
    expect(toService.map((r) => r.url)).toEqual([url]);
    expect(toService[0]!.headers).toMatchObject({ host, 'x-forwarded-host': host });
    await stillServing();
  });

  it('an absolute-form target without a path names the root', async () => {
    const { toMonolith } = await send('GET http://other.example HTTP/1.1\r\nHost: shop.example\r\n\r\n');
    expect(toMonolith.map((r) => [r.url, r.headers.host])).toEqual([['/', 'other.example']]);
    await stillServing();
  });

  it.each([
    ['another scheme', 'ftp://other.example/api/items'],
    ['userinfo', 'http://user:secret@other.example/api/items'],
    ['no host', 'http:///api/items'],
    ['a host with a stray character', 'http://other.example!/api/items'],
  ])('%s is refused with 400 and reaches no upstream', async (_name, target) => {
    const { answer, toMonolith, toService } = await send(`GET ${target} HTTP/1.1\r\nHost: shop.example\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect([...toMonolith, ...toService]).toEqual([]);
    await stillServing();
  });
});

describe('Connection tokens', () => {
  it('a list of tokens drops the headers it names, and never the framing or the forwarding headers', async () => {
    const { toService } = await send(
      'POST /api/items HTTP/1.1\r\nHost: shop.example\r\nConnection: keep-alive, , X-Drop-Me ,content-length, x-forwarded-for, via\r\nX-Drop-Me: 1\r\nX-Keep: 2\r\nContent-Length: 2\r\n\r\nok',
    );
    expect(toService).toHaveLength(1);
    expect(toService[0]!.body).toBe('ok');
    expect(toService[0]!.headers['x-drop-me']).toBeUndefined();
    expect(toService[0]!.headers).toMatchObject({ 'x-keep': '2', 'x-forwarded-for': '127.0.0.1', via: '1.1 ficus' });
    await stillServing();
  });

  it.each([
    ['a space inside a token', 'x-a x-b'],
    ['a quoted string', '"x-a"'],
    ['a parameter', 'x-a;q=1'],
    ['a slash', 'keep-alive/x-a'],
  ])('%s is refused with 400 and reaches no upstream', async (_name, value) => {
    const { answer, toMonolith, toService } = await send(`GET /api/items HTTP/1.1\r\nHost: shop.example\r\nConnection: ${value}\r\nX-A: 1\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toContain('Connection header is not a list of tokens');
    expect([...toMonolith, ...toService]).toEqual([]);
    await stillServing();
  });
});

const UPGRADE = 'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n';
const INNER = 'GET /api/smuggled HTTP/1.1\r\nHost: x\r\n\r\n';

describe('upgrade requests', () => {
  it('bytes after an upgrade head never reach an upstream that refuses the upgrade', async () => {
    // The recorder has no upgrade handler: it answers 200 and keeps parsing its connection, as an
    // HTTP-only service would. A request written right after the head must not land there.
    const { answer, toService } = await send(`GET /api/ws HTTP/1.1\r\nHost: shop.example\r\n${UPGRADE}\r\n${INNER}`);
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(toService.map((r) => r.url)).toEqual(['/api/ws']);
    expect(service.raw().join('')).not.toContain('/api/smuggled');
    await waitFor(() => gw.logs.some((l) => l.msg === 'request' && l.url === '/api/ws'));
    await stillServing();
  });

  it.each([
    ['a body with a length', `POST /api/ws HTTP/1.1\r\nHost: shop.example\r\n${UPGRADE}Content-Length: ${INNER.length}\r\n\r\n${INNER}`],
    ['a GET with a length', `GET /api/ws HTTP/1.1\r\nHost: shop.example\r\n${UPGRADE}Content-Length: ${INNER.length}\r\n\r\n${INNER}`],
    ['a chunked body', `GET /api/ws HTTP/1.1\r\nHost: shop.example\r\n${UPGRADE}Transfer-Encoding: chunked\r\n\r\n${INNER.length.toString(16)}\r\n${INNER}\r\n0\r\n\r\n`],
    ['another protocol', `GET /api/ws HTTP/1.1\r\nHost: shop.example\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n${INNER}`],
  ])('an upgrade with %s is refused with 400 and reaches no upstream', async (_name, bytes) => {
    const { answer, toMonolith, toService } = await send(bytes);
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect([...toMonolith, ...toService]).toEqual([]);
    expect(service.raw().join('')).not.toContain('/api/smuggled');
    await stillServing();
  });
});
