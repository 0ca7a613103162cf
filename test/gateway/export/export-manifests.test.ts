// ficus export: every mode and both targets, checked against the published schemas of HTTPRoute,
// VirtualService and DestinationRule (the kubernetes-models packages, validated here directly,
// not through the exporter), and read back as a proxy would: which paths a match takes, which
// backends get which share, what is mirrored, what is refused as lossy.
import { HTTPRoute } from '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute';
import { DestinationRule } from '@kubernetes-models/istio/networking.istio.io/v1beta1/DestinationRule';
import { VirtualService } from '@kubernetes-models/istio/networking.istio.io/v1beta1/VirtualService';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { GatewayConfigInput } from '../../../gateway/config/schema.js';
import { validateConfig } from '../../../gateway/config/validate-config.js';
import { exportManifests, type ExportManifestsOptions } from '../../../gateway/export/export-manifests.js';
import { stateFromConfig, stateFromRouteViews } from '../../../gateway/export/export-state.js';
import { renderManifests } from '../../../gateway/export/render-manifests.js';
import { compilePattern } from '../../../common/compile-pattern.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const config = (routes: GatewayConfigInput['routes']) => {
  const r = validateConfig({
    monolith: { url: 'http://shop.shop.svc.cluster.local:3000' },
    services: {
      catalog: { url: 'http://catalog.shop:4001' },
      orders: { url: 'http://orders:4002' },
      search: { urls: ['http://10.0.0.5:4003', 'http://10.0.0.6:4003', 'http://10.0.0.7:4003'] }, // pod addresses behind one Service
      reviews: { urls: ['http://reviews-a:4004', 'http://reviews-b:4004'] }, // two Services
    },
    routes,
  });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.config;
};

const ALL_MODES = config([
  { id: 'catalog-item', match: { methods: ['GET'], path: '/api/products/:id' }, service: 'catalog', mode: 'canary', percent: 25 },
  { id: 'catalog-list', match: { methods: ['GET'], path: '/api/products' }, service: 'catalog', mode: 'shadow', shadow: { sample: 20 } },
  { id: 'orders', match: { path: '/api/orders/*' }, service: 'orders', mode: 'canary', percent: 10, sticky: { header: 'x-user-id' } },
  { id: 'cart', match: { methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'], path: '/api/cart{/:item}' }, service: 'orders', mode: 'service' },
  { id: 'files', match: { path: '/files/*rest' }, mode: 'monolith' },
  { id: 'basket', match: { path: '/api/basket' }, service: 'orders', mode: 'canary', percent: 30, sticky: { cookie: 'sid' } },
]);

function run(target: ExportManifestsOptions['target'], cfg = ALL_MODES, extra: Partial<ExportManifestsOptions> = {}) {
  return exportManifests(stateFromConfig(cfg, 'test.yaml'), { target, lossy: true, ...extra });
}

/** Validates with the model of the object's kind; throws the schema's complaint. */
function validate(o: Obj): void {
  const model = o.kind === 'HTTPRoute' ? new HTTPRoute(o as never) : o.kind === 'VirtualService' ? new VirtualService(o as never) : new DestinationRule(o as never);
  model.validate();
}

/** Whether a Gateway API / Istio path match takes `path` (regexes are matched whole, as Envoy's RE2 does). */
function takes(kind: string, value: string, path: string): boolean {
  if (kind === 'Exact' || kind === 'exact') return path === value;
  if (kind === 'PathPrefix') return value === '/' || path === value || path.startsWith(`${value}/`);
  if (kind === 'prefix') return path.startsWith(value);
  return new RegExp(`^(?:${value})$`).test(path);
}

describe('export to Gateway API', () => {
  const result = run('gateway-api');
  const routes = result.manifests.map((m) => m.object as Obj);
  const byRoute = (id: string) => routes.find((r) => r.metadata.annotations?.['ficus.dev/route'] === id)!;

  it('writes HTTPRoutes that validate against the published schema, one per route plus the catch-all', () => {
    expect(routes.map((r) => r.kind)).toEqual(Array(7).fill('HTTPRoute'));
    for (const r of routes) expect(() => validate(r)).not.toThrow();
    expect(routes.at(-1)!.spec.rules[0]).toMatchObject({ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: 'shop', port: 3000 }] });
  });

  it('puts the objects beside the monolith and attaches them to its Service (mesh traffic)', () => {
    for (const r of routes) {
      expect(r.metadata.namespace).toBe('shop');
      expect(r.spec.parentRefs).toEqual([{ group: '', kind: 'Service', name: 'shop', port: 3000 }]);
    }
  });

  it('splits a canary by weight, sends a service route to the service, a monolith route to the monolith', () => {
    const share = (id: string) => Object.fromEntries(byRoute(id).spec.rules[0].backendRefs.map((b: Obj) => [b.name, b.weight]));
    expect(share('catalog-item')).toEqual({ shop: 7500, catalog: 2500 });
    expect(share('cart')).toEqual({ orders: 10000 });
    expect(share('files')).toEqual({ shop: 10000 });
    expect(share('catalog-list')).toEqual({ shop: 10000 });
  });

  it('mirrors a shadow route to ficus compare and nothing else', () => {
    const mirrored = routes.filter((r) => r.spec.rules.some((rule: Obj) => rule.filters?.some((f: Obj) => f.type === 'RequestMirror')));
    expect(mirrored.map((r) => r.metadata.name)).toEqual(['ficus-catalog-list']);
    expect(mirrored[0].spec.rules[0].filters[0].requestMirror.backendRef).toEqual({ name: 'ficus-compare', port: 8090 });
  });

  it('takes the same paths and methods as ficus does', () => {
    const samples = ['/api/products', '/api/products/', '/api/products/7', '/api/products/7/', '/api/products/7/reviews', '/api/orders', '/api/orders/1/lines', '/api/ordersx', '/api/cart', '/api/cart/3', '/files/a/b', '/files/', '/files'];
    for (const cfgRoute of ALL_MODES.routes) {
      const ficus = compilePattern(cfgRoute.match.path);
      const matches: Obj[] = byRoute(cfgRoute.id).spec.rules.flatMap((r: Obj) => r.matches);
      for (const path of samples) {
        const taken = matches.some((m) => takes(m.path.type, m.path.value, path));
        expect(taken, `${cfgRoute.id} ${path}`).toBe(ficus.test(path));
      }
      const methods = new Set(matches.map((m) => m.method));
      if (cfgRoute.match.methods?.includes('GET')) expect(methods.has('HEAD')).toBe(true);
      if (!cfgRoute.match.methods) expect(methods).toEqual(new Set([undefined]));
    }
    // 6 methods (+HEAD) × 1 regex = 7 matches: within the 8 a rule may hold
    expect(byRoute('cart').spec.rules.flatMap((r: Obj) => r.matches)).toHaveLength(7);
  });

  it('refuses sticky canaries without --lossy, naming the route and why', () => {
    let err: { code?: string; message?: string } = {};
    try {
      run('gateway-api', ALL_MODES, { lossy: false });
    } catch (e) {
      err = e as typeof err;
    }
    expect(err.code).toBe('FICUS_EXPORT_LOSSY');
    expect(err.message).toMatch(/orders: sticky on header x-user-id/);
    expect(err.message).toMatch(/basket: sticky on cookie sid/);
  });

  it('states what it lost in the output, as YAML comments', () => {
    const text = renderManifests(result, 'test.yaml');
    const docs = parseAllDocuments(text) as unknown as { toJS(): Obj; errors: unknown[] }[];
    expect(docs).toHaveLength(routes.length);
    expect(docs.map((d) => d.toJS())).toEqual(routes);
    expect(text).toMatch(/^# .*LOSSY: sticky on header x-user-id/m);
    expect(text).toMatch(/^# note: path \/api\/products\/:id becomes a RegularExpression match/m);
  });

  it('attaches to a named Gateway with hostnames when asked', () => {
    const r = run('gateway-api', ALL_MODES, { gateway: { name: 'edge', namespace: 'infra' }, hosts: ['shop.example.com'], namespace: 'web' });
    for (const m of r.manifests) {
      const o = m.object as Obj;
      expect(() => validate(o)).not.toThrow();
      expect(o.spec.parentRefs).toEqual([{ name: 'edge', namespace: 'infra' }]);
      expect(o.spec.hostnames).toEqual(['shop.example.com']);
      expect(o.metadata.namespace).toBe('web');
    }
    // Services in another namespace than the objects are named with theirs.
    expect((r.manifests[0].object as Obj).spec.rules[0].backendRefs[1]).toEqual({ name: 'catalog', namespace: 'shop', port: 4001, weight: 2500 });
  });

  it('the schema check is real: a negative weight or an unknown match type is refused', () => {
    const bad = structuredClone(byRoute('catalog-item'));
    bad.spec.rules[0].backendRefs[0].weight = -1;
    expect(() => validate(bad)).toThrow(/weight/);
    const odd = structuredClone(byRoute('catalog-item'));
    odd.spec.rules[0].matches[0].path.type = 'Prefix';
    expect(() => validate(odd)).toThrow(/type/);
  });
});

describe('export to Istio', () => {
  const result = run('istio');
  const [vs, ...rules] = result.manifests.map((m) => m.object as Obj);
  const http = (name: string) => vs.spec.http.find((h: Obj) => h.name === name);

  it('writes one VirtualService and the DestinationRules, all valid by the published schemas', () => {
    expect(vs.kind).toBe('VirtualService');
    expect(rules.map((r) => r.kind)).toEqual(['DestinationRule', 'DestinationRule']);
    for (const o of [vs, ...rules]) expect(() => validate(o)).not.toThrow();
    expect(vs.spec.hosts).toEqual(['shop.shop.svc.cluster.local']);
  });

  it('keeps ficus order and ends with the monolith for everything else', () => {
    expect(vs.spec.http.map((h: Obj) => h.name)).toEqual([...ALL_MODES.routes.map((r) => r.id), 'monolith']);
    expect(vs.spec.http.at(-1)).toEqual({ name: 'monolith', route: [{ destination: { host: 'shop.shop.svc.cluster.local', port: { number: 3000 } }, weight: 100 }] });
  });

  it('weights a canary, mirrors a shadow route with mirrorPercentage', () => {
    expect(http('catalog-item').route.map((r: Obj) => [r.destination.host, r.weight])).toEqual([
      ['shop.shop.svc.cluster.local', 75],
      ['catalog.shop.svc.cluster.local', 25],
    ]);
    expect(http('catalog-list')).toMatchObject({ mirror: { host: 'ficus-compare', port: { number: 8090 } }, mirrorPercentage: { value: 100 } });
    expect(vs.spec.http.filter((h: Obj) => h.mirror).map((h: Obj) => h.name)).toEqual(['catalog-list']);
    expect(http('cart').route).toEqual([{ destination: { host: 'orders', port: { number: 4002 } }, weight: 100 }]);
  });

  it('takes the same paths as ficus, case-insensitively', () => {
    const samples = ['/api/products', '/api/products/7', '/api/products/7/x', '/api/orders', '/api/orders/1', '/api/ordersx', '/api/cart/3', '/files/a', '/files'];
    for (const cfgRoute of ALL_MODES.routes) {
      const ficus = compilePattern(cfgRoute.match.path);
      const matches: Obj[] = http(cfgRoute.id).match;
      for (const m of matches) expect(m.ignoreUriCase).toBe(true);
      for (const path of samples) {
        const taken = matches.some((m) => Object.entries(m.uri as Obj).some(([kind, value]) => takes(kind, String(value), path)));
        expect(taken, `${cfgRoute.id} ${path}`).toBe(ficus.test(path));
      }
    }
  });

  it('hashes on the sticky header or cookie in DestinationRules of both backends', () => {
    const hash = Object.fromEntries(rules.map((r) => [r.spec.host, r.spec.trafficPolicy.loadBalancer.consistentHash]));
    expect(hash).toEqual({ 'shop.shop.svc.cluster.local': { httpHeaderName: 'x-user-id' }, orders: { httpHeaderName: 'x-user-id' } });
    // basket hashes on a cookie, but both hosts already hash on orders' header: one rule per host
    const lossy = result.notes.filter((n) => n.lossy);
    expect(lossy.filter((n) => n.routeId === 'basket').map((n) => n.message)).toEqual([
      expect.stringMatching(/^sticky on cookie sid: Istio splits weights per request/),
      expect.stringMatching(/^shop\.shop\.svc\.cluster\.local already hashes on header x-user-id for route orders/),
      expect.stringMatching(/^orders already hashes on header x-user-id/),
    ]);
    expect(lossy.filter((n) => n.routeId === 'orders')).toHaveLength(1);
  });

  it('refuses a fractional canary percent without --lossy (Istio weights are whole percents)', () => {
    const cfg = config([{ id: 'item', match: { path: '/api/products/:id' }, service: 'catalog', mode: 'canary', percent: 2.5 }]);
    expect(() => run('istio', cfg, { lossy: false })).toThrow(expect.objectContaining({ code: 'FICUS_EXPORT_LOSSY', message: expect.stringMatching(/percent 2\.5 becomes 3/) }));
    expect(() => run('gateway-api', cfg, { lossy: false })).not.toThrow(); // 250 / 9750 in HTTPRoute weights
  });
});

describe('every mode, both targets', () => {
  const MODES: { name: string; route: NonNullable<GatewayConfigInput['routes']>[number]; lossy: RegExp | null }[] = [
    { name: 'monolith', route: { id: 'm', match: { path: '/files/*rest' }, mode: 'monolith' }, lossy: null },
    { name: 'shadow with a sample', route: { id: 'm', match: { methods: ['GET'], path: '/api/products' }, service: 'catalog', mode: 'shadow', shadow: { sample: 20 } }, lossy: null },
    { name: 'canary sticky on a header', route: { id: 'm', match: { path: '/api/orders/*' }, service: 'orders', mode: 'canary', percent: 10, sticky: { header: 'x-user-id' } }, lossy: /sticky on header x-user-id/ },
    { name: 'canary sticky on a cookie', route: { id: 'm', match: { path: '/api/basket' }, service: 'orders', mode: 'canary', percent: 30, sticky: { cookie: 'sid' } }, lossy: /sticky on cookie sid/ },
    { name: 'canary without a key', route: { id: 'm', match: { methods: ['GET'], path: '/api/products/:id' }, service: 'catalog', mode: 'canary', percent: 25 }, lossy: null },
    { name: 'service', route: { id: 'm', match: { methods: ['GET', 'POST', 'DELETE'], path: '/api/cart{/:item}' }, service: 'orders', mode: 'service' }, lossy: null },
    { name: 'a pool of instances of one Service', route: { id: 'm', match: { path: '/api/search' }, service: 'search', mode: 'canary', percent: 50 }, lossy: null },
    { name: 'a pool of two Services', route: { id: 'm', match: { path: '/api/reviews/:id' }, service: 'reviews', mode: 'service' }, lossy: /reviews: its 2 instances are 2 different Services \(reviews-a:4004, reviews-b:4004\)/ },
  ];
  for (const target of ['gateway-api', 'istio'] as const) {
    for (const mode of MODES) {
      it(`${target}: ${mode.name} validates against the published schemas; what it cannot say is refused, or stated with --lossy`, () => {
        const cfg = config([mode.route]);
        if (mode.lossy) {
          expect(() => run(target, cfg, { lossy: false })).toThrow(expect.objectContaining({ code: 'FICUS_EXPORT_LOSSY', message: expect.stringMatching(mode.lossy) }));
        } else {
          expect(() => run(target, cfg, { lossy: false })).not.toThrow();
        }
        const result = run(target, cfg);
        expect(result.manifests.length).toBeGreaterThan(0);
        for (const m of result.manifests) expect(() => validate(m.object as Obj)).not.toThrow();
        const text = renderManifests(result, 'test.yaml');
        const comments = text.split('\n').filter((l) => l.startsWith('#'));
        if (mode.lossy) expect(comments.filter((l) => / LOSSY: /.test(l) && mode.lossy!.test(l)).length).toBeGreaterThan(0);
        else expect(comments.filter((l) => /LOSSY/.test(l))).toEqual([]);
        expect((parseAllDocuments(text) as unknown as { toJS(): Obj }[]).map((d) => d.toJS())).toEqual(result.manifests.map((m) => m.object));
      });
    }
  }

  it('a shadow route says in the output that ficus compare compares only its sample', () => {
    for (const target of ['gateway-api', 'istio'] as const) {
      const text = renderManifests(run(target, config([MODES[1].route])), 'test.yaml');
      expect(text, target).toMatch(/^#.*note: every request is mirrored to ficus-compare; ficus compare compares the shadow\.sample share \(20%\)/m);
    }
  });

  it('a pool of pod addresses becomes its one Service; a pool of two Services sends to the first', () => {
    const pool = run('gateway-api', config([MODES[6].route]));
    const refs = (pool.manifests[0].object as Obj).spec.rules[0].backendRefs;
    expect(refs).toEqual([
      { name: 'shop', port: 3000, weight: 5000 }, // the objects live in shop's namespace
      { name: 'search', port: 4003, weight: 5000 },
    ]);
    expect(pool.notes.map((n) => n.message)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^search: 10\.0\.0\.5:4003 is not a Kubernetes Service name; using Service "search" port 4003/), 'search: its pool of 3 instances is Service search:4003, which balances over its own endpoints']),
    );
    const istio = run('istio', config([MODES[6].route]));
    expect((istio.manifests[0].object as Obj).spec.http[0].route.map((r: Obj) => [r.destination.host, r.weight])).toEqual([
      ['shop.shop.svc.cluster.local', 50],
      ['search', 50],
    ]);
    const two = run('istio', config([MODES[7].route]));
    expect((two.manifests[0].object as Obj).spec.http[0].route).toEqual([{ destination: { host: 'reviews-a', port: { number: 4004 } }, weight: 100 }]);
    // The admin API's view (GET /api/routes, GET /api/services) says the same as the file.
    const cfg = config([MODES[7].route]);
    const live = stateFromRouteViews(
      cfg.routes.map((r) => ({ ...r, service: r.service ?? null, sticky: r.sticky ?? null, shadowSample: r.shadow.sample, backends: { monolith: cfg.monolith.url, service: cfg.services[r.service!].urls[0] } })),
      'admin',
      Object.entries(cfg.services).map(([name, sv]) => ({ name, instances: sv.urls.map((url) => ({ url })) })),
    );
    expect(exportManifests(live, { target: 'istio', lossy: true })).toEqual(two);
    // --backend names the Service that selects them all: exact again
    const chosen = run('istio', config([MODES[7].route]), { lossy: false, backends: { reviews: { name: 'reviews', port: 4004 } } });
    expect((chosen.manifests[0].object as Obj).spec.http[0].route[0].destination.host).toBe('reviews');
  });
});
