// Every request that reaches an upstream is framed exactly as the gateway parsed it, whatever its
// method: one client request is one upstream request, with its body intact. Asserted on what an
// upstream's own parser read from one keep-alive connection, not on the client's status.
import net from 'node:net';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from './support/http-client.js';
import { startRecordedGateway } from './support/recorded-gateway.js';
import { sendRaw, type RecordingUpstream } from './support/recording-upstream.js';
import type { RunningGateway } from './support/start-gateway.js';
import { waitFor } from './support/wait-for.js';

const METHODS = ['GET', 'HEAD', 'DELETE', 'OPTIONS', 'POST', 'PUT', 'PATCH'] as const;

const FRAMINGS = {
  none: { head: '', body: '', expected: '' },
  'content-length': { head: 'Content-Length: 11\r\n', body: 'hello=world', expected: 'hello=world' },
  chunked: { head: 'Transfer-Encoding: chunked\r\n', body: '5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n', expected: 'hello world' },
  'chunked with trailers': {
    head: 'Transfer-Encoding: chunked\r\n',
    body: '5\r\nhello\r\n6\r\n world\r\n0\r\nX-Checksum: abc\r\n\r\n',
    expected: 'hello world',
  },
} as const;

// The smuggling payload: a chunk whose content is a second request.
const INNER = 'GET /anything HTTP/1.1\r\nHost: x\r\n\r\n';
const smuggle = (method: string): string =>
  `${method} /api/x HTTP/1.1\r\nHost: shop.example\r\nTransfer-Encoding: chunked\r\n\r\n${INNER.length.toString(16)}\r\n${INNER}\r\n0\r\n\r\n`;

let monolith: RecordingUpstream;
let service: RecordingUpstream;
let gw: RunningGateway;
let close: () => Promise<void>;

// Shadowed with writes allowed, so the copy sent to the service is held to the same rule (no noise
// calls: the monolith then sees only what the client sent).
beforeAll(async () => {
  ({ monolith, service, gw, close } = await startRecordedGateway({ mode: 'shadow', shadow: { allowWrites: true, noise: 'off' } }));
});

afterAll(() => close());

/** Sends one raw request and then a plain follow-up; returns what each upstream parsed since. */
async function exchange(bytes: string): Promise<{ answer: string; primary: RecordingUpstream['requests']; copies: RecordingUpstream['requests'] }> {
  const fromPrimary = monolith.requests.length;
  const fromCopies = service.requests.length;
  const answer = await sendRaw(gw.port, bytes);
  expect((await request(gw.port, '/api/after')).status).toBe(200);
  expect((await request(gw.adminPort, '/readyz')).status).toBe(200);
  await waitFor(() => service.requests.length - fromCopies >= 2);
  await new Promise((r) => setTimeout(r, 50)); // room for a request that should not be there
  // Copies travel concurrently: their order is not the client's.
  const copies = service.requests.slice(fromCopies).sort((a, b) => Number(a.url === '/api/after') - Number(b.url === '/api/after'));
  return { answer, primary: monolith.requests.slice(fromPrimary), copies };
}

/** How often `text` occurs in the bytes an upstream received, all connections together. */
function occurrences(upstream: RecordingUpstream, text: string): number {
  return upstream.raw().reduce((n, wire) => n + wire.split(text).length - 1, 0);
}

describe('request framing across the gateway', () => {
  for (const method of METHODS) {
    for (const [name, framing] of Object.entries(FRAMINGS)) {
      it(`${method} with ${name}: one upstream request per client request, body intact`, async () => {
        const { answer, primary, copies } = await exchange(`${method} /api/x HTTP/1.1\r\nHost: shop.example\r\n${framing.head}\r\n${framing.body}`);
        expect(answer).toMatch(/^HTTP\/1\.1 200 /);
        expect(primary.map((r) => `${r.method} ${r.url}`)).toEqual([`${method} /api/x`, 'GET /api/after']);
        expect(primary[0]!.body).toBe(framing.expected);
        expect(primary[0]!.connection).toBe(primary[1]!.connection); // the follow-up reused the same upstream connection
        if (name.startsWith('chunked')) {
          expect(primary[0]!.headers['transfer-encoding']).toBe('chunked');
          expect(primary[0]!.headers['content-length']).toBeUndefined();
        }
        // The shadow copy (GET/HEAD/OPTIONS always; writes because the route allows them) is buffered: framed by its length.
        expect(copies.map((r) => `${r.method} ${r.url}`)).toEqual([`${method} /api/x`, 'GET /api/after']);
        expect(copies[0]!.body).toBe(framing.expected);
        expect(copies[0]!.headers['transfer-encoding']).toBeUndefined();
        if (framing.expected) expect(copies[0]!.headers['content-length']).toBe(String(framing.expected.length));
      });
    }
  }

  it('a body its client never finishes is never mirrored: no copy reaches the service as a whole request', async () => {
    const socket = net.connect(gw.port, '127.0.0.1');
    socket.on('error', () => undefined);
    socket.on('data', () => undefined);
    await once(socket, 'connect');
    socket.write('PUT /api/cut HTTP/1.1\r\nHost: shop.example\r\nContent-Length: 100\r\n\r\n{"na');
    await waitFor(() => occurrences(monolith, '{"na') === 1); // the primary is under way
    socket.end(); // a FIN mid-body
    await waitFor(() => gw.logs.some((l) => l.msg === 'request' && l.url === '/api/cut'));
    expect(gw.logs.find((l) => l.msg === 'request' && l.url === '/api/cut')).toMatchObject({ outcome: 'client_abort' });
    await waitFor(async () => /^ficus_shadow_total\{route="api",result="skipped_client_abort"\} 1$/m.test((await request(gw.adminPort, '/metrics')).body));
    expect((await request(gw.port, '/api/after')).status).toBe(200);
    await waitFor(() => service.requests.some((r) => r.url === '/api/after'));
    expect(occurrences(service, '/api/cut')).toBe(0);
    expect([...monolith.requests, ...service.requests].filter((r) => r.url === '/api/cut')).toEqual([]);
    expect((await request(gw.adminPort, '/readyz')).status).toBe(200);
  });

  for (const method of METHODS) {
    it(`${method}: a request smuggled in a chunk never reaches an upstream as a request`, async () => {
      const [inner, inChunk] = [INNER, `\r\n${INNER.length.toString(16)}\r\n${INNER}\r\n0\r\n\r\n`];
      const before = [occurrences(monolith, inner), occurrences(monolith, inChunk)];
      const { primary, copies } = await exchange(smuggle(method));
      for (const seen of [primary, copies]) {
        expect(seen.map((r) => r.url)).toEqual(['/api/x', '/api/after']);
        expect(seen[0]!.body).toBe(INNER); // it arrived as what it was: the body of the first request
      }
      // On the wire, once, and only as the content of a chunk, the last one before the terminator.
      expect([occurrences(monolith, inner), occurrences(monolith, inChunk)]).toEqual([before[0]! + 1, before[1]! + 1]);
      expect((await request(gw.port, '/readyz')).status).toBeLessThan(500);
    });
  }
});

// Heads a hostile client sends to make two parsers disagree on where a request ends. node's parser
// refuses each before the gateway sees a request (a request line without a version, HTTP/0.9 to
// node, the gateway refuses itself): nothing reaches an upstream, and the gateway serves on.
const HOSTILE = {
  'Content-Length and Transfer-Encoding together': ['POST /api/hostile HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n', 400],
  'two different Content-Lengths': ['POST /api/hostile HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nContent-Length: 40\r\n\r\nabcd', 400],
  'two equal Content-Lengths': ['POST /api/hostile HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nContent-Length: 4\r\n\r\nabcd', 400],
  'chunked not the final coding': ['POST /api/hostile HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n', 400],
  'an obfuscated coding (xchunked)': ['POST /api/hostile HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: xchunked\r\n\r\n0\r\n\r\n', 400],
  'a space before the colon': ['POST /api/hostile HTTP/1.1\r\nHost: x\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\n', 400],
  'bare LF line endings': ['GET /api/hostile HTTP/1.1\nHost: x\n\n', 400],
  'a CR LF inside the target': ['GET /api/hostile\r\nX-Injected: 1 HTTP/1.1\r\nHost: x\r\n\r\n', 400],
  '64 KB of headers': [`GET /api/hostile HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(64 * 1024)}\r\n\r\n`, 431],
} as const;

describe('request heads that would frame a request two ways', () => {
  for (const [name, [bytes, status]] of Object.entries(HOSTILE)) {
    it(`${name}: ${status}, and no upstream sees a byte of it`, async () => {
      const before = occurrences(monolith, '/api/hostile') + occurrences(service, '/api/hostile');
      const answer = await sendRaw(gw.port, bytes);
      expect(answer).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
      expect(occurrences(monolith, '/api/hostile') + occurrences(service, '/api/hostile')).toBe(before);
      expect((await request(gw.adminPort, '/readyz')).status).toBe(200);
      expect((await request(gw.port, '/api/after')).status).toBe(200);
    });
  }

  it('an encoded CR LF in the path stays encoded upstream: it can never end a line there', async () => {
    const { answer, primary } = await exchange('GET /api/x%0d%0aX-Injected:%201 HTTP/1.1\r\nHost: shop.example\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(primary.map((r) => r.url)).toEqual(['/api/x%0D%0AX-Injected:%201', '/api/after']);
    expect(primary[0]!.headers['x-injected']).toBeUndefined();
  });

  it('pipelined requests on one connection reach the upstream as the same requests, each once, answered in order', async () => {
    const { answer, primary } = await exchange(
      'GET /api/one HTTP/1.1\r\nHost: x\r\n\r\nPUT /api/two HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabcGET /api/three HTTP/1.1\r\nHost: x\r\n\r\n',
    );
    expect(answer.match(/HTTP\/1\.1 200 /g)).toHaveLength(3);
    expect([...answer.matchAll(/"seen":"([^"]+)"/g)].map((m) => m[1])).toEqual(['/api/one', '/api/two', '/api/three']);
    expect(primary.map((r) => `${r.method} ${r.url} ${r.body}`)).toEqual(['GET /api/one ', 'PUT /api/two abc', 'GET /api/three ', 'GET /api/after ']);
  });
});
