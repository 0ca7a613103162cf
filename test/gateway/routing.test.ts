import { describe, expect, it } from 'vitest';
import type { GatewayConfigInput } from '../../gateway/config/schema.js';
import { validateConfig } from '../../gateway/config/validate-config.js';
import { decideTarget } from '../../gateway/routing/decide-target.js';
import { compilePattern } from '../../common/compile-pattern.js';
import { buildRouteTable } from '../../gateway/routing/route-table.js';
import { createSeededRng as seededRng } from '../../analyzer/seams/seeded-rng.js'; // the same mulberry32, reused

function configOf(routes: GatewayConfigInput['routes']) {
  const result = validateConfig({
    monolith: { url: 'http://127.0.0.1:3000' },
    services: { catalog: { url: 'http://127.0.0.1:4001' }, orders: { url: 'http://127.0.0.1:4002' } },
    routes,
  });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.config;
}

const get = (path: string, headers: Record<string, string> = {}) => ({ method: 'GET', path, headers });
const never = () => {
  throw new Error('rng must not be used');
};

describe('decideTarget', () => {
  it('sends each mode where it belongs, and unmatched requests to the monolith', () => {
    const table = buildRouteTable(
      configOf([
        { id: 'm', match: { path: '/m' }, service: 'catalog', mode: 'monolith' },
        { id: 'sh', match: { path: '/sh' }, service: 'catalog', mode: 'shadow' },
        { id: 's', match: { path: '/s/:id' }, service: 'orders', mode: 'service' },
        { id: 'none', match: { path: '/none' } },
      ]),
    );
    expect(decideTarget(get('/m'), table, never)).toMatchObject({ backend: 'monolith', routeId: 'm', reason: 'mode:monolith' });
    expect(decideTarget(get('/sh'), table, never)).toMatchObject({ backend: 'monolith', routeId: 'sh', reason: 'mode:shadow' });
    expect(decideTarget(get('/s/42'), table, never)).toMatchObject({ backend: 'service', routeId: 's', serviceName: 'orders' });
    expect(decideTarget(get('/none'), table, never)).toMatchObject({ backend: 'monolith', routeId: 'none', reason: 'no-service' });
    expect(decideTarget(get('/elsewhere'), table, never)).toEqual({
      backend: 'monolith', routeId: null, route: null, serviceName: null, reason: 'unmatched',
    });
  });

  it('matches in config order (first wins), by method, HEAD via GET, and the /* prefix form', () => {
    const table = buildRouteTable(
      configOf([
        { id: 'writes', match: { path: '/api/products/*', methods: ['POST'] }, service: 'orders', mode: 'service' },
        { id: 'one', match: { path: '/api/products/:id', methods: ['GET'] }, service: 'catalog', mode: 'service' },
        { id: 'all', match: { path: '/api/products/*' }, service: 'catalog', mode: 'monolith' },
      ]),
    );
    expect(decideTarget({ ...get('/api/products/1'), method: 'POST' }, table, never).routeId).toBe('writes');
    expect(decideTarget(get('/api/products/1'), table, never).routeId).toBe('one');
    expect(decideTarget({ ...get('/api/products/1'), method: 'HEAD' }, table, never).routeId).toBe('one');
    expect(decideTarget(get('/api/products'), table, never).routeId).toBe('all');
    expect(decideTarget(get('/api/products/1/reviews'), table, never).routeId).toBe('all');
    expect(decideTarget(get('/api/productsX'), table, never).routeId).toBeNull();
  });

  it('keeps config order across routes filed under two, one or no literal segments', () => {
    const table = buildRouteTable(
      configOf([
        { id: 'catch-all', match: { path: '/*', methods: ['DELETE'] } },
        { id: 'api-any', match: { path: '/api/:area/export' } },
        { id: 'products', match: { path: '/api/products/:id' } },
        { id: 'api-prefix', match: { path: '/api/*' } },
        { id: 'area', match: { path: '/api/pro*rest' } },
        { id: 'late', match: { path: '/api/products/*' } },
        { id: 'param-first', match: { path: '/:tenant/products/:id' } },
      ]),
    );
    const route = (path: string, method = 'GET') => decideTarget({ ...get(path), method }, table, never).routeId;
    expect(route('/api/products/1', 'DELETE')).toBe('catch-all');
    expect(route('/api/products/export')).toBe('api-any'); // a one-segment route before a two-segment one
    expect(route('/API/Products/1')).toBe('products');
    expect(route('/api/products/1/x')).toBe('api-prefix');
    expect(route('/api')).toBe('api-prefix');
    expect(route('/shop/products/1')).toBe('param-first');
    expect(route('/shop/orders/1')).toBeNull();
    const late = buildRouteTable(configOf([{ id: 'late', match: { path: '/api/products/*' } }, { id: 'p', match: { path: '/api/:x' } }]));
    expect(decideTarget(get('/api/products'), late, never).routeId).toBe('late');
    expect(decideTarget(get('/api/orders'), late, never).routeId).toBe('p');
  });

  it('applies route overrides over the file, in a new table', () => {
    const config = configOf([{ id: 'p', match: { path: '/p' }, service: 'catalog', mode: 'monolith' }]);
    const before = buildRouteTable(config);
    const after = buildRouteTable(config, { p: { mode: 'service', percent: 0 } });
    expect(decideTarget(get('/p'), before, never).backend).toBe('monolith');
    expect(decideTarget(get('/p'), after, never).backend).toBe('service');
    expect(after.version).toBeGreaterThan(before.version);
    expect(Object.isFrozen(after.routes)).toBe(true);
  });
});

describe('compilePattern', () => {
  it('gives a literal prefix that every path its pattern matches starts with (case-insensitively)', () => {
    const patterns = ['/*', '/:x', '/api/Products/:id', '/api/products/*', '/api/products{/:id}', '/v1/items/:id/details', '/files/*rest', '/a\\:b', '/Caps'];
    const paths = ['/', '/api', '/API/PRODUCTS/1', '/api/products', '/api/products/', '/api/products/1/x', '/v1/items/7/details/', '/files/a/b', '/a:b', '/caps', '/CAPS/'];
    let matched = 0;
    for (const pattern of patterns) {
      const matcher = compilePattern(pattern);
      for (const path of paths) {
        if (!matcher.test(path)) continue;
        matched++;
        expect(path.toLowerCase().startsWith(matcher.prefix), `${pattern} on ${path}`).toBe(true);
      }
    }
    expect(matched).toBeGreaterThan(15);
    expect(compilePattern('/api/products/:id').prefix).toBe('/api/products/');
  });
});

describe('canary', () => {
  const canary = (percent: number, sticky?: { header: string } | { cookie: string }) =>
    buildRouteTable(configOf([{ id: 'c', match: { path: '/c' }, service: 'catalog', mode: 'canary', percent, sticky }]));
  const keys = Array.from({ length: 10_000 }, (_, i) => `user-${i}`);

  it.each([1, 10, 25, 50, 90])('sends %i%% of 10,000 sticky users to the service (±2 points)', (percent) => {
    const table = canary(percent, { header: 'x-user-id' });
    const onService = keys.filter((k) => decideTarget(get('/c', { 'x-user-id': k }), table, never).backend === 'service').length;
    expect(Math.abs((onService / keys.length) * 100 - percent)).toBeLessThanOrEqual(2);
  });

  it('always sends the same key to the same backend (header and cookie)', () => {
    const byHeader = canary(50, { header: 'x-user-id' });
    const byCookie = canary(50, { cookie: 'sid' });
    for (const k of keys.slice(0, 500)) {
      const first = decideTarget(get('/c', { 'x-user-id': k }), byHeader, never).backend;
      expect(decideTarget(get('/c', { 'x-user-id': k }), byHeader, never).backend).toBe(first);
      const cookie = { cookie: `theme=dark; sid=${k}; lang=en` };
      expect(decideTarget(get('/c', cookie), byCookie, never)).toMatchObject({ backend: first, reason: 'canary:sticky' });
    }
  });

  it('raising the percent only moves users from the monolith to the service', () => {
    let previous = new Set<string>();
    for (const percent of [0, 5, 10, 20, 35, 50, 75, 99, 100]) {
      const table = canary(percent, { header: 'x-user-id' });
      const onService = new Set(keys.filter((k) => decideTarget(get('/c', { 'x-user-id': k }), table, never).backend === 'service'));
      expect([...previous].filter((k) => !onService.has(k))).toEqual([]);
      previous = onService;
    }
    expect(previous.size).toBe(keys.length);
  });

  it('splits requests without a key at random per request, from the injected rng', () => {
    const table = canary(30, { header: 'x-user-id' });
    const rng = seededRng(42);
    let onService = 0;
    const reasons = new Set<string>();
    for (let i = 0; i < 10_000; i++) {
      const d = decideTarget(get('/c'), table, rng);
      reasons.add(d.reason);
      if (d.backend === 'service') onService++;
    }
    expect([...reasons]).toEqual(['canary:random']);
    expect(Math.abs(onService / 100 - 30)).toBeLessThanOrEqual(2);
    const replay = seededRng(42);
    const again = Array.from({ length: 50 }, () => decideTarget(get('/c'), table, replay).backend);
    const fresh = seededRng(42);
    expect(Array.from({ length: 50 }, () => decideTarget(get('/c'), table, fresh).backend)).toEqual(again);
  });
});
