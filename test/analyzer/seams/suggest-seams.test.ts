import { describe, expect, it } from 'vitest';
import { buildModuleGraph } from '../../../analyzer/graph/build-module-graph.js';
import type { ModuleGraph } from '../../../analyzer/graph/types.js';
import { measureDecomposition } from '../../../analyzer/seams/measure-decomposition.js';
import { suggestSeams } from '../../../analyzer/seams/suggest-seams.js';
import { createShopFacts } from './shop-facts.js';

const seamOf = (s: ReturnType<typeof suggestSeams>, path: string) => s.assignment[path];

describe('suggestSeams', () => {
  it('keeps each domain together and names seams after their folders', () => {
    const s = suggestSeams(buildModuleGraph(createShopFacts()));
    for (const domain of ['catalog', 'orders', 'users', 'payments']) {
      const seams = new Set(['routes', 'repo'].map((f) => seamOf(s, `src/${domain}/${f}.ts`)));
      expect(seams.size, domain).toBe(1);
    }
    expect(seamOf(s, 'src/catalog/repo.ts')).toBe('catalog');
    expect(seamOf(s, 'src/lib/db.ts')).toBeNull();
    expect(s.infrastructure).toContain('src/lib/db.ts');
    expect(new Set(s.seams.map((x) => x.id)).size).toBe(s.seams.length);
  });

  it('keeps a domain together when only its folder says so, and can be told to ignore folders', () => {
    // users/avatar.ts has no import or table tie to users, only a read of orders
    const facts = createShopFacts({ 'src/users/avatar.ts': { tables: ['orders:r'] } });
    expect(seamOf(suggestSeams(buildModuleGraph(facts)), 'src/users/avatar.ts')).toBe('users');
    const graphOnly = suggestSeams(buildModuleGraph(facts), { folderAffinity: 0 });
    expect(graphOnly.assignment['src/users/avatar.ts']).not.toBe(graphOnly.assignment['src/users/repo.ts']);
  });

  it('gives the same seams for the same input', () => {
    const a = suggestSeams(buildModuleGraph(createShopFacts()));
    const b = suggestSeams(buildModuleGraph(createShopFacts()));
    expect(b).toEqual(a);
  });

  it('lists owned tables, shared tables with their writers, and import edges between seams', () => {
    const s = suggestSeams(buildModuleGraph(createShopFacts()), { seams: 4 });
    const catalog = s.seams.find((x) => x.id === 'catalog')!;
    expect(catalog.ownedTables).toEqual(['categories']);
    expect(catalog.sharedTables).toEqual([{ table: 'products', with: ['orders'], writers: ['catalog'] }]);
    expect(catalog.dependedOnBy).toEqual([{ seam: 'orders', edges: 1 }]);
    expect(catalog.routes).toEqual(['GET /api/products', 'GET /api/products/:id', 'POST /api/products']); // as declared
    const orders = s.seams.find((x) => x.id === 'orders')!;
    expect(orders.sharedTables.find((t) => t.table === 'orders')).toEqual({ table: 'orders', with: ['payments'], writers: ['orders', 'payments'] });
    expect(orders.dependsOn).toEqual([{ seam: 'catalog', edges: 1 }]);
  });

  it('ranks seams whose tables others also write after those that own their data, and says why', () => {
    const s = suggestSeams(buildModuleGraph(createShopFacts()), { seams: 4 });
    const rank = (id: string) => s.seams.find((x) => x.id === id)!.extractionOrder;
    expect(s.seams.map((x) => x.extractionOrder)).toEqual([1, 2, 3, 4]);
    expect(rank('users')).toBeLessThan(rank('payments'));
    expect(rank('catalog')).toBeLessThan(rank('orders'));
    expect(s.seams.find((x) => x.id === 'payments')!.why).toMatch(/`orders` is also written by another seam/);
    for (const seam of s.seams) expect(seam.why).toMatch(/^(\d+ routes?|No routes) .+\.$/);
    expect(s.ranking).toMatch(/cost = inbound imports/);
  });

  it('ranks a seam without routes last: the gateway cannot cut it over', () => {
    const facts = createShopFacts({
      'src/jobs/nightly.ts': { imports: ['src/jobs/cleanup.ts'], tables: ['audit:rw'] },
      'src/jobs/cleanup.ts': { tables: ['audit:rw', 'sessions:rw'] },
    });
    const s = suggestSeams(buildModuleGraph(facts));
    const jobs = s.seams.find((x) => x.modules.includes('src/jobs/nightly.ts'))!;
    expect(jobs.extractionOrder).toBe(s.seams.length);
    expect(jobs.why).toMatch(/no routes of its own/i);
  });

  it('honours pins: a pinned folder joins the named seam', () => {
    const s = suggestSeams(buildModuleGraph(createShopFacts()), {
      pins: [{ path: 'src/payments/**', seam: 'Billing' }, { path: 'src/users/repo.ts', seam: 'catalog' }],
    });
    expect(seamOf(s, 'src/payments/repo.ts')).toBe('billing');
    expect(seamOf(s, 'src/payments/routes.ts')).toBe('billing');
    // a pin naming a seam the graph finds anyway joins it rather than making a second one
    expect(seamOf(s, 'src/users/repo.ts')).toBe('catalog');
    expect(seamOf(s, 'src/catalog/repo.ts')).toBe('catalog');
    expect(s.seams.filter((x) => x.id.startsWith('catalog'))).toHaveLength(1);
  });

  it('pins move files, not labels: the pinned files (and what only they use) move; every other module keeps its seam', () => {
    const facts = createShopFacts({
      'src/catalog/status.ts': { imports: ['src/catalog/repo.ts', 'src/catalog/badge.ts'], routes: ['GET /status'] },
      'src/catalog/badge.ts': {}, // used only by the pinned status page
    });
    const graph = buildModuleGraph(facts);
    const before = suggestSeams(graph);
    const after = suggestSeams(graph, { pins: [{ path: 'src/catalog/status.ts', seam: 'status-pages' }] });
    expect(seamOf(after, 'src/catalog/status.ts')).toBe('status-pages');
    expect(seamOf(after, 'src/catalog/badge.ts')).toBe('status-pages');
    expect(after.seams.find((x) => x.id === 'status-pages')!.modules).toEqual(['src/catalog/badge.ts', 'src/catalog/status.ts']);
    // the seam the files came from keeps its name and its other modules
    const moved = new Set(['src/catalog/status.ts', 'src/catalog/badge.ts']);
    const partition = (s: ReturnType<typeof suggestSeams>) =>
      s.seams.map((x) => `${x.id}: ${x.modules.filter((m) => !moved.has(m)).join(' ')}`).filter((line) => !line.endsWith(': ')).sort();
    expect(partition(after)).toEqual(partition(before));
  });

  it('keeps two pinned seams apart even when the graph would merge them', () => {
    const s = suggestSeams(buildModuleGraph(createShopFacts()), {
      pins: [{ path: 'src/orders/repo.ts', seam: 'a' }, { path: 'src/payments/repo.ts', seam: 'b' }],
      seams: 1,
    });
    expect(seamOf(s, 'src/orders/repo.ts')).toBe('a');
    expect(seamOf(s, 'src/payments/repo.ts')).toBe('b');
  });

  it('moves towards the number of seams asked for', () => {
    const graph = buildModuleGraph(createShopFacts());
    const few = suggestSeams(graph, { seams: 2 }).seams.length;
    const many = suggestSeams(graph, { seams: 8 }).seams.length;
    expect(few).toBeLessThanOrEqual(3);
    expect(many).toBeGreaterThan(few);
  });

  it('measures the folder split beside the suggestion', () => {
    const s = suggestSeams(buildModuleGraph(createShopFacts()), { seams: 4 });
    expect(s.folderSplit['src/orders/service.ts']).toBe('orders');
    expect(s.folderMetrics.seams).toBe(4);
    expect(s.metrics.icp).toBeLessThanOrEqual(s.folderMetrics.icp);
  });
});

describe('measureDecomposition', () => {
  // two triangles joined by one edge: the textbook case
  const graph: ModuleGraph = {
    nodes: [],
    edges: [
      ['a', 'b'], ['a', 'c'], ['b', 'c'], ['d', 'e'], ['d', 'f'], ['e', 'f'], ['c', 'd'],
    ].map(([source, target]) => ({ source, target, kind: 'import' as const, weight: 1 })),
    imports: [{ from: 'c', to: 'd' }, { from: 'a', to: 'b' }],
    entryPoints: [],
    unreached: [],
    infrastructure: [],
    infrastructureWhy: {},
    foreignKeys: [],
  };
  const split = new Map(['a', 'b', 'c', 'd', 'e', 'f'].map((p) => [p, p < 'd' ? 'left' : 'right']));

  it('computes Q, SM, ICP, IFN and NED by their formulas', () => {
    const m = measureDecomposition(graph, split);
    expect(m.modularity).toBeCloseTo(2 * (3 / 7 - (7 / 14) ** 2), 4);
    expect(m.icp).toBeCloseTo(1 / 7, 4);
    expect(m.sm).toBeCloseTo(3 / 9 - 1 / (2 * 3 * 3), 4);
    expect(m.ifn).toBe(0.5); // only d is imported from the other seam: 1 interface over 2 seams
    expect(m.ned).toBe(1); // both seams are below five modules
  });

  it('scores a bad split lower', () => {
    const bad = new Map(['a', 'b', 'c', 'd', 'e', 'f'].map((p, i) => [p, i % 2 ? 'odd' : 'even']));
    const good = measureDecomposition(graph, split);
    const worse = measureDecomposition(graph, bad);
    expect(worse.modularity).toBeLessThan(good.modularity);
    expect(worse.icp).toBeGreaterThan(good.icp);
  });
});
