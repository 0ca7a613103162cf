// A request must not reach one route in the matcher and another in the upstream: the gateway
// matches on exactly the path it forwards, or rejects the request with 400.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSeededRng } from '../../analyzer/seams/seeded-rng.js';
import { normaliseTarget } from '../../gateway/routing/normalise-path.js';
import { request } from './support/http-client.js';
import { startGateway, type RunningGateway } from './support/start-gateway.js';
import { startEcho, type TestUpstream } from './support/upstreams.js';

describe('normaliseTarget', () => {
  it.each([
    ['dot segments', '/api/public/../admin/x', '/api/admin/x'],
    ['single dot segments', '/api/./admin/./x', '/api/admin/x'],
    ['duplicate slashes', '//api///admin//x', '/api/admin/x'],
    ['encoded dots (%2e)', '/api/public/%2e%2e/admin', '/api/admin'],
    ['mixed-case encoded dots', '/api/public/%2E./admin', '/api/admin'],
    ['encoded unreserved letters', '/api/%61dmin', '/api/admin'],
    ['escapes upper-cased, reserved ones kept encoded', '/api/a%3fb%3a', '/api/a%3Fb%3A'],
    ['trailing dot segment keeps the directory slash', '/api/admin/x/..', '/api/admin/'],
    ['query untouched by path rules', '/api/x?next=/../admin', '/api/x?next=/../admin'],
    ['absolute-form target', 'http://evil.example/api/admin', '/api/admin'],
  ])('%s: %s → %s', (_name, input, expected) => {
    const result = normaliseTarget(input);
    expect(result.ok && result.url).toBe(expected);
  });

  it.each([
    ['encoded slash (%2f)', '/api/public%2f..%2fadmin'],
    ['encoded slash upper-case (%2F)', '/api/public%2F..%2Fadmin'],
    ['encoded backslash (%5c)', '/api/public/..%5cadmin'],
    ['raw backslash', '/api/public\\..\\admin'],
    ['encoded NUL', '/api/admin%00.json'],
    ['raw NUL', '/api/admin\0'],
    ['climbing above the root', '/../etc/passwd'],
    ['climbing above the root with %2e', '/%2e%2e/%2e%2e/etc/passwd'],
    ['malformed escape', '/api/%zzadmin'],
    ['truncated escape', '/api/admin%2'],
    ['asterisk-form', '*'],
  ])('rejects %s', (_name, input) => {
    expect(normaliseTarget(input).ok).toBe(false);
  });
});

describe('normaliseTarget on generated targets', () => {
  // Built from the pieces tricks are made of; the fast path for already-normal targets and the full
  // pass must agree: a normal form is a fixed point, and it is what a WHATWG URL parser reads.
  const pieces = ['/', '/', 'a', 'B', '.', '..', '%2e', '%2E', '%41', '%20', "'", '~', ';', '?', '=', '&', '%2f', '\\', '%'];
  const rng = createSeededRng(7);
  const targets = Array.from({ length: 5000 }, () => {
    let t = '/';
    const n = 1 + Math.floor(rng() * 8);
    for (let i = 0; i < n; i++) t += pieces[Math.floor(rng() * pieces.length)];
    return t;
  });

  it('normal forms are fixed points and survive URL parsing unchanged', () => {
    const broken: string[] = [];
    for (const t of targets) {
      const once = normaliseTarget(t);
      if (!once.ok) continue;
      const twice = normaliseTarget(once.url);
      const parsed = new URL(once.url, 'http://base.invalid');
      if (!twice.ok || twice.url !== once.url || parsed.pathname + parsed.search !== once.url || /\/\.{1,2}(\/|$)|\/\//.test(once.path)) {
        broken.push(`${t} → ${once.url}`);
      }
    }
    expect(broken).toEqual([]);
  });
});

describe('path tricks through the gateway', () => {
  let monolith: TestUpstream;
  let admin: TestUpstream;
  let gw: RunningGateway;

  beforeAll(async () => {
    monolith = await startEcho('monolith');
    admin = await startEcho('admin-service');
    gw = await startGateway({
      monolith: { url: monolith.url },
      services: { admin: { url: admin.url } },
      routes: [{ id: 'admin', match: { path: '/api/admin/*' }, service: 'admin', mode: 'service' }],
    });
  });
  afterAll(async () => {
    await gw.close();
    await Promise.all([monolith.close(), admin.close()]);
  });

  it.each([
    ['/api/public/../admin/users', '/api/admin/users', 'admin'],
    ['/api/public/%2e%2e/admin/users', '/api/admin/users', 'admin'],
    ['//api//admin//users', '/api/admin/users', 'admin'],
    ['/api/%61dmin/users', '/api/admin/users', 'admin'],
    ['/API/Admin/users', '/API/Admin/users', 'admin'], // case-insensitive, like express's router
    ['/api/admin/../public/x', '/api/public/x', '(unmatched)'],
    ['/api/admin/%2e%2e/public/x', '/api/public/x', '(unmatched)'],
  ])('%s is matched as the upstream reads it (%s)', async (path, upstreamPath, route) => {
    const reply = await request(gw.port, path);
    expect(reply.status).toBe(200);
    expect(reply.headers['x-ficus-route']).toBe(route);
    expect(reply.json()).toMatchObject({ url: upstreamPath, name: route === 'admin' ? 'admin-service' : 'monolith' });
  });

  it.each(['/api/public%2f..%2fadmin/users', '/api/public/..%5cadmin', '/api/admin%00/x', '/%2e%2e/api/admin'])(
    '%s is rejected with 400 and reaches no upstream',
    async (path) => {
      const before = monolith.requests.length + admin.requests.length;
      const reply = await request(gw.port, path);
      expect(reply.status).toBe(400);
      expect(reply.headers['content-type']).toBe('application/problem+json');
      expect(monolith.requests.length + admin.requests.length).toBe(before);
      expect((await request(gw.adminPort, '/readyz')).status).toBe(200);
    },
  );
});
